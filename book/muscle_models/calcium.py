"""Ca²⁺ in one fast-twitch skeletal-muscle fibre: release, RyR1 leak, SERCA, buffers, force, calpain.

A closed two-compartment model (myoplasm and sarcoplasmic reticulum, SR) after the
Ca-handling part of Shorten et al. (2007), with their fast-twitch mouse parameters.
All concentrations are µM; SR quantities are per litre of SR, and ``rho = V_SR/V_myo``
converts them to the myoplasmic volume. Fluxes (µM of myoplasm per second):

    J_rel   = g(t) · (1 − I) · (s − c)  RyR1 release during each action potential
    J_leak  = L · leak_scale · (s − c)  RyR1 leak, SR → myoplasm, also at rest
    J_serca = V_max · cⁿ / (cⁿ + Kⁿ)    SERCA uptake (n = 2; 2 Ca²⁺ per ATP)

    dc/dt = J_rel + J_leak − J_serca − dTnCa/dt − dPvCa/dt
    dT/dt = −(J_rel + J_leak − J_serca)/rho        T = s + CsqCa (total SR Ca)

with troponin C and parvalbumin (Ca and Mg competing) binding by mass action and
calsequestrin, a fast low-affinity buffer, in equilibrium with free SR Ca²⁺ s.
g(t) is a sum of smooth (log-normal) pulses, one per action potential, so a whole
train is one solve_ivp call; I is a slow Ca²⁺-dependent inactivation of release
that lowers the release per action potential during a tetanus. Force follows
troponin occupancy through a cooperative Hill relation and a cross-bridge lag;
calpain activity is a slow first-order variable driven by sustained µM Ca²⁺.

**The cell is closed**: there is no flux across the sarcolemma, so the total Ca per
litre of myoplasm, ``c + TnCa + PvCa + rho·T``, is conserved (a linear invariant,
which the solver keeps to round-off). The "leak"
moves Ca²⁺ from the SR into the myoplasm — never out of the cell.

**Calibration** (rows of ``book/data/validation/calcium.csv``). SERCA is cooperative
(Hill coefficient 2, Meltzer & Berman 1984). At rest it pumps back exactly what leaks, so
the leak constant sets SERCA's resting ATP use: it is fitted so that SERCA uses 42 % of
the whole muscle's resting ATP turnover (the energy model's ``resting_demand_mM_per_s``),
the share Smith et al. (2013) measured in mouse EDL. Calsequestrin is fitted so that
the resting SR holds the endogenous 1.01 mM Ca per litre of fibre of Fryer &
Stephenson (1996), and the release rate to Baylor & Hollingworth's (2003) twitch peak.
``leak_scale`` multiplies the healthy leak (1 = healthy; 5 = a "leaky" RyR1).
Known miss: with this SR content and 1.5 mM parvalbumin, a 1-s 100 Hz tetanus empties
the SR and force falls after ~0.3 s (real rested fibres hold it).
"""

from __future__ import annotations

import bisect
import dataclasses
import math
from dataclasses import dataclass

import numpy as np
from scipy.integrate import solve_ivp
from scipy.interpolate import make_interp_spline
from scipy.optimize import brentq

from .params import param, validate
from .validation import check_integer, check_nonnegative, check_positive, check_range

__all__ = [
    "CalciumParams",
    "RestingState",
    "CalciumRun",
    "resting_state",
    "simulate",
    "simulate_protocol",
    "tetanus_train_times",
    "force_pca",
    "steady_force",
    "twitch_metrics",
    "sr_content_per_litre_fibre_mM",
    "serca_share_of_resting_atp_percent",
    "registry_predictions",
    "force_pca_slider_figure",
    "ca_force_slider_figure",
    "PCA_AXIS_TITLE_HI",
]

# Shorten et al. 2007 geometry: a cylinder 1.1 µm long, 0.5 µm radius; 95 % myoplasm, 5 % SR.
_V_CELL_UM3 = math.pi * 0.5**2 * 1.1
_V_MYO_UM3 = 0.95 * _V_CELL_UM3
_SERCA_VMAX_UM_PER_S = 4.875 / _V_MYO_UM3 * 1000.0      # 4.875 µM·µm³/ms ÷ V_myo
_SHORTEN_LEAK_PER_S = 2.0e-5 / _V_MYO_UM3 * 1000.0       # 2e-5 µm³/ms ÷ V_myo ≈ 0.024 s⁻¹

# Calibrated values (see CalciumParams and book/data/validation/calcium.csv; re-fit with
# tests/test_calcium.py::test_calibrated_values_reach_their_rows if the model changes)
BASELINE_LEAK_PER_S = 0.00565   # -> SERCA 42 % of resting ATP use (smith2013)
CSQ_TOTAL_UM = 34300.0          # -> resting SR Ca 1.01 mM per litre of fibre (fryer1996)
RELEASE_PEAK_PER_S = 93.2       # -> twitch peak Δ[Ca²⁺] 18.5 µM (baylor2003)

# State vector layout (all µM except force and calpain, which are fractions 0–1)
# (_TSR: total SR Ca, free + calsequestrin-bound, per litre of SR)
# (_LEDGER: Ca moved from the SR into the myoplasm since t = 0, the time integral of the
#  net SR flux, µM of myoplasm: a bookkeeping state that feeds back into nothing)
_C, _TSR, _TN, _PVCA, _PVMG, _F, _CAL, _INACT, _LEDGER = range(9)
_N = 9


