"""XLSForm expressions, evaluated by a real XPath 1.0 engine as XForms does.

An expression such as ``${age} >= 18 and selected(${langs}, 'ur')`` is translated once:
every ``${name}`` becomes the absolute path of that question's node in the XML instance
of the answers (``/xf/data/section/age``), and nothing else is rewritten (string literals
are skipped by a small lexer). The translated text is parsed by :class:`XFormsParser`,
elementpath's XPath 1.0 parser extended with the XForms functions ``selected``,
``count-selected``, ``regex``, ``if``, ``coalesce`` and ``int``, and with XPath 1.0's own
comparison rules and truncating ``mod`` (elementpath compares an empty node with a number by raising; XPath 1.0
and XForms convert ``''`` to NaN, so every comparison with it is false).

The instance document holds the answers under ``/xf/data`` and every choice list under
``/xf/itemsets/<list>/item`` so that a ``choice_filter`` can be evaluated with the choice
as context item (``province = ${province}``).
"""

from __future__ import annotations

import copy
import math
import re
from abc import ABCMeta
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache
from typing import Any

import elementpath
from elementpath import XPath1Parser
from elementpath.exceptions import ElementPathError
from elementpath.regex import translate_pattern

ROOT = "xf"
DATA = "data"

_REF = re.compile(r"\$\{([^}]*)\}")
_NUMBER = re.compile(r"^\s*-?(\d+(\.\d*)?|\.\d+)\s*$")


class ExpressionError(ValueError):
    """An expression that cannot be parsed, names an unknown question, or fails to run."""

    def __init__(self, expression: str, reason: str) -> None:
        super().__init__(f"{reason} (in {expression!r})")
        self.expression = expression
        self.reason = reason


# -- the parser -------------------------------------------------------------------------
# A subclass with its own symbol table, so registering the XForms functions and the
# XPath 1.0 comparisons does not change elementpath's parsers for anyone else.
XFormsParser: type[XPath1Parser] = ABCMeta("XFormsParser", (XPath1Parser,), {
    "symbol_table": dict(XPath1Parser.symbol_table),
    "function_signatures": dict(XPath1Parser.function_signatures),
})


def to_number(value: Any) -> float:
    """XPath 1.0 ``number()``: strings that are not numbers (and ``''``) are NaN."""
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, int | float | Decimal):
        return float(value)
    text = str(value)
    return float(text) if _NUMBER.match(text) else math.nan


def to_string(value: Any) -> str:
    """XPath 1.0 ``string()`` of an atomic value or a node list."""
    if isinstance(value, list):
        return to_string(value[0]) if value else ""
    if hasattr(value, "string_value") and not isinstance(value, str):
        return str(value.string_value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        number = float(value)
        if math.isnan(number):
            return "NaN"
        if math.isinf(number):
            return "Infinity" if number > 0 else "-Infinity"
        if number == int(number):
            return str(int(number))
        return repr(number)
    return str(value)


def to_boolean(value: Any) -> bool:
    """XPath 1.0 ``boolean()``."""
    if isinstance(value, list):
        return bool(value)
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal):
        number = float(value)
        return not (number == 0 or math.isnan(number))
    return bool(str(value))


def _operand(token, context) -> tuple[str, list]:
    """('nodes', string values) | ('num', [float]) | ('bool', [b]) | ('str', [s])."""
    value = token.evaluate(context)
    if isinstance(value, list):
        if value and not hasattr(value[0], "string_value"):
            value = value[0] if len(value) == 1 else value
        else:
            return "nodes", [str(n.string_value) for n in value]
    if isinstance(value, bool):
        return "bool", [value]
    if isinstance(value, int | float | Decimal):
        return "num", [float(value)]
    if isinstance(value, list):  # a sequence of atomic values (only from our functions)
        return "str", [to_string(v) for v in value]
    return "str", [to_string(value)]


_OPS = {
    "=": lambda a, b: a == b, "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b, "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b, ">=": lambda a, b: a >= b,
}


def _compare(self, context=None) -> bool:
    """XPath 1.0 §3.4 comparisons (node-sets are compared member by member)."""
    op = _OPS[self.symbol]
    (lk, lv), (rk, rv) = _operand(self[0], context), _operand(self[1], context)
    if "bool" in (lk, rk) and self.symbol in ("=", "!="):
        left = lv[0] if lk == "bool" else to_boolean(lv if lk == "nodes" else lv[0])
        right = rv[0] if rk == "bool" else to_boolean(rv if rk == "nodes" else rv[0])
        return op(left, right)
    if self.symbol in ("=", "!=") and "num" not in (lk, rk):
        return any(op(a, b) for a in lv for b in rv)
    return any(op(to_number(a), to_number(b)) for a in lv for b in rv)


for _symbol in _OPS:
    _base = XFormsParser.symbol_table[_symbol]
    XFormsParser.symbol_table[_symbol] = ABCMeta(
        f"_XForms{_base.__name__}", (_base,), {"evaluate": _compare})


def _mod(self, context=None) -> float:
    """XPath 1.0 ``mod``: the remainder of a *truncating* division, like C's ``fmod``
    (elementpath floors instead when the divisor is negative); ``x mod 0`` is NaN."""
    left = to_number(_value(self[0].evaluate(context)))
    right = to_number(_value(self[1].evaluate(context)))
    if right == 0 or math.isnan(left) or math.isnan(right) or math.isinf(left):
        return math.nan
    return left if math.isinf(right) else math.fmod(left, right)


