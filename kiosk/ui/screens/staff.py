"""The staff screen: log in at the lane (PIN or badge), then the staff menu.

**Login.** "Scan your badge, or type your staff number and PIN": the keypad takes the
staff number, then the PIN (shown as dots). The check itself is the roster's (argon2id,
lockout after repeated failures); the shell passes it as ``staff_auth``: an object with
``authenticate(login, pin)`` and ``authenticate_badge(code)`` (or
:class:`kiosk.ui.staff_auth.StaffAuth`'s ``login_pin`` / ``login_badge``), each returning
the member or raising :class:`kiosk.core.staff.AuthFailed`. It runs on a worker thread
(a PIN check takes a good fraction of a second on purpose) and the answer comes back
on the GUI thread. A refusal is said plainly: not accepted, locked until HH:MM, account
disabled, or login unavailable. A badge arrives through :meth:`StaffScreen.badge_scanned`
(the shell routes the scanner there while the login shows). On success the screen calls
``lane.staff_login(member)``.

**Menu.** Approve age, approve / refuse a removal, key in an item (with a price, or at
the catalogue price), cancel the transaction, take the lane out of service / back in,
diagnostics (technician), log out. Each button is enabled when the member's role allows
it (:func:`kiosk.core.staff.can`) and the lane has something to do for it. The logged-in
member is kept per lane (:func:`logged_in`) so every staff and diagnostics screen of the
lane acts as the same person; it is forgotten when the lane leaves the staff states.

Signals: :attr:`StaffScreen.closed` (staff backed out of the login: the shell shows the
lane's screen again).

Object names: ``staff_screen``; login ``staff_login_title``, ``staff_login_hint``,
``staff_login_step``, ``staff_login_entry``, ``staff_login_error``, the keypad's
(``keypad_key_0``-``9``, ``keypad_delete_button``, ``keypad_ok_button``),
``staff_login_back_button``; menu ``staff_menu_title``, ``staff_menu_status``,
``staff_approve_age_button``, ``staff_approve_void_button``,
``staff_refuse_void_button``, ``staff_key_in_button``,
``staff_cancel_transaction_button``, ``staff_lock_button``, ``staff_unlock_button``,
``staff_diagnostics_button``, ``staff_logout_button``; key-in ``staff_keyin_step``,
``staff_keyin_entry``, ``staff_keyin_catalog_price_button``,
``staff_keyin_back_button``.
"""

from __future__ import annotations

import contextlib
import enum
import logging
import threading
import weakref
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.lane import HelpCall, HelpReason, LaneController
from kiosk.core.money import format_cents
from kiosk.core.session import SessionState
from kiosk.core.staff import Action, AuthFailed, AuthFailure, can
from kiosk.ui.services import UiServices
from kiosk.ui.theme import current_metrics, set_state
from kiosk.ui.widgets import BigButton, Keypad, KioskScreen

__all__ = ["LoginStep", "StaffScreen", "logged_in"]

log = logging.getLogger("kiosk.ui.staff")

S = SessionState
_STAFF_STATES = (S.STAFF, S.DIAGNOSTICS)
_MEMBERS: weakref.WeakKeyDictionary[LaneController, Any] = weakref.WeakKeyDictionary()


def logged_in(lane: LaneController) -> Any:
    """The member logged in at ``lane`` through a staff screen (None when nobody is)."""
    if lane.state not in _STAFF_STATES:
        _MEMBERS.pop(lane, None)
        return None
    return _MEMBERS.get(lane)


def permitted(member: Any, action: Action) -> bool:
    """Whether ``member``'s role allows ``action`` (a member without a known role: no)."""
    if member is None:
        return False
    try:
        return can(member, action)
    except ValueError:
        return False


class LoginStep(enum.StrEnum):
    LOGIN = "login"
    PIN = "pin"
    CHECKING = "checking"


class _Worker(QObject):
    """Runs one blocking call on a thread; ``done(value, error)`` on the GUI thread."""

    done = Signal(object, object)

    def run(self, job: Callable[[], Any]) -> None:
        def work() -> None:
            try:
                value, error = job(), None
            except Exception as exc:  # the screen says what went wrong
                value, error = None, exc
            self.done.emit(value, error)

        threading.Thread(target=work, name="staff-login", daemon=True).start()


