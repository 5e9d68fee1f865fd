"""The form engine: XForms expressions through elementpath, skip logic, constraints,
choice filters, calculations; property tests compare the engine's arithmetic, comparisons
and boolean logic with Python's."""

from __future__ import annotations

import math
from xml.etree import ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_forms_xlsform import write_xlsform

from models.forms import (
    ExpressionError,
    FormDefinition,
    Question,
    coerce,
    evaluate_form,
    load_xlsform,
    progress,
    xpath,
)
from models.validation import InvalidInput


@pytest.fixture(scope="module")
def features(tmp_path_factory) -> FormDefinition:
    return load_xlsform(write_xlsform(tmp_path_factory.mktemp("f") / "features.xlsx"))


VALID = {"name": "Ayesha", "age": "30", "consent": "yes", "fruits": ["mango"],
         "province": "PK6", "district": "PK601", "phone": "03001234567", "q1": "4"}


def _root(**values: str) -> ET.Element:
    root = ET.Element(xpath.ROOT)
    data = ET.SubElement(root, xpath.DATA)
    for name, value in values.items():
        ET.SubElement(data, name).text = value
    return root


def ev(expression: str, **values: str):
    paths = {name: f"/{xpath.ROOT}/{xpath.DATA}/{name}" for name in values}
    return xpath.evaluate(xpath.translate(expression, paths), _root(**values))


# -- properties: the engine computes what Python computes ------------------------------------
numbers = st.one_of(st.integers(-10**6, 10**6),
                    st.floats(-1e6, 1e6, allow_nan=False).map(lambda f: round(f, 3)))


def text_of(n) -> str:
    return xpath.to_string(float(n))


@settings(max_examples=150, deadline=None)
@given(a=numbers, b=numbers)
def test_arithmetic_matches_python(a, b):
    fa, fb = float(text_of(a)), float(text_of(b))
    args = {"a": text_of(a), "b": text_of(b)}
    assert ev("${a} + ${b}", **args) == pytest.approx(fa + fb)
    assert ev("${a} - ${b}", **args) == pytest.approx(fa - fb)
    assert ev("${a} * ${b}", **args) == pytest.approx(fa * fb)
    if fb != 0:
        assert ev("${a} div ${b}", **args) == pytest.approx(fa / fb)
        assert float(ev("${a} mod ${b}", **args)) == pytest.approx(math.fmod(fa, fb), abs=1e-9)
    else:
        assert math.isnan(float(ev("${a} mod ${b}", **args)))
    assert ev("-${a}", **args) == pytest.approx(-fa)


@settings(max_examples=150, deadline=None)
@given(a=numbers, b=numbers)
def test_comparisons_match_python(a, b):
    fa, fb = float(text_of(a)), float(text_of(b))
    args = {"a": text_of(a), "b": text_of(b)}
    for op, expected in (("=", fa == fb), ("!=", fa != fb), ("<", fa < fb),
                         ("<=", fa <= fb), (">", fa > fb), (">=", fa >= fb)):
        assert ev(f"${{a}} {op} ${{b}}", **args) is expected, op
        assert ev(f"${{a}} {op} {text_of(b)}", **args) is expected, op


@settings(max_examples=150, deadline=None)
@given(p=st.booleans(), q=st.booleans(), r=st.booleans())
def test_boolean_logic_matches_python(p, q, r):
    args = {"p": "1" if p else "0", "q": "1" if q else "0", "r": "1" if r else "0"}
    expr = "${p} = 1 and not(${q} = 1) or ${r} = 1"
    assert ev(expr, **args) is ((p and not q) or r)
    assert ev("(${p} = 1 or ${q} = 1) and ${r} = 1", **args) is ((p or q) and r)
    assert ev("if(${p} = 1, 'y', 'n')", **args) == ("y" if p else "n")


@settings(max_examples=100, deadline=None)
@given(words=st.lists(st.sampled_from(["mango", "apple", "banana", "kiwi"]), unique=True),
       probe=st.sampled_from(["mango", "apple", "banana", "kiwi"]))
def test_selected_and_count_selected(words, probe):
    args = {"m": " ".join(words)}
    assert ev("selected(${m}, '" + probe + "')", **args) is (probe in words)
    assert ev("count-selected(${m})", **args) == len(words)


@settings(max_examples=100, deadline=None)
@given(s=st.text(alphabet="abcxyz019 اردو", max_size=20))
def test_string_functions(s):
    import re

    assert ev("string-length(${s})", s=s) == len(s)
    assert ev("regex(${s}, '^[a-c]+[0-9]$')", s=s) is bool(re.search(r"^[a-c]+[0-9]$", s))


