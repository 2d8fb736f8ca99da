"""The cart as a Qt list model: one row per priced line of the lane's ``CartTotals``.

The cart (``kiosk.core.cart.Cart``, priced into ``kiosk.core.pricing.CartTotals``) is the
source of truth; this model only keeps the last totals it was given and tells views what
changed. :meth:`CartModel.set_totals` compares the new lines with the old ones by
``line_id`` and emits the smallest change it can: ``rowsInserted`` for a new scan (the
usual case: one line, plus its deposit line, at the end), ``rowsRemoved`` for a removed
line, ``dataChanged`` for exactly the rows whose quantity, price or saving changed (a
promotion reaching back to an earlier line). It never resets the model while shopping,
so a view repaints only the rows that changed (the scan -> row painted benchmark).

Rows are in the cart's order: active lines in scan order, each deposit line right under
the line it belongs to. :class:`CartRole` names the data each row offers; ``DisplayRole``
is the product's name in the model's language (:meth:`CartModel.set_language`).
Deposit lines cannot be selected on their own (they follow their product).

``age_check_open`` (:meth:`CartModel.set_age_check_open`) marks age-restricted lines
while a staff member still has to check the shopper's age (``AgeCheckRole``).
"""

from __future__ import annotations

import enum
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from kiosk.core.pricing import CartTotals, PricedLine

__all__ = ["CartModel", "CartRole"]

_Index = QModelIndex | QPersistentModelIndex


class CartRole(enum.IntEnum):
    LINE = Qt.ItemDataRole.UserRole + 1
    """The :class:`~kiosk.core.pricing.PricedLine` itself."""
    LINE_ID = Qt.ItemDataRole.UserRole + 2
    QUANTITY = Qt.ItemDataRole.UserRole + 3
    GRAMS = Qt.ItemDataRole.UserRole + 4
    """Weight of a weighed line (int grams) or None."""
    UNIT_PRICE_CENTS = Qt.ItemDataRole.UserRole + 5
    NET_CENTS = Qt.ItemDataRole.UserRole + 6
    SAVING_CENTS = Qt.ItemDataRole.UserRole + 7
    IS_DEPOSIT = Qt.ItemDataRole.UserRole + 8
    MIN_AGE = Qt.ItemDataRole.UserRole + 9
    AGE_CHECK = Qt.ItemDataRole.UserRole + 10
    """True while this line waits for a staff member's age check."""
    PARENT_LINE_ID = Qt.ItemDataRole.UserRole + 11


