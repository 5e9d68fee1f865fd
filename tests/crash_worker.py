"""A child process that registers requests and moves them on, in a loop, until killed.

It prints ``R <tracking>`` after each registration returns and ``S <tracking> <status>``
after each status change returns — i.e. only after the commit, exactly like a "saved"
message a clerk would see. The crash tests SIGKILL it at random moments. With
``--bug-early-ack`` it prints the registration *before* doing it, the planted bug the
harness must catch.
"""

from __future__ import annotations

import random
import sys

import people
from people import CLERK
from store.store import Store


def main() -> None:
    folder, seed = sys.argv[1], int(sys.argv[2])
    early_ack = "--bug-early-ack" in sys.argv
    rng = random.Random(seed)
    store = Store.open(folder)
    people.seed(store)
    # The first registration imports the holiday calendar (~0.5 s on a busy machine): done
    # before READY, so the kills land among writes, not in an import.
    from datetime import date

    from models import sla

    sla.add_working_days(date.today(), 30)
    print("READY", flush=True)
    mine: list[str] = []
    n = 0
    while True:
        n += 1
        cnic = f"{rng.randint(1, 7)}{rng.randrange(10**11):011d}{rng.randint(1, 9)}"
        if early_ack:
            print(f"R PENDING-{seed}-{n}", flush=True)
        r = store.register_request(cnic=cnic, name=f"Citizen {seed}-{n}", phone="0300-1234567",
                                   service_code="DOMICILE_CERTIFICATE",
                                   description="crash test", actor=CLERK)
        if early_ack:
            print(f"M PENDING-{seed}-{n} {r.tracking_number}", flush=True)
        else:
            print(f"R {r.tracking_number}", flush=True)
        mine.append(r.tracking_number)
        if rng.random() < 0.5:
            tn = rng.choice(mine)
            if store.get_request(tn).status == "submitted":
                store.change_status(tn, "in_review", actor=CLERK)
                print(f"S {tn} in_review", flush=True)


if __name__ == "__main__":
    main()
