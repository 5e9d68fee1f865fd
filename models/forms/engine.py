"""The form engine: from a form and its answers to what the enumerator sees and may send.

Pure functions, no Qt and no database. :func:`evaluate_form` builds the XML instance of
the answers (as XForms does), then repeats until nothing changes: a group or question is
relevant when its ``relevant`` expression and every enclosing group's are true; a question
that is not relevant counts as empty for every expression and its answer is dropped from
the result (the draft keeps what was typed, so the answer comes back if the question
becomes relevant again — Enketo's behaviour); calculations are recomputed. Then each
relevant question is checked: answer of the right type, from the (filtered) choice list,
``required``, ``constraint`` with ``.`` as the answer. Messages come in the language asked
for, falling back to the form's default language.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from xml.etree import ElementTree as ET

import elementpath

from models.forms import xpath
from models.forms.definition import Choice, FormDefinition, Question, text_in
from models.i18n import N_
from models.validation import InvalidInput, ascii_digits

CTX = "surveys"
_XML_NAME = re.compile(r"^[A-Za-z_][\w.\-]*$")

#: Messages when the form gives none (Urdu for enumerators working in Urdu).
REQUIRED_MESSAGE = {"en": "This question needs an answer.",
                    "ur": "اس سوال کا جواب دینا ضروری ہے۔"}
CONSTRAINT_MESSAGE = {"en": "This answer is not allowed. Please check it.",
                      "ur": "یہ جواب درست نہیں۔ دوبارہ دیکھیں۔"}
CHOICE_MESSAGE = {"en": "Please choose an answer from the list.",
                  "ur": "فہرست میں سے جواب چنیں۔"}
BROKEN_RULE_MESSAGE = {"en": "This question's rule could not be checked: {reason}",
                       "ur": "اس سوال کا اصول جانچا نہیں جا سکا: {reason}"}


#: Urdu for the messages of :func:`coerce` (the desktop may also translate them through
#: Qt; the engine needs them itself to report errors in the response's language).
TYPE_MESSAGES_UR = {
    "This question is not answered by hand.": "اس سوال کا جواب خود نہیں لکھا جاتا۔",
    "Please type a whole number, like 25.": "پورا عدد لکھیں، جیسے 25۔",
    "Please type a number, like 2.5.": "عدد لکھیں، جیسے 2.5۔",
    "Please give a date as year-month-day, like 2026-11-28.":
        "تاریخ سال-مہینہ-دن کی صورت میں لکھیں، جیسے 2026-11-28۔",
    "Please choose one answer.": "صرف ایک جواب چنیں۔",
    "\"{value}\" is not one of the choices.": "\"{value}\" دیے گئے جوابوں میں سے نہیں ہے۔",
}


def _both_languages(exc: InvalidInput) -> dict[str, str]:
    out = {"en": exc.text()}
    urdu = TYPE_MESSAGES_UR.get(exc.message)
    if urdu:
        out["ur"] = urdu.format(**(exc.args_ or {}))
    return out


@dataclass
class FormState:
    """What :func:`evaluate_form` found."""

    values: dict[str, Any]  # answers of relevant questions and calculations; empty ones left out
    relevant: dict[str, bool]  # every group and question
    errors: dict[str, str] = field(default_factory=dict)  # question → message
    cleared: list[str] = field(default_factory=list)  # answered but not relevant: dropped
    choices: dict[str, list[Choice]] = field(default_factory=dict)  # after choice_filter


def progress(form: FormDefinition, state: FormState) -> tuple[int, int]:
    """(answered, to answer): relevant questions a person answers, and how many of them
    hold an answer — for a progress bar."""
    asked = [q.name for q in form.questions if q.asks and state.relevant.get(q.name)]
    return sum(1 for n in asked if n in state.values), len(asked)


def instance_paths(form: FormDefinition) -> dict[str, str]:
    """Question and group name → absolute path of its node in the answers' instance."""
    base = f"/{xpath.ROOT}/{xpath.DATA}/"
    paths = {g.name: base + g.path for g in form.groups}
    paths.update({q.name: base + q.path for q in form.questions})
    return paths


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def coerce(question: Question, value: Any, form: FormDefinition | None = None) -> Any:
    """The stored form of an answer (``int``, ``float``, ISO date, choice name or list of
    names, text); ``None`` for an empty answer. Raises :class:`InvalidInput` naming the
    question when *value* is not of the question's type (or not in its choice list, when
    *form* is given)."""
    if isinstance(value, str):
        value = unicodedata.normalize("NFC", value.strip())
    if is_empty(value):
        return None
    kind = question.type
    if kind in ("note", "calculate"):
        raise InvalidInput(question.name, N_(CTX, "This question is not answered by hand."))
    if kind == "text":
        return str(value)
    if kind == "integer":
        try:
            if isinstance(value, bool):
                raise ValueError
            if isinstance(value, float):
                if value != int(value):
                    raise ValueError
                return int(value)
            return int(ascii_digits(str(value)))
        except (ValueError, OverflowError):  # OverflowError: an infinite float
            raise InvalidInput(question.name, N_(CTX, "Please type a whole number, like 25."))\
                from None
    if kind == "decimal":
        try:
            if isinstance(value, bool):
                raise ValueError
            number = float(ascii_digits(str(value)))
        except ValueError:
            number = math.nan
        if not math.isfinite(number):
            raise InvalidInput(question.name, N_(CTX, "Please type a number, like 2.5."))
        return number
    if kind == "date":
        try:
            return (value if isinstance(value, date) else date.fromisoformat(str(value))
                    ).isoformat()
        except ValueError:
            raise InvalidInput(question.name,
                               N_(CTX, "Please give a date as year-month-day, like 2026-11-28.")
                               ) from None
    if isinstance(value, list | tuple | set | frozenset):
        names = [str(v) for v in value]
    else:  # a name, names separated by spaces, or a number (choice names may be digits)
        names = str(value).split()
    if kind == "select_one" and len(names) != 1:
        raise InvalidInput(question.name, N_(CTX, "Please choose one answer."))
    if form is not None:
        allowed = {c.name for c in form.choices.get(question.list_name or "", [])}
        unknown = [n for n in names if n not in allowed]
        if unknown:
            raise InvalidInput(question.name, N_(CTX, "\"{value}\" is not one of the choices."),
                               {"value": unknown[0]})
    if kind == "select_one":
        return names[0]
    return list(dict.fromkeys(names))


