"""Signing in on the command line, and ``daftar users``: this PC's accounts.

A command that reads or changes citizens' data signs in first, for that one command:
the user name comes from ``--user NAME`` (or ``DAFTAR_USER``), the password is typed at a
hidden prompt, or read from ``DAFTAR_PASSWORD`` for scripts. The session is signed out
when the command ends. The store checks the role, so the command line can do exactly what
the same person could do in the desktop app, no more.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import json
import os
import sys
from collections.abc import Iterator

from models.cli_args import count
from models.i18n import N_
from models.workflow import ROLE_LABELS, Role
from store.accounts import Accounts, SignInFailed
from store.errors import CTX, NotAllowed
from store.records import Actor

STAFF = ("clerk", "supervisor", "office_admin")


def _password(prompt: str, *, env: str = "DAFTAR_PASSWORD", stdin: bool = False) -> str:
    if stdin:
        return sys.stdin.readline().rstrip("\n")
    value = os.environ.get(env)
    if value is not None:
        return value
    if not sys.stdin.isatty():
        raise SignInFailed(N_(CTX, "Type your password at the prompt, or give it to a script "
                                   "in the {env} environment variable."), env=env)
    return getpass.getpass(prompt)


@contextlib.contextmanager
def signed_in(args, store, *, roles: tuple[str, ...] | None = None) -> Iterator[Actor]:
    """Sign in for one command; refuse roles outside *roles*; sign out afterwards."""
    username = getattr(args, "user", None) or os.environ.get("DAFTAR_USER")
    if not username:
        raise SignInFailed(N_(CTX, "Sign in first: give your user name with --user NAME "
                                   "(before the command) or in DAFTAR_USER."))
    accounts = Accounts(store)
    actor = accounts.sign_in(username, _password(f"Password for {username}: "))
    try:
        if roles is not None and actor.role not in roles:
            if roles == STAFF:
                raise NotAllowed(N_(CTX, "Your role ({role}) does not handle service "
                                         "requests."), role=actor.role)
            raise NotAllowed(N_(CTX, "Your role ({role}) may not do this."), role=actor.role)
        store.set_reader(actor)  # the store checks this person on each read of requests
        yield actor
    finally:
        store.set_reader(None)
        accounts.sign_out(actor)


def register(sub: argparse._SubParsersAction) -> None:
    users = sub.add_parser("users", help="this PC's accounts: add, list, passwords, switch "
                                         "off, unlock, the sign-in log")
    us = users.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    add = us.add_parser("add", help="add a person (the first account of a PC is its office "
                                    "admin and needs no sign-in; later ones need the admin's)")
    add.add_argument("username", help="2-32 small letters or digits, e.g. sana.iqbal")
    add.add_argument("--name", required=True, help="the person's name as the audit trail "
                                                   "shows it")
    add.add_argument("--role", required=True, choices=[r.value for r in Role])
    add.add_argument("--password-stdin", action="store_true",
                     help="read the new password from standard input instead of a prompt")
    add.set_defaults(func=cmd_add)
    ls = us.add_parser("list", help="everyone with an account on this PC")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=cmd_list)
    pw = us.add_parser("password", help="set a password (your own, or anyone's as the "
                                        "office admin)")
    pw.add_argument("username")
    pw.add_argument("--password-stdin", action="store_true")
    pw.set_defaults(func=cmd_password)
    off = us.add_parser("switch-off", help="stop a person from signing in (office admin)")
    off.add_argument("username")
    off.set_defaults(func=cmd_switch, active=False)
    on = us.add_parser("switch-on", help="let a switched-off person sign in again")
    on.add_argument("username")
    on.set_defaults(func=cmd_switch, active=True)
    unlock = us.add_parser("unlock", help="lift a lock-out after too many wrong passwords")
    unlock.add_argument("username")
    unlock.set_defaults(func=cmd_unlock)
    log = us.add_parser("log", help="recent sign-ins, failures and lock-outs (office admin)")
    log.add_argument("--limit", type=count, default=50)
    log.set_defaults(func=cmd_log)


def _store(args):
    from store.store import Store

    return Store.open(args.data_dir)


def _new_password(args, username: str) -> str:
    if args.password_stdin:
        return _password("", stdin=True)
    first = _password(f"New password for {username}: ", env="DAFTAR_NEW_PASSWORD")
    if os.environ.get("DAFTAR_NEW_PASSWORD") is None and \
            getpass.getpass("Type it again: ") != first:
        raise SignInFailed(N_(CTX, "The two passwords are not the same; nothing was "
                                   "changed."))
    return first


def cmd_add(args) -> int:
    with _store(args) as store:
        accounts = Accounts(store)
        if not accounts.has_users():
            if args.role != Role.OFFICE_ADMIN:
                raise NotAllowed(N_(CTX, "This PC has no accounts yet: the first one must be "
                                         "the office admin (--role office_admin)."))
            accounts.create_first_admin(args.username, args.name,
                                        _new_password(args, args.username))
        else:
            with signed_in(args, store, roles=("office_admin",)) as admin:
                accounts.add_user(admin, args.username, args.name, args.role,
                                  _new_password(args, args.username))
    print(f"Account {args.username} ({args.role}) created.")
    return 0


def cmd_list(args) -> int:
    with _store(args) as store, signed_in(args, store):
        rows = Accounts(store).users()
    if args.json:
        print(json.dumps([r.__dict__ for r in rows], ensure_ascii=False, indent=2))
        return 0
    for r in rows:
        state = "active" if r.active else "switched off"
        if r.locked_until:
            state += f", locked until {r.locked_until[11:16]} UTC"
        print(f"{r.username:20} {r.display_name:24} {ROLE_LABELS[Role(r.role)]:14} "
              f"{r.source:6} {state}")
    return 0


def cmd_password(args) -> int:
    with _store(args) as store, signed_in(args, store) as me:
        Accounts(store).set_password(me, args.username, _new_password(args, args.username))
    print(f"Password of {args.username} changed.")
    return 0


def cmd_switch(args) -> int:
    with _store(args) as store, signed_in(args, store, roles=("office_admin",)) as admin:
        Accounts(store).set_active(admin, args.username, args.active)
    print(f"{args.username} switched {'on' if args.active else 'off'}.")
    return 0


def cmd_unlock(args) -> int:
    with _store(args) as store, signed_in(args, store, roles=("office_admin",)) as admin:
        Accounts(store).unlock_account(admin, args.username)
    print(f"{args.username} unlocked.")
    return 0


def cmd_log(args) -> int:
    with _store(args) as store, signed_in(args, store, roles=("office_admin",)):
        rows = Accounts(store).sign_in_log(args.limit)
    for r in rows:
        print(f"{r['at'][:19]}  {r['username']:20} {r['event']}")
    return 0
