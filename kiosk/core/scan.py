"""From a read barcode (or a keyed code) to a cart event: one rule set for every scan.

:func:`resolve_scan` looks the code up in the catalog, decides how the item is sold
(pieces, a count, weighed, or priced by its label) and asks the cart for the event. It
changes nothing: the caller journals ``outcome.event`` and then applies it, exactly as
for any other cart command. It never raises for a refusal the shopper or staff can act
on; every such case is a :class:`ScanOutcome` with a :class:`ScanKind`.

The rules, in order (see ``docs/barcodes.md``, "From a scan to the cart"):

1. A keyed produce code is looked up with ``by_plu``, anything else with
   ``by_gtin(parsed.lookup_gtin)``; nothing found (or no code to look up, such as a plain
   QR code): ``UNKNOWN_PRODUCT``.
2. An inactive product: ``NOT_FOR_SALE``. A deposit product on its own: ``DEPOSIT_ALONE``
   (the cart adds deposits only with the item they belong to).
3. A price in the barcode (in-store price label, AI 392x/393x): ``add_priced``.
4. A weight from an in-store weight label: ``add_weighed`` (the cart refuses it for a
   product sold per piece: ``REFUSED``). A net weight from AI 310x: ``add_weighed`` if the
   product is sold per kilogram; on a product sold per piece it is only the pack's net
   content, and the rules go on.
5. A product sold per kilogram without a weight from the barcode: ``add_weighed`` with the
   scale's ``grams``, or ``NEEDS_WEIGHT`` if there is no reading (``None`` or 0 g).
6. A count in the barcode (AI 30, an in-store count label): ``add_product(quantity=count)``.
7. Otherwise one piece: ``add_product``.

A :class:`~kiosk.core.cart.CartError` from the cart (a count of 0, a label price of 0, a
weight label on a per-piece product, a line already at 999 ...) becomes ``REFUSED`` with
the error. Anything else (a database failure, a programming error) propagates.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from kiosk.core.barcodes import ParsedBarcode
from kiosk.core.cart import Cart, CartError, LineAdded, QuantityChanged
from kiosk.core.catalog.records import ProductInfo, PromotionInfo

__all__ = ["ProductSource", "ScanKind", "ScanOutcome", "resolve_scan"]


class ProductSource(Protocol):
    """What a scan needs from the catalog. :class:`kiosk.core.catalog.repository.Catalog`
    is one; tests use a small in-memory one."""

    def by_gtin(self, gtin: str, /) -> ProductInfo | None: ...

    def by_plu(self, plu: str, /) -> ProductInfo | None: ...

    def promotions_for(self, product_id: int, day: date, /) -> tuple[PromotionInfo, ...]: ...


class ScanKind(enum.StrEnum):
    """What became of a scan."""

    ADD = "add"
    """``event`` goes to the journal, then to ``Cart.apply``."""
    UNKNOWN_PRODUCT = "unknown_product"
    """A valid code the catalog does not know; ``code`` is kept so staff can price it."""
    NOT_FOR_SALE = "not_for_sale"
    """The product is in the catalog but no longer sold (inactive)."""
    NEEDS_WEIGHT = "needs_weight"
    """Sold per kilogram, and neither the barcode nor the scale gave a weight."""
    REFUSED = "refused"
    """The cart refused the item; ``error`` says why."""
    DEPOSIT_ALONE = "deposit_alone"
    """A deposit (statiegeld) product scanned by itself: the cart adds it only with its item."""


_NEEDS_PRODUCT = frozenset(
    {ScanKind.ADD, ScanKind.NOT_FOR_SALE, ScanKind.NEEDS_WEIGHT, ScanKind.DEPOSIT_ALONE}
)


@dataclass(frozen=True, slots=True, kw_only=True)
class ScanOutcome:
    """The result of :func:`resolve_scan`.

    ``event`` is set only for ``ADD``, ``error`` only for ``REFUSED``; ``product`` is set
    for every kind except ``UNKNOWN_PRODUCT`` (and for ``REFUSED`` when a product was found,
    which is always the case today). ``code`` is what was looked up: the PLU, the lookup
    GTIN (14 digits; for an in-store label the item's code with the value zeroed, the full
    label is in ``parsed.gtin``), or the barcode's text if it carries neither.
    """

    kind: ScanKind
    parsed: ParsedBarcode
    code: str
    product: ProductInfo | None = None
    event: LineAdded | QuantityChanged | None = None
    error: CartError | None = None

    def __post_init__(self) -> None:
        if (self.event is not None) != (self.kind is ScanKind.ADD):
            raise ValueError(f"a {self.kind} outcome has an event only if it is ADD")
        if (self.error is not None) != (self.kind is ScanKind.REFUSED):
            raise ValueError(f"a {self.kind} outcome has an error only if it is REFUSED")
        if self.kind in _NEEDS_PRODUCT and self.product is None:
            raise ValueError(f"a {self.kind} outcome needs the product")
        if self.kind is ScanKind.UNKNOWN_PRODUCT and self.product is not None:
            raise ValueError("an UNKNOWN_PRODUCT outcome has no product")


def resolve_scan(
    cart: Cart,
    catalog: ProductSource,
    parsed: ParsedBarcode,
    *,
    grams: int | None = None,
) -> ScanOutcome:
    """Turn one read barcode or keyed code into a cart event, or say why not.

    ``grams`` is the lane scale's reading, if there is one, for loose produce. Promotions
    are those of the cart's business day (``cart.today``), also after midnight.
    Nothing changes: the caller journals ``outcome.event``, then applies it to ``cart``.
    """
    if not isinstance(parsed, ParsedBarcode):
        raise TypeError(f"resolve_scan needs a ParsedBarcode, got {type(parsed).__name__}")
    if parsed.plu is not None:
        code: str = parsed.plu
        product = catalog.by_plu(parsed.plu)
    elif parsed.lookup_gtin is not None:
        code = parsed.lookup_gtin
        product = catalog.by_gtin(parsed.lookup_gtin)
    else:  # a barcode without a product code: a plain QR code, a Code 128 ...
        code, product = parsed.data, None
    if product is None:
        return ScanOutcome(kind=ScanKind.UNKNOWN_PRODUCT, parsed=parsed, code=code)

    def outcome(kind: ScanKind) -> ScanOutcome:
        return ScanOutcome(kind=kind, parsed=parsed, code=code, product=product)

    if not product.active:
        return outcome(ScanKind.NOT_FOR_SALE)
    if product.is_deposit:
        return outcome(ScanKind.DEPOSIT_ALONE)
    price = parsed.price_cents
    weight = parsed.net_weight_g
    if weight is not None and not (product.sold_by_weight or _is_label_weight(parsed)):
        weight = None  # AI 310x on a product sold per piece: the pack's net content only
    if price is None and weight is None and product.sold_by_weight and not grams:
        return outcome(ScanKind.NEEDS_WEIGHT)  # no reading, or 0 g: nothing on the scale

    promotions = catalog.promotions_for(product.id, cart.today)
    barcode = parsed.raw
    event: LineAdded | QuantityChanged
    try:
        if price is not None:
            event = cart.add_priced(product, price, barcode=barcode, promotions=promotions)
        elif weight is not None:
            event = cart.add_weighed(product, weight, barcode=barcode, promotions=promotions)
        elif product.sold_by_weight and grams:
            event = cart.add_weighed(product, grams, barcode=barcode, promotions=promotions)
        elif parsed.count is not None:
            event = cart.add_product(
                product, quantity=parsed.count, barcode=barcode, promotions=promotions
            )
        else:
            event = cart.add_product(product, barcode=barcode, promotions=promotions)
    except CartError as error:
        return ScanOutcome(
            kind=ScanKind.REFUSED, parsed=parsed, code=code, product=product, error=error
        )
    return ScanOutcome(kind=ScanKind.ADD, parsed=parsed, code=code, product=product, event=event)


def _is_label_weight(parsed: ParsedBarcode) -> bool:
    """The weight was printed by an in-store scale (a weight EAN-13): it prices the item."""
    embedded = parsed.embedded
    return parsed.in_store_label and embedded is not None and embedded.kind == "weight"
