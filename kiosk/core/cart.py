"""The shopping cart, event-sourced.

A command method (``add_product``, ``add_weighed``, ``add_priced``, ``set_quantity``,
``void_line``) checks what the shopper or attendant asked for and returns an *event*; it
changes nothing. The caller (the journal) writes the event durably, then hands it to
:meth:`Cart.apply`, the only method that changes the cart. After a crash the cart is
rebuilt by applying the journal's events, in order, to a fresh :class:`Cart`; ``apply``
checks every event again, so a replay can never build a cart that live use could not.

Events are frozen dataclasses with ``to_dict()`` (JSON-safe) and are read back with
:func:`event_from_dict`.

Behaviour worth knowing (see ``docs/pricing.md``):

* Scanning an item that is already in the cart as an identical piece line (same product
  snapshot, same promotions, not voided, not weighed, no price-embedded barcode) returns a
  ``QuantityChanged`` for the most recent such line instead of a new ``LineAdded``.
* A product with a deposit gets a deposit line in the priced output
  (:func:`kiosk.core.pricing.price_cart`): same quantity, voided with its parent.
* ``item_count`` counts pieces: a weighed line is 1, a bag is an item, a deposit is not.
* Weighed and price-label lines always have quantity 1 (each package has its own weight or
  label): ``set_quantity`` on them raises ``WeighedLine`` / ``PriceLabelLine``, and so does
  ``apply`` for such an event, or a ``LineAdded`` of them with another quantity.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar
from uuid import uuid4

from kiosk.core.catalog.records import ProductInfo, PromotionInfo, PromotionKind
from kiosk.core.money import VatRate
from kiosk.core.pricing import CartTotals, price_cart, promotion_problem

__all__ = [
    "MAX_GRAMS",
    "MAX_QUANTITY",
    "Cart",
    "CartError",
    "CartEvent",
    "CartLine",
    "DuplicateLine",
    "InactiveProduct",
    "InvalidEvent",
    "InvalidPrice",
    "InvalidProduct",
    "InvalidPromotion",
    "InvalidQuantity",
    "InvalidReason",
    "InvalidWeight",
    "LineAdded",
    "LineVoided",
    "NotSoldByWeight",
    "PriceLabelLine",
    "QuantityChanged",
    "UnknownLine",
    "VoidedLine",
    "WeighedLine",
    "WeightRequired",
    "event_from_dict",
]

MAX_QUANTITY = 999  # per line
MAX_GRAMS = 100_000  # 100 kg: more than any lane scale weighs


# --- errors -----------------------------------------------------------------------------


class CartError(ValueError):
    """An illegal cart command or event. The message says what and why, in plain English."""


class UnknownLine(CartError):
    pass


class DuplicateLine(CartError):
    pass


class InvalidQuantity(CartError):
    pass


class WeighedLine(InvalidQuantity):
    """A weighed line has quantity 1: to change it, weigh the item again."""


class PriceLabelLine(InvalidQuantity):
    """A line priced by an in-store label has quantity 1: each package carries its own
    label and price, so each one is scanned, never counted."""


class InvalidWeight(CartError):
    pass


class InvalidPrice(CartError):
    pass


class WeightRequired(CartError):
    """A product sold by weight was added as pieces: it must be weighed."""


class NotSoldByWeight(CartError):
    """A product sold per piece was added with a weight."""


class InactiveProduct(CartError):
    pass


class InvalidProduct(CartError):
    pass


class InvalidPromotion(CartError):
    pass


class VoidedLine(CartError):
    """The line was voided; it can no longer be changed."""


class InvalidReason(CartError):
    pass


class InvalidEvent(CartError):
    """Not a cart event, or the cart it belongs to is not this one."""


# --- events -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LineAdded:
    """A new line. Exactly one of: pieces (``grams`` and ``price_override_cents`` None),
    weighed (``grams``, quantity 1) or price-embedded (``price_override_cents``, the
    label's price, quantity 1).

    ``promotions`` is the catalog's promotions for the product active on the cart's day,
    snapshotted so that a replay prices the same.
    """

    line_id: str
    product: ProductInfo
    quantity: int
    grams: int | None
    price_override_cents: int | None
    barcode: str | None
    promotions: tuple[PromotionInfo, ...]

    TYPE: ClassVar[str] = "line_added"

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.TYPE,
            "line_id": self.line_id,
            "product": self.product.to_dict(),
            "quantity": self.quantity,
            "grams": self.grams,
            "price_override_cents": self.price_override_cents,
            "barcode": self.barcode,
            "promotions": [promotion.to_dict() for promotion in self.promotions],
        }


@dataclass(frozen=True, slots=True)
class QuantityChanged:
    line_id: str
    quantity: int  # the new quantity, not a difference

    TYPE: ClassVar[str] = "quantity_changed"

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.TYPE, "line_id": self.line_id, "quantity": self.quantity}


@dataclass(frozen=True, slots=True)
class LineVoided:
    line_id: str
    reason: str

    TYPE: ClassVar[str] = "line_voided"

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.TYPE, "line_id": self.line_id, "reason": self.reason}


CartEvent = LineAdded | QuantityChanged | LineVoided


# --- reading events back ----------------------------------------------------------------

_PRODUCT_FIELDS: dict[str, tuple[type, ...]] = {
    "id": (int,),
    "name_nl": (str,),
    "name_en": (str,),
    "price_cents": (int,),
    "vat": (int,),
    "category": (str,),
    "gtin": (str, type(None)),
    "plu": (str, type(None)),
    "sold_by_weight": (bool,),
    "min_age": (int,),
    "deposit": (dict, type(None)),
    "image": (str, type(None)),
    "is_bag": (bool,),
    "is_deposit": (bool,),
    "active": (bool,),
}
_PRODUCT_REQUIRED = frozenset({"id", "name_nl", "name_en", "price_cents", "vat", "category"})

_PROMOTION_FIELDS: dict[str, tuple[type, ...]] = {
    "id": (int,),
    "code": (str,),
    "kind": (str,),
    "name_nl": (str,),
    "name_en": (str,),
    "product_ids": (list,),
    "starts": (str,),
    "ends": (str,),
    "quantity": (int,),
    "bundle_price_cents": (int,),
    "percent": (int,),
}


def _has_type(value: object, types: tuple[type, ...]) -> bool:
    if isinstance(value, bool):  # bool is an int subclass: only accept it where asked for
        return bool in types
    return isinstance(value, types)


def _check_fields(
    what: str,
    data: object,
    fields: Mapping[str, tuple[type, ...]],
    required: Iterable[str],
) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise ValueError(f"{what} must be an object, got {type(data).__name__}")
    missing = sorted(set(required) - data.keys())
    if missing:
        raise ValueError(f"{what} lacks {', '.join(missing)}")
    unknown = sorted(str(key) for key in data.keys() - fields.keys())
    if unknown:
        raise ValueError(f"{what} has unknown field(s) {', '.join(unknown)}")
    for key, value in data.items():
        types = fields[key]
        if not _has_type(value, types):
            names = " or ".join("null" if t is type(None) else t.__name__ for t in types)
            raise ValueError(f"{what}: {key} must be {names}, got {value!r}")
    return data


def _product_from_dict(data: object, what: str = "product") -> ProductInfo:
    checked = _check_fields(what, data, _PRODUCT_FIELDS, _PRODUCT_REQUIRED)
    if checked.get("deposit") is not None:
        _product_from_dict(checked["deposit"], f"{what}.deposit")
    try:
        return ProductInfo.from_dict(checked)
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"{what} is malformed: {exc}") from None


def _promotion_from_dict(data: object, what: str) -> PromotionInfo:
    checked = _check_fields(what, data, _PROMOTION_FIELDS, _PROMOTION_FIELDS)
    if not all(_has_type(i, (int,)) for i in checked["product_ids"]):
        raise ValueError(f"{what}: product_ids must be a list of integers")
    try:
        return PromotionInfo.from_dict(checked)
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"{what} is malformed: {exc}") from None


def event_from_dict(data: Mapping[str, Any]) -> CartEvent:
    """Read an event written by its ``to_dict()``.

    Raises ``ValueError`` naming the problem for an unknown ``type`` or malformed data
    (missing, unknown or wrongly typed fields). Whether the event is *legal* for a given
    cart is :meth:`Cart.apply`'s business.
    """
    if not isinstance(data, Mapping):
        raise ValueError(f"a cart event must be an object, got {type(data).__name__}")
    kind = data.get("type")
    if kind == LineAdded.TYPE:
        fields: dict[str, tuple[type, ...]] = {
            "type": (str,),
            "line_id": (str,),
            "product": (dict,),
            "quantity": (int,),
            "grams": (int, type(None)),
            "price_override_cents": (int, type(None)),
            "barcode": (str, type(None)),
            "promotions": (list,),
        }
        d = _check_fields("line_added event", dict(data), fields, fields)
        return LineAdded(
            line_id=d["line_id"],
            product=_product_from_dict(d["product"], "line_added event: product"),
            quantity=d["quantity"],
            grams=d["grams"],
            price_override_cents=d["price_override_cents"],
            barcode=d["barcode"],
            promotions=tuple(
                _promotion_from_dict(p, f"line_added event: promotions[{i}]")
                for i, p in enumerate(d["promotions"])
            ),
        )
    if kind == QuantityChanged.TYPE:
        fields = {"type": (str,), "line_id": (str,), "quantity": (int,)}
        d = _check_fields("quantity_changed event", dict(data), fields, fields)
        return QuantityChanged(line_id=d["line_id"], quantity=d["quantity"])
    if kind == LineVoided.TYPE:
        fields = {"type": (str,), "line_id": (str,), "reason": (str,)}
        d = _check_fields("line_voided event", dict(data), fields, fields)
        return LineVoided(line_id=d["line_id"], reason=d["reason"])
    known = ", ".join((LineAdded.TYPE, QuantityChanged.TYPE, LineVoided.TYPE))
    raise ValueError(f"unknown cart event type {kind!r} (known: {known})")


# --- the cart ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CartLine:
    """A read-only view of one line. Voided lines stay in the cart, marked, for the record."""

    line_id: str
    product: ProductInfo
    quantity: int
    grams: int | None
    price_override_cents: int | None
    barcode: str | None
    promotions: tuple[PromotionInfo, ...]
    voided: bool = False
    void_reason: str | None = None

    @property
    def is_weighed(self) -> bool:
        return self.grams is not None

    @property
    def is_price_embedded(self) -> bool:
        return self.price_override_cents is not None

    @property
    def is_active(self) -> bool:
        return not self.voided


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_product(product: object) -> ProductInfo:
    if not isinstance(product, ProductInfo):
        raise InvalidProduct(f"expected a ProductInfo, got {type(product).__name__}")
    label = f"product {product.id} ({product.name_en})"
    if not product.active:
        raise InactiveProduct(f"{label} is no longer sold")
    if product.is_deposit:
        raise InvalidProduct(f"{label} is a deposit: it is added with the item it belongs to")
    if not _is_int(product.price_cents) or product.price_cents < 0:
        raise InvalidProduct(f"{label} has an invalid price {product.price_cents!r}")
    if not isinstance(product.vat, VatRate):
        raise InvalidProduct(f"{label} has an invalid VAT rate {product.vat!r}")
    if not _is_int(product.min_age) or product.min_age < 0:
        raise InvalidProduct(f"{label} has an invalid minimum age {product.min_age!r}")
    deposit = product.deposit
    if deposit is not None:
        if not isinstance(deposit, ProductInfo):
            raise InvalidProduct(f"{label} has a deposit that is not a product")
        if deposit.deposit is not None:
            raise InvalidProduct(f"{label}: its deposit cannot have a deposit of its own")
        if deposit.sold_by_weight:
            raise InvalidProduct(f"{label}: its deposit cannot be sold by weight")
        if not _is_int(deposit.price_cents) or deposit.price_cents < 0:
            raise InvalidProduct(f"{label}: its deposit has an invalid price")
    return product


def _check_quantity(quantity: object) -> None:
    if not (isinstance(quantity, int) and not isinstance(quantity, bool)) or not (
        1 <= quantity <= MAX_QUANTITY
    ):
        raise InvalidQuantity(
            f"quantity must be a whole number 1..{MAX_QUANTITY}, got {quantity!r}"
        )


def _check_line_id(line_id: object) -> str:
    if not isinstance(line_id, str) or not line_id:
        raise InvalidEvent(f"a line id must be a non-empty string, got {line_id!r}")
    return line_id


class Cart:
    """One shopper's cart for one transaction, priced on ``today``.

    ``today`` is the transaction's day and must be the same when the cart is rebuilt from
    the journal: it decides which promotions run.
    """

    def __init__(self, transaction_id: str, today: date) -> None:
        if not isinstance(transaction_id, str) or not transaction_id:
            raise ValueError("a cart needs a non-empty transaction id")
        if not isinstance(today, date) or isinstance(today, datetime):
            raise TypeError(f"today must be a date, got {type(today).__name__}")
        self.transaction_id = transaction_id
        self.today = today
        self._lines: dict[str, CartLine] = {}
        self._events: list[CartEvent] = []
        self._totals: CartTotals | None = None

    @classmethod
    def replay(cls, transaction_id: str, today: date, events: Iterable[CartEvent]) -> Cart:
        """Rebuild a cart from its journal."""
        cart = cls(transaction_id, today)
        for event in events:
            cart.apply(event)
        return cart

    def __repr__(self) -> str:
        return (
            f"Cart({self.transaction_id!r}, {self.today.isoformat()}, "
            f"{len(self._lines)} lines, {len(self._events)} events)"
        )

    # --- commands: validate, return an event, change nothing ---------------------------

    def add_product(
        self,
        product: ProductInfo,
        *,
        quantity: int = 1,
        barcode: str | None = None,
        promotions: Iterable[PromotionInfo] = (),
    ) -> LineAdded | QuantityChanged:
        """Add pieces of a product: a new line, or more of an identical existing line."""
        event = self._new_line(product, barcode, promotions, quantity=quantity)
        target = self._merge_target(event)
        if target is None:
            return event
        merged = QuantityChanged(target.line_id, target.quantity + quantity)
        if merged.quantity > MAX_QUANTITY:
            raise InvalidQuantity(
                f"{target.quantity} + {quantity} of {product.name_en} is more than "
                f"{MAX_QUANTITY} on one line"
            )
        self._check(merged)
        return merged

    def add_weighed(
        self,
        product: ProductInfo,
        grams: int,
        *,
        barcode: str | None = None,
        promotions: Iterable[PromotionInfo] = (),
    ) -> LineAdded:
        """Add a product sold by weight (from the scale or a weight-embedded barcode)."""
        return self._new_line(product, barcode, promotions, grams=grams)

    def add_priced(
        self,
        product: ProductInfo,
        price_cents: int,
        *,
        barcode: str | None = None,
        promotions: Iterable[PromotionInfo] = (),
    ) -> LineAdded:
        """Add one item whose price comes from its label (a price-embedded barcode)."""
        return self._new_line(product, barcode, promotions, price_override_cents=price_cents)

    def _new_line(
        self,
        product: ProductInfo,
        barcode: str | None,
        promotions: Iterable[PromotionInfo],
        *,
        quantity: int = 1,
        grams: int | None = None,
        price_override_cents: int | None = None,
    ) -> LineAdded:
        """A checked ``LineAdded`` for a fresh line (not applied)."""
        event = LineAdded(
            line_id=uuid4().hex,
            product=product,
            quantity=quantity,
            grams=grams,
            price_override_cents=price_override_cents,
            barcode=barcode,
            promotions=self._todays(promotions),
        )
        self._check(event)
        return event

    def set_quantity(self, line_id: str, quantity: int) -> QuantityChanged:
        """Set a pieces line's quantity. Weighed and price-label lines are refused
        (``WeighedLine``, ``PriceLabelLine``): their quantity is always 1."""
        event = QuantityChanged(line_id, quantity)
        self._check(event)
        return event

    def void_line(self, line_id: str, reason: str) -> LineVoided:
        if not isinstance(reason, str):
            raise InvalidReason(f"a void reason must be text, got {type(reason).__name__}")
        event = LineVoided(line_id, reason.strip())
        self._check(event)
        return event

    # --- the one mutator ----------------------------------------------------------------

    def apply(self, event: CartEvent) -> None:
        """Check ``event`` against the current cart and apply it; raises ``CartError``."""
        self._check(event)
        if isinstance(event, LineAdded):
            self._lines[event.line_id] = CartLine(
                line_id=event.line_id,
                product=event.product,
                quantity=event.quantity,
                grams=event.grams,
                price_override_cents=event.price_override_cents,
                barcode=event.barcode,
                promotions=event.promotions,
            )
        elif isinstance(event, QuantityChanged):
            line = self._lines[event.line_id]
            self._lines[event.line_id] = dataclasses.replace(line, quantity=event.quantity)
        else:
            line = self._lines[event.line_id]
            self._lines[event.line_id] = dataclasses.replace(
                line, voided=True, void_reason=event.reason
            )
        self._events.append(event)
        self._totals = None

    # --- read side ----------------------------------------------------------------------

    @property
    def lines(self) -> tuple[CartLine, ...]:
        """All lines in scan order, voided ones included."""
        return tuple(self._lines.values())

    @property
    def active_lines(self) -> tuple[CartLine, ...]:
        return tuple(line for line in self._lines.values() if not line.voided)

    def line(self, line_id: str) -> CartLine:
        try:
            return self._lines[line_id]
        except KeyError:
            raise UnknownLine(f"no line {line_id!r} in this cart") from None

    @property
    def events(self) -> tuple[CartEvent, ...]:
        """Every event applied, in order."""
        return tuple(self._events)

    @property
    def totals(self) -> CartTotals:
        if self._totals is None:
            self._totals = price_cart(self._lines.values(), self.today)
        return self._totals

    @property
    def item_count(self) -> int:
        """Pieces in the cart: a weighed line counts 1, bags count, deposits do not."""
        return self.totals.item_count

    @property
    def needs_age_check(self) -> int:
        """The highest minimum age of the active lines, 0 if none needs a check."""
        return max((line.product.min_age for line in self.active_lines), default=0)

    # --- validation -----------------------------------------------------------------------

    def _todays(self, promotions: Iterable[PromotionInfo]) -> tuple[PromotionInfo, ...]:
        """Keep the promotions running today, in the order given (pricing sorts them)."""
        kept: list[PromotionInfo] = []
        for promotion in promotions:
            if not isinstance(promotion, PromotionInfo):
                raise InvalidPromotion(f"expected a PromotionInfo, got {type(promotion).__name__}")
            if promotion.active_on(self.today):
                kept.append(promotion)
        return tuple(kept)

    def _merge_target(self, event: LineAdded) -> CartLine | None:
        """The most recent active identical piece line, if any."""
        wanted = frozenset(event.promotions)
        for line in reversed(self._lines.values()):
            if (
                not line.voided
                and line.grams is None
                and line.price_override_cents is None
                and line.product == event.product
                and frozenset(line.promotions) == wanted
            ):
                return line
        return None

    def _existing(self, line_id: object, action: str) -> CartLine:
        line = self._lines.get(_check_line_id(line_id))
        if line is None:
            raise UnknownLine(f"cannot {action}: no line {line_id!r} in this cart")
        if line.voided:
            raise VoidedLine(f"cannot {action}: line {line_id!r} was voided")
        return line

    def _check(self, event: object) -> None:
        if isinstance(event, LineAdded):
            self._check_line_added(event)
        elif isinstance(event, QuantityChanged):
            line = self._existing(event.line_id, "change the quantity")
            if line.grams is not None:
                raise WeighedLine(
                    f"line {event.line_id!r} was weighed: weigh the item again instead"
                )
            if line.price_override_cents is not None:
                raise PriceLabelLine(
                    f"line {event.line_id!r} is priced by its label: scan each package "
                    "instead (every label has its own price)"
                )
            _check_quantity(event.quantity)
        elif isinstance(event, LineVoided):
            self._existing(event.line_id, "void the line")
            if not isinstance(event.reason, str) or not event.reason.strip():
                raise InvalidReason("a void needs a reason")
        else:
            raise InvalidEvent(f"not a cart event: {type(event).__name__}")

    def _check_line_added(self, event: LineAdded) -> None:
        line_id = _check_line_id(event.line_id)
        if line_id in self._lines:
            raise DuplicateLine(f"line {line_id!r} is already in this cart")
        product = _check_product(event.product)
        if event.barcode is not None and (not isinstance(event.barcode, str) or not event.barcode):
            raise InvalidEvent(f"a barcode must be non-empty text or None, got {event.barcode!r}")
        _check_quantity(event.quantity)
        grams, price = event.grams, event.price_override_cents
        if grams is not None and price is not None:
            raise InvalidEvent("a line is weighed or price-embedded, not both")
        if grams is not None:
            if not product.sold_by_weight:
                raise NotSoldByWeight(f"{product.name_en} is sold per piece, not by weight")
            if not _is_int(grams) or not 0 < grams <= MAX_GRAMS:
                raise InvalidWeight(f"weight must be 1..{MAX_GRAMS} grams, got {grams!r}")
            if event.quantity != 1:
                raise WeighedLine("a weighed line has quantity 1")
        elif price is not None:
            if not _is_int(price) or price <= 0:
                raise InvalidPrice(f"a label price must be a positive number of cents: {price!r}")
            if event.quantity != 1:
                raise PriceLabelLine("a line priced by its label has quantity 1")
        elif product.sold_by_weight:
            raise WeightRequired(f"{product.name_en} is sold by weight: put it on the scale")
        self._check_promotions(product, event.promotions)

    @staticmethod
    def _check_promotions(product: ProductInfo, promotions: object) -> None:
        if not isinstance(promotions, tuple):
            raise InvalidPromotion("promotions must be a tuple")
        seen: set[int] = set()
        for promotion in promotions:
            if not isinstance(promotion, PromotionInfo):
                raise InvalidPromotion(f"expected a PromotionInfo, got {type(promotion).__name__}")
            if not isinstance(promotion.kind, PromotionKind):
                raise InvalidPromotion(f"promotion {promotion.code!r} has an unknown kind")
            problem = promotion_problem(promotion)
            if problem is not None:
                raise InvalidPromotion(f"promotion {promotion.code!r}: {problem}")
            if product.id not in promotion.product_ids:
                raise InvalidPromotion(
                    f"promotion {promotion.code!r} does not include product {product.id}"
                )
            if promotion.id in seen:
                raise InvalidPromotion(f"promotion {promotion.id} is listed twice")
            seen.add(promotion.id)