@dataclass(frozen=True)
class CalciumParams:
    """Parameters of a fast-twitch mouse fibre (rates per second, concentrations µM)."""

    leak_scale: float = param(1.0, unit="1", low=0.0, source="bellinger2008",
                              note_hi="RyR1 रिसाव का गुणक (1 = स्वस्थ, 5 = रिसने वाला RyR1)")
    baseline_leak_per_s: float = param(
        BASELINE_LEAK_PER_S, unit="1/s", low=0.0, calibrated=True,
        fitted_to=("smith2013_serca_share_of_resting_atp_edl",),
        source="shorten2007 leak form J = L·(s − c); L fitted so that at rest SERCA (which pumps back "
               "what leaks) uses 42 % of the resting ATP turnover of the energy model "
               "(smith2013: 40–50 % in mouse EDL and soleus, 30 °C). Shorten's own L (0.024 s⁻¹) would "
               "make SERCA use ~180 % of it",
        note_hi="स्वस्थ SR रिसाव का दर-स्थिरांक")
    serca_vmax_uM_per_s: float = param(_SERCA_VMAX_UM_PER_S, unit="µM/s", low=0.0, source="shorten2007",
                                       note_hi="SERCA पंप की अधिकतम दर")
    serca_km_uM: float = param(1.0, unit="µM", low=0.0, low_inclusive=False, source="shorten2007",
                               note_hi="SERCA का अर्ध-संतृप्ति Ca²⁺")
    serca_hill_n: float = param(
        2.0, unit="1", low=0.5, high=4.0, source="meltzer1984",
        note_hi="SERCA का हिल गुणांक: हर चक्र में दो Ca²⁺ सहकारी रूप से जुड़ते हैं")
    sr_volume_ratio: float = param(0.05 / 0.95, unit="1", low=0.0, low_inclusive=False,
                                   source="shorten2007", note_hi="SR आयतन / मायोप्लाज्म आयतन")
    troponin_total_uM: float = param(140.0, unit="µM", low=0.0, source="shorten2007",
                                     note_hi="ट्रोपोनिन C के Ca²⁺-स्थल")
    troponin_kon_per_uM_s: float = param(44.25, unit="1/(µM·s)", low=0.0, source="shorten2007",
                                         note_hi="ट्रोपोनिन पर Ca²⁺ जुड़ने की दर")
    troponin_koff_per_s: float = param(115.0, unit="1/s", low=0.0, low_inclusive=False,
                                       source="shorten2007", note_hi="ट्रोपोनिन से Ca²⁺ छूटने की दर")
    parvalbumin_total_uM: float = param(1500.0, unit="µM", low=0.0, source="shorten2007",
                                        note_hi="पार्वएल्ब्यूमिन")
    parvalbumin_ca_kon_per_uM_s: float = param(41.7, unit="1/(µM·s)", low=0.0, source="shorten2007",
                                               note_hi="पार्वएल्ब्यूमिन पर Ca²⁺ जुड़ने की दर")
    parvalbumin_ca_koff_per_s: float = param(0.5, unit="1/s", low=0.0, source="shorten2007",
                                             note_hi="पार्वएल्ब्यूमिन से Ca²⁺ छूटने की दर")
    parvalbumin_mg_kon_per_uM_s: float = param(0.033, unit="1/(µM·s)", low=0.0, source="shorten2007",
                                               note_hi="पार्वएल्ब्यूमिन पर Mg²⁺ जुड़ने की दर")
    parvalbumin_mg_koff_per_s: float = param(3.0, unit="1/s", low=0.0, source="shorten2007",
                                             note_hi="पार्वएल्ब्यूमिन से Mg²⁺ छूटने की दर")
    mg_free_uM: float = param(1000.0, unit="µM", low=0.0, source="shorten2007",
                              note_hi="मुक्त Mg²⁺ (स्थिर माना)")
    calsequestrin_total_uM: float = param(
        CSQ_TOTAL_UM, unit="µM (SR)", low=0.0, calibrated=True,
        fitted_to=("fryer1996_sr_ca_content_fast",),
        source="shorten2007's 31 000 µM raised 11 % so that the resting SR holds the endogenous "
               "1.01 mM Ca per litre of fibre measured in rat fast-twitch fibres (fryer1996)",
        note_hi="कैल्सीक्वेस्ट्रिन की Ca²⁺-धारिता (SR के भीतर)")
    calsequestrin_kd_uM: float = param(1250.0, unit="µM", low=0.0, low_inclusive=False,
                                       source="shorten2007 (koff/kon = 5 s⁻¹ / 0.004 µM⁻¹s⁻¹); binding taken as instantaneous",
                                       note_hi="कैल्सीक्वेस्ट्रिन का वियोजन स्थिरांक (तेज बफर)")
    release_peak_per_s: float = param(
        RELEASE_PEAK_PER_S, unit="1/s", low=0.0, calibrated=True,
        fitted_to=("baylor2003_twitch_peak_dca_fast",),
        source="fitted to the twitch Δ[Ca²⁺] peak of fast mouse fibres, 18.5 µM (baylor2003, spatial mean, 16 °C)",
        note_hi="हर क्रिया-विभव पर RyR1 मोचन का चरम दर-स्थिरांक")
    release_time_constant_s: float = param(
        0.002, unit="s", low=0.0, low_inclusive=False,
        source="assumed: release peaks ~2 ms after the action potential and lasts a few ms (log-normal pulse, half-width 1.25 τ), briefer than the Ca²⁺ transient (baylor2003)",
        note_hi="मोचन-स्पंद का समय-स्थिरांक")
    release_log_sigma: float = param(
        0.5, unit="1", low=0.05, high=2.0,
        source="assumed: width σ of ln(t/τ) of the log-normal release pulse; σ = 0.5 gives a "
               "half-width of 1.25 τ, a release briefer than the Ca²⁺ transient (baylor2003)",
        note_hi="मोचन-स्पंद की चौड़ाई (log-normal σ)")
    release_inactivation_per_uM_s: float = param(
        5.0, unit="1/(µM·s)", low=0.0,
        source="assumed: Ca²⁺-dependent RyR1 inactivation (shorten2007 has one) lowers release per action potential during a tetanus",
        note_hi="कोशिका-द्रव्य के Ca²⁺ से RyR1 मोचन के निष्क्रिय होने की दर")
    release_recovery_per_s: float = param(
        10.0, unit="1/s", low=0.0,
        source="assumed: release recovers from inactivation within ~100 ms",
        note_hi="मोचन के फिर से सक्रिय होने की दर")
    ca50_uM: float = param(1.0, unit="µM", low=0.0, low_inclusive=False,
                           source="fabiato1978,debold2006 (pCa50 ≈ 6 in skinned fast fibres)",
                           note_hi="आधा बल देने वाला Ca²⁺ (pH 7.0, विश्राम Pi)")
    hill_n: float = param(4.0, unit="1", low=0.0, low_inclusive=False,
                          source="assumed within the range of debold2006 (steep force–pCa curves of fast fibres, nH ≈ 2–5)",
                          note_hi="बल–Ca²⁺ वक्र की ढलान (हिल गुणांक)")
    crossbridge_time_constant_s: float = param(
        0.04, unit="s", low=0.0, low_inclusive=False,
        source="assumed: cross-bridge force builds at ~25 s⁻¹ after activation (mouse fast fibres, cool; allen2008)",
        note_hi="क्रॉस-ब्रिज बल बनने का समय-स्थिरांक")
    ph_ca50_slope: float = param(math.log10(3.0) / 1.2, unit="1/pH", low=0.0, source="fabiato1978 (pH 7.4 → 6.2 raises Ca50 about 3-fold in skinned frog skeletal fibres at room temperature; taken unchanged for a mammalian fibre)",
                                 note_hi="pH 7.4 → 6.2 पर आधा-बल Ca²⁺ 3 गुना (प्रति pH इकाई log10 खिसक)")
    ph_fmax_slope: float = param(0.125, unit="1/pH", low=0.0, high=1.0, source="knuth2006",
                                 note_hi="pH 7.0 → 6.2 पर अधिकतम बल लगभग 10 % कम (30 °C)")
    resting_pi_mM: float = param(5.0, unit="mM", low=0.0, source="allen2012",
                                 note_hi="विश्राम में अकार्बनिक फॉस्फेट")
    pi_ca50_slope_per_mM: float = param(
        0.008, unit="1/mM", low=0.0,
        source="assumed size; direction from allen2012, debold2006 (Pi lowers Ca²⁺ sensitivity)",
        note_hi="प्रति mM Pi आधा-बल Ca²⁺ का log10 खिसक")
    pi_fmax_slope_per_mM: float = param(
        0.004, unit="1/mM", low=0.0, high=0.03,
        source="assumed size; direction from allen2012 (Pi lowers maximal force)",
        note_hi="प्रति mM Pi अधिकतम बल में आंशिक कमी")
    calpain_k_uM: float = param(2.0, unit="µM", low=0.0, low_inclusive=False, source="murphy2006 (autolysis needs ≥ 2 µM Ca²⁺ for ≥ 1 min)",
                                note_hi="कैल्पेन सक्रियण का अर्ध-प्रभावी Ca²⁺ (≥ 2 µM चाहिए)")
    calpain_hill_n: float = param(4.0, unit="1", low=0.0, low_inclusive=False,
                                  source="assumed: steep, so Ca²⁺ below ~1 µM barely acts (murphy2006)",
                                  note_hi="कैल्पेन सक्रियण की ढलान")
    calpain_on_per_s: float = param(
        0.0035, unit="1/s", low=0.0,
        source="assumed: ~10 % activated after 1 min at 2 µM, i.e. autolysis just detectable; murphy2006 "
               "give the threshold (≥ 2 µM for ≥ 1 min), not a rate, so nothing was fitted",
        note_hi="कैल्पेन सक्रियण की अधिकतम दर")
    calpain_off_per_s: float = param(1.0 / 600.0, unit="1/s", low=0.0,
                                     source="assumed: activity fades over ~10 min at resting Ca²⁺ (not measured; murphy2006 for the context)",
                                     note_hi="कैल्पेन निष्क्रिय होने की दर")
    sr_free_rest_uM: float = param(
        1500.0, unit="µM (SR)", low=0.0, low_inclusive=False, source="shorten2007 (initial free SR Ca²⁺)",
        note_hi="विश्राम में SR का मुक्त Ca²⁺ (डिफॉल्ट कुल Ca इसी से)")
    total_ca_uM: float | None = param(
        None, unit="µM", low=0.0, low_inclusive=False, check=False,
        source="derived when None: total Ca of this fibre at rest with free SR Ca²⁺ = sr_free_rest_uM "
               "(free myoplasmic Ca²⁺ where SERCA balances the leak)",
        note_hi="कुल Ca (प्रति लीटर मायोप्लाज्म; बंद कोशिका में स्थिर)")

    def __post_init__(self):
        validate(self)
        if self.total_ca_uM is None:
            object.__setattr__(self, "total_ca_uM", _default_total_ca_uM(self))
        else:
            check_range("total_ca_uM", self.total_ca_uM, 0.0, math.inf, low_inclusive=False, unit="µM")

    @property
    def leak_per_s(self) -> float:
        """RyR1 leak rate constant of this fibre (1/s): baseline × leak_scale."""
        return self.baseline_leak_per_s * self.leak_scale


