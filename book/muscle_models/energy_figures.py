"""The slider figures of chapter 8 (energy), assembled here so chapter cells stay short.

Each function runs :mod:`muscle_models.energy` for every slider position with the
parameters it is given (the chapter's first code cell) and adds the published points
from the validation registry (:mod:`muscle_models.registry`): a figure, a test and the
validation appendix read the same numbers. Calibration, validation and consistency
points are drawn differently (:data:`ROLE_MARKERS`). Figure text is Hindi with units.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from . import energy, registry
from .figures import PALETTE, compact, slider_figure

__all__ = [
    "ROLE_MARKERS",
    "registry_markers",
    "sprint_figure",
    "recovery_figure",
    "repeated_sprints_figure",
    "endurance_figure",
]

#: How each role of a registry row is drawn, and its Hindi legend word.
ROLE_MARKERS = {
    "calibration": ({"symbol": "square-open", "size": 10, "color": PALETTE[6]}, "अंशांकन"),
    "validation": ({"symbol": "circle", "size": 10, "color": PALETTE[4]}, "सत्यापन"),
    "consistency": ({"symbol": "diamond-open", "size": 10, "color": PALETTE[5]}, "संगति-जाँच"),
}


def registry_markers(ids: Sequence[str], *, source_hi: str, x=None, xaxis: str = "x", yaxis: str = "y",
                     showlegend: bool = True) -> list[go.Scatter]:
    """Published points (value ± SD) from the registry, one trace per role.

    ``x`` overrides the rows' own ``x`` (e.g. to shift "min after the sprint" onto a
    time axis that starts with the sprint); ``source_hi`` names the paper in the legend.
    """
    pts = registry.points(ids=list(ids))
    xs = list(pts["x"]) if x is None else list(x)
    roles = [registry.row(i).role for i in ids]
    traces = []
    for role, (marker, word) in ROLE_MARKERS.items():
        idx = [k for k, r in enumerate(roles) if r == role]
        if not idx:
            continue
        traces.append(go.Scatter(
            x=[xs[k] for k in idx], y=[pts["value"][k] for k in idx],
            error_y={"type": "data", "array": [pts["sd"][k] for k in idx]},
            mode="markers", name=f"{word}: {source_hi}", marker=dict(marker),
            xaxis=xaxis, yaxis=yaxis, showlegend=showlegend))
    return traces


def sprint_figure(params: energy.EnergyParams, durations_s: Sequence[float] = (3, 6, 10, 15, 20, 30),
                  *, active: int | None = None, t_end_s: float = 40.0) -> go.Figure:
    """Three panels over sprint duration: PCr and ATP (% of rest), the three ATP sources, pH."""
    p = params
    runs = {}
    for d in durations_s:
        r = energy.simulate(energy.all_out_demand(float(d), p), t_end_s, p, n_points=241)
        store = r.j_demand_mM_per_s - r.j_glycolysis_mM_per_s - r.j_oxidative_mM_per_s
        t = compact(r.t_s)
        runs[f"{d:g} s"] = [
            go.Scatter(x=t, y=compact(100 * r.pcr_mM / p.pcr_rest_mM), name="PCr (विश्राम का %)",
                       line={"color": PALETTE[0]}, xaxis="x", yaxis="y"),
            go.Scatter(x=t, y=compact(100 * r.atp_mM / p.atp_rest_mM), name="ATP (विश्राम का %)",
                       line={"color": PALETTE[6], "dash": "dot"}, xaxis="x", yaxis="y"),
            go.Scatter(x=t, y=compact(np.maximum(store, 0)), name="PCr/ATP भंडार से (mM/s)",
                       line={"color": PALETTE[0], "dash": "dash"}, xaxis="x2", yaxis="y2"),
            go.Scatter(x=t, y=compact(r.j_glycolysis_mM_per_s), name="ग्लाइकोलिसिस (mM/s)",
                       line={"color": PALETTE[1]}, xaxis="x2", yaxis="y2"),
            go.Scatter(x=t, y=compact(r.j_oxidative_mM_per_s), name="ऑक्सीकरण (mM/s)",
                       line={"color": PALETTE[2]}, xaxis="x2", yaxis="y2"),
            go.Scatter(x=t, y=compact(r.ph), name="pH", line={"color": PALETTE[3]}, xaxis="x3", yaxis="y3"),
        ]
    data = (
        registry_markers(["bogdanis1996_pcr_end_sprint"], source_hi="बोगडानिस 1996")
        + registry_markers(["bogdanis1995_pcr_end_sprint", "bogdanis1995_atp_end_sprint"],
                           source_hi="बोगडानिस 1995")
        + registry_markers(["bogdanis1996_ph_end_sprint"], source_hi="बोगडानिस 1996",
                           xaxis="x3", yaxis="y3", showlegend=False)
        + registry_markers(["bogdanis1995_ph_end_sprint"], source_hi="बोगडानिस 1995",
                           xaxis="x3", yaxis="y3", showlegend=False)
    )
    base = make_subplots(rows=3, cols=1, shared_xaxes=True, vertical_spacing=0.06,
                         row_heights=[0.4, 0.35, 0.25])
    fig = slider_figure(runs, slider_label="स्प्रिंट की अवधि", title="पूरी ताकत की स्प्रिंट: ईंधन का हिसाब",
                        x_title="समय (s)", y_title="",
                        active=len(runs) - 1 if active is None else active,
                        static_traces=data, base=base, height_px=780)
    fig.update_yaxes(title_text="विश्राम का %", row=1, col=1, range=[0, 105])
    fig.update_yaxes(title_text="ATP दर (mM/s)", row=2, col=1)
    fig.update_yaxes(title_text="pH", row=3, col=1)
    fig.update_xaxes(title_text="समय (s)", row=3, col=1)
    return fig


def recovery_figure(params: energy.EnergyParams, minutes: Sequence[float] = (0.5, 1, 1.5, 2, 3, 4, 6),
                    *, active: int | None = None, sprint_s: float = 30.0) -> go.Figure:
    """PCr after a 30 s sprint: blood flow open (ADP/ATP and free-ADP control) or occluded."""
    p = params
    other = "adp" if p.oxidative_control == "adp_atp" else "adp_atp"
    q = dataclasses.replace(p, oxidative_control=other)
    names = {"adp_atp": "ADP/ATP से नियंत्रण", "adp": "केवल मुक्त ADP से नियंत्रण"}
    runs = {}
    for m in minutes:
        t_end = sprint_s + 60.0 * m
        open_ = energy.simulate(energy.all_out_demand(sprint_s, p), t_end, p, n_points=200)
        alt = energy.simulate(energy.all_out_demand(sprint_s, q), t_end, q, n_points=200)
        cuff = energy.simulate(energy.all_out_demand(sprint_s, p), t_end, p, oxygen=lambda t: t < sprint_s,
                               breakpoints_s=[sprint_s], n_points=200)
        runs[f"{m:g} मिनट"] = [
            go.Scatter(x=compact(open_.t_s / 60), y=compact(100 * open_.pcr_mM / p.pcr_rest_mM),
                       name=f"रक्त-प्रवाह खुला ({names[p.oxidative_control]})", line={"color": PALETTE[0]}),
            go.Scatter(x=compact(alt.t_s / 60), y=compact(100 * alt.pcr_mM / q.pcr_rest_mM),
                       name=f"रक्त-प्रवाह खुला ({names[other]})", line={"color": PALETTE[0], "dash": "dot"}),
            go.Scatter(x=compact(cuff.t_s / 60), y=compact(100 * cuff.pcr_mM / p.pcr_rest_mM),
                       name="रक्त-प्रवाह बंद", line={"color": PALETTE[1], "dash": "dash"}),
        ]
    def on_axis(ids):  # "min after the sprint" → minutes from the start of the sprint
        return [sprint_s / 60.0 + (registry.row(i).x if registry.row(i).x_unit.startswith("min") else 0.0)
                for i in ids]

    ids_1995 = ["bogdanis1995_pcr_end_sprint", "bogdanis1995_pcr_recovery_1_5min", "bogdanis1995_pcr_recovery_6min"]
    ids_1996 = ["bogdanis1996_pcr_recovery_3_8min"]
    data = (registry_markers(ids_1995, source_hi="बोगडानिस 1995", x=on_axis(ids_1995))
            + registry_markers(ids_1996, source_hi="बोगडानिस 1996", x=on_axis(ids_1996)))
    fig = slider_figure(runs, slider_label="विश्राम का समय", title=f"स्प्रिंट ({sprint_s:g} s) के बाद PCr का लौटना",
                        x_title="स्प्रिंट की शुरुआत से समय (min)", y_title="PCr (विश्राम का %)",
                        active=len(runs) - 1 if active is None else active, static_traces=data, height_px=520)
    fig.update_yaxes(range=[0, 105])
    fig.update_xaxes(range=[0, sprint_s / 60.0 + max(minutes) + 0.1])
    return fig


def repeated_sprints_figure(params: energy.EnergyParams, rests_s: Sequence[float] = (10, 20, 30, 60, 120),
                            *, n_sprints: int = 10, sprint_s: float = 6.0, active: int = 2) -> go.Figure:
    """PCr and glycolysis over repeated short sprints, slider over the rest between them."""
    p = params
    runs = {}
    for rs in rests_s:
        t_end = (n_sprints - 1) * (sprint_s + rs) + sprint_s
        r = energy.simulate(energy.repeated_sprints_demand(n_sprints, sprint_s, float(rs), p), t_end, p,
                            n_points=1500)
        runs[f"{rs:g} s"] = [
            go.Scatter(x=compact(r.t_s, 300), y=compact(100 * r.pcr_mM / p.pcr_rest_mM, 300),
                       name="PCr (विश्राम का %)", line={"color": PALETTE[0]}, xaxis="x", yaxis="y"),
            go.Scatter(x=compact(r.t_s, 300), y=compact(r.j_glycolysis_mM_per_s, 300),
                       name="ग्लाइकोलिसिस (mM/s)", line={"color": PALETTE[1]}, xaxis="x2", yaxis="y2"),
        ]
    base = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08)
    fig = slider_figure(runs, slider_label="स्प्रिंटों के बीच विराम", title=f"{sprint_s:g} s की {n_sprints} स्प्रिंट",
                        x_title="समय (s)", y_title="", active=active, base=base, height_px=600)
    fig.update_yaxes(title_text="PCr (विश्राम का %)", row=1, col=1, range=[0, 105])
    fig.update_yaxes(title_text="ग्लाइकोलिसिस (mM/s)", row=2, col=1)
    fig.update_xaxes(title_text="समय (s)", row=2, col=1)
    return fig


def endurance_figure(params: energy.EnergyParams, fractions: Sequence[float] | None = None,
                     diets: Sequence[tuple[str, float]] = (("कम-कार्बोहाइड्रेट आहार", 200.0),
                                                           ("मिश्रित आहार", 450.0),
                                                           ("उच्च-कार्बोहाइड्रेट आहार", 700.0)),
                     *, hours: float = 4.0) -> go.Figure:
    """Glycogen and RER over a long ride, slider over the muscle's ATP turnover.

    The slider is the muscle's ATP turnover as a fraction of *its* maximal oxidative
    rate (not %V̇O₂max); the position ``params.endurance_demand_fraction`` is the one
    fitted to Watt et al. (2002), where their points are drawn. Each diet is a start glycogen.
    """
    p = params
    if fractions is None:
        fractions = sorted({0.4, 0.5, round(p.endurance_demand_fraction, 2), 0.7, 0.8})
    colours = [PALETTE[1], PALETTE[0], PALETTE[2], PALETTE[3]]
    runs = {}
    for frac in fractions:
        traces = []
        for k, (label, g0) in enumerate(diets):
            q = dataclasses.replace(p, endurance_demand_fraction=float(frac))
            r = energy.endurance_ride(q, hours=hours, glycogen_start_mmol_per_kg_dm=g0, n_points=121)
            rer = energy.respiratory_exchange_ratio(energy.carbohydrate_fraction(r, q))
            rer[0] = np.nan  # rest: the formula is for exercise
            t = compact(r.t_s / 60)
            traces.append(go.Scatter(x=t, y=compact(r.glycogen_mmol_per_kg_dm), name=label,
                                     line={"color": colours[k % 4]}, xaxis="x", yaxis="y"))
            traces.append(go.Scatter(x=t, y=compact(rer), name=label, showlegend=False,
                                     line={"color": colours[k % 4], "dash": "dot"}, xaxis="x2", yaxis="y2"))
        runs[f"{round(100 * frac)} %"] = traces
    src = f"वॉट 2002 (पेशी की दर {round(100 * p.endurance_demand_fraction)} % पर)"
    data = (registry_markers(["watt2002_glycogen_120min", "watt2002_glycogen_240min"], source_hi=src)
            + registry_markers(["watt2002_rer_30min", "watt2002_rer_150min"], source_hi=src,
                               xaxis="x2", yaxis="y2", showlegend=False))
    base = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08, row_heights=[0.6, 0.4])
    active = min(range(len(fractions)), key=lambda i: abs(fractions[i] - p.endurance_demand_fraction))
    fig = slider_figure(runs, slider_label="पेशी की ATP-दर (अधिकतम ऑक्सीकरणी दर का %)",
                        title=f"{hours:g} घंटे के व्यायाम में पेशी-ग्लाइकोजन और RER", x_title="समय (min)",
                        y_title="", active=active, static_traces=data, base=base, height_px=680)
    fig.update_yaxes(title_text="ग्लाइकोजन (mmol/kg dm)", row=1, col=1, range=[0, 720])
    fig.update_yaxes(title_text="RER", row=2, col=1, range=[0.7, 1.0])
    fig.update_xaxes(title_text="समय (min)", row=2, col=1)
    return fig
