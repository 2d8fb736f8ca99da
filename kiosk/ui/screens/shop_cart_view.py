"""The cart list: one painted row per cart line, for reading at arm's length.

:class:`CartView` is a ``QListView`` over :class:`kiosk.ui.models.CartModel` with
:class:`CartDelegate`, which paints each row itself: the quantity ("2 x"), the product's
name word-wrapped (never elided: long Dutch names take a second line), the amount on
the right; under it the unit price or the weight ("0,754 kg x € 1,99/kg"), a saving
("Discount -€ 0,50"), a deposit line indented under its product, and for an
age-restricted line while the check is open an amber note "A staff member will check your
age. You can keep scanning." (colour never alone: always words).

The model tells the view only what changed, so a scan repaints the new row (and the view
scrolls to it); the row a shopper taps is selected (a thick outline) for the quantity and
remove buttons of the shopping screen.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import NamedTuple

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QFrame,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from kiosk.core.money import format_cents
from kiosk.core.pricing import PricedLine
from kiosk.ui.models.cart_model import CartModel, CartRole
from kiosk.ui.theme import Palette, current_metrics

__all__ = ["CartDelegate", "CartView", "format_grams"]

_Index = QModelIndex | QPersistentModelIndex

PICTURES_KEPT = 48
"""Row pictures kept (a screen shows about a dozen rows; ~0.4 MB each at 1080p)."""


def format_grams(grams: int) -> str:
    """Grams as kilograms in Dutch notation: ``754`` -> ``0,754 kg``."""
    whole, rest = divmod(grams, 1000)
    return f"{whole},{rest:03d} kg"


class _Fonts(NamedTuple):
    body: QFont
    bold: QFont
    small: QFont
    bold_metrics: QFontMetrics
    small_metrics: QFontMetrics
    qty_width: int
    amount_width: int


class _Row(NamedTuple):
    """One line's words and size, as measured for ``context``."""

    line: object
    context: tuple[object, ...]
    size: QSize
    name: str
    details: list[tuple[str, str]]


