"""Sending an action to a lane, auditing it, and following it to its answer.

:class:`ConsoleActions` is the one way the widgets act on a lane: it checks the role
(:meth:`attendant.staff.ConsoleStaff.why_not`), sends the command through the
:class:`~attendant.link.ConsoleLink` for the logged-in staff member, writes the audit
entry (who, what, which kiosk and transaction, the command id, the help call), and turns
what comes back into an :class:`ActionResult`: sent (waiting for the lane), done,
refused (the reason in words), no answer before it expired, or not sent (no connection).
:attr:`ConsoleActions.result_changed` carries each change; :func:`result_text` words it.
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass, field, replace
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal

from attendant.commands import Outcome, OutcomeStatus
from attendant.link import ConsoleLink, LinkDown, NotLoggedIn
from attendant.staff import ConsoleStaff
from attendant.ui import texts
from kiosk.core.staff import StaffMember
from kiosk.link.protocol import CommandKind, DeviceInfo, Refusal

__all__ = ["ActionResult", "ActionStatus", "ConsoleActions", "permission_text", "result_text"]

log = logging.getLogger("attendant.ui.actions")


class ActionStatus(enum.StrEnum):
    SENT = "sent"
    DONE = "done"
    REFUSED = "refused"
    EXPIRED = "expired"
    NOT_SENT = "not_sent"
    NOT_ALLOWED = "not_allowed"


TONES = {
    ActionStatus.SENT: "waiting",
    ActionStatus.DONE: "go",
    ActionStatus.REFUSED: "error",
    ActionStatus.EXPIRED: "error",
    ActionStatus.NOT_SENT: "error",
    ActionStatus.NOT_ALLOWED: "error",
}


@dataclass(frozen=True, slots=True)
class ActionResult:
    """One action as the attendant should see it now."""

    kind: CommandKind
    kiosk_id: str
    kiosk_name: str
    status: ActionStatus
    command_id: str | None = None
    refusal: Refusal | None = None
    devices: tuple[DeviceInfo, ...] = ()
    problem: str = ""
    """For ``not_sent`` / ``not_allowed``: a code (``link_down``, ``logged_out``,
    ``supervisor`` ...)."""
    fields: dict[str, Any] = field(default_factory=dict)

    @property
    def tone(self) -> str:
        return TONES[self.status]


def permission_text(code: str | None) -> str:
    """Why an action is not possible, in words (codes of ``ConsoleStaff.why_not`` and the
    detail view's own: ``no_call``, ``no_transaction`` ...)."""
    words = {
        "logged_out": QCoreApplication.translate("ConsoleTexts", "Log in first."),
        "disabled": QCoreApplication.translate(
            "ConsoleTexts", "Your staff account is switched off."
        ),
        "supervisor": QCoreApplication.translate("ConsoleTexts", "Only a supervisor may do this."),
        "technician": QCoreApplication.translate("ConsoleTexts", "Only a technician may do this."),
        "helpers": QCoreApplication.translate(
            "ConsoleTexts", "Only attendants and supervisors help shoppers."
        ),
        "offline": QCoreApplication.translate("ConsoleTexts", "The lane is offline."),
        "link_down": QCoreApplication.translate(
            "ConsoleTexts", "No connection with the store network."
        ),
        "no_call": QCoreApplication.translate("ConsoleTexts", "There is no open help call."),
        "no_age_call": QCoreApplication.translate("ConsoleTexts", "No age check is waiting."),
        "no_void_call": QCoreApplication.translate(
            "ConsoleTexts", "No removal is waiting for approval."
        ),
        "no_transaction": QCoreApplication.translate("ConsoleTexts", "No shopper is checking out."),
        "no_line": QCoreApplication.translate("ConsoleTexts", "Pick an item in the cart first."),
        "no_receipt": QCoreApplication.translate("ConsoleTexts", "There is no purchase to print."),
        "locked": QCoreApplication.translate("ConsoleTexts", "The lane is closed already."),
        "unlocked": QCoreApplication.translate("ConsoleTexts", "The lane is open already."),
        "invalid": QCoreApplication.translate(
            "ConsoleTexts", "What was typed cannot be sent to the lane."
        ),
    }
    return words.get(code or "", QCoreApplication.translate("ConsoleTexts", "Not possible now."))


def result_text(result: ActionResult) -> str:
    """What happened to an action, in plain words."""
    action = texts.command_name(result.kind)
    lane = result.kiosk_name
    if result.status is ActionStatus.SENT:
        return QCoreApplication.translate(
            "ConsoleTexts", "{lane}: “{action}” sent. Waiting for the lane…"
        ).format(lane=lane, action=action)
    if result.status is ActionStatus.DONE:
        text = QCoreApplication.translate("ConsoleTexts", "{lane}: “{action}” done.").format(
            lane=lane, action=action
        )
        if result.devices:
            text += " " + "; ".join(
                QCoreApplication.translate("ConsoleTexts", "{device}: {state}").format(
                    device=texts.device_kind(d.kind),
                    state=(
                        texts.fault_reason(d.reason)
                        if d.reason is not None
                        else texts.device_state(d.state)
                    ),
                )
                for d in result.devices
            )
        return text
    if result.status is ActionStatus.REFUSED:
        refusal = result.refusal
        reason = texts.refusal(refusal.reason) if refusal is not None else ""
        if refusal is not None and refusal.claimed_by is not None:
            reason = QCoreApplication.translate(
                "ConsoleTexts", "{name} took this call first"
            ).format(name=refusal.claimed_by.name)
        return QCoreApplication.translate(
            "ConsoleTexts", "{lane} did not do “{action}”: {reason}."
        ).format(lane=lane, action=action, reason=reason)
    if result.status is ActionStatus.EXPIRED:
        return QCoreApplication.translate(
            "ConsoleTexts",
            "{lane} did not answer “{action}” in time. Look at the lane, and try again if needed.",
        ).format(lane=lane, action=action)
    if result.status is ActionStatus.NOT_ALLOWED:
        return QCoreApplication.translate(
            "ConsoleTexts", "“{action}” is not possible: {reason}"
        ).format(action=action, reason=permission_text(result.problem))
    if result.problem == "link_down":
        return QCoreApplication.translate(
            "ConsoleTexts", "“{action}” was not sent: {reason} Try again in a moment."
        ).format(action=action, reason=permission_text(result.problem))
    return QCoreApplication.translate("ConsoleTexts", "“{action}” was not sent: {reason}").format(
        action=action, reason=permission_text(result.problem)
    )


class ConsoleActions(QObject):
    """See the module docstring; :attr:`member` is the staff member logged in."""

    result_changed = Signal(object)
    """An :class:`ActionResult`: sent, then done / refused / expired."""

    def __init__(
        self, link: ConsoleLink, staff: ConsoleStaff, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.link = link
        self.staff = staff
        self.results: dict[str, ActionResult] = {}
        self.last: ActionResult | None = None
        link.command_result.connect(self._on_outcome)

    @property
    def member(self) -> StaffMember | None:
        return self.link.actor

    def why_not(self, kind: CommandKind | str) -> str | None:
        return self.staff.why_not(self.member, kind)

    def send(
        self,
        kind: CommandKind | str,
        kiosk_id: str,
        kiosk_name: str,
        *,
        transaction_id: str | None = None,
        **fields: Any,
    ) -> ActionResult:
        """Send ``kind`` to the lane (``transaction_id`` and ``fields`` as the command takes
        them), audit it, and return the result so far (sent, or why not)."""
        kind = CommandKind(kind)
        all_fields = dict(fields)
        if transaction_id is not None:
            all_fields["transaction_id"] = transaction_id
        refused = self.why_not(kind)
        if refused is not None:
            return self._publish(
                ActionResult(kind, kiosk_id, kiosk_name, ActionStatus.NOT_ALLOWED, problem=refused)
            )
        member = self.member
        assert member is not None
        try:
            command_id = self.link.send(kind, kiosk_id, **all_fields)
        except NotLoggedIn:
            return self._publish(
                ActionResult(
                    kind, kiosk_id, kiosk_name, ActionStatus.NOT_ALLOWED, problem="logged_out"
                )
            )
        except LinkDown:
            return self._publish(
                ActionResult(kind, kiosk_id, kiosk_name, ActionStatus.NOT_SENT, problem="link_down")
            )
        except ValueError as error:  # a field the command refuses (a code too long ...)
            log.warning("%s for %s not sent: %s", kind, kiosk_id, error)
            return self._publish(
                ActionResult(kind, kiosk_id, kiosk_name, ActionStatus.NOT_SENT, problem="invalid")
            )
        self.staff.audit(
            member,
            kind,
            kiosk_id=kiosk_id,
            command_id=command_id,
            transaction_id=transaction_id,
            call_id=fields.get("call_id"),
            fields={k: v for k, v in fields.items() if k != "call_id"},
        )
        result = ActionResult(
            kind, kiosk_id, kiosk_name, ActionStatus.SENT, command_id=command_id, fields=all_fields
        )
        self.results[command_id] = result
        return self._publish(result)

    def _publish(self, result: ActionResult) -> ActionResult:
        self.last = result
        self.result_changed.emit(result)
        return result

    def _on_outcome(self, outcome: Outcome) -> None:
        sent = self.results.get(outcome.command_id)
        if sent is None:
            return
        if outcome.status is OutcomeStatus.DONE:
            devices = tuple(outcome.result.devices) if outcome.result is not None else ()
            result = replace(sent, status=ActionStatus.DONE, devices=devices)
        elif outcome.status is OutcomeStatus.REFUSED:
            result = replace(sent, status=ActionStatus.REFUSED, refusal=outcome.refusal)
        elif outcome.status is OutcomeStatus.EXPIRED:
            result = replace(sent, status=ActionStatus.EXPIRED)
        else:
            return
        self.results[outcome.command_id] = result
        log.info(
            "action %s (%s) on %s: %s", sent.command_id, sent.kind, sent.kiosk_id, result.status
        )
        self._publish(result)
