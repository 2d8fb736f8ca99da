"""Opening the store database (staff roster, login throttling, audit log).

``open_store(target)`` takes a SQLite file path (default ``paths.store``) or a
``postgresql://`` URL, opens it with the project's pragmas (WAL, ``synchronous=FULL``,
foreign keys, busy timeout, ``BEGIN IMMEDIATE`` for writes) and brings the schema to
the newest migration (``kiosk/migrations/store``). ``bind_key`` ties the database to
one staff key file: the first key that opens it leaves its check value in
``store_setting``; any other key is refused with ``WrongKey``, so a mixed-up key file is
reported plainly instead of every PIN being "wrong".
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, insert, select

from kiosk.core.database import make_engine, upgrade, write_transaction
from kiosk.core.staff.keys import StaffKey
from kiosk.core.staff.models import StoreSettingRow

__all__ = [
    "Clock",
    "StoreNotInitialised",
    "WrongKey",
    "bind_key",
    "open_store",
    "parse_timestamp",
    "timestamp",
    "utc_now",
]

SETTING = StoreSettingRow.__table__  # type: ignore[attr-defined]
KEY_CHECK = "staff_key_check"

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def timestamp(moment: datetime) -> str:
    """UTC ISO-8601 text ending in ``Z``, with microseconds: sorts as text."""
    if moment.tzinfo is None:
        raise ValueError("store times must be timezone-aware")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_timestamp(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


class WrongKey(Exception):
    """The key file is not the one this store database was set up with."""


class StoreNotInitialised(Exception):
    """No store database at the given path (create it with ``selfscan-staff init``)."""


def open_store(target: str | Path, *, create: bool = True) -> Engine:
    """An engine on the store database at ``target``, migrated to the newest schema.

    With ``create=False`` a SQLite file that does not exist yet is refused with
    ``StoreNotInitialised`` rather than created empty (tools that only read or manage).
    """
    text = str(target)
    if "://" not in text:
        path = Path(text)
        if not create and not path.is_file():
            raise StoreNotInitialised(
                f"{path}: no store database (create it with `selfscan-staff init`)"
            )
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(target, synchronous="FULL", pool_size=2)
    try:
        upgrade(engine, "store")
    except BaseException:
        engine.dispose()
        raise
    return engine


def bind_key(engine: Engine, key: StaffKey) -> None:
    """Record ``key``'s check value on first use; raise ``WrongKey`` if another key is bound."""
    with write_transaction(engine) as conn:
        stored = conn.execute(
            select(SETTING.c.value).where(SETTING.c.name == KEY_CHECK)
        ).scalar_one_or_none()
        if stored is None:
            conn.execute(insert(SETTING).values(name=KEY_CHECK, value=key.check_value))
        elif stored != key.check_value:
            raise WrongKey(
                "the staff key file does not belong to this store database "
                "(every PIN would be refused); use the key file made by `selfscan-staff init`"
            )
