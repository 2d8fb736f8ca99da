"""The help panel: a layer the shell shows over any shopper screen when Help is pressed.

Three pages:

1. **Topics** (when the shopper asked for help and no call is open): "What do you need
   help with?" with four topics (an item will not scan, a price question, bags,
   something else). A tap raises the call (``lane.call_help("shopper_request", topic)``).
2. **Status** of the call (the shopper's own, or one the lane raised itself: an unknown
   item, an age check, a decline...): "Help is called" -> "Sam is on the way" ->
   resolved; while the store network is down (no console to call) "We could not reach a
   staff member", and when nobody acknowledged it in time "We are still looking for a
   staff member", each with "Please wave to a staff member." first (the lane light
   flashes too; the call is delivered when the link returns); why the call was made,
   short self-help answers for that reason while waiting (the lane's
   :attr:`~kiosk.core.lane.HelpCall.self_help` keys), **Cancel help** when the shopper
   may cancel it, and **Back** (the call stays open). While the call is open and staff
   may log in at the lane, a quiet **Staff** button for the staff member who came
   (:attr:`HelpPanel.staff_requested`: the shell shows the staff login).
3. **Rating** after the call was resolved: five faces, one tap (``lane.rate_help``), or
   "No, thank you".

The panel emits :attr:`HelpPanel.closed` when the shopper is done with it; the shell then
hides it. :meth:`HelpPanel.open` picks the page: a given call, else the newest open call,
else the topics.

Object names: ``help_panel``; topics page ``help_topics_title``,
``help_topic_item_wont_scan_button``, ``help_topic_price_question_button``,
``help_topic_bags_button``, ``help_topic_other_button``, ``help_topics_back_button``;
status page ``help_status_title``, ``help_status_reason``, ``help_self_help_title``,
``help_self_help`` (the answers), ``help_staff_button``, ``help_cancel_button``,
``help_back_button``; rating
page ``help_rating_title``, ``help_rating_1_button`` ... ``help_rating_5_button``,
``help_rating_skip_button``.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.lane import (
    HelpCall,
    HelpReason,
    HelpStatus,
    HelpTopic,
    LaneController,
    SelfHelp,
)
from kiosk.ui.screens.feedback import RatingButton
from kiosk.ui.services import UiServices
from kiosk.ui.staff_auth import STAFF_LOGIN_STATES
from kiosk.ui.theme import current_metrics, set_state
from kiosk.ui.widgets import BigButton, KioskScreen

__all__ = ["HelpPanel"]


TOPIC_WORDS = {
    HelpTopic.ITEM_WONT_SCAN: QT_TRANSLATE_NOOP("HelpPanel", "An item will not scan"),
    HelpTopic.PRICE_QUESTION: QT_TRANSLATE_NOOP("HelpPanel", "A question about a price"),
    HelpTopic.BAGS: QT_TRANSLATE_NOOP("HelpPanel", "Bags"),
    HelpTopic.OTHER: QT_TRANSLATE_NOOP("HelpPanel", "Something else"),
}

REASON_WORDS = {
    HelpReason.UNKNOWN_ITEM: QT_TRANSLATE_NOOP("HelpPanel", "We do not know an item you scanned."),
    HelpReason.AGE_CHECK: QT_TRANSLATE_NOOP("HelpPanel", "A staff member checks your age."),
    HelpReason.VOID_APPROVAL: QT_TRANSLATE_NOOP(
        "HelpPanel", "A staff member approves removing an item."
    ),
    HelpReason.PAYMENT_DECLINED: QT_TRANSLATE_NOOP("HelpPanel", "Your payment did not work."),
    HelpReason.PAYMENT_UNKNOWN: QT_TRANSLATE_NOOP(
        "HelpPanel", "A staff member checks your payment. You will not be charged twice."
    ),
    HelpReason.DEVICE_FAULT: QT_TRANSLATE_NOOP("HelpPanel", "Part of this lane does not work."),
    HelpReason.SHOPPER_REQUEST: QT_TRANSLATE_NOOP("HelpPanel", "You asked for help."),
    HelpReason.IDLE: QT_TRANSLATE_NOOP("HelpPanel", "Your shopping was paused."),
}

SELF_HELP_WORDS = {
    SelfHelp.RETRY_SCAN_SLOWLY: QT_TRANSLATE_NOOP(
        "HelpPanel", "Hold the barcode flat under the scanner and move it slowly."
    ),
    SelfHelp.KEY_IN_THE_CODE: QT_TRANSLATE_NOOP(
        "HelpPanel", "You can type the numbers under the barcode with Type a code."
    ),
    SelfHelp.PUT_ITEM_ASIDE: QT_TRANSLATE_NOOP(
        "HelpPanel", "Put the item aside. The staff member will help you with it."
    ),
    SelfHelp.KEEP_SCANNING: QT_TRANSLATE_NOOP("HelpPanel", "You can keep scanning while you wait."),
    SelfHelp.HAVE_ID_READY: QT_TRANSLATE_NOOP("HelpPanel", "Please have your ID ready."),
    SelfHelp.STAFF_APPROVES_REMOVAL: QT_TRANSLATE_NOOP(
        "HelpPanel", "The staff member removes the item for you."
    ),
    SelfHelp.TRY_ANOTHER_CARD: QT_TRANSLATE_NOOP("HelpPanel", "You can try another card."),
    SelfHelp.INSERT_CARD_USE_PIN: QT_TRANSLATE_NOOP(
        "HelpPanel", "Put the card in the terminal instead of tapping, and type your PIN."
    ),
    SelfHelp.PAY_AT_SERVICE_DESK: QT_TRANSLATE_NOOP(
        "HelpPanel", "You can also pay at the service desk."
    ),
    SelfHelp.DO_NOT_PAY_AGAIN: QT_TRANSLATE_NOOP("HelpPanel", "Please do not pay again."),
    SelfHelp.STAFF_CHECKS_TERMINAL: QT_TRANSLATE_NOOP(
        "HelpPanel", "The staff member checks the payment on the terminal."
    ),
    SelfHelp.USE_KEY_IN: QT_TRANSLATE_NOOP(
        "HelpPanel", "If the scanner does not work, type the code with Type a code."
    ),
    SelfHelp.DIGITAL_RECEIPT: QT_TRANSLATE_NOOP(
        "HelpPanel", "If the printer does not work, you get your receipt with a QR code."
    ),
    SelfHelp.PRICE_ON_SHELF_LABEL: QT_TRANSLATE_NOOP(
        "HelpPanel", "The price is also on the label on the shelf."
    ),
    SelfHelp.BAGS_AT_THE_LANE: QT_TRANSLATE_NOOP(
        "HelpPanel", "Bags are at this lane. Scan the bag's barcode, or tap Bags."
    ),
    SelfHelp.STAFF_COMES: QT_TRANSLATE_NOOP(
        "HelpPanel", "A staff member comes to you. Please wait here."
    ),
    SelfHelp.CART_IS_SAVED: QT_TRANSLATE_NOOP("HelpPanel", "Your shopping is saved."),
}


class HelpPanel(KioskScreen):
    """See the module docstring."""

    closed = Signal()
    """The shopper is done with the panel: the shell hides it."""
    staff_requested = Signal()
    """The staff member who came wants to log in: the shell shows the staff login."""

    TOPICS, STATUS, RATING = range(3)

    def __init__(self, lane: LaneController, ui: UiServices, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("help_panel")
        self.lane = lane
        self.ui = ui
        self._call_id: str | None = None
        self._not_rated: set[str] = set()
        """Calls whose rating the shopper declined ("No, thank you"): not asked again."""
        metrics = current_metrics()
        self.pages = QStackedWidget(self)
        layout = QVBoxLayout(self)
        margin = metrics.padding_px
        layout.setContentsMargins(margin, margin, margin, margin)
        layout.addWidget(self.pages)

        # topics
        topics, topics_layout = self._page()
        self.topics_title = self._label(topics, "help_topics_title", "title")
        topics_layout.addWidget(self.topics_title)
        self.topic_buttons: dict[HelpTopic, BigButton] = {}
        grid = QVBoxLayout()
        grid.setSpacing(metrics.gap_px)
        for topic in HelpTopic:
            button = BigButton(parent=topics)
            button.setObjectName(f"help_topic_{topic.value}_button")
            button.clicked.connect(lambda _=False, t=topic: self.choose_topic(t))
            self.topic_buttons[topic] = button
            button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
            grid.addWidget(button)
        column = QHBoxLayout()  # the topics as wide as the widest, on the left
        column.addLayout(grid)
        column.addStretch(1)
        topics_layout.addLayout(column)
        topics_layout.addStretch(1)
        self.topics_back = BigButton(parent=topics)
        self.topics_back.setObjectName("help_topics_back_button")
        self.topics_back.clicked.connect(self.close_panel)
        topics_layout.addLayout(self._row(self.topics_back))

        # status
        status, status_layout = self._page()
        self.status_title = self._label(status, "help_status_title", "title")
        self.status_reason = self._label(status, "help_status_reason")
        self.self_help_title = self._label(status, "help_self_help_title")
        self.self_help = self._label(status, "help_self_help")
        for label in (self.status_title, self.status_reason, self.self_help_title, self.self_help):
            status_layout.addWidget(label)
        status_layout.addStretch(1)
        self.staff = BigButton(parent=status)
        self.staff.setObjectName("help_staff_button")
        self.staff.clicked.connect(self.staff_requested.emit)
        self.cancel = BigButton(role="danger", parent=status)
        self.cancel.setObjectName("help_cancel_button")
        self.cancel.clicked.connect(self.cancel_call)
        self.back = BigButton(role="primary", parent=status)
        self.back.setObjectName("help_back_button")
        self.back.clicked.connect(self.close_panel)
        status_layout.addLayout(self._row(self.staff, self.cancel, self.back))

        # rating
        rating, rating_layout = self._page()
        self.rating_title = self._label(rating, "help_rating_title", "title")
        rating_layout.addWidget(self.rating_title)
        faces = QHBoxLayout()
        faces.setSpacing(metrics.gap_px)
        self.ratings = []
        for score in range(1, 6):
            button = RatingButton(score, rating)
            button.setObjectName(f"help_rating_{score}_button")
            button.clicked.connect(lambda _=False, s=score: self.rate(s))
            self.ratings.append(button)
            faces.addWidget(button)
        faces.addStretch(1)
        rating_layout.addLayout(faces)
        rating_layout.addStretch(1)
        self.skip = BigButton(parent=rating)
        self.skip.setObjectName("help_rating_skip_button")
        self.skip.clicked.connect(self.skip_rating)
        rating_layout.addLayout(self._row(self.skip))

        lane.help_changed.connect(self._on_help)
        lane.state_changed.connect(self._on_state)
        lane.situation_changed.connect(self._on_state)
        self.destroyed.connect(lambda *_, s=lane.help_changed, f=self._on_help: _drop(s, f))
        self.destroyed.connect(lambda *_, s=lane.state_changed, f=self._on_state: _drop(s, f))
        self.destroyed.connect(lambda *_, s=lane.situation_changed, f=self._on_state: _drop(s, f))
        self.open()

    # -- building

    def _page(self) -> tuple[QWidget, QVBoxLayout]:
        page = QWidget(self.pages)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(current_metrics().gap_px)
        self.pages.addWidget(page)
        return page, layout

    def _label(self, parent: QWidget, name: str, role: str | None = None) -> QLabel:
        label = QLabel(parent)
        label.setObjectName(name)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        if role is not None:
            set_state(label, "textRole", role)
        return label

    def _row(self, *buttons: BigButton) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(current_metrics().gap_px)
        row.addStretch(1)
        for button in buttons:
            row.addWidget(button)
        return row

    # -- state

    @property
    def call(self) -> HelpCall | None:
        """The call the panel shows (None on the topics page)."""
        for call in self.lane.help_calls:
            if call.id == self._call_id:
                return call
        return None

    @property
    def page(self) -> int:
        return self.pages.currentIndex()

    def open(self, call_id: str | None = None) -> None:
        """Show ``call_id``'s status, else the newest open call's, else the topics."""
        if call_id is None:
            open_calls = self.lane.open_help_calls
            call_id = open_calls[-1].id if open_calls else None
        self._call_id = call_id
        self._show()

    def _show(self) -> None:
        call = self.call
        if call is None:
            self.pages.setCurrentIndex(self.TOPICS)
        elif self._awaits_rating(call):
            self.pages.setCurrentIndex(self.RATING)
        else:
            self.pages.setCurrentIndex(self.STATUS)
            self.cancel.setVisible(call.is_open and call.shopper_cancellable)
            self.staff.setVisible(call.is_open and self.lane.state in STAFF_LOGIN_STATES)
        self.retranslate()

    def showEvent(self, event: QShowEvent) -> None:
        """Shown again by the shell: keep a call still open (or waiting for its rating),
        else pick again (the newest open call, or the topics)."""
        call = self.call
        if call is None or not (call.is_open or self._awaits_rating(call)):
            self.open()
        super().showEvent(event)

    def _on_help(self, call: HelpCall) -> None:
        if call.id == self._call_id:
            self._show()

    def _on_state(self, *_args: object) -> None:
        if self.page == self.STATUS:
            self._show()

    # -- actions

    def choose_topic(self, topic: HelpTopic) -> None:
        call_id = self.lane.call_help(HelpReason.SHOPPER_REQUEST, topic)
        if call_id is not None:
            self.open(call_id)

    def cancel_call(self) -> None:
        if self._call_id is not None and self.lane.cancel_help(self._call_id):
            self.close_panel()

    def rate(self, score: int) -> None:
        if self._call_id is not None:
            self.lane.rate_help(self._call_id, score)
        self.close_panel()

    def skip_rating(self) -> None:
        """ "No, thank you": the call is not offered for rating again."""
        if self._call_id is not None:
            self._not_rated.add(self._call_id)
        self.close_panel()

    def _awaits_rating(self, call: HelpCall) -> bool:
        return (
            call.status is HelpStatus.RESOLVED
            and call.rating is None
            and call.id not in self._not_rated
        )

    def close_panel(self) -> None:
        self.closed.emit()

    # -- words

    def retranslate(self) -> None:
        self.topics_title.setText(self.tr("What do you need help with?"))
        for topic, button in self.topic_buttons.items():
            button.setText(self.tr(TOPIC_WORDS[topic]))
        self.topics_back.setText(self.tr("Back"))
        call = self.call
        if call is not None:
            wave = False
            if call.status is HelpStatus.ACKNOWLEDGED and call.staff_name:
                title = self.tr("{name} is on the way").format(name=call.staff_name)
            elif call.status is HelpStatus.RESOLVED:
                title = self.tr("You have been helped")
            elif call.status is HelpStatus.CANCELLED:
                title = self.tr("The call for help was cancelled")
            elif not self.lane.link_up:
                title, wave = self.tr("We could not reach a staff member"), True
            elif call.escalated:
                title, wave = self.tr("We are still looking for a staff member"), True
            else:
                title = self.tr("Help is called")
            self.status_title.setText(title)
            reason = self.tr(REASON_WORDS[call.reason])
            if call.reason is HelpReason.SHOPPER_REQUEST and call.topic is not None:
                reason = self.tr(TOPIC_WORDS[call.topic])
            self.status_reason.setText(reason)
            answers = [self.tr(SELF_HELP_WORDS[key]) for key in call.self_help]
            if wave:
                answers.insert(0, self.tr("Please wave to a staff member."))
            self.self_help.setText("\n".join(f"\u2022 {answer}" for answer in answers))
        self.self_help_title.setText(self.tr("While you wait:"))
        self.staff.setText(self.tr("Staff"))
        self.cancel.setText(self.tr("Cancel help"))
        self.back.setText(self.tr("Back to my shopping"))
        self.rating_title.setText(self.tr("Did we help you well? Tap a face."))
        self.skip.setText(self.tr("No, thank you"))


def _drop(signal: object, callback: object) -> None:
    with contextlib.suppress(ValueError):
        signal.disconnect(callback)  # type: ignore[attr-defined]
