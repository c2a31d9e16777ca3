"""Energy depletion in one working muscle: ATP, PCr, glycolysis, oxidation, pH, glycogen.

Units
-----
Concentrations are **mM of intracellular water** (what ³¹P-MRS reports), time is in
**s**, ATP fluxes are in **mM s⁻¹**. Muscle biopsies report mmol per kg dry muscle
(dm); resting ATP is 24.3 mmol/kg dm by biopsy (Hultman et al. 1967) and 8.2 mM by
MRS (Kemp et al. 2007), so 1 kg dm holds ≈ 2.96 L of cell water:
``c[mM] = c[mmol/kg dm] / 2.96`` (:func:`mmol_per_kg_dm_to_mM`,
:func:`mM_to_mmol_per_kg_dm`). Glycogen stays in biopsy units (mmol glucosyl units
per kg dm), as every paper reports it.

Model (one compartment, well mixed)
-----------------------------------
State: ``X = PCr + ATP`` (the high-energy phosphate pool, untouched by creatine
kinase), pH, lactate, glycogen, glycolytic activation ``a`` and the total adenine
nucleotide pool ``TAN = ATP + ADP`` (it falls only by AMP deamination to IMP).

* Creatine kinase (CK) is at equilibrium (Lawson & Veech 1979):
  ``K' = [ATP][Cr]/([ADP][PCr]) = K_CK·[H⁺]``; given X, TAN, total creatine and pH,
  PCr is the positive root of a quadratic (:func:`creatine_kinase_equilibrium`).
* ATP use ``J_use`` is the demand (an input), reduced when PCr is nearly used up
  (``PCr/(PCr + K_f)``: power must fall, the fatigue of substrate depletion) and
  when ATP nears zero.
* Oxidative phosphorylation is driven by the cytosolic ADP/ATP ratio (``oxidative_control
  = "adp_atp"``, reviewed by Kemp et al. 2015) or by free ADP (``"adp"``, Meyer 1988), and
  capped: ``J_ox = clip(J_rest + k·(s − s_rest), 0, J_ox,max)`` with ``s = ADP·ATP_rest/ATP``
  (or a Hill curve in s with the same slope at rest, ``oxidative_hill`` > 1), zero without
  oxygen. Near rest this is Meyer's (1988) linear model: PCr relaxes exponentially with
  ``τ = 1/(k·|ds/dX|)`` (:func:`pcr_time_constant_s`). With control by ADP alone, PCr
  recovery after a sprint stops near 76 % of rest because ATP (IMP formed) and pH stay
  low; with ADP/ATP it reaches the measured 85 % (Bogdanis et al. 1995).
* Acidosis inhibits oxidative phosphorylation (Jubrias et al. 2003): below pH 6.88 the
  response to ADP/ATP is scaled by 0.42 (``oxidative_acid_fraction``; 1 switches it off).
  Without it the single compartment rebuilds PCr too fast after a sprint (about 71 % at
  1.5 min against 65.0 ± 2.8 %). It acts on the response, not on the cap: applied to the
  cap as well it would change the sprint, whose parameters were fitted without it.
* Anaerobic glycolysis (glycogen → lactate, 1.5 ATP per lactate, 3 per glucosyl):
  ``J_gly = J_gly,max · a · f_pH · Gly/(Gly + K_Gly) · gate(I)``; ``a`` follows
  ``max(feed-forward(I), ADP feedback)`` with time constant ``τ_a``; ``gate(I)``
  is zero when the muscle does not contract, so glycolysis stops at once when
  contraction stops and cannot rebuild PCr in ischaemic recovery (Quistorff et
  al. 1993; Crowther et al. 2002).
* pH: ``β·dpH/dt = −(J_gly/1.5 + γ(pH)·dX/dt − λ·(pH_rest − pH))``: one H⁺ per
  lactate is the *net* bookkeeping of glycolysis with ATP turnover (which reaction
  physically releases the H⁺ is debated: Robergs et al. 2004, Böning & Maassen 2008);
  γ = 1/(1 + 10^(pH − pK)) H⁺ are taken up per PCr split (pK ≈ 6.75, ``pcr_proton_pka``);
  efflux λ (needs blood flow).
* Glycogen: ``dGly/dt = −2.96·[J_gly/3 + f_CHO·f_MG·max(J_ox − J_rest, 0)/ν_ox]``; the
  carbohydrate share f_CHO of the extra oxidative ATP rises with intensity and falls as
  glycogen falls (fitted to the RER of Watt et al. 2002), and the muscle-glycogen share
  f_MG of that carbohydrate falls too (blood glucose takes over).
* AMP deamination (optional): ``J_IMP = k_AMPD · AMP · AMP⁴/(AMP⁴ + K⁴) · (1 − IMP/IMP_max) · gate(I)``, ``AMP = K_AK·ADP²/ATP``;
  this is how ATP falls by ~30 % in a 30 s sprint.

Every published number the model is fitted to or compared with is a row of
``book/data/validation/energy.csv``; each calibrated parameter names its rows
(``fitted_to``) and :func:`registry_predictions` gives the model's value for every row.
Calibration: the first 30 s sprint of Bogdanis et al. (1996), the ATP fall of Bogdanis et
al. (1995), the PCr time constant of Ryan et al. (2013), the 4 h ride of Watt et al.
(2002). Consistency (not independent: same protocol or subjects as a calibration row):
end-of-sprint PCr, pH and lactate and the recovery at 1.5 and 6 min of Bogdanis et al.
(1995), the recovery at 3.8 min of Bogdanis et al. (1996). No row is a validation yet.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.integrate import solve_ivp

from .params import param, validate
from .validation import check_finite, check_nonnegative, check_positive, check_range

__all__ = [
    "ICW_L_PER_KG_DM",
    "EnergyParams",
    "EnergyState",
    "EnergyResult",
    "mmol_per_kg_dm_to_mM",
    "mM_to_mmol_per_kg_dm",
    "creatine_kinase_equilibrium",
    "apparent_ck_constant",
    "pcr_time_constant_s",
    "resting_state",
    "all_out_demand",
    "piecewise_demand",
    "repeated_sprints_demand",
    "simulate",
    "carbohydrate_fraction",
    "respiratory_exchange_ratio",
    "registry_predictions",
    "sprint_and_recovery",
    "endurance_ride",
    "WATT2002_GLYCOGEN_REST_MMOL_PER_KG_DM",
]

#: litres of intracellular water per kg dry muscle: 24.3 mmol/kg dm (biopsy ATP,
#: Hultman et al. 1967) / 8.2 mM (MRS ATP, Kemp et al. 2007) = 2.96.
ICW_L_PER_KG_DM = 24.3 / 8.2

# What the sprint parameters were fitted to (first sprints only; see the tests for
# what they are then compared with).
_SPRINT_FIT = ("bogdanis1996 (PCr 16.9 ± 1.4 % of rest after the first 30 s sprint); the same values also "
               "had to give the first 6 s sprint of gaitanos1993 (PCr −57 %, glycolysis ≈ PCr: abstract, no SD, "
               "so not a registry row)")
_SPRINT_ROWS = ("bogdanis1996_pcr_end_sprint",)


def mmol_per_kg_dm_to_mM(value_mmol_per_kg_dm):
    """Biopsy content (mmol per kg dry muscle) → concentration in cell water (mM)."""
    arr = np.asarray(value_mmol_per_kg_dm, dtype=float)
    _check_nonnegative_array("value_mmol_per_kg_dm", arr)
    out = arr / ICW_L_PER_KG_DM
    return float(out) if out.ndim == 0 else out


def mM_to_mmol_per_kg_dm(value_mM):
    """Concentration in cell water (mM) → biopsy content (mmol per kg dry muscle)."""
    arr = np.asarray(value_mM, dtype=float)
    _check_nonnegative_array("value_mM", arr)
    out = arr * ICW_L_PER_KG_DM
    return float(out) if out.ndim == 0 else out


def _check_nonnegative_array(name: str, arr: np.ndarray) -> None:
    if arr.dtype.kind not in "fiu":
        raise ValueError(f"{name} must be real numbers in [0, inf)")
    if not np.all(np.isfinite(arr)) or np.any(arr < 0):
        raise ValueError(f"{name} must be in [0, inf), got {arr!r}")


@dataclass(frozen=True)
class EnergyParams:
    """Parameters of the muscle energy model (defaults from the literature).

    Concentrations in mM of intracellular water, fluxes in mM s⁻¹ of ATP, glycogen in
    mmol glucosyl units per kg dry muscle.
    """

    # --- resting pools (31P-MRS, human calf/quadriceps) ---
    atp_rest_mM: float = param(8.2, unit="mM", low=0, low_inclusive=False, source="kemp2007",
                               note_hi="विश्राम में ATP")
    pcr_rest_mM: float = param(33.0, unit="mM", low=0, low_inclusive=False, source="kemp2007",
                               note_hi="विश्राम में फॉस्फोक्रिएटिन (PCr)")
    pi_rest_mM: float = param(4.5, unit="mM", low=0, source="kemp2007",
                              note_hi="विश्राम में अकार्बनिक फॉस्फेट (Pi)")
    total_creatine_mM: float = param(
        42.5, unit="mM", low=0, low_inclusive=False,
        source="assumed: PCr is ≈78 % of total creatine at rest in 31P-MRS work (kemp2007)",
        note_hi="कुल क्रिएटिन (PCr + Cr)")
    ph_rest: float = param(7.03, unit="pH", low=6.0, high=7.8,
                           source="assumed: typical resting cytosolic pH by 31P-MRS (7.0–7.1)", note_hi="विश्राम में कोशिका-द्रव्य का pH")
    ck_equilibrium_constant_per_M: float = param(
        1.66e9, unit="M⁻¹", low=0, low_inclusive=False, source="lawson1979",
        note_hi="क्रिएटिन काइनेज का साम्य-स्थिरांक ([ATP][Cr]/([ADP][PCr][H⁺]))")
    # --- ATP demand ---
    resting_demand_mM_per_s: float = param(
        0.01, unit="mM/s", low=0, low_inclusive=False,
        source="assumed: resting ATP turnover ≈0.6 mM/min, small against exercise fluxes",
        note_hi="विश्राम में ATP की खपत")
    all_out_peak_demand_mM_per_s: float = param(7.42, unit="mM/s", low=0, low_inclusive=False, calibrated=True, fitted_to=_SPRINT_ROWS,
        source=_SPRINT_FIT,
        note_hi="पूरी ताकत वाली स्प्रिंट के आरंभ में ATP की माँग")
    all_out_end_fraction: float = param(0.203, unit="1", low=0, high=1, calibrated=True, fitted_to=_SPRINT_ROWS,
        source=_SPRINT_FIT,
        note_hi="लंबी स्प्रिंट में माँग जिस अंश तक गिरती है")
    all_out_decay_tau_s: float = param(17.2, unit="s", low=0, low_inclusive=False, calibrated=True, fitted_to=_SPRINT_ROWS,
        source=_SPRINT_FIT,
        note_hi="स्प्रिंट में माँग घटने का समय-स्थिरांक")
    # --- glycolysis ---
    glycolysis_max_mM_per_s: float = param(3.83, unit="mM/s", low=0, calibrated=True, fitted_to=_SPRINT_ROWS,
        source=_SPRINT_FIT + " (3.83 mM/s = 11 mmol ATP/kg dm/s)",
        note_hi="अवायवीय ग्लाइकोलिसिस की अधिकतम ATP दर")
    glycolysis_activation_tau_s: float = param(1.0, unit="s", low=0, low_inclusive=False, calibrated=True, fitted_to=_SPRINT_ROWS,
        source=_SPRINT_FIT,
        note_hi="ग्लाइकोलिसिस के सक्रिय होने का समय-स्थिरांक")
    glycolysis_intensity_threshold: float = param(0.1, unit="1", low=0, high=1, high_inclusive=False,
        source="assumed: full feed-forward (Ca²⁺, adrenaline) activation only in near all-out work",
        note_hi="सापेक्ष तीव्रता जिसके ऊपर ग्लाइकोलिसिस सीधे सक्रिय होता है")
    glycolysis_adp_half_mM: float = param(
        0.2, unit="mM", low=0, low_inclusive=False,
        source="assumed: glycolysis is switched on by ADP only once PCr is well depleted (free ADP ≈0.15–0.25 mM)",
        note_hi="ADP जिस पर ग्लाइकोलिसिस आधा सक्रिय होता है")
    glycolysis_adp_hill: float = param(
        4.0, unit="1", low=1, source="assumed: steep switch-on",
        note_hi="ADP-सक्रियण की ढलान (हिल गुणांक)")
    glycolysis_ph_zero: float = param(
        6.3, unit="pH", low=6.0, high=7.8,
        source="assumed: phosphofructokinase is inhibited by H⁺, so glycolysis stops in deep acidosis",
        note_hi="pH जिस पर ग्लाइकोलिसिस रुक जाता है")
    glycolysis_ph_full: float = param(6.6, unit="pH", low=6.0, high=7.8, source="assumed, as glycolysis_ph_zero",
        note_hi="pH जिसके ऊपर अम्लीयता ग्लाइकोलिसिस नहीं रोकती")
    glycogen_half_mmol_per_kg_dm: float = param(
        30.0, unit="mmol/kg dm", low=0, low_inclusive=False,
        source="assumed: glycogen limits phosphorylase only when nearly exhausted",
        note_hi="ग्लाइकोजन जिस पर ग्लाइकोलिसिस आधी रह जाती है")
    # --- oxidative phosphorylation ---
    oxidative_max_mM_per_s: float = param(
        1.16, unit="mM/s", low=0, low_inclusive=False,
        source="conley2000 (maximal oxidative ATP rate of vastus lateralis from PCr recovery: 1.16 mM/s in adults, 0.61 mM/s in the elderly)",
        note_hi="पेशी की अधिकतम ऑक्सीकरणी ATP-दर (माइटोकॉन्ड्रिया की क्षमता; पूरे शरीर के V̇O₂max से अलग)")
    oxidative_control: str = param(
        "adp_atp", unit="-", check=False,
        source="kemp2015 (oxidative ATP synthesis is driven by the cytosolic ADP/ATP ratio, "
               "the kinetic face of the phosphorylation potential); 'adp' = Meyer's control by free ADP (meyer1988)",
        note_hi="ऑक्सीकरण को नियंत्रित करने वाला संकेत: ADP/ATP अनुपात ('adp_atp') या केवल मुक्त ADP ('adp')")
    oxidative_hill: float = param(
        1.0, unit="1", low=1, high=4,
        source="kemp2015 (oxidative ATP synthesis rises steeply, at least second order, with ADP: Jeneson et al. 1996); "
               "1 = linear (Meyer); for n > 1 a Hill curve whose slope at rest equals oxidative_adp_gain_per_s",
        note_hi="ऑक्सीकरणी दर की संकेत पर निर्भरता की ढलान (हिल गुणांक; 1 = रैखिक)")
    oxidative_acid_ph: float = param(
        6.88, unit="pH", low=6.0, high=7.8,
        source="jubrias2003 (below pH 6.88 oxidative flux did not rise further although ADP rose, in leg and hand muscle)",
        note_hi="pH जिसके नीचे अम्लीयता ऑक्सीकरण को रोकने लगती है")
    oxidative_acid_fraction: float = param(
        0.42, unit="1", low=0, high=1, low_inclusive=False,
        source="jubrias2003 (leg, sustained acidotic exercise: highest oxidative flux 0.38 ± 0.06 mM/s against a "
               "capacity of 0.90 ± 0.14 mM/s, ratio 0.42); applied to the response to ADP/ATP, not to the cap; "
               "1 = no inhibition",
        note_hi="अम्लीयता में ऑक्सीकरण की ADP/ATP-प्रतिक्रिया का बचा अंश (1 = कोई रोक नहीं)")
    oxidative_acid_ph_width: float = param(
        0.02, unit="pH", low=0, high=0.5, low_inclusive=False,
        source="assumed: a smooth switch over 0.02 pH keeps the right-hand side continuous for the solver "
               "(the recovery rows change by < 0.1 % of rest between widths 0.005 and 0.1)",
        note_hi="pH की वह चौड़ाई जिसमें अम्लीयता की रोक धीरे-धीरे लागू होती है")
    oxidative_adp_gain_per_s: float = param(
        17.3, unit="1/s", low=0, low_inclusive=False, calibrated=True,
        fitted_to=("ryan2013_pcr_recovery_tau",),
        source="meyer1988 linear model; gain chosen so that the PCr time constant near rest is ≈30 s "
               "(ryan2013: 31.5 ± 8.5 s after ~10 s of plantar flexion)",
        note_hi="ADP (विश्राम के ATP पर) बढ़ने पर ऑक्सीकरणी ATP-दर कितनी बढ़ती है")
    # --- pH and lactate ---
    buffer_capacity_mM_per_pH: float = param(73.0, unit="mM/pH", low=0, low_inclusive=False, calibrated=True,
        fitted_to=("bogdanis1996_ph_end_sprint",),
        source="bogdanis1996 (pH 6.69 ± 0.02 after the first 30 s sprint)",
        note_hi="कोशिका-द्रव्य की बफर क्षमता")
    pcr_proton_pka: float = param(
        6.75, unit="pH", low=6.0, high=7.8,
        source="kemp2015 (H⁺ taken up per PCr split, γ = 1/(1 + 10^(pH − pK)), pK of inorganic phosphate ≈ 6.75)",
        note_hi="Pi का pK: PCr टूटने पर ली गई H⁺ की मात्रा γ इसी से तय होती है")
    proton_efflux_rate_per_s: float = param(
        2.46e-3, unit="1/s", low=0,
        source="pan1991 (pH recovery half-time 4.7 min: ln 2 / 282 s)",
        note_hi="H⁺ के कोशिका से बाहर निकलने की दर-स्थिरांक")
    lactate_rest_mM: float = param(1.0, unit="mM", low=0,
                                   source="assumed: resting muscle lactate ≈3 mmol/kg dm",
                                   note_hi="विश्राम में लैक्टेट")
    lactate_removal_per_s: float = param(
        1.09e-3, unit="1/s", low=0, source="pan1991 (lactate half-time 10.6 min)",
        note_hi="लैक्टेट हटने (बाहर जाने और ऑक्सीकरण) की दर")
    # --- glycogen ---
    glycogen_rest_mmol_per_kg_dm: float = param(
        450.0, unit="mmol/kg dm", low=0, source="watt2002 (468 ± 49 mmol/kg dm)",
        note_hi="विश्राम में पेशी-ग्लाइकोजन (आहार पर निर्भर)")
    atp_per_glucosyl_oxidised: float = param(
        31.0, unit="1", low=0, low_inclusive=False,
        source="assumed: textbook stoichiometry, ≈30 ATP per glucose (P/O 2.5) +1 from glycogen phosphorolysis",
        note_hi="ग्लाइकोजन की एक ग्लूकोज इकाई के ऑक्सीकरण से बने ATP")
    cho_fraction_ref: float = param(0.70, unit="1", low=0, high=1, calibrated=True, fitted_to=("watt2002_rer_30min",),
        source="watt2002 (whole-body RER 0.89 ± 0.01 at 30 min; carbohydrate share of O₂ = (RER − 0.7)/0.3)",
        note_hi="भरे ग्लाइकोजन पर ऑक्सीकरण में कार्बोहाइड्रेट का हिस्सा")
    cho_glycogen_exponent: float = param(0.53, unit="1", low=0, calibrated=True, fitted_to=("watt2002_rer_150min",),
        source="watt2002 (RER falls to 0.83 ± 0.01 at 150 min as glycogen falls)",
        note_hi="ग्लाइकोजन घटने पर कार्बोहाइड्रेट-हिस्सा कितनी तेजी से घटता है (घातांक)")
    glycogen_share_exponent: float = param(1.64, unit="1", low=0, calibrated=True,
        fitted_to=("watt2002_glycogen_120min", "watt2002_glycogen_240min"),
        source="watt2002 (glycogen 468 → 217 → 144 mmol/kg dm: as glycogen falls, blood glucose replaces "
               "muscle glycogen in the carbohydrate oxidised)",
        note_hi="ऑक्सीकृत कार्बोहाइड्रेट में पेशी-ग्लाइकोजन का हिस्सा, ग्लाइकोजन घटने पर कितना घटता है (घातांक)")
    glycogen_oxidation_ref_mmol_per_kg_dm: float = param(
        468.0, unit="mmol/kg dm", low=0, low_inclusive=False, source="watt2002",
        note_hi="वह ग्लाइकोजन जिस पर ऊपर के हिस्से मापे गए")
    cho_full_intensity: float = param(
        0.5, unit="1", low=0, high=1, low_inclusive=False,
        source="assumed: carbohydrate share of oxidation rises with intensity (crossover), full above ≈50 % of maximal oxidative rate",
        note_hi="ऑक्सीकरणी तीव्रता जिसके ऊपर कार्बोहाइड्रेट-हिस्सा पूरा होता है")
    endurance_demand_fraction: float = param(0.57, unit="1", low=0, high=1, calibrated=True,
        fitted_to=("watt2002_glycogen_120min", "watt2002_glycogen_240min"),
        source="watt2002 (4 h cycling at 57 % of whole-body V̇O₂max): the vastus lateralis ATP turnover in that "
               "ride, as a fraction of its maximal oxidative rate, is not measured; fitted to the glycogen time course",
        note_hi="वॉट 2002 की सवारी (57 % V̇O₂max) में पेशी की ATP-खपत, उसकी अधिकतम ऑक्सीकरणी दर के अंश के रूप में")
    # --- adenine nucleotide loss ---
    adenylate_kinase_constant: float = param(
        1.0, unit="1", low=0, low_inclusive=False, source="lawson1979",
        note_hi="एडिनाइलेट काइनेज साम्य [ATP][AMP]/[ADP]²")
    amp_deaminase_rate_per_s: float = param(860.0, unit="1/s", low=0, calibrated=True,
        fitted_to=("bogdanis1995_atp_end_sprint",),
        source="bogdanis1995 (ATP 70.5 % of rest after a 30 s sprint)",
        note_hi="AMP → IMP दर (0 = एडिनीन न्यूक्लियोटाइड पूल संरक्षित)")
    amp_deaminase_half_amp_mM: float = param(
        0.005, unit="mM", low=0, low_inclusive=False,
        source="assumed: AMP deaminase works only once AMP rises far above rest (PCr nearly used up)",
        note_hi="AMP जिस पर AMP-डीएमिनेज आधा सक्रिय होता है")
    imp_max_mM: float = param(
        3.4, unit="mM", low=0, low_inclusive=False,
        source="assumed: IMP after exhausting sprints stays below ≈10 mmol/kg dm (≈40 % of the adenine pool)",
        note_hi="IMP की ऊपरी सीमा (AMP-डीएमिनेज का उत्पाद-अवरोध)")
    amp_deaminase_hill: float = param(
        4.0, unit="1", low=1,
        source="assumed: steep switch-on of AMP deaminase once PCr is nearly used up (no steady IMP formation in moderate work)",
        note_hi="AMP-डीएमिनेज के सक्रियण की ढलान (हिल गुणांक)")
    contraction_gate_width: float = param(
        0.01, unit="1", low=0, high=1, low_inclusive=False,
        source="assumed: demand more than 1 % of the way from rest to the all-out peak counts as contraction "
               "(a smooth ramp keeps the right-hand side continuous for the solver)",
        note_hi="सापेक्ष तीव्रता जिसके ऊपर पेशी 'संकुचन में' मानी जाती है (ग्लाइकोलिसिस का द्वार)")
    fatigue_half_pcr_mM: float = param(
        1.0, unit="mM", low=0, low_inclusive=False,
        source="assumed: power (ATP use) must fall once PCr is nearly used up (bogdanis1995: power recovers with PCr)",
        note_hi="PCr जिस पर ATP-खपत (शक्ति) आधी रह जाती है — ऊर्जा की कमी से थकान")
    atpase_half_atp_mM: float = param(
        0.1, unit="mM", low=0, low_inclusive=False,
        source="assumed: ATPases slow only when ATP nears zero (numerical guard)",
        note_hi="ATP जिस पर ATP-खपत आधी रह जाती है")

    def __post_init__(self):
        validate(self)
        if self.pcr_rest_mM >= self.total_creatine_mM:
            raise ValueError(
                f"pcr_rest_mM must be in (0, total_creatine_mM={self.total_creatine_mM:g}) mM, "
                f"got {self.pcr_rest_mM!r}")
        if self.oxidative_control not in ("adp_atp", "adp"):
            raise ValueError(f"oxidative_control must be 'adp_atp' or 'adp', got {self.oxidative_control!r}")
        if self.glycolysis_ph_full <= self.glycolysis_ph_zero:
            raise ValueError(
                f"glycolysis_ph_full must be in ({self.glycolysis_ph_zero:g}, 7.8], "
                f"got {self.glycolysis_ph_full!r}")
        if self.oxidative_max_mM_per_s < self.resting_demand_mM_per_s:
            raise ValueError(
                f"oxidative_max_mM_per_s must be in [resting_demand_mM_per_s="
                f"{self.resting_demand_mM_per_s:g}, inf) mM/s, got {self.oxidative_max_mM_per_s!r}")
        if self.all_out_peak_demand_mM_per_s <= self.resting_demand_mM_per_s:
            raise ValueError(
                f"all_out_peak_demand_mM_per_s must be in (resting_demand_mM_per_s="
                f"{self.resting_demand_mM_per_s:g}, inf) mM/s, got {self.all_out_peak_demand_mM_per_s!r}")


_FIELDS = (
    "t_s", "atp_mM", "adp_mM", "amp_mM", "pcr_mM", "cr_mM", "pi_mM", "imp_mM", "ph",
    "lactate_mM", "glycogen_mmol_per_kg_dm", "j_demand_mM_per_s", "j_glycolysis_mM_per_s",
    "j_oxidative_mM_per_s",
)


@dataclass(frozen=True)
class EnergyState:
    """One time point: concentrations (mM), pH, glycogen (mmol/kg dm), fluxes (mM/s)."""

    t_s: float
    atp_mM: float
    adp_mM: float
    amp_mM: float
    pcr_mM: float
    cr_mM: float
    pi_mM: float
    imp_mM: float
    ph: float
    lactate_mM: float
    glycogen_mmol_per_kg_dm: float
    j_demand_mM_per_s: float
    j_glycolysis_mM_per_s: float
    j_oxidative_mM_per_s: float


@dataclass(frozen=True)
class EnergyResult:
    """A run: the fields of :class:`EnergyState` as arrays over ``t_s``.

    ``j_demand_mM_per_s`` is the ATP use actually met (equal to the demand unless ATP
    nears zero). The ATP supplied by the PCr/ATP store is
    ``j_demand − j_glycolysis − j_oxidative``.
    """

    t_s: np.ndarray
    atp_mM: np.ndarray
    adp_mM: np.ndarray
    amp_mM: np.ndarray
    pcr_mM: np.ndarray
    cr_mM: np.ndarray
    pi_mM: np.ndarray
    imp_mM: np.ndarray
    ph: np.ndarray
    lactate_mM: np.ndarray
    glycogen_mmol_per_kg_dm: np.ndarray
    j_demand_mM_per_s: np.ndarray
    j_glycolysis_mM_per_s: np.ndarray
    j_oxidative_mM_per_s: np.ndarray

    def at(self, index: int) -> EnergyState:
        """The state at one output index."""
        return EnergyState(**{f: float(getattr(self, f)[index]) for f in _FIELDS})


# ---------------------------------------------------------------------------
# Creatine kinase and derived resting quantities
# ---------------------------------------------------------------------------

def apparent_ck_constant(ph, params: EnergyParams) -> float:
    """K' = [ATP][Cr]/([ADP][PCr]) = K_CK·[H⁺] (dimensionless; ≈155 at pH 7.03)."""
    return params.ck_equilibrium_constant_per_M * 10.0 ** (-np.asarray(ph, dtype=float))


