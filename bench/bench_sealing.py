"""Benchmarks of sealed survey responses (``models.sealing``). Prints figures; never
pass/fail.

* **seal / open**: one response of the study's instrument (about 50 answers with their
  paradata, from the demo generator) sealed to a fresh key and opened again;
* **size**: the stored answers + paradata JSON, plain and sealed;
* **finalize**: ``Surveys.finalize`` of the same drafts on an unsealed and on a sealed
  version of the instrument (one durable transaction each, the form engine's check
  included);
* **unlock**: opening the private key file (scrypt, n = 2**17, r = 8).

Usage: ``python bench/bench_sealing.py [--responses 200]``
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--responses", type=int, default=200)
    args = parser.parse_args()

    from test_sealed_e2e import SEALED_VERSION, demo_interviews, plant, sealed_instrument

    import people
    from models import sealing
    from store.store import Store
    from store.surveys import Surveys

    key = sealing.generate()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        interviews = demo_interviews(tmp / "demo", args.responses)
        details = {"id": "x", "form_id": "f", "form_version": "1"}
        seal_ms, open_ms, plain_b, sealed_b = [], [], [], []
        for answers, paradata in interviews:
            content = {"answers": answers, "paradata": paradata}
            t0 = time.perf_counter()
            env = sealing.seal(content, key.public_key, details)
            t1 = time.perf_counter()
            sealing.open_sealed(env, key, details)
            t2 = time.perf_counter()
            seal_ms.append((t1 - t0) * 1000)
            open_ms.append((t2 - t1) * 1000)
            plain_b.append(len(json.dumps(answers, ensure_ascii=False).encode())
                           + len(json.dumps(paradata).encode()))
            sealed_b.append(len(json.dumps({sealing.SEALED_KEY: env}).encode()) + 2)
        print(f"responses: {len(interviews)}")
        print(f"seal: median {statistics.median(seal_ms):.3f} ms, "
              f"max {max(seal_ms):.3f} ms")
        print(f"open: median {statistics.median(open_ms):.3f} ms, "
              f"max {max(open_ms):.3f} ms")
        print(f"stored bytes: plain median {statistics.median(plain_b):.0f}, sealed median "
              f"{statistics.median(sealed_b):.0f} "
              f"(x{statistics.median(sealed_b) / statistics.median(plain_b):.2f})")

        timings = {}
        for name, public in (("plain", None), ("sealed", key.public_key)):
            with Store.open(tmp / name) as store:
                people.seed(store)
                surveys = Surveys(store)
                if public is None:
                    version = surveys.ensure_default_form().version
                else:
                    version = surveys.import_form(sealed_instrument(
                        tmp / "sealed.xlsx", public)).version
                    assert version == SEALED_VERSION
                t0 = time.perf_counter()
                plant(store, version, interviews)
                timings[name] = (time.perf_counter() - t0) * 1000 / len(interviews)
        print(f"finalize (incl. writing the draft): plain {timings['plain']:.1f} ms, "
              f"sealed {timings['sealed']:.1f} ms per response")

        path = tmp / "k.key"
        path.write_text(sealing.private_key_file(key, "a long passphrase"))
        t0 = time.perf_counter()
        sealing.load_private_key(path, "a long passphrase")
        print(f"unlock the private key file: {(time.perf_counter() - t0) * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
