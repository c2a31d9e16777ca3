"""muscle_models: the small library every chapter of the book imports.

Shared helpers live here (input validation, parameter fields with sources, the
figure helpers); each model is a module of its own, added by its chapter.
Notebooks import it from ``book/`` without installing anything.
"""

from .figures import PALETTE, book_layout, compact, figure_html, show, slider_figure
from .params import param, parameter_rows, parameter_table_html, validate
from .validation import (
    check_finite,
    check_fraction,
    check_integer,
    check_nonnegative,
    check_positive,
    check_range,
)

__all__ = [
    "PALETTE",
    "book_layout",
    "compact",
    "figure_html",
    "show",
    "slider_figure",
    "param",
    "parameter_rows",
    "parameter_table_html",
    "validate",
    "check_finite",
    "check_fraction",
    "check_integer",
    "check_nonnegative",
    "check_positive",
    "check_range",
]
