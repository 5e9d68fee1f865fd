"""Importing an XLSForm workbook (``survey``, ``choices``, ``settings`` sheets).

pyxform, the reference implementation behind ODK and KoboToolbox, parses and validates
the workbook (aliases, languages, groups, choice lists, ``${}`` references); openpyxl reads
it first so that Daftar's own refusals (a question type it cannot collect, an expression
its engine cannot run) name the spreadsheet row. Every failure is a :class:`FormError`
naming the sheet, the row and the reason.

>>> form = load_xlsform("resources/forms/daftar_governance.xlsx")      # doctest: +SKIP
>>> form.form_id, form.version, form.languages                          # doctest: +SKIP
('daftar_governance', '2026113001', ['en', 'ur'])

Daftar asks a little more than XLSForm: every question and group name must be unique in
the whole form (the engine and ``${}`` references know a question by its name alone), and
the settings sheet must give ``form_id`` and ``version``.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from models.forms import xpath
from models.forms.definition import QUESTION_TYPES, Choice, FormDefinition, Group, Question

#: XLSForm metadata types: Daftar records this itself (device, times), so they are skipped.
METADATA_TYPES = ("start", "end", "today", "deviceid", "username", "phonenumber",
                  "simserial", "subscriberid", "audit", "start-geopoint")
_TYPE_RE = re.compile(
    r"^(?P<kind>text|string|integer|int|decimal|date|note|calculate|"
    r"select_one|select one|select_multiple|select all that apply|select_multiple_from_file)"
    r"(\s+(?P<list>\S+))?(\s+or_other)?$")
_GROUP_RE = re.compile(r"^(begin|end)[ _]group$")
_LANG_CODE = re.compile(r"\(([A-Za-z]{2,3}(-[A-Za-z0-9]+)?)\)\s*$")
_PYXFORM_TYPES = {"text": "text", "integer": "integer", "decimal": "decimal", "date": "date",
                  "note": "note", "calculate": "calculate", "select one": "select_one",
                  "select all that apply": "select_multiple"}


class FormError(ValueError):
    """A form that cannot be used: which sheet, which row (1 = the header; 0 = the whole
    sheet) and why, in words the form's author understands."""

    def __init__(self, sheet: str, row: int, reason: str) -> None:
        where = f"sheet '{sheet}', row {row}: " if row else f"sheet '{sheet}': "
        super().__init__(f"{where if sheet else ''}{reason}")
        self.sheet = sheet
        self.row = row
        self.reason = reason


def language_code(name: str) -> str:
    """``English (en)`` → ``en``; a name without a code in brackets is used as it is."""
    match = _LANG_CODE.search(name)
    return match.group(1).lower() if match else name


def load_xlsform(path: str | Path, warnings: list[str] | None = None) -> FormDefinition:
    """Read, validate and convert the XLSForm at *path*; raise :class:`FormError`.

    pyxform's warnings (for example a language missing a hint column) are appended to
    *warnings* when given.
    """
    path = Path(path)
    rows = _read_survey_rows(path)
    found = warnings if warnings is not None else []
    parsed = _pyxform_parse(path, found)
    return _convert(parsed, rows)