@dataclass(frozen=True)
class RestingState:
    """Steady state without stimulation (µM; buffers in equilibrium)."""

    ca_cyto_uM: float
    ca_sr_uM: float
    troponin_ca_uM: float
    parvalbumin_ca_uM: float
    parvalbumin_mg_uM: float
    calsequestrin_ca_uM: float
    total_ca_uM: float
    sr_content_uM: float          # all SR Ca (free + bound) per litre of myoplasm
    leak_flux_uM_per_s: float     # = SERCA flux at rest
    serca_atp_uM_per_s: float     # ATP used by SERCA at rest (2 Ca per ATP)


@dataclass(frozen=True)
class CalciumRun:
    """Result of :func:`simulate` (arrays over ``t_s``)."""

    t_s: np.ndarray
    ca_cyto_uM: np.ndarray
    ca_sr_uM: np.ndarray
    force: np.ndarray                 # fraction of maximal force (0–1)
    total_ca_uM: np.ndarray           # per litre of myoplasm, from every pool independently
    calpain_activity: np.ndarray      # fraction activated (0–1)
    troponin_fraction: np.ndarray     # TnCa / troponin total
    sr_content_uM: np.ndarray         # SR free + calsequestrin-bound, per litre of myoplasm
    serca_atp_uM_per_s: np.ndarray    # ATP used by SERCA (µM/s of myoplasm)
    sr_to_myoplasm_uM: np.ndarray     # ∫ net SR → myoplasm flux dt since t = 0 (its own state)
    cytosolic_ca_uM: np.ndarray       # free + troponin + parvalbumin Ca (µM of myoplasm)
    pulse_times_s: np.ndarray


# ---------------------------------------------------------------- equilibria

def _buffers_at(c: float, s: float, p: CalciumParams) -> tuple[float, float, float, float]:
    """Buffer occupancies (TnCa, PvCa, PvMg, CsqCa) in equilibrium with free c and s."""
    kd_tn = p.troponin_koff_per_s / p.troponin_kon_per_uM_s
    tn = p.troponin_total_uM * c / (c + kd_tn)
    # parvalbumin: Ca and Mg compete for the same sites
    a_ca = p.parvalbumin_ca_kon_per_uM_s * c / p.parvalbumin_ca_koff_per_s if p.parvalbumin_ca_koff_per_s > 0 else 0.0
    a_mg = p.parvalbumin_mg_kon_per_uM_s * p.mg_free_uM / p.parvalbumin_mg_koff_per_s if p.parvalbumin_mg_koff_per_s > 0 else 0.0
    pv_free = p.parvalbumin_total_uM / (1.0 + a_ca + a_mg)
    csq = p.calsequestrin_total_uM * s / (s + p.calsequestrin_kd_uM)
    return tn, pv_free * a_ca, pv_free * a_mg, csq


