"""Neuromuscular junction: vesicle depletion, safety factor and the myasthenic decrement.

One motor nerve is stimulated ``n_stimuli`` times at ``frequency_hz`` (the clinical
repetitive nerve stimulation, RNS). For stimulus k:

* **Readily releasable pool** ``n_k`` (fraction of full, 0–1). Each impulse releases the
  fraction ``p`` of it; between impulses it refills by first-order kinetics,
  dn/dt = (1 − n)/τ_rec. That ODE is linear, so its exact solution over the interval
  Δt = 1/f is used (the test suite checks it against ``scipy.integrate.solve_ivp``):

      n_{k+1} = 1 − (1 − n_k(1 − p))·exp(−Δt/τ_rec),   n_1 = 1 (rested junction).

* **Quantal content** m_k = m_0 · n_k (quanta released by stimulus k).
* **End-plate potential of fibre j**: EPP_{j,k} = m_k · q_j · Q(a), where q_j is the
  fibre's quantal size at normal receptor numbers and Q(a) the fraction of that quantal
  size left when only the fraction ``a`` of acetylcholine receptors (AChR) is functional.
* **Spare receptors.** Q(a) is not proportional to a: an ACh molecule that finds no
  receptor can still bind a neighbouring one before acetylcholinesterase destroys it, so
  losing receptors loses less than its share of the response. With K the ratio of ACh
  loss to ACh binding at normal receptor density,

      Q(a) = a·(1 + K)/(a + K),   Q(1) = 1,  Q(a) → a·(1 + K)/K for small a.

  K is calibrated (see :class:`NMJParams`) so that the healthy model junction reproduces
  Paton & Waud (1967): transmission just begins to fail when 76 % of the receptors are
  blocked (a = 0.24).
* **Safety factor** SF_j = m_0·q_j / V_th differs between fibres (log-normal, seeded RNG);
  a fibre fires when EPP_{j,k} ≥ V_th.
* **CMAP** (compound muscle action potential) of stimulus k = fraction of fibres that fire;
  decrement_k = 100·(1 − CMAP_k/CMAP_1) %.

Myasthenia gravis is modelled as AChR loss only (a ≈ 1/3, Pestronk et al. 1985).
Missing on purpose: the partial recovery of the CMAP after the 5th–6th response
(vesicle mobilisation, facilitation), and the compensatory rise of release in MG.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .params import param, validate
from .validation import check_integer, check_range

__all__ = [
    "NMJParams",
    "RNSResult",
    "spare_receptor_factor",
    "pool_after_interval",
    "repetitive_stimulation",
]


@dataclass(frozen=True)
class NMJParams:
    """Parameters of one muscle's neuromuscular junctions (healthy human defaults)."""

    achr_fraction: float = param(
        1.0, unit="1", low=0.0, high=1.0, low_inclusive=False,
        source="Pestronk, Drachman & Self 1985, Muscle Nerve 8:245 (AChR per junction 0.7 vs 2.1 × 10^7)",
        note_hi="कार्यशील ACh ग्राहियों (AChR) का अंश, सामान्य = 1",
    )
    quantal_content: float = param(
        25.0, unit="quanta", low=0.0, low_inclusive=False,
        source="slater2017, wood2001 (human NMJs release few quanta; illustrative value — "
        "firing depends only on the safety factor)",
        note_hi="विश्राम के बाद पहले आवेग पर मुक्त क्वांटा की संख्या",
    )
    quantal_size_mV: float = param(
        1.0, unit="mV", low=0.0, low_inclusive=False,
        source="wood2001 (illustrative; only the product with quantal_content matters)",
        note_hi="एक क्वांटम से बना विभव (MEPP), सामान्य ग्राहियों पर",
    )
    safety_factor_median: float = param(
        3.0, unit="1", low=1.0, low_inclusive=False,
        source="wood2001, ruff2011, paton1967 (mammalian junctions 3–5; human lower end)",
        note_hi="सुरक्षा गुणांक (EPP ÷ देहली) का माध्यिका मान, स्वस्थ पेशी",
    )
    safety_factor_spread: float = param(
        0.3, unit="1 (SD of ln SF)", low=0.0,
        source="paton1967 (SF of the most sensitive vs most resistant fibres: 4.1 vs 12)",
        note_hi="तंतुओं के बीच सुरक्षा गुणांक का फैलाव (ln का मानक विचलन)",
    )
    release_fraction: float = param(
        0.2, unit="1", low=0.0, high=1.0, low_inclusive=False,
        source="calibrated: depletion plateau reached by the 4th–5th stimulus at 3 Hz, "
        "where the clinical decrement is largest (aaem2001)",
        note_hi="हर आवेग पर तत्पर पुटिका-भंडार का मुक्त अंश",
        calibrated=True,
    )
    recovery_time_constant_s: float = param(
        1.0, unit="s", low=0.0, low_inclusive=False,
        source="calibrated with release_fraction (same data, aaem2001)",
        note_hi="खाली भंडार के फिर भरने का समय-स्थिरांक",
        calibrated=True,
    )
    spare_receptor_constant: float = param(
        0.356, unit="1", low=0.0, low_inclusive=False,
        source="calibrated: healthy model fails in its most sensitive 5 % of fibres at 76 % "
        "receptor block (paton1967)",
        note_hi="अतिरिक्त ग्राही स्थिरांक K: ACh के नष्ट होने और बँधने की दरों का अनुपात",
        calibrated=True,
    )
    n_fibres: int = param(
        400, unit="fibres", low=10, high=100000,
        source="model resolution (CMAP resolved to 1/n_fibres)",
        note_hi="मॉडल में पेशी-तंतुओं की संख्या",
    )

    def __post_init__(self):
        validate(self)
        check_integer("n_fibres", self.n_fibres, minimum=10)

    @classmethod
    def myasthenia_gravis(cls, **overrides) -> "NMJParams":
        """A typical generalised MG junction: functional AChR ≈ 1/3 of normal.

        Pestronk et al. (1985): 0.7 × 10⁷ AChR per junction in MG deltoid vs
        2.1 × 10⁷ in controls. Other fields keep their healthy values unless overridden.
        """
        values = {"achr_fraction": 0.7 / 2.1}
        values.update(overrides)
        return cls(**values)

    @property
    def threshold_mV(self) -> float:
        """Depolarisation V_th a fibre needs to fire (mV), set by the median safety factor."""
        return self.quantal_content * self.quantal_size_mV / self.safety_factor_median


