"""Payment terminals: a protocol-neutral interface and its drivers (ZVT now, nexo next).

:mod:`drivers.payment.interface` says what every payment terminal driver offers;
:mod:`drivers.payment.zvt` speaks ZVT over TCP (its encoding in
:mod:`drivers.payment.zvt_protocol`); :mod:`drivers.payment.state` keeps what a driver
must remember across a restart (an unsettled payment). Card data never reaches us.
"""

from drivers.payment.interface import (
    AdminResult,
    DeclineReason,
    OutcomeUnknown,
    PaymentError,
    PaymentOutcome,
    PaymentProgress,
    PaymentResult,
    PaymentTerminal,
    ProgressStep,
    TerminalBusy,
    TerminalReferences,
    TerminalUnavailable,
    UnknownReference,
)

__all__ = [
    "AdminResult",
    "DeclineReason",
    "OutcomeUnknown",
    "PaymentError",
    "PaymentOutcome",
    "PaymentProgress",
    "PaymentResult",
    "PaymentTerminal",
    "ProgressStep",
    "TerminalBusy",
    "TerminalReferences",
    "TerminalUnavailable",
    "UnknownReference",
]
