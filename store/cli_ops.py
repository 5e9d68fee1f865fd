"""The ``daftar`` subcommands for IT and support: ``backup``, ``restore``, ``diagnostics``,
``unlock``.

None of them opens the store the normal way: ``restore`` and ``diagnostics`` must work on a
damaged database, and ``backup`` must not migrate what it copies.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from models.i18n import N_
from store.errors import CTX, NotAllowed


def register(sub: argparse._SubParsersAction) -> None:
    bk = sub.add_parser("backup", help="make a verified backup now and print its path; "
                                       "`backup list` shows the backups on this PC")
    bk.add_argument("action", nargs="?", choices=("list",),
                    help="list: the backups in the data folder, newest first")
    bk.add_argument("--out", metavar="FILE", help="write the backup to FILE instead of "
                                                  "the data folder's backups/")
    bk.set_defaults(func=cmd_backup)

    rs = sub.add_parser("restore", help="replace this PC's database by a backup "
                                        "(close Daftar first)")
    rs.add_argument("file", metavar="FILE", help="a backup made by `daftar backup`")
    rs.add_argument("--force", action="store_true",
                    help="IT only: accept a backup from another PC (a failed PC's data moved "
                         "to this one); this PC must then be enrolled again")
    rs.add_argument("--key-file", metavar="FILE",
                    help="with --force: the other PC's daftar-key.json; its office admin's "
                         "password is asked to read that PC's backup")
    rs.add_argument("--password-stdin", action="store_true",
                    help="read that password from standard input instead of asking")
    rs.set_defaults(func=cmd_restore)

    ul = sub.add_parser("unlock", help="put this PC's database key back in the keyring with "
                                       "an office admin's password (after the keyring was "
                                       "lost)")
    ul.add_argument("--password-stdin", action="store_true",
                    help="read the password from standard input instead of asking")
    ul.set_defaults(func=cmd_unlock)

    dg = sub.add_parser("diagnostics", help="write a support bundle (versions, settings, logs, "
                                            "database statistics; no personal data)")
    dg.add_argument("--out", metavar="FILE.zip", help="where to write the bundle")
    dg.set_defaults(func=cmd_diagnostics)


def _folder(args) -> Path:
    from store.paths import data_dir

    return data_dir(args.data_dir)


def cmd_backup(args) -> int:
    from store import backup

    folder = _folder(args)
    if args.action == "list":
        found = backup.list_backups(folder)
        if not found:
            print(f"No backups yet in {backup.backups_dir(folder)}.")
        for b in found:
            print(f"{b.taken_at:%Y-%m-%d %H:%M:%S}  {b.reason:<12} {b.size / 1e6:8.1f} MB  "
                  f"{b.path}")
        return 0
    print(backup.make_backup(folder, out=Path(args.out) if args.out else None))
    return 0


def cmd_restore(args) -> int:
    from store import backup
    from store.settings import Settings

    folder = _folder(args)
    source_key = None
    if args.key_file:
        from store import keys

        source_key = keys.unwrap_key_file(Path(args.key_file), _password(args))
    done = backup.restore(folder, Path(args.file), force=args.force,
                          office_code=Settings(folder).get("office_code"),
                          source_key=source_key)
    print(f"Restored {done.source.name}.")
    if done.saved_current:
        print(f"The database it replaced was kept as {done.saved_current}.")
    if done.steps_not_in_backup:
        print(f"Note: {done.steps_not_in_backup} steps taken on this PC after the backup are "
              "not in it (they are in the copy above). If this PC synced since the backup, "
              "tell IT before entering new work: the server already holds those steps.")
    if done.forced:
        print("This PC now carries the other PC's data and is NOT enrolled: enroll it again "
              "(daftar enroll) before syncing, and do not use the old PC's database.")
    return 0


def cmd_diagnostics(args) -> int:
    from store import diagnostics

    print(diagnostics.write_bundle(_folder(args), Path(args.out) if args.out else None))
    return 0


def _password(args) -> str:
    """The office admin's password: one line of standard input, or typed (not echoed)."""
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise NotAllowed(N_(CTX, "There is no terminal to type the password on: give it on "
                                 "standard input with --password-stdin."))
    return getpass.getpass("Office admin password: ")


def cmd_unlock(args) -> int:
    from store import keys

    folder = _folder(args)
    keys.unlock_with_password(folder, _password(args))
    if keys.protection(folder) == "keyring":
        print("Unlocked: the database key is back in this PC's keyring.")
    else:
        print("The password is right, but this PC has no keyring to keep the key in: "
              "Daftar will ask an office admin's password at every start.")
    return 0
