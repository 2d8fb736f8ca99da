"""Which screen shows for which session state: the lane's state -> one page of a stack.

The lane controller (Qt-free) owns the session state; the UI only follows it. The
:class:`ScreenRouter` listens to ``lane.state_changed`` and brings the screen of the new
state to the front of a :class:`~PySide6.QtWidgets.QStackedWidget`. :data:`SCREENS` names
each state's screen as ``"module:Class"`` under :mod:`kiosk.ui.screens`; a screen is
imported and built (``Class(lane, ui, parent)``) the first time its state is entered and
kept afterwards, so starting the kiosk builds only the attract screen. A screen that needs
more than the lane and the services gets per-screen keyword arguments
(:meth:`ScreenRouter.set_options`: the staff screen's ``staff_auth``, the diagnostics
screen's ``devices``); :attr:`ScreenRouter.screen_built` lets the main window wire a
screen's own signals once, right after it is built.

:meth:`ScreenRouter.show` may also bring a screen to the front that is not the lane's
state (the staff login over the out-of-service screen); the next state change of the lane
brings the lane's screen back.

Production checks the whole table at start (:meth:`ScreenRouter.check`): a screen module
or class that is missing is a :class:`ScreenMissing` error naming it, before any window
shows. Tests of the router register fake screen classes (:meth:`ScreenRouter.register`)
instead, so they do not depend on the real screens.

The help layer (:data:`HELP_PANEL`, ``help_panel:HelpPanel``) is not a state: the main
window shows it over the current screen (:mod:`kiosk.ui.main_window`); the router only
resolves its class like the screens'.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QStackedWidget, QWidget

from kiosk.core.session import SessionState

__all__ = [
    "HELP_PANEL",
    "SCREENS",
    "SCREEN_PACKAGE",
    "ScreenMissing",
    "ScreenRouter",
    "check_screens",
    "load_class",
]

log = logging.getLogger("kiosk.ui.router")

S = SessionState

SCREEN_PACKAGE = "kiosk.ui.screens"

SCREENS: Mapping[SessionState, str] = {
    S.ATTRACT: "attract:AttractScreen",
    S.SHOPPING: "shopping:ShoppingScreen",
    S.AWAITING_ATTENDANT: "awaiting_attendant:AwaitingAttendantScreen",
    S.PAYING: "paying:PayingScreen",
    S.DECLINED: "declined:DeclinedScreen",
    S.PAYMENT_UNKNOWN: "payment_unknown:PaymentUnknownScreen",
    S.RECEIPT: "receipt:ReceiptScreen",
    S.FEEDBACK: "feedback:FeedbackScreen",
    S.IDLE_PROMPT: "idle:IdlePromptScreen",
    S.SUSPENDED: "suspended:SuspendedScreen",
    S.OUT_OF_SERVICE: "out_of_service:OutOfServiceScreen",
    S.STAFF: "staff:StaffScreen",
    S.DIAGNOSTICS: "diagnostics:DiagnosticsScreen",
}
"""Every session state's screen, ``"module:Class"`` under :data:`SCREEN_PACKAGE`."""

HELP_PANEL = "help_panel:HelpPanel"
"""The help layer shown over any screen."""


class ScreenMissing(LookupError):
    """A screen module or class named in the table cannot be imported."""


def load_class(spec: str, package: str = SCREEN_PACKAGE) -> type[QWidget]:
    """Import ``"module:Class"`` from ``package``; :class:`ScreenMissing` names what is missing."""
    module_name, _, class_name = spec.partition(":")
    if not module_name or not class_name:
        raise ScreenMissing(f"screen {spec!r}: write it as 'module:Class'")
    full = f"{package}.{module_name}"
    try:
        module = importlib.import_module(full)
    except ModuleNotFoundError as error:
        if error.name is not None and full.startswith(error.name):
            raise ScreenMissing(f"screen module {full} does not exist") from None
        raise  # the screen exists but imports something that does not: its own bug
    cls = getattr(module, class_name, None)
    if not isinstance(cls, type) or not issubclass(cls, QWidget):
        raise ScreenMissing(f"{full} has no screen class {class_name}")
    return cls


def check_screens(
    table: Mapping[SessionState, str] = SCREENS,
    package: str = SCREEN_PACKAGE,
    extra: tuple[str, ...] = (HELP_PANEL,),
) -> None:
    """Import every screen of ``table`` (and ``extra``) now; one :class:`ScreenMissing`
    lists every gap. The kiosk runs this before it starts anything else."""
    problems = []
    for state in SessionState:
        spec = table.get(state)
        try:
            if spec is None:
                raise ScreenMissing(f"no screen is named for the state {state.value}")
            load_class(spec, package)
        except ScreenMissing as error:
            problems.append(str(error))
    for spec in extra:
        try:
            load_class(spec, package)
        except ScreenMissing as error:
            problems.append(str(error))
    if problems:
        raise ScreenMissing("; ".join(problems))


