"""Card numbers never reach our side: a whole session on a real kiosk, scanned byte by byte.

A kiosk (``build_kiosk``, every device simulated, the payment terminal's simulator in its
own process) and a console link on the embedded broker. The terminal simulator is seeded
with test card numbers; the shopper pays with a decline first, then an approval, takes a
printed receipt, shops again and pays, and the console asks for a reprint. Meanwhile two
taps record the traffic a store's accounts can see: a console account on every topic a
console may read (state, event, presence, cmd-result) and a kiosk account on the lane's
commands and acks. Then every captured MQTT payload, every file under the test's folder
(journals, event logs, the store database, logs, the driver's state files) and every
byte the receipt printer received is scanned for card numbers.

What counts as a card number: a run of 13 to 19 digits that passes the Luhn check and is
not a GTIN (item codes often pass Luhn too: a code in the catalog, or a 13/14-digit run
with a right GS1 check digit, is skipped), plus, whatever their shape, the seeded numbers
themselves with any separators (``4111 1111 1111 1111``, ``4111-1111-...``) and their
last ten digits. Masked forms (``************1111``) are what the kiosk may keep.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from attendant.link import ConsoleLink
from kiosk.app import Kiosk, build_kiosk
from kiosk.config import load_kiosk_config
from kiosk.core.barcodes import is_valid_gtin
from kiosk.core.catalog.repository import Catalog
from kiosk.core.lane.settings import ReceiptChoice
from kiosk.core.session import SessionState
from kiosk.core.staff import (
    HashParameters,
    Role,
    Roster,
    StaffMember,
    SystemActor,
    create_key_file,
)
from kiosk.link.protocol import CommandKind
from tests.broker import Broker, MqttClient
from tests.broker import embedded_broker as embedded_broker
from tests.e2e.test_store_network import (
    MILK,
    WAIT_MS,
    lane_seen,
    outcome_of,
    start_console,  # noqa: F401 (fixture)
)
from tests.e2e.test_store_network import kiosk_file as plain_kiosk_file

S = SessionState
KIM = StaffMember(id=1043, login="1043", name="Kim", role=Role.SUPERVISOR)
SEEDED = ["4111111111111111", "5555555555554444", "378282246310005", "6011000990139424"]
"""Well-known scheme test numbers (Visa, Mastercard, Amex, Discover), all Luhn-valid."""
FAST = HashParameters(time_cost=1, memory_cost=64, parallelism=1)
DEFAULT_CARD = "4761739001010010"  # the simulator's own card when none is seeded

_DIGIT_RUN = re.compile(rb"(?<![0-9A-Fa-f])[0-9]{13,19}(?![0-9A-Fa-f])")
"""Contiguous runs of 13-19 digits. A run touching a hex letter is part of a hex token (an
id, a hash): a 32-digit UUID holds a 13-digit decimal run now and then, which says nothing
about card data; seeded numbers are looked for without this limit (``_seeded_pattern``)."""


def luhn_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char) * (2 if index % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _seeded_pattern(pan: str) -> re.Pattern[bytes]:
    """``pan`` verbatim or with up to two separator bytes between any of its digits."""
    return re.compile(rb"(?<!\d)" + rb"[^0-9]{0,2}".join(d.encode() for d in pan) + rb"(?!\d)")


class CardScanner:
    """Finds card numbers in bytes; see the module docstring for what counts as one."""

    def __init__(self, seeded: Iterable[str], catalog: Catalog) -> None:
        self.seeded = list(seeded)
        self._patterns = [_seeded_pattern(pan) for pan in self.seeded]
        self._catalog = catalog

    def is_gtin(self, digits: str) -> bool:
        if len(digits) in (13, 14) and is_valid_gtin(digits):
            return True
        return self._catalog.by_gtin(digits.zfill(14)) is not None or (
            self._catalog.by_gtin(digits) is not None
        )

    def findings(self, where: str, data: bytes) -> list[str]:
        found = []
        for match in _DIGIT_RUN.finditer(data):
            digits = match.group().decode()
            if luhn_valid(digits) and not self.is_gtin(digits):
                found.append(f"{where}: Luhn-valid {digits[:6]}...{digits[-4:]} ({len(digits)})")
        for pan, pattern in zip(self.seeded, self._patterns, strict=True):
            if pattern.search(data) or pan[-10:].encode() in data:
                found.append(f"{where}: seeded card ending {pan[-4:]}")
        return found


def test_the_scanner_finds_what_it_looks_for_and_skips_item_codes(tmp_path: Path) -> None:
    """The check can fail: full numbers in any shape are found, masks and GTINs are not."""
    root = Path(__file__).resolve().parents[2]
    with Catalog(root / "catalog.db") as catalog:
        scanner = CardScanner(SEEDED, catalog)
        for text in (
            b'{"pan": "4111111111111111"}',
            b"Card 5555 5555 5555 4444",
            b"3782-822463-10005",
            b"card=6011000990139424;",
            b"x0000990139424x",  # the last ten digits of a seeded number
            b"4000056655665556",  # a Luhn-valid number nobody seeded
        ):
            assert scanner.findings("t", text), text
        sold = "8716656761197"  # in the sample catalog, and Luhn-valid
        assert luhn_valid(sold) and catalog.by_gtin(sold) is not None
        assert scanner.findings("t", f"item {sold} 1x".encode()) == []
        for text in (
            b"Card ************1111",
            b"37*********0005",
            b"4006381333931",  # a GTIN-13 with a right check digit (and Luhn-valid)
            b"trace 000123 receipt 0042 terminal 52500001",
            b"3f2a4000056655665556b",  # a hex id, not a card number
        ):
            assert scanner.findings("t", text) == [], text


# -- the session ----------------------------------------------------------------------------


class Tap:
    """A client of ``account`` recording everything it may read, from the first byte."""

    def __init__(self, broker: Broker, account: str, filters: list[str]) -> None:
        self.client: MqttClient = broker.connected(account)
        codes = self.client.subscribe(*filters)
        assert not any(code.is_failure for code in codes), (account, codes)

    def payloads(self) -> list[tuple[str, bytes]]:
        return [(m.topic, m.payload) for m in self.client.messages()]


class PrinterTap:
    """Keeps every byte the in-process printer simulator receives (ESC/POS as sent)."""

    def __init__(self, kiosk: Kiosk) -> None:
        self.data = bytearray()
        self._lock = threading.Lock()
        simulator = kiosk.simulator("printer").simulator
        original = simulator.receive

        def receive(data: bytes, connection: object = None) -> bytes:
            with self._lock:
                self.data += data
            return original(data, connection)

        simulator.receive = receive


@pytest.fixture
def debug_log(tmp_path: Path) -> Iterator[Path]:
    """Everything logged at DEBUG, as a kiosk's log file would hold it (``kiosk.app``'s
    ``setup_logging`` logs at INFO; DEBUG shows more, so it is the stricter test)."""
    path = tmp_path / "kiosk-1" / "logs" / "debug.log"
    path.parent.mkdir(parents=True)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.setLevel(logging.DEBUG)
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield path
    root.removeHandler(handler)
    root.setLevel(level)
    handler.close()


def pay_by_card(qtbot, kiosk: Kiosk, outcomes: list[str]) -> None:
    terminal = kiosk.simulator("payment_terminal")
    terminal.call("script", outcomes=outcomes)
    assert kiosk.lane.key_in(MILK)
    assert kiosk.lane.pay()
    if outcomes[0].startswith("decline"):
        qtbot.waitUntil(lambda: kiosk.lane.state is S.DECLINED, timeout=WAIT_MS)
        assert kiosk.lane.pay()  # another card
    qtbot.waitUntil(lambda: kiosk.lane.state is S.RECEIPT, timeout=WAIT_MS)


def test_seeded_card_numbers_appear_nowhere_in_a_whole_session(
    qtbot,
    qapp,
    tmp_path: Path,
    embedded_broker: Broker,
    start_console,  # noqa: F811 (the fixture imported above)
    debug_log: Path,
) -> None:
    # the store's staff database and its key, as `selfscan-staff init` makes them, so
    # interventions are audited into store.db (cheap argon2: test data)
    create_key_file(tmp_path / "staff.key")
    with Roster(tmp_path / "store.db", tmp_path / "staff.key", parameters=FAST) as roster:
        roster.add_staff(SystemActor("tests"), "1043", "Kim", "supervisor", "7391")
    topics = embedded_broker.topics
    console_tap = Tap(embedded_broker, "console-2", topics.console_subscriptions())
    lane_tap = Tap(embedded_broker, "kiosk-1", topics.kiosk_subscriptions("kiosk-1")[:2])
    kiosk = build_kiosk(
        load_kiosk_config(plain_kiosk_file(tmp_path, embedded_broker)),
        app=qapp,
        windowed=True,
        screen_size=(1280, 800),
        audible=False,
    )
    try:
        printer = PrinterTap(kiosk)
        kiosk.simulator("payment_terminal").call("seed_cards", pans=SEEDED)
        console: ConsoleLink = start_console(embedded_broker, "console-1", KIM)
        qtbot.waitUntil(lambda: lane_seen(console, kiosk), timeout=WAIT_MS)

        # a decline (the lane calls for help with the decline's context), another card
        pay_by_card(qtbot, kiosk, ["decline:insufficient_funds", "approve"])
        first = kiosk.lane.transaction_id
        assert kiosk.lane.choose_receipt(ReceiptChoice.PRINT)
        qtbot.waitUntil(lambda: kiosk.lane.state is S.FEEDBACK, timeout=WAIT_MS)
        assert kiosk.lane.rate(5)
        qtbot.waitUntil(lambda: kiosk.lane.state is S.ATTRACT, timeout=WAIT_MS)
        # a second sale, and the console reprints the first receipt
        pay_by_card(qtbot, kiosk, ["approve"])
        command_id = console.send(CommandKind.REPRINT_RECEIPT, "kiosk-1", transaction_id=first)
        assert outcome_of(qtbot, console, command_id).status == "done"
        qtbot.waitUntil(
            lambda: len(kiosk.simulator("printer").call("receipts") or []) >= 2, timeout=WAIT_MS
        )
        # the events (sales, the decline's help call) reached the console and were acked
        qtbot.waitUntil(lambda: not list(kiosk.journal.unconfirmed()), timeout=WAIT_MS)
        qtbot.waitUntil(
            lambda: bool(lane_tap.payloads() and console_tap.payloads()), timeout=WAIT_MS
        )

        terminal_log = kiosk.simulator("payment_terminal").call("transactions")
        assert [t["outcome"] for t in terminal_log] == ["declined", "approved", "approved"]
        used = [t["masked_pan"][-4:] for t in terminal_log]
        assert used == [pan[-4:] for pan in SEEDED[:3]]  # the seeded cards were the ones used
    finally:
        kiosk.close()

    captured: list[tuple[str, bytes]] = []
    for tap in (console_tap, lane_tap):
        captured += [(f"mqtt {topic}", payload) for topic, payload in tap.payloads()]
        tap.client.close()
    kinds = {topic.rsplit("/", 1)[-1] for topic, _ in captured}
    assert {"state", "event", "presence", "cmd-result"} <= kinds
    assert any("/cmd/" in topic for topic, _ in captured)
    assert any("/ack/" in topic for topic, _ in captured)
    captured.append(("printer bytes", bytes(printer.data)))
    files = sorted(p for p in tmp_path.rglob("*") if p.is_file())
    names = {p.name for p in files}
    assert {"journal.db", "store.db", "debug.log"} <= names, names
    assert any(name.startswith("events") for name in names), names
    captured += [(str(p.relative_to(tmp_path)), p.read_bytes()) for p in files]

    with Roster(tmp_path / "store.db", tmp_path / "staff.key", parameters=FAST) as roster:
        assert [e.action for e in roster.audit.entries(action="reprint_receipt")] == [
            "reprint_receipt"
        ]
    # the data scanned is the data that matters: receipts printed, masked card on them
    assert b"4444" in printer.data
    assert any(b"4444" in data for where, data in captured if where.endswith("journal.db"))

    root = Path(__file__).resolve().parents[2]
    with Catalog(root / "catalog.db") as catalog:
        scanner = CardScanner([*SEEDED, DEFAULT_CARD], catalog)
        findings = [f for where, data in captured for f in scanner.findings(where, data)]
    assert findings == [], json.dumps(findings, indent=1)
