"""Tracking numbers that are unique without a network.

Scheme: ``OFFICE-YYMMDD-DDNNNN-C``, for example ``LHR1-261128-020042-7``:

* ``OFFICE``: the office code (letters and digits, 2–8 characters);
* ``YYMMDD``: the date the request was registered (the office's local date);
* ``DD``: the device number within the office (01–99, given at enrollment), so two PCs of
  one office never hand out the same number, even offline;
* ``NNNN``: that device's sequence for the day, from 0001 (grows to more digits after 9999);
* ``C``: an ISO 7064 MOD 37-2 check character over everything before it (python-stdnum):
  ``0``–``9``, ``A``–``Z`` or ``*``. Being a *pure* system over a prime modulus, it catches
  every single mistyped character and every swap of two neighbouring characters (the
  alphanumeric-only MOD 37,36 misses about 2% of swaps, measured), so a clerk who types
  a number from a receipt wrongly is told so instead of being shown another citizen's
  request.

Dashes, spaces and case do not matter when a number is typed back.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from stdnum.iso7064 import mod_37_2

_RE = re.compile(r"^([A-Z0-9]{2,8})(\d{6})(\d{2})(\d{4,})([0-9A-Z*])$")
_OFFICE_RE = re.compile(r"^[A-Z0-9]{2,8}$")


def _body(office: str, day: date, device_number: int, seq: int) -> str:
    return f"{office}{day:%y%m%d}{device_number:02d}{seq:04d}"


def make(office: str, day: date, device_number: int, seq: int) -> str:
    """Build the tracking number for the *seq*-th request of *day* on this device."""
    office = office.upper()
    if not _OFFICE_RE.match(office):
        raise ValueError(f"office code must be 2-8 letters or digits: {office!r}")
    if not 1 <= device_number <= 99:
        raise ValueError("device number must be 1..99")
    if seq < 1:
        raise ValueError("sequence starts at 1")
    body = _body(office, day, device_number, seq)
    check = mod_37_2.calc_check_digit(body)
    return f"{office}-{day:%y%m%d}-{device_number:02d}{seq:04d}-{check}"


def compact(text: str) -> str:
    """Remove dashes and spaces and upper-case: what the check character is computed over."""
    return re.sub(r"[\s\-]", "", text or "").upper()


def is_valid(text: str) -> bool:
    """Whether *text* is a well-formed tracking number whose check character matches."""
    raw = compact(text)
    if not _RE.match(raw):
        return False
    return mod_37_2.is_valid(raw)


def candidates(text: str) -> list[str]:
    """Every dashed tracking number that *text* (typed with or without dashes) can be.

    Without dashes the split is ambiguous once an office code ends in a digit and the
    sequence has grown past 9999 (``LHR1``+``261128``… vs ``LHR12``+``611280``…), so a
    lookup asks for all of them; with the check character valid, usually there is one.
    """
    raw = compact(text)
    if not _RE.match(raw) or not mod_37_2.is_valid(raw):
        return []
    typed = re.sub(r"\s", "", text or "").upper()
    body, check = raw[:-1], raw[-1]
    out = []
    for office_len in range(2, 9):
        office, rest = body[:office_len], body[office_len:]
        if len(rest) < 12 or not rest.isdigit() or not _OFFICE_RE.match(office):
            continue
        try:
            datetime.strptime(rest[:6], "%y%m%d")
        except ValueError:
            continue
        out.append(f"{office}-{rest[:6]}-{rest[6:]}-{check}")
    if typed in out:  # typed with dashes: that one is meant
        return [typed]
    return out


def normalise(text: str) -> str | None:
    """The canonical dashed form of a typed tracking number, or ``None`` if it is not one
    (when several splits are possible, the one with the shortest office code)."""
    found = candidates(text)
    return found[0] if found else None
