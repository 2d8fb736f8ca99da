"""The receipt as lines of text, laid out for a fixed-width printer (42 columns on 80 mm).

Qt-free and printer-free: the ESC/POS driver prints these lines, the demo shows them,
the digital receipt renders them. Only the words are translated here; amounts always use
Dutch notation (``€ 1,99``), as Dutch receipts do.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.core.money import format_cents
from kiosk.core.pricing import CartTotals, PricedLine

WIDTH = 42

WORDS = {
    "nl": {
        "total": "TOTAAL",
        "items": "artikelen",
        "saving": "Uw voordeel",
        "deposit": "waarvan statiegeld",
        "vat": "BTW",
        "over": "over",
        "vat_header": "BTW-specificatie",
        "per_kg": "/kg",
    },
    "en": {
        "total": "TOTAL",
        "items": "items",
        "saving": "You saved",
        "deposit": "of which deposit",
        "vat": "VAT",
        "over": "on",
        "vat_header": "VAT summary",
        "per_kg": "/kg",
    },
}


@dataclass(frozen=True)
class ReceiptHeader:
    store_name: str
    kiosk_name: str
    transaction_id: str
    when: str  # local date and time, already formatted


def _row(left: str, right: str, width: int = WIDTH) -> str:
    room = width - len(right) - 1
    if len(left) > room:
        left = left[: max(room - 1, 0)] + "…"
    return f"{left:<{room}} {right}"


def _line_rows(line: PricedLine, language: str, words: dict[str, str]) -> list[str]:
    name = line.product.name(language)
    if line.is_deposit:
        name = f"  {name}"
    rows = [_row(name, format_cents(line.gross_cents, symbol=False))]
    if line.grams is not None:
        kilos = f"{line.grams / 1000:.3f}".replace(".", ",")
        rows.append(
            f"  {kilos} kg x {format_cents(line.unit_price_cents, symbol=False)}{words['per_kg']}"
        )
    elif line.quantity > 1:
        rows.append(f"  {line.quantity} x {format_cents(line.unit_price_cents, symbol=False)}")
    if line.saving_cents:
        label = "  " + (", ".join(line.promotion_codes) or words["saving"])
        rows.append(_row(label, format_cents(-line.saving_cents, symbol=False)))
    return rows


def receipt_lines(
    totals: CartTotals, language: str = "nl", header: ReceiptHeader | None = None
) -> list[str]:
    words = WORDS.get(language, WORDS["en"])
    out: list[str] = []
    if header is not None:
        out += [header.store_name.center(WIDTH), header.kiosk_name.center(WIDTH), header.when]
        out.append("-" * WIDTH)
    for line in totals.lines:
        out += _line_rows(line, language, words)
    out.append("-" * WIDTH)
    out.append(_row(f"{words['total']} ({totals.item_count} {words['items']})",
                    format_cents(totals.total_cents)))  # fmt: skip
    if totals.deposit_cents:
        out.append(_row(f"  {words['deposit']}", format_cents(totals.deposit_cents)))
    if totals.saving_cents:
        out.append(_row(words["saving"], format_cents(totals.saving_cents)))
    out.append("")
    out.append(words["vat_header"])
    for part in totals.vat_breakdown:
        out.append(
            _row(
                f"  {words['vat']} {int(part.rate)}% {words['over']} "
                f"{format_cents(part.net_cents, symbol=False)}",
                format_cents(part.vat_cents, symbol=False),
            )
        )
    if header is not None:
        out += ["", header.transaction_id]
    return out
