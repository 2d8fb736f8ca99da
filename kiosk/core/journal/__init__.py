"""The kiosk's durable journal (transactions, cart events, payments, help calls, outbox)."""

from kiosk.core.journal.journal import (
    AlreadyPaid,
    Journal,
    JournalError,
    JournalWriteError,
    NoOpenTransaction,
    OpenTransaction,
    OutboxItem,
    PaymentInFlight,
    PaymentRecord,
    WriteFailure,
)

__all__ = [
    "AlreadyPaid",
    "Journal",
    "JournalError",
    "JournalWriteError",
    "NoOpenTransaction",
    "OpenTransaction",
    "OutboxItem",
    "PaymentInFlight",
    "PaymentRecord",
    "WriteFailure",
]