class StaffScreen(KioskScreen):
    """See the module docstring."""

    closed = Signal()

    LOGIN, MENU, KEY_IN = range(3)

    def __init__(
        self,
        lane: LaneController,
        ui: UiServices,
        parent: QWidget | None = None,
        *,
        staff_auth: Any = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("staff_screen")
        self.lane = lane
        self.ui = ui
        self.staff_auth = staff_auth
        self._step = LoginStep.LOGIN
        self._login = ""
        self._error: tuple[str, Any] | None = None
        self._keyin_code = ""
        self._worker = _Worker(self)
        self._worker.done.connect(self._checked)
        metrics = current_metrics()
        self.pages = QStackedWidget(self)
        layout = QVBoxLayout(self)
        margin = metrics.padding_px
        layout.setContentsMargins(margin, margin, margin, margin)
        layout.addWidget(self.pages)

        # login
        page, box = self._page()
        self.login_title = self._label(page, "staff_login_title", "title")
        self.login_hint = self._label(page, "staff_login_hint")
        self.login_step = self._label(page, "staff_login_step")
        self.login_entry = self._label(page, "staff_login_entry", "title", wrap=False)
        self.login_error = self._label(page, "staff_login_error")
        self.keypad = Keypad(max_length=32, parent=page)
        self.keypad.display.hide()
        self.keypad.changed.connect(self._typed)
        self.keypad.submitted.connect(self._submitted)
        left = QVBoxLayout()
        left.setSpacing(metrics.gap_px)
        for label in (
            self.login_title,
            self.login_hint,
            self.login_step,
            self.login_entry,
            self.login_error,
        ):
            left.addWidget(label)
        left.addStretch(1)
        self.login_back = BigButton(parent=page)
        self.login_back.setObjectName("staff_login_back_button")
        self.login_back.clicked.connect(self._back_out)
        left.addWidget(self.login_back, 0, Qt.AlignmentFlag.AlignLeft)
        row = QHBoxLayout()
        row.setSpacing(metrics.gap_px)
        row.addLayout(left, 1)
        row.addWidget(self.keypad, 1)
        box.addLayout(row)

        # menu
        page, box = self._page()
        self.menu_title = self._label(page, "staff_menu_title", "title")
        self.menu_status = self._label(page, "staff_menu_status")
        box.addWidget(self.menu_title)
        box.addWidget(self.menu_status)
        grid = QGridLayout()
        grid.setSpacing(metrics.gap_px)
        self.buttons: dict[str, BigButton] = {}
        actions: list[tuple[str, Callable[[], object], str | None]] = [
            ("approve_age", self._approve_age, "primary"),
            ("approve_void", lambda: self._void(True), "primary"),
            ("refuse_void", lambda: self._void(False), None),
            ("key_in", self._open_key_in, None),
            ("cancel_transaction", self._cancel_transaction, "danger"),
            ("lock", self._lock, None),
            ("unlock", self._unlock, None),
            ("diagnostics", self._diagnostics, None),
            ("logout", self._logout, None),
        ]
        for index, (name, slot, role) in enumerate(actions):
            button = BigButton(role=role, parent=page)
            button.setObjectName(f"staff_{name}_button")
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.clicked.connect(lambda _=False, f=slot: self._act(f))
            self.buttons[name] = button
            grid.addWidget(button, index // 3, index % 3)
        box.addLayout(grid)
        box.addStretch(1)

        # key in an item
        page, box = self._page()
        self.keyin_step = self._label(page, "staff_keyin_step", "title")
        self.keyin_entry = self._label(page, "staff_keyin_entry", "title", wrap=False)
        self.keyin_pad = Keypad(max_length=14, parent=page)
        self.keyin_pad.display.hide()
        self.keyin_pad.changed.connect(lambda _v: self._show_keyin())
        self.keyin_pad.submitted.connect(self._keyin_submitted)
        self.keyin_catalog = BigButton(role="primary", parent=page)
        self.keyin_catalog.setObjectName("staff_keyin_catalog_price_button")
        self.keyin_catalog.clicked.connect(lambda: self._keyin_done(None))
        self.keyin_back = BigButton(parent=page)
        self.keyin_back.setObjectName("staff_keyin_back_button")
        self.keyin_back.clicked.connect(self._show_menu)
        left = QVBoxLayout()
        left.setSpacing(metrics.gap_px)
        left.addWidget(self.keyin_step)
        left.addWidget(self.keyin_entry)
        left.addStretch(1)
        left.addWidget(self.keyin_catalog, 0, Qt.AlignmentFlag.AlignLeft)
        left.addWidget(self.keyin_back, 0, Qt.AlignmentFlag.AlignLeft)
        row = QHBoxLayout()
        row.setSpacing(metrics.gap_px)
        row.addLayout(left, 1)
        row.addWidget(self.keyin_pad, 1)
        box.addLayout(row)

        self._connections: list[tuple[Any, Callable[..., Any]]] = [
            (lane.state_changed, self._on_state),
            (lane.help_changed, self._on_help),
            (lane.cart_changed, self._on_cart),
        ]
        for signal, callback in self._connections:
            signal.connect(callback)
        connections = self._connections
        self.destroyed.connect(lambda *_: _release(connections))
        self._refresh()

    # -- building

    def _page(self) -> tuple[QWidget, QVBoxLayout]:
        page = QWidget(self.pages)
        box = QVBoxLayout(page)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(current_metrics().gap_px)
        self.pages.addWidget(page)
        return page, box

    def _label(self, parent: QWidget, name: str, role: str | None = None, *, wrap: bool = True):
        label = QLabel(parent)
        label.setObjectName(name)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(wrap)
        if role is not None:
            set_state(label, "textRole", role)
        return label

    # -- state

    @property
    def member(self) -> Any:
        """The member logged in at this lane (None: the login shows)."""
        return logged_in(self.lane)

    @property
    def page(self) -> int:
        return self.pages.currentIndex()

    @property
    def step(self) -> LoginStep:
        return self._step

    @property
    def void_call(self) -> HelpCall | None:
        """The oldest removal waiting for approval."""
        for call in self.lane.open_help_calls:
            if call.reason is HelpReason.VOID_APPROVAL:
                return call
        return None

    def _refresh(self) -> None:
        member = self.member
        if member is None:
            if self.page != self.LOGIN:
                self.show_login()
            self.retranslate()
            return
        if self.page == self.LOGIN:
            self.pages.setCurrentIndex(self.MENU)
        snapshot = self.lane.snapshot()
        cart = snapshot["cart"]
        has_cart = self.lane.cart is not None
        paying = snapshot["payment"] is not None
        oos = snapshot["out_of_service"] is not None
        enabled = {
            "approve_age": permitted(member, Action.APPROVE_AGE)
            and has_cart
            and (cart["min_age"] or 0) > snapshot["approved_age"],
            "approve_void": permitted(member, Action.APPROVE_VOID) and self.void_call is not None,
            "refuse_void": permitted(member, Action.APPROVE_VOID) and self.void_call is not None,
            "key_in": permitted(member, Action.KEY_IN_ITEM) and has_cart and not paying,
            "cancel_transaction": permitted(member, Action.CANCEL_TRANSACTION)
            and has_cart
            and not paying,
            "lock": permitted(member, Action.LOCK_LANE) and not has_cart and not oos,
            "unlock": permitted(member, Action.UNLOCK_LANE) and oos,
            "diagnostics": permitted(member, Action.OPEN_DIAGNOSTICS) and not has_cart,
            "logout": True,
        }
        for name, button in self.buttons.items():
            button.setEnabled(bool(enabled[name]))
        self.retranslate()

    def _on_state(self, _old: SessionState, new: SessionState, _trigger: object) -> None:
        if new not in _STAFF_STATES:
            _MEMBERS.pop(self.lane, None)
        self._refresh()

    def _on_help(self, _call: HelpCall) -> None:
        self._refresh()

    def _on_cart(self, _totals: object) -> None:
        self._refresh()

    # -- login

    def show_login(self) -> None:
        """Start the login afresh (staff number first)."""
        self._step = LoginStep.LOGIN
        self._login = ""
        self._error = None
        self.keypad.clear()
        self.keypad.setEnabled(True)
        self.pages.setCurrentIndex(self.LOGIN)
        self.retranslate()

    def _typed(self, _value: str) -> None:
        self._error = None if _value else self._error
        self.retranslate()

    def _submitted(self, value: str) -> None:
        if self._step is LoginStep.LOGIN:
            self._login = value
            self._step = LoginStep.PIN
            self._error = None
            self.retranslate()
        elif self._step is LoginStep.PIN:
            login = self._login
            self._check(lambda auth: _call(auth, ("authenticate", "login_pin"), login, value))

    def badge_scanned(self, code: str) -> bool:
        """A badge was scanned while the login shows; False when not listening now."""
        if self.page != self.LOGIN or self._step is LoginStep.CHECKING:
            return False
        self._check(lambda auth: _call(auth, ("authenticate_badge", "login_badge"), code))
        return True

    def _check(self, job: Callable[[Any], Any]) -> None:
        auth = self.staff_auth
        if auth is None:
            self._error = ("unavailable", None)
            self._step = LoginStep.LOGIN
            self.retranslate()
            return
        self._step = LoginStep.CHECKING
        self._error = None
        self.keypad.setEnabled(False)
        self.retranslate()
        self._worker.run(lambda: job(auth))

    def _checked(self, member: Any, error: BaseException | None) -> None:
        self.keypad.setEnabled(True)
        self.keypad.clear()
        self._step = LoginStep.LOGIN
        self._login = ""
        if error is not None:
            if isinstance(error, AuthFailed):
                self._error = (error.reason.value, error.locked_until)
            else:
                log.warning("staff login unavailable: %s", error)
                self._error = ("unavailable", None)
            self.retranslate()
            return
        _MEMBERS[self.lane] = member
        if not self.lane.staff_login(member):
            _MEMBERS.pop(self.lane, None)
            self._error = ("not_now", None)
            self.retranslate()
            return
        self.pages.setCurrentIndex(self.MENU)
        self._refresh()

    def _back_out(self) -> None:
        self.show_login()
        self.closed.emit()

    # -- menu actions

    def _act(self, action: Callable[[], object]) -> None:
        if self.member is None:
            self.show_login()
            return
        action()
        self._refresh()

    def _approve_age(self) -> None:
        self.lane.approve_age(self.member)

    def _void(self, approve: bool) -> None:
        call = self.void_call
        if call is not None:
            self.lane.approve_void(self.member, call.id, approve)

    def _cancel_transaction(self) -> None:
        self.lane.cancel_transaction(self.member)  # the lane logs staff out with it

    def _lock(self) -> None:
        self.lane.lock_lane(self.member)

    def _unlock(self) -> None:
        self.lane.unlock_lane(self.member)

    def _diagnostics(self) -> None:
        self.lane.enter_diagnostics(self.member)

    def _logout(self) -> None:
        self.lane.staff_logout()
        _MEMBERS.pop(self.lane, None)

    def _show_menu(self) -> None:
        self.pages.setCurrentIndex(self.MENU if self.member is not None else self.LOGIN)
        self._refresh()

    # -- key in an item

    def _open_key_in(self) -> None:
        self._keyin_code = ""
        self.keyin_pad.clear()
        self.pages.setCurrentIndex(self.KEY_IN)
        self._show_keyin()

    def _keyin_submitted(self, value: str) -> None:
        if not self._keyin_code:
            self._keyin_code = value
            self._show_keyin()
        else:
            self._keyin_done(int(value))

    def _keyin_done(self, price_cents: int | None) -> None:
        if not self._keyin_code or self.member is None:
            return
        self.lane.key_in_item(self.member, self._keyin_code, price_cents)
        self._keyin_code = ""
        self._show_menu()

    def _show_keyin(self) -> None:
        self.keyin_catalog.setVisible(bool(self._keyin_code))
        self.retranslate()

    # -- words

    def retranslate(self) -> None:
        self.login_title.setText(self.tr("Staff login"))
        self.login_hint.setText(
            self.tr("Scan your staff badge, or type your staff number and then your PIN.")
        )
        if self._step is LoginStep.CHECKING:
            step = self.tr("Checking...")
        elif self._step is LoginStep.PIN:
            step = self.tr("Your PIN (staff number {login}):").format(login=self._login)
        else:
            step = self.tr("Your staff number:")
        self.login_step.setText(step)
        typed = self.keypad.value
        shown = "\u2022" * len(typed) if self._step is LoginStep.PIN else typed
        self.login_entry.setText(shown or "\u2013")
        self.login_error.setText(self._error_text())
        self.login_error.setVisible(self._error is not None)
        self.login_back.setText(self.tr("Back"))

        member = self.member
        if member is not None:
            role = getattr(member.role, "value", member.role)
            self.menu_title.setText(
                self.tr("Staff menu: {name} ({role})").format(name=member.name, role=role)
            )
        snapshot = self.lane.snapshot()
        cart = snapshot["cart"]
        if self.lane.cart is not None:
            status = self.tr("Open transaction: %n item(s), {total}.", "", cart["item_count"])
            status = status.format(total=format_cents(cart["total_cents"]))
        elif snapshot["out_of_service"] is not None:
            status = self.tr("The lane is out of service.")
        else:
            status = self.tr("No open transaction.")
        call = self.void_call
        if call is not None:
            product = call.context.get("product") or {}
            dutch = self.ui.translator.language == "nl"
            name = product.get("name_nl") if dutch else product.get("name_en")
            status += " " + self.tr("Waiting for approval: remove {name}.").format(name=name or "?")
        self.menu_status.setText(status)
        words = {
            "approve_age": self.tr("Approve age"),
            "approve_void": self.tr("Approve removal"),
            "refuse_void": self.tr("Refuse removal"),
            "key_in": self.tr("Key in an item"),
            "cancel_transaction": self.tr("Cancel transaction"),
            "lock": self.tr("Close the lane"),
            "unlock": self.tr("Open the lane"),
            "diagnostics": self.tr("Diagnostics"),
            "logout": self.tr("Log out"),
        }
        for name, button in self.buttons.items():
            button.setText(words[name])

        if self._keyin_code:
            self.keyin_step.setText(
                self.tr("Code {code}: type the price in cents, or use the catalogue price.").format(
                    code=self._keyin_code
                )
            )
        else:
            self.keyin_step.setText(self.tr("Type the item's barcode or PLU code."))
        value = self.keyin_pad.value
        if self._keyin_code and value:
            self.keyin_entry.setText(format_cents(int(value)))
        else:
            self.keyin_entry.setText(value or "\u2013")
        self.keyin_catalog.setText(self.tr("Catalogue price"))
        self.keyin_back.setText(self.tr("Back"))

    def _error_text(self) -> str:
        if self._error is None:
            return ""
        reason, until = self._error
        if reason in (AuthFailure.WRONG.value, AuthFailure.UNKNOWN.value):
            return self.tr("Staff number, PIN or badge not accepted. Please try again.")
        if reason == AuthFailure.LOCKED.value:
            if isinstance(until, datetime):
                return self.tr("Too many tries. Login is locked until {time}.").format(
                    time=until.astimezone().strftime("%H:%M")
                )
            return self.tr("Too many tries. Login is locked for a while.")
        if reason == AuthFailure.DISABLED.value:
            return self.tr("This staff account is disabled. Ask a supervisor.")
        if reason == "not_now":
            return self.tr("Staff cannot log in at this moment. Try again in a moment.")
        return self.tr("Staff login is not available on this lane now.")


def _call(auth: Any, names: tuple[str, ...], *args: str) -> Any:
    for name in names:
        method = getattr(auth, name, None)
        if method is not None:
            return method(*args)
    raise RuntimeError(f"staff_auth has none of {names}")


def _release(connections: list[tuple[Any, Callable[..., Any]]]) -> None:
    for signal, callback in connections:
        with contextlib.suppress(ValueError):
            signal.disconnect(callback)
    connections.clear()