@dataclass(frozen=True)
class RNSResult:
    """Result of :func:`repetitive_stimulation`; arrays are per stimulus unless noted."""

    frequency_hz: float
    times_s: np.ndarray            # time of each stimulus (s), first at 0
    pool_fraction: np.ndarray      # readily releasable pool just before each stimulus (0–1)
    quantal_content: np.ndarray    # quanta released by each stimulus
    cmap: np.ndarray               # fraction of fibres firing (0–1)
    decrement_percent: np.ndarray  # 100·(1 − cmap[k]/cmap[0])
    safety_factor: np.ndarray      # per fibre, at the given AChR fraction, first stimulus
    epp_mV: np.ndarray             # shape (n_stimuli, n_fibres)
    threshold_mV: float


def spare_receptor_factor(achr_fraction: float, spare_receptor_constant: float = 0.356) -> float:
    """Q(a) = a(1+K)/(a+K): quantal size left when the fraction a of AChR works (0–1)."""
    a = check_range("achr_fraction", achr_fraction, 0.0, 1.0, low_inclusive=False)
    k = check_range("spare_receptor_constant", spare_receptor_constant, 0.0, math.inf,
                    low_inclusive=False, high_inclusive=False)
    return a * (1.0 + k) / (a + k)


def pool_after_interval(pool_after_release: float, interval_s: float, recovery_time_constant_s: float) -> float:
    """Exact solution of dn/dt = (1 − n)/τ_rec after ``interval_s`` seconds."""
    n = check_range("pool_after_release", pool_after_release, 0.0, 1.0)
    dt = check_range("interval_s", interval_s, 0.0, math.inf, high_inclusive=False)
    tau = check_range("recovery_time_constant_s", recovery_time_constant_s, 0.0, math.inf,
                      low_inclusive=False, high_inclusive=False)
    return 1.0 - (1.0 - n) * math.exp(-dt / tau)


def _fibre_safety_factors(params: NMJParams, seed: int) -> np.ndarray:
    """Healthy safety factor of every fibre: log-normal around the median (seeded)."""
    rng = np.random.default_rng(seed)
    z = rng.standard_normal(params.n_fibres)
    return params.safety_factor_median * np.exp(params.safety_factor_spread * z)


def repetitive_stimulation(
    frequency_hz: float = 3.0,
    n_stimuli: int = 10,
    params: NMJParams | None = None,
    seed: int = 0,
) -> RNSResult:
    """Simulate a train of nerve stimuli (the clinical RNS test) at a rested junction.

    ``frequency_hz`` in (0, 100] Hz; ``n_stimuli`` ≥ 2; ``seed`` fixes the fibres'
    safety factors, so equal seeds give identical results.
    """
    frequency_hz = check_range("frequency_hz", frequency_hz, 0.0, 100.0,
                               low_inclusive=False, unit="Hz")
    n_stimuli = check_integer("n_stimuli", n_stimuli, minimum=2)
    seed = check_integer("seed", seed, minimum=0)
    if params is None:
        params = NMJParams()
    if not isinstance(params, NMJParams):
        raise ValueError(f"params must be an NMJParams, got {type(params).__name__}")

    interval_s = 1.0 / frequency_hz
    pool = np.empty(n_stimuli)
    pool[0] = 1.0
    for k in range(1, n_stimuli):
        released_left = pool[k - 1] * (1.0 - params.release_fraction)
        pool[k] = pool_after_interval(released_left, interval_s, params.recovery_time_constant_s)

    quantal_content = params.quantal_content * pool
    sf_healthy = _fibre_safety_factors(params, seed)
    receptor_factor = spare_receptor_factor(params.achr_fraction, params.spare_receptor_constant)
    threshold = params.threshold_mV
    # EPP of fibre j = m_k · q_j · Q(a), with q_j = SF_j · V_th / m_0
    quantal_size_per_fibre = sf_healthy * threshold / params.quantal_content
    epp = np.outer(quantal_content, quantal_size_per_fibre * receptor_factor)
    fires = epp >= threshold
    cmap = fires.mean(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        decrement = np.where(cmap[0] > 0, 100.0 * (1.0 - cmap / cmap[0]), 0.0)

    return RNSResult(
        frequency_hz=frequency_hz,
        times_s=np.arange(n_stimuli) * interval_s,
        pool_fraction=pool,
        quantal_content=quantal_content,
        cmap=cmap,
        decrement_percent=decrement,
        safety_factor=sf_healthy * receptor_factor,
        epp_mV=epp,
        threshold_mV=threshold,
    )