def creatine_kinase_equilibrium(x_mM, tan_mM, ph, params: EnergyParams):
    """PCr, ATP and ADP (mM) at CK equilibrium for pool X = PCr + ATP and TAN = ATP + ADP.

    Solves (X − p)(TCr − p) = K'·p·(TAN − X + p) for p = PCr in closed form (the
    positive root of A·p² + B·p − X·TCr = 0, A = K' − 1, B = X + TCr + K'(TAN − X)).
    Works on scalars and arrays.
    """
    tcr = params.total_creatine_mM
    x = np.asarray(x_mM, dtype=float)
    tan = np.asarray(tan_mM, dtype=float)
    k = apparent_ck_constant(ph, params)
    a = k - 1.0
    b = x + tcr + k * (tan - x)
    c = x * tcr
    disc = np.sqrt(b * b + 4.0 * a * c)
    # two algebraically equal forms; pick the one without cancellation
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(b > 0, 2.0 * c / (b + disc), (disc - b) / (2.0 * a))
    atp = x - p
    adp = tan - atp
    if p.ndim == 0:
        return float(p), float(atp), float(adp)
    return p, atp, adp


def _ck_scalar(x: float, tan: float, ph: float, k_ck: float, tcr: float):
    """Fast scalar version of :func:`creatine_kinase_equilibrium` for the ODE."""
    k = k_ck * 10.0 ** (-ph)
    a = k - 1.0
    b = x + tcr + k * (tan - x)
    c = x * tcr
    disc = math.sqrt(b * b + 4.0 * a * c)
    p = 2.0 * c / (b + disc) if b > 0 else (disc - b) / (2.0 * a)
    atp = x - p
    return p, atp, tan - atp


