"""A fresh process that opens the store and tries one PIN login (test_staff_restart.py).

    python -m tests.security.staff_child STORE KEY NOW_ISO LOGIN PIN TIME_COST MEMORY_KIB

Prints one JSON line: ``{"ok": true, "login": ...}`` or ``{"ok": false, "reason": ...,
"locked_until": ...}``. The clock is the given moment: the parent decides what time it is.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime

from kiosk.core.staff import AuthFailed, HashParameters, Roster


def main(argv: list[str]) -> int:
    store, key, now_iso, login, pin, time_cost, memory = argv
    now = datetime.fromisoformat(now_iso)
    parameters = HashParameters(time_cost=int(time_cost), memory_cost=int(memory), parallelism=1)
    with Roster(store, key, clock=lambda: now, parameters=parameters) as roster:
        try:
            member = roster.authenticate_pin(login, pin, "kiosk-1")
        except AuthFailed as refused:
            until = refused.locked_until.isoformat() if refused.locked_until else None
            answer = {"ok": False, "reason": refused.reason.value, "locked_until": until}
        else:
            answer = {"ok": True, "login": member.login}
    print(json.dumps(answer), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
