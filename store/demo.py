"""Realistic synthetic requests for demonstrations, tests and benchmarks.

``daftar demo --requests N --seed S`` writes N requests through exactly the same row
builders as a clerk's registration (``store.records``), so every demo request has its
citizen, its hash-chained events and its outbox entries; it only commits every few
thousand requests instead of after each one. The data: common Pakistani names (in English
and Urdu), CNICs with valid province and gender digits, mobile numbers on real network
prefixes, a spread of services, request ages over the last 120 days, and statuses that
follow the workflow — with some requests left overdue.
"""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from models.workflow import Status
from store import records
from store.records import Actor

MALE = ["Muhammad", "Ahmed", "Ali", "Hassan", "Usman", "Bilal", "Imran", "Faisal", "Asad",
        "Hamza", "Zeeshan", "Kamran", "Tariq", "Naveed", "Shahid", "Waqas", "Junaid", "Irfan"]
FEMALE = ["Ayesha", "Fatima", "Sana", "Hira", "Maryam", "Zainab", "Nadia", "Rabia", "Saima",
          "Amina", "Khadija", "Iqra", "Mehwish", "Sadia", "Bushra", "Farah", "Noreen", "Uzma"]
SURNAMES = ["Khan", "Ahmed", "Malik", "Butt", "Chaudhry", "Qureshi", "Sheikh", "Raza",
            "Hussain", "Shah", "Iqbal", "Javed", "Akhtar", "Siddiqui", "Abbasi", "Baloch",
            "Memon", "Awan", "Bhatti", "Mirza"]
URDU_NAMES = ["محمد علی", "عائشہ بی بی", "فاطمہ خان", "احمد رضا", "زینب ملک", "عثمان بٹ",
              "حمزہ قریشی", "مریم نواز", "بلال حسین", "صائمہ اختر"]
DESCRIPTIONS = ["", "", "Needs it for a job application.", "Urgent: admission deadline.",
                "Second visit; documents were incomplete last time.",
                "Complaint about the same problem last month too.", "پانی تین دن سے بند ہے۔",
                "Applicant is elderly; please call before the visit."]
# Mobile network codes in use (0338 is unassigned).
MOBILE_PREFIXES = [f"0{n}" for n in range(300, 350) if n != 338]

#: Where a request ends up, with weights: (path of statuses after 'submitted', weight).
PATHS = [
    ([], 18),
    ([Status.IN_REVIEW], 14),
    ([Status.IN_REVIEW, Status.APPROVED], 12),
    ([Status.IN_REVIEW, Status.REJECTED], 6),
    ([Status.IN_REVIEW, Status.APPROVED, Status.COMPLETED], 16),
    ([Status.IN_REVIEW, Status.APPROVED, Status.COMPLETED, Status.CLOSED], 28),
    ([Status.IN_REVIEW, Status.REJECTED, Status.CLOSED], 4),
    ([Status.IN_REVIEW, Status.APPROVED, Status.COMPLETED, Status.CLOSED, Status.REOPENED], 2),
]
CLERKS = [Actor("Sana Iqbal", "clerk"), Actor("Naveed Akhtar", "clerk")]
SUPERVISOR = Actor("Tariq Mahmood", "supervisor")
BATCH = 5000


def cnic(rng: random.Random, female: bool) -> str:
    province = rng.choice("1234567")
    middle = "".join(rng.choice("0123456789") for _ in range(11))
    last = rng.choice("2468" if female else "13579")
    return province + middle + last


def mobile(rng: random.Random) -> str:
    return "+92" + rng.choice(MOBILE_PREFIXES)[1:] + f"{rng.randrange(10**7):07d}"


def person(rng: random.Random) -> tuple[str, str]:
    female = rng.random() < 0.45
    if rng.random() < 0.1:
        return rng.choice(URDU_NAMES), cnic(rng, female)
    first = rng.choice(FEMALE if female else MALE)
    return f"{first} {rng.choice(SURNAMES)}", cnic(rng, female)


