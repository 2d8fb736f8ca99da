"""Catalog tables (SQLModel). The same models run on SQLite (a kiosk's catalog.db) and on
PostgreSQL (a chain's master catalog); schema changes go through Alembic migrations in
``kiosk/migrations/catalog``.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Index, UniqueConstraint, text
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel


class CatalogModel(SQLModel, registry=registry()):
    """Base of the catalog's tables; they have their own metadata, apart from the journal's."""


class Category(CatalogModel, table=True):
    __tablename__ = "category"

    slug: str = Field(primary_key=True, max_length=40)
    name_nl: str = Field(max_length=80)
    name_en: str = Field(max_length=80)
    sort: int = 0


class Product(CatalogModel, table=True):
    __tablename__ = "product"
    __table_args__ = (
        CheckConstraint("price_cents >= 0", name="ck_product_price_nonnegative"),
        CheckConstraint("vat IN (0, 9, 21)", name="ck_product_vat_rate"),
        CheckConstraint("kind IN ('product', 'deposit', 'bag')", name="ck_product_kind"),
        CheckConstraint("min_age >= 0 AND min_age <= 25", name="ck_product_min_age"),
        Index("ix_product_gtin", "gtin", unique=True),
        Index("ix_product_plu", "plu", unique=True),
        Index("ix_product_category", "category"),
        Index("ix_product_kind", "kind"),  # bags and deposits among a million products
        # The produce picture grid and produce search: the few loose items, in name order.
        Index(
            "ix_product_loose",
            "name_nl",
            sqlite_where=text("plu IS NOT NULL"),
            postgresql_where=text("plu IS NOT NULL"),
        ),
    )

    id: int = Field(primary_key=True)
    kind: str = Field(default="product", max_length=10)
    gtin: str | None = Field(default=None, max_length=14)  # GTIN-14 form, zero-padded
    plu: str | None = Field(default=None, max_length=5)
    name_nl: str = Field(max_length=120)
    name_en: str = Field(max_length=120)
    category: str = Field(foreign_key="category.slug", max_length=40)
    price_cents: int
    sold_by_weight: bool = False
    vat: int
    deposit_id: int | None = Field(default=None, foreign_key="product.id")
    min_age: int = 0
    image: str | None = Field(default=None, max_length=200)
    active: bool = True


class Promotion(CatalogModel, table=True):
    __tablename__ = "promotion"
    __table_args__ = (
        UniqueConstraint("code", name="uq_promotion_code"),
        CheckConstraint(
            "kind IN ('multi_buy', 'second_half_price', 'percent_off')", name="ck_promotion_kind"
        ),
        CheckConstraint("starts <= ends", name="ck_promotion_dates"),
        CheckConstraint("quantity >= 1", name="ck_promotion_quantity"),
        CheckConstraint("bundle_price_cents >= 0", name="ck_promotion_bundle_price"),
        CheckConstraint("percent >= 0 AND percent <= 100", name="ck_promotion_percent"),
    )

    id: int = Field(primary_key=True)
    code: str = Field(max_length=40)
    kind: str = Field(max_length=20)
    name_nl: str = Field(max_length=120)
    name_en: str = Field(max_length=120)
    starts: date
    ends: date
    quantity: int = 2
    bundle_price_cents: int = 0
    percent: int = 0


class PromotionProduct(CatalogModel, table=True):
    __tablename__ = "promotion_product"
    __table_args__ = (Index("ix_promotion_product_product", "product_id"),)

    promotion_id: int = Field(foreign_key="promotion.id", primary_key=True)
    product_id: int = Field(foreign_key="product.id", primary_key=True)


CATALOG_METADATA = CatalogModel.metadata
