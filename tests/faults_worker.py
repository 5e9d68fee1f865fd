"""Worker processes of the SIGKILL suite (``tests/faults_harness.py`` forks and kills them).

Each worker opens the store in its folder, writes ``READY``, then loops over one write
path until it is killed, writing one acknowledgement line after each call has returned —
exactly when a user would see "saved":

``requests``  ``R tn`` registered · ``S tn token`` status changed (token in its note) ·
              ``N tn token`` note added · ``F tn token`` feedback (token in the comment)
``surveys``   ``D id`` draft started · ``A id question value`` answer saved ·
              ``F id`` response finalized · ``X id`` draft discarded
``sync``      ``R tn`` registered · ``Y pushed pulled pending error`` a sync round returned
              (push acknowledgements and pulled pages applied) — run against a real server
``migrate``   ``O revision`` the store opened (migrated to head) · then ``R tn``
``backup``    ``R tn`` registered · ``B name`` a backup finished (verified, renamed)

Planted bugs (flags), which the harness must catch:

``bug-early-ack``     (requests) the note is acknowledged *before* it is written;
``bug-cursor-first``  (sync) the pull cursor is committed in its own transaction before
                      the page is applied — a kill in between skips the page for good.
"""

from __future__ import annotations

import os
import random
import sys
import traceback
from pathlib import Path

# Imported once by the fork server (faults_harness.PRELOAD), so a fork starts warm.
import alembic.command  # noqa: F401  (the migrate worker)
import httpx  # noqa: F401

from conftest import CLERK, ENUMERATOR, SUPERVISOR
from models.workflow import TRANSITIONS, is_open
from store import backup, sync_ops
from store.store import Store
from store.surveys import Surveys

ROOT = Path(__file__).resolve().parent.parent


def _warm_up() -> None:
    """Load what the first operation would load lazily (the holiday calendar: 0.8 s), so
    a forked worker's first operation is as fast as its later ones."""
    from datetime import date

    import elementpath  # noqa: F401  (survey expressions)

    from models import sla

    sla.add_working_days(date.today(), 7)


def _warm_up_store() -> None:
    """Open a throw-away store and write to it once, so the fork server has SQLAlchemy's
    mappers configured and its statements built (0.2 s per worker otherwise). The engine
    is disposed before any fork: no SQLite connection crosses a fork."""
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="daftar-warm-"))
    try:
        with _open(folder) as store:
            _register(store, random.Random(0), "warm")
            store.get_request(store.list_requests(limit=1)[0].tracking_number)
            surveys = Surveys(store)  # the first finalize builds the XPath machinery: 0.6 s
            surveys.import_form(FORM)
            draft = surveys.start_draft("daftar_governance", "en", ENUMERATOR)
            for question, value in INTERVIEW_HEAD + INTERVIEW_REST + [(q, "3") for q in LIKERT]:
                surveys.save_answer(draft, question, value, actor=ENUMERATOR)
            surveys.finalize(draft, actor=ENUMERATOR)
    finally:
        shutil.rmtree(folder, ignore_errors=True)

FORM = ROOT / "resources" / "forms" / "daftar_governance.xlsx"
LIKERT = [f"{p}_{j}" for p in ("dig", "tra", "eff", "sat", "acc", "tru")
          for j in range(1, 5) if not (p == "dig" and j == 4)]
#: A complete, consistent interview of the default form (every answer relevant).
INTERVIEW_HEAD = [("consent", "yes"), ("respondent_type", "service_user"), ("province", "PK5"),
                  ("district", "PK501")]
INTERVIEW_REST = [("area", "rural"), ("gender", "male"), ("age_group", "55_plus"),
                  ("education", "none"), ("internet_access", "none")]


class Acks:
    """Acknowledgement lines, one unbuffered write() each."""

    def __init__(self, path: str) -> None:
        self.fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)

    def __call__(self, *words: object) -> None:
        os.write(self.fd, (" ".join(str(w) for w in words) + "\n").encode())


def run_worker(path_name: str, folder: str, seed: int, ack_path: str,
               flags: tuple[str, ...], args: dict) -> None:
    ack = Acks(ack_path)
    try:
        import store.store as store_module

        # The checkout under test, not another one the environment might import.
        assert Path(store_module.__file__).resolve().parent.parent == ROOT, store_module
        WORKERS[path_name](Path(folder), random.Random(seed), seed, ack, set(flags), args)
    except BaseException:
        ack("ERROR", traceback.format_exc().replace("\n", " | "))
        sys.exit(1)


def _open(folder: Path) -> Store:
    import people

    store = Store.open(folder)
    people.seed(store)
    return store


def _register(store: Store, rng: random.Random, tok: str):
    cnic = f"{rng.randint(1, 7)}{rng.randrange(10**11):011d}{rng.randint(1, 9)}"
    return store.register_request(cnic=cnic, name=f"Citizen {tok}", phone="0300-1234567",
                                  service_code="DOMICILE_CERTIFICATE",
                                  description="crash test", actor=CLERK)


