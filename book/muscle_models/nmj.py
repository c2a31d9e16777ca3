"""Neuromuscular junction: safety factor, transmitter run-down and the myasthenic decrement.

One motor nerve is stimulated ``n_stimuli`` times at ``frequency_hz`` (the clinical
repetitive nerve stimulation, RNS). Each idea enters the model once:

* **Safety factor** SF_j of fibre j (healthy junction): how many times its end-plate
  potential (EPP) exceeds the depolarisation V_th that fires the fibre. Paton & Waud
  (1967, cat) measured it by blocking receptors: transmission began to fail at a
  receptor occupancy of 0.76 and was nearly complete at 0.917, i.e. safety factors of
  1/(1 − 0.76) ≈ 4.1 in the most sensitive and 1/(1 − 0.917) ≈ 12 in the most resistant
  fibres. That measurement *is* the margin sometimes called "spare receptors": the EPP
  is taken proportional to the functional receptors (their definition), and no second
  spare-receptor factor is added. SF is log-normal across fibres; median and spread
  are fitted so that 5 % of fibres fail at occupancy 0.76 and 95 % at 0.917
  (registry rows ``paton1967_*``).
* **Quantal size** in myasthenia gravis (MG): the miniature EPP shrinks with the loss of
  functional acetylcholine receptors (AChR); here in proportion to the fraction
  ``achr_fraction`` (MG preset 1/3, Pestronk et al. 1985).
* **Compensation**: MG nerve terminals release more quanta per impulse
  (``release_compensation`` c, an assumed factor; reviewed by Wood & Slater 2001). It
  raises the fraction of the pool released per impulse from p to c·p, so the first EPP
  is larger and the run-down steeper.
* **Run-down of release.** The readily releasable pool n (fraction of full, n_1 = 1)
  loses the fraction c·p at each impulse; right after it a fraction μ of the emptied
  pool is refilled (activity-driven mobilisation), and between impulses it refills
  slowly, dn/dt = (1 − n)/τ_rec (exact exponential solution over Δt = 1/f; the tests
  check it against ``scipy.integrate.solve_ivp``). Because μ acts per impulse, the
  plateau of the pool hardly depends on frequency between 2 and 5 Hz, as the clinical
  decrement does not.
* **Augmentation**: each impulse adds α to a release enhancement A that decays with
  τ_A ≈ 7 s (Magleby 1979, Prog Brain Res 49:175, frog); it makes the decrement largest at the 4th–5th response and
  lets later responses recover a little.

Quanta released by stimulus k: m_k = m_0·c·n_k·(1 + A_k). EPP of fibre j:
EPP_{j,k} = m_k·q_j·a, with q_j = SF_j·V_th/m_0. A fibre fires when EPP ≥ V_th. CMAP
(compound muscle action potential) = fraction of fibres firing; decrement_k =
100·(1 − CMAP_k/CMAP_1) %.

p, μ, τ_rec and α are calibrated on the clinical description of the decrement (AAEM
2001: ≥ 10 % from the 1st to the 4th–5th response at 2–5 Hz in MG; largest at the
4th–5th response), so the decrement is *not* an independent check of the model.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.special import ndtri

from .params import param, validate
from .validation import check_integer, check_range

__all__ = [
    "NMJParams",
    "RNSResult",
    "pool_after_interval",
    "fibre_safety_factors",
    "occupancy_at_block",
    "repetitive_stimulation",
    "registry_predictions",
]

#: registry rows the calibrated run-down parameters were fitted to
_DECREMENT_ROWS = (
    "aaem2001_mg_decrement_3hz",
    "aaem2001_mg_decrement_2hz",
    "aaem2001_mg_largest_decrement_response",
    "aaem2001_healthy_decrement_3hz",
)
_PATON_ROWS = ("paton1967_threshold_block_occupancy", "paton1967_near_complete_block_occupancy")


@dataclass(frozen=True)
class NMJParams:
    """Parameters of one muscle's neuromuscular junctions (healthy defaults)."""

    achr_fraction: float = param(
        1.0, unit="1", low=0.0, high=1.0, low_inclusive=False,
        source="pestronk1985 (AChR per junction in MG 0.7 vs 2.1 × 10^7: MG preset 1/3); "
        "quantal size taken proportional to it",
        note_hi="कार्यशील ACh ग्राहियों (AChR) का अंश; क्वांटम का आकार (MEPP) इसी अनुपात में",
    )
    release_compensation: float = param(
        1.0, unit="1", low=1.0, high=3.0,
        source="assumed (MG preset 1.25): MG terminals release more quanta per impulse "
        "(wood2001); no measured value is used",
        note_hi="प्रतिपूर्ति: हर आवेग पर मुक्त क्वांटा सामान्य के कितने गुना (मायस्थेनिया में > 1)",
    )
    quantal_content: float = param(
        25.0, unit="quanta", low=0.0, low_inclusive=False,
        source="slater2017, wood2001 (human NMJs release few quanta; illustrative value: "
        "firing depends only on the safety factor)",
        note_hi="विश्राम के बाद पहले आवेग पर मुक्त क्वांटा की संख्या (स्वस्थ)",
    )
    quantal_size_mV: float = param(
        1.0, unit="mV", low=0.0, low_inclusive=False,
        source="wood2001 (illustrative; only the product with quantal_content matters)",
        note_hi="एक क्वांटम से बना विभव (MEPP), सामान्य ग्राहियों पर",
    )
    safety_factor_median: float = param(
        7.09, unit="1", low=1.0, low_inclusive=False,
        source="paton1967 (cat: 5 % of fibres fail at occupancy 0.76, 95 % at 0.917; "
        "median = √(4.17 × 12.0))",
        note_hi="सुरक्षा गुणांक (EPP ÷ देहली) का माध्यिका मान, स्वस्थ पेशी",
        calibrated=True, fitted_to=_PATON_ROWS,
    )
    safety_factor_spread: float = param(
        0.323, unit="1 (SD of ln SF)", low=0.0,
        source="paton1967 (ln(12.0/4.17) / (2 × 1.645))",
        note_hi="तंतुओं के बीच सुरक्षा गुणांक का फैलाव (ln का मानक विचलन)",
        calibrated=True, fitted_to=_PATON_ROWS,
    )
    release_fraction: float = param(
        0.4, unit="1", low=0.0, high=1.0, low_inclusive=False,
        source="calibrated on the clinical decrement (aaem2001)",
        note_hi="हर आवेग पर तत्पर पुटिका-भंडार का मुक्त अंश (स्वस्थ)",
        calibrated=True, fitted_to=_DECREMENT_ROWS,
    )
    mobilisation_fraction: float = param(
        0.2, unit="1", low=0.0, high=1.0,
        source="calibrated on the clinical decrement (aaem2001): frequency-independent plateau",
        note_hi="हर आवेग के बाद खाली भंडार का फिर भरा अंश (सक्रियता से जुटाई गई पुटिकाएँ)",
        calibrated=True, fitted_to=_DECREMENT_ROWS,
    )
    recovery_time_constant_s: float = param(
        10.0, unit="s", low=0.0, low_inclusive=False,
        source="calibrated with release_fraction (aaem2001)",
        note_hi="विश्राम में खाली भंडार के फिर भरने का समय-स्थिरांक",
        calibrated=True, fitted_to=_DECREMENT_ROWS,
    )
    augmentation_per_impulse: float = param(
        0.05, unit="1", low=0.0, high=1.0,
        source="calibrated: decrement largest at the 4th–5th response (aaem2001)",
        note_hi="हर आवेग से मुक्ति में जुड़ने वाली वृद्धि (augmentation)",
        calibrated=True, fitted_to=_DECREMENT_ROWS,
    )
    augmentation_time_constant_s: float = param(
        7.0, unit="s", low=0.0, low_inclusive=False,
        source="Magleby 1979, Prog Brain Res 49:175–182 (augmentation decays with τ ≈ 7 s, frog NMJ)",
        note_hi="मुक्ति-वृद्धि के घटने का समय-स्थिरांक",
    )
    n_fibres: int = param(
        400, unit="fibres", low=10, high=100000,
        source="model resolution (CMAP resolved to 1/n_fibres)",
        note_hi="मॉडल में पेशी-तंतुओं की संख्या",
    )

    def __post_init__(self):
        validate(self)
        check_integer("n_fibres", self.n_fibres, minimum=10)
        if self.release_fraction * self.release_compensation > 1.0:
            raise ValueError(
                "release_fraction × release_compensation must be <= 1 (a pool cannot release more "
                f"than all of it), got {self.release_fraction} × {self.release_compensation}")

    @classmethod
    def myasthenia_gravis(cls, **overrides) -> "NMJParams":
        """A typical generalised MG junction.

        AChR ≈ 1/3 of normal (Pestronk et al. 1985: 0.7 × 10⁷ per junction in MG deltoid
        vs 2.1 × 10⁷ in controls), so quantal size ≈ 1/3; release raised 1.25-fold
        (assumed compensation). Other fields keep their healthy values unless overridden.
        """
        values = {"achr_fraction": 0.7 / 2.1, "release_compensation": 1.25}
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
    safety_factor: np.ndarray      # per fibre: EPP of the first stimulus ÷ threshold
    epp_mV: np.ndarray             # shape (n_stimuli, n_fibres)
    threshold_mV: float