def instance_text(value: Any) -> str:
    """How an answer is written in the XML instance (selects: names separated by spaces)."""
    if is_empty(value):
        return ""
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    if isinstance(value, float):
        return xpath.to_string(value)
    return str(value)


def defaults(form: FormDefinition) -> dict[str, Any]:
    """The answers a new response starts with (the ``default`` column)."""
    out = {}
    for q in form.questions:
        if q.asks and q.default:
            out[q.name] = coerce(q, q.default, form)
    return out


class _Instance:
    """The XML instance of one response, plus every choice list as an itemset."""

    def __init__(self, form: FormDefinition) -> None:
        self.root = ET.Element(xpath.ROOT)
        data = ET.SubElement(self.root, xpath.DATA)
        parents = {None: data}
        for g in form.groups:
            parents[g.name] = ET.SubElement(parents[g.parent], g.name)
        self.elements = {q.name: ET.SubElement(parents[q.group], q.name)
                         for q in form.questions}
        self.elements.update({g.name: parents[g.name] for g in form.groups})
        itemsets = ET.SubElement(self.root, "itemsets")
        self.items: dict[str, list[tuple[Choice, ET.Element]]] = {}
        filtered = {q.list_name for q in form.questions if q.choice_filter}
        for list_name in filtered:
            if list_name is None or not _XML_NAME.match(list_name):
                continue
            holder = ET.SubElement(itemsets, list_name)
            pairs = []
            for choice in form.choices.get(list_name, []):
                item = ET.SubElement(holder, "item")
                ET.SubElement(item, "name").text = choice.name
                for key, val in choice.filters.items():
                    if _XML_NAME.match(key) and key != "name":
                        ET.SubElement(item, key).text = val
                pairs.append((choice, item))
            self.items[list_name] = pairs
        self._context = None

    def set(self, name: str, text: str) -> bool:
        element = self.elements[name]
        if (element.text or "") == text:
            return False
        element.text = text
        self._context = None
        return True

    def text(self, name: str) -> str:
        return self.elements[name].text or ""

    def eval(self, xpath_text: str, item: ET.Element | None = None) -> Any:
        if self._context is None:
            self._context = elementpath.XPathContext(self.root)
        return xpath.evaluate(xpath_text, self.root, item, context=self._context)


_REF = re.compile(r"\$\{\s*([A-Za-z_][\w.-]*)\s*\}")
_CONSTANT = {"true()": True, "false()": False}


class _Rules:
    """The form's expressions translated once (cached per form object)."""

    def __init__(self, form: FormDefinition) -> None:
        paths = instance_paths(form)

        def tr(expression: str) -> str:
            return xpath.translate(expression, paths) if expression else ""
        self.group_relevant = {g.name: tr(g.relevant) for g in form.groups}
        self.relevant = {q.name: tr(q.relevant) for q in form.questions}
        self.required = {q.name: tr(q.required) for q in form.questions}
        self.constraint = {q.name: tr(q.constraint) for q in form.questions}
        self.calculation = {q.name: tr(q.calculation) for q in form.questions}
        self.choice_filter = {q.name: tr(q.choice_filter) for q in form.questions}
        # What each choice filter reads from the answers (its ${} references): the
        # filtered list is kept while those answers stay the same. A district list of 160
        # would otherwise cost 160 XPath evaluations at every keystroke.
        self.filter_refs = {q.name: tuple(sorted(set(_REF.findall(q.choice_filter))))
                            for q in form.questions if q.choice_filter}
        self.filtered: dict[tuple, list[Choice]] = {}


