"""Client-generated, time-ordered identifiers (UUID version 7)."""

import uuid6


def new_id() -> str:
    """A new UUIDv7 as its canonical 36-character string; sorts by creation time."""
    return str(uuid6.uuid7())