def _resting_adp_mM(params: EnergyParams) -> float:
    k = params.ck_equilibrium_constant_per_M * 10.0 ** (-params.ph_rest)
    cr = params.total_creatine_mM - params.pcr_rest_mM
    return params.atp_rest_mM * cr / (k * params.pcr_rest_mM)


def _oxidative_signal(params: EnergyParams, adp, atp):
    """The control signal of oxidative ATP synthesis, in mM of ADP at resting ATP.

    ``adp_atp``: ADP/ATP × ATP_rest (equals free ADP while ATP is at rest); ``adp``: free ADP.
    """
    if params.oxidative_control == "adp":
        return adp
    atp = np.asarray(atp, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(atp > 1e-9, np.asarray(adp) / np.maximum(atp, 1e-12) * params.atp_rest_mM, 1e3)
    return float(out) if out.ndim == 0 else out


def _oxidative_drive(params: EnergyParams) -> Callable[[float], float]:
    """Extra oxidative ATP rate (mM/s) above rest as a function of the control signal (mM).

    Linear (``oxidative_hill`` = 1, Meyer 1988): ``k·(s − s_rest)``. Hill (n > 1):
    ``J_max·(h(s) − h(s_rest))`` with ``h = sⁿ/(sⁿ + Kⁿ)`` and K chosen so that the slope at
    rest is ``k``: both forms have the same linear limit near rest.
    """
    k, s0, n = params.oxidative_adp_gain_per_s, _resting_adp_mM(params), params.oxidative_hill
    if n == 1.0:
        return lambda s: k * (s - s0)
    jmax = params.oxidative_max_mM_per_s
    # slope of J_max·h at s0 is J_max·n·s0^(n−1)·Kⁿ/(s0ⁿ + Kⁿ)² = k  → solve for K (bisection in log K)
    def slope(kk):
        return jmax * n * s0 ** (n - 1) * kk ** n / (s0 ** n + kk ** n) ** 2
    lo, hi = s0, 1e3
    if slope(lo) < k:
        raise ValueError(
            f"oxidative_adp_gain_per_s must be at most {slope(lo):.3g} 1/s for oxidative_hill={n:g} "
            f"and oxidative_max_mM_per_s={jmax:g}, got {k!r}")
    for _ in range(200):
        mid = math.sqrt(lo * hi)
        lo, hi = (mid, hi) if slope(mid) > k else (lo, mid)
    kn = (lo * hi) ** (n / 2)
    h0 = s0 ** n / (s0 ** n + kn)

    def drive(s):
        sn = s ** n if s > 0 else 0.0
        return jmax * (sn / (sn + kn) - h0)

    return drive


def _acid_inhibition(params: EnergyParams) -> Callable[[float], float]:
    """Factor (0–1] on the oxidative response to ADP/ATP at a given pH (Jubrias et al. 2003).

    1 above ``oxidative_acid_ph``; ``oxidative_acid_fraction`` once pH is
    ``oxidative_acid_ph_width`` below it; linear in between. Resting muscle (pH 7.0) is
    untouched, so the PCr time constant near rest (Meyer's linear limit) does not change.
    """
    ph_full, frac, width = params.oxidative_acid_ph, params.oxidative_acid_fraction, params.oxidative_acid_ph_width
    ph_floor = ph_full - width

    def factor(ph: float) -> float:
        if ph >= ph_full:
            return 1.0
        if ph <= ph_floor:
            return frac
        return frac + (1.0 - frac) * (ph - ph_floor) / width

    return factor


def pcr_time_constant_s(params: EnergyParams | None = None) -> float:
    """Time constant (s) of PCr after a small step in demand near rest (Meyer 1988).

    With glycolysis off and pH constant, PCr relaxes as ``exp(−t/τ)`` with
    ``τ = 1/(k_ADP·|dADP/dX|)``; the derivative is taken through the CK equilibrium.
    """
    p = params if params is not None else EnergyParams()
    x0 = p.pcr_rest_mM + p.atp_rest_mM
    tan = p.atp_rest_mM + _resting_adp_mM(p)
    h = 1e-4
    _, atp_hi, adp_hi = creatine_kinase_equilibrium(x0 + h, tan, p.ph_rest, p)
    _, atp_lo, adp_lo = creatine_kinase_equilibrium(x0 - h, tan, p.ph_rest, p)
    dsignal_dx = (_oxidative_signal(p, adp_hi, atp_hi) - _oxidative_signal(p, adp_lo, atp_lo)) / (2 * h)
    # dX/dt = −k·(dsignal/dX)·ΔX near rest → X (and PCr) relax with τ = 1/(k·|dsignal/dX|)
    return 1.0 / (p.oxidative_adp_gain_per_s * abs(dsignal_dx))


# ---------------------------------------------------------------------------
# Demand profiles
# ---------------------------------------------------------------------------

class _Piecewise:
    """Callable demand made of segments; knows its breakpoints (for exact integration)."""

    def __init__(self, starts_s: Sequence[float], funcs: Sequence[Callable[[float], float]],
                 after: float):
        self.starts_s = list(starts_s)
        self.funcs = list(funcs)
        self.after = after
        self.breakpoints_s = tuple(self.starts_s[1:])

    def __call__(self, t_s: float) -> float:
        # segments are [start_i, start_{i+1}); the last start is where `after` begins
        for i in range(len(self.funcs)):
            if t_s < self.starts_s[i + 1]:
                return self.funcs[i](t_s - self.starts_s[i])
        return self.after


def _const(value: float) -> Callable[[float], float]:
    return lambda _t: value


def piecewise_demand(segments: Sequence[tuple[float, float]], after_mM_per_s: float | None = None,
                     params: EnergyParams | None = None):
    """Demand made of constant steps: ``[(duration_s, demand_mM_per_s), ...]``.

    After the last segment the demand is ``after_mM_per_s`` (default: resting demand).
    The returned callable carries its breakpoints, so :func:`simulate` integrates each
    step exactly.
    """
    p = params if params is not None else EnergyParams()
    starts, funcs, t = [0.0], [], 0.0
    for duration, value in segments:
        check_positive("duration_s", duration, unit="s")
        check_nonnegative("demand_mM_per_s", value, unit="mM/s")
        funcs.append(_const(float(value)))
        t += float(duration)
        starts.append(t)
    after = p.resting_demand_mM_per_s if after_mM_per_s is None else after_mM_per_s
    check_nonnegative("after_mM_per_s", after, unit="mM/s")
    return _Piecewise(starts, funcs, float(after))


def _all_out_profile(params: EnergyParams, scale: float) -> Callable[[float], float]:
    rest = params.resting_demand_mM_per_s
    extra = scale * (params.all_out_peak_demand_mM_per_s - rest)
    f_end, tau = params.all_out_end_fraction, params.all_out_decay_tau_s

    def profile(t_in_s: float) -> float:
        return rest + extra * (f_end + (1.0 - f_end) * math.exp(-t_in_s / tau))

    return profile


def all_out_demand(duration_s: float, params: EnergyParams | None = None, *,
                   intensity: float = 1.0, start_s: float = 0.0):
    """ATP demand of one all-out sprint (power falls during it), then rest.

    ``J(t) = J_rest + intensity·(J_peak − J_rest)·(f_end + (1 − f_end)·e^(−t/τ_f))``
    for ``start_s ≤ t < start_s + duration_s``; ``intensity`` in (0, 1] scales the effort.
    """
    p = params if params is not None else EnergyParams()
    check_positive("duration_s", duration_s, unit="s")
    check_range("intensity", intensity, 0.0, 1.0, low_inclusive=False)
    check_nonnegative("start_s", start_s, unit="s")
    rest = _const(p.resting_demand_mM_per_s)
    profile = _all_out_profile(p, float(intensity))
    if start_s > 0:
        return _Piecewise([0.0, start_s, start_s + duration_s], [rest, profile],
                          p.resting_demand_mM_per_s)
    return _Piecewise([0.0, duration_s], [profile], p.resting_demand_mM_per_s)


def repeated_sprints_demand(n_sprints: int, sprint_s: float, rest_s: float,
                            params: EnergyParams | None = None, *, intensity: float = 1.0):
    """``n_sprints`` all-out sprints of ``sprint_s`` separated by ``rest_s`` of rest.

    Each sprint starts from the peak demand again (the demand is prescribed; the
    model shows what it costs the muscle).
    """
    p = params if params is not None else EnergyParams()
    if isinstance(n_sprints, bool) or not isinstance(n_sprints, (int, np.integer)) or n_sprints < 1:
        raise ValueError(f"n_sprints must be a whole number >= 1, got {n_sprints!r}")
    check_positive("sprint_s", sprint_s, unit="s")
    check_positive("rest_s", rest_s, unit="s")
    check_range("intensity", intensity, 0.0, 1.0, low_inclusive=False)
    profile = _all_out_profile(p, float(intensity))
    rest = _const(p.resting_demand_mM_per_s)
    starts, funcs, t = [0.0], [], 0.0
    for i in range(int(n_sprints)):
        funcs.append(profile)
        t += sprint_s
        starts.append(t)
        if i < n_sprints - 1:
            funcs.append(rest)
            t += rest_s
            starts.append(t)
    return _Piecewise(starts, funcs, p.resting_demand_mM_per_s)


# ---------------------------------------------------------------------------
# The ODE
# ---------------------------------------------------------------------------

def resting_state(params: EnergyParams | None = None) -> EnergyState:
    """The resting steady state (demand = ``resting_demand_mM_per_s``, oxygen on)."""
    p = params if params is not None else EnergyParams()
    adp = _resting_adp_mM(p)
    return EnergyState(
        t_s=0.0,
        atp_mM=p.atp_rest_mM,
        adp_mM=adp,
        amp_mM=p.adenylate_kinase_constant * adp * adp / p.atp_rest_mM,
        pcr_mM=p.pcr_rest_mM,
        cr_mM=p.total_creatine_mM - p.pcr_rest_mM,
        pi_mM=p.pi_rest_mM,
        imp_mM=0.0,
        ph=p.ph_rest,
        lactate_mM=p.lactate_rest_mM,
        glycogen_mmol_per_kg_dm=p.glycogen_rest_mmol_per_kg_dm,
        j_demand_mM_per_s=p.resting_demand_mM_per_s,
        j_glycolysis_mM_per_s=0.0,
        j_oxidative_mM_per_s=p.resting_demand_mM_per_s,
    )


def _make_rhs(p: EnergyParams, demand: Callable[[float], float], oxygen: Callable[[float], bool]):
    """Right-hand side for y = [X, pH, lactate, glycogen, a, TAN]; scalar maths for speed."""
    k_ck, tcr = p.ck_equilibrium_constant_per_M, p.total_creatine_mM
    j_rest, j_peak = p.resting_demand_mM_per_s, p.all_out_peak_demand_mM_per_s
    adp_rest = _resting_adp_mM(p)
    atp_rest = p.atp_rest_mM
    k_atp = p.atpase_half_atp_mM
    k_fat = p.fatigue_half_pcr_mM
    use_norm = (atp_rest + k_atp) / atp_rest * (p.pcr_rest_mM + k_fat) / p.pcr_rest_mM
    j_gly_max, tau_a = p.glycolysis_max_mM_per_s, p.glycolysis_activation_tau_s
    i_t = p.glycolysis_intensity_threshold
    kg_n = p.glycolysis_adp_half_mM ** p.glycolysis_adp_hill
    n_g = p.glycolysis_adp_hill
    ph0, ph1 = p.glycolysis_ph_zero, p.glycolysis_ph_full
    k_gly = p.glycogen_half_mmol_per_kg_dm
    j_ox_max, k_adp = p.oxidative_max_mM_per_s, p.oxidative_adp_gain_per_s
    beta, ph_rest = p.buffer_capacity_mM_per_pH, p.ph_rest
    lam = beta * p.proton_efflux_rate_per_s  # H+ efflux, mM s⁻¹ per pH unit
    lac_rest, k_lac = p.lactate_rest_mM, p.lactate_removal_per_s
    nu_ox = p.atp_per_glucosyl_oxidised
    cho_ref, a_cho, b_mg = p.cho_fraction_ref, p.cho_glycogen_exponent, p.glycogen_share_exponent
    g_ref = p.glycogen_oxidation_ref_mmol_per_kg_dm
    by_ratio = p.oxidative_control == "adp_atp"
    ox_drive = _oxidative_drive(p)
    acid_factor = _acid_inhibition(p)
    gate_w = p.contraction_gate_width
    pka = p.pcr_proton_pka
    n_ampd = p.amp_deaminase_hill
    r_cho = p.cho_full_intensity
    k_ak, k_ampd = p.adenylate_kinase_constant, p.amp_deaminase_rate_per_s
    k_ampn = p.amp_deaminase_half_amp_mM ** p.amp_deaminase_hill
    tan0, imp_max = p.atp_rest_mM + _resting_adp_mM(p), p.imp_max_mM
    icw = ICW_L_PER_KG_DM

    def rhs(t, y):
        x, ph, lac, gly, a, tan = y
        j_dem = demand(t)
        if not (0.0 <= j_dem < math.inf):
            raise ValueError(f"demand_mM_per_s must be in [0, inf) mM/s, got {j_dem!r} at t={t:g} s")
        o2 = 1.0 if oxygen(t) else 0.0
        # keep the algebra defined if a trial step of the solver overshoots
        x = max(x, 1e-9)
        tan = max(tan, 1e-9)
        ph_c = min(max(ph, 5.5), 8.0)
        gly = max(gly, 0.0)
        pcr, atp, adp = _ck_scalar(x, tan, ph_c, k_ck, tcr)
        atp = max(atp, 0.0)
        adp = max(adp, 0.0)
        # ATP use: the demand, slowed only when ATP nears zero
        j_use = j_dem * use_norm * atp / (atp + k_atp) * max(pcr, 0.0) / (max(pcr, 0.0) + k_fat)
        intensity = (j_dem - j_rest) / (j_peak - j_rest)
        intensity = 0.0 if intensity < 0.0 else (1.0 if intensity > 1.0 else intensity)
        gate = min(1.0, intensity / gate_w)
        # glycolysis
        u_ff = max(0.0, (intensity - i_t) / (1.0 - i_t))
        adp_n = adp ** n_g
        target = max(u_ff, adp_n / (adp_n + kg_n))
        f_ph = min(1.0, max(0.0, (ph_c - ph0) / (ph1 - ph0)))
        a_c = min(max(a, 0.0), 1.0)
        j_gly = j_gly_max * a_c * f_ph * gly / (gly + k_gly) * gate
        # oxidative phosphorylation: driven by ADP/ATP (or free ADP), capped, none without oxygen
        signal = (adp / atp * atp_rest if atp > 1e-9 else 1e3) if by_ratio else adp
        j_ox = o2 * min(j_ox_max, max(0.0, j_rest + acid_factor(ph_c) * ox_drive(signal)))
        # AMP deamination (adenylate kinase: 2 ADP -> ATP + AMP; AMP -> IMP)
        amp = k_ak * adp * adp / atp if atp > 0 else 0.0
        # AMP deaminase switches on only when AMP rises steeply (PCr nearly used
        # up), not in steady moderate work
        ampn = amp ** n_ampd
        # ... and slows as IMP accumulates (product inhibition), so ATP never collapses
        room = max(0.0, 1.0 - (tan0 - tan) / imp_max)
        j_imp = k_ampd * amp * ampn / (ampn + k_ampn) * gate * room
        dx = j_ox + j_gly - j_use + j_imp
        gamma = 1.0 / (1.0 + 10.0 ** (ph_c - pka))
        dph = -(j_gly / 1.5 + gamma * dx - o2 * lam * (ph_rest - ph)) / beta
        dlac = j_gly / 1.5 - o2 * k_lac * (lac - lac_rest)
        # carbohydrate share of the extra oxidative ATP (rises with intensity, falls as
        # glycogen runs low: RER, Watt et al. 2002) times the share of that carbohydrate
        # which is muscle glycogen (falls as glycogen runs low; blood glucose takes over)
        rel = gly / g_ref
        f_cho = min(1.0, cho_ref * min(1.0, j_ox / (r_cho * j_ox_max)) * rel ** a_cho)
        share = f_cho * min(1.0, rel ** b_mg)
        dgly = -icw * (j_gly / 3.0 + share * max(j_ox - j_rest, 0.0) / nu_ox)
        da = (target - a) / tau_a
        dtan = -j_imp
        return [dx, dph, dlac, dgly, da, dtan]

    return rhs


def _fluxes(p: EnergyParams, t, y, demand, oxygen):
    """Observables on the output grid (vectorised, same formulas as the ODE)."""
    x, ph, lac, gly, a, tan = y
    pcr, atp, adp = creatine_kinase_equilibrium(x, tan, ph, p)
    atp = np.maximum(atp, 0.0)
    adp = np.maximum(adp, 0.0)
    j_dem = np.array([demand(ti) for ti in t])
    o2 = np.array([1.0 if oxygen(ti) else 0.0 for ti in t])
    j_rest, j_peak = p.resting_demand_mM_per_s, p.all_out_peak_demand_mM_per_s
    k_atp = p.atpase_half_atp_mM
    k_fat = p.fatigue_half_pcr_mM
    pcr_c = np.maximum(pcr, 0.0)
    j_use = (j_dem * (p.atp_rest_mM + k_atp) / p.atp_rest_mM * atp / (atp + k_atp)
             * (p.pcr_rest_mM + k_fat) / p.pcr_rest_mM * pcr_c / (pcr_c + k_fat))
    intensity = np.clip((j_dem - j_rest) / (j_peak - j_rest), 0.0, 1.0)
    gate = np.minimum(1.0, intensity / p.contraction_gate_width)
    f_ph = np.clip((ph - p.glycolysis_ph_zero) / (p.glycolysis_ph_full - p.glycolysis_ph_zero), 0, 1)
    glyc = np.maximum(gly, 0.0)
    j_gly = (p.glycolysis_max_mM_per_s * np.clip(a, 0, 1) * f_ph * glyc
             / (glyc + p.glycogen_half_mmol_per_kg_dm) * gate)
    drive = _oxidative_drive(p)
    signal = np.atleast_1d(_oxidative_signal(p, adp, atp))
    acid = _acid_inhibition(p)
    ph_c = np.clip(np.atleast_1d(ph), 5.5, 8.0)
    j_ox = o2 * np.clip(j_rest + np.array([acid(h) * drive(v) for h, v in zip(ph_c, signal)]),
                        0.0, p.oxidative_max_mM_per_s)
    with np.errstate(divide="ignore", invalid="ignore"):
        amp = np.where(atp > 0, p.adenylate_kinase_constant * adp * adp / atp, 0.0)
    tan0 = p.atp_rest_mM + _resting_adp_mM(p)
    imp = tan0 - tan
    # total phosphate PCr + 3 ATP + 2 ADP + Pi + IMP is conserved (AMP is lumped with
    # ADP in TAN; hexose phosphates are neglected)
    rest = resting_state(p)
    p_total = rest.pcr_mM + 3 * rest.atp_mM + 2 * rest.adp_mM + rest.pi_mM
    pi = p_total - pcr - 3 * atp - 2 * adp - imp
    return {
        "atp_mM": atp, "adp_mM": adp, "amp_mM": amp, "pcr_mM": pcr,
        "cr_mM": p.total_creatine_mM - pcr, "pi_mM": pi, "imp_mM": imp, "ph": np.asarray(ph),
        "lactate_mM": np.asarray(lac),
        # the ODE uses max(Gly, 0); a solver step may undershoot zero by round-off near exhaustion
        "glycogen_mmol_per_kg_dm": np.maximum(np.asarray(gly), 0.0),
        "j_demand_mM_per_s": j_use, "j_glycolysis_mM_per_s": j_gly, "j_oxidative_mM_per_s": j_ox,
    }


def carbohydrate_fraction(result: EnergyResult, params: EnergyParams | None = None) -> np.ndarray:
    """Carbohydrate share of the extra oxidative ATP over a run (same formula as the ODE)."""
    p = params if params is not None else EnergyParams()
    rel = np.maximum(result.glycogen_mmol_per_kg_dm, 0.0) / p.glycogen_oxidation_ref_mmol_per_kg_dm
    intensity = np.minimum(1.0, result.j_oxidative_mM_per_s / (p.cho_full_intensity * p.oxidative_max_mM_per_s))
    return np.minimum(1.0, p.cho_fraction_ref * intensity * rel ** p.cho_glycogen_exponent)


def respiratory_exchange_ratio(cho_fraction):
    """Non-protein RER from the carbohydrate share of O₂ uptake: 0.7 (fat only) to 1.0 (carbohydrate only)."""
    return 0.7 + 0.3 * np.asarray(cho_fraction, dtype=float)


def _as_demand(demand) -> tuple[Callable[[float], float], tuple[float, ...]]:
    if callable(demand):
        return demand, tuple(getattr(demand, "breakpoints_s", ()))
    value = check_nonnegative("demand_mM_per_s", demand, unit="mM/s")
    return _const(value), ()


def _as_oxygen(oxygen) -> tuple[Callable[[float], bool], tuple[float, ...]]:
    if isinstance(oxygen, (bool, np.bool_)):
        flag = bool(oxygen)
        return (lambda _t: flag), ()
    if callable(oxygen):
        return oxygen, tuple(getattr(oxygen, "breakpoints_s", ()))
    raise ValueError(f"oxygen must be True, False or a callable t_s -> bool, got {oxygen!r}")


def simulate(demand_mM_per_s, t_end_s: float, params: EnergyParams | None = None,
             oxygen=True, *, n_points: int = 601, t_eval_s=None, breakpoints_s=(),
             max_step_s: float | None = None, rtol: float = 1e-6) -> EnergyResult:
    """Run the model from rest for ``t_end_s`` seconds.

    ``demand_mM_per_s``: the muscle's total ATP turnover, a number or a callable
    ``t_s -> mM/s`` (``params.resting_demand_mM_per_s`` is rest; see
    :func:`all_out_demand`, :func:`repeated_sprints_demand`, :func:`piecewise_demand`).
    ``oxygen``: bool or callable ``t_s -> bool`` (False: blood flow occluded, no
    oxidative ATP, no H⁺ or lactate efflux).
    Times where the demand or oxygen jump (``breakpoints_s``, or a ``breakpoints_s``
    attribute of the callables) are integration restarts, so steps are never
    smeared. Output on ``n_points`` evenly spaced times, or on ``t_eval_s``.
    """
    p = params if params is not None else EnergyParams()
    if not isinstance(p, EnergyParams):
        raise ValueError(f"params must be an EnergyParams, got {type(p).__name__}")
    t_end = check_positive("t_end_s", t_end_s, unit="s")
    demand, bp_d = _as_demand(demand_mM_per_s)
    oxy, bp_o = _as_oxygen(oxygen)
    for b in breakpoints_s:
        check_nonnegative("breakpoints_s", b, unit="s")
    if t_eval_s is None:
        if isinstance(n_points, bool) or not isinstance(n_points, (int, np.integer)) or n_points < 2:
            raise ValueError(f"n_points must be a whole number >= 2, got {n_points!r}")
        t_eval = np.linspace(0.0, t_end, int(n_points))
    else:
        t_eval = np.asarray(t_eval_s, dtype=float)
        if t_eval.ndim != 1 or t_eval.size < 1 or not np.all(np.isfinite(t_eval)):
            raise ValueError("t_eval_s must be a 1-D array of finite times in [0, t_end_s]")
        if np.any(np.diff(t_eval) <= 0) or t_eval[0] < 0 or t_eval[-1] > t_end:
            raise ValueError("t_eval_s must be strictly increasing and in [0, t_end_s]")
    if max_step_s is None:
        # a callable without declared breakpoints may hide steps: do not stride over them
        plain_callable = callable(demand_mM_per_s) and not bp_d
        max_step = 0.5 if plain_callable else math.inf
    else:
        max_step = check_positive("max_step_s", max_step_s, unit="s")

    # Breakpoints closer than round-off to another edge (e.g. a sprint that ends at
    # t_end computed by another sum of floats) would make an empty segment that
    # LSODA refuses; they are dropped.
    tol_s = 1e-9 * max(1.0, t_end)
    edges = [0.0]
    for b in sorted(b for b in (*bp_d, *bp_o, *breakpoints_s) if tol_s < b < t_end - tol_s):
        if b - edges[-1] > tol_s:
            edges.append(b)
    edges.append(t_end)
    rhs = _make_rhs(p, demand, oxy)
    rest = resting_state(p)
    a_rest = _glycolytic_activation_rest(p)
    y = np.array([rest.pcr_mM + rest.atp_mM, rest.ph, rest.lactate_mM,
                  rest.glycogen_mmol_per_kg_dm, a_rest, rest.atp_mM + rest.adp_mM])
    ts, ys = [], []
    for i, (t0, t1) in enumerate(zip(edges[:-1], edges[1:])):
        last = i == len(edges) - 2
        mask = (t_eval >= t0) & ((t_eval <= t1) if last else (t_eval < t1))
        wanted = t_eval[mask]
        grid = wanted if (wanted.size and wanted[-1] == t1) else np.append(wanted, t1)
        sol = solve_ivp(rhs, (t0, t1), y, method="LSODA", t_eval=grid,
                        rtol=rtol, atol=1e-9, max_step=max_step)
        if not sol.success:  # pragma: no cover - the solver reports why
            raise RuntimeError(f"integration failed between {t0:g} and {t1:g} s: {sol.message}")
        if wanted.size:
            ts.append(sol.t[: wanted.size])
            ys.append(sol.y[:, : wanted.size])
        y = sol.y[:, -1].copy()
    t = np.concatenate(ts)
    yy = np.concatenate(ys, axis=1)
    obs = _fluxes(p, t, yy, demand, oxy)
    return EnergyResult(t_s=t, **obs)


def _glycolytic_activation_rest(p: EnergyParams) -> float:
    adp = _resting_adp_mM(p)
    n = p.glycolysis_adp_hill
    return adp ** n / (adp ** n + p.glycolysis_adp_half_mM ** n)


# ---------------------------------------------------------------------------
# Published data (book/data/validation/energy.csv)
# ---------------------------------------------------------------------------

#: Muscle glycogen at rest in Watt et al. (2002), the starting value of their 4 h ride (an input).
WATT2002_GLYCOGEN_REST_MMOL_PER_KG_DM = 468.0


def sprint_and_recovery(params: EnergyParams | None = None, *, sprint_s: float = 30.0,
                        recovery_s: float = 360.0, n_points: int = 781) -> EnergyResult:
    """One all-out sprint, then recovery with oxygen (the Bogdanis et al. 1995 design)."""
    p = params if params is not None else EnergyParams()
    return simulate(all_out_demand(sprint_s, p), sprint_s + recovery_s, p, n_points=n_points)


def endurance_ride(params: EnergyParams | None = None, *, hours: float = 4.0,
                   glycogen_start_mmol_per_kg_dm: float | None = None, n_points: int = 241) -> EnergyResult:
    """Steady oxidative work at ``endurance_demand_fraction`` of the maximal oxidative rate.

    With the defaults this is the 4 h ride of Watt et al. (2002) at 57 % of whole-body
    V̇O₂max, which is *not* 57 % of the muscle's maximal oxidative rate: the muscle's
    share was fitted to the glycogen time course (``endurance_demand_fraction``).
    """
    p = params if params is not None else EnergyParams()
    check_positive("hours", hours, unit="h")
    if glycogen_start_mmol_per_kg_dm is not None:
        check_nonnegative("glycogen_start_mmol_per_kg_dm", glycogen_start_mmol_per_kg_dm, unit="mmol/kg dm")
        p = dataclasses.replace(p, glycogen_rest_mmol_per_kg_dm=float(glycogen_start_mmol_per_kg_dm))
    demand = p.endurance_demand_fraction * p.oxidative_max_mM_per_s
    return simulate(demand, hours * 3600.0, p, n_points=n_points)


def registry_predictions(params: EnergyParams | None = None) -> dict[str, float]:
    """The model's value for every row of ``book/data/validation/energy.csv`` (row units)."""
    p = params if params is not None else EnergyParams()
    sprint = simulate(all_out_demand(30.0, p), 390.0, p,
                      t_eval_s=np.array([0.0, 30.0, 30.0 + 90.0, 30.0 + 228.0, 30.0 + 360.0]))
    during = simulate(all_out_demand(30.0, p), 30.0, p, n_points=1201)
    anaerobic_mM = float(np.trapezoid(during.j_demand_mM_per_s - during.j_oxidative_mM_per_s, during.t_s))
    pcr = 100.0 * sprint.pcr_mM / p.pcr_rest_mM
    atp = 100.0 * sprint.atp_mM / p.atp_rest_mM
    ride = endurance_ride(p, glycogen_start_mmol_per_kg_dm=WATT2002_GLYCOGEN_REST_MMOL_PER_KG_DM,
                          n_points=9)  # every 30 min
    rer = respiratory_exchange_ratio(carbohydrate_fraction(ride, p))
    at_min = {int(round(t / 60.0)): i for i, t in enumerate(ride.t_s)}
    return {
        "bogdanis1996_pcr_end_sprint": float(pcr[1]),
        "bogdanis1996_ph_end_sprint": float(sprint.ph[1]),
        "bogdanis1995_atp_end_sprint": float(atp[1]),
        "bogdanis1995_pcr_end_sprint": float(pcr[1]),
        "bogdanis1995_ph_end_sprint": float(sprint.ph[1]),
        "bogdanis1995_lactate_end_sprint": float(mM_to_mmol_per_kg_dm(sprint.lactate_mM[1])),
        "bogdanis1995_pcr_recovery_1_5min": float(pcr[2]),
        "bogdanis1995_pcr_recovery_6min": float(pcr[4]),
        "bogdanis1995_ph_recovery_6min": float(sprint.ph[4]),
        "bogdanis1996_anaerobic_atp_sprint": float(mM_to_mmol_per_kg_dm(anaerobic_mM)),
        "bogdanis1996_pcr_recovery_3_8min": float(pcr[3]),
        "bogdanis1996_ph_recovery_3_8min": float(sprint.ph[3]),
        "ryan2013_pcr_recovery_tau": float(pcr_time_constant_s(p)),
        "watt2002_glycogen_120min": float(ride.glycogen_mmol_per_kg_dm[at_min[120]]),
        "watt2002_glycogen_240min": float(ride.glycogen_mmol_per_kg_dm[at_min[240]]),
        "watt2002_rer_30min": float(rer[at_min[30]]),
        "watt2002_rer_150min": float(rer[at_min[150]]),
    }
