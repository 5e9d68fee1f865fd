"""Due dates in working days: Saturday, Sunday and Pakistan's public holidays do not count.

Public holidays come from the ``holidays`` package (which also estimates the Islamic
holidays that move with the moon).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=16)
def _holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("PK", years=year).keys())


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def add_working_days(start: date, days: int) -> date:
    """The date *days* working days after *start* (the day of registration does not count)."""
    if days < 0:
        raise ValueError("days must not be negative")
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def is_overdue(due: date, today: date, still_open: bool) -> bool:
    """Overdue means the office still owes the citizen something after the due date."""
    return still_open and today > due