def pool_after_interval(pool_after_release: float, interval_s: float, recovery_time_constant_s: float) -> float:
    """Exact solution of dn/dt = (1 − n)/τ_rec after ``interval_s`` seconds."""
    n = check_range("pool_after_release", pool_after_release, 0.0, 1.0)
    dt = check_range("interval_s", interval_s, 0.0, math.inf, high_inclusive=False)
    tau = check_range("recovery_time_constant_s", recovery_time_constant_s, 0.0, math.inf,
                      low_inclusive=False, high_inclusive=False)
    return 1.0 - (1.0 - n) * math.exp(-dt / tau)


def fibre_safety_factors(params: NMJParams, seed: int | None = None) -> np.ndarray:
    """Healthy safety factor of every fibre, log-normal around the median.

    ``seed=None``: the fibres sit at evenly spaced quantiles of the distribution
    (deterministic, no sampling noise); an integer seed draws them at random.
    """
    if seed is None:
        z = ndtri((np.arange(params.n_fibres) + 0.5) / params.n_fibres)
    else:
        z = np.random.default_rng(check_integer("seed", seed, minimum=0)).standard_normal(params.n_fibres)
    return params.safety_factor_median * np.exp(params.safety_factor_spread * z)


def occupancy_at_block(fraction_failing: float, params: NMJParams | None = None) -> float:
    """Receptor occupancy (0–1) at which ``fraction_failing`` of healthy fibres fail.

    With the EPP proportional to free receptors (Paton & Waud's definition) a fibre
    fails when SF·(1 − occupancy) < 1, so occupancy = 1 − 1/SF at that quantile.
    """
    q = check_range("fraction_failing", fraction_failing, 0.0, 1.0,
                    low_inclusive=False, high_inclusive=False)
    p = params or NMJParams()
    sf = p.safety_factor_median * math.exp(p.safety_factor_spread * float(ndtri(q)))
    return 1.0 - 1.0 / sf


