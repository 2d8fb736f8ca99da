"""Child process for the journal kill test: changes a cart forever, acknowledging each change.

The test starts ``run`` in a fresh process (forked from a multiprocessing fork server
that has the modules imported, so 50 trials stay quick). After each change the journal
has committed, the child sends the change's number down a pipe: that is the kiosk's
promise to the shopper that the item is in the cart. The parent kills it with SIGKILL
at a random moment and checks that every promise was kept. It also runs on its own:
``python tests/core/journal_child.py JOURNAL SEED`` prints ``ACK <n> <sha256>`` lines.
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
from collections.abc import Callable
from datetime import date

from kiosk.core.cart import Cart, CartError, CartEvent
from kiosk.core.catalog.records import ProductInfo
from kiosk.core.journal import Journal
from kiosk.core.money import VatRate

DEPOSIT = ProductInfo(90, "Statiegeld", "Deposit", 15, VatRate.ZERO, "statiegeld", is_deposit=True)
PRODUCTS = [
    ProductInfo(1, "Halfvolle melk 1 L", "Semi-skimmed milk 1 L", 129, VatRate.LOW, "zuivel",
                gtin="08710400000018"),
    ProductInfo(2, "Cola 1,5 L", "Cola 1.5 L", 219, VatRate.LOW, "dranken",
                gtin="08710400000025", deposit=DEPOSIT),
    ProductInfo(3, "Pils 6 x 33 cl", "Lager 6 x 33 cl", 599, VatRate.HIGH, "bier-wijn",
                gtin="08710400000032", min_age=18),
]  # fmt: skip
BANANAS = ProductInfo(4, "Bananen", "Bananas", 199, VatRate.LOW, "groente-fruit", plu="4011",
                      sold_by_weight=True)  # fmt: skip
TODAY = date(2026, 11, 23)


def fingerprint(event: CartEvent) -> str:
    """What the shopper was promised, exactly: a digest of the event's full content."""
    text = json.dumps(event.to_dict(), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def run(path: str, seed: int, acknowledge: Callable[[int, str], None]) -> None:
    rng = random.Random(seed)
    journal = Journal(path, kiosk_id="kiosk-kill")
    restored = journal.restore()
    if restored is None:
        transaction_id = journal.open_transaction(business_date=TODAY)
        cart = Cart(transaction_id, TODAY)
    else:
        transaction_id = restored.id
        cart = Cart.replay(transaction_id, restored.business_date, restored.events)
    acknowledge(0, "")  # ready
    while True:
        roll = rng.random()
        active = cart.active_lines
        try:
            if roll < 0.55 or not active:
                event = cart.add_product(rng.choice(PRODUCTS), quantity=rng.randint(1, 3))
            elif roll < 0.75:
                event = cart.add_weighed(BANANAS, rng.randint(80, 2500))
            elif roll < 0.9:
                event = cart.set_quantity(rng.choice(active).line_id, rng.randint(1, 5))
            else:
                event = cart.void_line(rng.choice(active).line_id, "shopper changed their mind")
        except CartError:
            continue  # e.g. a weighed line's quantity: not a change a lane would make
        number = journal.record_cart_event(transaction_id, event)
        cart.apply(event)
        acknowledge(number, fingerprint(event))


def main() -> None:
    run(sys.argv[1], int(sys.argv[2]), lambda n, digest: print(f"ACK {n} {digest}", flush=True))


if __name__ == "__main__":
    main()
