"""XLSForm import: the default instrument, a hand-written form with every supported
feature, and broken forms refused with sheet, row and reason."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.forms import FormDefinition, FormError, evaluate_form, load_xlsform

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FORM = ROOT / "resources" / "forms" / "daftar_governance.xlsx"
EN, UR = "label::English (en)", "label::Urdu (ur)"

FEATURES_SURVEY = [
    ["type", "name", EN, UR, "hint::English (en)", "hint::Urdu (ur)", "required",
     "required_message::English (en)", "required_message::Urdu (ur)", "constraint",
     "constraint_message::English (en)", "constraint_message::Urdu (ur)", "relevant",
     "calculation", "choice_filter", "default", "daftar::construct"],
    ["begin group", "household", "Household", "گھرانہ"],
    ["text", "name", "Name", "نام", "Write the full name", "پورا نام لکھیں", "yes",
     "Name please", "نام لکھیں", "string-length(.) >= 3", "At least 3 letters",
     "کم از کم تین حروف"],
    ["integer", "age", "Age", "عمر", None, None, "yes", None, None, ". >= 18 and . < 120",
     "Must be 18 to 119", "عمر 18 سے 119 ہو"],
    ["decimal", "income", "Income", "آمدنی", None, None, None, None, None, ". >= 0"],
    ["date", "visit", "Visit date", "تاریخ", None, None, None, None, None, None, None, None,
     None, None, None, "2026-11-30"],
    ["select_one yn", "consent", "Consent?", "رضامندی؟", None, None, "yes"],
    ["end group"],
    ["begin group", "more", "More", "مزید", None, None, None, None, None, None, None, None,
     "${consent} = 'yes'"],
    ["select_multiple fruit", "fruits", "Fruits", "پھل", None, None, None, None, None,
     "count-selected(.) <= 2", "Two at most", "زیادہ سے زیادہ دو"],
    ["select_one province", "province", "Province", "صوبہ"],
    ["select_one district", "district", "District", "ضلع", None, None, None, None, None,
     None, None, None, None, None, "province = ${province}"],
    ["text", "phone", "Phone", "فون", None, None, None, None, None,
     "regex(., '^03[0-9]{9}$')", "11 digits starting 03", "03 سے شروع ہونے والے 11 ہندسے"],
    ["note", "mango_note", "You like mangoes", "آپ کو آم پسند ہیں", None, None, None, None,
     None, None, None, None, "selected(${fruits}, 'mango')"],
    ["select_one likert", "q1", "Item 1", "سوال 1", None, None, None, None, None, None,
     None, None, None, None, None, None, "trust"],
    ["end group"],
    ["calculate", "age_next_year", None, None, None, None, None, None, None, None, None,
     None, None, "${age} + 1"],
    ["calculate", "adult", None, None, None, None, None, None, None, None, None, None, None,
     "if(${age} >= 18, 'adult', 'minor')"],
]
FEATURES_CHOICES = [
    ["list_name", "name", EN, UR, "province"],
    ["yn", "yes", "Yes", "ہاں"], ["yn", "no", "No", "نہیں"],
    ["fruit", "mango", "Mango", "آم"], ["fruit", "apple", "Apple", "سیب"],
    ["fruit", "banana", "Banana", "کیلا"],
    ["province", "PK6", "Punjab", "پنجاب"], ["province", "PK7", "Sindh", "سندھ"],
    ["district", "PK601", "Lahore", "لاہور", "PK6"],
    ["district", "PK602", "Multan", "ملتان", "PK6"],
    ["district", "PK701", "Karachi", "کراچی", "PK7"],
    *[["likert", str(i), f"{i}", f"{i}"] for i in range(1, 6)],
]
FEATURES_SETTINGS = [["form_title", "form_id", "version", "default_language"],
                     ["Features", "features", "3", "English (en)"]]


def write_xlsform(path: Path, survey=None, choices=None, settings=None) -> Path:
    """Write an XLSForm workbook; ``None`` rows lists fall back to the features form."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in (("survey", survey if survey is not None else FEATURES_SURVEY),
                        ("choices", choices if choices is not None else FEATURES_CHOICES),
                        ("settings", settings if settings is not None else FEATURES_SETTINGS)):
        if rows is False:
            continue
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(list(row))
    wb.save(path)
    return path


