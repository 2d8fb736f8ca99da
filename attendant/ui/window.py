"""The console's main window: a header, four pages, and the result of the last action.

Pages (a stack): the login page; the overview (the lane grid and the help queue side by
side); one lane in detail; the service figures. The header shows the store and this
console, whether the store network is connected (in words, red when not), who is logged
in and their role, and the buttons Lanes, Figures, the other language, Log out. The
strip at the bottom shows what became of the last action (sent / done / refused: why /
no answer), in the colours and words of :mod:`attendant.ui.actions`.

The window is a thin view over :class:`~attendant.link.ConsoleLink` (its signals repaint
what changed; its tick moves the timers), :class:`~attendant.staff.ConsoleStaff` (login,
roles, audit) and :class:`~attendant.ui.actions.ConsoleActions` (sending). A new help
call rings (the kiosk's sound bridge; ``QApplication.beep`` when it cannot play). Nobody
touching the console for ``auto_logout_s`` (on the injected monotonic clock) logs the
staff member out, as does Log out; both are audited.

Object names: ``console_window``, ``console_header``, ``header_title``,
``header_place``, ``connection_status``, ``staff_label``, ``nav_lanes_button``,
``nav_figures_button``, ``language_button``, ``logout_button``, ``console_pages``,
``overview_page``, ``action_result``; and those of the pages (login, grid, queue, detail,
figures).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from attendant.config import ConsoleConfig
from attendant.link import ConsoleLink
from attendant.staff import ConsoleStaff
from attendant.store import QueueEntry, UrgencyLevel
from attendant.ui import texts
from attendant.ui.actions import ActionResult, ConsoleActions, permission_text, result_text
from attendant.ui.detail import LaneDetailPage
from attendant.ui.figures_panel import FiguresPanel
from attendant.ui.grid import LaneGrid
from attendant.ui.i18n import ConsoleTranslator
from attendant.ui.login import LoginPage
from attendant.ui.queue import HelpQueueView
from attendant.ui.theme import current_console_metrics
from attendant.ui.widgets import Button, Chip, label, set_tone
from attendant.ui.worker import Worker
from kiosk.core.staff import StaffMember
from kiosk.link.protocol import CommandKind

__all__ = ["AUTO_LOGOUT_S", "ConsoleWindow"]

log = logging.getLogger("attendant.ui.window")

AUTO_LOGOUT_S = 600.0
"""Log the staff member out after this long without a touch, a click or a key."""
ACTIVITY_EVENTS = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.KeyPress,
        QEvent.Type.TouchBegin,
        QEvent.Type.Wheel,
    }
)
_URGENCY_RANK = {UrgencyLevel.NEW: 0, UrgencyLevel.AMBER: 1, UrgencyLevel.RED: 2}


class ConsoleWindow(QMainWindow):
    """See the module docstring."""

    logged_out = Signal(str)
    """Why: ``logout`` or ``inactivity``."""

    def __init__(
        self,
        config: ConsoleConfig,
        link: ConsoleLink,
        staff: ConsoleStaff,
        translator: ConsoleTranslator,
        *,
        sound: Any = None,
        search: Callable[[str], list[Any]] | None = None,
        auto_logout_s: float = AUTO_LOGOUT_S,
        monotonic: Callable[[], float] = time.monotonic,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("console_window")
        self.config = config
        self.link = link
        self.store = link.store
        self.staff = staff
        self.translator = translator
        self.sound = sound
        self.auto_logout_s = auto_logout_s
        self._monotonic = monotonic
        self._last_activity = monotonic()
        self.timezone = config.store.timezone
        self.worker = Worker(self)
        self.actions = ConsoleActions(link, staff, self)
        self.member: StaffMember | None = None
        self._result: ActionResult | None = None
        self.rang = 0
        """How many new help calls rang (tests, logs)."""
        metrics = current_console_metrics()

        # -- header
        self.header = QFrame()
        self.header.setObjectName("console_header")
        header = QHBoxLayout(self.header)
        header.setContentsMargins(metrics.pad_px, metrics.gap_px, metrics.pad_px, metrics.gap_px)
        header.setSpacing(metrics.gap_px)
        titles = QVBoxLayout()
        titles.setSpacing(0)
        self.header_title = label(role="title", name="header_title")
        self.header_place = label(role="caption", name="header_place")
        titles.addWidget(self.header_title)
        titles.addWidget(self.header_place)
        header.addLayout(titles)
        self.connection_status = Chip(name="connection_status")
        header.addWidget(self.connection_status)
        header.addStretch(1)
        self.staff_label = label(name="staff_label")
        header.addWidget(self.staff_label)
        self.nav_lanes_button = Button(role="nav", name="nav_lanes_button")
        self.nav_figures_button = Button(role="nav", name="nav_figures_button")
        for button in (self.nav_lanes_button, self.nav_figures_button):
            button.setCheckable(True)
            header.addWidget(button)
        self.language_button = Button(name="language_button")
        self.logout_button = Button(name="logout_button")
        header.addWidget(self.language_button)
        header.addWidget(self.logout_button)
        self.nav_lanes_button.clicked.connect(self.show_overview)
        self.nav_figures_button.clicked.connect(self.show_figures)
        self.language_button.clicked.connect(self.switch_language)
        self.logout_button.clicked.connect(lambda: self.logout("logout"))

        # -- pages
        self.login_page = LoginPage(
            staff,
            self.worker,
            timezone=self.timezone,
            place=f"{config.store.name} · {config.console.name}",
        )
        self.grid = LaneGrid(timezone=self.timezone)
        self.queue = HelpQueueView(block_reason=self._acknowledge_blocked)
        self.overview = QWidget()
        self.overview.setObjectName("overview_page")
        overview = QHBoxLayout(self.overview)
        overview.setContentsMargins(0, 0, 0, 0)
        overview.setSpacing(metrics.pad_px)
        overview.addWidget(self.grid, 3)
        overview.addWidget(self.queue, 2)
        self.detail = LaneDetailPage(
            self.actions, timezone=self.timezone, connected=lambda: link.is_connected, search=search
        )
        self.figures = FiguresPanel(
            self.store.log,
            self.worker,
            clock=link.clock,
            timezone=self.timezone,
            lanes=lambda: [view.kiosk_id for view in self.store.lanes()],
            names=lambda: {view.kiosk_id: view.name for view in self.store.lanes()},
        )
        self.pages = QStackedWidget()
        self.pages.setObjectName("console_pages")
        for page in (self.login_page, self.overview, self.detail, self.figures):
            self.pages.addWidget(page)

        self.result_label = label(name="action_result", wrap=True)
        self.result_label.setVisible(False)

        central = QWidget()
        central.setObjectName("console_central")
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self.header)
        body = QVBoxLayout()
        body.setContentsMargins(metrics.pad_px, metrics.pad_px, metrics.pad_px, metrics.pad_px)
        body.setSpacing(metrics.gap_px)
        body.addWidget(self.pages, 1)
        body.addWidget(self.result_label)
        outer.addLayout(body, 1)
        self.setCentralWidget(central)

        # -- wiring
        link.lanes_changed.connect(self._lanes_changed)
        link.queue_changed.connect(self._queue_changed)
        link.new_help_call.connect(self._new_call)
        link.connection_changed.connect(self._connection_changed)
        link.ticked.connect(self.refresh_times)
        self.actions.result_changed.connect(self.show_result)
        self.login_page.logged_in.connect(self.login)
        self.grid.lane_selected.connect(lambda kiosk: self.open_lane(kiosk))
        self.queue.open_lane.connect(lambda kiosk, call: self.open_lane(kiosk, call))
        self.queue.acknowledge.connect(self._acknowledge)
        self.detail.back.connect(self.show_overview)
        translator.language_changed.connect(lambda _language: self.retranslate())

        self._idle_timer = QTimer(self)
        self._idle_timer.setInterval(1000)
        self._idle_timer.timeout.connect(self.check_idle)
        self._idle_timer.start()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

        self._show_page(self.login_page)
        self.refresh_all()
        self.retranslate()

    # -- pages -------------------------------------------------------------------------------

    @property
    def page(self) -> QWidget:
        return self.pages.currentWidget()

    def _show_page(self, page: QWidget) -> None:
        self.pages.setCurrentWidget(page)
        logged_in = self.member is not None
        for button in (self.nav_lanes_button, self.nav_figures_button, self.logout_button):
            button.setVisible(logged_in)
        self.nav_lanes_button.setChecked(page in (self.overview, self.detail))
        self.nav_figures_button.setChecked(page is self.figures)

    def show_overview(self) -> None:
        if self.member is None:
            return
        self.refresh_all()
        self._show_page(self.overview)

    def show_figures(self) -> None:
        if self.member is None:
            return
        self._show_page(self.figures)
        self.figures.refresh()

    def open_lane(self, kiosk_id: str, call_id: str | None = None) -> None:
        """Show lane ``kiosk_id`` in detail (with help call ``call_id`` picked)."""
        if self.member is None:
            return
        view = self.store.lane(kiosk_id)
        if view is None:
            return
        self.detail.show_lane(
            view, self._calls_of(kiosk_id), self.store.recent_events(kiosk_id), select_call=call_id
        )
        self._show_page(self.detail)

    # -- login -------------------------------------------------------------------------------

    def login(self, member: StaffMember) -> None:
        self.member = member
        self.link.actor = member
        self._last_activity = self._monotonic()
        self.retranslate()
        self.show_overview()
        self.detail.refresh_permissions()

    def logout(self, why: str = "logout") -> None:
        member = self.member
        if member is None:
            return
        log.info("staff %s logged out of the console (%s)", member.id, why)
        self.staff.audit_logout(member, why)
        self.member = None
        self.link.actor = None
        self.login_page.reset()
        if why == "inactivity":
            self.login_page.say("waiting", "timed_out_info")
        self._show_page(self.login_page)
        self.result_label.setVisible(False)
        self._result = None
        self.retranslate()
        self.logged_out.emit(why)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY_EVENTS:
            self._last_activity = self._monotonic()
        return False

    def check_idle(self) -> None:
        """Log out when nobody touched the console for ``auto_logout_s``."""
        if self.member is None:
            return
        if self._monotonic() - self._last_activity >= self.auto_logout_s:
            self.logout("inactivity")

    # -- the store's changes -----------------------------------------------------------------

    def _calls_of(self, kiosk_id: str) -> list[QueueEntry]:
        return [entry for entry in self.store.help_queue() if entry.kiosk_id == kiosk_id]

    def _urgency(self, queue: list[QueueEntry]) -> dict[str, UrgencyLevel]:
        worst: dict[str, UrgencyLevel] = {}
        for entry in queue:
            known = worst.get(entry.kiosk_id)
            if known is None or _URGENCY_RANK[entry.level] > _URGENCY_RANK[known]:
                worst[entry.kiosk_id] = entry.level
        return worst

    def refresh_all(self) -> None:
        queue = self.store.help_queue()
        self.grid.show_lanes(self.store.lanes(), self._urgency(queue))
        self.queue.show_queue(queue)
        self._refresh_detail()

    def refresh_times(self) -> None:
        """The clock moved: waiting times, levels, times in state. Once a second with
        every lane: each tile repaints only its time text and, when a call turned red, its
        colour (every tile repainted in full held the event loop for 7 ms with 200 lanes,
        measured alone, every second)."""
        queue = self.store.help_queue()
        self.grid.show_times(self.store.lanes(), self._urgency(queue))
        self.queue.show_queue(queue)
        self._refresh_detail()

    def _refresh_detail(self) -> None:
        """Repaint the lane detail, when it is the page in front (showing it again repaints
        it anyway): it reads the lane's recent events from the event log."""
        kiosk_id = self.detail.kiosk_id
        if kiosk_id is None or self.page is not self.detail:
            return
        view = self.store.lane(kiosk_id)
        if view is None:
            if self.page is self.detail:
                self.show_overview()
            return
        self.detail.show_lane(view, self._calls_of(kiosk_id), self.store.recent_events(kiosk_id))

    def _lanes_changed(self, kiosk_ids: list[str]) -> None:
        queue = self.store.help_queue()
        urgency = self._urgency(queue)
        for kiosk_id in kiosk_ids:
            view = self.store.lane(kiosk_id)
            if view is None or self.grid.tile(kiosk_id) is None:
                self.grid.show_lanes(self.store.lanes(), urgency)
                break
            self.grid.update_lane(view, urgency.get(kiosk_id))
        if self.detail.kiosk_id in kiosk_ids:
            self._refresh_detail()

    def _queue_changed(self) -> None:
        """The queue widget follows; of the grid, only tiles whose urgency is not the one
        they show (the lane whose calls changed was repainted by :meth:`_lanes_changed`,
        which the store's update emits first): repainting every tile cost 1-4 ms with 50
        lanes and 7-13 ms with 200 (alone / under the network benchmark's load), on the
        path of every help call to the queue."""
        queue = self.store.help_queue()
        self.queue.show_queue(queue)
        urgency = self._urgency(queue)
        for kiosk_id, tile in self.grid.tiles.items():
            level = urgency.get(kiosk_id)
            if tile.urgency is not level and (view := self.store.lane(kiosk_id)) is not None:
                self.grid.update_lane(view, level)
        self._refresh_detail()

    def _new_call(self, entry: QueueEntry) -> None:
        self.rang += 1
        if not self.config.help_queue.sound:
            return
        sound = self.sound
        if sound is not None and getattr(sound, "audible", False):
            sound.play("needs-person")
        else:
            if sound is not None:
                sound.play("needs-person")  # recorded (tests), though nothing comes out
            QApplication.beep()

    def _connection_changed(self, connected: bool) -> None:
        self._paint_connection()
        self.detail.refresh_permissions()
        self.queue.show_queue(self.store.help_queue())

    def _paint_connection(self) -> None:
        if self.link.is_connected:
            self.connection_status.show_status("go", self.tr("Connected to the lanes"))
        else:
            self.connection_status.show_status(
                "error", self.tr("No connection with the lanes: trying again")
            )

    # -- acting ------------------------------------------------------------------------------

    def _acknowledge_blocked(self, entry: QueueEntry) -> str | None:
        why = self.actions.why_not(CommandKind.ACKNOWLEDGE)
        if why is None and not self.link.is_connected:
            why = "link_down"
        return permission_text(why) if why is not None else None

    def _acknowledge(self, kiosk_id: str, call_id: str) -> None:
        view = self.store.lane(kiosk_id)
        name = view.name if view is not None else kiosk_id
        self.actions.send(CommandKind.ACKNOWLEDGE, kiosk_id, name, call_id=call_id)

    def show_result(self, result: ActionResult) -> None:
        self._result = result
        set_tone(self.result_label, result.tone)
        self.result_label.setText(result_text(result))
        self.result_label.setVisible(True)

    @property
    def result(self) -> ActionResult | None:
        """The last action's result as shown in the strip."""
        return self._result

    # -- words -------------------------------------------------------------------------------

    def switch_language(self) -> None:
        self.translator.set_language("en" if self.translator.language == "nl" else "nl")

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Service desk · {store}").format(store=self.config.store.name))
        self.header_title.setText(
            self.tr("Service desk · {store}").format(store=self.config.store.name)
        )
        self.header_place.setText(self.config.console.name)
        self._paint_connection()
        member = self.member
        self.staff_label.setText(
            f"{member.name} · {texts.role(member.role)}"
            if member is not None
            else self.tr("Not logged in")
        )
        self.nav_lanes_button.setText(self.tr("Lanes"))
        self.nav_figures_button.setText(self.tr("Figures"))
        # The button names the language it switches to, in that language: the English
        # text is "Nederlands", its Dutch translation "English".
        self.language_button.setText(self.tr("Nederlands"))
        self.logout_button.setText(self.tr("Log out"))
        if self._result is not None:
            self.result_label.setText(result_text(self._result))
        self.refresh_all()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def shutdown(self) -> None:
        """Stop the timers and the worker (the application stops, or a test ends)."""
        self._idle_timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.worker.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)