# -- reading ------------------------------------------------------------------------------
def _read_survey_rows(path: Path) -> dict[str, int]:
    """Check the sheets and question types with openpyxl; return question name → row."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        # Our own handle, closed whatever happens: openpyxl leaves its own open when a
        # damaged workbook makes it fail half-way (on Windows the file stays locked).
        with open(path, "rb") as handle:
            workbook = openpyxl.load_workbook(handle, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise FormError("", 0, f"this file is not an Excel workbook (.xlsx): {exc}") from None
    except Exception as exc:  # a damaged workbook: zlib, EOF, XML errors from inside the zip
        raise FormError("", 0, f"this workbook is damaged and cannot be read ({exc})") from None
    try:
        sheets = {name.strip().lower(): name for name in workbook.sheetnames}
        if "survey" not in sheets:
            raise FormError("survey", 0, "the workbook has no 'survey' sheet")
        if "settings" not in sheets:
            raise FormError("settings", 0, "the workbook has no 'settings' sheet; Daftar "
                                           "needs its form_id and version")
        for key in ("survey", "choices", "settings"):
            if key in sheets:
                _check_header(workbook[sheets[key]], key)
        survey = workbook[sheets["survey"]].iter_rows(values_only=True)
        header = [str(c).strip().lower() if c is not None else "" for c in next(survey, ())]
        if "type" not in header or "name" not in header:
            raise FormError("survey", 1, "the header row needs a 'type' and a 'name' column")
        type_col, name_col = header.index("type"), header.index("name")
        lists = _choice_lists(workbook[sheets["choices"]]) if "choices" in sheets else set()
        names: dict[str, int] = {}

        def keep(name: object, number: int) -> None:
            # The engine and ${} references know a question by its name alone, so Daftar
            # wants names unique in the whole form (XLSForm only within a group).
            text = str(name).strip()
            if text in names:
                raise FormError("survey", number, f"the name '{text}' is already used on "
                                                  f"row {names[text]}; every question and "
                                                  "group needs its own name")
            names[text] = number
        for number, row in enumerate(survey, start=2):
            cell = row[type_col] if type_col < len(row) else None
            kind = " ".join(str(cell).split()) if cell is not None else ""
            if not kind:
                continue
            name = row[name_col] if name_col < len(row) else None
            if _GROUP_RE.match(kind.lower()):
                if kind.lower().startswith("begin") and name:
                    keep(name, number)
                continue
            if kind.lower() in METADATA_TYPES:
                continue
            if not _TYPE_RE.match(kind) or kind.startswith("select_multiple_from_file"):
                raise FormError("survey", number,
                                f"Daftar cannot collect questions of type '{kind}' (it "
                                "supports text, integer, decimal, date, select_one, "
                                "select_multiple, note, calculate and groups)")
            match = _TYPE_RE.match(kind)
            if match.group("list") and match.group("list") not in lists:
                raise FormError("survey", number,
                                f"the choice list '{match.group('list')}' is not on the "
                                "'choices' sheet")
            if name:
                keep(name, number)
        _check_settings(workbook[sheets["settings"]])
        return names
    finally:
        workbook.close()


def _check_header(sheet, name: str) -> None:
    """Every column header is text (pyxform reads a number or a date there as a crash)."""
    from openpyxl.utils import get_column_letter

    header = next(sheet.iter_rows(values_only=True, max_row=1), ())
    for index, value in enumerate(header, start=1):
        if value is not None and not isinstance(value, str):
            raise FormError(name, 1, f"the column header in column {get_column_letter(index)} "
                                     f"is {value!r}, not a column name")


def _choice_lists(sheet) -> set[str]:
    rows = sheet.iter_rows(values_only=True)
    header = [str(c).strip().lower() if c is not None else "" for c in next(rows, ())]
    if "list_name" not in header:
        return set()
    col = header.index("list_name")
    return {str(r[col]).strip() for r in rows if col < len(r) and r[col] not in (None, "")}


def _check_settings(sheet) -> None:
    rows = sheet.iter_rows(values_only=True)
    header = [str(c).strip().lower() if c is not None else "" for c in next(rows, ())]
    values = next(rows, ())
    for column in ("form_id", "version"):
        index = header.index(column) if column in header else -1
        if index < 0 or index >= len(values) or values[index] in (None, ""):
            raise FormError("settings", 2 if index >= 0 else 1,
                            f"'{column}' is missing; Daftar keeps every version of a form "
                            "apart by form_id and version")


def _pyxform_parse(path: Path, warnings: list[str]) -> dict[str, Any]:
    from pyxform.builder import create_survey_element_from_dict
    from pyxform.errors import PyXFormError
    from pyxform.xls2json import parse_file_to_json

    try:
        parsed = parse_file_to_json(str(path), warnings=warnings)
        # Building the XForm runs pyxform's remaining checks (references, choice lists).
        create_survey_element_from_dict(parsed).to_xml(validate=False, warnings=warnings)
    except PyXFormError as exc:
        context = getattr(exc, "context", None) or {}
        message = re.sub(r"^\[row : \d+\]\s*", "", str(exc))
        row = context.get("row") or _row_in(message)
        raise FormError(context.get("sheet") or "survey", int(row or 0), message) from None
    except Exception as exc:  # pyxform's own bug on an odd workbook: still a refusal
        raise FormError("", 0, f"this workbook cannot be read as a form ({exc})") from None
    return parsed


def _row_in(message: str) -> int | None:
    match = re.search(r"\brow[ :]+(\d+)", message)
    return int(match.group(1)) if match else None


# -- converting pyxform's JSON --------------------------------------------------------------
class _Converter:
    def __init__(self, parsed: dict[str, Any], rows: dict[str, int]) -> None:
        self.rows = rows
        names = _languages(parsed)
        default = parsed.get("default_language") or "default"
        if default not in names and names:
            default = names[0]
        self.default_name = default
        order = [default] + [n for n in names if n != default] if names else ["default"]
        self.language_names = {language_code(n): n for n in order}
        self.languages = list(self.language_names)
        self.questions: list[Question] = []
        self.groups: list[Group] = []

    def texts(self, value: Any) -> dict[str, str]:
        if value is None or value == "":
            return {}
        if isinstance(value, dict):
            out = {}
            for name, text in value.items():
                code = self.languages[0] if name == "default" else language_code(name)
                if text not in (None, ""):
                    out.setdefault(code, str(text))
            return out
        return {self.languages[0]: str(value)}

    def walk(self, children: list[dict], parent: Group | None) -> None:
        for child in children:
            kind, name = child.get("type"), child["name"]
            bind = child.get("bind") or {}
            if kind == "group":
                if (child.get("control") or {}).get("bodyless"):
                    continue  # pyxform's own "meta" block (instanceID)
                group = Group(name=name, path=f"{parent.path}/{name}" if parent else name,
                              labels=self.texts(child.get("label")),
                              relevant=str(bind.get("relevant") or ""),
                              parent=parent.name if parent else None,
                              row=self.rows.get(name, 0))
                self.groups.append(group)
                self.walk(child.get("children") or [], group)
                continue
            if kind in METADATA_TYPES:
                continue
            if kind not in _PYXFORM_TYPES:
                raise FormError("survey", self.rows.get(name, 0),
                                f"Daftar cannot collect questions of type '{kind}'")
            required = str(bind.get("required") or "").strip()
            if required.lower() in ("yes", "true", "true()"):
                required = "true()"
            elif required.lower() in ("no", "false", "false()"):
                required = ""
            self.questions.append(Question(
                name=name, type=_PYXFORM_TYPES[kind],
                path=f"{parent.path}/{name}" if parent else name,
                group=parent.name if parent else None,
                labels=self.texts(child.get("label")), hints=self.texts(child.get("hint")),
                list_name=child.get("list_name") or child.get("itemset"),
                required=required, required_message=self.texts(bind.get("jr:requiredMsg")),
                constraint=str(bind.get("constraint") or ""),
                constraint_message=self.texts(bind.get("jr:constraintMsg")),
                relevant=str(bind.get("relevant") or ""),
                calculation=str(bind.get("calculate") or ""),
                choice_filter=str(child.get("choice_filter") or ""),
                default="" if child.get("default") is None else str(child["default"]),
                extra={str(k): str(v) for k, v in (child.get("daftar") or {}).items()},
                row=self.rows.get(name, 0)))


def _languages(parsed: dict[str, Any]) -> list[str]:
    seen: list[str] = []

    def visit(node: Any) -> None:
        if isinstance(node, dict):
            for key in ("label", "hint"):
                if isinstance(node.get(key), dict):
                    seen.extend(n for n in node[key] if n not in seen and n != "default")
            for value in node.values():
                if isinstance(value, list | dict):
                    visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)
    visit(parsed.get("children") or [])
    visit(parsed.get("choices") or {})
    return seen


def _convert(parsed: dict[str, Any], rows: dict[str, int]) -> FormDefinition:
    conv = _Converter(parsed, rows)
    conv.walk(parsed.get("children") or [], None)
    choices = {
        list_name: [Choice(name=str(c["name"]), labels=conv.texts(c.get("label")),
                           filters={k: "" if v is None else str(v) for k, v in c.items()
                                    if k not in ("name", "label", "media")})
                    for c in items]
        for list_name, items in (parsed.get("choices") or {}).items()}
    form = FormDefinition(
        form_id=str(parsed["id_string"]), version=str(parsed["version"]),
        title=conv.texts(parsed.get("title")), languages=conv.languages,
        language_names=conv.language_names, questions=conv.questions, groups=conv.groups,
        choices=choices, public_key=_public_key(parsed.get("public_key")))
    check_definition(form)
    return form


def _public_key(value: Any) -> str | None:
    """The settings sheet's ``public_key`` (Daftar's X25519 key, see
    :mod:`models.sealing`); an ODK RSA key or anything else is refused."""
    from models.sealing import SealError, check_public_key

    if value in (None, ""):
        return None
    try:
        return check_public_key(value)
    except SealError as exc:
        raise FormError("settings", 2, str(exc)) from None


def check_definition(form: FormDefinition) -> None:
    """Refuse a form the engine could not run: every choice list and group it names must
    exist, every expression must translate and parse, every default must be a valid
    answer. Raises :class:`FormError`."""
    from models.forms.engine import coerce, instance_paths
    from models.validation import InvalidInput

    if form.public_key is not None:
        from models.sealing import SealError, check_public_key

        try:
            if check_public_key(form.public_key) != form.public_key:
                raise SealError("the public_key has spaces in it")
        except SealError as exc:
            raise FormError("settings", 2, str(exc)) from None
    groups = {g.name for g in form.groups}
    for q in form.questions:
        if q.type not in QUESTION_TYPES:
            raise FormError("survey", q.row, f"Daftar cannot collect questions of type "
                                             f"'{q.type}'")
        if q.type.startswith("select") and q.list_name not in form.choices:
            raise FormError("choices", 0, f"the question '{q.name}' uses the choice list "
                                          f"'{q.list_name}', which does not exist")
        if q.group is not None and q.group not in groups:
            raise FormError("survey", q.row, f"the question '{q.name}' is in a group "
                                             f"'{q.group}' that does not exist")
    paths = instance_paths(form)
    items: list[tuple[str, int, str, str]] = [
        (g.name, g.row, "relevant", g.relevant) for g in form.groups]
    for q in form.questions:
        items += [(q.name, q.row, column, getattr(q, attr)) for column, attr in (
            ("relevant", "relevant"), ("constraint", "constraint"), ("required", "required"),
            ("calculation", "calculation"), ("choice_filter", "choice_filter"))]
    for _name, row, column, expression in items:
        if not expression:
            continue
        try:
            xpath.compile_xpath(xpath.translate(expression, paths))
        except xpath.ExpressionError as exc:
            raise FormError("survey", row,
                            f"the {column} '{expression}' cannot be used: {exc.reason}") from None
    for q in form.questions:
        if q.asks and q.default:
            try:
                coerce(q, q.default, form)
            except InvalidInput as exc:
                raise FormError("survey", q.row, f"the default '{q.default}' cannot be "
                                f"used: {exc.text()}") from None
