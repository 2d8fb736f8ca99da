"""The login page: a login number and PIN (keypad or keyboard), or a staff badge.

Checked against the store's roster (:class:`attendant.staff.ConsoleStaff`) on the
window's :class:`~attendant.ui.worker.Worker` thread, never on the GUI thread. A refusal
says what to do in plain words; a lockout says until when (in the store's time, as
``hh:mm``); the words never tell whether a login exists ("login or PIN not accepted").
A badge reader that types (a keyboard wedge) works in the badge field: it ends with Enter.

Object names: ``login_page``, ``login_title``, ``login_pin_mode_button``,
``login_badge_mode_button``, ``login_field``, ``pin_field``, ``pin_key_0``..``9``,
``pin_delete_button``, ``pin_ok_button``, ``badge_field``, ``badge_ok_button``,
``login_message``.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from attendant.staff import ConsoleStaff, StaffLoginUnavailable
from attendant.ui import texts
from attendant.ui.theme import current_console_metrics
from attendant.ui.widgets import Button, Card, PinPad, label, set_tone
from attendant.ui.worker import Worker
from kiosk.core.staff import AuthFailed, AuthFailure, StaffMember

__all__ = ["LoginPage"]

log = logging.getLogger("attendant.ui.login")


class LoginPage(QWidget):
    """See the module docstring. :attr:`logged_in` carries the ``StaffMember``."""

    logged_in = Signal(object)

    def __init__(
        self,
        staff: ConsoleStaff,
        worker: Worker,
        *,
        timezone: str,
        place: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("login_page")
        self.staff = staff
        self.worker = worker
        self.timezone = timezone
        self.place = place
        self._message: tuple[str, str, dict[str, Any]] | None = None
        metrics = current_console_metrics()

        card = Card(self, name="login_card")
        card.setMaximumWidth(560 if metrics.height >= 1000 else 480)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(
            metrics.pad_px * 2, metrics.pad_px, metrics.pad_px * 2, metrics.pad_px
        )
        inner.setSpacing(metrics.gap_px)
        self.title = label(role="title", name="login_title", wrap=True)
        self.place_label = label(role="caption", name="login_place", wrap=True)
        inner.addWidget(self.title)
        inner.addWidget(self.place_label)

        modes = QHBoxLayout()
        modes.setSpacing(metrics.gap_px)
        self.pin_mode_button = Button(role="nav", name="login_pin_mode_button")
        self.badge_mode_button = Button(role="nav", name="login_badge_mode_button")
        for button in (self.pin_mode_button, self.badge_mode_button):
            button.setCheckable(True)
            modes.addWidget(button, 1)
        self.pin_mode_button.clicked.connect(lambda: self.set_mode("pin"))
        self.badge_mode_button.clicked.connect(lambda: self.set_mode("badge"))
        inner.addLayout(modes)

        self.modes = QStackedWidget(card)
        self.modes.setObjectName("card_body")
        # -- PIN
        pin_page = QWidget()
        pin_page.setObjectName("card_body")
        pin_layout = QVBoxLayout(pin_page)
        pin_layout.setContentsMargins(0, 0, 0, 0)
        pin_layout.setSpacing(metrics.gap_px)
        self.login_caption = label(role="caption", name="login_field_caption")
        self.login_field = QLineEdit()
        self.login_field.setObjectName("login_field")
        self.login_field.setMaxLength(32)
        self.pin_caption = label(role="caption", name="pin_field_caption")
        self.pin_field = QLineEdit()
        self.pin_field.setObjectName("pin_field")
        self.pin_field.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_field.setMaxLength(8)
        self.pad = PinPad(self.pin_field)
        self.pad.setObjectName("card_body")
        for widget in (self.login_caption, self.login_field, self.pin_caption, self.pin_field):
            pin_layout.addWidget(widget)
        pin_layout.addWidget(self.pad)
        self.login_field.returnPressed.connect(self.pin_field.setFocus)
        self.pin_field.returnPressed.connect(self.submit_pin)
        self.pad.submitted.connect(self.submit_pin)
        for field in (self.login_field, self.pin_field):
            field.installEventFilter(self)
        # -- badge
        badge_page = QWidget()
        badge_page.setObjectName("card_body")
        badge_layout = QVBoxLayout(badge_page)
        badge_layout.setContentsMargins(0, 0, 0, 0)
        badge_layout.setSpacing(metrics.gap_px)
        self.badge_caption = label(role="caption", name="badge_field_caption", wrap=True)
        self.badge_field = QLineEdit()
        self.badge_field.setObjectName("badge_field")
        self.badge_field.setEchoMode(QLineEdit.EchoMode.Password)
        self.badge_field.setMaxLength(128)
        self.badge_field.returnPressed.connect(self.submit_badge)
        self.badge_ok_button = Button(role="primary", name="badge_ok_button")
        self.badge_ok_button.clicked.connect(self.submit_badge)
        badge_layout.addWidget(self.badge_caption)
        badge_layout.addWidget(self.badge_field)
        badge_layout.addWidget(self.badge_ok_button)
        badge_layout.addStretch(1)
        self.modes.addWidget(pin_page)
        self.modes.addWidget(badge_page)
        inner.addWidget(self.modes)

        self.message = label(name="login_message", wrap=True)
        self.message.setVisible(False)
        inner.addWidget(self.message)

        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card, 3)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(1)
        self.mode = "pin"
        self.set_mode("pin")
        self.retranslate()
        if not staff.available:
            self.say("error", "unavailable")
            log.warning("staff login unavailable: %s", staff.problem)

    # -- modes and input ---------------------------------------------------------------

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        self.pin_mode_button.setChecked(mode == "pin")
        self.badge_mode_button.setChecked(mode == "badge")
        self.modes.setCurrentIndex(0 if mode == "pin" else 1)
        (self.login_field if mode == "pin" else self.badge_field).setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, QLineEdit):
            self.pad.field = watched  # the keypad types where the attendant is
        return super().eventFilter(watched, event)

    def reset(self) -> None:
        """Empty every field (after a log-out); a lockout message stays."""
        for field in (self.login_field, self.pin_field, self.badge_field):
            field.clear()
        if self._message is not None and self._message[1] != "locked":
            self._clear_message()
        self._set_busy(False)
        self.set_mode(self.mode)

    @property
    def busy(self) -> bool:
        return not self.modes.isEnabled()

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.modes, self.pin_mode_button, self.badge_mode_button):
            widget.setEnabled(not busy)

    # -- checking ----------------------------------------------------------------------

    def submit_pin(self) -> None:
        login, pin = self.login_field.text().strip(), self.pin_field.text()
        if self.busy:
            return
        if not login:
            self.say("waiting", "need_login")
            self.login_field.setFocus()
            return
        if not pin:
            self.say("waiting", "need_pin")
            self.pin_field.setFocus()
            return
        self.pin_field.clear()
        self._check(lambda: self.staff.login_pin(login, pin))

    def submit_badge(self) -> None:
        code = self.badge_field.text()
        if self.busy:
            return
        if not code.strip():
            self.say("waiting", "need_badge")
            return
        self.badge_field.clear()
        self._check(lambda: self.staff.login_badge(code))

    def _check(self, job: Any) -> None:
        self._set_busy(True)
        self.say("idle", "checking")
        self.worker.run(job, done=self._accepted, failed=self._refused)

    def _accepted(self, member: StaffMember) -> None:
        self._set_busy(False)
        self._clear_message()
        self.login_field.clear()
        log.info("staff %s (%s) logged in at the console", member.id, member.role.value)
        self.logged_in.emit(member)

    def _refused(self, error: BaseException) -> None:
        self._set_busy(False)
        if isinstance(error, AuthFailed):
            log.info("console login refused: %s", error.reason.value)
            if error.reason is AuthFailure.LOCKED or error.locked_until is not None:
                until = error.locked_until
                shown = texts.clock_time(until, self.timezone) if until is not None else "?"
                self.say("error", "locked", until=shown)
            elif error.reason is AuthFailure.DISABLED:
                self.say("error", "disabled")
            else:
                self.say("error", "wrong")
        elif isinstance(error, StaffLoginUnavailable):
            self.say("error", "unavailable")
        else:
            log.error("console login failed", exc_info=error)
            self.say("error", "failed")
        (self.pin_field if self.mode == "pin" else self.badge_field).setFocus()

    # -- words -------------------------------------------------------------------------

    def say(self, tone: str, key: str, **params: Any) -> None:
        self._message = (tone, key, params)
        set_tone(self.message, tone)
        self.message.setText(self._message_text(key, params))
        self.message.setVisible(True)

    def _clear_message(self) -> None:
        self._message = None
        self.message.setVisible(False)
        self.message.clear()

    @property
    def message_key(self) -> str | None:
        """What the message says, as a key (tests and logs): ``wrong``, ``locked`` ..."""
        return None if self._message is None else self._message[1]

    def _message_text(self, key: str, params: dict[str, Any]) -> str:
        if key == "wrong":
            return self.tr("Login number or PIN not accepted. Check them and try again.")
        if key == "locked":
            return self.tr(
                "Too many failed attempts. Logging in here is blocked until {until}. "
                "A supervisor can lift the block sooner."
            ).format(**params)
        if key == "disabled":
            return self.tr("This staff account is switched off. Ask a supervisor.")
        if key == "unavailable":
            return self.tr(
                "Logging in is not possible: the staff list cannot be opened. "
                "Ask a supervisor or the technician."
            )
        if key == "need_login":
            return self.tr("Type your login number first.")
        if key == "need_pin":
            return self.tr("Type your PIN.")
        if key == "need_badge":
            return self.tr("Scan your badge, or type its code.")
        if key == "timed_out_info":
            return self.tr(
                "You were logged out because the console was not used for a while. "
                "Log in again to go on."
            )
        if key == "checking":
            return self.tr("Checking…")
        return self.tr("Logging in did not work. Try again, or ask the technician.")

    def retranslate(self) -> None:
        self.title.setText(self.tr("Log in to the service desk"))
        self.place_label.setText(self.place)
        self.pin_mode_button.setText(self.tr("Login number and PIN"))
        self.badge_mode_button.setText(self.tr("Badge"))
        self.login_caption.setText(self.tr("Login number"))
        self.pin_caption.setText(self.tr("PIN"))
        self.badge_caption.setText(self.tr("Hold your badge to the reader, or type its code."))
        self.badge_ok_button.setText(self.tr("Log in"))
        if self._message is not None:
            self.message.setText(self._message_text(self._message[1], self._message[2]))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def keyPressEvent(self, event: Any) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.reset()
        else:
            super().keyPressEvent(event)