def repetitive_stimulation(
    frequency_hz: float = 3.0,
    n_stimuli: int = 10,
    params: NMJParams | None = None,
    seed: int | None = None,
) -> RNSResult:
    """Simulate a train of nerve stimuli (the clinical RNS test) at a rested junction.

    ``frequency_hz`` in (0, 100] Hz; ``n_stimuli`` ≥ 2; ``seed`` None (fibres at
    evenly spaced quantiles, the default) or an integer ≥ 0 (random fibres; equal
    seeds give identical results).
    """
    frequency_hz = check_range("frequency_hz", frequency_hz, 0.0, 100.0,
                               low_inclusive=False, unit="Hz")
    n_stimuli = check_integer("n_stimuli", n_stimuli, minimum=2)
    if seed is not None:
        seed = check_integer("seed", seed, minimum=0)
    if params is None:
        params = NMJParams()
    if not isinstance(params, NMJParams):
        raise ValueError(f"params must be an NMJParams, got {type(params).__name__}")

    interval_s = 1.0 / frequency_hz
    p_eff = params.release_fraction * params.release_compensation
    mu = params.mobilisation_fraction
    decay_aug = math.exp(-interval_s / params.augmentation_time_constant_s)
    pool = np.empty(n_stimuli)
    augmentation = np.empty(n_stimuli)
    pool[0], augmentation[0] = 1.0, 0.0
    for k in range(1, n_stimuli):
        after_release = pool[k - 1] * (1.0 - p_eff)
        mobilised = after_release + mu * (1.0 - after_release)
        pool[k] = pool_after_interval(mobilised, interval_s, params.recovery_time_constant_s)
        augmentation[k] = (augmentation[k - 1] + params.augmentation_per_impulse) * decay_aug

    quantal_content = (params.quantal_content * params.release_compensation
                       * pool * (1.0 + augmentation))
    sf_healthy = fibre_safety_factors(params, seed)
    threshold = params.threshold_mV
    # EPP of fibre j = m_k · q_j · a, with q_j = SF_j · V_th / m_0
    quantal_size_per_fibre = sf_healthy * threshold / params.quantal_content * params.achr_fraction
    epp = np.outer(quantal_content, quantal_size_per_fibre)
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
        safety_factor=epp[0] / threshold,
        epp_mV=epp,
        threshold_mV=threshold,
    )


def _decrement_4th_5th(frequency_hz: float, params: NMJParams) -> float:
    r = repetitive_stimulation(frequency_hz, 10, params)
    return float(max(r.decrement_percent[3], r.decrement_percent[4]))


def registry_predictions(params: NMJParams | None = None) -> dict[str, float]:
    """Model value for every row of ``book/data/validation/nmj.csv``.

    ``params`` is the healthy junction; the MG rows use the same parameters with the
    MG preset's AChR fraction and compensation.
    """
    healthy = params or NMJParams(n_fibres=4000)
    mg = NMJParams.myasthenia_gravis(**{
        f: getattr(healthy, f) for f in healthy.__dataclass_fields__
        if f not in ("achr_fraction", "release_compensation")})
    mg_3hz = repetitive_stimulation(3.0, 10, mg)
    return {
        "paton1967_threshold_block_occupancy": 100.0 * occupancy_at_block(0.05, healthy),
        "paton1967_near_complete_block_occupancy": 100.0 * occupancy_at_block(0.95, healthy),
        "aaem2001_mg_decrement_3hz": _decrement_4th_5th(3.0, mg),
        "aaem2001_mg_decrement_2hz": _decrement_4th_5th(2.0, mg),
        "aaem2001_mg_decrement_5hz": _decrement_4th_5th(5.0, mg),
        "aaem2001_mg_largest_decrement_response": float(np.argmax(mg_3hz.decrement_percent) + 1),
        "aaem2001_healthy_decrement_3hz": float(repetitive_stimulation(3.0, 10, healthy).decrement_percent.max()),
    }
