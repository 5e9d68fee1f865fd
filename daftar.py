"""``daftar``: the one command-line entry point.

With no subcommand it opens the desktop application. Each package contributes its own
subcommands (``store/cli.py``; later ``server/cli.py``, ``sync/cli.py``); this module only
gathers them and turns errors into one plain line instead of a traceback.
"""

from __future__ import annotations

import argparse
import logging
import logging.handlers
import sys

EXIT_INPUT = 2  # bad input or a refused step: the message says what to do
EXIT_ENV = 3  # the PC's environment (disk full, locked file)
EXIT_BUG = 70  # our bug; details in the log


def _analysis_sources():
    """What ``daftar analyze`` / ``daftar export`` read, from the local store."""
    from contextlib import contextmanager

    from analysis.cli import Sources
    from store.store import Store
    from store.surveys import DEFAULT_FORM_ID, Surveys

    def responses(args, form_id):
        if getattr(args, "database_url", None):
            return _server_responses(args.database_url, form_id or DEFAULT_FORM_ID)
        with Store.open(args.data_dir) as store:
            surveys = Surveys(store)
            form_id = form_id or DEFAULT_FORM_ID
            records = surveys.list_responses(status="final", form_id=form_id)
            known = {f.form_id for f in surveys.forms()}
            return records, surveys.form(form_id) if form_id in known else None

    @contextmanager
    def requests(args):
        store = Store.open(args.data_dir)
        try:
            if getattr(args, "include_pii", False):
                # Citizens' names, CNICs and phones: only for staff, signed in for this
                # command (an enumerator sees surveys, not requests).
                from store.cli_users import STAFF, signed_in

                with signed_in(args, store, roles=STAFF):
                    yield store
            else:
                yield store
        finally:
            store.close()

    return Sources(responses=responses, requests=requests)


def _server_responses(url: str, form_id: str):
    """The survey responses of *form_id* held by the central server's database at *url*
    (read only), and the newest form version it holds, for ``daftar analyze`` /
    ``daftar export --database-url``. Sealed ones stay sealed here."""
    import json
    from pathlib import Path

    from sqlalchemy import create_engine, select
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, SQLAlchemyError

    from analysis.cli import AnalysisInputError
    from models.forms import FormDefinition
    from server.tables import survey_form, survey_response
    from store.surveys import _sort_key

    try:
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite" and not (
                parsed.database and Path(parsed.database).is_file()):
            raise AnalysisInputError(f"There is no server database at {parsed.database}.")
        engine = create_engine(url)
    except ArgumentError:
        raise AnalysisInputError(f"{url!r} is not a database URL (use sqlite:///path or "
                                 "postgresql+psycopg://user@host/database).") from None
    try:
        with engine.connect() as conn:
            rows = [dict(r) for r in conn.execute(select(survey_response).where(
                survey_response.c.form_id == form_id)).mappings()]
            forms = conn.execute(select(survey_form.c.version, survey_form.c.definition)
                                 .where(survey_form.c.form_id == form_id)).all()
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise AnalysisInputError(f"The server database cannot be read: {reason}") from None
    finally:
        engine.dispose()
    for row in rows:
        row["status"] = "final"
    form = None
    if forms:
        newest = max(forms, key=lambda f: _sort_key(f.version))
        form = FormDefinition.from_json(json.loads(newest.definition))
    return rows, form


def build_parser() -> argparse.ArgumentParser:
    from analysis import cli as analysis_cli
    from server import cli as server_cli
    from store import cli as store_cli
    from store import cli_ops, cli_surveys, cli_users
    from sync import cli as sync_cli

    parser = argparse.ArgumentParser(
        prog="daftar",
        description="Daftar (دفتر): service requests, surveys and sync for district offices. "
                    "Run without a command to open the application.")
    parser.add_argument("--data-dir", metavar="DIR",
                        help="data folder (default: $DAFTAR_DATA_DIR or the platform's)")
    parser.add_argument("--user", metavar="NAME",
                        help="sign in as NAME for this command (default: $DAFTAR_USER); the "
                             "password is asked, or read from $DAFTAR_PASSWORD")
    parser.add_argument("--self-test", action="store_true",
                        help="check headless that this installation works (Qt, fonts, "
                             "database, TLS, keyring) and exit; non-zero on any failure")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    store_cli.register(sub)
    cli_surveys.register(sub)
    cli_ops.register(sub)
    cli_users.register(sub)
    sync_cli.register(sub)
    server_cli.register(sub)
    analysis_cli.register(sub, _analysis_sources())
    return parser


def _setup_logging(folder) -> str:
    log_path = folder / "daftar.log"
    handler = logging.handlers.RotatingFileHandler(log_path, maxBytes=2_000_000, backupCount=3,
                                                   encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    from store.diagnostics import LogScrubFilter

    handler.addFilter(LogScrubFilter())  # no CNIC or phone number ever reaches the file
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return str(log_path)


def main(argv: list[str] | None = None) -> int:
    from analysis.cli import AnalysisInputError
    from models.validation import InvalidForm, InvalidInput
    from store.errors import KnownError, StoreError
    from store.paths import data_dir

    for stream in (sys.stdout, sys.stderr):
        # A name or path typed with odd characters (lone surrogates from a badly encoded
        # argument) is shown escaped instead of failing the message about it.
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.self_test:  # before the data folder: the self-test works in a temporary one
        from desktop import selftest

        return selftest.run()
    try:
        folder = data_dir(args.data_dir)
    except OSError as exc:
        print(f"daftar: error: the data folder cannot be created: {exc.strerror}", file=sys.stderr)
        return EXIT_ENV
    log_path = _setup_logging(folder)
    if args.command is None:
        from desktop.app import run

        return run(args.data_dir)
    try:
        return args.func(args)
    except (InvalidInput, InvalidForm, AnalysisInputError) as exc:
        print(f"daftar: error: {exc.text()}", file=sys.stderr)
        return EXIT_INPUT
    except KnownError as exc:
        print(f"daftar: error: {exc.text()}", file=sys.stderr)
        return EXIT_ENV
    except StoreError as exc:
        print(f"daftar: error: {exc.text()}", file=sys.stderr)
        return EXIT_INPUT
    except OSError as exc:  # a file named on the command line is a folder, a full disk…
        where = f": {exc.filename}" if exc.filename else ""
        print(f"daftar: error: {exc.strerror or exc}{where}", file=sys.stderr)
        return EXIT_ENV
    except KeyboardInterrupt:
        print("daftar: stopped.", file=sys.stderr)
        return 130
    except Exception:
        logging.getLogger("daftar").exception("unexpected error in %s", args.command)
        print("daftar: error: something went wrong; your data is safe. "
              f"Details were written to {log_path}", file=sys.stderr)
        return EXIT_BUG


if __name__ == "__main__":
    sys.exit(main())
