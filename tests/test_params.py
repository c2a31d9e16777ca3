"""Parameter fields with unit, range and source; the generated tables; every real
parameter field rejects NaN, inf and out-of-range values with an error naming it."""

import dataclasses
import math

import pytest

from muscle_models import param, parameter_rows, parameter_table_html, reference, validate


@dataclasses.dataclass(frozen=True)
class ToyParams:
    tau_s: float = param(30.0, unit="s", low=0, low_inclusive=False, source="meyer1988",
                         note_hi="समय-स्थिरांक")
    fraction: float = param(0.5, unit="1", low=0, high=1, source="calibrated on X",
                            calibrated=True)

    def __post_init__(self):
        validate(self)


def test_defaults_validate():
    assert ToyParams().tau_s == 30.0


def test_out_of_range_field_names_itself():
    with pytest.raises(ValueError, match=r"tau_s must be in \(0, inf\) s, got -1.0"):
        ToyParams(tau_s=-1.0)
    with pytest.raises(ValueError, match=r"fraction must be in \[0, 1\] 1, got 2.0"):
        ToyParams(fraction=2.0)
    with pytest.raises(ValueError, match="tau_s must be a finite number"):
        ToyParams(tau_s=float("nan"))


def test_every_parameter_needs_a_source():
    with pytest.raises(ValueError, match="source"):
        param(1.0, unit="s", source="")


def test_rows_and_table_come_from_metadata():
    rows = parameter_rows(ToyParams)
    assert [r["name"] for r in rows] == ["tau_s", "fraction"]
    assert rows[0]["source"] == "meyer1988" and rows[1]["calibrated"]
    table = parameter_table_html(ToyParams(tau_s=12.5), caption="उदाहरण")
    assert "<code>tau_s</code>" in table and "12.5" in table
    assert "अंशांकित" in table and "<caption>उदाहरण</caption>" in table


# --- every numeric field of every parameter dataclass of the book ----------------

def _parameter_classes() -> list[type]:
    modules, failures = reference.import_model_modules()
    assert not failures, failures
    return [cls for module in modules for cls in reference.parameter_classes(module)]


def _numeric_fields(cls) -> list[dataclasses.Field]:
    """Fields annotated float or int (``float | None`` too: a default computed later)."""
    fields = []
    for f in dataclasses.fields(cls):
        kinds = {t.strip() for t in str(f.type).split("|")}
        if kinds & {"float", "int"} or isinstance(f.default, (float, int)) and not isinstance(f.default, bool):
            fields.append(f)
    return fields


def _bad_values(f: dataclasses.Field) -> list[tuple[str, float]]:
    meta = f.metadata
    bad = [("nan", math.nan), ("inf", math.inf), ("-inf", -math.inf)]
    low, high = meta.get("low", -math.inf), meta.get("high", math.inf)
    if math.isfinite(low):
        bad.append(("below range", low if not meta["low_inclusive"] else low - 1))
    if math.isfinite(high):
        bad.append(("above range", high if not meta["high_inclusive"] else high + 1))
    return bad


CASES = [
    pytest.param(cls, f.name, value, id=f"{cls.__name__}.{f.name}={label}")
    for cls in _parameter_classes()
    for f in _numeric_fields(cls)
    for label, value in _bad_values(f)
]


def test_the_sweep_finds_the_books_parameter_classes():
    names = {cls.__name__ for cls in _parameter_classes()}
    assert {"CalciumParams", "EnergyParams", "NMJParams", "MotorUnitPoolParams", "TrainingParams"} <= names
    assert len(CASES) > 300


def test_every_numeric_field_has_a_range_and_a_source():
    unbounded, unsourced = [], []
    for cls in _parameter_classes():
        for f in _numeric_fields(cls):
            if not f.metadata:
                unsourced.append(f"{cls.__name__}.{f.name}")
            elif not (math.isfinite(f.metadata["low"]) or math.isfinite(f.metadata["high"])):
                unbounded.append(f"{cls.__name__}.{f.name}")
    assert not unsourced, f"fields not made with param(): {unsourced}"
    assert not unbounded, f"fields without a finite bound (no out-of-range value to test): {unbounded}"


def test_computed_later_defaults_are_none_not_nan():
    nan_defaults = [
        f"{cls.__name__}.{f.name}"
        for cls in _parameter_classes()
        for f in _numeric_fields(cls)
        if isinstance(f.default, float) and math.isnan(f.default)
    ]
    assert not nan_defaults, f"use None for a default computed later: {nan_defaults}"


@pytest.mark.parametrize("cls, name, value", CASES)
def test_bad_value_raises_naming_the_field(cls, name, value):
    with pytest.raises(ValueError, match=rf"\b{name}\b"):
        cls(**{name: value})
