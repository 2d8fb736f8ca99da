"""The shopping screen: the cart, the last item, the total, Pay.

The layout of the screen guide (``/work/shared/design.md``), learned at the first scan:

* left, about 60%: the cart (``cart_view``, :class:`kiosk.ui.models.CartModel` over the
  lane's ``CartTotals``), with quantity, price, saving, deposit lines and the age note; a
  tapped line gets ``shopping_minus_button`` / ``shopping_plus_button`` /
  ``shopping_remove_button`` (the lane decides per policy whether a staff member must
  approve; its message says so);
* right: the language switch (``language_button``), the last scanned item large
  (``last_item``: picture, name ``last_item_name``, price ``last_item_price``) or, while a
  product is weighed, the scale panel (``weigh_panel``, live weight ``weight_label``, fed
  by :meth:`ShoppingScreen.show_weight`); the lane's message (``shop_banner``); the other
  ways to add: ``shopping_keyin_button`` (a keypad page), ``shopping_produce_button``
  (fruit & vegetables by picture, category and search), ``shopping_bags_button``; the
  total and item count (``totalPanel``); Help (``help_button``) and Pay
  (``shopping_pay_button``, the one primary button).

The screen observes the lane (``cart_changed``, ``last_item_changed``, ``message``,
``help_changed``, ``state_changed``) and forwards taps to its methods; it holds no
business rule. Sounds: every lane message while shopping plays its tone's sound through
``ui.sound`` (added / unknown / needs-a-person / soft). Help emits :attr:`help_requested`
for the shell.
"""

from __future__ import annotations

import contextlib
from typing import Any

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.catalog.records import ProductInfo
from kiosk.core.lane import HelpReason, LaneController
from kiosk.core.lane.messages import Message as LaneMessage
from kiosk.core.lane.messages import MessageKey, Mood
from kiosk.core.money import format_cents
from kiosk.core.pricing import CartTotals
from kiosk.core.session import SessionState
from kiosk.ui.messages import MESSAGES
from kiosk.ui.models.cart_model import CartModel
from kiosk.ui.screens.shop_cart_view import CartView, format_grams
from kiosk.ui.screens.shop_messages import sound_for, ui_message
from kiosk.ui.screens.shop_pages import BagsPage, KeyInPage, ProducePage
from kiosk.ui.screens.shop_widgets import LanguageButton, ProductPicture
from kiosk.ui.services import UiServices
from kiosk.ui.theme import current_metrics, set_state
from kiosk.ui.widgets import BigButton, HelpButton, KioskScreen, Toast, TotalPanel

__all__ = ["PAGES", "ShoppingScreen"]

PAGES = ("cart", "keyin", "produce", "bags")

_WEIGHING_ENDS = frozenset(
    {
        MessageKey.ITEM_ADDED,
        MessageKey.SCALE_UNSTABLE,
        MessageKey.SCALE_OVERLOAD,
        MessageKey.SCALE_UNDER_ZERO,
        MessageKey.SCALE_UNAVAILABLE,
        MessageKey.UNKNOWN_BARCODE,
    }
)


def _disconnect(pairs: list[tuple[Any, Any]]) -> None:
    for signal, callback in pairs:
        with contextlib.suppress(ValueError):
            signal.disconnect(callback)
    pairs.clear()


