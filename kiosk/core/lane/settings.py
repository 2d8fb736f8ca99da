"""The lane's settings, devices and the small vocabularies its parts share.

:class:`LaneSettings` is what the lane needs from a kiosk's configuration
(``LaneSettings.from_config(KioskConfig)``); :class:`LaneDevices` holds the device ports
(any may be missing: the lane says so when one is needed). The enums name the staff
actions asked of ``can(member, action)``, why a lane is out of service, the shopper's
receipt choice and each device's role. :class:`Member`, :data:`Can` and :data:`Audit`
are what the lane expects of the staff module (injected, so the core imports none of it).
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from kiosk.core.barcodes import DEFAULT_PREFIXES, PrefixTable
from kiosk.core.calendar import DEFAULT_TIMEZONE
from kiosk.core.lane.ports import LightPort, PaymentPort, PrinterPort, ScalePort, ScannerPort
from kiosk.core.scan import ProductSource

if TYPE_CHECKING:
    from kiosk.config import KioskConfig

__all__ = [
    "Audit",
    "Can",
    "DeviceRole",
    "LaneCatalog",
    "LaneDevices",
    "LaneSettings",
    "Member",
    "OutOfServiceReason",
    "ReceiptChoice",
    "StaffAction",
]


class Member(Protocol):
    """A staff member as the lane sees one (the staff module's record fits)."""

    @property
    def id(self) -> Any: ...

    @property
    def name(self) -> str: ...

    @property
    def role(self) -> Any: ...


Can = Callable[[Any, str], bool]
Audit = Callable[..., object]


class StaffAction(enum.StrEnum):
    """What ``can(member, action)`` is asked (the values are the action names)."""

    LOGIN = "login"
    APPROVE_AGE = "approve_age"
    APPROVE_VOID = "approve_void"
    KEY_IN_ITEM = "key_in_item"
    CANCEL_TRANSACTION = "cancel_transaction"
    LOCK_LANE = "lock_lane"
    UNLOCK_LANE = "unlock_lane"
    DIAGNOSTICS = "diagnostics"
    ANSWER_HELP = "answer_help"
    RESOLVE_PAYMENT = "resolve_payment"
    REVERSE_PAYMENT = "reverse_payment"


class OutOfServiceReason(enum.StrEnum):
    JOURNAL_WRITE_FAILED = "journal_write_failed"
    LOCKED_BY_STAFF = "locked_by_staff"


class ReceiptChoice(enum.StrEnum):
    PRINT = "print"
    DIGITAL = "digital"
    NONE = "none"


class DeviceRole(enum.StrEnum):
    SCANNER = "scanner"
    SCALE = "scale"
    PRINTER = "printer"
    PAYMENT = "payment_terminal"
    LIGHT = "lane_light"


class LaneCatalog(ProductSource, Protocol):
    """What the lane needs from the catalog (:class:`~kiosk.core.catalog.Catalog` fits)."""


@dataclass(frozen=True, slots=True)
class LaneSettings:
    """The lane's settings (``from_config`` takes them from a kiosk's configuration)."""

    kiosk_id: str
    store_id: str = "store"
    store_name: str = ""
    kiosk_name: str = ""
    timezone: str = DEFAULT_TIMEZONE
    language: str = "nl"
    currency: str = "EUR"
    voids_need_approval: bool = False
    digital_receipt: bool = True
    idle_prompt_s: float = 60.0
    idle_suspend_s: float = 30.0
    payment_s: float = 130.0
    attract_after_receipt_s: float = 15.0
    reconcile_retry_s: float = 30.0
    weigh_timeout_s: float = 10.0
    help_escalate_s: float = 60.0
    """A help call nobody acknowledged within this is escalated (the lamp turns red)."""
    prefixes: PrefixTable = DEFAULT_PREFIXES
    receipt_url: str = "https://receipts.invalid/{store}/{kiosk}/{transaction}"
    """The digital receipt's address (QR code); ``{store}``, ``{kiosk}``, ``{transaction}``."""

    @classmethod
    def from_config(cls, config: KioskConfig, **overrides: Any) -> LaneSettings:
        values: dict[str, Any] = {
            "kiosk_id": config.kiosk.id,
            "store_id": config.store.id,
            "store_name": config.store.name,
            "kiosk_name": config.kiosk.name,
            "timezone": config.store.timezone,
            "language": config.language.value,
            "voids_need_approval": config.policies.voids_need_approval,
            "digital_receipt": config.policies.digital_receipt,
            "idle_prompt_s": float(config.timeouts.idle_prompt_s),
            "idle_suspend_s": float(config.timeouts.idle_suspend_s),
            "payment_s": float(config.timeouts.payment_s),
            "attract_after_receipt_s": float(config.timeouts.attract_after_receipt_s),
            "help_escalate_s": float(config.timeouts.help_escalate_s),
            "prefixes": config.barcodes.prefix_table,
        }
        values.update(overrides)
        return cls(**values)


@dataclass(frozen=True, slots=True)
class LaneDevices:
    """The lane's devices; any may be missing (the lane then says so when it is needed)."""

    scanner: ScannerPort | None = None
    scale: ScalePort | None = None
    printer: PrinterPort | None = None
    payment: PaymentPort | None = None
    light: LightPort | None = None

    def items(self) -> list[tuple[DeviceRole, object]]:
        pairs: list[tuple[DeviceRole, object | None]] = [
            (DeviceRole.SCANNER, self.scanner),
            (DeviceRole.SCALE, self.scale),
            (DeviceRole.PRINTER, self.printer),
            (DeviceRole.PAYMENT, self.payment),
            (DeviceRole.LIGHT, self.light),
        ]
        return [(role, port) for role, port in pairs if port is not None]

    def port(self, role: DeviceRole) -> object | None:
        """The port of ``role`` (None when the lane has no such device)."""
        return {
            DeviceRole.SCANNER: self.scanner,
            DeviceRole.SCALE: self.scale,
            DeviceRole.PRINTER: self.printer,
            DeviceRole.PAYMENT: self.payment,
            DeviceRole.LIGHT: self.light,
        }[role]
