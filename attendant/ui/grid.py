"""The lane grid: one tile per kiosk, what an attendant needs at a glance.

A :class:`LaneTile` shows the lane's name, its status as a coloured chip with an icon and
a word (colour never alone), the cart (items and total), how long the lane has been in
its state, the devices (all working, or which one fails and why), the lane light, and
whether it is online: an offline lane is grey and says since when ("Offline since
10:32"). Tapping a tile opens the lane's detail (:attr:`LaneGrid.lane_selected`).

The grid flows: as many columns as the width allows, so 1280x800 and 1920x1080 both fit
without clipping, and a store with many lanes scrolls.

Object names: ``lane_grid``, ``lane_tile_<kiosk id>`` and, inside each tile,
``lane_name``, ``lane_status``, ``lane_cart``, ``lane_time``, ``lane_devices``,
``lane_light``, ``lane_calls``.
"""

from __future__ import annotations

from dataclasses import fields
from operator import attrgetter

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from attendant.store import LaneStatusKey, LaneView, UrgencyLevel
from attendant.ui import texts
from attendant.ui.theme import current_console_metrics
from attendant.ui.widgets import Card, Chip, label
from kiosk.ui.theme import set_state

__all__ = ["STATUS_TONES", "LaneGrid", "LaneTile", "status_text"]

STATUS_TONES: dict[LaneStatusKey, str] = {
    LaneStatusKey.READY: "idle",
    LaneStatusKey.SHOPPING: "go",
    LaneStatusKey.PAYING: "go",
    LaneStatusKey.HELP: "waiting",
    LaneStatusKey.APPROVAL: "waiting",
    LaneStatusKey.STAFF: "idle",
    LaneStatusKey.LOCKED: "error",
    LaneStatusKey.OUT_OF_SERVICE: "error",
    LaneStatusKey.OFFLINE: "offline",
    LaneStatusKey.UNKNOWN: "idle",
}
"""The colour of each lane status (the word and icon come with it)."""


def status_text(view: LaneView, timezone: str) -> str:
    """The status word of a lane: "Shopping", "Needs help", "Offline since 10:32" ..."""
    key = view.status
    if key is LaneStatusKey.OFFLINE:
        if view.last_heartbeat is not None:
            return QCoreApplication.translate("ConsoleTexts", "Offline since {time}").format(
                time=texts.clock_time(view.last_heartbeat, timezone)
            )
        return QCoreApplication.translate("ConsoleTexts", "Offline")
    if key is LaneStatusKey.UNKNOWN:
        return QCoreApplication.translate("ConsoleTexts", "Online, no news yet")
    if key is LaneStatusKey.READY:
        return QCoreApplication.translate("ConsoleTexts", "Free")
    if key is LaneStatusKey.HELP:
        return QCoreApplication.translate("ConsoleTexts", "Needs help")
    if key is LaneStatusKey.APPROVAL:
        return QCoreApplication.translate("ConsoleTexts", "Waiting for approval")
    if key is LaneStatusKey.LOCKED:
        return QCoreApplication.translate("ConsoleTexts", "Closed by staff")
    if key is LaneStatusKey.OUT_OF_SERVICE:
        return QCoreApplication.translate("ConsoleTexts", "Out of service")
    if key is LaneStatusKey.STAFF:
        return QCoreApplication.translate("ConsoleTexts", "Staff at the lane")
    if view.state is not None:
        return texts.session_state(view.state.status.session)
    return QCoreApplication.translate("ConsoleTexts", "Shopping")


def _tone(view: LaneView, urgency: UrgencyLevel | None) -> str:
    """A tile's colour: its status's, or red when a shopper has waited too long."""
    if urgency is UrgencyLevel.RED and view.status in (LaneStatusKey.HELP, LaneStatusKey.APPROVAL):
        return "error"  # as in the queue
    return STATUS_TONES.get(view.status, "idle")


_TIMELESS = attrgetter(
    *(f.name for f in fields(LaneView) if f.name not in ("in_state_s", "last_heartbeat"))
)
"""A view's fields that do not move with the clock alone."""


def _same_but_time(a: LaneView, b: LaneView) -> bool:
    """Whether ``a`` and ``b`` differ at most in what moves with the clock: the time in
    state, and the last heartbeat while online (an online tile does not show it)."""
    return _TIMELESS(a) == _TIMELESS(b) and (a.online or a.last_heartbeat == b.last_heartbeat)


