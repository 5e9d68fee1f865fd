"""The people of a test store: who a test acts as.

``seed(store)`` makes the standard test people (the ``CLERK``, ``SUPERVISOR`` and
``ENUMERATOR`` of ``tests/conftest.py``) able to act on *store*. Call it after every
``Store.open`` a test or a test worker does itself; the ``store`` fixture already does.
"""

from __future__ import annotations


def seed(store) -> None:
    """Let the standard test people act on *store* (user accounts arrive with issue 7)."""
    return None
