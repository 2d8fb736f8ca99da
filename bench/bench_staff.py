"""How long one PIN hash and one PIN login take with the production parameters
(a script, not a test).

    .venv/bin/python bench/bench_staff.py [--n 10]

argon2id with time cost 3, 64 MiB, parallelism 1 (kiosk.core.staff.PRODUCTION_PARAMETERS)
should cost a guesser a lot and a staff member little: aim for roughly 0.1 to 0.5 s per
hash on kiosk hardware. A login is one verification plus two small store writes. Prints
the median and the maximum of ``n`` runs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.core.staff import (
    PRODUCTION_PARAMETERS,
    PinHasher,
    Roster,
    StaffKey,
    SystemActor,
    create_key_file,
)


def timed(action, n: int) -> list[float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(n):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def report(name: str, times: list[float]) -> None:
    median, longest = statistics.median(times) * 1000, max(times) * 1000
    print(f"{name:<28} median {median:7.1f} ms   max {longest:7.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10)
    args = parser.parse_args()
    p = PRODUCTION_PARAMETERS
    print(f"argon2id t={p.time_cost} m={p.memory_cost // 1024} MiB p={p.parallelism}, n={args.n}")
    hasher = PinHasher(StaffKey(b"\x01" * 32))
    encoded = hasher.hash_pin("4826")
    report("hash one PIN", timed(lambda: hasher.hash_pin("4826"), args.n))
    report("verify one PIN", timed(lambda: hasher.verify_pin(encoded, "4826"), args.n))
    with tempfile.TemporaryDirectory() as folder:
        key = create_key_file(Path(folder) / "staff.key")
        with Roster(Path(folder) / "store.db", key) as roster:
            roster.add_staff(SystemActor("bench"), "1042", "Sam", "attendant", "4826")
            report(
                "login (PIN, store on disk)",
                timed(lambda: roster.authenticate_pin("1042", "4826", "kiosk-1"), args.n),
            )


if __name__ == "__main__":
    main()
