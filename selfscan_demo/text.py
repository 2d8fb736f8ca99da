"""``selfscan-demo --text``: the lane's domain at work in the terminal, no window needed.

It scans a basket as raw scanner data (EAN-13 with AIM identifiers, an in-store price
label, a weight label, a loose-produce PLU weighed on the scale, a bad and an unknown
code), prices it with promotions, deposits and VAT, writes every change to a real
journal, prints the receipt, then simulates a crash in the middle of paying and restores
the cart and the pending payment from the journal. The journal is
``<data>/text/journal.db`` (``--data``, default ``var/demo``), made anew on every run.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from kiosk.core.barcodes import InvalidBarcode, parse_barcode
from kiosk.core.cart import Cart
from kiosk.core.catalog.records import ProductInfo
from kiosk.core.catalog.repository import Catalog
from kiosk.core.journal import Journal
from kiosk.core.money import format_cents
from kiosk.core.receipt import ReceiptHeader, receipt_lines
from kiosk.core.scan import ScanKind, ScanOutcome, resolve_scan
from selfscan_demo.products import label_for

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Step:
    raw: str
    note: str
    grams: int | None = None  # what the scale reads, for loose produce


def _pick(catalog: Catalog, today: date) -> list[Step]:
    """A basket from whatever the sample catalog holds, so the demo follows the data."""

    def first(query: str, test) -> ProductInfo:  # type: ignore[no-untyped-def]
        for product in catalog.search(query, limit=200):
            if test(product):
                return product
        raise SystemExit(f"the catalog has no product for the demo's {query!r}")

    milk = first("melk", lambda p: p.gtin and p.gtin.startswith("087") and not p.deposit)
    cola = first("cola", lambda p: p.deposit is not None)
    beer = first("pils", lambda p: p.min_age >= 18 and p.deposit is not None)
    promoted = next(
        (p for p in catalog.search("chips", limit=50) if catalog.promotions_for(p.id, today)),
        None,
    )
    cheese = first("kaas", lambda p: p.gtin and p.gtin[1:3] in ("21", "22"))
    weighed = None
    for query in ("gehakt", "vlees", "vis", "kip", "worst", "salade"):
        weighed = next(
            (p for p in catalog.search(query, limit=100) if p.gtin and p.gtin[1:3] in ("28", "29")),
            None,
        )
        if weighed:
            break
    bananas = catalog.by_plu("4011")
    steps = [
        Step(f"]E0{milk.gtin[1:]}", "EAN-13 with its AIM symbology identifier"),  # type: ignore[index]
        Step(f"]E0{cola.gtin[1:]}", "a drink with statiegeld: the deposit follows it"),  # type: ignore[index]
        Step(f"]E0{cola.gtin[1:]}", "the same again: the line's quantity goes up"),  # type: ignore[index]
        Step(f"]E0{beer.gtin[1:]}", "age-restricted: a staff member will check"),  # type: ignore[index]
    ]
    if promoted is not None:
        steps += [Step(f"]E0{promoted.gtin[1:]}", "on promotion")] * 2  # type: ignore[index]
    steps.append(
        Step(f"]E0{label_for(cheese, cheese.price_cents + 37)}", "in-store label, price embedded")
    )
    if weighed is not None:
        steps.append(Step(f"]E0{label_for(weighed, 734)}", "in-store label, weight embedded"))
    if bananas is not None:
        steps.append(Step("4011", "keyed-in PLU, weighed on the scale", grams=1234))
    bad = milk.gtin[1:-1] + str((int(milk.gtin[-1]) + 1) % 10)  # type: ignore[index]
    steps.append(Step(f"]E0{bad}", "a misread: wrong check digit, ignored with a soft tone"))
    steps.append(Step("]E08712345678906", "a valid code the store does not sell"))
    return steps


_NOT_ADDED = {
    ScanKind.UNKNOWN_PRODUCT: (
        "unknown product: retry, key in, or ask for help (recorded for staff)"
    ),
    ScanKind.NOT_FOR_SALE: "no longer sold: a staff member will help",
    ScanKind.NEEDS_WEIGHT: "put it on the scale",
    ScanKind.DEPOSIT_ALONE: "statiegeld is added with its item: scan the item itself",
}


def _explain(outcome: ScanOutcome) -> str:
    """What the demo prints for a scan that added nothing."""
    if outcome.kind is ScanKind.REFUSED:
        return f"refused: {outcome.error}"
    return _NOT_ADDED[outcome.kind]


def run(catalog_path: Path, data_dir: Path, language: str, out=sys.stdout) -> int:  # type: ignore[no-untyped-def]
    def say(text: str = "") -> None:
        print(text, file=out, flush=True)

    if not catalog_path.is_file():
        from kiosk.core.catalog.admin import build

        say(f"building {catalog_path} from assets/catalog ...")
        build(ROOT / "assets" / "catalog", catalog_path)
    today = datetime.now(ZoneInfo("Europe/Amsterdam")).date()
    journal_path = data_dir / "journal.db"
    for stale in (journal_path, Path(f"{journal_path}-wal"), Path(f"{journal_path}-shm")):
        stale.unlink(missing_ok=True)

    with Catalog(catalog_path) as catalog:
        say(f"selfscan demo: {catalog.count()} products in {catalog_path}")
        say(f"journal: {journal_path}\n")
        journal = Journal(journal_path, kiosk_id="kiosk-demo")
        transaction = journal.open_transaction(language, business_date=today)
        cart = Cart(transaction, today)
        for step in _pick(catalog, today):
            parsed = parse_barcode(step.raw)
            shown = step.raw if step.grams is None else f"{step.raw} + scale {step.grams} g"
            say(f"scan  {shown:<28} ({step.note})")
            if isinstance(parsed, InvalidBarcode):
                say(f"      -> ignored: {parsed.detail}")
                continue
            outcome = resolve_scan(cart, catalog, parsed, grams=step.grams)
            if outcome.event is None or outcome.product is None:
                say(f"      -> {_explain(outcome)}")
                continue
            note = outcome.product.name_nl
            if outcome.product.min_age:
                note += f"  [{outcome.product.min_age}+: een medewerker controleert uw leeftijd]"
            number = journal.record_cart_event(transaction, outcome.event)  # durable first ...
            cart.apply(outcome.event)  # ... then on screen
            say(f"      -> {note}: total {format_cents(cart.totals.total_cents)} (event {number})")

    header = ReceiptHeader("Supermarkt De Hoek", "Kassa demo", transaction, today.isoformat())
    say("\n" + "\n".join(receipt_lines(cart.totals, language, header)))
    if cart.needs_age_check:
        say("\n(the lane would now wait for a staff member to check the shopper's age)")

    payment = journal.begin_payment(transaction, cart.totals.total_cents)
    say(f"\npayment {payment.reference} of {format_cents(payment.amount_cents)} is pending ...")
    say("*** the kiosk crashes here (power cut) ***")
    journal.close()
    del cart

    journal = Journal(journal_path, kiosk_id="kiosk-demo")
    restored = journal.restore()
    assert restored is not None
    again = Cart.replay(restored.id, restored.business_date, restored.events)
    say(
        f"restart: transaction {restored.id[:12]} restored with {len(restored.events)} cart "
        f"changes, total {format_cents(again.totals.total_cents)}"
    )
    in_flight = restored.payment_in_flight
    assert in_flight is not None
    say(
        f"payment {in_flight.reference} is still {in_flight.status}: the kiosk asks the terminal "
        "for its outcome before anything else (this text demo plays the terminal's answer; "
        "selfscan-kiosk asks the ZVT terminal or its simulator)."
    )
    journal.settle_payment(in_flight.reference, "approved", {"demo": "answer played by the demo"})
    journal.close_transaction(restored.id, "paid", again.totals.total_cents)
    waiting = len(journal.unconfirmed())
    say(f"paid; {waiting} event(s) wait in the outbox for the attendant console.")
    say(f"journal integrity: {journal.integrity_check()}")
    journal.close()
    return 0


def main(argv: list[str] | None = None) -> int:
    """``selfscan-demo --text [--catalog FILE] [--data DIR] [--language nl|en]``."""
    from selfscan_demo.app import main as demo_main

    return demo_main(["--text", *(argv or [])])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