_RULES: dict[int, tuple[FormDefinition, _Rules]] = {}


def _rules(form: FormDefinition) -> _Rules:
    cached = _RULES.get(id(form))
    if cached is None or cached[0] is not form:
        if len(_RULES) > 64:
            _RULES.clear()
        cached = _RULES[id(form)] = (form, _Rules(form))
    return cached[1]


def evaluate_form(form: FormDefinition, answers: dict[str, Any],
                  language: str | None = None) -> FormState:
    """Apply skip logic, calculations, choice filters, types, ``required`` and constraints
    to *answers* (question name → value); messages in *language*."""
    language = language or form.languages[0]
    fallback = [*form.languages, "en"]
    rules = _rules(form)
    inst = _Instance(form)
    typed: dict[str, Any] = {}
    type_errors: dict[str, dict[str, str]] = {}
    for q in form.questions:
        if q.asks and not is_empty(answers.get(q.name)):
            try:
                typed[q.name] = coerce(q, answers[q.name])
            except InvalidInput as exc:
                type_errors[q.name] = _both_languages(exc)
    relevant: dict[str, bool] = {}
    broken: dict[str, str] = {}

    def holds(name: str, expression: str, default: bool, item=None) -> bool:
        if not expression:
            return default
        if expression in _CONSTANT:  # XLSForm's required "yes" is true(): no XPath needed
            return _CONSTANT[expression]
        try:
            return xpath.to_boolean(inst.eval(expression, item))
        except xpath.ExpressionError as exc:
            broken.setdefault(name, exc.reason)
            return default

    holds.broken = broken
    for _ in range(len(form.questions) + 2):
        changed = False
        for g in form.groups:
            relevant[g.name] = (relevant.get(g.parent, True) if g.parent else True) and \
                holds(g.name, rules.group_relevant[g.name], True)
        for q in form.questions:
            is_relevant = (relevant[q.group] if q.group else True) and \
                holds(q.name, rules.relevant[q.name], True)
            relevant[q.name] = is_relevant
            if not is_relevant:
                changed |= inst.set(q.name, "")
            elif q.type == "calculate" and rules.calculation[q.name]:
                try:
                    result = xpath.to_string(inst.eval(rules.calculation[q.name]))
                except xpath.ExpressionError as exc:
                    broken.setdefault(q.name, exc.reason)
                    result = ""
                changed |= inst.set(q.name, "" if result == "NaN" else result)
            else:
                changed |= inst.set(q.name, instance_text(typed.get(q.name)))
        if not changed:
            break

    state = FormState(values={}, relevant=relevant)
    for q in form.questions:
        if q.list_name and relevant[q.name]:
            state.choices[q.name] = _filtered_choices(form, q, rules, inst, holds)
        if not relevant[q.name]:
            if q.asks and q.name in typed:
                state.cleared.append(q.name)
            continue
        if q.type == "calculate":
            if inst.text(q.name):
                state.values[q.name] = inst.text(q.name)
        elif q.asks and q.name in typed:
            state.values[q.name] = typed[q.name]
        message = _check(form, q, rules, inst, holds, typed, type_errors, state.choices)
        if message is not None:
            state.errors[q.name] = text_in(message, language, fallback)
        elif q.name in broken:
            state.errors[q.name] = text_in(BROKEN_RULE_MESSAGE, language, fallback).format(
                reason=broken[q.name])
    return state


def _filtered_choices(form, q, rules, inst, holds) -> list[Choice]:
    choices = form.choices.get(q.list_name or "", [])
    expression = rules.choice_filter[q.name]
    if not expression or q.list_name not in inst.items:
        return list(choices)
    refs = rules.filter_refs.get(q.name, ())
    key = (q.name, tuple(inst.text(r) if r in inst.elements else "" for r in refs))
    cached = rules.filtered.get(key)
    if cached is not None:
        return list(cached)
    before = len(getattr(holds, "broken", ()))
    result = [c for c, item in inst.items[q.list_name]
              if holds(q.name, expression, False, item)]
    if len(rules.filtered) > 4096:
        rules.filtered.clear()
    if len(getattr(holds, "broken", ())) == before:  # a failing rule is not remembered
        rules.filtered[key] = result
    return list(result)


def _check(form, q, rules, inst, holds, typed, type_errors, choices) -> dict[str, str] | None:
    """The message (per language) for what is wrong with *q*'s answer, or None."""
    if not q.asks:
        return None
    if q.name in type_errors:
        return type_errors[q.name]
    value = typed.get(q.name)
    if is_empty(value):
        if holds(q.name, rules.required[q.name], False):
            return q.required_message or REQUIRED_MESSAGE
        return None
    if q.list_name:
        allowed = {c.name for c in choices.get(q.name, [])}
        names = value if isinstance(value, list) else [value]
        if any(n not in allowed for n in names):
            return CHOICE_MESSAGE
    if not holds(q.name, rules.constraint[q.name], True, inst.elements[q.name]):
        return q.constraint_message or CONSTRAINT_MESSAGE
    return None
