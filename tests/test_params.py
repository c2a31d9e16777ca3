"""Parameter fields with unit, range and source; the generated tables."""

import dataclasses

import pytest

from muscle_models import param, parameter_rows, parameter_table_html, validate


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
