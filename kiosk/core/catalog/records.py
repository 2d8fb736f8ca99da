"""Immutable value objects the rest of the kiosk works with.

The database rows (``models.py``) stay inside the catalog package; pricing,
the cart and the journal see these frozen snapshots instead. A snapshot is
taken when an item is scanned, so a price change in the catalog never alters
an item that is already in a cart (and a restored cart prices the same).
"""

from __future__ import annotations

import enum
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from kiosk.core.money import VatRate


class PromotionKind(enum.StrEnum):
    MULTI_BUY = "multi_buy"  # N items for a fixed price: "2 voor € 3,00"
    SECOND_HALF_PRICE = "second_half_price"  # every 2nd item of a pair at half price
    PERCENT_OFF = "percent_off"  # n% off each item


@dataclass(frozen=True, slots=True)
class ProductInfo:
    id: int
    name_nl: str
    name_en: str
    price_cents: int  # per item; per kilogram when sold_by_weight
    vat: VatRate
    category: str
    gtin: str | None = None  # GTIN-14 form, zero-padded
    plu: str | None = None  # price look-up code for loose produce (e.g. "4011")
    sold_by_weight: bool = False
    min_age: int = 0  # 18 for alcohol and tobacco
    deposit: ProductInfo | None = None  # statiegeld product that follows this one
    image: str | None = None  # path relative to assets/
    is_bag: bool = False
    is_deposit: bool = False
    active: bool = True

    def name(self, language: str) -> str:
        return self.name_nl if language == "nl" else self.name_en

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["vat"] = int(self.vat)
        if self.deposit is not None:
            data["deposit"] = self.deposit.to_dict()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ProductInfo:
        data = dict(data)
        data["vat"] = VatRate(int(data["vat"]))
        if data.get("deposit") is not None:
            data["deposit"] = cls.from_dict(data["deposit"])
        return cls(**data)


@dataclass(frozen=True, slots=True)
class PromotionInfo:
    id: int
    code: str
    kind: PromotionKind
    name_nl: str
    name_en: str
    product_ids: frozenset[int]  # mix and match over these products
    starts: date  # first day it applies
    ends: date  # last day it applies (inclusive)
    quantity: int = 2  # MULTI_BUY: how many make a bundle
    bundle_price_cents: int = 0  # MULTI_BUY: price of one bundle
    percent: int = 0  # PERCENT_OFF: 1..100
    product_ids_sorted: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "product_ids_sorted", tuple(sorted(self.product_ids)))

    def active_on(self, day: date) -> bool:
        return self.starts <= day <= self.ends

    def name(self, language: str) -> str:
        return self.name_nl if language == "nl" else self.name_en

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "code": self.code,
            "kind": self.kind.value,
            "name_nl": self.name_nl,
            "name_en": self.name_en,
            "product_ids": list(self.product_ids_sorted),
            "starts": self.starts.isoformat(),
            "ends": self.ends.isoformat(),
            "quantity": self.quantity,
            "bundle_price_cents": self.bundle_price_cents,
            "percent": self.percent,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PromotionInfo:
        return cls(
            id=int(data["id"]),
            code=str(data["code"]),
            kind=PromotionKind(data["kind"]),
            name_nl=str(data["name_nl"]),
            name_en=str(data["name_en"]),
            product_ids=frozenset(int(i) for i in data["product_ids"]),
            starts=date.fromisoformat(data["starts"]),
            ends=date.fromisoformat(data["ends"]),
            quantity=int(data["quantity"]),
            bundle_price_cents=int(data["bundle_price_cents"]),
            percent=int(data["percent"]),
        )