def devices_text(view: LaneView) -> str:
    """All devices working, or the first failing one and why (and how many more)."""
    health = view.health
    if health.summary == "none":
        return QCoreApplication.translate("ConsoleTexts", "Devices: not reported")
    if health.ok:
        return QCoreApplication.translate("ConsoleTexts", "All devices working")
    first = health.faulty[0]
    reason = texts.fault_reason(first.reason) if first.reason else texts.device_state(first.state)
    text = QCoreApplication.translate("ConsoleTexts", "{device}: {problem}").format(
        device=texts.device_kind(first.kind), problem=reason
    )
    more = len(health.faulty) - 1
    if more > 0:
        text += " " + QCoreApplication.translate("ConsoleTexts", "(+{count} more)").format(
            count=more
        )
    return text


class LaneTile(Card):
    """One lane; :meth:`show_view` paints it from a :class:`~attendant.store.LaneView`."""

    selected = Signal(str)

    def __init__(self, kiosk_id: str, *, timezone: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, name=f"lane_tile_{kiosk_id}")
        self.kiosk_id = kiosk_id
        self.timezone = timezone
        self.view: LaneView | None = None
        self.urgency: UrgencyLevel | None = None
        metrics = current_console_metrics()
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        # a row of tiles is as high as its highest tile, and every tile fills it
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(metrics.pad_px, metrics.gap_px, metrics.pad_px, metrics.gap_px)
        layout.setSpacing(max(2, metrics.gap_px // 2))
        self.name_label = label(role="title", name="lane_name")
        self.status_chip = Chip(name="lane_status")
        self.cart_label = label(role="big", name="lane_cart")
        self.time_label = label(role="caption", name="lane_time")
        self.devices_label = label(name="lane_devices", wrap=True)
        self.light_label = label(role="caption", name="lane_light")
        self.calls_label = label(name="lane_calls")
        for widget in (
            self.name_label,
            self.status_chip,
            self.cart_label,
            self.time_label,
            self.devices_label,
            self.light_label,
            self.calls_label,
        ):
            layout.addWidget(widget)
        layout.addStretch(1)  # a tile lower than its row keeps its words at the top
        self.clicked.connect(lambda: self.selected.emit(self.kiosk_id))

    @property
    def status(self) -> str:
        """The chip's words (tests, logs)."""
        return self.status_chip.text()

    def show_view(self, view: LaneView, urgency: UrgencyLevel | None = None) -> None:
        self.view = view
        self.urgency = urgency
        self._paint()

    def show_time(self, view: LaneView, urgency: UrgencyLevel | None = None) -> None:
        """The clock moved (``view`` is the same lane a moment later): repaint the time in
        state, and the colour if a call turned red; nothing else, and nothing at all when
        neither changed (the console ticks every second, for every tile)."""
        shown = self.view
        if (
            shown is None
            or _tone(view, urgency) != _tone(shown, self.urgency)
            or not _same_but_time(view, shown)
        ):
            self.show_view(view, urgency)  # more than the time moved: paint it all
            return
        self.urgency = urgency
        text = self._time_text(view)
        if text is not None and text != self.time_label.text():
            self.view = view
            self.time_label.setText(text)

    def _time_text(self, view: LaneView) -> str | None:
        """What the time label says; None: leave it (no state: cleared by :meth:`_paint`)."""
        state = view.state
        if state is None:
            return None
        session = texts.session_state(state.status.session)
        if not view.online:
            return self.tr("Last known: {state}").format(state=session)
        if view.in_state_s is not None:
            return self.tr("{state} for {time}").format(
                state=session, time=texts.duration(view.in_state_s)
            )
        return None

    def _paint(self) -> None:
        view = self.view
        if view is None:
            return
        tone = _tone(view, self.urgency)
        self.set_tone(tone)
        self.name_label.setText(view.name)
        self.status_chip.show_status(tone, status_text(view, self.timezone))
        state = view.state
        idle = state is None or (state.transaction_id is None and not view.items)
        set_state(self.cart_label, "textRole", "caption" if idle else "big")
        if state is None:
            self.cart_label.setText("")
            self.time_label.setText("")
        elif idle:
            self.cart_label.setText(self.tr("No purchase"))
        else:
            self.cart_label.setText(
                self.tr("%n item(s) · {total}", "", view.items).format(
                    total=texts.money(view.total_cents)
                )
            )
        time_text = self._time_text(view)
        if time_text is not None:
            self.time_label.setText(time_text)
        light = view.light
        self.light_label.setText(
            self.tr("Lane light: {light}").format(
                light=texts.light(light.colour, light.mode, light.buzzer)
            )
            if light is not None and view.online
            else ""
        )
        self.light_label.setVisible(bool(self.light_label.text()))
        self.devices_label.setText(devices_text(view))
        self.calls_label.setText(
            self.tr("%n help call(s) open", "", view.open_calls) if view.open_calls else ""
        )
        self.calls_label.setVisible(bool(view.open_calls))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._paint()
        super().changeEvent(event)


class LaneGrid(QScrollArea):
    """Every lane's tile, flowing into as many columns as fit."""

    lane_selected = Signal(str)

    def __init__(self, *, timezone: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lane_grid")
        self.timezone = timezone
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._body = QWidget()
        self._body.setObjectName("lane_grid_body")
        self._layout = QGridLayout(self._body)
        metrics = current_console_metrics()
        self._layout.setSpacing(metrics.gap_px)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.setWidget(self._body)
        self.tiles: dict[str, LaneTile] = {}
        self._columns = 0

    def tile(self, kiosk_id: str) -> LaneTile | None:
        return self.tiles.get(kiosk_id)

    def show_lanes(
        self, views: list[LaneView], urgency: dict[str, UrgencyLevel] | None = None
    ) -> None:
        """Show exactly these lanes (in this order); tiles are reused by kiosk id."""
        urgency = urgency or {}
        wanted = [view.kiosk_id for view in views]
        for kiosk_id in [k for k in self.tiles if k not in wanted]:
            tile = self.tiles.pop(kiosk_id)
            self._layout.removeWidget(tile)
            tile.deleteLater()
        changed_set = False
        for view in views:
            tile = self.tiles.get(view.kiosk_id)
            if tile is None:
                tile = LaneTile(view.kiosk_id, timezone=self.timezone, parent=self._body)
                tile.selected.connect(self.lane_selected)
                self.tiles[view.kiosk_id] = tile
                changed_set = True
            tile.show_view(view, urgency.get(view.kiosk_id))
        if changed_set or list(self.tiles) != wanted:
            self.tiles = {k: self.tiles[k] for k in wanted}
            self._relayout(force=True)

    def update_lane(self, view: LaneView, urgency: UrgencyLevel | None = None) -> None:
        tile = self.tiles.get(view.kiosk_id)
        if tile is not None:
            tile.show_view(view, urgency)

    def show_times(
        self, views: list[LaneView], urgency: dict[str, UrgencyLevel] | None = None
    ) -> None:
        """The clock moved: each tile repaints its time in state and, if a call turned
        red, its colour (:meth:`LaneTile.show_time`); the same lanes as shown, else
        :meth:`show_lanes`."""
        urgency = urgency or {}
        if [view.kiosk_id for view in views] != list(self.tiles):
            self.show_lanes(views, urgency)
            return
        for view in views:
            self.tiles[view.kiosk_id].show_time(view, urgency.get(view.kiosk_id))

    def _relayout(self, *, force: bool = False) -> None:
        metrics = current_console_metrics()
        width = max(1, self.viewport().width())
        columns = max(1, (width + metrics.gap_px) // (metrics.tile_width_px + metrics.gap_px))
        if columns == self._columns and not force:
            return
        self._columns = columns
        for tile in self.tiles.values():
            self._layout.removeWidget(tile)
        for index, tile in enumerate(self.tiles.values()):
            self._layout.addWidget(tile, index // columns, index % columns)
        for column in range(self._layout.columnCount()):
            self._layout.setColumnStretch(column, 1 if column < columns else 0)
        # rows as high as their highest tile; the room left goes to an empty last row
        rows = (len(self.tiles) + columns - 1) // columns
        for row in range(max(self._layout.rowCount(), rows + 1)):
            self._layout.setRowStretch(row, 1 if row == rows else 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._relayout()
