"""A pull page that ends between a request and its ``created`` event.

Found by the SIGKILL suite (tests/test_faults_sigkill.py, sync path): a PC killed — or a
link cut — between two pulled pages kept a request of another office without its
``created`` event, shown in the list, and ``daftar audit verify`` reported the request as
broken until the next sync. Now the request waits (parked) until its event arrives.
"""

from __future__ import annotations

from store import audit, sync_ops


class _NoClient:
    """:class:`pg.Pc` builds records the way a PC does; no server is needed here."""


def test_a_request_waits_for_its_created_event_across_pages(store):
    from pg import Pc  # the helper class (pg is also a plugin module: imported late)

    pc = Pc(_NoClient(), office="LHR1")
    ops, request = pc.new_request_ops(1, notes=1)
    by_kind = {op["kind"]: [] for op in ops}
    for op in ops:
        by_kind[op["kind"]].append({"kind": op["kind"], "record": op["record"]})
    citizen, req = by_kind["citizen"], by_kind["service_request"]
    created, note = by_kind["request_event"]

    sync_ops.apply_pulled(store, citizen + req, next_cursor=1)  # the page ends here
    assert store.count_requests() == 0
    assert [p["kind"] for p in sync_ops.parked_records(store)] == ["service_request"]
    report = audit.verify(store)
    assert report.ok, [p.describe() for p in report.problems]

    sync_ops.apply_pulled(store, [created], next_cursor=2)
    assert store.count_requests() == 1
    assert sync_ops.parked_records(store) == []
    sync_ops.apply_pulled(store, [note], next_cursor=3)
    detail = store.get_request(request["tracking_number"])
    assert [e["kind"] for e in detail.events] == ["created", "note"]
    report = audit.verify(store)
    assert report.ok, [p.describe() for p in report.problems]


def test_a_created_event_that_came_first_brings_its_request_in(store):
    from pg import Pc

    pc = Pc(_NoClient(), office="LHR1")
    ops, _ = pc.new_request_ops(2)
    changes = [{"kind": op["kind"], "record": op["record"]} for op in ops]
    citizen, req, created = changes
    sync_ops.apply_pulled(store, [citizen, created], next_cursor=1)
    assert store.count_requests() == 0
    sync_ops.apply_pulled(store, [req], next_cursor=2)
    assert store.count_requests() == 1 and sync_ops.parked_records(store) == []
    assert audit.verify(store).ok
