"""The ``daftar`` subcommands for survey forms and responses: ``forms``, ``surveys``."""

from __future__ import annotations

import argparse
import json
import sys

from models.cli_args import count

EXIT_INPUT = 2


def register(sub: argparse._SubParsersAction) -> None:
    forms = sub.add_parser("forms", help="import and list survey forms (XLSForm)")
    fs = forms.add_subparsers(dest="action", required=True, metavar="ACTION")
    imp = fs.add_parser("import", help="check an XLSForm .xlsx and keep it as a form version")
    imp.add_argument("file", metavar="FILE.xlsx")
    imp.add_argument("--json", action="store_true", help="print JSON")
    imp.set_defaults(func=cmd_forms_import)
    ls = fs.add_parser("list", help="every imported form version, newest first")
    ls.add_argument("--json", action="store_true", help="print JSON")
    ls.set_defaults(func=cmd_forms_list)

    surveys = sub.add_parser("surveys", help="survey responses and quotas on this PC")
    ss = surveys.add_subparsers(dest="action", required=True, metavar="ACTION")
    sl = ss.add_parser("list", help="survey responses (drafts and final), newest first")
    sl.add_argument("--status", choices=("draft", "final"))
    sl.add_argument("--form", help="form_id")
    sl.add_argument("--limit", type=count, default=50)
    sl.add_argument("--json", action="store_true", help="print JSON (answers included)")
    sl.set_defaults(func=cmd_surveys_list)
    quota = ss.add_parser("quota", help="set a stratum's target, or show progress")
    quota.add_argument("--district", help="district id, e.g. PK601")
    quota.add_argument("--area", choices=("urban", "rural"))
    quota.add_argument("--respondent-type",
                       choices=("citizen", "government_employee", "service_user"))
    quota.add_argument("--target", type=count, help="final responses wanted (0 removes it)")
    quota.add_argument("--log", action="store_true",
                       help="show who set, changed or removed targets, newest first")
    quota.add_argument("--json", action="store_true", help="print JSON")
    quota.set_defaults(func=cmd_surveys_quota)
    kg = ss.add_parser("keygen", help="make the analysts' key pair for sealed responses "
                                      "(private key encrypted under a passphrase)")
    kg.add_argument("--out", required=True, metavar="DIR",
                    help="folder for daftar-sealing.key (private) and daftar-sealing.pub")
    kg.add_argument("--passphrase-stdin", action="store_true",
                    help="read the passphrase from the first line of standard input (for "
                         "scripts; or set DAFTAR_KEY_PASSPHRASE); else it is asked twice")
    kg.set_defaults(func=cmd_surveys_keygen)


def _surveys(args):
    from store.store import Store
    from store.surveys import Surveys

    store = Store.open(args.data_dir)
    return store, Surveys(store)


def _print_json(obj) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=2, default=str))