class _PictureCard(QFrame):
    """A product picture beside three lines of words: a title, a detail, a big figure."""

    def __init__(
        self, name: str, labels: tuple[str, str, str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        metrics = current_metrics()
        self.picture = ProductPicture(round(metrics.touch_px * 1.3), self)
        words = QVBoxLayout()
        made = []
        for object_name, role in zip(labels, ("title", None, "total"), strict=True):
            label = QLabel(self)
            label.setObjectName(object_name)
            if role is not None:
                set_state(label, "textRole", role)
            label.setWordWrap(role != "total")
            words.addWidget(label)
            made.append(label)
        words.addStretch(1)
        self._labels = made
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(metrics.gap_px)
        layout.addWidget(self.picture, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(words, 1)


class _LastItem(_PictureCard):
    """The last scanned item, large: picture, name, price."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "last_item", ("last_item_name", "last_item_detail", "last_item_price"), parent
        )
        self.name, self.detail, self.price = self._labels


class _WeighPanel(_PictureCard):
    """Put the product on the scale; the weight, live."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("weigh_panel", ("weigh_title", "weigh_product", "weight_label"), parent)
        self.title, self.name, self.weight = self._labels


class ShoppingScreen(KioskScreen):
    help_requested = Signal()
    """The shopper tapped Help (the shell shows the help panel)."""

    def __init__(self, lane: LaneController, ui: UiServices, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("shopping_screen")
        self.lane = lane
        self.ui = ui
        self.catalog: Any = lane.catalog
        metrics = current_metrics()
        language = self._language()
        self._last_item: dict[str, Any] | None = None
        self._weighing: dict[str, Any] | None = None
        self._grams: int | None = None

        # -- the cart page -------------------------------------------------------------
        self.model = CartModel(language, self)
        self.cart_view = CartView(self.model, ui.theme.palette, self)
        self.cart_title = QLabel(self)
        self.cart_title.setObjectName("cart_title")
        set_state(self.cart_title, "textRole", "title")
        self.cart_empty = QLabel(self)
        self.cart_empty.setObjectName("cart_empty")
        self.cart_empty.setWordWrap(True)
        self.minus_button = BigButton(parent=self)
        self.minus_button.setObjectName("shopping_minus_button")
        self.minus_button.clicked.connect(lambda: self._change_quantity(-1))
        self.plus_button = BigButton(parent=self)
        self.plus_button.setObjectName("shopping_plus_button")
        self.plus_button.clicked.connect(lambda: self._change_quantity(+1))
        self.remove_button = BigButton(role="danger", parent=self)
        self.remove_button.setObjectName("shopping_remove_button")
        self.remove_button.clicked.connect(self.remove_selected)
        self.line_actions = QWidget(self)
        self.line_actions.setObjectName("line_actions")
        actions = QHBoxLayout(self.line_actions)
        actions.setContentsMargins(0, 0, 0, 0)
        actions.setSpacing(metrics.gap_px)
        actions.addWidget(self.minus_button)
        actions.addWidget(self.plus_button)
        actions.addStretch(1)
        actions.addWidget(self.remove_button)
        self.line_actions.hide()

        self.language = LanguageButton(ui.translator, self)
        self.last_item = _LastItem(self)
        self.weigh_panel = _WeighPanel(self)
        self.weigh_panel.hide()
        self.banner = Toast(MESSAGES, timeout_ms=6000, parent=self)
        self.banner.setObjectName("shop_banner")
        self.banner.timer.timeout.connect(self._update_panels)
        self.keyin_button = BigButton(parent=self)
        self.keyin_button.setObjectName("shopping_keyin_button")
        self.keyin_button.clicked.connect(lambda: self.show_page("keyin"))
        self.produce_button = BigButton(parent=self)
        self.produce_button.setObjectName("shopping_produce_button")
        self.produce_button.clicked.connect(lambda: self.show_page("produce"))
        self.bags_button = BigButton(parent=self)
        self.bags_button.setObjectName("shopping_bags_button")
        self.bags_button.clicked.connect(lambda: self.show_page("bags"))
        self.total = TotalPanel(self)
        self.help = HelpButton(self)
        self.help.clicked.connect(self.help_requested)
        self.pay_button = BigButton(role="primary", parent=self)
        self.pay_button.setObjectName("shopping_pay_button")
        self.pay_button.clicked.connect(self.lane.pay)

        left = QVBoxLayout()
        left.setSpacing(metrics.gap_px)
        left.addWidget(self.cart_title)
        left.addWidget(self.cart_empty)
        left.addWidget(self.cart_view, 1)
        left.addWidget(self.line_actions)

        top = QHBoxLayout()
        top.addStretch(1)
        top.addWidget(self.language)
        right = QVBoxLayout()
        right.setSpacing(metrics.gap_px)
        right.addLayout(top)
        right.addWidget(self.last_item)
        right.addWidget(self.weigh_panel)
        right.addWidget(self.banner)
        right.addStretch(1)
        right.addWidget(self.total)

        columns = QHBoxLayout()
        columns.setSpacing(metrics.gap_px * 2)
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)

        # One action bar along the bottom: Help in the bottom-left corner (as on every
        # shopper screen), the other ways to add, and Pay in the bottom-right corner.
        bar = QHBoxLayout()
        bar.setSpacing(metrics.gap_px)
        bar.addWidget(self.help)
        bar.addWidget(self.keyin_button)
        bar.addWidget(self.produce_button)
        bar.addWidget(self.bags_button)
        bar.addStretch(1)
        bar.addWidget(self.pay_button)

        cart_page = QWidget(self)
        cart_page.setObjectName("cart_page")
        cart_layout = QVBoxLayout(cart_page)
        cart_layout.setContentsMargins(0, 0, 0, 0)
        cart_layout.setSpacing(metrics.gap_px)
        cart_layout.addLayout(columns, 1)
        cart_layout.addLayout(bar)

        # -- the other pages -----------------------------------------------------------
        self.keyin_page = KeyInPage(self)
        self.keyin_page.code_entered.connect(self._key_in)
        self.pages = QStackedWidget(self)
        self.pages.setObjectName("shopping_pages")
        self._page_widgets: dict[str, QWidget] = {"cart": cart_page, "keyin": self.keyin_page}
        self.keyin_page.back.connect(lambda: self.show_page("cart"))
        self.keyin_page.help_requested.connect(self.help_requested)
        self.pages.addWidget(cart_page)
        self.pages.addWidget(self.keyin_page)
        self._produce_page: ProducePage | None = None
        self._bags_page: BagsPage | None = None

        layout = QVBoxLayout(self)
        margin = metrics.padding_px  # the same screen edge as every shopper screen
        layout.setContentsMargins(margin, margin, margin, margin)
        layout.addWidget(self.pages)

        self.cart_view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.rowsRemoved.connect(self._rows_removed)
        self.model.dataChanged.connect(lambda *_: self._selection_changed())
        # The lane's signals are plain Python lists of callbacks: drop ours when the
        # screen goes, so a closed screen is never called again.
        listening = [
            (lane.cart_changed, self._on_cart),
            (lane.last_item_changed, self._on_last_item),
            (lane.message, self._on_message),
            (lane.help_changed, self._on_help),
            (lane.state_changed, self._on_state),
        ]
        for signal, callback in listening:
            signal.connect(callback)
        self.destroyed.connect(lambda *_, pairs=listening: _disconnect(pairs))
        ui.translator.language_changed.connect(self._on_language)
        ui.theme.changed.connect(self._on_theme)

        cart = lane.cart
        self._on_cart(cart.totals if cart is not None else CartTotals.empty())
        self._on_help()
        self._on_last_item(lane.snapshot().get("last_item"))
        self.retranslate()
        last = lane.last_message
        if last is not None and lane.state is SessionState.SHOPPING:
            self._show_message(last)

    # -- what the screen shows -------------------------------------------------------------

    @property
    def produce_page(self) -> ProducePage:
        """The fruit & vegetables page (built the first time it is needed)."""
        if self._produce_page is None:
            page = ProducePage(self.catalog, self._language(), self)
            page.picked.connect(self._produce)
            self._produce_page = page
            self._add_page("produce", page)
        return self._produce_page

    @property
    def bags_page(self) -> BagsPage:
        """The bags page (built the first time it is needed)."""
        if self._bags_page is None:
            page = BagsPage(self.catalog, self._language(), self)
            page.picked.connect(self._bag)
            self._bags_page = page
            self._add_page("bags", page)
        return self._bags_page

    def _add_page(self, name: str, page: ProducePage | BagsPage) -> None:
        page.back.connect(lambda: self.show_page("cart"))
        page.help_requested.connect(self.help_requested)
        self._page_widgets[name] = page
        self.pages.addWidget(page)

    def _page(self, name: str) -> QWidget:
        if name == "produce":
            return self.produce_page
        if name == "bags":
            return self.bags_page
        if name not in self._page_widgets:
            raise ValueError(f"the shopping screen has the pages {PAGES}, not {name!r}")
        return self._page_widgets[name]

    @property
    def page(self) -> str:
        current = self.pages.currentWidget()
        return next(name for name, widget in self._page_widgets.items() if widget is current)

    def show_page(self, name: str) -> None:
        """Show one of :data:`PAGES` (the cart page is the screen's home)."""
        page = self._page(name)
        if name == "keyin":
            self.keyin_page.keypad.clear()
        self.pages.setCurrentWidget(page)
        self.lane.touch()

    def selected_line_id(self) -> str | None:
        rows = self.cart_view.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.line(rows[0].row()).line_id

    def select_line(self, line_id: str) -> None:
        row = self.model.row_of(line_id)
        if row is None:
            raise KeyError(f"there is no cart line {line_id!r}")
        self.cart_view.setCurrentIndex(self.model.index(row, 0))

    def show_weight(self, reading: Any) -> None:
        """A live reading from the scale (``drivers.scale.protocol.ScaleReading`` or grams):
        the shell connects ``LaneDevices.weight`` here."""
        grams = reading if isinstance(reading, int) else getattr(reading, "grams", None)
        self._grams = grams if isinstance(grams, int) else None
        self._show_weight()

    # -- taps ------------------------------------------------------------------------------

    def _change_quantity(self, step: int) -> None:
        line_id = self.selected_line_id()
        if line_id is None:
            return
        line = self.model.line(self.model.row_of(line_id) or 0)
        self.lane.set_quantity(line_id, line.quantity + step)

    def remove_selected(self) -> None:
        line_id = self.selected_line_id()
        if line_id is not None:
            self.lane.remove_line(line_id)

    def _key_in(self, code: str) -> None:
        self.show_page("cart")
        self.lane.key_in(code)

    def _produce(self, product: ProductInfo) -> None:
        self.show_page("cart")
        if product.plu is not None:
            self.lane.add_produce(product.plu)

    def _bag(self, product: ProductInfo) -> None:
        if product.gtin is not None:
            self.lane.add_bag(product.gtin)

    # -- the lane says -----------------------------------------------------------------------

    def _language(self) -> str:
        return self.ui.translator.language or self.lane.settings.language

    def _on_cart(self, totals: CartTotals) -> None:
        self.model.set_totals(totals)
        self.total.set_totals(totals.total_cents, totals.item_count)
        has_lines = bool(totals.lines)
        self.cart_empty.setVisible(not has_lines)
        self.pay_button.setEnabled(has_lines)

    def _on_last_item(self, item: dict[str, Any] | None) -> None:
        self._last_item = item
        self._update_panels()
        if item is not None:
            self.last_item.picture.set_image(item.get("image"))
        self._show_last_item()

    def _on_help(self, *_: object) -> None:
        age_open = any(call.reason is HelpReason.AGE_CHECK for call in self.lane.open_help_calls)
        self.model.set_age_check_open(age_open)

    def _on_state(self, old: SessionState, new: SessionState, trigger: object) -> None:
        if new is SessionState.ATTRACT:
            self.show_page_quietly("cart")
            self.banner.clear()
            self._set_weighing(None)
            self._on_last_item(None)

    def show_page_quietly(self, name: str) -> None:
        """Show a page without counting it as the shopper's activity."""
        self.pages.setCurrentWidget(self._page(name))

    def _on_message(self, message: LaneMessage) -> None:
        if self.lane.state is not SessionState.SHOPPING:
            return
        sound = sound_for(message)
        if sound is not None:
            self.ui.sound.play(sound)
        key = message.key
        if key is MessageKey.PUT_ON_SCALE:
            # The scale panel says it (with the product and the live weight): no banner.
            self.banner.clear()
            self._set_weighing(dict(message.params))
            return
        if key in _WEIGHING_ENDS:
            self._set_weighing(None)
        if key is MessageKey.ITEM_ADDED:
            self.banner.clear()
            self._update_panels()
            return
        self._show_message(message)

    def _show_message(self, message: LaneMessage) -> None:
        if message.key is MessageKey.ITEM_ADDED:
            return
        shown = ui_message(message)
        if shown is None:
            return
        self.banner.show_message(shown)
        if message.mood in (Mood.PROBLEM, Mood.WAITING):
            self.banner.timer.stop()  # stays until the next thing happens
        self._update_panels()

    def _update_panels(self) -> None:
        """One panel at a time under the language switch: the scale while weighing, else
        the lane's message while it shows, else the last item (also in the cart)."""
        weighing = self._weighing is not None
        self.weigh_panel.setVisible(weighing)
        self.last_item.setVisible(
            not weighing and not self.banner.isVisibleTo(self) and self._last_item is not None
        )

    def _on_theme(self, *_: object) -> None:
        self.cart_view.set_palette(self.ui.theme.palette)

    def _on_language(self, language: str) -> None:
        self.model.set_language(language)
        if self._produce_page is not None:
            self._produce_page.set_language(language)
        if self._bags_page is not None:
            self._bags_page.set_language(language)
        self._show_last_item()
        self._show_weighing()

    def _set_weighing(self, params: dict[str, Any] | None) -> None:
        self._weighing = params
        self._grams = None
        self._update_panels()
        if params is not None:
            product = self.catalog.by_id(params["product_id"]) if "product_id" in params else None
            self.weigh_panel.picture.set_image(None if product is None else product.image)
        self._show_weighing()

    def _show_weighing(self) -> None:
        params = self._weighing
        if params is None:
            return
        self.weigh_panel.title.setText(self.tr("Put it on the scale"))
        name = params.get("name_nl" if self._language() == "nl" else "name_en", "")
        self.weigh_panel.name.setText(str(name))
        self._show_weight()

    def _show_weight(self) -> None:
        if self._grams is None:
            self.weigh_panel.weight.setText(self.tr("Weighing..."))
        else:
            self.weigh_panel.weight.setText(format_grams(self._grams))

    def _show_last_item(self) -> None:
        item = self._last_item
        if item is None:
            return
        language = self._language()
        self.last_item.name.setText(str(item.get("name_nl" if language == "nl" else "name_en")))
        net = item.get("net_cents")
        self.last_item.price.setText("" if net is None else format_cents(net))
        grams = item.get("grams")
        unit = item.get("unit_price_cents")
        if grams is not None and unit is not None:
            self.last_item.detail.setText(
                self.tr("{weight} x {price} per kg").format(
                    weight=format_grams(grams), price=format_cents(unit)
                )
            )
        elif (item.get("quantity") or 1) > 1 and unit is not None:
            self.last_item.detail.setText(
                self.tr("{count} x {price}").format(
                    count=item["quantity"], price=format_cents(unit)
                )
            )
        else:
            self.last_item.detail.setText("")
        self.last_item.detail.setVisible(bool(self.last_item.detail.text()))

    def _rows_removed(self, *_: object) -> None:
        # a removed line takes its selection along; never move it to a neighbour
        self.cart_view.selectionModel().clear()
        self._selection_changed()

    def _selection_changed(self, *_: QItemSelection) -> None:
        line_id = self.selected_line_id()
        self.line_actions.setVisible(line_id is not None)
        if line_id is None:
            return
        row = self.model.row_of(line_id)
        line = self.model.line(row) if row is not None else None
        countable = line is not None and line.grams is None
        self.minus_button.setEnabled(countable and line is not None and line.quantity > 1)
        self.plus_button.setEnabled(countable)

    def retranslate(self) -> None:
        self.cart_title.setText(self.tr("Your shopping"))
        self.cart_empty.setText(self.tr("Scan a product, or choose a way to add one on the right."))
        self.minus_button.setText(self.tr("One less"))
        self.plus_button.setText(self.tr("One more"))
        self.remove_button.setText(self.tr("Remove"))
        self.keyin_button.setText(self.tr("Type a code"))
        # "&" marks a shortcut letter on a button: "&&" shows the "&" itself
        self.produce_button.setText(self.tr("Fruit & vegetables").replace("&", "&&"))
        self.bags_button.setText(self.tr("Bags"))
        self.pay_button.setText(self.tr("Pay"))
        self._show_last_item()
        self._show_weighing()
