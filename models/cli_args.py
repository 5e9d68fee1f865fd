"""argparse types shared by the ``daftar`` subcommands: counts and seeds refused in plain
words (a number past SQLite's integers used to crash the query instead)."""

from __future__ import annotations

import argparse

#: The largest count a command accepts (a limit or a target): SQLite's integers end at
#: 2**63 - 1, and a bigger number made the query crash instead of being refused.
COUNT_MAX = 1_000_000


def shown(text: str) -> str:
    """*text* for a one-line message: line breaks and other control characters escaped."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def count(text: str) -> int:
    """argparse type: a whole number from 0 to :data:`COUNT_MAX`."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{shown(text)}' is not a whole number") from None
    if not 0 <= value <= COUNT_MAX:
        raise argparse.ArgumentTypeError(f"{value} is not between 0 and {COUNT_MAX}")
    return value


def seed(text: str) -> int:
    """argparse type: a whole number from 0 (random generators take no negative seed)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{shown(text)}' is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value} is not 0 or more")
    return value