def cmd_forms_import(args) -> int:
    from dataclasses import asdict

    from models.forms import FormError

    store, surveys = _surveys(args)
    try:
        version = surveys.import_form(args.file)
    except FormError as exc:
        print(f"daftar: error: {args.file}: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except OSError as exc:
        print(f"daftar: error: {args.file}: {exc.strerror}", file=sys.stderr)
        return EXIT_INPUT
    finally:
        store.close()
    if args.json:
        _print_json(asdict(version))
    elif version.new:
        print(f"Imported {version.form_id} version {version.version}.")
    else:
        print(f"{version.form_id} version {version.version} was already imported.")
    return 0


def cmd_forms_list(args) -> int:
    from dataclasses import asdict

    store, surveys = _surveys(args)
    with store:
        rows = surveys.forms()
    if args.json:
        _print_json([{k: v for k, v in asdict(f).items() if k != "new"} for f in rows])
        return 0
    for f in rows:
        title = f.title.get("en") or next(iter(f.title.values()), "")
        print(f"{f.form_id:28} {f.version:14} imported {f.imported_at[:16]}  {title}")
    print(f"{len(rows)} form version(s)")
    return 0


def cmd_surveys_list(args) -> int:
    from dataclasses import asdict

    store, surveys = _surveys(args)
    with store:
        rows = surveys.list_responses(status=args.status, form_id=args.form, limit=args.limit)
        total = surveys.count_responses(status=args.status, form_id=args.form)
    if args.json:
        _print_json({"total": total, "responses": [asdict(r) for r in rows]})
        return 0
    for r in rows:
        stratum = " / ".join(x or "-" for x in (r.district, r.area, r.respondent_type))
        status = f"{r.status} (sealed)" if r.sealed is not None else r.status
        print(f"{r.id}  {status:5}  {r.form_id} v{r.form_version}  {r.language}  "
              f"{r.enumerator:18} {r.updated_at[:16]}  {stratum}")
    print(f"{len(rows)} of {total} responses")
    return 0


PRIVATE_FILE, PUBLIC_FILE = "daftar-sealing.key", "daftar-sealing.pub"


def cmd_surveys_keygen(args) -> int:
    """Write a new key pair into ``--out``: the private key file (mode 0600, encrypted
    under a passphrase, see :mod:`models.sealing`) and the public key, one line of base64
    to put in a form's settings sheet as ``public_key``. Never overwrites a key."""
    import getpass
    import os
    from pathlib import Path

    from models import sealing

    out = Path(args.out)
    private, public = out / PRIVATE_FILE, out / PUBLIC_FILE
    for path in (private, public):
        if path.exists():
            print(f"daftar: error: {path} already exists; a key pair is never overwritten "
                  "(responses sealed to it could no longer be opened). Choose another "
                  "folder.", file=sys.stderr)
            return EXIT_INPUT
    if args.passphrase_stdin:
        passphrase = sys.stdin.readline().rstrip("\r\n")
    elif os.environ.get("DAFTAR_KEY_PASSPHRASE"):
        passphrase = os.environ["DAFTAR_KEY_PASSPHRASE"]
    elif sys.stdin.isatty():
        passphrase = getpass.getpass("Passphrase for the private key: ")
        if getpass.getpass("The same passphrase again: ") != passphrase:
            print("daftar: error: the two passphrases differ; nothing was written.",
                  file=sys.stderr)
            return EXIT_INPUT
    else:
        print("daftar: error: the private key needs a passphrase: run this in a terminal, "
              "or use --passphrase-stdin, or set DAFTAR_KEY_PASSPHRASE.", file=sys.stderr)
        return EXIT_INPUT
    key = sealing.generate()
    try:
        body = sealing.private_key_file(key, passphrase)
    except sealing.SealError as exc:
        print(f"daftar: error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    try:
        out.mkdir(parents=True, exist_ok=True)
        fd = os.open(private, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(body)
        public.write_text(key.public_key + "\n", encoding="ascii")
    except OSError as exc:
        print(f"daftar: error: the key files cannot be written in {out}: "
              f"{exc.strerror or exc}", file=sys.stderr)
        return EXIT_INPUT
    print(key.public_key)
    print(f"Private key: {private} (keep it and its passphrase safe: without both, sealed "
          f"responses cannot be read by anyone). Public key: {public} (key id "
          f"{key.key_id}) — put it in the form's settings sheet as public_key.",
          file=sys.stderr)
    return 0


def cmd_surveys_quota(args) -> int:
    from dataclasses import asdict

    store, surveys = _surveys(args)
    with store:
        if args.target is not None:
            if not (args.district and args.area and args.respondent_type):
                print("daftar: error: --target needs --district, --area and "
                      "--respondent-type", file=sys.stderr)
                return EXIT_INPUT
            from store.cli_users import signed_in

            with signed_in(args, store) as me:
                surveys.set_quota(args.district, args.area, args.respondent_type, args.target,
                                  actor=me)
        rows = surveys.quota_progress()
        log = surveys.quota_log() if args.log else None
    if log is not None:
        if args.json:
            _print_json([asdict(c) for c in log])
            return 0
        for c in log:
            change = (f"removed (was {c.previous})" if c.target == 0 else
                      f"set to {c.target}" if c.previous is None else
                      f"changed from {c.previous} to {c.target}")
            print(f"{_office_time(c.at)}  {c.district:8} {c.area:6} {c.respondent_type:20} "
                  f"{change} by {_who(c.actor_name, c.actor_role)}")
        return 0
    if args.json:
        _print_json([asdict(q) | {"remaining": q.remaining} for q in rows])
        return 0
    for q in rows:
        line = f"{q.district:8} {q.area:6} {q.respondent_type:20} {q.done:5} of {q.target:5}"
        if q.changed_at:
            line += (f"  set by {_who(q.changed_by, q.changed_by_role)} on "
                     f"{_office_time(q.changed_at)}")
        print(line)
    print(f"{len(rows)} strata with a target")
    return 0


def _who(name: str | None, role: str | None) -> str:
    """``Tariq Mahmood (supervisor)``."""
    from models.workflow import ROLE_LABELS, Role

    label = ROLE_LABELS[Role(role)].lower() if role in set(Role) else role
    return f"{name} ({label})"


def _office_time(iso: str) -> str:
    """A stored UTC timestamp as office time (PKT): ``2026-12-01 15:15 PKT``."""
    from datetime import datetime

    from store.records import PKT

    moment = datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone(PKT)
    return moment.strftime("%Y-%m-%d %H:%M PKT")


def cmd_demo_surveys(args) -> int:
    """``daftar demo --surveys N``: called by ``store.cli.cmd_demo``."""
    from store.store import Store
    from store.surveys_demo import generate

    if args.surveys < 0:
        raise SystemExit("daftar: error: --surveys must be 0 or more")

    def progress(done: int, total: int) -> None:
        print(f"\r{done:,} / {total:,} survey responses", end="", file=sys.stderr, flush=True)

    with Store.open(args.data_dir) as store:
        n = generate(store, args.surveys, seed=args.seed,
                     progress=progress if sys.stderr.isatty() else None)
    print(f"Wrote {n:,} demo survey responses.")
    return 0