def generate(store, count: int, *, seed: int = 1, now: datetime | None = None,
             progress=None) -> int:
    """Write *count* demo requests into *store*; returns how many were written."""
    rng = random.Random(seed)
    now = now or datetime.now(UTC)
    services = store.services()
    span = timedelta(days=120)
    # Creation moments, oldest first, so tracking numbers and clocks run forward.
    moments = sorted(now - span * rng.random() ** 1.6 for _ in range(count))
    written = 0
    seen_cnic: set[str] = set()
    for start in range(0, count, BATCH):
        with store._write() as conn:
            device = store._device(conn)
            max_seq = store._max_seq_for_day(conn, device)
            chunk = moments[start:start + BATCH]
            people = _unique_people(rng, conn, len(chunk), seen_cnic)
            for moment, (name, number) in zip(chunk, people, strict=True):
                citizen = records.new_citizen(device, cnic=number, name=name,
                                              phone=mobile(rng) if rng.random() < 0.9 else None,
                                              moment=moment)
                service = _Svc(rng.choice(services))
                clerk = rng.choice(CLERKS)
                request, created = records.new_request(
                    device, citizen=citizen, service=service,
                    description=rng.choice(DESCRIPTIONS), actor=clerk, moment=moment,
                    max_seq_for_day=max_seq)
                events = [created]
                path = rng.choices([p for p, _ in PATHS], [w for _, w in PATHS])[0]
                age = now - moment
                step_time = moment
                previous = Status.SUBMITTED
                for target in path:
                    step_time = step_time + age * rng.uniform(0.05, 0.3)
                    if step_time >= now:
                        break
                    actor = SUPERVISOR if target in (Status.APPROVED, Status.REJECTED,
                                                     Status.REOPENED) else clerk
                    payload = {"from": str(previous), "to": str(target)}
                    if target in (Status.REJECTED, Status.REOPENED):
                        payload["reason"] = "Documents incomplete" if target == Status.REJECTED \
                            else "Citizen says the certificate has a wrong name"
                    if target == Status.CLOSED:
                        payload["outcome"] = "resolved" if previous == Status.COMPLETED \
                            else "rejected_final"
                        payload["note"] = "Handed over to the citizen" \
                            if previous == Status.COMPLETED else "Citizen informed by phone"
                    events.append(records.append_event(
                        device, request_id=request["id"], kind="status_changed",
                        payload=payload, actor=actor, moment=step_time))
                    previous = target
                device.add("request_state", records.state_row(request, events))
                written += 1
            store._flush(conn, device)
        if progress:
            progress(written, count)
    return written


def _unique_people(rng: random.Random, conn, count: int, seen: set[str]) -> list[tuple[str, str]]:
    """*count* (name, CNIC) pairs whose CNIC is neither in *seen* nor in the database."""
    people: list[tuple[str, str]] = []
    while len(people) < count:
        batch = []
        for _ in range(count - len(people)):
            name, number = person(rng)
            if number not in seen:
                seen.add(number)
                batch.append((name, number))
        taken: set[str] = set()
        numbers = [n for _, n in batch]
        for i in range(0, len(numbers), 500):
            part = numbers[i:i + 500]
            marks = ",".join(f":c{j}" for j in range(len(part)))
            taken.update(r[0] for r in conn.execute(
                text(f"SELECT cnic FROM citizen WHERE cnic IN ({marks})"),
                {f"c{j}": n for j, n in enumerate(part)}))
        people.extend(p for p in batch if p[1] not in taken)
    return people


class _Svc:
    """The two fields of a service row that a request needs, from a service dict."""

    def __init__(self, row: dict) -> None:
        self.code = row["code"]
        self.sla_days = row["sla_days"]
        self.fee_pkr = row["fee_pkr"]
        self.documents = json.loads(row["documents_en"])
