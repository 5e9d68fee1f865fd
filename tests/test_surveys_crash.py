"""A process filling a survey draft is SIGKILLed; the draft resumes with every answer saved.

This file is also the child process (``python tests/test_surveys_crash.py FOLDER SEED
DRAFT``): it answers the default form's questions in a random order, printing
``W question value`` before each save and ``S question value`` after it returns — after
the commit, like the "saved" tick an enumerator sees. After each kill every answer reported
saved must be in the draft (or the newer one that was in flight), and the draft goes on
in the next child.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORM = ROOT / "resources" / "forms" / "daftar_governance.xlsx"
QUESTIONS = [f"{p}_{j}" for p in ("dig", "tra", "eff", "sat", "acc", "tru")
             for j in range(1, 5) if not (p == "dig" and j == 4)]
KILLS = int(os.environ.get("DAFTAR_CRASH_KILLS", "8"))


def child() -> None:
    from store.store import Store
    from store.surveys import Surveys

    folder, seed, draft = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    rng = random.Random(seed)
    import people
    from people import ENUMERATOR

    store = Store.open(folder)
    people.seed(store)
    surveys = Surveys(store)
    if draft == "new":
        draft = surveys.start_draft("daftar_governance", "ur", ENUMERATOR)
    print(f"D {draft}", flush=True)
    while True:
        question, value = rng.choice(QUESTIONS), str(rng.randint(1, 5))
        print(f"W {question} {value}", flush=True)
        surveys.save_answer(draft, question, value, time_ms=rng.randint(100, 900),
                            actor=ENUMERATOR)
        print(f"S {question} {value}", flush=True)


def run_and_kill(folder: Path, seed: int, draft: str, delay: float) -> list[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, __file__, str(folder), str(seed), draft],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env, cwd=ROOT)
    first = proc.stdout.readline()
    assert first.startswith("D "), proc.stderr.read()
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    out, _ = proc.communicate()
    assert proc.returncode == -signal.SIGKILL
    return [first.strip(), *out.splitlines()]


def test_sigkill_while_filling_a_draft_loses_no_saved_answer(tmp_path):
    from people import ENUMERATOR
    from store.store import Store
    from store.surveys import Surveys

    folder = tmp_path / "data"
    with Store.open(folder) as store:
        Surveys(store).import_form(FORM)
    rng = random.Random(20261130)
    draft = "new"
    saved: dict[str, str] = {}  # question → last value reported saved
    saves: dict[str, int] = {}  # question → how many saves were reported
    for i in range(KILLS):
        lines = run_and_kill(folder, i, draft, rng.uniform(0.05, 0.6))
        draft = lines[0].split()[1]
        in_flight = None
        for line in lines[1:]:
            if not line.strip():
                continue
            kind, question, value = line.split()
            if kind == "W":
                in_flight = (question, value)
            else:
                saved[question] = value
                saves[question] = saves.get(question, 0) + 1
                in_flight = None
        from store.db import connect

        con = connect(folder / "daftar.sqlite3")
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        con.close()
        with Store.open(folder) as store:
            row = Surveys(store).get_response(draft)
        for question, value in saved.items():
            allowed = {value}
            if in_flight and in_flight[0] == question:
                allowed.add(in_flight[1])  # committed, but killed before it said so
            assert row.answers.get(question) in allowed, (question, row.answers)
        if in_flight and row.answers.get(in_flight[0]) == in_flight[1] and \
                saved.get(in_flight[0]) != in_flight[1]:
            saved[in_flight[0]] = in_flight[1]
            saves[in_flight[0]] = saves.get(in_flight[0], 0) + 1
        for question, count in saves.items():
            assert row.paradata[question]["changes"] in (count, count + 1)
            saves[question] = row.paradata[question]["changes"]
    assert sum(saves.values()) >= KILLS  # the children did real work
    # Resume the draft, answer what is left, and finalize it.
    with Store.open(folder) as store:
        surveys = Surveys(store)
        assert [d.id for d in surveys.list_drafts()] == [draft]
        rest = {"consent": "yes", "respondent_type": "service_user", "province": "PK5",
                "district": "PK501", "area": "rural", "gender": "male", "age_group": "55_plus",
                "education": "none", "internet_access": "none"}
        rest |= {q: "3" for q in QUESTIONS if q not in saved}
        for question, value in rest.items():
            surveys.save_answer(draft, question, value, actor=ENUMERATOR)
        final = surveys.finalize(draft, actor=ENUMERATOR)
        assert all(final.answers[q] == v for q, v in saved.items())
        assert store.pending_outbox() == 1


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    child()