def _total(c, s, tn, pvca, csq, rho):
    return c + tn + pvca + rho * (s + csq)


def _default_total_ca_uM(p: CalciumParams) -> float:
    """Total Ca of fibre ``p`` at rest with free SR Ca²⁺ = ``sr_free_rest_uM`` and the healthy leak.

    The healthy leak (leak_scale = 1) sets the total, so a leaky fibre holds the same
    Ca as a healthy one and only redistributes it (the cell is closed).
    """
    s = p.sr_free_rest_uM
    c = _cyto_free_balance(s, p.baseline_leak_per_s, p)
    tn, pvca, _, csq = _buffers_at(c, s, p)
    return _total(c, s, tn, pvca, csq, p.sr_volume_ratio)


def _serca(c, p: CalciumParams):
    """SERCA Ca²⁺ uptake (µM/s): cooperative, Hill coefficient ``serca_hill_n``."""
    x = (np.asarray(c, dtype=float) / p.serca_km_uM) ** p.serca_hill_n
    out = p.serca_vmax_uM_per_s * x / (1.0 + x)
    return float(out) if out.ndim == 0 else out


def _cyto_free_balance(s: float, leak: float, p: CalciumParams) -> float:
    """Free myoplasmic Ca²⁺ (µM) at which SERCA uptake balances the leak L·(s − c) from SR Ca²⁺ s.

    The leak falls and the pump rises with c, so there is one root in [0, s].
    """
    if p.serca_vmax_uM_per_s == 0.0 or s <= 0.0:
        return max(s, 0.0)                # no pump: SR and myoplasm equalise
    if leak == 0.0:
        return 0.0                        # no leak: the pump empties the myoplasm
    return brentq(lambda c: leak * (s - c) - _serca(c, p), 0.0, s, xtol=1e-15, rtol=1e-14, maxiter=500)


def resting_state(params: CalciumParams | None = None) -> RestingState:
    """Steady state without stimulation, with this fibre's total Ca (``total_ca_uM``).

    At rest SERCA uptake equals the leak, which fixes free myoplasmic Ca²⁺ for each free
    SR Ca²⁺; the SR Ca²⁺ is then the one at which all pools add up to the total.
    """
    p = CalciumParams() if params is None else params
    if not isinstance(p, CalciumParams):
        raise ValueError(f"params must be a CalciumParams, got {type(p).__name__}")
    rho, total, leak = p.sr_volume_ratio, p.total_ca_uM, p.leak_per_s

    def excess(s):
        c = _cyto_free_balance(s, leak, p)
        tn, pvca, _, csq = _buffers_at(c, s, p)
        return _total(c, s, tn, pvca, csq, rho) - total

    s = brentq(excess, 0.0, total / rho + total, xtol=1e-12, rtol=1e-14, maxiter=500)
    c = _cyto_free_balance(s, leak, p)
    tn, pvca, pvmg, csq = _buffers_at(c, s, p)
    j = _serca(c, p)
    return RestingState(
        ca_cyto_uM=c, ca_sr_uM=s, troponin_ca_uM=tn, parvalbumin_ca_uM=pvca,
        parvalbumin_mg_uM=pvmg, calsequestrin_ca_uM=csq,
        total_ca_uM=_total(c, s, tn, pvca, csq, rho), sr_content_uM=rho * (s + csq),
        leak_flux_uM_per_s=leak * (s - c), serca_atp_uM_per_s=0.5 * j,
    )


# ---------------------------------------------------------------- force

def _ca50_and_fmax(p: CalciumParams, ph: float, pi_mM: float) -> tuple[float, float]:
    """Ca²⁺ for half force (µM) and maximal force (fraction) at this pH and Pi.

    Acidosis and Pi both shift the curve right (less Ca²⁺ sensitivity) and lower its
    top. The top is never raised above 1: pH above 7 or Pi below rest do not add force.
    """
    log_shift = p.ph_ca50_slope * (7.0 - ph) + p.pi_ca50_slope_per_mM * (pi_mM - p.resting_pi_mM)
    ca50 = p.ca50_uM * 10.0**log_shift
    fmax = (1.0 - p.ph_fmax_slope * max(0.0, 7.0 - ph)) * (
        1.0 - p.pi_fmax_slope_per_mM * max(0.0, pi_mM - p.resting_pi_mM))
    return ca50, max(0.0, fmax)


def steady_force(ca_uM, params: CalciumParams | None = None, ph: float = 7.0, pi_mM: float | None = None):
    """Steady-state force fraction (0–1) at free Ca²⁺ ``ca_uM`` (µM): a Hill curve."""
    p = CalciumParams() if params is None else params
    ph = check_range("ph", ph, 6.0, 7.6)
    pi = p.resting_pi_mM if pi_mM is None else check_range("pi_mM", pi_mM, 0.0, 60.0, unit="mM")
    ca = np.asarray(ca_uM, dtype=float)
    if not np.all(np.isfinite(ca)) or np.any(ca < 0):
        raise ValueError(f"ca_uM must be finite and >= 0 µM, got {ca_uM!r}")
    ca50, fmax = _ca50_and_fmax(p, ph, pi)
    x = (ca / ca50) ** p.hill_n
    out = fmax * x / (1.0 + x)
    return float(out) if out.ndim == 0 else out


def force_pca(pca, ph: float = 7.0, pi_mM: float | None = None, params: CalciumParams | None = None):
    """Steady-state force fraction (0–1) at pCa = −log10([Ca²⁺] in M).

    ``pi_mM=None`` means the resting Pi (5 mM). pH must be in [6.0, 7.6].
    """
    pca_arr = np.asarray(pca, dtype=float)
    if not np.all(np.isfinite(pca_arr)):
        raise ValueError(f"pca must be finite, got {pca!r}")
    ca_uM = 10.0 ** (6.0 - pca_arr)
    return steady_force(ca_uM, params, ph, pi_mM)


# ---------------------------------------------------------------- dynamics

