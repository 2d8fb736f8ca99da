"""The simulator panel: one tab per kiosk, to play the shopper's hands and the hardware.

A tool window, not a shopper screen (English, plain words). At the top a short "Try this"
guide and one line on the store network (the broker and the console: running, with their
pids, or exited); in each kiosk's tab:

* **Kiosk**: the kiosk process's status (starting / running / exited) and Restart; the
  lane light's lamps as the tower shows them (steady, flashing, buzzer);
* **Scanner**: suggested products (one of each kind the lane treats differently), the
  demo staff member's badge, a search over the catalog, a typed code, garbage on the
  line, unplug / plug in;
* **Scale**: a weight in grams (and a few ready ones), take off, unstable, overload,
  unplug / plug in;
* **Receipt printer**: paper out, paper nearly out, cover open, back to normal, unplug /
  plug in, and the last receipt as the printer received it;
* **Payment terminal**: the outcome of the next payment (approve, every decline reason,
  a timeout, a lost connection...), offline / online.

Every action is a control command to the simulator *process* (:class:`~drivers.sim.
control.SimClient`); the kiosk sees only what its real drivers read from the device. The
panel looks at the simulators and the kiosk twice a second (:meth:`LaneTab.refresh`).
A refused command is shown in the status line, never raised.

Object names (tests, screenshots): ``simulatorPanel``, ``tryThis``, ``networkStatus``,
per tab ``lane-<id>`` with ``kioskStatus``, ``restartKiosk``, ``laneLamp``,
``scan-<suggestion key>``, ``scanStaffBadge``, ``productSearch``, ``searchResults``,
``scanSelected``, ``typedCode``, ``scanTyped``, ``scanGarbage``, ``grams``, ``putOn``,
``takeOff``, ``scaleStatus``,
``printerStatus``, ``receiptText``, ``nextOutcome``, ``queueOutcome``, ``terminalStatus``,
and one button per simulator command (``scanner-unplug``, ``printer-paper_out`` ...).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QColor, QFont, QFontDatabase, QPainter, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from drivers.config import DeviceKind
from drivers.sim.control import SimControlError
from drivers.sim.zvt import DECLINES
from kiosk.core.catalog.repository import Catalog
from kiosk.core.money import format_cents
from selfscan_demo.lanes import DemoLane
from selfscan_demo.network import DemoNetwork
from selfscan_demo.products import Suggestion, scan_code
from selfscan_demo.staff import DEMO_STAFF

__all__ = ["OUTCOMES", "TRY_THIS", "Lamp", "LaneTab", "SimulatorPanel"]

log = logging.getLogger("selfscan_demo.panel")

REFRESH_MS = 500
BLINK_MS = 400

TRY_THIS = f"""<b>Try this</b> (each kiosk is its own window; this panel plays the shopper's
hands and the hardware):
<ol>
<li><b>Buy a basket.</b> Touch the kiosk's start screen, then press a few products under
<i>Scanner</i> here. Press <i>Pay</i> on the kiosk: the terminal approves and the receipt
prints (see <i>Receipt printer</i> here).</li>
<li><b>Weigh produce.</b> Press the bananas (PLU 4011): the kiosk asks for the weight.
Put 1250 g on the <i>Scale</i>; the line appears with its price per kilo.</li>
<li><b>See a decline.</b> Under <i>Payment terminal</i> choose a decline, e.g.
<i>insufficient funds</i>, press <i>Use for the next payment</i>, then <i>Pay</i> on the
kiosk. The kiosk says what happened in plain words; pay again: the next one approves.</li>
<li><b>Get a receipt.</b> After paying, the printed receipt shows here. Try <i>Paper
out</i> first: the kiosk offers a digital receipt (QR) instead.</li>
<li><b>Approve an age check.</b> Scan the beer and press <i>Pay</i>: the kiosk waits for
a staff member. Press <i>Scan staff badge ({DEMO_STAFF.name})</i> here (or tap
<i>Staff</i> on the kiosk and type {DEMO_STAFF.login}, OK, {DEMO_STAFF.pin}, OK), then
<i>Approve age</i> and <i>Log out</i> on the kiosk, and pay.</li>
<li><b>Answer from the console.</b> The attendant console (its own window) lists every
kiosk; log in there as {DEMO_STAFF.name} ({DEMO_STAFF.login}, PIN {DEMO_STAFF.pin}, or the
badge). A help call (the beer's age check, <i>Help</i> on a kiosk) appears in its queue,
and the console can answer it from a distance.</li>
</ol>
Also: unplug a device, or restart a kiosk (its cart is kept). {DEMO_STAFF.name}
({DEMO_STAFF.role}) is a demo-only account."""

OUTCOMES: list[tuple[str, str]] = [
    ("approve", "Approve"),
    *[
        (f"decline:{reason}", f"Decline: {reason.replace('_', ' ')}")
        for reason in DECLINES
        if reason != "terminal_busy"
    ],
    ("decline:terminal_busy", "Terminal busy"),
    ("slow:6", "Slow bank (6 s, then approve)"),
    ("no_card", "Nobody presents a card"),
    ("timeout:approve", "Terminal falls silent (booked)"),
    ("timeout:none", "Terminal falls silent (not booked)"),
    ("disconnect:approve", "Connection lost (booked)"),
    ("disconnect:none", "Connection lost (not booked)"),
    ("duplicate", "Result sent twice"),
    ("reboot", "Terminal reboots mid-payment"),
]
"""(outcome for the terminal simulator's ``next_outcome``, what the panel says)."""

LAMP_COLOURS = {"red": "#d32f2f", "yellow": "#f9a825", "green": "#2e7d32"}
DARK = "#3a3a3a"


class Lamp(QWidget):
    """A tower light as the simulator reports it: red, yellow and green lamps, each off,
    on or blinking, and the buzzer as a word under them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("laneLamp")
        self.outputs: dict[str, str] = dict.fromkeys((*LAMP_COLOURS, "buzzer"), "off")
        self.plugged = True
        self._phase = True
        self._blink = QTimer(self)
        self._blink.setInterval(BLINK_MS)
        self._blink.timeout.connect(self._toggle)
        self.setMinimumSize(70, 190)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def set_state(self, state: dict[str, Any] | None) -> None:
        """The lane light simulator's ``state`` (None: unreachable, all dark)."""
        outputs = {key: (state or {}).get(key, "off") for key in self.outputs}
        plugged = bool(state and state.get("plugged", True))
        if outputs != self.outputs or plugged != self.plugged:
            self.outputs, self.plugged = outputs, plugged
            if "blink" in outputs.values():
                self._blink.start()
            else:
                self._blink.stop()
                self._phase = True
            self.update()

    def describe(self) -> str:
        """In words, e.g. "green steady" or "yellow flashing, buzzer"."""
        if not self.plugged:
            return "unplugged"
        words = [
            f"{colour} {'steady' if mode == 'on' else 'flashing'}"
            for colour, mode in self.outputs.items()
            if colour != "buzzer" and mode != "off"
        ]
        if self.outputs["buzzer"] != "off":
            words.append("buzzer")
        return ", ".join(words) or "off"

    def _toggle(self) -> None:
        self._phase = not self._phase
        self.update()

    def paintEvent(self, _event: Any) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        size = min(self.width() - 10, 52)
        x = (self.width() - size) / 2
        painter.setPen(QPen(QColor("#222222"), 2))
        for row, (name, colour) in enumerate(LAMP_COLOURS.items()):
            mode = self.outputs[name]
            lit = mode == "on" or (mode == "blink" and self._phase)
            painter.setBrush(QColor(colour if lit else DARK))
            painter.drawEllipse(QRectF(x, 4 + row * (size + 8), size, size))
        if self.outputs["buzzer"] != "off":
            painter.setPen(QColor("#222222"))
            painter.drawText(
                QRectF(0, 4 + 3 * (size + 8), self.width(), 20),
                Qt.AlignmentFlag.AlignCenter,
                "buzzer",
            )
        painter.end()


def _button(text: str, name: str, action: Callable[[], object], tip: str = "") -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    if tip:
        button.setToolTip(tip)
    button.clicked.connect(lambda _checked=False: action())
    return button


def _row(*widgets: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    for widget in widgets:
        row.addWidget(widget)
    return row


class LaneTab(QWidget):
    """The controls of one lane; see the module docstring. ``message`` carries what the
    status line shows (a refused command, a done action)."""

    message = Signal(str)

    def __init__(
        self,
        lane: DemoLane,
        suggestions: Sequence[Suggestion],
        catalog: Catalog | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.lane = lane
        self.catalog = catalog
        self.suggestions = list(suggestions)
        self.setObjectName(f"lane-{lane.kiosk_id}")
        self._receipt_count: int | None = None
        self.states: dict[DeviceKind, dict[str, Any] | None] = {}

        grid = QGridLayout(self)
        grid.addWidget(self._scanner_box(), 0, 0, 2, 1)
        grid.addWidget(self._scale_box(), 0, 1)
        grid.addWidget(self._terminal_box(), 1, 1)
        grid.addWidget(self._kiosk_box(), 0, 2)
        grid.addWidget(self._printer_box(), 1, 2)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(2, 2)

    # -- acting on the simulators --

    def act(self, kind: DeviceKind | str, command: str, **args: Any) -> Any:
        """Send ``command`` to the simulator of ``kind``; a refusal goes to :attr:`message`
        (returns None then)."""
        kind = DeviceKind(kind)
        try:
            result = self.lane.call(kind, command, **args)
        except (SimControlError, LookupError, OSError) as error:
            self.message.emit(f"{self.lane.name}: {kind.value} {command}: {error}")
            return None
        self.refresh()
        return result

    def scan(self, code: str, symbology: str | None = None, what: str = "") -> None:
        code = code.strip()
        if not code:
            self.message.emit("Type a code first.")
            return
        args: dict[str, Any] = {"data": code}
        if symbology is not None:
            args["symbology"] = symbology
        result = self.act(DeviceKind.SCANNER, "scan", **args)
        if result is not None:
            sent = "scanned" if result.get("sent") else "not sent (scanner unplugged or off)"
            self.message.emit(f"{self.lane.name}: {what or code} {sent}")

    def _scan_suggestion(self, suggestion: Suggestion) -> None:
        self.scan(suggestion.code, suggestion.symbology, suggestion.label)

    def _plug_buttons(self, kind: DeviceKind) -> QHBoxLayout:
        if kind is DeviceKind.PAYMENT_TERMINAL:
            off = _button(
                "Offline",
                "payment_terminal-offline",
                lambda: self.act(kind, "set_fault", fault="offline"),
            )
            on = _button(
                "Online", "payment_terminal-online", lambda: self.act(kind, "set_fault", fault=None)
            )
        else:
            off = _button("Unplug", f"{kind.value}-unplug", lambda: self.act(kind, "unplug"))
            on = _button("Plug in", f"{kind.value}-plug", lambda: self.act(kind, "plug"))
        return _row(off, on)

    # -- the boxes --

    def _scanner_box(self) -> QGroupBox:
        box = QGroupBox("Scanner")
        layout = QVBoxLayout(box)
        layout.addWidget(QLabel("Suggested products (press to scan):"))
        grid = QGridLayout()
        for index, suggestion in enumerate(self.suggestions):
            button = _button(
                suggestion.label,
                f"scan-{suggestion.key}",
                lambda s=suggestion: self._scan_suggestion(s),
                f"{suggestion.code}: {suggestion.note}",
            )
            grid.addWidget(button, index // 2, index % 2)
            button.setMinimumWidth(60)  # long names are cut, the tooltip has them whole
        layout.addLayout(grid)
        member = DEMO_STAFF
        layout.addWidget(
            _button(
                f"Scan staff badge ({member.name})",
                "scanStaffBadge",
                lambda: self.scan(member.badge, what=f"{member.name}'s staff badge"),
                f"{member.badge}: the kiosk opens staff mode for {member.name} "
                f"({member.role}, staff number {member.login}, PIN {member.pin}; demo only)",
            )
        )

        self.search = QLineEdit()
        self.search.setObjectName("productSearch")
        self.search.setPlaceholderText("Search the catalog (name), e.g. kaas or apple")
        self.results = QListWidget()
        self.results.setObjectName("searchResults")
        self.results.setMinimumHeight(110)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(200)
        self._search_timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.results.itemDoubleClicked.connect(lambda _item: self.scan_selected())
        layout.addWidget(QLabel("Any product:"))
        layout.addWidget(self.search)
        layout.addWidget(self.results)
        layout.addWidget(_button("Scan selected", "scanSelected", self.scan_selected))
        if self.catalog is None:
            self.search.setEnabled(False)
            self.search.setPlaceholderText("No catalog to search")

        self.typed = QLineEdit()
        self.typed.setObjectName("typedCode")
        self.typed.setPlaceholderText("A code, e.g. 8711158843402")
        self.typed.returnPressed.connect(lambda: self.scan(self.typed.text()))
        layout.addWidget(QLabel("A typed code:"))
        layout.addLayout(
            _row(self.typed, _button("Scan", "scanTyped", lambda: self.scan(self.typed.text())))
        )
        garbage = _button(
            "Line noise",
            "scanGarbage",
            lambda: self.act(DeviceKind.SCANNER, "garbage", bytes_hex="15ff00fe0d"),
            "bytes that are no barcode: the lane ignores them",
        )
        half = _button(
            "Half a scan",
            "scanHalf",
            lambda: self.act(DeviceKind.SCANNER, "half_frame"),
            "a scan cut off before its end: dropped, never merged with the next",
        )
        layout.addLayout(_row(garbage, half))
        layout.addLayout(self._plug_buttons(DeviceKind.SCANNER))
        self.scanner_status = QLabel()
        self.scanner_status.setObjectName("scannerStatus")
        layout.addWidget(self.scanner_status)
        layout.addStretch(1)
        return box

    def run_search(self) -> None:
        self.results.clear()
        text = self.search.text().strip()
        if self.catalog is None or len(text) < 2:
            return
        for product in self.catalog.search(text, limit=40):
            if product.gtin:
                code, symbology = scan_code(product), "ean13"
            elif product.plu:
                code, symbology = product.plu, None
            else:
                continue
            shown = f"{product.name_en}  ({format_cents(product.price_cents)}"
            shown += "/kg)" if product.sold_by_weight else ")"
            item = QListWidgetItem(shown)
            item.setData(Qt.ItemDataRole.UserRole, (code, symbology, product.name_en))
            self.results.addItem(item)

    def scan_selected(self) -> None:
        item = self.results.currentItem()
        if item is None:
            self.message.emit("Pick a product in the list first.")
            return
        code, symbology, name = item.data(Qt.ItemDataRole.UserRole)
        self.scan(code, symbology, name)

    def _scale_box(self) -> QGroupBox:
        box = QGroupBox("Scale")
        layout = QVBoxLayout(box)
        self.grams = QSpinBox()
        self.grams.setObjectName("grams")
        self.grams.setRange(1, 40_000)
        self.grams.setValue(1250)
        self.grams.setSingleStep(5)
        self.grams.setSuffix(" g")
        layout.addLayout(_row(self.grams, _button("Put on", "putOn", self.put_on)))
        quick = [
            _button(f"{grams} g", f"put-{grams}", lambda g=grams: self.put_on(g))
            for grams in (150, 500, 1250, 2500)
        ]
        layout.addLayout(_row(*quick))
        scale = DeviceKind.SCALE
        layout.addLayout(
            _row(
                _button("Take off", "takeOff", lambda: self.act(scale, "remove", settle_s=0.3)),
                _button(
                    "Unstable",
                    "scale-unstable",
                    lambda: self.act(
                        scale, "set_weight", grams=self._net() or self.grams.value(), stable=False
                    ),
                    "the weight keeps moving until Settle",
                ),
                _button("Settle", "scale-settle", lambda: self.act(scale, "settle")),
            )
        )
        layout.addLayout(
            _row(
                _button(
                    "Overload",
                    "scale-overload",
                    lambda: self.act(scale, "set_fault", fault="overload"),
                ),
                _button("Normal", "scale-normal", lambda: self.act(scale, "set_fault", fault=None)),
            )
        )
        layout.addLayout(self._plug_buttons(scale))
        self.scale_status = QLabel()
        self.scale_status.setObjectName("scaleStatus")
        layout.addWidget(self.scale_status)
        layout.addStretch(1)
        return box

    def _net(self) -> int:
        state = self.states.get(DeviceKind.SCALE) or {}
        return int(state.get("net_g") or 0)

    def put_on(self, grams: int | None = None) -> None:
        """Put ``grams`` (the field's value) on an empty scale; it settles in 0.3 s."""
        grams = self.grams.value() if grams is None else grams
        if self.act(DeviceKind.SCALE, "remove", settle_s=0) is None:
            return
        if self.act(DeviceKind.SCALE, "place", grams=grams, settle_s=0.3) is not None:
            self.message.emit(f"{self.lane.name}: {grams} g on the scale")

    def _terminal_box(self) -> QGroupBox:
        box = QGroupBox("Payment terminal")
        layout = QVBoxLayout(box)
        self.outcome = QComboBox()
        self.outcome.setObjectName("nextOutcome")
        for value, text in OUTCOMES:
            self.outcome.addItem(text, value)
        layout.addWidget(QLabel("The next payment:"))
        layout.addWidget(self.outcome)
        layout.addWidget(
            _button(
                "Use for the next payment",
                "queueOutcome",
                self.queue_outcome,
                "without a choice every payment is approved",
            )
        )
        layout.addWidget(
            _button(
                "Clear the queue",
                "clearOutcomes",
                lambda: self.act(DeviceKind.PAYMENT_TERMINAL, "script", outcomes=[]),
            )
        )
        layout.addLayout(self._plug_buttons(DeviceKind.PAYMENT_TERMINAL))
        self.terminal_status = QLabel()
        self.terminal_status.setObjectName("terminalStatus")
        self.terminal_status.setWordWrap(True)
        layout.addWidget(self.terminal_status)
        layout.addStretch(1)
        return box

    def queue_outcome(self) -> None:
        outcome = self.outcome.currentData()
        if self.act(DeviceKind.PAYMENT_TERMINAL, "next_outcome", outcome=outcome) is not None:
            self.message.emit(
                f"{self.lane.name}: a payment will end as: {self.outcome.currentText()}"
            )

    def _kiosk_box(self) -> QGroupBox:
        box = QGroupBox(f"Kiosk {self.lane.name} ({self.lane.kiosk_id})")
        layout = QHBoxLayout(box)
        left = QVBoxLayout()
        self.kiosk_status = QLabel()
        self.kiosk_status.setObjectName("kioskStatus")
        self.kiosk_status.setWordWrap(True)
        left.addWidget(self.kiosk_status)
        restart_tip = "stop the kiosk process and start it again; the devices stay"
        kill_tip = "kill the process at once; Restart brings the cart back"
        left.addWidget(_button("Restart kiosk", "restartKiosk", self.restart_kiosk, restart_tip))
        left.addWidget(_button("Kill kiosk (power cut)", "killKiosk", self.kill_kiosk, kill_tip))
        self.light_words = QLabel()
        self.light_words.setObjectName("lightStatus")
        self.light_words.setWordWrap(True)
        left.addWidget(QLabel("Lane light:"))
        left.addWidget(self.light_words)
        left.addLayout(self._plug_buttons(DeviceKind.LANE_LIGHT))
        left.addStretch(1)
        layout.addLayout(left, 1)
        self.lamp = Lamp()
        layout.addWidget(self.lamp, 0, Qt.AlignmentFlag.AlignTop)
        return box

    def restart_kiosk(self) -> None:
        self.message.emit(f"{self.lane.name}: restarting the kiosk ...")
        self.lane.restart_kiosk()
        self.refresh()

    def kill_kiosk(self) -> None:
        self.lane.kill_kiosk()
        self.message.emit(f"{self.lane.name}: kiosk killed; press Restart to bring it back")
        self.refresh()

    def _printer_box(self) -> QGroupBox:
        box = QGroupBox("Receipt printer")
        layout = QVBoxLayout(box)
        printer = DeviceKind.PRINTER

        def fault(name: str | None) -> Callable[[], object]:
            return lambda: self.act(printer, "set_fault", fault=name)

        layout.addLayout(
            _row(
                _button("Paper out", "printer-paper_out", fault("paper_out")),
                _button("Paper nearly out", "printer-paper_near_end", fault("paper_near_end")),
            )
        )
        layout.addLayout(
            _row(
                _button("Cover open", "printer-cover_open", fault("cover_open")),
                _button("Back to normal", "printer-normal", fault(None)),
            )
        )
        layout.addLayout(self._plug_buttons(printer))
        self.printer_status = QLabel()
        self.printer_status.setObjectName("printerStatus")
        layout.addWidget(self.printer_status)
        layout.addWidget(QLabel("Last receipt:"))
        self.receipt = QPlainTextEdit()
        self.receipt.setObjectName("receiptText")
        self.receipt.setReadOnly(True)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.receipt.setFont(mono)
        self.receipt.setPlaceholderText("Nothing printed yet.")
        self.receipt.setMinimumHeight(200)
        layout.addWidget(self.receipt, 1)
        return box

    # -- looking --

    def _state(self, kind: DeviceKind) -> dict[str, Any] | None:
        try:
            state = self.lane.call(kind, "state")
        except (SimControlError, LookupError, OSError):
            state = None
        self.states[kind] = state
        return state

    def refresh(self) -> None:
        """Look at the kiosk process and every simulator, and show what they do."""
        self.kiosk_status.setText(f"Process: {self.lane.status()}")
        light = self._state(DeviceKind.LANE_LIGHT)
        self.lamp.set_state(light)
        self.light_words.setText(self.lamp.describe() if light is not None else "not reachable")

        scanner = self._state(DeviceKind.SCANNER)
        self.scanner_status.setText(
            "not reachable"
            if scanner is None
            else f"{'plugged in' if scanner['plugged'] else 'UNPLUGGED'}, "
            f"{'reading' if scanner['enabled'] else 'switched off by the kiosk'}, "
            f"{scanner['scans_sent']} scans sent"
        )
        scale = self._state(DeviceKind.SCALE)
        if scale is None:
            self.scale_status.setText("not reachable")
        else:
            plugged = "" if scale["plugged"] else "UNPLUGGED, "
            self.scale_status.setText(
                f"{plugged}shows {scale['display_g']} g ({scale['status'].replace('_', ' ')})"
            )
        terminal = self._state(DeviceKind.PAYMENT_TERMINAL)
        if terminal is None:
            self.terminal_status.setText("not reachable")
        else:
            queue = ", ".join(terminal["script"]) or "approve every payment"
            state = "OFFLINE" if terminal["fault"] == "offline" else terminal["phase"]
            link = "kiosk connected" if terminal["connected"] else "no kiosk connected"
            self.terminal_status.setText(
                f"{state}, {link}; {terminal['transactions']} transactions\nnext: {queue}"
            )
        printer = self._state(DeviceKind.PRINTER)
        if printer is None:
            self.printer_status.setText("not reachable")
            return
        fault = printer["fault"] or ("paper nearly out" if printer["paper_near_end"] else "ready")
        plugged = "" if printer["plugged"] in (True, None) else "UNPLUGGED, "
        self.printer_status.setText(
            f"{plugged}{fault.replace('_', ' ')}; {printer['receipts']} receipts printed"
        )
        if printer["receipts"] != self._receipt_count:
            self._receipt_count = printer["receipts"]
            last = self.act(DeviceKind.PRINTER, "last_receipt") if printer["receipts"] else None
            self.receipt.setPlainText("" if not last else last["text"])


class SimulatorPanel(QMainWindow):
    """The panel window: the guide and one :class:`LaneTab` per lane. Closing it emits
    :attr:`closed` (the demo then stops everything)."""

    closed = Signal()

    def __init__(
        self,
        lanes: Sequence[DemoLane],
        suggestions: Sequence[Suggestion],
        catalog: Catalog | None = None,
        *,
        network: DemoNetwork | None = None,
        refresh_ms: int = REFRESH_MS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.network = network
        self.setObjectName("simulatorPanel")
        self.setWindowTitle("selfscan demo: simulator panel")
        central = QWidget()
        layout = QVBoxLayout(central)
        guide = QLabel(TRY_THIS)
        guide.setObjectName("tryThis")
        guide.setWordWrap(True)
        guide.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(guide)
        self.network_status = QLabel()
        self.network_status.setObjectName("networkStatus")
        self.network_status.setWordWrap(True)
        self.network_status.setVisible(network is not None)
        layout.addWidget(self.network_status)
        self.tabs = QTabWidget()
        self.lane_tabs: list[LaneTab] = []
        for lane in lanes:
            tab = LaneTab(lane, suggestions, catalog)
            tab.message.connect(self.say)
            self.tabs.addTab(tab, f"{lane.name} ({lane.kiosk_id})")
            self.lane_tabs.append(tab)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self.statusBar().showMessage("Ready.")
        self.timer = QTimer(self)
        self.timer.setInterval(refresh_ms)
        self.timer.timeout.connect(self.refresh)
        self.resize(1280, 900)

    def say(self, text: str) -> None:
        log.info("%s", text)
        self.statusBar().showMessage(text, 10_000)

    def start(self) -> None:
        """Look at the lanes now and every ``refresh_ms`` from now on."""
        self.refresh()
        self.timer.start()

    def refresh(self) -> None:
        """The store network's processes, and the visible tab (the others are looked at
        when shown)."""
        if self.network is not None:
            self.network_status.setText(f"Store network: {self.network.status()}")
        tab = self.tabs.currentWidget()
        if isinstance(tab, LaneTab):
            tab.refresh()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.timer.stop()
        super().closeEvent(event)
        self.closed.emit()
