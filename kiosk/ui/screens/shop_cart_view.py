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

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from kiosk.core.money import format_cents
from kiosk.ui.models.cart_model import CartModel, CartRole
from kiosk.ui.theme import Palette, current_metrics

__all__ = ["CartDelegate", "CartView", "format_grams"]

_Index = QModelIndex | QPersistentModelIndex


def format_grams(grams: int) -> str:
    """Grams as kilograms in Dutch notation: ``754`` -> ``0,754 kg``."""
    whole, rest = divmod(grams, 1000)
    return f"{whole},{rest:03d} kg"


class CartDelegate(QStyledItemDelegate):
    """Paints a cart row (see the module docstring)."""

    def __init__(self, palette: Palette, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.palette = palette

    # -- words --------------------------------------------------------------------------

    def _detail(self, index: _Index) -> list[tuple[str, str]]:
        """(kind, text) lines under the name: kind is plain, saving or age."""
        lines: list[tuple[str, str]] = []
        line = index.data(CartRole.LINE)
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
        if index.data(CartRole.AGE_CHECK):
            lines.append(
                ("age", self.tr("A staff member will check your age. You can keep scanning."))
            )
        elif line.min_age:
            lines.append(("plain", self.tr("Age {age}+").format(age=line.min_age)))
        return lines

    # -- geometry -----------------------------------------------------------------------

    def _fonts(self) -> tuple[QFont, QFont, QFont]:
        metrics = current_metrics()
        body = QFont(self.parent().font()) if self.parent() else QFont()
        body.setPixelSize(metrics.body_px)
        bold = QFont(body)
        bold.setBold(True)
        small = QFont(body)
        small.setPixelSize(metrics.small_px)
        return body, bold, small

    def _columns(self, rect: QRect, index: _Index) -> tuple[QRect, QRect, QRect]:
        """(quantity, words, amount) rectangles inside ``rect``."""
        metrics = current_metrics()
        pad = metrics.padding_px
        _, bold, _ = self._fonts()
        fm = QFontMetrics(bold)
        qty_w = fm.horizontalAdvance("99 x") + pad
        amount_w = fm.horizontalAdvance("-€ 9.999,99") + pad
        indent = pad * 2 if index.data(CartRole.IS_DEPOSIT) else 0
        inner = rect.adjusted(pad + indent, pad // 2, -pad, -pad // 2)
        qty = QRect(inner.left(), inner.top(), qty_w, inner.height())
        amount = QRect(inner.right() - amount_w + 1, inner.top(), amount_w, inner.height())
        words = QRect(qty.right() + 1, inner.top(), amount.left() - qty.right() - 1, inner.height())
        return qty, words, amount

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        view = self.parent()
        width = view.viewport().width() if isinstance(view, QAbstractItemView) else 600
        width = max(width, 200)
        metrics = current_metrics()
        _, words, _ = self._columns(QRect(0, 0, width, 10_000), index)
        _, bold, small = self._fonts()
        flags = int(Qt.TextFlag.TextWordWrap)
        height = (
            QFontMetrics(bold)
            .boundingRect(QRect(0, 0, words.width(), 10_000), flags, str(index.data() or ""))
            .height()
        )
        fm_small = QFontMetrics(small)
        for kind, text in self._detail(index):
            extra = metrics.gap_px // 2 if kind == "age" else 0
            height += (
                fm_small.boundingRect(
                    QRect(0, 0, words.width() - 2 * extra, 10_000), flags, text
                ).height()
                + 2 * extra
                + metrics.gap_px // 4
            )
        return QSize(width, height + metrics.padding_px + 2)

    # -- painting -----------------------------------------------------------------------

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        p = self.palette
        metrics = current_metrics()
        rect = option.rect
        painter.save()
        painter.fillRect(rect, QColor(p.panel_bg))
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        body, bold, small = self._fonts()
        qty_rect, words, amount_rect = self._columns(rect, index)
        line = index.data(CartRole.LINE)
        ink = QColor(p.panel_fg)
        painter.setPen(ink)
        flags = int(Qt.TextFlag.TextWordWrap)
        painter.setFont(body if index.data(CartRole.IS_DEPOSIT) else bold)
        if line is not None and line.grams is None and not line.is_deposit:
            painter.drawText(qty_rect, int(Qt.AlignmentFlag.AlignLeft), f"{line.quantity} x")
        name_box = painter.boundingRect(
            QRect(words.left(), words.top(), words.width(), 10_000), flags, str(index.data() or "")
        )
        painter.drawText(name_box, flags, str(index.data() or ""))
        if line is not None:
            painter.drawText(
                amount_rect, int(Qt.AlignmentFlag.AlignRight), format_cents(line.net_cents)
            )
        top = name_box.bottom() + 1
        painter.setFont(small)
        for kind, text in self._detail(index):
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
