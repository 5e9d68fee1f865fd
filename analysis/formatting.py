"""APA-style number formatting: no leading zero for values bounded by 1, p thresholds."""

from __future__ import annotations

import math


def format_p(p: float | None) -> str:
    """An APA p-value: ``< .001``, ``< .01``, ``< .05`` or ``= .23`` (two decimals).

    >>> format_p(0.0004), format_p(0.004), format_p(0.04), format_p(0.234)
    ('< .001', '< .01', '< .05', '= .23')
    """
    if p is None or (isinstance(p, float) and math.isnan(p)):
        return ""
    if p < 0.001:
        return "< .001"
    if p < 0.01:
        return "< .01"
    if p < 0.05:
        return "< .05"
    return "= " + no_leading_zero(p, 2)


def no_leading_zero(x: float | None, decimals: int = 2) -> str:
    """A number bounded by ±1 (r, β, α, p) without its leading zero: ``.42``, ``-.05``."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    s = f"{x:.{decimals}f}"
    if s.startswith("0."):
        return s[1:]
    if s.startswith("-0."):
        return "-" + s[2:]
    return s


def fmt(x: float | None, decimals: int = 2) -> str:
    """A number with *decimals* places, empty for missing."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    return f"{x:.{decimals}f}"


def stars(p: float | None) -> str:
    """Significance asterisks: *** p < .001, ** p < .01, * p < .05."""
    if p is None or (isinstance(p, float) and math.isnan(p)):
        return ""
    return "***" if p < 0.001 else "**" if p < 0.01 else "*" if p < 0.05 else ""
