"""The shopping screen's other pages: key in a code, fruit & vegetables, bags.

Each page is a plain widget the :class:`kiosk.ui.screens.shopping.ShoppingScreen` shows
in place of the cart; each has a Back button (``<page>_back_button``) and Help
(``help_button``), and says what it wants with a signal; the shopping screen calls the
lane. None holds a business rule: the lane decides what a code or a tap means.

* :class:`KeyInPage`: a :class:`kiosk.ui.widgets.Keypad` for a barcode's digits or a
  produce code (PLU); :attr:`KeyInPage.code_entered` (str).
* :class:`ProducePage`: the loose produce as a picture grid (``produce_tile_<plu>``), a
  category row when there is more than one category, and a search in both languages
  (``produce_search``, with an on-screen letter keyboard ``produce_key_<letter>``
  behind ``produce_search_button``); :attr:`ProducePage.picked` (the product).
* :class:`BagsPage`: a tile per bag (``bag_tile_<product id>``); :attr:`BagsPage.picked`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.catalog.records import ProductInfo
from kiosk.core.money import format_cents
from kiosk.ui.screens.shop_widgets import ProductPicture
from kiosk.ui.theme import current_metrics, set_state
from kiosk.ui.widgets import BigButton, HelpButton, Keypad

__all__ = ["BagsPage", "KeyInPage", "ProducePage", "ProductTile"]


def _title() -> QLabel:
    label = QLabel()
    set_state(label, "textRole", "title")
    label.setWordWrap(True)
    return label


class _Page(QWidget):
    """A page with a title, a body, and Back and Help at the bottom."""

    back = Signal()
    help_requested = Signal()

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{name}_page")
        metrics = current_metrics()
        self.title = _title()
        self.title.setObjectName(f"{name}_title")
        self.back_button = BigButton(parent=self)
        self.back_button.setObjectName(f"{name}_back_button")
        self.back_button.clicked.connect(self.back)
        self.help = HelpButton(self)
        self.help.clicked.connect(self.help_requested)
        self.body = QVBoxLayout()
        self.body.setSpacing(metrics.gap_px)
        bottom = QHBoxLayout()
        bottom.setSpacing(metrics.gap_px)
        bottom.addWidget(self.help)  # the bottom-left corner, as on every shopper screen
        bottom.addStretch(1)
        bottom.addWidget(self.back_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(metrics.gap_px)
        layout.addWidget(self.title)
        layout.addLayout(self.body, 1)
        layout.addLayout(bottom)

    def retranslate(self) -> None:
        self.back_button.setText(self.tr("Back to my shopping"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class KeyInPage(_Page):
    code_entered = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("keyin", parent)
        self.hint = QLabel(self)
        self.hint.setObjectName("keyin_hint")
        self.hint.setWordWrap(True)
        self.keypad = Keypad(parent=self)
        self.keypad.submitted.connect(self.code_entered)
        row = QHBoxLayout()
        row.addWidget(self.hint, 1)
        row.addWidget(self.keypad, 1)
        self.body.addLayout(row, 1)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.title.setText(self.tr("Type a code"))
        self.hint.setText(
            self.tr(
                "Type the numbers under the barcode, or the 4 or 5 numbers on the sticker "
                "of fruit or vegetables. Then press OK."
            )
        )


class ProductTile(QPushButton):
    """A product as a big button: picture, name, price (see the module docstring)."""

    def __init__(self, product: ProductInfo, language: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.product = product
        metrics = current_metrics()
        self.picture = ProductPicture(round(metrics.touch_px * 1.2), self)
        self.picture.set_image(product.image)
        self.name = QLabel(self)
        self.name.setWordWrap(True)
        self.name.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.price = QLabel(self)
        self.price.setAlignment(Qt.AlignmentFlag.AlignCenter)
        set_state(self.price, "textRole", "caption")
        for child in (self.picture, self.name, self.price):
            child.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout = QVBoxLayout(self)
        pad = metrics.gap_px // 2
        layout.setContentsMargins(pad, pad, pad, pad)
        layout.setSpacing(pad // 2)
        layout.addWidget(self.picture, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.name)
        layout.addWidget(self.price)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.set_language(language)

    def set_language(self, language: str) -> None:
        self.name.setText(self.product.name(language))
        price = format_cents(self.product.price_cents)
        if self.product.sold_by_weight:
            self.price.setText(self.tr("{price} per kg").format(price=price))
        else:
            self.price.setText(self.tr("{price} each").format(price=price))

    def sizeHint(self) -> QSize:
        width = max(current_metrics().touch_px * 2, self.width())
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        width = current_metrics().touch_px * 2
        return QSize(width, self.layout().heightForWidth(width))

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return max(current_metrics().touch_px, self.layout().heightForWidth(width))


class _TileGrid(QWidget):
    """Tiles in pages of a grid (no scrolling: "More" and "Previous" turn the page, so
    every tile on screen is whole and within reach)."""

    def __init__(self, name: str, reserved_rows: int = 0, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(name)
        metrics = current_metrics()
        self.inner = QWidget(self)
        self.grid = QGridLayout(self.inner)
        self.grid.setSpacing(metrics.gap_px)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.previous_button = BigButton(parent=self)
        self.previous_button.setObjectName(f"{name}_previous_button")
        self.previous_button.clicked.connect(lambda: self.turn(-1))
        self.more_button = BigButton(parent=self)
        self.more_button.setObjectName(f"{name}_more_button")
        self.more_button.clicked.connect(lambda: self.turn(+1))
        self.page_label = QLabel(self)
        self.page_label.setObjectName(f"{name}_page_label")
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        nav = QHBoxLayout()
        nav.setSpacing(metrics.gap_px)
        nav.addWidget(self.previous_button)
        nav.addWidget(self.page_label, 1)
        nav.addWidget(self.more_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(metrics.gap_px)
        layout.addWidget(self.inner, 1)
        layout.addLayout(nav)
        self.reserved_rows = reserved_rows
        self.tiles: list[ProductTile] = []
        self.page = 0
        self.retranslate()

    def columns(self) -> int:
        metrics = current_metrics()
        return max(2, metrics.width // (metrics.touch_px * 3))

    def rows(self) -> int:
        """How many rows of tiles fit: the screen less the page's other rows."""
        m = current_metrics()
        tile = round(m.touch_px * 1.2) + round(m.body_px * 1.4) * 2 + round(m.small_px * 1.4)
        tile += m.gap_px * 2
        other = (3 + self.reserved_rows) * (m.touch_px + m.gap_px) + m.title_px * 2
        other += m.gap_px * 4
        return max(1, (m.height - other) // (tile + m.gap_px))

    @property
    def per_page(self) -> int:
        return self.columns() * self.rows()

    @property
    def pages(self) -> int:
        return max(1, -(-len(self.tiles) // self.per_page))

    def set_tiles(self, tiles: list[ProductTile]) -> None:
        for tile in self.tiles:
            self.grid.removeWidget(tile)
            tile.deleteLater()
        self.tiles = tiles
        self.page = 0
        self._show()

    def turn(self, step: int) -> None:
        self.page = min(max(0, self.page + step), self.pages - 1)
        self._show()

    def _show(self) -> None:
        for tile in self.tiles:
            self.grid.removeWidget(tile)
            tile.hide()
        columns = self.columns()
        first = self.page * self.per_page
        for index, tile in enumerate(self.tiles[first : first + self.per_page]):
            self.grid.addWidget(tile, index // columns, index % columns)
            tile.show()
        for column in range(columns):
            self.grid.setColumnStretch(column, 1)
        self.grid.setRowStretch(self.rows(), 1)
        self.previous_button.setVisible(self.pages > 1)
        self.more_button.setVisible(self.pages > 1)
        self.page_label.setVisible(self.pages > 1)
        self.previous_button.setEnabled(self.page > 0)
        self.more_button.setEnabled(self.page < self.pages - 1)
        self.retranslate()

    @property
    def visible_tiles(self) -> list[ProductTile]:
        first = self.page * self.per_page
        return self.tiles[first : first + self.per_page]

    def retranslate(self) -> None:
        self.previous_button.setText(self.tr("Previous"))
        self.more_button.setText(self.tr("More"))
        self.page_label.setText(
            self.tr("Page {page} of {pages}").format(page=self.page + 1, pages=self.pages)
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


_KEY_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


class ProducePage(_Page):
    picked = Signal(object)
    """A product (:class:`ProductInfo`) tapped in the grid."""

    def __init__(self, catalog: Any, language: str, parent: QWidget | None = None) -> None:
        super().__init__("produce", parent)
        self.catalog = catalog
        self.language = language
        metrics = current_metrics()
        self.search = QLineEdit(self)
        self.search.setObjectName("produce_search")
        self.search.setClearButtonEnabled(False)
        self.search.setMinimumHeight(metrics.touch_px)
        self.search.textChanged.connect(self._filter)
        self.search_button = BigButton(parent=self)
        self.search_button.setObjectName("produce_search_button")
        self.search_button.clicked.connect(self._toggle_keyboard)
        self.clear_button = BigButton(parent=self)
        self.clear_button.setObjectName("produce_search_clear_button")
        self.clear_button.clicked.connect(self.search.clear)
        self.categories = QHBoxLayout()
        self.categories.setSpacing(metrics.gap_px)
        self.category_buttons: dict[str, BigButton] = {}
        self._category: str | None = None
        self.empty = QLabel(self)
        self.empty.setObjectName("produce_empty")
        self.empty.setWordWrap(True)
        self.grid = _TileGrid("produce_grid", 0, self)
        self.keyboard = QWidget(self)
        self.keyboard.setObjectName("produce_keyboard")
        keys = QVBoxLayout(self.keyboard)
        keys.setContentsMargins(0, 0, 0, 0)
        keys.setSpacing(metrics.gap_px)
        for letters in _KEY_ROWS:
            row = QHBoxLayout()
            row.setSpacing(metrics.gap_px)
            row.addStretch(1)
            for letter in letters:
                key = BigButton(letter.upper(), role="key", parent=self.keyboard)
                key.setObjectName(f"produce_key_{letter}")
                key.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                key.clicked.connect(lambda _=False, c=letter: self.search.insert(c))
                row.addWidget(key)
            row.addStretch(1)
            keys.addLayout(row)
        self.keyboard.hide()

        search_row = QHBoxLayout()
        search_row.setSpacing(metrics.gap_px)
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.search_button)
        search_row.addWidget(self.clear_button)
        self.body.addLayout(search_row)
        self.body.addLayout(self.categories)
        self.body.addWidget(self.empty)
        self.body.addWidget(self.grid, 1)
        self.body.addWidget(self.keyboard)
        self._products: list[ProductInfo] = list(catalog.loose_produce())
        self._build_categories()
        self.grid.reserved_rows = 1 if self.category_buttons else 0
        self._filter()
        self.retranslate()

    def _build_categories(self) -> None:
        present = {p.category for p in self._products}
        names = {slug: (nl, en) for slug, nl, en in self.catalog.categories()}
        self._category_names = {slug: names.get(slug, (slug, slug)) for slug in present}
        if len(present) < 2:
            return
        for slug in sorted(present):
            button = BigButton(parent=self)
            button.setObjectName(f"produce_category_{slug}")
            button.setCheckable(True)
            button.clicked.connect(lambda _=False, s=slug: self.choose_category(s))
            self.categories.addWidget(button)
            self.category_buttons[slug] = button
        self.categories.addStretch(1)

    def choose_category(self, slug: str | None) -> None:
        self._category = None if slug == self._category else slug
        for name, button in self.category_buttons.items():
            button.setChecked(name == self._category)
        self._filter()

    def _toggle_keyboard(self) -> None:
        self.keyboard.setVisible(not self.keyboard.isVisible())
        self.search.setFocus()

    def _filter(self, *_: object) -> None:
        text = self.search.text().strip()
        if text:
            products = list(self.catalog.search(text, limit=60, loose_only=True))
        else:
            products = list(self._products)
        if self._category is not None:
            products = [p for p in products if p.category == self._category]
        tiles = []
        for product in products:
            tile = ProductTile(product, self.language, self.grid.inner)
            tile.setObjectName(f"produce_tile_{product.plu}")
            tile.clicked.connect(lambda _=False, p=product: self.picked.emit(p))
            tiles.append(tile)
        self.grid.set_tiles(tiles)
        self.empty.setVisible(not tiles)

    @property
    def tiles(self) -> list[ProductTile]:
        return self.grid.tiles

    def set_language(self, language: str) -> None:
        self.language = language
        for tile in self.grid.tiles:
            tile.set_language(language)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.title.setText(self.tr("Fruit & vegetables"))
        self.search.setPlaceholderText(self.tr("Search, for example: banana"))
        self.search_button.setText(self.tr("Search"))
        self.clear_button.setText(self.tr("Clear"))
        self.empty.setText(self.tr("Nothing found. Check the spelling, or press Help."))
        index = 0 if self.language == "nl" else 1
        for slug, button in self.category_buttons.items():
            button.setText(self._category_names[slug][index])


class BagsPage(_Page):
    picked = Signal(object)
    """A bag (:class:`ProductInfo`) tapped."""

    def __init__(self, catalog: Any, language: str, parent: QWidget | None = None) -> None:
        super().__init__("bags", parent)
        self.language = language
        self.hint = QLabel(self)
        self.hint.setObjectName("bags_hint")
        self.hint.setWordWrap(True)
        self.grid = _TileGrid("bags_grid", 1, self)  # the hint
        tiles = []
        for bag in catalog.bags():
            tile = ProductTile(bag, language, self.grid.inner)
            tile.setObjectName(f"bag_tile_{bag.id}")
            tile.clicked.connect(lambda _=False, b=bag: self.picked.emit(b))
            tiles.append(tile)
        self.grid.set_tiles(tiles)
        self.body.addWidget(self.hint)
        self.body.addWidget(self.grid, 1)
        self.retranslate()

    @property
    def tiles(self) -> list[ProductTile]:
        return self.grid.tiles

    def set_language(self, language: str) -> None:
        self.language = language
        for tile in self.grid.tiles:
            tile.set_language(language)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.title.setText(self.tr("Bags"))
        self.hint.setText(self.tr("Tap a bag to add one. Tap again for one more."))
