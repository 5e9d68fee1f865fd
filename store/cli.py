"""The ``daftar`` subcommands that work on the local store: requests, demo, audit, settings."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict

from models import validation
from models.cli_args import count, seed
from models.workflow import OUTCOMES, STATUS_LABELS, Status
from store.cli_users import STAFF, signed_in
from store.settings import OPTIONS, Settings


def register(sub: argparse._SubParsersAction) -> None:
    req = sub.add_parser("requests", help="register, list, show and move service requests")
    rs = req.add_subparsers(dest="action", required=True, metavar="ACTION")

    new = rs.add_parser("new", help="register a citizen's request; prints its tracking number")
    new.add_argument("--cnic", required=True, help="13 digits, dashes optional (35202-1234567-1)")
    new.add_argument("--name", required=True, help="the citizen's name, Urdu or English")
    new.add_argument("--phone", default="", help="mobile number, e.g. 0300-1234567")
    new.add_argument("--service", required=True, help="service code (see `requests services`)")
    new.add_argument("--description", default="", help="what the citizen asks for")
    new.add_argument("--json", action="store_true", help="print JSON")
    new.set_defaults(func=cmd_new)

    ls = rs.add_parser("list", help="list requests, newest first")
    ls.add_argument("--status", choices=[s.value for s in Status])
    ls.add_argument("--service", help="service code")
    ls.add_argument("--overdue", action="store_true", help="only requests past their due date")
    ls.add_argument("--search", default="", help="tracking number, CNIC, name, phone or words")
    ls.add_argument("--limit", type=count, default=50)
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=cmd_list)

    show = rs.add_parser("show", help="one request with its timeline")
    show.add_argument("tracking", help="tracking number (dashes and case do not matter)")
    show.add_argument("--json", action="store_true")
    show.add_argument("--full-cnic", action="store_true",
                      help="show the whole CNIC (supervisors and the office admin); "
                           "otherwise it is masked, as on the screens")
    show.set_defaults(func=cmd_show)

    st = rs.add_parser("status", help="move a request to another status")
    st.add_argument("tracking")
    st.add_argument("--to", required=True, choices=[s.value for s in Status])
    st.add_argument("--reason", help="needed to reject or reopen")
    st.add_argument("--outcome", choices=list(OUTCOMES), help="needed to close")
    st.add_argument("--note", help="needed to close")
    st.set_defaults(func=cmd_status)

    note = rs.add_parser("note", help="add a note to a request's timeline")
    note.add_argument("tracking")
    note.add_argument("text")
    note.set_defaults(func=cmd_note)

    fb = rs.add_parser("feedback", help="record the citizen's rating of a finished request")
    fb.add_argument("tracking")
    fb.add_argument("--rating", type=int, required=True, choices=range(1, 6), metavar="1-5")
    fb.add_argument("--comment", default="")
    fb.set_defaults(func=cmd_feedback)

    svc = rs.add_parser("services", help="the service catalogue")
    svc.add_argument("--json", action="store_true")
    svc.set_defaults(func=cmd_services)

    demo = sub.add_parser("demo", help="fill the store with realistic synthetic requests")
    demo.add_argument("--requests", type=count, default=None, metavar="N",
                      help="service requests to write (200 unless --surveys is given)")
    demo.add_argument("--surveys", type=count, default=None, metavar="N",
                      help="final survey responses to the default form to write")
    demo.add_argument("--seed", type=seed, default=1, metavar="S")
    demo.set_defaults(func=cmd_demo)

    audit = sub.add_parser("audit", help="check the audit trail")
    aus = audit.add_subparsers(dest="action", required=True, metavar="ACTION")
    ver = aus.add_parser("verify", help="verify every event chain; exit 1 if anything is broken")
    ver.add_argument("--json", action="store_true")
    ver.set_defaults(func=cmd_verify)

    sett = sub.add_parser("settings", help="show or change this PC's settings")
    ss = sett.add_subparsers(dest="action", required=True, metavar="ACTION")
    show_s = ss.add_parser("show", help="print every setting with its description")
    show_s.set_defaults(func=cmd_settings_show)
    set_s = ss.add_parser("set", help="change one setting")
    set_s.add_argument("key", choices=[o.key for o in OPTIONS])
    set_s.add_argument("value")
    set_s.set_defaults(func=cmd_settings_set)


def _store(args):
    from store.store import Store

    return Store.open(args.data_dir)


def _folder(args):
    from store.paths import data_dir

    return data_dir(args.data_dir)


def _print_json(obj) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=2, default=str))


def cmd_new(args) -> int:
    with _store(args) as store, signed_in(args, store, roles=STAFF) as me:
        r = store.register_request(cnic=args.cnic, name=args.name, phone=args.phone,
                                   service_code=args.service, description=args.description,
                                   actor=me)
    if args.json:
        _print_json(asdict(r))
    else:
        print(f"{r.tracking_number}  due {r.due_date:%d %b %Y}")
    return 0


def cmd_list(args) -> int:
    from store.store import RequestFilter

    flt = RequestFilter(status=args.status, service_code=args.service, overdue=args.overdue,
                        query=args.search)
    with _store(args) as store, signed_in(args, store, roles=STAFF):
        rows = store.list_requests(flt, limit=args.limit)
        total = store.count_requests(flt)
    if args.json:
        _print_json({"total": total, "requests": [asdict(r) for r in rows]})
        return 0
    for r in rows:
        flag = "OVERDUE " if r.overdue else ""
        print(f"{r.tracking_number:22} {STATUS_LABELS[Status(r.status)]:28} "
              f"due {r.due_date:%d %b %Y} {flag}{r.service_code:28} {r.citizen_name}")
    print(f"{len(rows)} of {total} requests")
    return 0


def _detail_json(d, *, full_cnic: bool) -> dict:
    cnic = (validation.format_cnic if full_cnic else validation.mask_cnic)(d.citizen["cnic"])
    return {
        "tracking_number": d.tracking_number,
        "status": str(d.status),
        "status_label": STATUS_LABELS[d.status],
        "outcome": d.outcome,
        "overdue": d.overdue,
        "rating": d.rating,
        "request": d.request,
        "citizen": {**d.citizen, "cnic": cnic},
        "service": {k: d.service[k] for k in ("code", "name_en", "name_ur", "fee_pkr", "sla_days")},
        "events": [{k: e[k] for k in ("id", "kind", "created_at", "actor_name", "actor_role",
                                      "payload", "hlc", "hash")} for e in d.events],
    }


def cmd_show(args) -> int:
    # The whole CNIC only for those who may see it on the request screen too.
    roles = ("supervisor", "office_admin") if args.full_cnic else STAFF
    with _store(args) as store, signed_in(args, store, roles=roles):
        d = store.get_request(args.tracking)
    if args.json:
        _print_json(_detail_json(d, full_cnic=args.full_cnic))
        return 0
    cnic = (validation.format_cnic if args.full_cnic else validation.mask_cnic)(d.citizen["cnic"])
    print(f"{d.tracking_number}   {STATUS_LABELS[d.status]}" + ("   OVERDUE" if d.overdue else ""))
    print(f"Citizen: {d.citizen['name']}  CNIC {cnic}  "
          f"{validation.format_mobile(d.citizen['phone'])}")
    print(f"Service: {d.service['name_en']}  fee PKR {d.service['fee_pkr']}  "
          f"due {d.request['due_date']}")
    if d.request["description"]:
        print(f"Description: {d.request['description']}")
    print("Timeline:")
    for e in d.events:
        p = e["payload"]
        what = e["kind"]
        if e["kind"] == "status_changed":
            what = f"{STATUS_LABELS[Status(p['from'])]} -> {STATUS_LABELS[Status(p['to'])]}"
            for key in ("reason", "outcome", "note"):
                if p.get(key):
                    what += f"; {key}: {p[key]}"
        elif e["kind"] == "note":
            what = f"note: {p['text']}"
        elif e["kind"] == "feedback":
            what = f"feedback: {p['rating']}/5 {p.get('comment', '')}".rstrip()
        print(f"  {e['created_at']}  {e['actor_name']} ({e['actor_role']})  {what}")
    return 0


def cmd_status(args) -> int:
    with _store(args) as store, signed_in(args, store, roles=STAFF) as me:
        new = store.change_status(args.tracking, args.to, actor=me, reason=args.reason,
                                  outcome=args.outcome, note=args.note)
    print(f"{args.tracking}: {STATUS_LABELS[new]}")
    return 0


def cmd_note(args) -> int:
    with _store(args) as store, signed_in(args, store, roles=STAFF) as me:
        store.add_note(args.tracking, args.text, actor=me)
    print("Note added.")
    return 0


def cmd_feedback(args) -> int:
    with _store(args) as store, signed_in(args, store, roles=STAFF) as me:
        store.record_feedback(args.tracking, args.rating, args.comment, actor=me)
    print("Feedback recorded.")
    return 0


def cmd_services(args) -> int:
    with _store(args) as store:
        rows = store.services()
    if args.json:
        _print_json(rows)
        return 0
    for s in rows:
        print(f"{s['code']:32} {s['sla_days']:3} days  PKR {s['fee_pkr']:6}  {s['name_en']}")
    return 0


def cmd_demo(args) -> int:
    from store.demo import generate

    if args.surveys is not None:
        from store.cli_surveys import cmd_demo_surveys

        cmd_demo_surveys(args)
        if args.requests is None:
            return 0
    if args.requests is None:
        args.requests = 200
    if args.requests < 0:
        raise SystemExit("daftar: error: --requests must be 0 or more")

    def progress(done: int, total: int) -> None:
        print(f"\r{done:,} / {total:,} requests", end="", file=sys.stderr, flush=True)

    with _store(args) as store:
        n = generate(store, args.requests, seed=args.seed,
                     progress=progress if sys.stderr.isatty() else None)
    print(f"Wrote {n:,} demo requests.")
    return 0


def cmd_verify(args) -> int:
    from store.audit import verify

    with _store(args) as store:
        report = verify(store)
    if args.json:
        _print_json({"ok": report.ok, "events": report.events, "requests": report.requests,
                     "devices": report.devices,
                     "problems": [asdict(p) | {"text": p.describe()} for p in report.problems]})
    elif report.ok:
        print(f"Audit trail intact: {report.events:,} events of {report.requests:,} requests "
              f"from {report.devices} device(s) verified.")
    else:
        print(f"AUDIT TRAIL BROKEN: {len(report.problems)} problem(s) "
              f"({report.events:,} events checked):")
        for p in report.problems:
            print(f"  - {p.describe()}")
    return 0 if report.ok else 1


def cmd_settings_show(args) -> int:
    s = Settings(_folder(args))
    for o in OPTIONS:
        print(f"{o.key} = {s.get(o.key)}    # {o.description}")
    return 0


def cmd_settings_set(args) -> int:
    s = Settings(_folder(args))
    s.set(args.key, args.value)
    print(f"{args.key} = {s.get(args.key)}")
    return 0
