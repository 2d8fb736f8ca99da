"""What a payment terminal driver must remember across a restart of the kiosk.

:class:`PaymentState` keeps, as JSON in one file (written atomically, like
:class:`~drivers.device.Statistics`):

* ``pending``: the payment (or reversal) under way or with an unknown outcome, written
  *before* the terminal is asked, so a kiosk killed mid-payment finds it again and can
  resolve it with the terminal (:class:`PendingPayment`);
* ``last_trace``: the terminal's trace number of the last transaction we saw, which
  tells a new transaction on the terminal from the one we already know;
* ``recent``: the last :data:`RECENT` results (our reference, outcome, amount, the
  terminal's trace and receipt numbers), so a reversal can name the original.

No card data is ever stored. A file that cannot be read is moved aside to
``<name>.corrupt`` and logged; the state then starts empty (the kiosk journal still
knows an unsettled payment, and the attendant can check the terminal's own journal).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import tempfile
import threading
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

__all__ = ["RECENT", "PaymentState", "PendingPayment"]

RECENT = 50


@dataclass(frozen=True, slots=True)
class PendingPayment:
    reference: str
    amount_cents: int
    currency: str
    operation: str
    """"payment" or "reversal"."""
    started_at: str
    """Local wall-clock time (ISO, no zone), to compare with the terminal's own clock."""
    trace_before: str | None
    """The terminal's last trace number we knew before this one was sent (None: none)."""
    unknown: bool = False
    """False while the operation runs; True once its outcome is known to be unknown."""
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PendingPayment:
        return cls(
            reference=str(data["reference"]),
            amount_cents=int(data["amount_cents"]),
            currency=str(data["currency"]),
            operation=str(data.get("operation", "payment")),
            started_at=str(data["started_at"]),
            trace_before=None if data.get("trace_before") is None else str(data["trace_before"]),
            unknown=bool(data.get("unknown", False)),
            detail=str(data.get("detail", "")),
        )


class PaymentState:
    """The driver's memory; ``path`` None keeps it in memory only."""

    def __init__(self, path: str | os.PathLike[str] | None, *, logger: logging.Logger) -> None:
        self.path = Path(path) if path is not None else None
        self.log = logger
        self.load_error: str | None = None
        self._lock = threading.Lock()
        self.pending: PendingPayment | None = None
        self.last_trace: str | None = None
        self.recent: list[dict[str, Any]] = []
        if self.path is not None:
            self._load(self.path)

    def _load(self, path: Path) -> None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            pending = data.get("pending")
            self.pending = None if pending is None else PendingPayment.from_dict(pending)
            last = data.get("last_trace")
            self.last_trace = None if last is None else str(last)
            recent = data.get("recent", [])
            if not isinstance(recent, list) or not all(isinstance(r, dict) for r in recent):
                raise ValueError("'recent' is not a list of objects")
            self.recent = recent[-RECENT:]
        except FileNotFoundError:
            return
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
            self.pending, self.last_trace, self.recent = None, None, []
            self.load_error = f"payment state file {path} is unreadable ({error}); starting empty"
            aside = path.with_name(path.name + ".corrupt")
            with contextlib.suppress(OSError):
                os.replace(path, aside)
                self.load_error += f" (kept as {aside.name})"
            self.log.error("%s", self.load_error)

    # -- changes (each saved at once) --

    def begin(self, pending: PendingPayment) -> None:
        with self._lock:
            self.pending = pending
            self._save_locked()

    def mark_unknown(self, detail: str) -> PendingPayment | None:
        with self._lock:
            if self.pending is not None:
                self.pending = replace(self.pending, unknown=True, detail=detail)
                self._save_locked()
            return self.pending

    def finish(self, record: dict[str, Any] | None, trace: str | None) -> None:
        """Forget the pending operation; remember ``record`` and the terminal's ``trace``."""
        with self._lock:
            self.pending = None
            if trace is not None:
                self.last_trace = trace
            if record is not None:
                self.recent = [*self.recent, record][-RECENT:]
            self._save_locked()

    def saw_trace(self, trace: str) -> None:
        with self._lock:
            if trace != self.last_trace:
                self.last_trace = trace
                self._save_locked()

    def find(self, reference: str, operation: str = "payment") -> dict[str, Any] | None:
        with self._lock:
            for record in reversed(self.recent):
                if record.get("reference") == reference and record.get("operation") == operation:
                    return dict(record)
        return None

    def find_trace(self, trace: str) -> dict[str, Any] | None:
        with self._lock:
            for record in reversed(self.recent):
                if record.get("trace_number") == trace:
                    return dict(record)
        return None

    def _save_locked(self) -> None:
        if self.path is None:
            return
        data = {
            "pending": None if self.pending is None else self.pending.to_dict(),
            "last_trace": self.last_trace,
            "recent": self.recent,
        }
        text = json.dumps(data, sort_keys=True, indent=1)
        tmp: str | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(
                prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent
            )
            with os.fdopen(fd, "w", encoding="utf-8") as file:
                file.write(text)
                file.flush()
                os.fsync(file.fileno())
            os.replace(tmp, self.path)
            tmp = None
        except OSError as error:
            self.log.error("cannot save the payment state to %s: %s", self.path, error)
        finally:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