@pytest.fixture
def features(tmp_path) -> FormDefinition:
    return load_xlsform(write_xlsform(tmp_path / "features.xlsx"))


# -- the default instrument ------------------------------------------------------------
def _make_instrument():
    spec = importlib.util.spec_from_file_location(
        "make_instrument", ROOT / "resources" / "tools" / "make_instrument.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_instrument_matches_its_script():
    expected = _make_instrument().sheets()
    wb = openpyxl.load_workbook(DEFAULT_FORM, read_only=True)
    try:
        for title, rows in expected.items():
            got = [list(r) for r in wb[title].iter_rows(values_only=True)]
            want = [list(r) + [None] * (len(got[0]) - len(r)) for r in rows]
            assert got == want, title
    finally:
        wb.close()


def test_default_instrument_imports_with_the_analysis_item_names():
    form = load_xlsform(DEFAULT_FORM)
    assert (form.form_id, form.languages) == ("daftar_governance", ["en", "ur"])
    constructs = {"tra": "transparency", "eff": "efficiency", "sat": "satisfaction",
                  "acc": "accessibility", "tru": "trust"}
    for prefix, construct in constructs.items():
        reversed_items = []
        for j in range(1, 5):
            q = form.question(f"{prefix}_{j}")
            assert q.type == "select_one" and q.list_name == "likert"
            assert q.extra["construct"] == construct
            assert q.labels["en"] and q.labels["ur"]
            if q.extra.get("reverse") == "yes":
                reversed_items.append(q.name)
        assert len(reversed_items) <= 1
    assert form.question("tru_4").extra["reverse"] == "yes"
    assert [c.name for c in form.choices["likert"]] == ["1", "2", "3", "4", "5"]
    assert "disagree" in form.choices["likert"][0].labels["en"].lower()
    for name in ("consent", "respondent_type", "province", "district", "area", "gender",
                 "age_group", "education", "internet_access", "dig_1", "dig_2", "dig_3"):
        assert form.question(name).labels["ur"], name
    assert {c.name for c in form.choices["respondent_type"]} == {
        "citizen", "government_employee", "service_user"}
    assert {c.name for c in form.choices["area"]} == {"urban", "rural"}
    # Districts come from resources/districts.csv, filtered by province.
    districts = form.choices["district"]
    assert len(districts) == 160 and all(c.filters["province"] for c in districts)
    state = evaluate_form(form, {"consent": "yes", "province": "PK4"})
    assert [c.name for c in state.choices["district"]] == ["PK401"]
    # Groups are the sections.
    assert [g.name for g in form.groups][:3] == ["start", "about", "digital"]


def test_consent_no_ends_the_interview():
    form = load_xlsform(DEFAULT_FORM)
    state = evaluate_form(form, {"consent": "no", "area": "urban", "tra_1": "4"})
    assert state.errors == {}
    assert not state.relevant["tra_1"] and not state.relevant["about"]
    assert state.relevant["no_consent"]
    assert sorted(state.cleared) == ["area", "tra_1"]
    assert "tra_1" not in state.values
    asked = evaluate_form(form, {"consent": "yes"})
    assert "tra_1" in asked.errors and "district" in asked.errors


@settings(max_examples=60, deadline=None)
@given(consent=st.sampled_from(["yes", "no", None]),
       answered=st.sets(st.sampled_from([f"{p}_{j}" for p in ("tra", "eff", "sat", "acc",
                                                               "tru", "dig")
                                         for j in (1, 2, 3)])),
       value=st.sampled_from(["1", "2", "3", "4", "5"]))
def test_hidden_questions_are_cleared_property(consent, answered, value):
    form = _default_form()
    answers = {name: value for name in answered}
    if consent:
        answers["consent"] = consent
    state = evaluate_form(form, answers)
    for name in answered:
        assert state.relevant[name] is (consent == "yes")
        assert (name in state.values) is (consent == "yes")
        assert (name in state.cleared) is (consent != "yes")
        assert name not in state.errors


_CACHE: dict[str, FormDefinition] = {}


def _default_form() -> FormDefinition:
    if "default" not in _CACHE:
        _CACHE["default"] = load_xlsform(DEFAULT_FORM)
    return _CACHE["default"]


# -- a hand-written form with every feature -------------------------------------------------
def test_every_feature_is_read(features):
    f = features
    assert (f.form_id, f.version, f.title) == ("features", "3", {"en": "Features"})
    assert f.languages == ["en", "ur"]
    assert f.language_names == {"en": "English (en)", "ur": "Urdu (ur)"}
    assert [q.type for q in f.questions] == [
        "text", "integer", "decimal", "date", "select_one", "select_multiple", "select_one",
        "select_one", "text", "note", "select_one", "calculate", "calculate"]
    name = f.question("name")
    assert name.labels == {"en": "Name", "ur": "نام"}
    assert name.hints == {"en": "Write the full name", "ur": "پورا نام لکھیں"}
    assert name.required == "true()"
    assert name.required_message == {"en": "Name please", "ur": "نام لکھیں"}
    assert name.constraint_message == {"en": "At least 3 letters", "ur": "کم از کم تین حروف"}
    assert name.group == "household" and name.path == "household/name"
    assert f.question("visit").default == "2026-11-30"
    assert f.question("district").choice_filter == "province = ${province}"
    assert f.question("age_next_year").calculation == "${age} + 1"
    assert f.question("q1").extra == {"construct": "trust"}
    assert f.group("more").relevant == "${consent} = 'yes'"
    assert f.question("age").row == 4
    assert FormDefinition.from_json(f.to_json()) == f


# -- broken forms ---------------------------------------------------------------------
def _with_row(row_index: int, row: list) -> list:
    rows = [list(r) for r in FEATURES_SURVEY]
    rows.insert(row_index, row)
    return rows


BROKEN = {
    "unknown type": (dict(survey=_with_row(3, ["geopoint", "where", "Where", "کہاں"])),
                     "survey", 4, "geopoint"),
    "unknown reference": (dict(survey=_with_row(3, ["integer", "n", "N", "ن", None, None,
                                                    None, None, None, None, None, None,
                                                    "${nobody} > 1"])),
                          "survey", 4, "nobody"),
    "bad expression": (dict(survey=_with_row(3, ["integer", "n", "N", "ن", None, None,
                                                 None, None, None, ". >>> 3"])),
                       "survey", 4, ">>>"),
    "missing choice list": (dict(survey=_with_row(3, ["select_one nolist", "n", "N", "ن"])),
                            "survey", 4, "nolist"),
    "duplicate name": (dict(survey=_with_row(3, ["text", "age", "Again", "دوبارہ"])),
                       "survey", 5, "age"),
    "bad default": (dict(survey=_with_row(3, ["integer", "n", "N", "ن", None, None, None,
                                              None, None, None, None, None, None, None,
                                              None, "many"])),
                    "survey", 4, "many"),
    "no version": (dict(settings=[["form_id"], ["features"]]), "settings", 1, "version"),
    "no settings sheet": (dict(settings=False), "settings", 0, "settings"),
    "no survey sheet": (dict(survey=False), "survey", 0, "survey"),
    "unclosed group": (dict(survey=FEATURES_SURVEY[:-3]), "survey", None, "group"),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_broken_form_names_sheet_row_and_reason(tmp_path, case):
    kwargs, sheet, row, needle = BROKEN[case]
    path = write_xlsform(tmp_path / "broken.xlsx", **kwargs)
    with pytest.raises(FormError) as info:
        load_xlsform(path)
    err = info.value
    assert err.sheet == sheet, str(err)
    if row is not None:
        assert err.row == row, str(err)
    assert needle.lower() in err.reason.lower(), str(err)
    assert str(err).startswith(f"sheet '{sheet}'")


def test_not_a_workbook(tmp_path):
    path = tmp_path / "form.xlsx"
    path.write_text("hello")
    with pytest.raises(FormError, match="not an Excel workbook"):
        load_xlsform(path)
