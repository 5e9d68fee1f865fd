"""``daftar server``: run the central server and manage its offices and devices.

::

    daftar server [--database-url URL] [--host 127.0.0.1] [--port 8765]   # run (default)
    daftar server create-office --code C --district PK617 --name N [--name-ur N]
    daftar server enroll-token --office C [--hours 72]                   # prints the token
    daftar server revoke-device DEVICE_ID
    daftar server publish-form FILE.xlsx [--office CODE ...]             # default: all offices
    daftar server stats [--json]
    daftar server device-log DEVICE_ID [--last N] [--json]             # what the PC sent
    daftar server users add --office C --username U --name N --role R [--password-stdin]
    daftar server users list [--office C] [--json]
    daftar server users set-password --office C --username U [--password-stdin]
    daftar server users deactivate --office C --username U
    daftar server run [--ssl-keyfile K --ssl-certfile C] [--trust-proxy]

Every action takes ``--database-url`` (default: ``server.sqlite3`` in the data folder).
A refused step prints one plain line and exits non-zero.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import json
import os
import sys
from functools import wraps

from models.cli_args import count

EXIT_INPUT = 2
EXIT_ENV = 3


def _db_option(parser: argparse.ArgumentParser, *, nested: bool) -> None:
    parser.add_argument(
        "--database-url", metavar="URL",
        default=argparse.SUPPRESS if nested else None,
        help="sqlite:///path/server.sqlite3 or postgresql+psycopg://user@host/db "
             "(default: server.sqlite3 in the data folder)")


def _tls_options(parser: argparse.ArgumentParser, *, nested: bool) -> None:
    default = argparse.SUPPRESS if nested else None
    parser.add_argument("--ssl-keyfile", metavar="FILE", default=default,
                        help="serve https with this private key (PEM); see "
                             "docs/deploy-server.md")
    parser.add_argument("--ssl-certfile", metavar="FILE", default=default,
                        help="the certificate chain (PEM) that goes with --ssl-keyfile")
    parser.add_argument("--trust-proxy", action="store_true",
                        default=argparse.SUPPRESS if nested else False,
                        help="behind a reverse proxy on this machine: believe its "
                             "X-Forwarded-For / X-Forwarded-Proto headers")


def _user_options(parser: argparse.ArgumentParser, *, password: bool) -> None:
    _db_option(parser, nested=True)
    parser.add_argument("--office", required=True, metavar="CODE", help="office code")
    parser.add_argument("--username", required=True, metavar="U", help="the login name")
    if password:
        parser.add_argument("--password-stdin", action="store_true",
                            help="read the password from standard input (one line) instead "
                                 "of asking for it")


def register(sub: argparse._SubParsersAction) -> None:
    srv = sub.add_parser("server", help="run the central server, or manage its offices and "
                                        "devices",
                         description="Run the central sync server (the default action), or "
                                     "manage its offices and devices.")
    _db_option(srv, nested=False)
    srv.add_argument("--host", default="127.0.0.1", help="address to listen on (default "
                                                         "127.0.0.1)")
    srv.add_argument("--port", type=int, default=8765, help="port (default 8765)")
    _tls_options(srv, nested=False)
    srv.set_defaults(func=cmd_run)
    acts = srv.add_subparsers(dest="server_action", metavar="ACTION")

    run = acts.add_parser("run", help="run the server (what `daftar server` does)")
    _db_option(run, nested=True)
    run.add_argument("--host", default=argparse.SUPPRESS)
    run.add_argument("--port", type=int, default=argparse.SUPPRESS)
    _tls_options(run, nested=True)
    run.set_defaults(func=cmd_run)

    co = acts.add_parser("create-office", help="add an office that devices can enroll in")
    _db_option(co, nested=True)
    co.add_argument("--code", required=True, help="2-8 letters or digits, e.g. LHR2")
    co.add_argument("--district", required=True, help="district id, e.g. PK617 (Lahore)")
    co.add_argument("--name", required=True, help="the office's name in English")
    co.add_argument("--name-ur", default="", help="the office's name in Urdu")
    co.set_defaults(func=cmd_create_office)

    tok = acts.add_parser("enroll-token", help="print a one-time token to enroll one PC")
    _db_option(tok, nested=True)
    tok.add_argument("--office", required=True, help="office code")
    tok.add_argument("--hours", type=float, default=72, help="valid for (default 72 hours)")
    tok.set_defaults(func=cmd_enroll_token)

    rev = acts.add_parser("revoke-device", help="withdraw a PC's access (lost or stolen PC)")
    _db_option(rev, nested=True)
    rev.add_argument("device_id")
    rev.set_defaults(func=cmd_revoke)

    pub = acts.add_parser("publish-form", help="publish a survey form version (XLSForm) to "
                                               "the offices' PCs")
    _db_option(pub, nested=True)
    pub.add_argument("file", metavar="FILE.xlsx", help="the XLSForm workbook")
    pub.add_argument("--office", action="append", metavar="CODE", default=None,
                     help="an office to publish to (repeat for several; default: every "
                          "office, also offices created later)")
    pub.set_defaults(func=cmd_publish_form)

    st = acts.add_parser("stats", help="requests, events and survey responses per office; "
                                       "devices and their last sync")
    _db_option(st, nested=True)
    st.add_argument("--json", action="store_true", help="print JSON")
    st.set_defaults(func=cmd_stats)

    dl = acts.add_parser("device-log", help="the append-only record of what one PC sent")
    _db_option(dl, nested=True)
    dl.add_argument("device_id")
    dl.add_argument("--last", type=count, metavar="N", default=None,
                    help="only the last N pushes")
    dl.add_argument("--json", action="store_true", help="print JSON")
    dl.set_defaults(func=cmd_device_log)

    us = acts.add_parser("users", help="office user accounts (sent to the office's PCs)")
    _db_option(us, nested=True)
    uacts = us.add_subparsers(dest="users_action", metavar="ACTION", required=True)
    add = uacts.add_parser("add", help="add a user to an office")
    _user_options(add, password=True)
    add.add_argument("--name", required=True, help="the person's name, shown on records")
    add.add_argument("--role", required=True,
                     choices=("clerk", "supervisor", "enumerator", "office_admin"))
    add.set_defaults(func=cmd_users_add)
    ls = uacts.add_parser("list", help="list users (never their passwords)")
    _db_option(ls, nested=True)
    ls.add_argument("--office", metavar="CODE", default=None, help="only this office")
    ls.add_argument("--json", action="store_true", help="print JSON")
    ls.set_defaults(func=cmd_users_list)
    pw = uacts.add_parser("set-password", help="give a user a new password")
    _user_options(pw, password=True)
    pw.set_defaults(func=cmd_users_set_password)
    de = uacts.add_parser("deactivate", help="stop a user from logging in")
    _user_options(de, password=False)
    de.set_defaults(func=cmd_users_deactivate)


def _url(args) -> str:
    from server.db import default_url

    url = getattr(args, "database_url", None)
    return url or default_url(getattr(args, "data_dir", None))


def _fail(message: str, code: int) -> int:
    print(f"daftar: error: {message}", file=sys.stderr)
    return code


def plain_errors(func):
    """Turn the errors an admin can act on into one line and an exit code."""

    @wraps(func)
    def run(args) -> int:
        from sqlalchemy.exc import ArgumentError, OperationalError

        from server.db import DatabaseError
        from server.errors import AdminError

        try:
            return func(args)
        except AdminError as exc:
            return _fail(str(exc), EXIT_INPUT)
        except DatabaseError as exc:
            return _fail(str(exc), EXIT_ENV)
        except ArgumentError:
            return _fail(f"{_url(args)!r} is not a database URL (use sqlite:///path or "
                         "postgresql+psycopg://user@host/database).", EXIT_INPUT)
        except OperationalError as exc:
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else "unknown reason"
            return _fail(f"the server database cannot be opened: {reason}", EXIT_ENV)

    return run


@contextlib.contextmanager
def _engine(args):
    """The server database named by ``--database-url`` for one command, closed after."""
    from server.db import open_database

    engine = open_database(_url(args))
    try:
        yield engine
    finally:
        engine.dispose()


@plain_errors
def cmd_run(args) -> int:
    import uvicorn
    from sqlalchemy.engine import make_url

    from server.app import create_app

    keyfile = getattr(args, "ssl_keyfile", None)
    certfile = getattr(args, "ssl_certfile", None)
    if bool(keyfile) != bool(certfile):
        return _fail("give both --ssl-keyfile and --ssl-certfile (or neither).", EXIT_INPUT)
    for path in (keyfile, certfile):
        if path and not os.access(path, os.R_OK):
            return _fail(f"the TLS file {path!r} cannot be read.", EXIT_INPUT)
    trust_proxy = bool(getattr(args, "trust_proxy", False))
    url = _url(args)
    app = create_app(url, trust_proxy=trust_proxy)
    shown = make_url(url).render_as_string(hide_password=True)
    scheme = "https" if keyfile else "http"
    print(f"Daftar server on {scheme}://{args.host}:{args.port} (database {shown}); "
          "stop with Ctrl+C.", file=sys.stderr)
    options = {}
    if keyfile:
        options.update(ssl_keyfile=keyfile, ssl_certfile=certfile)
    # uvicorn's own X-Forwarded-* handling stays off (it trusts 127.0.0.1 by default):
    # server.security alone decides, and only with --trust-proxy.
    uvicorn.run(app, host=args.host, port=args.port, log_level="info",
                server_header=False, proxy_headers=False, **options)
    return 0


@plain_errors
def cmd_create_office(args) -> int:
    from server import admin

    with _engine(args) as engine:
        row = admin.create_office(engine, code=args.code, district=args.district,
                                  name=args.name, name_ur=args.name_ur)
    print(f"Office {row['code']} ({row['name_en']}) created in district {row['district_id']}.")
    return 0


@plain_errors
def cmd_enroll_token(args) -> int:
    from server import admin

    with _engine(args) as engine:
        token = admin.create_token(engine, args.office, hours=args.hours)
    print(token)
    print(f"One-time token for office {args.office.upper()}, valid {args.hours:g} hours. "
          "Type it on the PC: daftar enroll --server URL --token TOKEN", file=sys.stderr)
    return 0


@plain_errors
def cmd_revoke(args) -> int:
    from server import admin

    with _engine(args) as engine:
        dev = admin.revoke_device(engine, args.device_id)
    print(f"Device {dev['device_id']} (office {dev['office_code']}, PC number "
          f"{dev['device_number']}) can no longer sync (revoked {dev['revoked_at']}).")
    return 0


@plain_errors
def cmd_publish_form(args) -> int:
    from server import admin

    with _engine(args) as engine:
        done = admin.publish_form(engine, args.file, args.office)
    name = f"form {done['form_id']} version {done['version']}"
    where = ", ".join("every office" if o == "*" else o for o in done["published_to"])
    if done["published_to"]:
        print(f"Published {name} to {where}; the PCs receive it at their next sync.")
    else:
        before = ", ".join("every office" if o == "*" else o
                           for o in done["already_published_to"])
        print(f"Nothing to do: {name} is already published from this file to {before}.")
    if done.get("sealed_key_id"):
        print(f"Its responses are sealed on the PCs to the analysts' key {done['sealed_key_id']}: "
              "this server cannot read them.")
    return 0


@plain_errors
def cmd_stats(args) -> int:
    from server import admin

    with _engine(args) as engine:
        data = admin.stats(engine)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    t = data["totals"]
    print(f"{t['requests']} requests, {t['events']} events, {t['survey_responses']} survey "
          f"responses, {t['devices']} devices")
    if t.get("survey_responses_sealed"):
        print(f"{t['survey_responses_sealed']} of the survey responses are sealed: only the "
              "analysts' private key opens them (daftar analyze --database-url URL "
              "--private-key FILE)")
    if data["offices"]:
        print(f"\n{'office':<8} {'district':<8} {'requests':>8} {'events':>8} "
              f"{'surveys':>7} {'devices':>7}  name")
        for o in data["offices"]:
            print(f"{o['office_code']:<8} {o['district_id']:<8} {o['requests']:>8} "
                  f"{o['events']:>8} {o['survey_responses']:>7} {o['devices']:>7}  {o['name']}")
    if data["forms"]:
        print("\npublished forms")
        for f in data["forms"]:
            offices = ", ".join("every office" if o == "*" else o for o in f["offices"])
            print(f"  {f['form_id']} version {f['version']} ({f['published_at']}): {offices}")
    if data["unknown_forms"]:
        print("\nresponses for form versions this server does not hold (publish them with "
              "`daftar server publish-form`)")
        for f in data["unknown_forms"]:
            print(f"  {f['form_id']} version {f['version']}: {f['responses']} responses")
    if data["devices"]:
        print(f"\n{'device':<36} {'office':<8} {'no':>2} {'last push':<24} state")
        for d in data["devices"]:
            state = "revoked" if d["revoked_at"] else "active"
            if d["gaps"]:
                state += " — never received ops " + ", ".join(
                    f"{a}-{b}" if a != b else str(a) for a, b in d["gaps"])
            print(f"{d['device_id']:<36} {d['office_code']:<8} {d['device_number']:>2} "
                  f"{d['last_push_at'] or 'never':<24} {state}")
    return 0


@plain_errors
def cmd_device_log(args) -> int:
    from server import admin

    with _engine(args) as engine:
        data = admin.device_log(engine, args.device_id, limit=args.last)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    d = data["device"]
    state = f"revoked {d['revoked_at']}" if d["revoked_at"] else "active"
    print(f"Device {d['device_id']} (office {d['office_code']}, PC number "
          f"{d['device_number']:02d}, {d['name'] or 'no name'}): enrolled {d['enrolled_at']}, "
          f"{state}" + (f", key rotated {d['key_rotated_at']}" if d["key_rotated_at"] else ""))
    if not data["pushes"]:
        print("No push received from this PC.")
        return 0
    print(f"\n{'received at':<24} {'result':<16} {'ops':>5} {'new':>5} {'held':>5} "
          f"{'refused':>7} {'bytes':>9}  sha256 of the body / op_seqs")
    for p in data["pushes"]:
        result = p["result"] + (f" ({p['code']})" if p["code"] else "")
        ranges = "; ".join(f"{k} " + ",".join(f"{a}-{b}" if a != b else str(a)
                                              for a, b in v)
                           for k, v in p["op_seqs"].items() if v)
        print(f"{p['received_at']:<24} {result:<16} {p['ops']:>5} {p['accepted']:>5} "
              f"{p['held']:>5} {p['rejected']:>7} {p['body_bytes']:>9}  {p['body_sha256']}"
              + (f"\n{'':<24} {ranges}" if ranges else ""))
    return 0


def _password(args, username: str) -> str:
    """The new password: one line of standard input, or typed twice (hidden)."""
    from server.errors import AdminError

    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise AdminError("no terminal to type the password on: give --password-stdin and "
                         "pass it on standard input.")
    first = getpass.getpass(f"Password for {username} (at least 10 characters, hidden): ")
    if getpass.getpass("The same password again: ") != first:
        raise AdminError("the two passwords differ; nothing was changed.")
    return first


@plain_errors
def cmd_users_add(args) -> int:
    from server import users

    password = _password(args, args.username)
    problem = users.password_problem(password, args.username.strip().lower())
    if problem:  # before opening (and maybe migrating) the database
        return _fail(problem, EXIT_INPUT)
    with _engine(args) as engine:
        row = users.add_user(engine, office_code=args.office, username=args.username,
                             display_name=args.name, role=args.role, password=password)
    print(f"User {row['username']} ({row['display_name']}, {row['role']}) added to office "
          f"{row['office_code']}; the office's PCs receive the account at their next sync.")
    return 0


@plain_errors
def cmd_users_list(args) -> int:
    from server import users

    with _engine(args) as engine:
        rows = users.list_users(engine, args.office)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print("No users.")
        return 0
    print(f"{'office':<8} {'username':<20} {'role':<12} {'state':<8} {'updated':<24} name")
    for r in rows:
        print(f"{r['office_code']:<8} {r['username']:<20} {r['role']:<12} "
              f"{'active' if r['active'] else 'inactive':<8} {r['updated_at']:<24} "
              f"{r['display_name']}")
    return 0


@plain_errors
def cmd_users_set_password(args) -> int:
    from server import users

    password = _password(args, args.username)
    problem = users.password_problem(password, args.username.strip().lower())
    if problem:
        return _fail(problem, EXIT_INPUT)
    with _engine(args) as engine:
        row = users.set_password(engine, office_code=args.office, username=args.username,
                                 password=password)
    print(f"New password set for {row['username']} of office {row['office_code']}; it "
          "works on the office's PCs after their next sync.")
    return 0


@plain_errors
def cmd_users_deactivate(args) -> int:
    from server import users

    with _engine(args) as engine:
        row = users.deactivate(engine, office_code=args.office, username=args.username)
    print(f"User {row['username']} of office {row['office_code']} deactivated; the office's "
          "PCs refuse their login after their next sync.")
    return 0


def main(argv: list[str] | None = None) -> int:
    """``daftar server …`` on its own (``daftar.py`` gathers :func:`register` normally)."""
    parser = argparse.ArgumentParser(prog="daftar")
    parser.add_argument("--data-dir", metavar="DIR")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    register(sub)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
