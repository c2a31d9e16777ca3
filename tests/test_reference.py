"""The model-reference generator: discovery, members, parameter tables from metadata."""

from __future__ import annotations

import dataclasses
import sys
import types

import pytest

from muscle_models import param, parameter_table_html, reference, validate


def _toy_module() -> types.ModuleType:
    """A stand-in model module (registered in sys.modules so inspect can find it)."""
    mod = types.ModuleType("muscle_models._toy_for_tests", "Toy model of something.\n\nDetails.")

    @dataclasses.dataclass(frozen=True)
    class ToyParams:
        """Toy parameters."""

        tau_s: float = param(30.0, unit="s", low=0, low_inclusive=False, source="meyer1988",
                             note_hi="समय-स्थिरांक")

        def __post_init__(self):
            validate(self)

    @dataclasses.dataclass(frozen=True)
    class ToyResult:
        """Not a parameter class: no param fields."""

        value: float = 0.0

    def simulate(duration_s: float, params: ToyParams = ToyParams()) -> float:
        """Run the toy for ``duration_s`` seconds.

        Second paragraph that must not appear in the summary.
        """
        return duration_s

    def _private():
        """Hidden."""

    for obj in (ToyParams, ToyResult, simulate, _private):
        obj.__module__ = mod.__name__
        setattr(mod, obj.__name__, obj)
    sys.modules[mod.__name__] = mod
    return mod


@pytest.fixture()
def toy():
    mod = _toy_module()
    yield mod
    sys.modules.pop(mod.__name__, None)


def test_discovery_lists_models_not_helpers():
    names = reference.model_module_names()
    assert "twitch" in names  # present since the foundation
    assert not set(names) & reference.HELPER_MODULES
    assert names == sorted(names)


def test_every_model_module_imports():
    # The appendix reports a broken module instead of hiding it; this test fails on it.
    _, failures = reference.import_model_modules()
    assert failures == {}


def test_docstring_summary_is_first_paragraph(toy):
    assert reference.docstring_summary(toy) == "Toy model of something."
    assert reference.docstring_summary(toy.simulate) == "Run the toy for ``duration_s`` seconds."
    assert reference.docstring_summary(object()) != ""  # object has a docstring
    assert reference.docstring_summary(types.SimpleNamespace.__call__) == "Call self as a function."


def test_public_members_skip_private_and_keep_signature(toy):
    members = {m["name"]: m for m in reference.public_members(toy)}
    assert "_private" not in members
    assert members["simulate"]["kind"] == "function"
    assert members["simulate"]["signature"] == "(duration_s: float, params: ToyParams = ToyParams()) -> float"
    assert members["ToyResult"]["kind"] == "class"


def test_parameter_classes_are_those_with_param_fields(toy):
    assert reference.parameter_classes(toy) == [toy.ToyParams]


def test_table_comes_from_the_shared_generator(toy):
    page = reference.module_reference_html(toy)
    # The exact table the chapters show, not a re-typed copy.
    assert parameter_table_html(toy.ToyParams, caption="ToyParams: Toy parameters.") in page
    assert "meyer1988" in page and "<code>tau_s</code>" in page
    assert "प्राचल तालिकाएँ" in page and "सार्वजनिक फंक्शन" in page
    assert "Second paragraph" not in page


def test_module_without_members_or_docstring_still_renders():
    empty = types.ModuleType("muscle_models._empty_for_tests")
    page = reference.module_reference_html(empty)
    assert "कोई सार्वजनिक फंक्शन नहीं" in page and "प्राचल तालिकाएँ" not in page


def test_html_is_escaped(toy):
    toy.__doc__ = "Uses <b>tags</b> & ampersands."
    page = reference.module_reference_html(toy)
    assert "&lt;b&gt;tags&lt;/b&gt; &amp; ampersands." in page


TABLE_FAILED = "तालिका नहीं बन सकी"  # the error paragraph module_reference_html writes instead of a table


def _table_of(cls) -> str:
    caption = f"{cls.__name__}: {reference.docstring_summary(cls)}".rstrip(": ")
    return parameter_table_html(cls, caption=caption)


def test_every_real_parameter_class_renders_its_table_not_an_error():
    # The class name alone would also be in the error paragraph: check the table itself.
    modules, failures = reference.import_model_modules()
    assert not failures, failures
    tables = 0
    for module in modules:
        page = reference.module_reference_html(module)
        assert module.__name__ in page
        assert TABLE_FAILED not in page, module.__name__
        for cls in reference.parameter_classes(module):
            assert _table_of(cls) in page, cls.__name__
            tables += 1
        assert page.count('<table class="mm-param-table">') == len(reference.parameter_classes(module))
    assert tables >= 8, tables


def test_a_table_that_cannot_be_made_renders_as_an_error_the_check_above_sees(toy):
    @dataclasses.dataclass(frozen=True)
    class NoDefaults:
        """Fields without defaults: the table cannot be made."""

        tau_s: float = param(dataclasses.MISSING, unit="s", source="x")

    NoDefaults.__module__ = toy.__name__
    toy.NoDefaults = NoDefaults
    page = reference.module_reference_html(toy)
    assert TABLE_FAILED in page and "NoDefaults" in page
    assert page.count('<table class="mm-param-table">') == 1  # ToyParams only


def test_rest_literals_become_code(toy):
    page = reference.module_reference_html(toy)
    assert "Run the toy for <code>duration_s</code> seconds." in page
    toy.simulate.__doc__ = "See :func:`other` and :class:`~pkg.Thing`."
    page = reference.module_reference_html(toy)
    assert "See <code>other</code> and <code>pkg.Thing</code>." in page
