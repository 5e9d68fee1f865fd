"""``daftar analyze`` and ``daftar export``.

The analysis does not read the store itself (``analysis/`` imports only ``models``):
``daftar.py`` hands :func:`register` a :class:`Sources` whose functions fetch what the
commands need from the local store (or, with ``--database-url``, the survey responses
from the central server's database).

Sealed responses (:mod:`models.sealing`) are opened with ``--private-key FILE``; the
passphrase is asked for (no echo), or read from the first line of standard input with
``--passphrase-stdin``, or taken from ``$DAFTAR_KEY_PASSPHRASE`` (for scripts). Without a
key they are left out, and the command says how many.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

FORMATS = ("csv", "xlsx", "sav", "dta")


@dataclass(frozen=True)
class Sources:
    """How the commands reach the data (given by ``daftar.py``).

    * ``responses(args, form_id)`` → (final responses, their form definition or None)
    * ``requests(args)`` → something :func:`analysis.export.export_requests` reads (the
      store), as a context manager that closes it.

    A response is a mapping or an object with ``answers``, ``paradata`` and the metadata
    of :data:`analysis.frame.META`; a sealed one carries its envelope in ``sealed`` or as
    ``answers = {"$sealed": …}`` (opened by :func:`models.sealing.open_record`).
    """

    responses: Callable[[argparse.Namespace, str | None], tuple[list[Any], Any]]
    requests: Callable[[argparse.Namespace], Any]


class AnalysisInputError(ValueError):
    """Bad input to ``daftar analyze`` / ``daftar export``, said plainly."""

    def text(self, _translate=None) -> str:
        return str(self)


def register(sub: argparse._SubParsersAction, sources: Sources) -> None:
    p = sub.add_parser("analyze", help="the survey analysis: the study's tables from the "
                                       "finished interviews on this PC")
    p.add_argument("--form", metavar="ID", help="form_id (default: the study's instrument)")
    p.add_argument("--json", action="store_true", help="print everything as JSON")
    p.add_argument("--report", metavar="FILE.pdf", help="also write a PDF report")
    p.add_argument("--district", action="append", default=[], metavar="ID",
                   help="only these districts (repeat the option for more)")
    p.add_argument("--area", choices=("urban", "rural"), action="append", default=[])
    p.add_argument("--respondent-type", action="append", default=[],
                   choices=("citizen", "government_employee", "service_user"))
    p.add_argument("--form-version", action="append", default=[], metavar="V")
    p.add_argument("--from", dest="start", metavar="YYYY-MM-DD", type=_date,
                   help="interviews finished on or after this day")
    p.add_argument("--to", dest="end", metavar="YYYY-MM-DD", type=_date,
                   help="interviews finished on or before this day")
    p.add_argument("--exclude", action="append", default=[],
                   choices=("straight_lining", "speeding", "incomplete"),
                   help="leave out responses with this data-quality flag")
    p.add_argument("--cfa", action="store_true",
                   help="also a confirmatory factor analysis (needs semopy installed)")
    _source_options(p)
    p.set_defaults(func=lambda args: cmd_analyze(args, sources))

    e = sub.add_parser("export", help="write survey responses and service requests for "
                                      "SPSS, Stata, Excel or CSV")
    e.add_argument("--format", required=True, choices=FORMATS)
    e.add_argument("--out", required=True, metavar="DIR", help="folder to write into")
    e.add_argument("--what", choices=("responses", "requests", "both"), default="both")
    e.add_argument("--form", metavar="ID", help="form_id of the responses (default: the "
                                                "study's instrument)")
    e.add_argument("--include-pii", action="store_true",
                   help="include citizens' names, CNICs and phone numbers in the requests "
                        "file (off by default)")
    _source_options(e)
    e.set_defaults(func=lambda args: cmd_export(args, sources))


def _source_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--private-key", metavar="FILE", action="append", default=[],
                   help="open sealed responses with this private key file (made by "
                        "`daftar surveys keygen`; repeat for older keys); the passphrase "
                        "is asked for")
    p.add_argument("--passphrase-stdin", action="store_true",
                   help="read the key's passphrase from the first line of standard input "
                        "(for scripts; or set DAFTAR_KEY_PASSPHRASE)")
    p.add_argument("--database-url", metavar="URL",
                   help="read the survey responses from the central server's database "
                        "(sqlite:///… or postgresql+psycopg://…) instead of this PC")


def read_passphrase(args, prompt: str = "Passphrase of the private key: ") -> str:
    """The passphrase: ``--passphrase-stdin``, else ``$DAFTAR_KEY_PASSPHRASE``, else asked
    for without echo on a terminal."""
    import getpass
    import os

    if getattr(args, "passphrase_stdin", False):
        return sys.stdin.readline().rstrip("\r\n")
    if os.environ.get("DAFTAR_KEY_PASSPHRASE"):
        return os.environ["DAFTAR_KEY_PASSPHRASE"]
    if not sys.stdin.isatty():
        raise AnalysisInputError("The private key needs its passphrase: run this in a "
                                 "terminal, or use --passphrase-stdin, or set "
                                 "DAFTAR_KEY_PASSPHRASE.")
    return getpass.getpass(prompt)


def _private_key(args):
    """The unlocked keys of ``--private-key`` (one passphrase per file, in order: asked,
    one line each of standard input, or ``$DAFTAR_KEY_PASSPHRASE`` for all)."""
    from models.sealing import SealError, load_private_key

    files = getattr(args, "private_key", None) or []
    if isinstance(files, str):
        files = [files]
    keys = []
    for path in files:
        try:
            keys.append(load_private_key(path, read_passphrase(
                args, f"Passphrase of the private key {path}: ")))
        except SealError as exc:
            raise AnalysisInputError(str(exc)) from None
    return keys or None


def open_responses(records, key) -> tuple[list[dict], int]:
    """*records* with their sealed answers opened by *key*, and how many sealed ones were
    left out (no key). A response that cannot be opened stops everything, said plainly:
    a damaged or foreign seal must not silently shrink the sample."""
    from dataclasses import asdict, is_dataclass

    from models.sealing import SealError, open_record

    opened, left_out = [], 0
    for rec in records:
        m = asdict(rec) if is_dataclass(rec) else dict(rec)
        try:
            got = open_record(m, key)
        except SealError as exc:
            raise AnalysisInputError(str(exc)) from None
        if got is None:
            left_out += 1
        else:
            opened.append(got)
    return opened, left_out


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2026-11-30") from None


def _load(args, sources: Sources):
    from analysis._types import DEFAULT_CONSTRUCTS, constructs_from_form
    from analysis.frame import responses_frame

    records, form = sources.responses(args, args.form)
    records, left_out = open_responses(records, _private_key(args))
    if left_out:
        print(f"{left_out} sealed responses were left out: only the analysts' private key "
              "opens them (--private-key FILE).", file=sys.stderr)
    constructs = (constructs_from_form(form) if form is not None else ()) or DEFAULT_CONSTRUCTS
    return responses_frame(records, constructs), constructs


def cmd_analyze(args, sources: Sources) -> int:
    from analysis.quality import ResponseFilter
    from analysis.report import render_text, write_pdf
    from analysis.survey import analyze

    df, constructs = _load(args, sources)
    if len(df) == 0:
        raise AnalysisInputError("There are no finished interviews to analyse yet"
                                 + (f" for form {args.form}." if args.form else "."))
    flt = ResponseFilter(districts=tuple(args.district), areas=tuple(args.area),
                         respondent_types=tuple(args.respondent_type),
                         form_versions=tuple(args.form_version), start=args.start,
                         end=args.end)
    outcome = "satisfaction" if any(c.name == "satisfaction" for c in constructs) \
        else constructs[0].name
    result = analyze(df, constructs, flt=flt, exclude=tuple(args.exclude), outcome=outcome,
                     with_cfa=args.cfa)
    if args.report:
        path = Path(args.report)
        if path.parent and not path.parent.exists():
            raise AnalysisInputError(f"The folder {path.parent} does not exist.")
        write_pdf(result, path)
    if args.json:
        json.dump(result.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print(render_text(result))
        if args.report:
            print(f"\nReport written to {args.report}")
    return 0


def cmd_export(args, sources: Sources) -> int:
    from analysis.export import export_requests, export_responses

    if args.what in ("requests", "both") and args.database_url:
        raise AnalysisInputError("With --database-url only survey responses can be exported; "
                                 "add --what responses.")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    if args.what in ("responses", "both"):
        df, constructs = _load(args, sources)
        written.append(export_responses(df, out, args.format, constructs=constructs))
    if args.what in ("requests", "both"):
        with sources.requests(args) as source:
            written.append(export_requests(source, out, args.format,
                                           include_pii=args.include_pii))
    for path in written:
        print(path)
    if args.include_pii and args.what != "responses":
        print("The requests file holds personal data (names, CNICs, phone numbers): keep it "
              "safe and delete it when done.", file=sys.stderr)
    return 0