def test_empty_answers_compare_false_and_compute_nan():
    assert ev("${e} > 1", e="") is False
    assert ev("${e} < 1", e="") is False
    assert ev("${e} = ''", e="") is True
    assert math.isnan(ev("${e} + 1", e=""))


def test_string_literals_are_not_translated():
    assert xpath.translate("${a} = '${b}'", {"a": "/x/a"}) == "/x/a = '${b}'"
    assert xpath.references("${a} + ${b} = '${c}'") == ["a", "b"]
    with pytest.raises(ExpressionError, match="no question named 'zz'"):
        xpath.translate("${zz} > 1", {})


# -- the engine over a whole form -----------------------------------------------------------
def test_valid_answers_have_no_errors(features):
    state = evaluate_form(features, VALID)
    assert state.errors == {}
    assert state.values["age_next_year"] == "31" and state.values["adult"] == "adult"
    assert state.relevant["mango_note"] is True
    assert progress(features, state) == (8, 10)


def test_relevance_hides_and_clears(features):
    answers = dict(VALID, consent="no")
    state = evaluate_form(features, answers)
    for name in ("more", "fruits", "province", "district", "phone", "q1", "mango_note"):
        assert state.relevant[name] is False, name
    assert sorted(state.cleared) == ["district", "fruits", "phone", "province", "q1"]
    assert not {"fruits", "district", "phone", "q1"} & set(state.values)
    assert state.errors == {}
    # A question whose relevance depends on a cleared answer is hidden too.
    assert state.relevant["mango_note"] is False


def test_required_and_constraint_messages_in_both_languages(features):
    bad = dict(VALID, name="Al", age="12", fruits=["mango", "apple", "banana"],
               phone="12345")
    en = evaluate_form(features, bad, "en").errors
    ur = evaluate_form(features, bad, "ur").errors
    assert en == {"name": "At least 3 letters", "age": "Must be 18 to 119",
                  "fruits": "Two at most", "phone": "11 digits starting 03"}
    assert ur == {"name": "کم از کم تین حروف", "age": "عمر 18 سے 119 ہو",
                  "fruits": "زیادہ سے زیادہ دو", "phone": "03 سے شروع ہونے والے 11 ہندسے"}
    missing = dict(VALID)
    del missing["name"]
    assert evaluate_form(features, missing, "ur").errors == {"name": "نام لکھیں"}
    del missing["age"]
    # No message in the form: Daftar's own, in the language asked for.
    assert evaluate_form(features, missing, "ur").errors["age"] == \
        "اس سوال کا جواب دینا ضروری ہے۔"


def test_choice_filter(features):
    state = evaluate_form(features, dict(VALID, province="PK7", district="PK601"))
    assert [c.name for c in state.choices["district"]] == ["PK701"]
    assert state.errors == {"district": "Please choose an answer from the list."}
    assert [c.name for c in evaluate_form(features, VALID).choices["district"]] == \
        ["PK601", "PK602"]


def test_choice_filter_follows_its_answer_back_and_forth(features):
    """Filtered lists are remembered per value of what the filter reads: switching the
    province back and forth must give each province's own list every time."""
    seen = []
    for province in ("PK6", "PK7", "PK6", "PK7", "PK6"):
        state = evaluate_form(features, dict(VALID, province=province, district=None))
        seen.append([c.name for c in state.choices["district"]])
    assert seen == [["PK601", "PK602"], ["PK701"]] * 2 + [["PK601", "PK602"]]


def test_defaults_and_types(features):
    from models.forms import defaults

    assert defaults(features) == {"visit": "2026-11-30"}
    assert coerce(features.question("age"), "۳۰") == 30
    assert coerce(features.question("income"), "2.5") == 2.5
    assert coerce(features.question("fruits"), "mango apple", features) == ["mango", "apple"]
    for name, value in (("age", "thirty"), ("visit", "30/11/2026"), ("income", "nan")):
        with pytest.raises(InvalidInput):
            coerce(features.question(name), value)
    with pytest.raises(InvalidInput, match="not one of the choices"):
        coerce(features.question("consent"), "maybe", features)
    state = evaluate_form(features, dict(VALID, age="old"))
    assert "whole number" in state.errors["age"]
    assert evaluate_form(features, dict(VALID, age="old"), "ur").errors["age"] == \
        "پورا عدد لکھیں، جیسے 25۔"


def test_calculation_chain_settles_whatever_the_order():
    form = FormDefinition(
        form_id="f", version="1", title={}, languages=["default"], language_names={},
        questions=[Question(name="c", type="calculate", path="c", calculation="${b} * 2"),
                   Question(name="b", type="calculate", path="b", calculation="${a} + 1"),
                   Question(name="a", type="integer", path="a")])
    assert evaluate_form(form, {"a": 4}).values == {"a": 4, "b": "5", "c": "10"}
