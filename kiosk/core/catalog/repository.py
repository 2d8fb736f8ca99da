"""Looking products up: the scan hot path.

A lookup is one indexed query (product joined with its deposit product) on a
connection the ``Catalog`` keeps open, with the SQL compiled once from the SQLModel
tables and run through the DB-API cursor (SQLite caches the prepared statement).
That keeps a lookup in the tens of microseconds on a million-product catalog; the
ORM would cost ten times more for nothing. Promotions are few and read-mostly:
they are held in memory per day and reloaded when the date changes.

A ``Catalog`` is used from one thread at a time (the kiosk gives it one owner).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, Select, and_, bindparam, func, or_, select
from sqlalchemy.orm import aliased

from kiosk.core.calendar import business_day
from kiosk.core.catalog.models import Category, Product, Promotion, PromotionProduct
from kiosk.core.catalog.records import ProductInfo, PromotionInfo, PromotionKind
from kiosk.core.database import make_engine
from kiosk.core.money import VatRate

PRODUCT = Product.__table__  # type: ignore[attr-defined]
PROMOTION = Promotion.__table__  # type: ignore[attr-defined]
PROMOTION_PRODUCT = PromotionProduct.__table__  # type: ignore[attr-defined]
CATEGORY = Category.__table__  # type: ignore[attr-defined]

_FIELDS = (
    "id", "kind", "gtin", "plu", "name_nl", "name_en", "category", "price_cents",
    "sold_by_weight", "vat", "min_age", "image", "active",
)  # fmt: skip


class _Prepared:
    """A statement compiled once for the engine's dialect, run on a raw DB-API cursor."""

    def __init__(self, engine: Engine, statement: Select[Any]):
        compiled = statement.compile(dialect=engine.dialect)
        self.sql = str(compiled)
        self.positional = engine.dialect.paramstyle in ("qmark", "numeric", "format")
        self.names = list(compiled.positiontup or ()) if self.positional else []

    def params(self, **values: Any) -> Any:
        if self.positional:
            return tuple(values[name] for name in self.names)
        return values


def _product_select(where: Any) -> Select[Any]:
    deposit = aliased(PRODUCT, name="d")
    columns = [PRODUCT.c[f] for f in _FIELDS] + [deposit.c[f] for f in _FIELDS]
    return (
        select(*columns)
        .select_from(PRODUCT.outerjoin(deposit, deposit.c.id == PRODUCT.c.deposit_id))
        .where(where)
    )


def _info(row: Sequence[Any], offset: int = 0, deposit: ProductInfo | None = None) -> ProductInfo:
    (pid, kind, gtin, plu, name_nl, name_en, category, price, by_weight, vat, min_age, image,
     active) = row[offset : offset + len(_FIELDS)]  # fmt: skip
    return ProductInfo(
        id=pid,
        name_nl=name_nl,
        name_en=name_en,
        price_cents=price,
        vat=VatRate(vat),
        category=category,
        gtin=gtin,
        plu=plu,
        sold_by_weight=bool(by_weight),
        min_age=min_age,
        deposit=deposit,
        image=image,
        is_bag=kind == "bag",
        is_deposit=kind == "deposit",
        active=bool(active),
    )


def _row_to_product(row: Sequence[Any]) -> ProductInfo:
    width = len(_FIELDS)
    deposit = _info(row, width) if row[width] is not None else None
    return _info(row, 0, deposit)


