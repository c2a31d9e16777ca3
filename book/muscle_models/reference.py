"""The model-reference appendix, generated from the code itself.

For every model module of :mod:`muscle_models` this module writes one HTML
section: what the module models (its docstring), its public functions and
classes with their signatures (arguments, defaults and the units carried in
their names, e.g. ``duration_s``), and the parameter table of every parameter
dataclass, made by :func:`muscle_models.params.parameter_table_html` from the
fields' metadata. Nothing is typed a second time: change a default or a source
in the model and the appendix follows.

Modules are discovered with :mod:`pkgutil`, so a model added later appears
without editing this file; the shared helper modules are left out.
"""

from __future__ import annotations

import dataclasses
import html
import importlib
import inspect
import pkgutil
import re
from types import ModuleType

from .params import parameter_table_html

__all__ = [
    "HELPER_MODULES",
    "model_module_names",
    "import_model_modules",
    "docstring_summary",
    "public_members",
    "parameter_classes",
    "module_reference_html",
]

# Shared infrastructure, not models: documented by the chapters that use them.
HELPER_MODULES = frozenset({"figures", "params", "validation", "reference", "registry", "validation_report"})

_PACKAGE = "muscle_models"


def model_module_names(package: str = _PACKAGE) -> list[str]:
    """Names (without the package prefix) of the model modules, sorted."""
    pkg = importlib.import_module(package)
    names = [
        info.name
        for info in pkgutil.iter_modules(pkg.__path__)
        if not info.name.startswith("_") and info.name not in HELPER_MODULES
    ]
    return sorted(names)


def import_model_modules(package: str = _PACKAGE) -> tuple[list[ModuleType], dict[str, str]]:
    """Import every model module; return (modules, {name: error}) for those that fail.

    A module that cannot be imported is reported, not hidden: the appendix lists
    it and ``tests/test_reference.py`` fails on it.
    """
    modules, failures = [], {}
    for name in model_module_names(package):
        try:
            modules.append(importlib.import_module(f"{package}.{name}"))
        except Exception as exc:  # noqa: BLE001 - report any import failure by name
            failures[name] = f"{type(exc).__name__}: {exc}"
    return modules, failures


def docstring_summary(obj) -> str:
    """First paragraph of ``obj``'s docstring, on one line ('' if it has none)."""
    doc = inspect.getdoc(obj) or ""
    first = doc.strip().split("\n\n", 1)[0]
    return " ".join(first.split())


def _is_parameter_class(obj) -> bool:
    """A dataclass with at least one field made by :func:`muscle_models.param`."""
    return (
        isinstance(obj, type)
        and dataclasses.is_dataclass(obj)
        and any("unit" in f.metadata and "source" in f.metadata for f in dataclasses.fields(obj))
    )


def _defined_here(module: ModuleType, obj) -> bool:
    return getattr(obj, "__module__", None) == module.__name__


def _public_names(module: ModuleType) -> list[str]:
    names = getattr(module, "__all__", None)
    if names is None:
        names = [n for n in vars(module) if not n.startswith("_")]
    return list(names)


def parameter_classes(module: ModuleType) -> list[type]:
    """The parameter dataclasses defined in ``module``, in source order."""
    classes = [
        obj
        for name, obj in vars(module).items()
        if not name.startswith("_") and _defined_here(module, obj) and _is_parameter_class(obj)
    ]
    return sorted(classes, key=_source_line)


def _source_line(obj) -> int:
    try:
        return inspect.getsourcelines(obj)[1]
    except (OSError, TypeError):
        return 0


class _Verbatim:
    """Shows a string without quotes in a signature (annotation or default)."""

    def __init__(self, text: str):
        self.text = text

    def __repr__(self) -> str:
        return self.text


def _signature_text(obj) -> str:
    """``inspect.signature`` made readable: no quotes around postponed
    annotations, and ``Params()`` instead of a parameter object's full repr."""
    try:
        sig = inspect.signature(obj)
    except (TypeError, ValueError):
        return "(…)"

    def clean_annotation(ann):
        return _Verbatim(ann) if isinstance(ann, str) else ann

    def clean_default(value):
        if _is_parameter_class(type(value)):
            return _Verbatim(f"{type(value).__name__}()")
        return value

    params = [
        p.replace(annotation=clean_annotation(p.annotation), default=clean_default(p.default))
        for p in sig.parameters.values()
    ]
    sig = sig.replace(parameters=params, return_annotation=clean_annotation(sig.return_annotation))
    return str(sig)


def public_members(module: ModuleType) -> list[dict[str, str]]:
    """Public functions and classes of ``module``: name, kind, signature, summary.

    Parameter dataclasses are included (as classes); their fields are shown in
    the parameter table instead of a long signature.
    """
    members = []
    for name in _public_names(module):
        obj = getattr(module, name, None)
        if obj is None or not _defined_here(module, obj):
            continue
        if inspect.isfunction(obj):
            kind = "function"
        elif inspect.isclass(obj):
            kind = "class"
        else:
            continue
        if kind == "class" and _is_parameter_class(obj):
            signature = "(…)"  # every field is listed in the parameter table below
        else:
            signature = _signature_text(obj)
        members.append(
            {"name": name, "kind": kind, "signature": signature, "summary": docstring_summary(obj)}
        )
    return members


def _inline_html(text: str) -> str:
    """Escape ``text`` and show reST inline literals (````x````, ``:func:`x```) as code."""
    escaped = html.escape(text)
    escaped = re.sub(r":[a-z]+:`~?([^`]+)`", r"<code>\1</code>", escaped)
    return re.sub(r"``([^`]+)``", r"<code>\1</code>", escaped)


def module_reference_html(module: ModuleType) -> str:
    """One HTML section (Hindi headings) describing ``module`` for the appendix."""
    short = module.__name__.rsplit(".", 1)[-1]
    parts = [f'<section class="mm-model-ref" id="mm-ref-{html.escape(short)}">']
    parts.append(f"<h3><code>muscle_models.{html.escape(short)}</code></h3>")
    summary = docstring_summary(module) or "(इस मॉड्यूल का विवरण अभी नहीं लिखा गया है।)"
    parts.append(f"<p><strong>यह क्या मॉडल करता है:</strong> {_inline_html(summary)}</p>")

    members = public_members(module)
    parts.append("<h4>सार्वजनिक फंक्शन और क्लास</h4>")
    if members:
        parts.append('<dl class="mm-api">')
        for m in members:
            label = "क्लास" if m["kind"] == "class" else "फंक्शन"
            parts.append(
                f"<dt>{label} <code>{html.escape(m['name'])}{html.escape(m['signature'])}</code></dt>"
                f"<dd>{_inline_html(m['summary']) or '—'}</dd>"
            )
        parts.append("</dl>")
    else:
        parts.append("<p>कोई सार्वजनिक फंक्शन नहीं।</p>")

    classes = parameter_classes(module)
    if classes:
        parts.append("<h4>प्राचल तालिकाएँ</h4>")
        for cls in classes:
            caption = f"{cls.__name__}: {docstring_summary(cls)}".rstrip(": ")
            try:
                parts.append(parameter_table_html(cls, caption=caption))
            except Exception as exc:  # noqa: BLE001 - e.g. a class without defaults
                parts.append(
                    f"<p>{html.escape(cls.__name__)}: तालिका नहीं बन सकी "
                    f"({html.escape(type(exc).__name__)}: {html.escape(str(exc))})</p>"
                )
    parts.append("</section>")
    return "\n".join(parts)
