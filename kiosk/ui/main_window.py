"""The kiosk's one window: a stack of screens that follows the lane, and the help layer.

:class:`MainWindow` holds a :class:`~PySide6.QtWidgets.QStackedWidget` whose page is
chosen by the :class:`~kiosk.ui.router.ScreenRouter` from the lane's session state, and
the help layer (``kiosk.ui.screens.help_panel.HelpPanel``), a widget laid over the
current screen. The help layer shows

* when the screen in front emits ``help_requested`` (the shopper pressed Help), or
* when the lane raises a help call the shopper should follow (:data:`AUTO_HELP_REASONS`:
  the shopper's own request, a device fault, a payment declined again and again),

and hides when it emits ``closed``. The declined screen's ``other_way_chosen(call_id)``
opens the layer on that call (``HelpPanel.open(call_id)``).

The window also wires the screens' own signals to the shell, once per screen, right
after the router built it:

* ``staff_requested`` (the Staff button of the out-of-service and awaiting-attendant
  screens and of the help layer's status page): the staff login shows while the lane
  stays where it is (:meth:`MainWindow.show_staff_login`; the help layer steps aside);
  the staff screen's ``closed`` brings back the screen of the lane's state;
* while a screen with ``badge_scanned(code) -> bool`` (the staff login) is in front, the
  lane's scanner port (:class:`ScanGate`) hands scans to it instead of the lane; a scan it
  does not take (the login is checking, or the menu shows) goes to the lane as always;
* **badge scan anywhere**: while any other screen is in front in a state staff may log in
  from (:data:`~kiosk.ui.staff_auth.STAFF_LOGIN_STATES`) and the roster is available, a
  scan that is no valid retail code (:func:`~kiosk.ui.staff_auth.may_be_badge`, on the
  scanner's thread; product codes pass at once, untouched) comes to the GUI thread;
  when it is somebody's badge (``staff_auth.badge_holder``, a look-up that counts
  nothing) the staff login shows and checks it exactly as if it had been scanned there
  (throttle, lane lock, audit; a disabled member reads the login's refusal), else it
  goes on to the lane (an unknown code stays "unknown barcode"); the badge itself never
  reaches the lane, its journal or a log;
* ``exit_requested`` (diagnostics' Leave the app): :attr:`MainWindow.exit_requested`, on
  which the application quits (:mod:`kiosk.app`);
* the live weight (``devices.weight``, :class:`kiosk.ui.devices.LaneDevices`) goes to
  the shopping screen's ``show_weight``;
* ``staff_auth=`` and ``devices=`` are passed to the staff and diagnostics screens.

The window knows no business rule and opens no dialog: a screen that fails at run time is
logged; the lane decides what the shopper sees.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QWidget

from drivers.device import DataEvent, DeviceEvent, DeviceStatus, Listener
from drivers.scanner import Scan
from kiosk.core.lane.help import HelpReason, HelpStatus
from kiosk.core.session import SessionState
from kiosk.ui.router import HELP_PANEL, ScreenRouter, load_class
from kiosk.ui.staff_auth import STAFF_LOGIN_STATES, may_be_badge

__all__ = ["AUTO_HELP_REASONS", "MainWindow", "ScanGate"]

log = logging.getLogger("kiosk.ui.window")

AUTO_HELP_REASONS = frozenset(
    {HelpReason.SHOPPER_REQUEST, HelpReason.DEVICE_FAULT, HelpReason.PAYMENT_DECLINED}
)
"""Help calls raised by the lane that open the help layer by themselves (the others,
such as an age check, are shown by the screen in front as a banner)."""


class ScanGate(QObject):
    """The lane's scanner port: the scanner's events pass to the lane's listeners, except
    scans while a badge reader is set. Those go to the GUI thread, to the reader; a scan
    the reader does not take goes on to the lane.

    The reader may come with a filter, ``offer(scan) -> bool``, called on the scanner's
    thread (fast, no I/O): only scans it accepts go to the reader (badge scan anywhere:
    codes that are no valid retail code); the others pass to the lane at once, on the
    scanner's thread, exactly as without a reader. Order: while an offered scan waits for
    the GUI thread, every later scan queues behind it (and passes to the lane there,
    unasked), so the lane sees the scans in the order they were read. Status and error
    events (a bad frame) never wait.

    ``scanner`` is the real driver (or anything with ``add_listener`` and ``status``).
    """

    _diverted = Signal(object, bool)
    """A scan event and whether to offer it to the reader, from the scanner's thread to
    the GUI thread (queued)."""

    def __init__(self, scanner: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.scanner = scanner
        self._lock = threading.Lock()
        self._listeners: list[Listener] = []
        self._reader: Callable[[str], bool] | None = None
        self._offer: Callable[[Scan], bool] | None = None
        self._queued = 0
        self._diverted.connect(self._on_diverted, Qt.ConnectionType.QueuedConnection)
        self._remove = scanner.add_listener(self._on_event)

    @property
    def status(self) -> DeviceStatus:
        return self.scanner.status

    def add_listener(self, listener: Listener) -> Callable[[], None]:
        with self._lock:
            self._listeners.append(listener)
        return lambda: self.remove_listener(listener)

    def remove_listener(self, listener: Listener) -> None:
        with self._lock:
            if listener in self._listeners:
                self._listeners.remove(listener)

    def set_badge_reader(
        self,
        reader: Callable[[str], bool] | None,
        offer: Callable[[Scan], bool] | None = None,
    ) -> None:
        """Send scans to ``reader(code)`` (GUI thread) from now on, only those ``offer``
        accepts when it is given (scanner thread); ``reader`` None: all to the lane."""
        with self._lock:
            self._reader, self._offer = reader, (offer if reader is not None else None)

    @property
    def diverting(self) -> bool:
        """A reader is set (some or all scans may go to it)."""
        return self._reader is not None

    def close(self) -> None:
        """Stop listening to the scanner."""
        remove, self._remove = self._remove, None
        if callable(remove):
            remove()

    def _on_event(self, event: DeviceEvent) -> None:
        """On the scanner's thread."""
        if not (isinstance(event, DataEvent) and isinstance(event.payload, Scan)):
            self._pass(event)
            return
        with self._lock:
            reader, offer, queued = self._reader, self._offer, self._queued
        offered = False
        if reader is not None:
            try:
                offered = offer is None or bool(offer(event.payload))
            except Exception:
                log.exception("the badge filter failed; the scan goes to the lane")
        if not offered and not queued:
            self._pass(event)
            return
        with self._lock:
            self._queued += 1
        try:
            self._diverted.emit(event, offered)
        except RuntimeError:  # the gate is being deleted: the lane has it after all
            with self._lock:
                self._queued -= 1
            self._pass(event)

    def _pass(self, event: DeviceEvent) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            listener(event)

    def _on_diverted(self, event: DataEvent, offered: bool) -> None:
        """On the GUI thread: the badge reader's, if offered and it takes it; else the
        lane's."""
        try:
            reader = self._reader
            if offered and reader is not None:
                try:
                    if reader(event.payload.data):
                        log.info("a scan went to the staff login as a badge")
                        return
                except Exception:
                    log.exception("the badge reader failed; the scan goes to the lane")
            self._pass(event)
        finally:
            with self._lock:
                self._queued -= 1


