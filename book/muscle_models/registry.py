"""The registry of published data the book compares its models with.

Every published number a model is fitted to or checked against lives once, in
``book/data/validation/<model>.csv`` (one file per model), with its source and its
**role**:

* ``calibration``: a parameter was fitted to it (the parameter names the row in
  its ``fitted_to`` metadata);
* ``validation``: it was used to fit nothing, and it does not come from the same
  subjects and protocol as any calibration row (``protocol_group`` differs);
* ``consistency``: not fitted, but not independent either (same subjects or
  protocol as a calibration row, or a value that follows from a model input).
  Reported, never called a validation.

Columns (one row per published number)::

    id              unique, e.g. bogdanis1995_pcr_recovery_6min
    model           module of muscle_models, e.g. energy
    quantity        what is compared, e.g. pcr_percent_of_rest
    label_hi        short Hindi label for tables and figures
    protocol        the experiment, in English, e.g. "30 s all-out cycle sprint, 6 min passive recovery"
    protocol_group  rows sharing subjects/protocol share this label
    x, x_unit       where on a curve the point lies (time, frequency, load), optional
    value, unit     the published value
    sd              one standard deviation of the published value (optional)
    low, high       the paper's range, when it gives one instead of an SD (optional)
    tol_sd          how many SDs the model may differ (default 2; above 2 needs a note)
    bibkey          BibTeX key in book/references.bib
    where           page, figure or table of the paper
    role            calibration | validation | consistency
    status          pass | known_miss (a known miss becomes a strict xfail)
    note            why, in English: a wider band, a known miss, an approximation

A row's tolerance comes from the data only: ``tol_sd`` × ``sd`` when an SD is
given, otherwise the paper's ``low``–``high`` range.

Each model module that has rows defines ``registry_predictions(params=None) ->
dict[str, float]``: the model's value for every row id of its file, in the row's
unit. Tests (``tests/test_registry.py``) and the validation appendix call it.
"""

from __future__ import annotations

import csv
import importlib
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = [
    "REGISTRY_DIR",
    "COLUMNS",
    "ROLES",
    "Row",
    "load_rows",
    "rows",
    "row",
    "points",
    "predictions",
    "compare",
]

REGISTRY_DIR = Path(__file__).resolve().parents[1] / "data" / "validation"

COLUMNS = (
    "id", "model", "quantity", "label_hi", "protocol", "protocol_group", "x", "x_unit",
    "value", "unit", "sd", "low", "high", "tol_sd", "bibkey", "where", "role", "status",
    "note",
)
ROLES = ("calibration", "validation", "consistency")
STATUSES = ("pass", "known_miss")


def _float(text: str) -> float | None:
    text = (text or "").strip()
    return float(text) if text else None


@dataclass(frozen=True)
class Row:
    """One published number with its source, role and tolerance."""

    id: str
    model: str
    quantity: str
    label_hi: str
    protocol: str
    protocol_group: str
    x: float | None
    x_unit: str
    value: float
    unit: str
    sd: float | None
    low: float | None
    high: float | None
    tol_sd: float
    bibkey: str
    where: str
    role: str
    status: str
    note: str
    file: str

    @property
    def band(self) -> tuple[float, float]:
        """The interval the model must reach, from the data alone."""
        if self.sd is not None:
            return (self.value - self.tol_sd * self.sd, self.value + self.tol_sd * self.sd)
        if self.low is not None and self.high is not None:
            return (self.low, self.high)
        raise ValueError(f"registry row {self.id} has neither sd nor low/high")

    def error_in_sd(self, model_value: float) -> float | None:
        """(model − measured) / SD, or None when the paper gives no SD."""
        if self.sd is None or self.sd == 0:
            return None
        return (model_value - self.value) / self.sd

    def within(self, model_value: float) -> bool:
        lo, hi = self.band
        return math.isfinite(model_value) and lo <= model_value <= hi


def _parse(path: Path) -> list[Row]:
    out = []
    with path.open(encoding="utf8", newline="") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise ValueError(f"{path.name}: columns must be {','.join(COLUMNS)}")
        for line, rec in enumerate(reader, start=2):
            try:
                out.append(
                    Row(
                        id=rec["id"].strip(),
                        model=rec["model"].strip(),
                        quantity=rec["quantity"].strip(),
                        label_hi=rec["label_hi"].strip(),
                        protocol=rec["protocol"].strip(),
                        protocol_group=rec["protocol_group"].strip(),
                        x=_float(rec["x"]),
                        x_unit=rec["x_unit"].strip(),
                        value=float(rec["value"]),
                        unit=rec["unit"].strip(),
                        sd=_float(rec["sd"]),
                        low=_float(rec["low"]),
                        high=_float(rec["high"]),
                        tol_sd=_float(rec["tol_sd"]) or 2.0,
                        bibkey=rec["bibkey"].strip(),
                        where=rec["where"].strip(),
                        role=rec["role"].strip(),
                        status=(rec["status"] or "pass").strip(),
                        note=(rec["note"] or "").strip(),
                        file=path.name,
                    )
                )
            except (TypeError, ValueError) as exc:
                raise ValueError(f"{path.name}, line {line}: {exc}") from exc
    return out


@lru_cache(maxsize=1)
def load_rows() -> tuple[Row, ...]:
    """Every row of every registry file, in file order."""
    result: list[Row] = []
    for path in sorted(REGISTRY_DIR.glob("*.csv")):
        result.extend(_parse(path))
    return tuple(result)


def rows(model: str | None = None, *, role: str | None = None, bibkey: str | None = None,
         quantity: str | None = None, protocol_group: str | None = None) -> list[Row]:
    """Rows filtered by model, role, source, quantity or protocol group."""
    return [
        r for r in load_rows()
        if (model is None or r.model == model)
        and (role is None or r.role == role)
        and (bibkey is None or r.bibkey == bibkey)
        and (quantity is None or r.quantity == quantity)
        and (protocol_group is None or r.protocol_group == protocol_group)
    ]


def row(row_id: str) -> Row:
    """The row with this id (KeyError naming it if absent)."""
    for r in load_rows():
        if r.id == row_id:
            return r
    raise KeyError(f"no registry row {row_id!r} in {REGISTRY_DIR}")


def points(*, ids=None, **filters) -> dict[str, list]:
    """Arrays for a figure: x, value, sd (0 when absent), id, label_hi.

    ``points(ids=[...])`` keeps the given order; otherwise ``filters`` as in :func:`rows`.
    """
    selected = [row(i) for i in ids] if ids is not None else rows(**filters)
    return {
        "x": [r.x for r in selected],
        "value": [r.value for r in selected],
        "sd": [r.sd if r.sd is not None else 0.0 for r in selected],
        "id": [r.id for r in selected],
        "label_hi": [r.label_hi for r in selected],
    }


def predictions(model: str, params=None) -> dict[str, float]:
    """The model's value for each of its registry rows (``registry_predictions``)."""
    module = importlib.import_module(f"{__package__}.{model}")
    return module.registry_predictions(params)


def compare(model: str, params=None) -> list[dict]:
    """Every row of ``model`` with the model's value, error in SDs and verdict."""
    predicted = predictions(model, params)
    out = []
    for r in rows(model):
        value = predicted.get(r.id, float("nan"))
        out.append({"row": r, "model_value": value, "error_sd": r.error_in_sd(value),
                    "within": r.within(value)})
    return out