class Catalog:
    """Read access to a store catalog (a SQLite file path or a database URL)."""

    def __init__(self, target: str | Path, *, today: Callable[[], date] = lambda: business_day()):
        # A kiosk never writes its catalog: read-only, so not even a pragma changes the file.
        self._engine = make_engine(target, read_only=True, pool_size=1)
        self._today = today
        self._by_gtin = _Prepared(self._engine, _product_select(PRODUCT.c.gtin == _bind("gtin")))
        self._by_plu = _Prepared(self._engine, _product_select(PRODUCT.c.plu == _bind("plu")))
        self._by_id = _Prepared(self._engine, _product_select(PRODUCT.c.id == _bind("id")))
        self._raw = self._connect()
        self._promotions_day: date | None = None
        self._promotions: dict[int, tuple[PromotionInfo, ...]] = {}

    def close(self) -> None:
        self._raw.close()
        self._engine.dispose()

    def __enter__(self) -> Catalog:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def engine(self) -> Engine:
        return self._engine

    # -- the hot path ------------------------------------------------------------------

    def _connect(self) -> Any:
        raw = self._engine.raw_connection()
        if self._engine.dialect.name != "sqlite":
            # No transaction left open between lookups (it would hold locks on the
            # central catalog and pin an old snapshot); SQLite runs in autocommit already.
            raw.dbapi_connection.autocommit = True  # type: ignore[union-attr]
        return raw

    def _one(self, prepared: _Prepared, **values: Any) -> ProductInfo | None:
        try:
            row = self._fetch_one(prepared, values)
        except self._engine.dialect.loaded_dbapi.OperationalError:
            # The server went away (restart, timeout): one fresh connection, one retry.
            self._raw.invalidate()
            self._raw = self._connect()
            row = self._fetch_one(prepared, values)
        return None if row is None else _row_to_product(row)

    def _fetch_one(self, prepared: _Prepared, values: dict[str, Any]) -> Any:
        cursor = self._raw.cursor()
        try:
            cursor.execute(prepared.sql, prepared.params(**values))
            return cursor.fetchone()
        finally:
            cursor.close()

    def by_gtin(self, gtin: str) -> ProductInfo | None:
        """The product with this GTIN (any length; it is zero-padded to 14 digits)."""
        return self._one(self._by_gtin, gtin=gtin.zfill(14))

    def by_plu(self, plu: str) -> ProductInfo | None:
        return self._one(self._by_plu, plu=plu)

    def by_id(self, product_id: int) -> ProductInfo | None:
        return self._one(self._by_id, id=product_id)

    # -- promotions -------------------------------------------------------------------

    def promotions_for(self, product_id: int, day: date | None = None) -> tuple[PromotionInfo, ...]:
        """The promotions that apply to this product on ``day`` (default: today)."""
        day = day or self._today()
        if day != self._promotions_day:
            self._promotions = self._load_promotions(day)
            self._promotions_day = day
        return self._promotions.get(product_id, ())

    def _load_promotions(self, day: date) -> dict[int, tuple[PromotionInfo, ...]]:
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(PROMOTION).where(and_(PROMOTION.c.starts <= day, PROMOTION.c.ends >= day))
            ).mappings()
            promotions = {r["id"]: dict(r) for r in rows}
            members: dict[int, set[int]] = {pid: set() for pid in promotions}
            if promotions:
                links = conn.execute(
                    select(PROMOTION_PRODUCT).where(
                        PROMOTION_PRODUCT.c.promotion_id.in_(list(promotions))
                    )
                )
                for promotion_id, product_id in links:
                    members[promotion_id].add(product_id)
        by_product: dict[int, list[PromotionInfo]] = {}
        for pid in sorted(promotions):
            r = promotions[pid]
            info = PromotionInfo(
                id=pid,
                code=r["code"],
                kind=PromotionKind(r["kind"]),
                name_nl=r["name_nl"],
                name_en=r["name_en"],
                product_ids=frozenset(members[pid]),
                starts=r["starts"],
                ends=r["ends"],
                quantity=r["quantity"],
                bundle_price_cents=r["bundle_price_cents"],
                percent=r["percent"],
            )
            for product_id in members[pid]:
                by_product.setdefault(product_id, []).append(info)
        return {k: tuple(v) for k, v in by_product.items()}

    # -- browsing (produce grid, search, staff key-in) ----------------------------------

    def search(self, text: str, *, limit: int = 20, loose_only: bool = False) -> list[ProductInfo]:
        """Active products whose Dutch or English name contains ``text`` (case-insensitive)."""
        needle = text.strip().lower()
        if not needle:
            return []
        pattern = "%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        condition = and_(
            PRODUCT.c.active.is_(True),
            or_(
                func.lower(PRODUCT.c.name_nl).like(pattern, escape="\\"),
                func.lower(PRODUCT.c.name_en).like(pattern, escape="\\"),
            ),
        )
        if loose_only:
            condition = and_(condition, PRODUCT.c.plu.is_not(None))
        return self._many(_product_select(condition).order_by(PRODUCT.c.name_nl).limit(limit))

    def loose_produce(self) -> list[ProductInfo]:
        """Active products sold by PLU (the picture grid), in Dutch name order."""
        condition = and_(PRODUCT.c.active.is_(True), PRODUCT.c.plu.is_not(None))
        return self._many(_product_select(condition).order_by(PRODUCT.c.name_nl))

    def bags(self) -> list[ProductInfo]:
        condition = and_(PRODUCT.c.active.is_(True), PRODUCT.c.kind == "bag")
        return self._many(_product_select(condition).order_by(PRODUCT.c.price_cents))

    def categories(self) -> list[tuple[str, str, str]]:
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(CATEGORY.c.slug, CATEGORY.c.name_nl, CATEGORY.c.name_en).order_by(
                    CATEGORY.c.sort, CATEGORY.c.slug
                )
            )
            return [tuple(r) for r in rows]  # type: ignore[misc]

    def count(self) -> int:
        with self._engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(PRODUCT)).scalar_one()

    def _many(self, statement: Select[Any]) -> list[ProductInfo]:
        with self._engine.connect() as conn:
            return [_row_to_product(tuple(r)) for r in conn.execute(statement)]


def _bind(name: str) -> Any:
    return bindparam(name)