def _sr_free(total_sr_uM: float, csq_total_uM: float, csq_kd_uM: float) -> float:
    """Free SR Ca²⁺ from total SR Ca (free + calsequestrin-bound, per litre of SR).

    Calsequestrin is a fast, low-affinity buffer, so it is kept in equilibrium:
    s + B·s/(s + K) = T is a quadratic in s; the root form below is stable for all T ≥ 0.
    """
    b = csq_total_uM + csq_kd_uM - total_sr_uM
    disc = math.sqrt(b * b + 4.0 * total_sr_uM * csq_kd_uM)
    return 2.0 * total_sr_uM * csq_kd_uM / (b + disc) if b > 0.0 else 0.5 * (disc - b)


def _sr_free_array(total_sr_uM: np.ndarray, csq_total_uM: float, csq_kd_uM: float) -> np.ndarray:
    """:func:`_sr_free` for an array of totals (same two root forms)."""
    b = csq_total_uM + csq_kd_uM - total_sr_uM
    disc = np.sqrt(b * b + 4.0 * total_sr_uM * csq_kd_uM)
    with np.errstate(divide="ignore", invalid="ignore"):
        stable = 2.0 * total_sr_uM * csq_kd_uM / (b + disc)
    return np.where(b > 0.0, stable, 0.5 * (disc - b))


def _make_rhs(p: CalciumParams, pulses: list[float], ph: float = 7.0, pi_mM: float | None = None):
    """RHS and analytic Jacobian in plain floats (9 states; numpy per call is slower here).

    The release rate g(t) is a sum of log-normal pulses, one per action potential;
    only pulses within _PULSE_SPAN time constants of t contribute (a pulse is below
    2e-8 of its peak after 20 time constants).
    """
    rho = p.sr_volume_ratio
    vmax, km, nserca = p.serca_vmax_uM_per_s, p.serca_km_uM, p.serca_hill_n
    leak = p.leak_per_s
    gpk, tau_r = p.release_peak_per_s, p.release_time_constant_s
    kton, ktoff, ttot = p.troponin_kon_per_uM_s, p.troponin_koff_per_s, p.troponin_total_uM
    kpon, kpoff, ptot = p.parvalbumin_ca_kon_per_uM_s, p.parvalbumin_ca_koff_per_s, p.parvalbumin_total_uM
    kmon, kmoff, mg = p.parvalbumin_mg_kon_per_uM_s, p.parvalbumin_mg_koff_per_s, p.mg_free_uM
    bcsq, kdcsq = p.calsequestrin_total_uM, p.calsequestrin_kd_uM
    kd_tn = ktoff / kton
    kmon_mg = kmon * mg
    ca50, fmax = _ca50_and_fmax(p, ph, p.resting_pi_mM if pi_mM is None else pi_mM)
    n, tau_xb = p.hill_n, p.crossbridge_time_constant_s
    kcal, ncal, kaon, kaoff = p.calpain_k_uM, p.calpain_hill_n, p.calpain_on_per_s, p.calpain_off_per_s
    kin, krec = p.release_inactivation_per_uM_s, p.release_recovery_per_s
    # troponin occupancy θ in equilibrium with c satisfies c = kd_tn·θ/(1−θ); force
    # uses that "effective Ca²⁺" so its steady state is exactly steady_force(c).
    r50 = ca50 / kd_tn
    span_s, inv_tau = _PULSE_SPAN * tau_r, 1.0 / tau_r
    inv_2sigma2 = 1.0 / (2.0 * p.release_log_sigma**2)
    exp, log, sqrt = math.exp, math.log, math.sqrt
    inv_ttot = 1.0 / ttot if ttot > 0.0 else 0.0
    find, find_left = bisect.bisect_right, bisect.bisect_left

    last = [math.nan, 0.0]    # (t, g): LSODA's Newton iterations and jac reuse the same t

    def release_rate(t):
        if t == last[0]:
            return last[1]
        # pulses are sorted: only those that started less than span_s ago contribute
        g = 0.0
        for tp in pulses[find_left(pulses, t - span_s):find(pulses, t)]:
            x = (t - tp) * inv_tau
            if x > 0.0:
                lx = log(x)
                g += exp(-lx * lx * inv_2sigma2)
        last[0], last[1] = t, gpk * g
        return last[1]

    def rhs(t, y):
        # y.tolist(): arithmetic on Python floats is several times faster than on numpy scalars
        c, tsr, tn, pvca, pvmg, f, a, inact, _ = y.tolist()
        b = bcsq + kdcsq - tsr                       # _sr_free, inlined
        disc = sqrt(b * b + 4.0 * tsr * kdcsq)
        s = 2.0 * tsr * kdcsq / (b + disc) if b > 0.0 else 0.5 * (disc - b)
        xs = (c / km) ** nserca if c > 0.0 else 0.0
        j_sr = (release_rate(t) * (1.0 - inact) + leak) * (s - c) - vmax * xs / (1.0 + xs)
        d_tn = kton * c * (ttot - tn) - ktoff * tn
        pv_free = ptot - pvca - pvmg
        d_pvca = kpon * c * pv_free - kpoff * pvca
        th = tn * inv_ttot
        th = 0.0 if th < 0.0 else (0.999999 if th > 0.999999 else th)
        x = (th / (1.0 - th) / r50) ** n
        cc = (c / kcal) ** ncal if c > 0.0 else 0.0
        return [
            j_sr - d_tn - d_pvca,
            -j_sr / rho,
            d_tn, d_pvca,
            kmon_mg * pv_free - kmoff * pvmg,
            (fmax * x / (1.0 + x) - f) / tau_xb,
            kaon * cc / (1.0 + cc) * (1.0 - a) - kaoff * a,
            kin * c * (1.0 - inact) - krec * inact,
            j_sr,
        ]

    def jac(t, y):
        c, tsr, tn, pvca, pvmg, f, a, inact, _ = y.tolist()
        J = [0.0] * (_N * _N)                        # row-major, filled as Python floats
        s = _sr_free(tsr, bcsq, kdcsq)
        ds_dtsr = 1.0 / (1.0 + bcsq * kdcsq / (s + kdcsq) ** 2)
        grel = release_rate(t)
        g = grel * (1.0 - inact) + leak
        pv_free = ptot - pvca - pvmg
        # partial derivatives of the SR flux j_sr = g·(s − c) − SERCA(c)
        xs = (c / km) ** nserca if c > 0.0 else 0.0
        dserca_dc = vmax * nserca * xs / (c * (1.0 + xs) ** 2) if c > 0.0 else 0.0
        dj_dc = -g - dserca_dc
        dj_dtsr = g * ds_dtsr
        dj_di = -grel * (s - c)
        dtn_dc, dtn_dtn = kton * (ttot - tn), -(kton * c + ktoff)
        dpc_dc, dpc_dpc, dpc_dpm = kpon * pv_free, -(kpon * c + kpoff), -kpon * c
        dpm_dpc, dpm_dpm = -kmon * mg, -(kmon * mg + kmoff)
        row = _C * _N
        J[row + _C] = dj_dc - dtn_dc - dpc_dc
        J[row + _TSR] = dj_dtsr
        J[row + _TN] = -dtn_dtn
        J[row + _PVCA] = -dpc_dpc
        J[row + _PVMG] = -dpc_dpm
        J[row + _INACT] = dj_di
        row = _TSR * _N
        J[row + _C] = -dj_dc / rho
        J[row + _TSR] = -dj_dtsr / rho
        J[row + _INACT] = -dj_di / rho
        row = _LEDGER * _N
        J[row + _C], J[row + _TSR], J[row + _INACT] = dj_dc, dj_dtsr, dj_di
        J[_TN * _N + _C], J[_TN * _N + _TN] = dtn_dc, dtn_dtn
        row = _PVCA * _N
        J[row + _C], J[row + _PVCA], J[row + _PVMG] = dpc_dc, dpc_dpc, dpc_dpm
        J[_PVMG * _N + _PVCA], J[_PVMG * _N + _PVMG] = dpm_dpc, dpm_dpm
        th = tn * inv_ttot
        if 0.0 < th < 0.999999:
            x = (th / (1.0 - th) / r50) ** n
            dx_dth = n * x / (th * (1.0 - th))
            J[_F * _N + _TN] = fmax * dx_dth / (1.0 + x) ** 2 * inv_ttot / tau_xb
        J[_F * _N + _F] = -1.0 / tau_xb
        h = 0.0
        if c > 0.0:
            cc = (c / kcal) ** ncal
            h = cc / (1.0 + cc)
            J[_CAL * _N + _C] = kaon * ncal * cc / (c * (1.0 + cc) ** 2) * (1.0 - a)
        J[_CAL * _N + _CAL] = -kaon * h - kaoff
        J[_INACT * _N + _C] = kin * (1.0 - inact)
        J[_INACT * _N + _INACT] = -kin * c - krec
        return np.array(J).reshape(_N, _N)

    return rhs, jac