class MainWindow(QMainWindow):
    """See the module docstring. ``router`` may be given (tests with fake screens);
    ``staff_auth`` goes to the staff screen, ``devices`` (a
    :class:`~kiosk.ui.devices.LaneDevices`) to the diagnostics screen and its ``weight``
    to the shopping screen; ``scan_gate`` is the lane's scanner port (badge scans)."""

    help_shown = Signal(bool)
    """True when the help layer appears, False when it goes."""
    exit_requested = Signal()
    """A technician chose to leave the app (diagnostics): the application quits."""

    def __init__(
        self,
        lane: Any,
        ui: Any,
        *,
        router: ScreenRouter | None = None,
        help_panel: type[QWidget] | None = None,
        staff_auth: Any = None,
        devices: Any = None,
        scan_gate: ScanGate | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("main_window")
        self.lane = lane
        self.ui = ui
        self.stack = QStackedWidget(self)
        self.stack.setObjectName("screen_stack")
        self.setCentralWidget(self.stack)
        self.router = router or ScreenRouter(self.stack, lane, ui, parent=self)
        if self.router.stack is not self.stack:
            self.router.stack = self.stack
        self.devices = devices
        self.scan_gate = scan_gate
        self.staff_auth = staff_auth
        if staff_auth is not None:
            self.router.set_options(SessionState.STAFF, staff_auth=staff_auth)
        if devices is not None:
            self.router.set_options(SessionState.DIAGNOSTICS, devices=devices)
        self._help_class = help_panel
        self._help: QWidget | None = None
        self._connected: set[int] = set()
        self.router.screen_built.connect(self._wire)
        self.router.screen_changed.connect(self._on_screen)
        lane.help_changed.connect(self._on_help_changed)

    # -- screens --

    def check(self) -> None:
        """Resolve every screen and the help layer now (``ScreenMissing`` names the first
        gap); the kiosk calls this before showing the window."""
        self.router.check()
        self._help_panel_class()

    def show_state(self, state: SessionState | None = None) -> QWidget:
        """Show the screen of ``state`` (default: the lane's state now)."""
        return self.router.show(self.lane.state if state is None else state)

    @property
    def current_screen(self) -> QWidget | None:
        return self.router.current

    def show_staff_login(self) -> QWidget:
        """The staff login in front, whatever the lane's state (the lane does not move
        until somebody logged in); the help layer steps aside (its call stays open)."""
        self.hide_help()
        screen = self.router.screen(SessionState.STAFF)
        show_login = getattr(screen, "show_login", None)
        if self.lane.state is not SessionState.STAFF and callable(show_login):
            show_login()
        self.router.show(SessionState.STAFF)
        log.info("staff login shown (lane %s)", self.lane.state.value)
        return screen

    def _staff_closed(self) -> None:
        self.show_state()

    def _wire(self, state: SessionState, screen: QWidget) -> None:
        """Once per screen, right after it was built: its signals to the shell."""
        key = id(screen)
        if key in self._connected:
            return
        self._connected.add(key)
        wiring: list[tuple[str, Callable[..., object]]] = [
            ("help_requested", self.show_help),
            ("other_way_chosen", self.open_help),
            ("staff_requested", self.show_staff_login),
            ("exit_requested", self.exit_requested.emit),
        ]
        if state is SessionState.STAFF:
            wiring.append(("closed", self._staff_closed))
        for name, slot in wiring:
            signal = getattr(screen, name, None)
            if signal is not None:
                signal.connect(slot)
        show_weight = getattr(screen, "show_weight", None)
        if self.devices is not None and callable(show_weight):
            self.devices.weight.connect(show_weight)

    def _on_screen(self, state: SessionState, screen: QWidget) -> None:
        self._wire(state, screen)  # a screen built before the window (a given router)
        if self.scan_gate is None:
            return
        reader = getattr(screen, "badge_scanned", None)
        if callable(reader):
            self.scan_gate.set_badge_reader(reader)
        elif state in STAFF_LOGIN_STATES and self._badges_anywhere:
            self.scan_gate.set_badge_reader(self._badge_anywhere, self._may_be_badge)
        else:
            self.scan_gate.set_badge_reader(None)

    # -- badge scan anywhere --

    @property
    def _badges_anywhere(self) -> bool:
        auth = self.staff_auth
        return bool(getattr(auth, "available", False)) and callable(
            getattr(auth, "badge_holder", None)
        )

    def _may_be_badge(self, scan: Scan) -> bool:
        """On the scanner's thread: worth a badge look-up (no valid retail code)."""
        settings = getattr(self.lane, "settings", None)
        prefixes = getattr(settings, "prefixes", None)
        text = (scan.aim_id or "") + scan.data
        return may_be_badge(text) if prefixes is None else may_be_badge(text, prefixes)

    def _badge_anywhere(self, code: str) -> bool:
        """On the GUI thread: a staff badge scanned on a shopper screen opens the staff
        login with it (True); anything else is the lane's (False)."""
        if self.lane.state not in STAFF_LOGIN_STATES or self.staff_auth is None:
            return False
        if self.staff_auth.badge_holder(code) is None:
            return False
        screen = self.show_staff_login()
        reader = getattr(screen, "badge_scanned", None)
        if callable(reader) and reader(code):
            log.info("a staff badge was scanned on the %s screen", self.lane.state.value)
            return True
        # The login did not take it (it cannot now): back to the lane's screen; the
        # badge is still not the lane's business.
        self.show_state()
        log.warning("a staff badge was scanned but the staff login could not take it")
        return True

    # -- the help layer --

    def _help_panel_class(self) -> type[QWidget]:
        if self._help_class is None:
            self._help_class = load_class(HELP_PANEL, self.router.package)
        return self._help_class

    @property
    def help_panel(self) -> QWidget | None:
        """The help layer, once built."""
        return self._help

    @property
    def help_visible(self) -> bool:
        return self._help is not None and self._help.isVisible()

    def open_help(self, call_id: str | None = None) -> None:
        """Lay the help layer over the current screen, on ``call_id``'s status."""
        self.show_help(call_id=call_id)

    def show_help(self, *_args: object, call_id: str | None = None) -> None:
        """Lay the help layer over the current screen (on ``call_id`` when given)."""
        panel = self._help
        if panel is None:
            panel = self._help = self._help_panel_class()(self.lane, self.ui, self.stack)
            panel.setObjectName(panel.objectName() or "help_panel")
            closed = getattr(panel, "closed", None)
            if closed is not None:
                closed.connect(self.hide_help)
            staff_requested = getattr(panel, "staff_requested", None)
            if staff_requested is not None:
                staff_requested.connect(self.show_staff_login)
            self.stack.installEventFilter(self)
        open_call = getattr(panel, "open", None)
        if call_id is not None and callable(open_call):
            open_call(call_id)
        panel.setGeometry(self.stack.rect())
        was_visible = panel.isVisible()
        panel.show()
        panel.raise_()
        if not was_visible:
            log.info("help layer shown")
            self.help_shown.emit(True)

    def hide_help(self, *_args: object) -> None:
        if self._help is not None and self._help.isVisible():
            self._help.hide()
            log.info("help layer hidden")
            self.help_shown.emit(False)

    def _on_help_changed(self, call: Any) -> None:
        if call.status is HelpStatus.RAISED and call.reason in AUTO_HELP_REASONS:
            self.show_help()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.stack and event.type() == QEvent.Type.Resize and self._help:
            self._help.setGeometry(self.stack.rect())
        return super().eventFilter(watched, event)
