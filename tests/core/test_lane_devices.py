"""The lane's ports fit the real drivers: the ZVT terminal driver against the ZVT
simulator (TCP) and the ESC/POS printer driver against the printer simulator (a pty),
through the threaded scheduler. Waits drain the scheduler's queue with a deadline."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from drivers.config import DeviceConfig
from drivers.device import DeviceState
from drivers.payment.zvt import ZvtTerminal
from drivers.printer.escpos_printer import EscposPrinter
from drivers.sim.printer import PrinterSimulator
from drivers.sim.zvt import ZvtTerminalSimulator
from kiosk.core.catalog.repository import Catalog
from kiosk.core.journal import Journal
from kiosk.core.lane import (
    LaneController,
    LaneDevices,
    LaneSettings,
    ManualClock,
    Message,
    MessageKey,
    ThreadScheduler,
)
from kiosk.core.lane.controller import ReceiptChoice
from kiosk.core.session import SessionState
from tests.core.test_lane_fakes import CATALOG, COLA, MILK, TODAY, FakeLight

S = SessionState
WAIT = 20.0


@pytest.fixture
def zvt_sim() -> Iterator[ZvtTerminalSimulator]:
    sim = ZvtTerminalSimulator(
        card_delay=0.01, pin_delay=0.01, auth_delay=0.01, status_interval=0.5, status_timeout=2
    )
    sim.start()
    yield sim
    sim.stop()


@pytest.fixture
def printer_sim() -> Iterator[PrinterSimulator]:
    sim = PrinterSimulator()
    sim.start()
    yield sim
    sim.stop()


@pytest.fixture
def terminal(zvt_sim: ZvtTerminalSimulator, tmp_path: Path) -> Iterator[ZvtTerminal]:
    base = zvt_sim.driver_config()
    options = {
        **base.options,
        "probe_interval": 60,
        "loss_timeout": 1,
        "state_file": str(tmp_path / "terminal.payment.json"),
    }
    config = DeviceConfig(kind="payment_terminal", driver="zvt", url=base.url, options=options)
    device = ZvtTerminal(config, reconnect_interval=0.05)
    device.open()
    device.enable()
    yield device
    device.close()


@pytest.fixture
def printer(printer_sim: PrinterSimulator) -> Iterator[EscposPrinter]:
    config = DeviceConfig(
        kind="printer",
        driver="escpos",
        url=printer_sim.driver_config().url,
        options={"poll_interval": 0.05, "status_timeout": 1.0},
    )
    device = EscposPrinter(config, reconnect_interval=0.02)
    device.open()
    device.enable()
    yield device
    device.close()


@pytest.fixture
def lane(tmp_path: Path, terminal: ZvtTerminal, printer: EscposPrinter):
    clock = ManualClock()
    journal = Journal(tmp_path / "journal.db", kiosk_id="kiosk-1", clock=clock.utc_now)
    catalog = Catalog(CATALOG, today=lambda: TODAY)
    scheduler = ThreadScheduler()
    controller = LaneController(
        LaneSettings(kiosk_id="kiosk-1", store_name="Super", kiosk_name="Kassa 1"),
        catalog,
        journal,
        LaneDevices(payment=terminal, printer=printer, light=FakeLight()),
        clock=clock,
        scheduler=scheduler,
    )
    messages: list[Message] = []
    controller.message.connect(messages.append)
    controller.attach()
    scheduler.wait_until(
        lambda: (
            terminal.status.state is DeviceState.ONLINE
            and printer.status.state is DeviceState.ONLINE
        ),
        WAIT,
    )
    yield controller, scheduler, messages
    scheduler.close()
    catalog.close()
    journal.close()


def test_a_sale_paid_on_the_zvt_terminal_and_printed_on_escpos(lane, zvt_sim, printer_sim):
    controller, scheduler, messages = lane
    assert controller.scan(MILK) and controller.scan(COLA)
    transaction = controller.transaction_id
    assert controller.pay()
    scheduler.wait_until(lambda: controller.state is S.RECEIPT, WAIT)
    (booked,) = zvt_sim.transactions()
    assert booked["amount_cents"] == 119 + 199 + 25
    assert controller.journal.transaction_status(transaction) == "paid"
    assert controller.choose_receipt(ReceiptChoice.PRINT)
    scheduler.wait_until(lambda: controller.state is S.FEEDBACK, WAIT)
    text = printer_sim.receipts()[-1]
    assert "TOTAAL" in text and transaction in text and "3,43" in text
    assert MessageKey.RECEIPT_PRINTED in [m.key for m in messages]


def test_a_decline_from_the_terminal(lane, zvt_sim):
    controller, scheduler, messages = lane
    controller.scan(MILK)
    zvt_sim.next_outcome("decline:insufficient_funds")
    controller.pay()
    scheduler.wait_until(lambda: controller.state is S.DECLINED, WAIT)
    assert messages[-1].key is MessageKey.DECLINED_TRY_OTHER_CARD
    assert messages[-1]["reason"] == "insufficient_funds"


def test_a_lost_connection_is_reconciled_and_charged_once(lane, zvt_sim):
    controller, scheduler, messages = lane
    controller.scan(MILK)
    transaction = controller.transaction_id
    zvt_sim.next_outcome("disconnect:approve")  # booked, then the line drops
    controller.pay()
    scheduler.wait_until(lambda: controller.state is not S.PAYING, WAIT)
    assert MessageKey.PAYMENT_CHECKING in [m.key for m in messages]
    scheduler.wait_until(lambda: controller.state is S.RECEIPT, WAIT)
    assert [t["amount_cents"] for t in zvt_sim.transactions()] == [119]  # once
    assert [p.status for p in controller.journal.payments(transaction)] == ["approved"]


def test_paper_out_offers_the_digital_receipt(lane, printer_sim):
    controller, scheduler, messages = lane
    controller.scan(MILK)
    controller.pay()
    scheduler.wait_until(lambda: controller.state is S.RECEIPT, WAIT)
    printer_sim.set_fault("paper_out")
    scheduler.wait_until(
        lambda: controller.snapshot()["devices"].get("printer", {}).get("state") == "error",
        WAIT,
    )
    assert not controller.choose_receipt(ReceiptChoice.PRINT)
    assert messages[-1].key is MessageKey.PRINTER_FAILED_DIGITAL
    assert controller.choose_receipt(ReceiptChoice.DIGITAL)
    assert controller.state is S.FEEDBACK