def _initial_state(p: CalciumParams, ph: float = 7.0, pi_mM: float | None = None) -> np.ndarray:
    rest = resting_state(p)
    y = np.zeros(_N)
    y[_C] = rest.ca_cyto_uM
    y[_TSR] = rest.ca_sr_uM + rest.calsequestrin_ca_uM
    y[_TN], y[_PVCA], y[_PVMG] = rest.troponin_ca_uM, rest.parvalbumin_ca_uM, rest.parvalbumin_mg_uM
    y[_F] = steady_force(rest.ca_cyto_uM, p, ph, pi_mM)
    kcal = (rest.ca_cyto_uM / p.calpain_k_uM) ** p.calpain_hill_n
    on = p.calpain_on_per_s * kcal / (1.0 + kcal)
    y[_CAL] = on / (on + p.calpain_off_per_s) if on + p.calpain_off_per_s > 0 else 0.0
    y[_INACT] = p.release_inactivation_per_uM_s * rest.ca_cyto_uM / (
        p.release_inactivation_per_uM_s * rest.ca_cyto_uM + p.release_recovery_per_s
    ) if p.release_recovery_per_s > 0 else 0.0
    return y


def _segments(pulses: np.ndarray, t_end: float, tau_r: float) -> list[tuple[float, float, bool]]:
    """Split [0, t_end] into active pieces (pulses, solved with a short max_step so no
    release pulse is stepped over) and quiet pieces (free step size).

    Pulses less than ``_QUIET_GAP_S`` apart share one active piece; a piece stays
    active until ``_PULSE_SPAN`` release time constants after its last pulse.
    """
    tail = _PULSE_SPAN * tau_r
    pieces, t = [], 0.0
    i = 0
    while i < pulses.size:
        j = i
        while j + 1 < pulses.size and pulses[j + 1] - pulses[j] < _QUIET_GAP_S:
            j += 1
        start, stop = float(pulses[i]), min(t_end, float(pulses[j]) + tail)
        if start > t:
            pieces.append((t, start, False))
        pieces.append((start, stop, True))
        t, i = stop, j + 1
    if t < t_end:
        pieces.append((t, t_end, False))
    return pieces


_QUIET_GAP_S = 0.1
# a pulse is dropped PULSE_SPAN release time constants after its action potential
_PULSE_SPAN = 20.0


def tetanus_train_times(frequency_hz: float, n_pulses: int, start_s: float = 0.0) -> np.ndarray:

    """Times (s) of ``n_pulses`` action potentials at ``frequency_hz`` from ``start_s``."""
    frequency_hz = check_range("frequency_hz", frequency_hz, 0.0, 500.0, low_inclusive=False, unit="Hz")
    n_pulses = check_integer("n_pulses", n_pulses, minimum=1)
    start_s = check_nonnegative("start_s", start_s, "s")
    return start_s + np.arange(n_pulses) / frequency_hz