def _move(store: Store, rng: random.Random, tn: str, token: str) -> bool:
    status = store.get_request(tn).status
    steps = [t for t in TRANSITIONS if t.source == status]
    if not steps:
        return False
    step = rng.choice(steps)
    store.change_status(tn, step.target, actor=SUPERVISOR,
                        reason="Documents incomplete" if step.needs_reason else None,
                        outcome="resolved" if step.needs_outcome else None, note=token)
    return True


# -- the paths --------------------------------------------------------------------------------
def requests_worker(folder, rng, seed, ack, flags, args) -> None:
    store = _open(folder)
    known = [r.tracking_number for r in store.list_requests(limit=100_000)]
    ack("READY")
    n = 0
    while True:
        n += 1
        tok = f"x{seed}-{n}"
        roll = rng.random()
        if roll < 0.35 or not known:
            r = _register(store, rng, tok)
            known.append(r.tracking_number)
            ack("R", r.tracking_number)
            continue
        tn = rng.choice(known)
        if roll < 0.65:
            if _move(store, rng, tn, tok):
                ack("S", tn, tok)
        elif roll < 0.88:
            if "bug-early-ack" in flags:
                ack("N", tn, tok)  # the planted bug: "saved" before the commit
            store.add_note(tn, tok, actor=CLERK)
            if "bug-early-ack" not in flags:
                ack("N", tn, tok)
        elif not is_open(store.get_request(tn).status):
            store.record_feedback(tn, rng.randint(1, 5), tok, actor=CLERK)
            ack("F", tn, tok)


def surveys_worker(folder, rng, seed, ack, flags, args) -> None:
    """Continues the unfinished interview, like the Surveys screen does after a crash,
    or starts one; answers what is not answered yet; finalizes nine interviews in ten."""
    surveys = Surveys(_open(folder))
    ack("READY")
    while True:
        drafts = surveys.list_drafts()
        if drafts:
            draft, done = drafts[0].id, set(drafts[0].paradata)
        else:
            draft, done = surveys.start_draft("daftar_governance", "en", ENUMERATOR), set()
            ack("D", draft)
        rest = INTERVIEW_REST + [(q, str(rng.randint(1, 5))) for q in LIKERT]
        rng.shuffle(rest)
        for question, value in INTERVIEW_HEAD + rest:
            if question not in done:
                surveys.save_answer(draft, question, value, time_ms=rng.randint(100, 900),
                                    actor=ENUMERATOR)
                ack("A", draft, question, value)
        if rng.random() < 0.9:
            surveys.finalize(draft, actor=ENUMERATOR)
            ack("F", draft)
        else:
            surveys.discard_draft(draft, actor=ENUMERATOR)
            ack("X", draft)


def _cursor_first(original):
    from sqlalchemy import text

    def apply_pulled(store, changes, next_cursor):
        changes = list(changes)
        with store._write() as conn:
            conn.execute(text("UPDATE sync_state SET pull_cursor = max(pull_cursor, :c) "
                              "WHERE id = 1"), {"c": next_cursor})
        return original(store, changes, next_cursor)

    return apply_pulled


def sync_worker(folder, rng, seed, ack, flags, args) -> None:
    from sync.engine import BatchSizer, SyncEngine

    if "bug-cursor-first" in flags:
        sync_ops.apply_pulled = _cursor_first(sync_ops.apply_pulled)
    store = _open(folder)
    # Small batches and pages: a round is many transactions, and the kill lands in one.
    engine = SyncEngine(store, supplied_key=args["key"], pull_limit=args.get("pull_limit", 20),
                        sizer=BatchSizer(start=8192, low=4096, high=16384))
    ack("READY")
    n = 0
    while True:
        if "bug-cursor-first" not in flags:
            for _ in range(rng.randint(0, 3)):
                n += 1
                ack("R", _register(store, rng, f"x{seed}-{n}").tracking_number)
        report = engine.run_once()
        ack("Y", report.pushed, report.pulled, report.pending, report.error_kind or "-")


def migrate_worker(folder, rng, seed, ack, flags, args) -> None:
    from store.db import current_revision

    ack("READY")  # before opening: the kill may land anywhere in the migration
    store = _open(folder)
    ack("O", current_revision(store.engine))
    n = 0
    while True:
        n += 1
        ack("R", _register(store, rng, f"x{seed}-{n}").tracking_number)


def backup_worker(folder, rng, seed, ack, flags, args) -> None:
    store = _open(folder)
    ack("READY")
    n = 0
    while True:
        n += 1
        ack("R", _register(store, rng, f"x{seed}-{n}").tracking_number)
        made = backup.make_backup(folder, reason="manual")
        ack("B", made.name)


_warm_up()
_warm_up_store()

WORKERS = {"requests": requests_worker, "surveys": surveys_worker, "sync": sync_worker,
           "migrate": migrate_worker, "backup": backup_worker}