class ScreenRouter(QObject):
    """Shows the screen of the lane's state in ``stack``; see the module docstring."""

    screen_changed = Signal(object, object)
    """``(SessionState, screen)`` after a screen came to the front."""
    screen_built = Signal(object, object)
    """``(SessionState, screen)`` once, right after a screen was built (before it shows)."""

    def __init__(
        self,
        stack: QStackedWidget,
        lane: Any,
        ui: Any,
        *,
        table: Mapping[SessionState, str] = SCREENS,
        package: str = SCREEN_PACKAGE,
        options: Mapping[SessionState, Mapping[str, Any]] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.stack = stack
        self.lane = lane
        self.ui = ui
        self.package = package
        self._table = dict(table)
        self._classes: dict[SessionState, type[QWidget]] = {}
        self._options: dict[SessionState, dict[str, Any]] = {}
        self._screens: dict[SessionState, QWidget] = {}
        for state, keywords in (options or {}).items():
            self.set_options(state, **keywords)
        self._state: SessionState | None = None
        lane.state_changed.connect(self._on_state_changed)

    # -- the table --

    def register(self, state: SessionState, cls: type[QWidget]) -> None:
        """Use ``cls`` for ``state`` (tests: a fake screen; nothing is imported)."""
        state = SessionState(state)
        if state in self._screens:
            raise RuntimeError(f"the {state.value} screen is already built")
        self._classes[state] = cls

    def set_options(self, state: SessionState, **keywords: Any) -> None:
        """Build ``state``'s screen as ``Class(lane, ui, parent, **keywords)`` (added to
        what was set before; the staff screen's ``staff_auth=``, diagnostics' ``devices=``)."""
        state = SessionState(state)
        if state in self._screens:
            raise RuntimeError(f"the {state.value} screen is already built")
        self._options.setdefault(state, {}).update(keywords)

    def options(self, state: SessionState) -> dict[str, Any]:
        """The keyword arguments ``state``'s screen is built with."""
        return dict(self._options.get(SessionState(state), {}))

    def screen_class(self, state: SessionState) -> type[QWidget]:
        state = SessionState(state)
        cls = self._classes.get(state)
        if cls is None:
            spec = self._table.get(state)
            if spec is None:
                raise ScreenMissing(f"no screen is named for the state {state.value}")
            cls = self._classes[state] = load_class(spec, self.package)
        return cls

    def check(self) -> None:
        """Resolve every state's screen class now; one :class:`ScreenMissing` lists all
        that are missing (the kiosk refuses to start rather than fail mid-sale)."""
        problems = []
        for state in SessionState:
            try:
                self.screen_class(state)
            except ScreenMissing as error:
                problems.append(f"{state.value}: {error}")
        if problems:
            raise ScreenMissing("; ".join(problems))

    # -- showing --

    @property
    def state(self) -> SessionState | None:
        """The state whose screen is in front (None before the first :meth:`show`)."""
        return self._state

    @property
    def current(self) -> QWidget | None:
        return None if self._state is None else self._screens.get(self._state)

    def built(self) -> dict[SessionState, QWidget]:
        """The screens built so far."""
        return dict(self._screens)

    def screen(self, state: SessionState) -> QWidget:
        """``state``'s screen, built on first use."""
        state = SessionState(state)
        screen = self._screens.get(state)
        if screen is None:
            cls = self.screen_class(state)
            screen = cls(self.lane, self.ui, self.stack, **self._options.get(state, {}))
            screen.setObjectName(screen.objectName() or f"screen_{state.value}")
            self._screens[state] = screen
            self.stack.addWidget(screen)
            log.debug("built the %s screen (%s)", state.value, cls.__name__)
            self.screen_built.emit(state, screen)
        return screen

    def show(self, state: SessionState) -> QWidget:
        """Bring ``state``'s screen to the front."""
        state = SessionState(state)
        screen = self.screen(state)
        if self.stack.currentWidget() is not screen:
            self.stack.setCurrentWidget(screen)
        changed = state is not self._state
        self._state = state
        if changed:
            log.info("screen: %s", state.value)
            self.screen_changed.emit(state, screen)
        return screen

    def _on_state_changed(self, _old: SessionState, new: SessionState, _trigger: Any) -> None:
        self.show(new)
