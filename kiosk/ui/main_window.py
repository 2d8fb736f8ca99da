"""The kiosk's one window: a stack of screens that follows the lane, and the help layer.

:class:`MainWindow` holds a :class:`~PySide6.QtWidgets.QStackedWidget` whose page is
chosen by the :class:`~kiosk.ui.router.ScreenRouter` from the lane's session state, and
the help layer (``kiosk.ui.screens.help_panel.HelpPanel``), a widget laid over the
current screen. The help layer shows

* when the screen in front emits ``help_requested`` (the shopper pressed Help), or
* when the lane raises a help call the shopper should follow (:data:`AUTO_HELP_REASONS`:
  the shopper's own request, a device fault, a payment declined again and again),

and hides when it emits ``closed``. The window knows no business rule and opens no
dialog: a screen that fails at run time is logged; the lane decides what the shopper
sees.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QWidget

from kiosk.core.lane.help import HelpReason, HelpStatus
from kiosk.core.session import SessionState
from kiosk.ui.router import HELP_PANEL, ScreenRouter, load_class

__all__ = ["AUTO_HELP_REASONS", "MainWindow"]

log = logging.getLogger("kiosk.ui.window")

AUTO_HELP_REASONS = frozenset(
    {HelpReason.SHOPPER_REQUEST, HelpReason.DEVICE_FAULT, HelpReason.PAYMENT_DECLINED}
)
"""Help calls raised by the lane that open the help layer by themselves (the others,
such as an age check, are shown by the screen in front as a banner)."""


class MainWindow(QMainWindow):
    """See the module docstring. ``router`` may be given (tests with fake screens)."""

    help_shown = Signal(bool)
    """True when the help layer appears, False when it goes."""

    def __init__(
        self,
        lane: Any,
        ui: Any,
        *,
        router: ScreenRouter | None = None,
        help_panel: type[QWidget] | None = None,
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
        self._help_class = help_panel
        self._help: QWidget | None = None
        self._connected: set[int] = set()
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

    def _on_screen(self, _state: SessionState, screen: QWidget) -> None:
        key = id(screen)
        if key in self._connected:
            return
        self._connected.add(key)
        signal = getattr(screen, "help_requested", None)
        if signal is not None:
            signal.connect(self.show_help)

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

    def show_help(self, *_args: object) -> None:
        """Lay the help layer over the current screen."""
        panel = self._help
        if panel is None:
            panel = self._help = self._help_panel_class()(self.lane, self.ui, self.stack)
            panel.setObjectName(panel.objectName() or "help_panel")
            closed = getattr(panel, "closed", None)
            if closed is not None:
                closed.connect(self.hide_help)
            self.stack.installEventFilter(self)
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