def _value(value: Any) -> Any:
    """An operand as an atomic value (a node list → its first node's string value)."""
    if isinstance(value, list):
        return to_string(value)
    return value


_base = XFormsParser.symbol_table["mod"]
XFormsParser.symbol_table["mod"] = ABCMeta("_XFormsMod", (_base,), {"evaluate": _mod})

_method = XFormsParser.method
_function = XFormsParser.function


def _arg_string(token, context, index: int) -> str:
    return to_string(token[index].evaluate(context))


@_method(_function("selected", nargs=2))
def evaluate__selected(self, context=None) -> bool:
    """``selected(list, value)``: is *value* one of the space-separated choices?"""
    return _arg_string(self, context, 1).strip() in _arg_string(self, context, 0).split()


@_method(_function("count-selected", nargs=1))
def evaluate__count_selected(self, context=None) -> float:
    """``count-selected(list)``: how many choices a select_multiple answer holds."""
    return float(len(_arg_string(self, context, 0).split()))


@_method(_function("regex", nargs=2))
def evaluate__regex(self, context=None) -> bool:
    """``regex(value, pattern)``: does the XML Schema pattern match (anywhere, as
    JavaRosa's ``regex`` does with a search)?"""
    pattern = _compiled_regex(_arg_string(self, context, 1))
    return pattern.search(_arg_string(self, context, 0)) is not None


@lru_cache(maxsize=256)
def _compiled_regex(pattern: str) -> re.Pattern:
    return re.compile(translate_pattern(pattern, back_references=False, anchors=True))


@_method(_function("if", nargs=3))
def evaluate__if(self, context=None):
    """``if(condition, then, else)``: only the branch taken is evaluated."""
    chosen = self[1] if to_boolean(self[0].evaluate(context)) else self[2]
    return chosen.evaluate(context)


@_method(_function("coalesce", nargs=2))
def evaluate__coalesce(self, context=None) -> str:
    """``coalesce(a, b)``: *a* unless it is empty, else *b*."""
    first = _arg_string(self, context, 0)
    return first if first != "" else _arg_string(self, context, 1)


@_method(_function("int", nargs=1))
def evaluate__int(self, context=None) -> float:
    """``int(x)``: *x* truncated towards zero (NaN stays NaN)."""
    number = to_number(_arg_string(self, context, 0))
    return number if math.isnan(number) or math.isinf(number) else float(math.trunc(number))


# -- translation and compilation ----------------------------------------------------------
def references(expression: str) -> list[str]:
    """The question names an expression refers to with ``${name}``, outside strings."""
    return [m.group(1) for part, is_literal in _split_literals(expression) if not is_literal
            for m in _REF.finditer(part)]


def _split_literals(expression: str) -> Iterable[tuple[str, bool]]:
    """Split into (text, is_string_literal) parts; an unclosed quote is left as text and
    the XPath parser reports it."""
    pos = 0
    while pos < len(expression):
        quote_at = min((i for i in (expression.find("'", pos), expression.find('"', pos))
                        if i >= 0), default=-1)
        if quote_at < 0:
            yield expression[pos:], False
            return
        end = expression.find(expression[quote_at], quote_at + 1)
        if end < 0:
            yield expression[pos:], False
            return
        if quote_at > pos:
            yield expression[pos:quote_at], False
        yield expression[quote_at:end + 1], True
        pos = end + 1


def translate(expression: str, paths: dict[str, str]) -> str:
    """Replace each ``${name}`` by its absolute instance path from *paths*."""
    out = []
    for part, is_literal in _split_literals(expression):
        if is_literal:
            out.append(part)
            continue

        def path_of(match: re.Match) -> str:
            name = match.group(1)
            if name not in paths:
                raise ExpressionError(expression, f"there is no question named {name!r}")
            return paths[name]
        out.append(_REF.sub(path_of, part))
    return "".join(out)


@lru_cache(maxsize=4096)
def compile_xpath(xpath: str):
    """Parse translated XPath once; the token tree is reused for every evaluation."""
    try:
        return XFormsParser().parse(xpath)
    except ElementPathError as exc:
        raise ExpressionError(xpath, _reason(exc)) from None


def _reason(exc: ElementPathError) -> str:
    return str(getattr(exc, "message", None) or exc)


def evaluate(xpath: str, root, item=None, *, context=None) -> Any:
    """Evaluate translated *xpath* over the ElementTree *root*; ``.`` is *item* (an element
    of the same tree) when given. A prepared *context* of *root* may be passed to save
    rebuilding elementpath's node tree (it is copied, never changed)."""
    token = compile_xpath(xpath)
    if context is None:
        context = elementpath.XPathContext(root)
    context = copy.copy(context)
    context.item = context.get_context_item(item) if item is not None else context.root
    try:
        return token.evaluate(context)
    except (ElementPathError, ArithmeticError, ValueError, TypeError) as exc:
        reason = _reason(exc) if isinstance(exc, ElementPathError) else str(exc)
        raise ExpressionError(xpath, reason) from None