class CartDelegate(QStyledItemDelegate):
    """Paints a cart row (see the module docstring).

    A list view with rows of different heights lays out *every* row again when a row is
    inserted, asking each one's :meth:`sizeHint`. So that a scan costs about the same with
    5 or 300 lines, the fonts and column widths are made once per theme, and each row's
    words and size are kept (a :class:`_Row`) until its line, the age-check flag, the
    language, the width or the theme changes. The cart model keeps the line object of an
    unchanged row (pricing makes new, equal ones on every scan), so an unchanged row is a
    dictionary look-up and only a changed one is measured again.
    """

    def __init__(self, palette: Palette, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.palette = palette
        self.width = 600
        """The viewport's width (the view keeps it up to date)."""
        self._fonts_for: object = None
        self._fonts_cache: _Fonts | None = None
        self._rows: dict[int, _Row] = {}
        """``id(line)`` -> its words and size."""
        self._pictures: OrderedDict[int, tuple[_Row, tuple[object, ...], QPixmap]] = OrderedDict()
        """``id(row)`` -> (row, how it looks, its picture): the last rows painted."""

    def clear_sizes(self) -> None:
        """Forget every row's words, size and picture (a language, font or theme change)."""
        self._rows.clear()
        self._pictures.clear()
        self._fonts_cache = None

    # -- words --------------------------------------------------------------------------

    def _detail(self, line: PricedLine | None, age_check: bool) -> list[tuple[str, str]]:
        """(kind, text) lines under the name: kind is plain, saving or age."""
        lines: list[tuple[str, str]] = []
        if line is None:
            return lines
        if line.grams is not None:
            lines.append(
                (
                    "plain",
                    self.tr("{weight} x {price} per kg").format(
                        weight=format_grams(line.grams),
                        price=format_cents(line.unit_price_cents),
                    ),
                )
            )
        elif line.quantity > 1:
            lines.append(
                (
                    "plain",
                    self.tr("{count} x {price}").format(
                        count=line.quantity, price=format_cents(line.unit_price_cents)
                    ),
                )
            )
        if line.is_deposit:
            lines.append(("plain", self.tr("Deposit, you get it back on the empty bottle")))
        if line.saving_cents:
            lines.append(
                (
                    "saving",
                    self.tr("Discount {amount}").format(amount=format_cents(-line.saving_cents)),
                )
            )
        if age_check:
            lines.append(
                ("age", self.tr("A staff member will check your age. You can keep scanning."))
            )
        elif line.min_age:
            lines.append(("plain", self.tr("Age {age}+").format(age=line.min_age)))
        return lines

    # -- geometry -----------------------------------------------------------------------

    def _fonts(self) -> _Fonts:
        """The row's fonts and fixed column widths, made once per theme."""
        metrics = current_metrics()
        if self._fonts_cache is None or self._fonts_for is not metrics:
            parent = self.parent()
            base = parent.font() if isinstance(parent, QWidget) else QFont()
            body = QFont(base)
            body.setPixelSize(metrics.body_px)
            bold = QFont(body)
            bold.setBold(True)
            small = QFont(body)
            small.setPixelSize(metrics.small_px)
            bold_metrics = QFontMetrics(bold)
            pad = metrics.padding_px
            self._fonts_cache = _Fonts(
                body,
                bold,
                small,
                bold_metrics,
                QFontMetrics(small),
                bold_metrics.horizontalAdvance("99 x") + pad,
                bold_metrics.horizontalAdvance("-€ 9.999,99") + pad,
            )
            self._fonts_for = metrics
            self._rows.clear()
        return self._fonts_cache

    def _columns(self, rect: QRect, deposit: bool) -> tuple[QRect, QRect, QRect]:
        """(quantity, words, amount) rectangles inside ``rect``."""
        pad = current_metrics().padding_px
        fonts = self._fonts()
        indent = pad * 2 if deposit else 0
        inner = rect.adjusted(pad + indent, pad // 2, -pad, -pad // 2)
        qty = QRect(inner.left(), inner.top(), fonts.qty_width, inner.height())
        amount = QRect(
            inner.right() - fonts.amount_width + 1, inner.top(), fonts.amount_width, inner.height()
        )
        words = QRect(qty.right() + 1, inner.top(), amount.left() - qty.right() - 1, inner.height())
        return qty, words, amount

    def _row(self, index: _Index) -> _Row:
        """The words and size of ``index``'s row, measured once per line and context."""
        self._fonts()  # a new theme forgets every row first
        width = max(self.width, 200)
        model = index.model()
        if isinstance(model, CartModel):
            line: PricedLine | None = model.line_at(index.row())
            age = line is not None and model.age_check_shown(line)
            language = model.language
        else:
            line, age, language = (
                index.data(CartRole.LINE),
                bool(index.data(CartRole.AGE_CHECK)),
                "",
            )
        context = (width, language, age)
        if line is not None:
            known = self._rows.get(id(line))
            if known is not None and known.line is line and known.context == context:
                return known
        name = str(index.data() or "")
        details = self._detail(line, age)
        row = _Row(line, context, self._measure(width, line, name, details), name, details)
        if line is not None:
            self._rows[id(line)] = row
            if isinstance(model, CartModel) and len(self._rows) > 4 * model.rowCount() + 64:
                alive = {id(kept) for kept in model.lines}
                self._rows = {key: kept for key, kept in self._rows.items() if key in alive}
        return row

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        return self._row(index).size

    def _measure(
        self, width: int, line: PricedLine | None, name: str, details: list[tuple[str, str]]
    ) -> QSize:
        metrics = current_metrics()
        deposit = line is not None and line.is_deposit
        _, words, _ = self._columns(QRect(0, 0, width, 10_000), deposit)
        fonts = self._fonts()
        flags = int(Qt.TextFlag.TextWordWrap)
        height = fonts.bold_metrics.boundingRect(
            QRect(0, 0, words.width(), 10_000), flags, name
        ).height()
        for kind, text in details:
            extra = metrics.gap_px // 2 if kind == "age" else 0
            height += (
                fonts.small_metrics.boundingRect(
                    QRect(0, 0, words.width() - 2 * extra, 10_000), flags, text
                ).height()
                + 2 * extra
                + metrics.gap_px // 4
            )
        return QSize(width, height + metrics.padding_px + 2)

    # -- painting -----------------------------------------------------------------------

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        """Draw the row from a picture kept per row (the view repaints every visible row
        after each insert; drawing the words again each time would cost a scan several
        milliseconds). A changed line, selection, size or palette draws a new picture."""
        row = self._row(index)
        rect = option.rect
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        device = painter.device()
        ratio = device.devicePixelRatioF() if device is not None else 1.0
        look = (selected, rect.width(), rect.height(), id(self.palette), ratio)
        kept = self._pictures.get(id(row))
        if kept is not None and kept[0] is row and kept[1] == look:
            self._pictures.move_to_end(id(row))
            painter.drawPixmap(rect.topLeft(), kept[2])
            return
        picture = QPixmap(max(1, round(rect.width() * ratio)), max(1, round(rect.height() * ratio)))
        picture.setDevicePixelRatio(ratio)
        picture.fill(QColor(self.palette.panel_bg))
        canvas = QPainter(picture)
        try:
            canvas.setRenderHints(painter.renderHints())
            self._paint_row(canvas, QRect(0, 0, rect.width(), rect.height()), row, selected)
        finally:
            canvas.end()
        self._pictures[id(row)] = (row, look, picture)
        while len(self._pictures) > PICTURES_KEPT:
            self._pictures.popitem(last=False)
        painter.drawPixmap(rect.topLeft(), picture)

    def _paint_row(self, painter: QPainter, rect: QRect, row: _Row, selected: bool) -> None:
        p = self.palette
        metrics = current_metrics()
        line = row.line
        assert line is None or isinstance(line, PricedLine)
        deposit = line is not None and line.is_deposit
        painter.save()
        painter.fillRect(rect, QColor(p.panel_bg))
        body, bold, small = self._fonts()[:3]
        qty_rect, words, amount_rect = self._columns(rect, deposit)
        ink = QColor(p.panel_fg)
        painter.setPen(ink)
        flags = int(Qt.TextFlag.TextWordWrap)
        painter.setFont(body if deposit else bold)
        if line is not None and line.grams is None and not line.is_deposit:
            painter.drawText(qty_rect, int(Qt.AlignmentFlag.AlignLeft), f"{line.quantity} x")
        name_box = painter.boundingRect(
            QRect(words.left(), words.top(), words.width(), 10_000), flags, row.name
        )
        painter.drawText(name_box, flags, row.name)
        if line is not None:
            painter.drawText(
                amount_rect, int(Qt.AlignmentFlag.AlignRight), format_cents(line.net_cents)
            )
        top = name_box.bottom() + 1
        painter.setFont(small)
        for kind, text in row.details:
            top += metrics.gap_px // 4
            if kind == "age":
                extra = metrics.gap_px // 2
                box = painter.boundingRect(
                    QRect(words.left() + extra, top + extra, words.width() - 2 * extra, 10_000),
                    flags,
                    text,
                )
                back = QRect(words.left(), top, words.width(), box.height() + 2 * extra)
                painter.fillRect(back, QColor(p.waiting_bg))
                painter.setPen(QColor(p.waiting_fg))
                painter.drawText(box, flags, text)
                painter.setPen(ink)
                top = back.bottom() + 1
            else:
                box = painter.boundingRect(
                    QRect(words.left(), top, words.width(), 10_000), flags, text
                )
                painter.drawText(box, flags, text)
                top = box.bottom() + 1
        # separator, and the selection as a thick outline (colour is not alone: the
        # quantity buttons appear for the selected line)
        painter.setPen(QPen(QColor(p.border), 1))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        if selected:
            width = max(3, metrics.border_px * 2)
            painter.setPen(QPen(QColor(p.focus), width))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            half = width // 2
            painter.drawRect(rect.adjusted(half, half, -half - 1, -half - 1))
        painter.restore()


class CartView(QListView):
    """The cart list (see the module docstring); object name ``cart_view``."""

    def __init__(self, model: CartModel, palette: Palette, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("cart_view")
        self.setModel(model)
        self.cart_delegate = CartDelegate(palette, self)
        self.setItemDelegate(self.cart_delegate)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setUniformItemSizes(False)
        self.setWordWrap(True)
        model.rowsInserted.connect(self._show_new)

    def _show_new(self, parent: QModelIndex, first: int, last: int) -> None:
        model = self.model()
        if model is not None and last == model.rowCount() - 1:
            self.scrollTo(model.index(last, 0))

    def set_palette(self, palette: Palette) -> None:
        self.cart_delegate.palette = palette
        self.viewport().update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.cart_delegate.width = self.viewport().width()
        super().resizeEvent(event)

    def setItemDelegate(self, delegate: QAbstractItemDelegate) -> None:
        if isinstance(delegate, CartDelegate):
            self.cart_delegate = delegate
            delegate.width = self.viewport().width()
        super().setItemDelegate(delegate)

    def changeEvent(self, event: QEvent) -> None:
        # The rows' words are translated in the delegate: measure them again.
        if event.type() in (QEvent.Type.LanguageChange, QEvent.Type.FontChange):
            self.cart_delegate.clear_sizes()
        super().changeEvent(event)
