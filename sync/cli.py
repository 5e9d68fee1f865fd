"""``daftar enroll``, ``daftar sync`` and ``daftar sync rotate-key``: the sync client from
the command line.

Errors are one plain line on stderr. ``daftar sync`` exits 0 only when nothing of this PC
is left to send (nothing pending, nothing refused); 1 when records are still waiting.

When the PC has no keyring, the device key is asked for on the terminal (or read from
standard input with ``--key-stdin``); it is never written to a file.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys

EXIT_OK = 0
EXIT_LEFT = 1  # records still waiting (or refused), or the round failed
EXIT_INPUT = 2  # the address, token or key given is wrong, or the server refused
EXIT_ENV = 3  # no connection, no keyring, a server problem


def register(sub: argparse._SubParsersAction) -> None:
    enroll = sub.add_parser(
        "enroll", help="enroll this PC with the central server (once, with a one-time token)")
    enroll.add_argument("--server", required=True, metavar="URL",
                        help="the central server, e.g. https://daftar.example.gov.pk")
    enroll.add_argument("--token", required=True, metavar="T",
                        help="the one-time token from the central admin")
    enroll.add_argument("--insecure", action="store_true",
                        help="allow plain http:// to another machine (testing only)")
    enroll.add_argument("--name", default="", help="a name for this PC, shown to the admin")
    enroll.add_argument("--key-stdin", action="store_true",
                        help="on a PC without keyring: read the device key from standard input")
    enroll.set_defaults(func=cmd_enroll)

    sync = sub.add_parser(
        "sync", help="send waiting records and fetch changes from the server (one round)")
    sync.add_argument("--json", action="store_true", help="print JSON")
    sync.add_argument("--server", metavar="URL",
                      help="use this server address from now on (the server moved)")
    sync.add_argument("--insecure", action="store_true",
                      help="with --server: allow plain http:// to another machine")
    sync.add_argument("--key-stdin", action="store_true",
                      help="on a PC without keyring: read the device key from standard input")
    sync.set_defaults(func=cmd_sync)
    acts = sync.add_subparsers(dest="sync_action", metavar="ACTION")
    rot = acts.add_parser(
        "rotate-key", help="give this PC a new device key (the old one stops working)",
        description="Create a new device key, have the server take it (the request is "
                    "signed with the current key), then keep it in the keyring in place of "
                    "the old one. If the connection breaks, run it again: it finishes the "
                    "same rotation.")
    rot.set_defaults(func=cmd_rotate_key)


def _fail(message: str, code: int) -> int:
    print(f"daftar: error: {message}", file=sys.stderr)
    return code


def _exit_code(exc) -> int:
    from sync import errors

    if isinstance(exc, errors.NoConnection | errors.ServerError | errors.NoKeyring
                  | errors.CertificateError):
        return EXIT_ENV
    return EXIT_INPUT


def _typed_key(args, *, creating: bool) -> str | None:
    """The device key from the user, on a PC without keyring (``None``: not available)."""
    if args.key_stdin:
        return sys.stdin.readline().strip() or None
    if not sys.stdin.isatty():
        return None
    from sync.credentials import new_key_text

    prompt = "Device key (input hidden"
    prompt += "; press Enter to create a new one): " if creating else "): "
    typed = getpass.getpass(prompt).strip()
    if typed or not creating:
        return typed or None
    key = new_key_text()
    print("A new device key was created. Keep it safe (for example in a password "
          "manager); Daftar asks for it every session and never stores it:", file=sys.stderr)
    print(key, file=sys.stderr)
    return key


def _open_store(args):
    from store.store import Store

    return Store.open(getattr(args, "data_dir", None))


def cmd_enroll(args) -> int:
    from sync import credentials
    from sync.client import enroll
    from sync.errors import NoKeyring, SyncError

    with _open_store(args) as store:
        supplied = None
        if args.key_stdin or not credentials.keyring_available():
            supplied = _typed_key(args, creating=True)
            if supplied is None:
                return _fail(NoKeyring().text(), EXIT_ENV)
        try:
            answer = enroll(args.server, args.token, store, allow_insecure=args.insecure,
                            supplied_key=supplied, device_name=args.name)
        except SyncError as exc:
            return _fail(exc.text(), _exit_code(exc))
    print(f"Enrolled: office {answer.office_code}, device number {answer.device_number:02d}.")
    return EXIT_OK


def cmd_rotate_key(args) -> int:
    from sync import credentials
    from sync.client import rotate_key
    from sync.errors import NoKeyring, SyncError

    with _open_store(args) as store:
        if not credentials.keyring_available():
            return _fail(NoKeyring().text() + " Rotating the key needs a keyring.", EXIT_ENV)
        try:
            answer = rotate_key(store)
        except SyncError as exc:
            again = " Run the command again to finish the rotation." \
                if _exit_code(exc) == EXIT_ENV else ""
            return _fail(exc.text() + again, _exit_code(exc))
    print(f"New device key in use (the server took it at {answer.rotated_at}); the old key "
          "no longer works.")
    return EXIT_OK


def cmd_sync(args) -> int:
    from store import sync_ops
    from sync import credentials
    from sync.client import check_server_url
    from sync.engine import SyncEngine
    from sync.errors import NoKeyring, SyncError

    with _open_store(args) as store:
        if args.server:
            try:
                url = check_server_url(args.server, allow_insecure=args.insecure)
            except SyncError as exc:
                return _fail(exc.text(), EXIT_INPUT)
            sync_ops.update_sync_state(store, server_url=url, allow_insecure=args.insecure)
        supplied = None
        if args.key_stdin or (sync_ops.sync_info(store).enrolled
                              and not credentials.keyring_available()):
            supplied = _typed_key(args, creating=False)
            if supplied is None:
                return _fail(NoKeyring().text(), EXIT_ENV)
        report = SyncEngine(store, supplied_key=supplied).run_once()
    if args.json:
        print(json.dumps({**report.as_dict(), "all_sent": report.all_sent},
                         ensure_ascii=False, indent=2))
    else:
        print(f"pushed:       {report.pushed}")
        print(f"already held: {report.already_held}")
        print(f"rejected:     {report.rejected}")
        print(f"pulled:       {report.pulled}")
        print(f"pending:      {report.pending}")
        if report.rejected_waiting:
            print(f"{report.rejected_waiting} record(s) were refused by the server and wait "
                  "for you (see the reasons in the Sync screen).")
    if report.error:
        print(f"daftar: error: {report.error}", file=sys.stderr)
    return EXIT_OK if report.all_sent else EXIT_LEFT