def simulate_protocol(pulse_times_s, t_end_s: float, params: CalciumParams | None = None,
                      sample_dt_s: float | None = None, rtol: float = 1e-3,
                      method: str = "LSODA", ph: float = 7.0, pi_mM: float | None = None) -> CalciumRun:
    """Integrate from rest with action potentials at ``pulse_times_s`` (s) until ``t_end_s``.

    The release rate is an explicit function of time (one log-normal pulse per
    action potential), so a whole train is one ``solve_ivp`` call. Trains are solved
    with ``max_step`` = 2 release time constants (no pulse can be stepped over); the
    quiet time between trains with a free step. LSODA with the analytic Jacobian was
    the fastest of LSODA, BDF and Radau here. Total Ca is a linear invariant of the
    equations, which these methods conserve to round-off whatever the tolerance.
    Output is sampled every ``sample_dt_s`` (default: 0.25 ms, or t_end/20000 if coarser)
    from a cubic spline through the solver's steps (see :func:`_resample`).
    The default ``rtol`` = 1e-3 (with tight absolute tolerances, see ``_ATOL``) keeps
    free Ca²⁺, force and SR Ca within 0.5 % of their peak of an rtol = 1e-8 solution
    (Ca²⁺ near rest within 0.5 nM) at a third of the cost of rtol = 1e-4 with ``t_eval``.
    ``ph`` and ``pi_mM`` (None: the resting Pi) set the force–Ca²⁺ relation during the
    run, as in :func:`steady_force`; they do not change the Ca²⁺ handling.
    """
    p = CalciumParams() if params is None else params
    if not isinstance(p, CalciumParams):
        raise ValueError(f"params must be a CalciumParams, got {type(p).__name__}")
    ph = check_range("ph", ph, 6.0, 7.6)
    pi_mM = None if pi_mM is None else check_range("pi_mM", pi_mM, 0.0, 60.0, unit="mM")
    t_end_s = check_range("t_end_s", t_end_s, 0.0, 1.0e5, low_inclusive=False, unit="s")
    pulses = np.asarray(pulse_times_s, dtype=float).ravel()
    if pulses.size and (not np.all(np.isfinite(pulses)) or pulses.min() < 0 or np.any(np.diff(pulses) <= 0)):
        raise ValueError("pulse_times_s must be finite, >= 0 s and strictly increasing")
    pulses = pulses[pulses < t_end_s]
    if sample_dt_s is None:
        sample_dt_s = max(2.5e-4, t_end_s / 20000.0)
    sample_dt_s = check_positive("sample_dt_s", sample_dt_s, "s")
    if method not in ("LSODA", "BDF", "Radau"):
        raise ValueError(f"method must be one of LSODA, BDF, Radau, got {method!r}")

    rhs, jac = _make_rhs(p, pulses.tolist(), ph, pi_mM)
    y = _initial_state(p, ph, pi_mM)
    t_out = np.arange(0.0, t_end_s + 0.5 * sample_dt_s, sample_dt_s)
    t_out[-1] = min(t_out[-1], t_end_s)
    y_out = np.empty((_N, t_out.size))
    max_active_step = 2.0 * p.release_time_constant_s
    atol = _ATOL * (rtol / 1e-6)
    filled = 0
    for t0, t1, active in _segments(pulses, t_end_s, p.release_time_constant_s):
        last = t1 >= t_end_s
        idx = np.nonzero((t_out >= t0) & ((t_out <= t1) if last else (t_out < t1)))[0]
        idx = idx[idx >= filled]
        sol = solve_ivp(rhs, (t0, t1), y, method=method, jac=jac, rtol=rtol, atol=atol,
                        max_step=max_active_step if active else np.inf,
                        first_step=min(1e-5, (t1 - t0) / 4))
        if not sol.success:
            raise RuntimeError(f"integration failed between {t0} s and {t1} s: {sol.message}")
        if idx.size:
            y_out[:, idx] = _resample(sol.t, sol.y, t_out[idx])
            filled = idx[-1] + 1
        y = sol.y[:, -1]
    return _run_from_states(t_out, y_out, p, pulses)


def _resample(t_steps: np.ndarray, y_steps: np.ndarray, t: np.ndarray) -> np.ndarray:
    """States at times ``t`` from the solver's own steps, by a cubic spline through them.

    Why not ``t_eval``: solve_ivp then builds LSODA's interpolant at every step that
    holds an output time, which cost more than the integration itself (~4000 outputs,
    ~6000 steps per 1-s tetanus). The spline is linear in the data, so the linear
    invariant (total Ca) holds at every output time as it does at every step.
    """
    if t_steps.size == 1:
        return np.repeat(y_steps, t.size, axis=1)
    # not-a-knot cubic (same curve as CubicSpline, built faster); lower degree for < 4 steps
    return make_interp_spline(t_steps, y_steps, k=min(3, t_steps.size - 1), axis=1)(t)


# absolute tolerances per state at rtol = 1e-6 (µM pools, force and fractions), scaled
# with rtol. Free Ca²⁺ gets 0.1 nM at the default rtol: a looser one lets the decay back
# to a 50 nM rest drift by nanomolar.
_ATOL = np.array([1e-7, 1e-2, 1e-4, 1e-3, 1e-3, 1e-6, 1e-8, 1e-6, 1e-3])


def _run_from_states(t, y, p, pulses) -> CalciumRun:
    rho = p.sr_volume_ratio
    c, tsr, tn, pvca = y[_C], y[_TSR], y[_TN], y[_PVCA]
    s = _sr_free_array(tsr, p.calsequestrin_total_uM, p.calsequestrin_kd_uM)
    return CalciumRun(
        t_s=t,
        ca_cyto_uM=c,
        ca_sr_uM=s,
        force=np.clip(y[_F], 0.0, 1.0),
        total_ca_uM=c + tn + pvca + rho * tsr,
        calpain_activity=np.clip(y[_CAL], 0.0, 1.0),
        troponin_fraction=tn / p.troponin_total_uM if p.troponin_total_uM > 0 else np.zeros_like(tn),
        sr_content_uM=rho * tsr,
        serca_atp_uM_per_s=0.5 * _serca(np.maximum(c, 0.0), p),
        sr_to_myoplasm_uM=y[_LEDGER],
        cytosolic_ca_uM=c + tn + pvca,
        pulse_times_s=pulses,
    )


def simulate(frequency_hz: float = 100.0, n_pulses: int = 1, t_end_s: float = 0.3,
             params: CalciumParams | None = None, ph: float = 7.0,
             pi_mM: float | None = None) -> CalciumRun:
    """A train of ``n_pulses`` action potentials at ``frequency_hz`` from rest (t = 0).

    ``n_pulses=1`` is a twitch. Pulses falling after ``t_end_s`` are not given.
    ``ph`` (6.0–7.6) and ``pi_mM`` (0–60 mM; None = resting Pi) set the force–Ca²⁺
    relation during the train, the same relation as :func:`force_pca`, so leak,
    acidosis and phosphate can be combined: ``simulate(25, 25, 1.2, CalciumParams(leak_scale=5), ph=6.6, pi_mM=20)``.
    """
    frequency_hz = check_range("frequency_hz", frequency_hz, 0.0, 500.0, low_inclusive=False, unit="Hz")
    n_pulses = check_integer("n_pulses", n_pulses, minimum=1)
    t_end_s = check_range("t_end_s", t_end_s, 0.0, 1.0e5, low_inclusive=False, unit="s")
    return simulate_protocol(tetanus_train_times(frequency_hz, n_pulses), t_end_s, params, ph=ph, pi_mM=pi_mM)


# ---------------------------------------------------------------- published data (registry)

