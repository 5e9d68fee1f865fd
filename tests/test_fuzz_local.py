"""Hypothesis fuzzing of every local input path: what a person types, the files they
import, and the command line. Each path has a documented way of saying no, and fuzzing
checks that nothing else ever comes out:

* XLSForm import (``models.forms.load_xlsform``): the real instrument
  ``resources/forms/daftar_governance.xlsx`` mutated with openpyxl (random cells, random
  expressions in relevant / constraint / required / calculation / choice_filter /
  default, deleted sheets, columns and rows), damaged on the byte level (flipped bytes,
  cut short, a part of the zip replaced), or random bytes → a ``FormDefinition`` that
  the engine can run, or :class:`FormError` with its sheet, row and reason.
* The form engine (``evaluate_form``, ``coerce``) with random answers of every type,
  Urdu text, bidi marks, huge and odd numbers, and random expressions → a ``FormState``;
  ``coerce`` refuses with :class:`InvalidInput`; an expression with
  :class:`ExpressionError` (or :class:`FormError` when checked at import).
* ``models.validation`` (CNIC, mobile, names, descriptions, notes) with random unicode →
  the value or :class:`InvalidInput` with a message.
* The provisioning file of the first-run wizard (``desktop.first_run.read_provisioning``)
  → the values or :class:`ProvisioningError`.
* ``daftar restore FILE`` (``store.backup``) with random, damaged and doctored backups →
  restored, or refused with a one-line message.
* The command line, ``daftar.main(argv)``, with argv built from the real parser
  (``build_parser()`` introspected) and random strings → exit 0, 2 or 3 with a one-line
  message; never 70 (our bug) and never a traceback.

Numbers of examples are bounded so that the module runs in about a minute here.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import logging
import os
import shutil
import sqlite3
import zipfile
from dataclasses import replace
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from models.forms import (
    ExpressionError,
    FormDefinition,
    FormError,
    FormState,
    coerce,
    evaluate_form,
    instance_paths,
    load_xlsform,
    progress,
    xpath,
)
from models.validation import (
    InvalidForm,
    InvalidInput,
    collect,
    parse_cnic,
    parse_description,
    parse_mobile,
    parse_name,
    parse_note,
)

ROOT = Path(__file__).resolve().parents[1]
INSTRUMENT = ROOT / "resources" / "forms" / "daftar_governance.xlsx"
#: No shrinking: a failure is reported with the example as found (shrinking a workbook
#: can take minutes); the suite stays within its time.
#: `make fuzz` runs every property this many times over (DAFTAR_FUZZ_SCALE, default 1).
SCALE = max(1, int(os.environ.get("DAFTAR_FUZZ_SCALE", "1")))
FUZZ = settings(deadline=None, suppress_health_check=list(HealthCheck),
                phases=[Phase.explicit, Phase.reuse, Phase.generate])

# -- alphabets ---------------------------------------------------------------------------
URDU = "ابپتٹثجچحخدڈذرڑزژسشصضطظعغفقکگلمنںوہھءیےآؤئۓ"
URDU_DIGITS = "۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩"
#: Bidi and joining marks a Urdu keyboard or a copy from a web page brings along.
MARKS = "\u200f\u200e\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c\u200c\u200d\ufeff"
ODD = "\x00\x07\t\n\r\x1b\x7f\u2028\u2029\ud800\udfff\U0001f600'\"<>&${}()[]/\\:*?|"
chars = st.one_of(st.sampled_from(URDU + URDU_DIGITS + MARKS + ODD + "0123456789-+ "),
                  st.characters())
texts = st.text(alphabet=chars, max_size=40)
odd_ints = st.one_of(st.integers(-10, 10), st.integers(-(2**70), 2**70),
                     st.sampled_from([2**63 - 1, 2**63, -(2**63) - 1, 10**40]))
odd_floats = st.floats(allow_nan=True, allow_infinity=True)
numbers_as_text = st.one_of(odd_ints.map(str), odd_floats.map(repr),
                            st.sampled_from(["1e400", "-0", "0x1F", "١٢", "۲۵", "1_000", "٣.٥",
                                             "nan", "inf", "9" * 5000]))


def close_new_handlers(before: list) -> None:
    """``daftar.main`` adds a log file handler to the root logger at every call (once per
    process in real use); the fuzz loop calls it hundreds of times."""
    root = logging.getLogger()
    for handler in root.handlers[:]:
        if handler not in before:
            root.removeHandler(handler)
            handler.close()


def assert_form_error(exc: FormError) -> None:
    assert isinstance(exc.sheet, str)
    assert isinstance(exc.row, int) and exc.row >= 0
    assert isinstance(exc.reason, str) and exc.reason.strip()
    assert "Traceback" not in str(exc)


# -- XLSForm import ----------------------------------------------------------------------
EXPRESSION_COLUMNS = ("relevant", "constraint", "required", "calculation", "choice_filter",
                      "default")
TYPES = ["text", "integer", "decimal", "date", "note", "calculate", "select_one yes_no",
         "select_multiple yes_no", "select_one nowhere", "begin group", "end group",
         "begin_group", "end_group", "begin repeat", "geopoint", "select_one", "start",
         "select_multiple_from_file x.csv", "integer or_other", "acknowledge"]


@st.composite
def expressions(draw, names: list[str]) -> str:
    refs = [f"${{{n}}}" for n in names] + ["${nope}", "${}", "${", "${ consent }", "."]
    literal = texts.map(lambda s: "'" + s.replace("'", "") + "'")
    atom = st.one_of(st.sampled_from(refs), odd_ints.map(str), odd_floats.map(repr), literal,
                     st.sampled_from(["true()", "false()", "today()", "now()", "''", "NaN",
                                      "-1", "1 div 0", "0 div 0", "/xf/data", "//*", "@x"]))

    def combine(children):
        ops = st.sampled_from([" + ", " - ", " * ", " div ", " mod ", " = ", " != ", " < ",
                               " <= ", " > ", " >= ", " and ", " or ", " | "])
        funcs = st.sampled_from(["selected", "count-selected", "regex", "if", "coalesce",
                                 "int", "string-length", "concat", "substring", "number",
                                 "round", "not", "contains", "translate", "sum", "count",
                                 "nosuchfunction"])
        return st.one_of(
            st.tuples(children, ops, children).map("".join),
            st.tuples(funcs, st.lists(children, max_size=3)).map(
                lambda t: f"{t[0]}({', '.join(t[1])})"),
            children.map(lambda c: f"({c})"),
            children.map(lambda c: f"-{c}"))

    return draw(st.one_of(st.recursive(atom, combine, max_leaves=8), texts))


@pytest.fixture(scope="module")
def instrument() -> FormDefinition:
    return load_xlsform(INSTRUMENT)


@pytest.fixture(scope="module")
def instrument_bytes() -> bytes:
    return INSTRUMENT.read_bytes()


def cell_values(names: list[str]):
    return st.one_of(st.none(), texts, odd_ints, odd_floats, st.dates(), st.booleans(),
                     st.sampled_from(TYPES), st.sampled_from(names), expressions(names))


@st.composite
def mutations(draw, names: list[str]):
    kind = draw(st.sampled_from(["cell", "cell", "expression", "expression", "type",
                                 "delete_sheet", "delete_column", "delete_rows", "header"]))
    sheet = draw(st.sampled_from(["survey", "survey", "choices", "settings"]))
    if kind == "cell":
        return kind, sheet, draw(st.integers(1, 60)), draw(st.integers(1, 18)), \
            draw(cell_values(names))
    if kind == "expression":
        return kind, "survey", draw(st.integers(2, 55)), \
            draw(st.sampled_from(EXPRESSION_COLUMNS)), draw(expressions(names))
    if kind == "type":
        return kind, "survey", draw(st.integers(2, 55)), None, draw(st.sampled_from(TYPES))
    if kind == "delete_sheet":
        return kind, sheet, None, None, None
    if kind == "delete_column":
        return kind, sheet, None, draw(st.integers(1, 18)), None
    if kind == "delete_rows":
        return kind, sheet, draw(st.integers(1, 60)), None, draw(st.integers(1, 5))
    return kind, sheet, 1, draw(st.integers(1, 18)), draw(st.one_of(
        texts, st.sampled_from(["type", "name", "label", "label::Urdu (ur)", "label::x",
                                "relevant", "constraint", "list_name", "form_id", "version",
                                "choice_filter", "calculation", "default", ""])))


def _column(ws, title: str) -> int:
    for cell in ws[1]:
        if str(cell.value or "").strip().lower() == title:
            return cell.column
    return ws.max_column + 1  # a new column with that header


def storable(value):
    """What a spreadsheet program can write: no control characters, no lone surrogates
    (openpyxl refuses them; random bytes for the file are fuzzed separately)."""
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return value.encode("utf-8", "ignore").decode("utf-8")


def mutate(data: bytes, changes) -> bytes:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    for kind, sheet, row, col, raw in changes:
        value = storable(raw)
        if sheet not in wb.sheetnames:
            continue
        ws = wb[sheet]
        if kind == "cell" or kind == "header":
            ws.cell(row=row, column=col).value = value
        elif kind == "expression":
            index = _column(ws, col)
            ws.cell(row=1, column=index).value = col
            ws.cell(row=row, column=index).value = value
        elif kind == "type":
            ws.cell(row=row, column=_column(ws, "type")).value = value
        elif kind == "delete_sheet":
            del wb[sheet]
        elif kind == "delete_column":
            ws.delete_cols(col)
        elif kind == "delete_rows":
            ws.delete_rows(row, value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def load_or_refuse(path: Path) -> FormDefinition | None:
    """The documented outcomes of an import: a form the engine can run, or FormError."""
    try:
        form = load_xlsform(path)
    except FormError as exc:
        assert_form_error(exc)
        return None
    state = evaluate_form(form, {})
    assert isinstance(state, FormState)
    progress(form, state)
    return form


def test_the_instrument_itself_imports(instrument):
    """The base every mutation starts from is a good form (else the fuzzing below would
    only ever test refusals)."""
    assert instrument.form_id == "daftar_governance" and len(instrument.questions) > 30


@given(data=st.data())
@settings(FUZZ, max_examples=12 * SCALE)
def test_mutated_instrument_imports_or_is_refused_with_sheet_row_reason(
        tmp_path, instrument, instrument_bytes, data):
    names = [q.name for q in instrument.questions]
    changes = data.draw(st.lists(mutations(names), min_size=1, max_size=4))
    path = tmp_path / "form.xlsx"
    path.write_bytes(mutate(instrument_bytes, changes))
    load_or_refuse(path)


def _replace_part(data: bytes, part: int, content: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for i, info in enumerate(src.infolist()):
            dst.writestr(info, content if i == part % len(src.infolist()) else src.read(info))
    return out.getvalue()


@given(data=st.data())
@settings(FUZZ, max_examples=25 * SCALE)
def test_damaged_or_random_files_are_refused_as_forms(tmp_path, instrument_bytes, data):
    how = data.draw(st.sampled_from(["random", "flip", "cut", "part", "part_cut"]))
    raw = instrument_bytes
    if how == "random":
        raw = data.draw(st.binary(max_size=3000))
    elif how == "flip":
        raw = bytearray(raw)
        for pos in data.draw(st.lists(st.integers(0, len(raw) - 1), min_size=1, max_size=8)):
            raw[pos] = data.draw(st.integers(0, 255))
        raw = bytes(raw)
    elif how == "cut":
        raw = raw[:data.draw(st.integers(0, len(raw) - 1))]
    else:
        part = data.draw(st.integers(0, 40))
        inner = zipfile.ZipFile(io.BytesIO(raw)).read(
            zipfile.ZipFile(io.BytesIO(raw)).infolist()[part % len(
                zipfile.ZipFile(io.BytesIO(raw)).infolist())])
        content = (inner[:data.draw(st.integers(0, len(inner)))] if how == "part_cut"
                   else data.draw(st.binary(max_size=500)))
        raw = _replace_part(raw, part, content)
    path = tmp_path / "form.xlsx"
    path.write_bytes(raw)
    load_or_refuse(path)


def test_a_folder_or_a_missing_file_is_refused(tmp_path):
    for path in (tmp_path, tmp_path / "nothing.xlsx"):
        with pytest.raises(FormError) as exc:
            load_xlsform(path)
        assert_form_error(exc.value)


# -- the form engine -----------------------------------------------------------------------

def make_all_types_form(path: Path) -> None:
    """A small XLSForm with every question type and every kind of expression."""
    wb = openpyxl.Workbook()
    survey = wb.active
    survey.title = "survey"
    survey.append(["type", "name", "label::English (en)", "label::Urdu (ur)", "required",
                   "relevant", "constraint", "calculation", "choice_filter", "default"])
    survey.append(["begin group", "sec", "Section", "حصہ", "", "", "", "", "", ""])
    survey.append(["text", "name", "Name", "نام", "yes", "", "string-length(.) < 50",
                   "", "", ""])
    survey.append(["integer", "age", "Age", "عمر", "yes", "", ". >= 0 and . < 130", "", "",
                   ""])
    survey.append(["decimal", "income", "Income", "آمدنی", "", "${age} > 17",
                   ". >= 0", "", "", "0"])
    survey.append(["date", "born", "Born", "پیدائش", "", "", "string-length(.) = 10", "", "", ""])
    survey.append(["select_one prov", "province", "Province", "صوبہ", "yes", "", "", "", "",
                   ""])
    survey.append(["select_one dist", "district", "District", "ضلع", "", "", "", "",
                   "province = ${province}", ""])
    survey.append(["select_multiple lang", "langs", "Languages", "زبانیں", "",
                   "${age} >= 5", "count-selected(.) <= 2", "", "", ""])
    survey.append(["calculate", "score", "", "", "", "",
                   "", "if(selected(${langs}, 'ur'), ${age} * 2, coalesce(${income}, 0))",
                   "", ""])
    survey.append(["note", "shown", "Score ${score}", "اسکور ${score}", "", "${score} > 10",
                   "", "", "", ""])
    survey.append(["text", "phone", "Phone", "فون", "", "", "regex(., '^03[0-9]{9}$')", "",
                   "", ""])
    survey.append(["end group", "", "", "", "", "", "", "", "", ""])
    choices = wb.create_sheet("choices")
    choices.append(["list_name", "name", "label::English (en)", "label::Urdu (ur)",
                    "province"])
    for row in (["prov", "pb", "Punjab", "پنجاب", ""], ["prov", "sd", "Sindh", "سندھ", ""],
                ["dist", "lhr", "Lahore", "لاہور", "pb"], ["dist", "khi", "Karachi", "کراچی",
                                                          "sd"],
                ["lang", "ur", "Urdu", "اردو", ""], ["lang", "en", "English", "انگریزی", ""],
                ["lang", "pa", "Punjabi", "پنجابی", ""]):
        choices.append(row)
    settings_ = wb.create_sheet("settings")
    settings_.append(["form_title", "form_id", "version", "default_language"])
    settings_.append(["All types", "all_types", "1", "English (en)"])
    wb.save(path)


@pytest.fixture(scope="module")
def all_types(tmp_path_factory) -> FormDefinition:
    path = tmp_path_factory.mktemp("forms") / "all_types.xlsx"
    make_all_types_form(path)
    return load_xlsform(path)


def answer_values(form: FormDefinition):
    choice_names = sorted({c.name for items in form.choices.values() for c in items})
    return st.one_of(
        st.none(), st.just(""), texts, numbers_as_text, odd_ints, odd_floats, st.booleans(),
        st.dates(), st.dates().map(date.isoformat), st.sampled_from(choice_names),
        st.lists(st.one_of(st.sampled_from(choice_names), texts, odd_ints), max_size=4),
        st.lists(st.sampled_from(choice_names), max_size=3).map(" ".join),
        st.dictionaries(texts, texts, max_size=2), st.just(object()))


@st.composite
def answers(draw, form: FormDefinition) -> dict:
    names = [q.name for q in form.questions]
    keys = st.one_of(st.sampled_from(names), texts)
    return draw(st.dictionaries(keys, answer_values(form), max_size=len(names)))


def check_state(form: FormDefinition, state: FormState) -> None:
    assert isinstance(state, FormState)
    for name, message in state.errors.items():
        assert isinstance(message, str) and message.strip(), (name, message)
    answered, to_answer = progress(form, state)
    assert 0 <= answered <= to_answer or to_answer == 0


@pytest.mark.parametrize("which", ["instrument", "all_types"])
@given(data=st.data())
@settings(FUZZ, max_examples=20 * SCALE)
def test_random_answers_are_evaluated_never_raise(request, which, data):
    form = request.getfixturevalue(which)
    given_answers = data.draw(answers(form))
    language = data.draw(st.one_of(st.sampled_from([*form.languages, None]), texts))
    check_state(form, evaluate_form(form, given_answers, language))
    for q in form.questions:
        value = given_answers.get(q.name, data.draw(answer_values(form)))
        try:
            coerce(q, value, form)
        except InvalidInput as exc:
            assert exc.field == q.name and exc.text().strip()


@given(data=st.data())
@settings(FUZZ, max_examples=40 * SCALE)
def test_random_expressions_are_refused_or_run(all_types, data):
    """An expression from a form is checked at import (FormError naming the row) and then
    evaluated on every change of an answer: only ExpressionError may come out."""
    names = [q.name for q in all_types.questions]
    expression = data.draw(expressions(names))
    column = data.draw(st.sampled_from(["relevant", "constraint", "required", "calculation",
                                        "choice_filter"]))
    target = data.draw(st.sampled_from([q for q in all_types.questions
                                        if column != "calculation" or q.type == "calculate"]))
    paths = instance_paths(all_types)
    try:
        xpath.compile_xpath(xpath.translate(expression, paths))
    except ExpressionError as exc:
        assert exc.reason.strip()
    form = replace(all_types, questions=[replace(q, **{column: expression})
                                         if q is target else q
                                         for q in all_types.questions])
    from models.forms import check_definition

    try:
        check_definition(form)
    except FormError as exc:
        assert_form_error(exc)
        return
    check_state(form, evaluate_form(form, data.draw(answers(form))))


# -- models.validation ----------------------------------------------------------------------

@given(text=st.one_of(st.none(), texts, numbers_as_text,
                      st.text(alphabet=st.sampled_from("0123456789-" + URDU_DIGITS + MARKS
                                                       + " +()"), max_size=20)))
@settings(FUZZ, max_examples=150 * SCALE)
def test_typed_fields_give_the_value_or_a_plain_message(text):
    for parse in (parse_cnic, parse_mobile, parse_name, parse_description, parse_note,
                  lambda t: parse_mobile(t, required=False)):
        try:
            value = parse(text)
        except InvalidInput as exc:
            message = exc.text()
            assert message.strip() and "\n" not in message and "{" not in message
            continue
        assert value is None or isinstance(value, str)
    try:
        collect(cnic=(parse_cnic, text), phone=(parse_mobile, text), name=(parse_name, text))
    except InvalidForm as exc:
        assert exc.errors and exc.text().strip()


# -- the provisioning file ------------------------------------------------------------------

def provisioning_contents():
    value = st.one_of(st.none(), texts, odd_ints, odd_floats, st.booleans(),
                      st.lists(texts, max_size=2))
    good = st.fixed_dictionaries({"server": texts, "token": texts},
                                 optional={"office": value, "extra": value})
    as_json = st.one_of(good, st.dictionaries(texts, value, max_size=4), value).map(
        lambda v: json.dumps(v, ensure_ascii=False, allow_nan=True).encode("utf-8", "replace"))
    deep = st.integers(1, 200_000).map(lambda n: b"[" * n + b"]" * n)
    deep_dict = st.integers(1, 100_000).map(lambda n: b'{"a":' * n + b"1" + b"}" * n)
    return st.one_of(as_json, st.binary(max_size=300), deep, deep_dict,
                     texts.map(lambda t: t.encode("utf-16")),
                     as_json.map(lambda b: b"\xef\xbb\xbf" + b))


@given(content=provisioning_contents())
@settings(FUZZ, max_examples=80 * SCALE)
def test_provisioning_file_gives_values_or_a_plain_refusal(tmp_path, content):
    from desktop.first_run import ProvisioningError, read_provisioning

    path = tmp_path / "daftar.json"
    path.write_bytes(content)
    try:
        data = read_provisioning(path)
    except ProvisioningError as exc:
        assert str(exc).strip() and "Traceback" not in str(exc)
        return
    assert set(data) == {"server", "token", "office"}
    assert all(isinstance(v, str) for v in data.values())


def test_provisioning_folder_or_missing_file_is_refused(tmp_path):
    from desktop.first_run import ProvisioningError, read_provisioning

    for path in (tmp_path, tmp_path / "missing.json"):
        with pytest.raises(ProvisioningError):
            read_provisioning(path)


# -- restore --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def a_backup(tmp_path_factory) -> Path:
    """A real backup of a real store with a few requests."""
    import people
    from conftest import register
    from store import backup
    from store.store import Store

    folder = tmp_path_factory.mktemp("office")
    store = Store.open(folder)
    people.seed(store)
    for n in range(3):
        register(store, n)
    store.close()
    return backup.make_backup(folder, reason="manual")


DOCTORED = [
    "UPDATE device_state SET device_id = NULL",
    "UPDATE device_state SET office_code = NULL",
    "UPDATE device_state SET chain_seq = 'many'",
    "UPDATE device_state SET device_id = 42",
    "UPDATE alembic_version SET version_num = 'ffffffffffff'",
    "UPDATE alembic_version SET version_num = NULL",
    "DELETE FROM device_state",
    "DELETE FROM alembic_version",
    "DROP TABLE meta",
    "DROP TABLE service_request",
    "UPDATE service_request SET tracking_number = NULL",
    "PRAGMA user_version = 99",
]


@given(data=st.data())
@settings(FUZZ, max_examples=25 * SCALE)
def test_restore_of_random_damaged_or_doctored_files(tmp_path, a_backup, data, capsys):
    """``daftar restore FILE`` (``--force`` too) on a PC with its own data: restored, or
    refused with one plain line (exit 2 or 3); never 70, never a traceback."""
    import daftar

    how = data.draw(st.sampled_from(["random", "flip", "cut", "doctored", "doctored",
                                     "header_only", "good"]))
    source = tmp_path / "backup.sqlite3"
    raw = a_backup.read_bytes()
    if how == "random":
        raw = data.draw(st.binary(max_size=2000))
    elif how == "header_only":
        raw = b"SQLite format 3\x00" + data.draw(st.binary(max_size=2000))
    elif how == "flip":
        raw = bytearray(raw)
        for pos in data.draw(st.lists(st.integers(0, len(raw) - 1), min_size=1, max_size=6)):
            raw[pos] = data.draw(st.integers(0, 255))
        raw = bytes(raw)
    elif how == "cut":
        raw = raw[:data.draw(st.integers(0, len(raw) - 1))]
    source.write_bytes(raw)
    if how == "doctored":
        con = sqlite3.connect(source)
        for statement in data.draw(st.lists(st.sampled_from(DOCTORED), min_size=1,
                                            max_size=3)):
            with contextlib.suppress(sqlite3.Error):
                con.execute(statement)
        con.commit()
        con.close()
    folder = tmp_path / "pc"
    if not folder.exists():
        shutil.copytree(a_backup.parent.parent, folder,
                        ignore=shutil.ignore_patterns("backups"))
    argv = ["--data-dir", str(folder), "restore", str(source)]
    if data.draw(st.booleans()):
        argv.append("--force")
    before = logging.getLogger().handlers[:]
    try:
        code = daftar.main(argv)
    finally:
        close_new_handlers(before)
    out, err = capsys.readouterr()
    assert code in (0, 2, 3), (how, code, out, err)
    assert "Traceback" not in out + err
    if code:
        lines = [line for line in err.splitlines() if line.strip()]
        assert len(lines) == 1 and lines[0].startswith("daftar: error: "), err


# -- the command line -----------------------------------------------------------------------

#: Commands that open the GUI or run until stopped: not fuzzed. No command opens the
#: desktop application, ``--self-test`` starts Qt, ``server`` and ``server run`` serve
#: until killed.
EXCLUDED = {(), ("server",), ("server", "run")}
PATH_OPTIONS = {"--out", "--report", "file", "--data-dir"}


def commands(parser: argparse.ArgumentParser, prefix=()) -> dict[tuple, argparse.ArgumentParser]:
    """Every (sub)command path of the real parser → its parser."""
    found = {prefix: parser}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found.update(commands(sub, (*prefix, name)))
    return found


def _has_subcommands(parser) -> bool:
    return any(isinstance(a, argparse._SubParsersAction) for a in parser._actions)


@pytest.fixture(scope="module")
def cli_commands():
    from daftar import build_parser

    found = commands(build_parser())
    return {path: p for path, p in found.items() if path not in EXCLUDED}


def test_the_cli_fuzzing_covers_every_command(cli_commands):
    """The command list comes from the real parser; it must hold the known commands (so
    the introspection cannot silently find nothing)."""
    names = {" ".join(p) for p in cli_commands}
    assert {"requests new", "requests list", "forms import", "restore", "backup", "export",
            "analyze", "enroll", "sync", "server publish-form", "settings set"} <= names
    assert "server run" not in names and "" not in names


@st.composite
def argv_for(draw, cli_commands, tmp: Path, files: list[Path]):
    path = draw(st.sampled_from(sorted(cli_commands)))
    parser = cli_commands[path]
    argv = list(path)
    safe_names = st.text(alphabet=st.sampled_from("abcxyz._- ۱ابپ"), min_size=1, max_size=12)
    paths = st.one_of(st.sampled_from([str(f) for f in files]), safe_names,
                      safe_names.map(lambda n: str(tmp / "out" / n)),
                      st.just(str(tmp)), st.just(str(tmp / "missing" / "x.xlsx")))
    urls = st.one_of(st.sampled_from([
        "http://127.0.0.1:9", "https://localhost:9", "http://[::1]:9", "ftp://127.0.0.1",
        "http://", "https://", f"sqlite:///{tmp}/server.sqlite3",
        f"sqlite:///{tmp}/missing/dir/server.sqlite3", "sqlite://", "nosuchdb://x",
        "postgresql+psycopg://postgres@127.0.0.1:9/x"]),
        texts.filter(lambda t: ":" not in t and not t.startswith("-")))

    def value(action) -> str:
        name = action.option_strings[-1] if action.option_strings else action.dest
        if path == ("demo",) and name in ("--requests", "--surveys"):
            return str(draw(st.integers(-2, 3)))
        if action.choices is not None and draw(st.integers(0, 4)):
            return str(draw(st.sampled_from(list(action.choices))))
        if name in PATH_OPTIONS:
            return draw(paths)
        if name in ("--server", "--database-url"):
            return draw(urls)
        if action.type is int or action.type is float:
            return draw(st.one_of(odd_ints.map(str), numbers_as_text, texts))
        return draw(st.one_of(texts, numbers_as_text, st.sampled_from(
            ["35202-1234567-1", "0300-1234567", "LHR1", "DOMICILE_CERTIFICATE", "PK617",
             "daftar_governance", "2026-11-28", "en", "ur", "clerk", "supervisor"])))

    for action in parser._actions:
        if isinstance(action, argparse._HelpAction | argparse._SubParsersAction):
            continue
        if action.option_strings and action.dest == "data_dir":
            continue
        if action.option_strings:
            if path == ("demo",) and action.dest in ("requests", "surveys"):
                argv += [action.option_strings[-1], value(action)]  # the default is 200
                continue
            if not draw(st.booleans()):
                continue
            argv.append(draw(st.sampled_from(action.option_strings)))
            if action.nargs != 0:
                argv.append(value(action))
        elif action.nargs == "?" and draw(st.booleans()):
            continue
        else:
            argv.append(value(action))
    if draw(st.integers(0, 5)) == 0:  # something the parser does not expect
        argv.insert(draw(st.integers(0, len(argv))), draw(st.one_of(
            texts, st.sampled_from(["--bogus", "-x", "--", "-h", "--json", "--data-dir"]))))
    return argv


@given(data=st.data())
@settings(FUZZ, max_examples=120 * SCALE)
def test_cli_exits_0_2_or_3_with_one_line_never_a_traceback(
        tmp_path_factory, cli_commands, data, capsys, monkeypatch, memory_keyring):
    import daftar

    tmp = tmp_path_factory.getbasetemp() / "cli"
    if not tmp.exists():
        (tmp / "out").mkdir(parents=True)
        shutil.copy(INSTRUMENT, tmp / "form.xlsx")
        (tmp / "junk.xlsx").write_bytes(b"PK\x03\x04 not really")
        (tmp / "text.txt").write_text("سلام\n", encoding="utf-8")
    monkeypatch.chdir(tmp / "out")  # relative paths land in the temporary folder
    files = [tmp / "form.xlsx", tmp / "junk.xlsx", tmp / "text.txt"]
    argv = data.draw(argv_for(cli_commands, tmp, files))
    monkeypatch.setattr("sys.stdin", io.StringIO(data.draw(texts) + "\n"))
    # With no command `daftar` opens the desktop application, which waits for a person
    # to sign in: an inserted option can take the command's place as its value
    # (`daftar --user requests`). That start is recorded here, not run (the desktop
    # has its own tests); the suite once waited on its sign-in window until CI stopped it.
    opened: list = []
    monkeypatch.setattr("desktop.app.run", lambda data_dir=None: opened.append(data_dir) or 0)
    before = logging.getLogger().handlers[:]
    try:
        code = daftar.main(["--data-dir", str(tmp / "data"), *argv])
    except SystemExit as exc:  # argparse: --help (0) or a usage error (2)
        code = exc.code
        out, err = capsys.readouterr()
        assert code in (0, 2), (argv, code, err)
        if code == 2:
            # One message, from daftar. A typed argument that argparse repeats as it was
            # given may hold line breaks, so the message need not be the last line.
            errors = [line for line in err.split("\n") if "error:" in line]
            assert len(errors) == 1 and errors[0].startswith("daftar"), err
        return
    finally:
        close_new_handlers(before)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err, argv
    if opened:  # no command was left: the desktop would have started, and nothing else
        assert code == 0 and out == "", (argv, out, err)
        return
    # 1: documented for `audit verify` (a broken chain) and `sync` (records still waiting)
    assert code in (0, 1, 2, 3), (argv, code, err)
    if code in (2, 3):
        lines = [line for line in err.split("\n") if line.strip()]
        assert len(lines) == 1 and lines[0].startswith("daftar: error: "), (argv, err)
    if code == 1:
        assert argv[:2] == ["audit", "verify"] or argv[:1] == ["sync"], (argv, out, err)



# -- what the fuzzing found, pinned down --------------------------------------------------

def test_a_header_cell_that_is_not_text_is_refused_with_its_sheet_and_row(
        tmp_path, instrument_bytes):
    """Found by fuzzing: a number or a date as a column header crashed pyxform
    (AttributeError: 'int' object has no attribute 'strip')."""
    for sheet, value in (("survey", 2026), ("choices", date(2026, 11, 30)),
                         ("settings", 1.5)):
        path = tmp_path / f"{sheet}.xlsx"
        path.write_bytes(mutate(instrument_bytes, [("header", sheet, 1, 2, value)]))
        with pytest.raises(FormError) as exc:
            load_xlsform(path)
        assert (exc.value.sheet, exc.value.row) == (sheet, 1)
        assert "column B" in exc.value.reason


def test_a_select_answer_given_as_a_number_is_checked_not_a_crash(instrument):
    """Found by fuzzing: a select answer that was not text or a list (a number, say from
    a JSON file) raised TypeError in ``coerce`` and in ``evaluate_form``."""
    consent = instrument.question("consent")
    with pytest.raises(InvalidInput) as exc:
        coerce(consent, 5, instrument)
    assert "choices" in exc.value.text()
    state = evaluate_form(instrument, {"consent": 5})
    assert "consent" in state.errors


def test_an_infinite_whole_number_is_refused_not_a_crash(all_types):
    """Found by fuzzing: ``coerce`` of float('inf') for an integer question raised
    OverflowError."""
    age = all_types.question("age")
    for value in (float("inf"), float("-inf"), float("nan")):
        with pytest.raises(InvalidInput):
            coerce(age, value, all_types)
    assert "age" in evaluate_form(all_types, {"age": float("inf")}).errors


def test_a_provisioning_file_nested_thousands_deep_is_refused(tmp_path):
    """Found by fuzzing: JSON nested 100,000 deep raised RecursionError in the wizard."""
    from desktop.first_run import ProvisioningError, read_provisioning

    path = tmp_path / "daftar.json"
    path.write_bytes(b"[" * 100_000 + b"]" * 100_000)
    with pytest.raises(ProvisioningError, match="not JSON"):
        read_provisioning(path)


def test_a_backup_with_a_doctored_identity_is_refused_and_nothing_changes(
        tmp_path, a_backup, capsys):
    """Found by fuzzing: a backup whose ``device_state.chain_seq`` was text passed every
    check, replaced the database, and only then crashed (exit 70) — the PC was left on a
    database the program cannot use."""
    import daftar

    folder = tmp_path / "pc"
    shutil.copytree(a_backup.parent.parent, folder, ignore=shutil.ignore_patterns("backups"))
    live = (folder / "daftar.sqlite3").read_bytes()
    for statement in ("UPDATE device_state SET chain_seq = 'many'",
                      "UPDATE device_state SET chain_seq = -5",
                      "UPDATE device_state SET chain_seq = 1.5",
                      "UPDATE device_state SET chain_seq = x'00'"):
        source = tmp_path / "doctored.sqlite3"
        shutil.copy(a_backup, source)
        from store import keys
        from store.db import connect

        con = connect(source, keys.database_key(folder))  # backups are encrypted
        con.execute(statement)
        con.commit()
        con.close()
        before = logging.getLogger().handlers[:]
        try:
            code = daftar.main(["--data-dir", str(folder), "restore", str(source)])
        finally:
            close_new_handlers(before)
        err = capsys.readouterr().err
        assert code == 2, err
        assert "is not a Daftar backup" in err
        assert (folder / "daftar.sqlite3").read_bytes() == live


@pytest.mark.parametrize(("argv", "code", "words"), [
    (["requests", "list", "--limit", str(2**70)], 2, "is not between 0 and"),
    (["surveys", "list", "--limit", "-1"], 2, "is not between 0 and"),
    (["surveys", "quota", "--district", "PK617", "--area", "urban", "--respondent-type",
      "citizen", "--target", str(2**64)], 2, "is not between 0 and"),
    (["demo", "--requests", "0", "--surveys", "0", "--seed", "-5"], 2, "is not 0 or more"),
    (["diagnostics", "--out", "{tmp}"], 3, "Is a directory"),
    (["backup", "--out", "{tmp}/no/such/folder/b.sqlite3"], 3, ""),
])
def test_cli_refusals_found_by_fuzzing(tmp_path, capsys, argv, code, words):
    """Found by fuzzing, each answered 70 ("something went wrong") before: a limit or
    target past SQLite's integers, a negative demo seed (numpy refuses it), an output
    path that is a folder."""
    import daftar

    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    before = logging.getLogger().handlers[:]
    try:
        got = daftar.main(["--data-dir", str(tmp_path / "data"), *argv])
    except SystemExit as exc:
        got = exc.code
    finally:
        close_new_handlers(before)
    err = capsys.readouterr().err
    assert got == code, err
    assert words in err
    assert "Traceback" not in err and err.strip().splitlines()[-1].startswith("daftar")


def test_an_option_that_takes_the_command_as_its_value_opens_the_desktop(
        tmp_path, capsys, monkeypatch):
    """`daftar --user requests` is the desktop started for the user "requests" (argparse
    reads the word as the option's value): what hung the suite, pinned down."""
    import daftar

    opened: list = []
    monkeypatch.setattr("desktop.app.run", lambda data_dir=None: opened.append(data_dir) or 0)
    before = logging.getLogger().handlers[:]
    try:
        assert daftar.main(["--data-dir", str(tmp_path), "--user", "requests"]) == 0
    finally:
        close_new_handlers(before)
    assert opened == [str(tmp_path)]


# -- pulled pages (what the server sends is imported too) -----------------------------------

def _good_records() -> dict[str, dict]:
    import pg  # the simulated PC of the server tests: records built as store.records does

    pc = pg.Pc(None, "LHR1")
    cit = pc.citizen(1)
    req = pc.request(cit)
    return {"citizen": cit, "service_request": req, "request_event": pc.created(req),
            "office": {"code": "LHR9", "district_id": "PK617", "name_en": "Lahore 9",
                       "name_ur": "لاہور ۹"},
            "service": {"code": "NEW_SERVICE", "name_en": "A new service"},
            "area": {"id": "PK999", "name_en": "Somewhere"},
            "form": {"form_id": "f", "version": "1", "title": {"en": "t"}, "definition": {},
                     "xlsx_sha256": "0" * 64}}


@st.composite
def pulled_changes(draw, good: dict[str, dict]):
    kind = draw(st.sampled_from([*good, "bogus"]))
    record = dict(good.get(kind, {}))
    values = st.one_of(st.none(), texts, odd_ints, odd_floats, st.booleans(),
                       st.lists(odd_ints, max_size=2), st.dictionaries(texts, odd_ints,
                                                                       max_size=2))
    for key in list(record):
        roll = draw(st.integers(0, 9))
        if roll == 0:
            del record[key]
        elif roll == 1:
            record[key] = draw(values)
    if draw(st.booleans()):
        record[draw(texts)] = draw(values)
    return {"kind": kind, "record": record}


@given(data=st.data())
@settings(FUZZ, max_examples=40 * SCALE)
def test_a_pulled_page_of_odd_records_is_applied_or_parked_never_raises(store, data):
    """What the server sends is checked there, but a PC must not stall on one record it
    cannot store: every later pull would fail on the same page for ever."""
    from store import sync_ops

    changes = data.draw(st.lists(pulled_changes(_good_records()), max_size=5))
    before = sync_ops.sync_info(store).pull_cursor
    result = sync_ops.apply_pulled(store, changes, before + 1)
    assert sync_ops.sync_info(store).pull_cursor == before + 1
    assert result.parked <= len(changes) + len(sync_ops.parked_records(store))


def test_a_record_of_the_wrong_shape_is_parked_and_the_page_goes_on(store):
    """Found by fuzzing: a pulled service without its name (NOT NULL) or a citizen whose
    id is a list raised IntegrityError / ProgrammingError, so the page — and every pull
    after it — failed; a form whose version was a list did the same."""
    from store import sync_ops

    good = _good_records()
    changes = [{"kind": "service", "record": {"code": "NO_NAME"}},
               {"kind": "citizen", "record": {**good["citizen"], "id": ["x"]}},
               {"kind": "form", "record": {**good["form"], "version": [1]}},
               {"kind": "citizen", "record": good["citizen"]}]
    result = sync_ops.apply_pulled(store, changes, 7)
    assert result.inserted == 1 and result.parked == 3
    assert sync_ops.sync_info(store).pull_cursor == 7
    reasons = " ".join(p["reason"] for p in sync_ops.parked_records(store))
    assert "cannot store" in reasons and "not text" in reasons
