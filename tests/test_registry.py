"""The registry of published data (book/data/validation/*.csv): roles kept apart.

Rules (issue: models that earn their claims):
* a ``validation`` row fitted nothing and shares no subjects/protocol with a
  calibration row (``protocol_group``);
* every calibrated parameter names the calibration rows it was fitted to, and
  every calibration row is named by a parameter;
* tolerances come from the data (SD or range); wider than 2 SD needs a note;
* every validation and consistency row is a test: within its band, or a strict xfail
  (known miss).
"""

from __future__ import annotations

import dataclasses
import re

import pytest

from conftest import BOOK
from muscle_models import registry
from muscle_models.reference import import_model_modules, parameter_classes

ROWS = registry.load_rows()
BIB_KEYS = set(re.findall(r"@\w+\{([^,\s]+),", (BOOK / "references.bib").read_text(encoding="utf8")))


def _calibrated_fields():
    modules, failures = import_model_modules()
    assert not failures, failures
    out = []
    for module in modules:
        for cls in parameter_classes(module):
            for f in dataclasses.fields(cls):
                if f.metadata and f.metadata.get("calibrated"):
                    out.append((f"{module.__name__}.{cls.__name__}.{f.name}", f.metadata.get("fitted_to", ())))
    return out


def test_registry_has_rows_and_unique_ids():
    ids = [r.id for r in ROWS]
    assert ids, "book/data/validation/ holds no rows"
    duplicates = {i for i in ids if ids.count(i) > 1}
    assert not duplicates, duplicates


@pytest.mark.parametrize("r", ROWS, ids=[r.id for r in ROWS])
def test_row_is_well_formed(r):
    assert r.role in registry.ROLES, r.role
    assert r.status in registry.STATUSES, r.status
    assert r.bibkey in BIB_KEYS, f"{r.id}: bibkey {r.bibkey!r} not in references.bib"
    assert r.where, f"{r.id}: say where in the paper (page, figure or table)"
    assert r.sd is not None or (r.low is not None and r.high is not None), (
        f"{r.id}: a tolerance needs the paper's SD or range")
    if r.sd is not None:
        assert r.sd > 0, f"{r.id}: sd must be > 0"
        if r.tol_sd > 2:
            assert r.note, f"{r.id}: a band wider than 2 SD must say why (note)"
    if r.status == "known_miss":
        assert r.note, f"{r.id}: a known miss must give its reason (note)"
        assert r.role != "calibration", f"{r.id}: a fit that misses its target is broken, not a known miss"


def test_validation_rows_share_no_protocol_with_calibration():
    calib_groups = {r.protocol_group for r in ROWS if r.role == "calibration"}
    offenders = [r.id for r in ROWS if r.role == "validation" and r.protocol_group in calib_groups]
    assert not offenders, f"not independent of a fit (role should be consistency): {offenders}"


def test_every_calibrated_parameter_names_its_calibration_rows():
    by_id = {r.id: r for r in ROWS}
    problems = []
    for name, fitted in _calibrated_fields():
        if not fitted:
            problems.append(f"{name}: calibrated but fitted_to is empty")
        for rid in fitted:
            if rid not in by_id:
                problems.append(f"{name}: fitted_to names unknown row {rid}")
            elif by_id[rid].role != "calibration":
                problems.append(f"{name}: fitted_to row {rid} has role {by_id[rid].role}")
    assert not problems, "\n".join(problems)


def test_every_calibration_row_was_fitted_by_a_parameter():
    named = {rid for _, fitted in _calibrated_fields() for rid in fitted}
    orphans = [r.id for r in ROWS if r.role == "calibration" and r.id not in named]
    assert not orphans, f"calibration rows no parameter names in fitted_to: {orphans}"


@pytest.mark.parametrize("model", sorted({r.model for r in ROWS}))
def test_model_predicts_every_row(model):
    predicted = registry.predictions(model)
    missing = [r.id for r in registry.rows(model) if r.id not in predicted]
    assert not missing, missing


def _comparison_params():
    """Validation and consistency rows: each is reported, a known miss as a strict xfail."""
    out = []
    for r in ROWS:
        if r.role == "calibration":
            continue
        marks = [pytest.mark.xfail(strict=True, reason=r.note)] if r.status == "known_miss" else []
        out.append(pytest.param(r, id=r.id, marks=marks))
    return out


@pytest.fixture(scope="module")
def predicted_by_model():
    cache: dict[str, dict[str, float]] = {}

    def get(model):
        if model not in cache:
            cache[model] = registry.predictions(model)
        return cache[model]

    return get


@pytest.mark.parametrize("r", _comparison_params())
def test_comparison_row_within_its_band(r, predicted_by_model):
    value = predicted_by_model(r.model)[r.id]
    lo, hi = r.band
    assert r.within(value), (
        f"{r.id}: model {value:.4g} {r.unit}, measured {r.value:g} "
        f"(band {lo:.4g}-{hi:.4g}) [{r.bibkey}, {r.where}]")


@pytest.mark.parametrize("r", [r for r in ROWS if r.role == "calibration"], ids=lambda r: r.id)
def test_calibration_row_is_reached(r, predicted_by_model):
    """A fit that misses its own target is a broken fit, not a finding."""
    value = predicted_by_model(r.model)[r.id]
    assert r.within(value), f"{r.id}: model {value:.4g}, target {r.value:g} ± band {r.band}"