# fibre volume = myoplasm + SR (shorten2007 geometry), to express SR Ca per litre of fibre
def sr_content_per_litre_fibre_mM(rest: RestingState, p: CalciumParams) -> float:
    """Resting SR Ca (free + bound) in mM per litre of fibre (myoplasm + SR), as fryer1996 report it."""
    return rest.sr_content_uM / 1000.0 / (1.0 + p.sr_volume_ratio)


def serca_share_of_resting_atp_percent(rest: RestingState, resting_atp_mM_per_s: float | None = None) -> float:
    """SERCA's ATP use at rest as % of the whole muscle's resting ATP turnover.

    The turnover is the energy model's ``resting_demand_mM_per_s`` (read, not typed).
    """
    if resting_atp_mM_per_s is None:
        from .energy import EnergyParams
        resting_atp_mM_per_s = EnergyParams().resting_demand_mM_per_s
    return 100.0 * rest.serca_atp_uM_per_s / 1000.0 / resting_atp_mM_per_s


def twitch_metrics(run: CalciumRun) -> dict[str, float]:
    """Peak Δ[Ca²⁺] (µM) and full duration at half maximum (ms) of a Ca²⁺ transient."""
    c = run.ca_cyto_uM
    rise = c.max() - c[0]
    above = run.t_s[c > c[0] + 0.5 * rise]
    return {"peak_dca_uM": float(rise), "fdhm_ms": float((above[-1] - above[0]) * 1e3)}


def registry_predictions(params: CalciumParams | None = None) -> dict[str, float]:
    """The model's value for every row of book/data/validation/calcium.csv (row units)."""
    p = CalciumParams() if params is None else params
    rest = resting_state(p)
    twitch = twitch_metrics(simulate(100, 1, 0.2, p))
    ca50_70, _ = _ca50_and_fmax(p, 7.4, p.resting_pi_mM)
    ca50_62, _ = _ca50_and_fmax(p, 6.2, p.resting_pi_mM)
    fmax_drop = 100.0 * (1.0 - _ca50_and_fmax(p, 6.2, p.resting_pi_mM)[1] / _ca50_and_fmax(p, 7.0, p.resting_pi_mM)[1])
    return {
        "baylor2003_twitch_peak_dca_fast": twitch["peak_dca_uM"],
        "baylor2003_twitch_fdhm_fast": twitch["fdhm_ms"],
        "smith2013_serca_share_of_resting_atp_edl": serca_share_of_resting_atp_percent(rest),
        "fryer1996_sr_ca_content_fast": sr_content_per_litre_fibre_mM(rest, p),
        "fabiato1978_ca50_ratio_ph74_to_62": ca50_62 / ca50_70,
        "knuth2006_fmax_drop_ph62_30c": fmax_drop,
    }


# ---------------------------------------------------------------- figures for the chapters

PCA_AXIS_TITLE_HI = "pCa (बाएँ कम Ca²⁺, दाएँ अधिक Ca²⁺)"


def force_pca_slider_figure(conditions, params: CalciumParams | None = None, pca=None,
                            reference: str | None = None):
    """Force–pCa curves, one slider position per (pH, Pi) condition (chapter 6).

    ``conditions`` maps a Hindi label to ``(ph, pi_mM)``. The pCa axis is drawn as
    physiology figures draw it: high pCa (little Ca²⁺) on the left, so Ca²⁺ rises to
    the right. ``reference`` (a label of ``conditions``) stays visible as a dashed line.
    """
    import plotly.graph_objects as go

    from .figures import PALETTE, compact, slider_figure

    p = CalciumParams() if params is None else params
    pca = np.linspace(7.5, 4.5, 121) if pca is None else np.asarray(pca, dtype=float)
    curves = {k: force_pca(pca, ph=ph, pi_mM=pi, params=p) for k, (ph, pi) in conditions.items()}
    ref = reference if reference is not None else next(iter(conditions))
    static = [go.Scatter(x=compact(pca), y=compact(curves[ref]), name=f"{ref} (तुलना के लिए)",
                         line={"color": "#999999", "dash": "dash"})]
    runs = {k: [go.Scatter(x=compact(pca), y=compact(f), name=k, line={"color": PALETTE[1], "width": 3})]
            for k, f in curves.items()}
    fig = slider_figure(runs, slider_label="अवस्था", title="बल–pCa वक्र: अम्लीयता और फॉस्फेट",
                        x_title=PCA_AXIS_TITLE_HI, y_title="बल (अधिकतम का अंश)", static_traces=static)
    fig.update_xaxes(autorange="reversed")
    fig.update_yaxes(range=[0, 1.05])
    return fig, curves


def ca_force_slider_figure(runs, *, slider_label: str, title: str, force_names=None,
                           height_px: int = 480):
    """Two panels per slider position: free Ca²⁺ (left) and force (right) of a :class:`CalciumRun`.

    ``runs`` maps a slider label to one run or to a dict {legend name: run}; with a
    dict, every run adds its force trace to the right panel (e.g. two frequencies).
    """
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    from .figures import PALETTE, compact, slider_figure

    traces = {}
    for label, value in runs.items():
        group = value if isinstance(value, dict) else {"": value}
        out = []
        for j, (name, run) in enumerate(group.items()):
            t_ms = compact(run.t_s * 1000, 300)
            colour = PALETTE[(2 * j) % len(PALETTE)]
            out.append(go.Scatter(x=t_ms, y=compact(run.ca_cyto_uM, 300),
                                  name=f"मुक्त Ca²⁺ (µM){' ' + name if name else ''}",
                                  line={"color": colour, "width": 2}, xaxis="x", yaxis="y"))
            force_name = (force_names or {}).get(label, "बल (अधिकतम का अंश)")
            out.append(go.Scatter(x=t_ms, y=compact(run.force, 300),
                                  name=f"{force_name}{' ' + name if name else ''}",
                                  line={"color": PALETTE[(2 * j + 1) % len(PALETTE)], "width": 3},
                                  xaxis="x2", yaxis="y2"))
        traces[label] = out
    base = make_subplots(rows=1, cols=2, horizontal_spacing=0.14)
    fig = slider_figure(traces, slider_label=slider_label, title=title, x_title="", y_title="",
                        base=base, height_px=height_px)
    fig.update_xaxes(title_text="समय (ms)")
    fig.update_yaxes(title_text="मुक्त Ca²⁺ (µM)", col=1)
    fig.update_yaxes(title_text="बल (अधिकतम का अंश)", range=[0, 1.05], col=2)
    return fig
