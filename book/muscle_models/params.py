"""Parameter fields that carry their unit, valid range and literature source.

Every model keeps its parameters in a frozen dataclass whose fields are made with
:func:`param`. The metadata is used three times, written once:

* :func:`validate` checks each value against its range (``ValueError`` naming the
  field and the range), so ``EnergyParams(pcr_total_mM=-1)`` fails at once;
* :func:`parameter_rows` / :func:`parameter_table_html` make the parameter tables of
  the chapters and of the model-reference appendix;
* tests check that no field lacks a source.

Example::

    @dataclass(frozen=True)
    class ToyParams:
        tau_s: float = param(30.0, unit="s", low=0, low_inclusive=False,
                             source="meyer1988", note_hi="PCr पुनर्प्राप्ति का समय-स्थिरांक")
        def __post_init__(self):
            validate(self)
"""

from __future__ import annotations

import dataclasses
import html
import math
from typing import Any

from .validation import check_range

__all__ = ["param", "validate", "parameter_rows", "parameter_table_html"]


def param(
    default: Any,
    *,
    unit: str,
    source: str,
    low: float = -math.inf,
    high: float = math.inf,
    low_inclusive: bool = True,
    high_inclusive: bool = True,
    note_hi: str = "",
    calibrated: bool = False,
    fitted_to: tuple[str, ...] | str = (),
    check: bool = True,
):
    """A dataclass field with unit, valid range and source.

    ``source`` is a BibTeX key of ``book/references.bib`` (several keys separated
    by commas) or a short sentence for derived values. ``calibrated=True`` marks a
    value fitted by this book (the source then names the data it was fitted to).
    ``fitted_to`` names the rows of the validation registry
    (``book/data/validation/*.csv``, :mod:`muscle_models.registry`) that a
    calibrated value was fitted to; every calibrated parameter must name them.
    ``check=False`` skips range checking (for non-numeric fields).
    """
    if not source:
        raise ValueError("every parameter needs a source")
    if isinstance(fitted_to, str):
        fitted_to = tuple(k.strip() for k in fitted_to.split(",") if k.strip())
    if fitted_to and not calibrated:
        raise ValueError("fitted_to is only for calibrated parameters (calibrated=True)")
    meta = {
        "unit": unit,
        "source": source,
        "low": low,
        "high": high,
        "low_inclusive": low_inclusive,
        "high_inclusive": high_inclusive,
        "note_hi": note_hi,
        "calibrated": calibrated,
        "fitted_to": tuple(fitted_to),
        "check": check,
    }
    return dataclasses.field(default=default, metadata=meta)


def validate(obj) -> None:
    """Check every numeric field of a parameter dataclass against its range."""
    for f in dataclasses.fields(obj):
        meta = f.metadata
        if not meta or not meta.get("check", True):
            continue
        check_range(
            f.name,
            getattr(obj, f.name),
            meta["low"],
            meta["high"],
            low_inclusive=meta["low_inclusive"],
            high_inclusive=meta["high_inclusive"],
            unit=meta["unit"],
        )


def parameter_rows(params_or_cls) -> list[dict[str, Any]]:
    """One dict per field: name, value, unit, note_hi, source, calibrated."""
    obj = params_or_cls() if isinstance(params_or_cls, type) else params_or_cls
    rows = []
    for f in dataclasses.fields(obj):
        if not f.metadata:
            continue
        rows.append(
            {
                "name": f.name,
                "value": getattr(obj, f.name),
                "unit": f.metadata["unit"],
                "note_hi": f.metadata["note_hi"],
                "source": f.metadata["source"],
                "calibrated": f.metadata["calibrated"],
                "fitted_to": f.metadata.get("fitted_to", ()),
            }
        )
    return rows


def _format_value(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def parameter_table_html(params_or_cls, caption: str = "") -> str:
    """An HTML table (Hindi headers) of a parameter dataclass, for the book."""
    head = "<tr><th>प्राचल</th><th>मान</th><th>इकाई</th><th>अर्थ</th><th>स्रोत</th></tr>"
    body = []
    for row in parameter_rows(params_or_cls):
        source = html.escape(row["source"])
        if row["calibrated"]:
            fitted = ", ".join(row["fitted_to"])
            source += f" (अंशांकित: {html.escape(fitted)})" if fitted else " (अंशांकित)"
        body.append(
            "<tr>"
            f"<td><code>{html.escape(row['name'])}</code></td>"
            f"<td>{html.escape(_format_value(row['value']))}</td>"
            f"<td>{html.escape(row['unit'])}</td>"
            f"<td>{html.escape(row['note_hi'])}</td>"
            f"<td>{source}</td>"
            "</tr>"
        )
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return (
        '<div class="mm-table-wrap"><table class="mm-param-table">'
        f"{cap}<thead>{head}</thead><tbody>{''.join(body)}</tbody></table></div>"
    )
