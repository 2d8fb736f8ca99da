"""The store's business day: the one idea of "today" for promotions, journals and receipts.

A store in Amsterdam sells on Amsterdam's date, whatever the machine's clock zone is: a
transaction at 00:30 local time belongs to the new day (UTC still says yesterday).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_TIMEZONE = "Europe/Amsterdam"


def store_zone(name: str) -> ZoneInfo:
    """The IANA time zone ``name``; ``ValueError`` naming it when it does not exist."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"unknown time zone {name!r} (use an IANA name like Europe/Amsterdam)"
        ) from None


def business_day(timezone: str = DEFAULT_TIMEZONE, now: datetime | None = None) -> date:
    """The store's date at ``now`` (default: the current moment)."""
    moment = now if now is not None else datetime.now(UTC)
    if moment.tzinfo is None:
        raise ValueError("business_day needs a timezone-aware moment")
    return moment.astimezone(store_zone(timezone)).date()