class CartModel(QAbstractListModel):
    """See the module docstring."""

    def __init__(self, language: str = "nl", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lines: list[PricedLine] = []
        self._language = language
        self._age_check_open = False

    # -- the adapter -------------------------------------------------------------------

    @property
    def language(self) -> str:
        return self._language

    @property
    def lines(self) -> tuple[PricedLine, ...]:
        return tuple(self._lines)

    def line(self, row: int) -> PricedLine:
        return self._lines[row]

    def line_at(self, row: int) -> PricedLine | None:
        """The line in ``row``, or None outside the model (no exception: views ask often)."""
        return self._lines[row] if 0 <= row < len(self._lines) else None

    def age_check_shown(self, line: PricedLine) -> bool:
        """Whether ``line`` shows "a staff member will check your age" (``AGE_CHECK``)."""
        return self._age_check_open and line.min_age > 0

    def row_of(self, line_id: str) -> int | None:
        """The row of ``line_id`` (searched from the end: the line asked for is usually new)."""
        for row in range(len(self._lines) - 1, -1, -1):
            if self._lines[row].line_id == line_id:
                return row
        return None

    def set_language(self, language: str) -> None:
        if language == self._language:
            return
        self._language = language
        self._changed_all()

    def set_age_check_open(self, open_: bool) -> None:
        if open_ == self._age_check_open:
            return
        self._age_check_open = open_
        for row, line in enumerate(self._lines):
            if line.min_age > 0:
                index = self.index(row, 0)
                self.dataChanged.emit(index, index, [CartRole.AGE_CHECK])

    def clear(self) -> None:
        self.set_totals(CartTotals.empty())

    def set_totals(self, totals: CartTotals) -> None:
        """Show ``totals``' lines, telling views only what changed (see the module docstring)."""
        new = list(totals.lines)
        old = list(self._lines)
        old_ids = [line.line_id for line in old]
        new_ids = [line.line_id for line in new]
        if old_ids == new_ids:
            self._lines = self._changed_rows(old, new, 0)
            return
        # The common head and tail keep their rows; the middle is replaced.
        head = 0
        limit = min(len(old_ids), len(new_ids))
        while head < limit and old_ids[head] == new_ids[head]:
            head += 1
        tail = 0
        while (
            tail < limit - head
            and old_ids[len(old_ids) - 1 - tail] == new_ids[len(new_ids) - 1 - tail]
        ):
            tail += 1
        removed = len(old_ids) - head - tail
        inserted = len(new_ids) - head - tail
        if removed:
            self.beginRemoveRows(QModelIndex(), head, head + removed - 1)
            del self._lines[head : head + removed]
            self.endRemoveRows()
        if inserted:
            self.beginInsertRows(QModelIndex(), head, head + inserted - 1)
            self._lines[head:head] = new[head : head + inserted]
            self.endInsertRows()
        old_tail = old[len(old) - tail :] if tail else []
        # rows kept at the head and at the tail: tell views about those that changed
        kept_head = self._changed_rows(old[:head], new[:head], 0)
        kept_tail = self._changed_rows(old_tail, new[len(new) - tail :], len(new) - tail)
        self._lines = kept_head + new[head : len(new) - tail] + kept_tail

    def _changed_rows(
        self, old: list[PricedLine], new: list[PricedLine], first_row: int
    ) -> list[PricedLine]:
        """Tell views which of these rows changed; returns the rows to keep: the old line
        object where nothing changed (pricing makes new, equal objects on every scan; the
        view's delegate keeps a row's size per line object, see ``CartDelegate``)."""
        kept = []
        for offset, (before, after) in enumerate(zip(old, new, strict=True)):
            if before != after:
                kept.append(after)
                self._lines[first_row + offset] = after  # what views read from now on
                index = self.index(first_row + offset, 0)
                self.dataChanged.emit(index, index)
            else:
                kept.append(before)
        return kept

    def _changed_all(self) -> None:
        if self._lines:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._lines) - 1, 0))

    # -- QAbstractListModel ------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._lines)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid() or not 0 <= index.row() < len(self._lines):
            return Qt.ItemFlag.NoItemFlags
        line = self._lines[index.row()]
        if line.is_deposit:
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemNeverHasChildren
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        row = index.row()
        if not 0 <= row < len(self._lines):
            return None
        line = self._lines[row]
        if role == Qt.ItemDataRole.DisplayRole or role == Qt.ItemDataRole.AccessibleTextRole:
            return line.product.name(self._language)
        match role:
            case CartRole.LINE:
                return line
            case CartRole.LINE_ID:
                return line.line_id
            case CartRole.QUANTITY:
                return line.quantity
            case CartRole.GRAMS:
                return line.grams
            case CartRole.UNIT_PRICE_CENTS:
                return line.unit_price_cents
            case CartRole.NET_CENTS:
                return line.net_cents
            case CartRole.SAVING_CENTS:
                return line.saving_cents
            case CartRole.IS_DEPOSIT:
                return line.is_deposit
            case CartRole.MIN_AGE:
                return line.min_age
            case CartRole.AGE_CHECK:
                return self.age_check_shown(line)
            case CartRole.PARENT_LINE_ID:
                return line.parent_line_id
        return None

    def roleNames(self) -> dict[int, bytes]:
        names = dict(super().roleNames())
        for role in CartRole:
            names[int(role)] = role.name.lower().encode()
        return names
