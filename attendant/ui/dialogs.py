"""The console's questions to the attendant: confirm, pick an outcome, add an item, a file.

Each dialog is opened through an ``ask()`` classmethod that returns the answer (or None /
False for "no"); tests replace ``ask`` (``monkeypatch.setattr(ConfirmDialog, "ask",
...)``), so no test waits on a modal loop. The dialogs are the console's own widgets
(large buttons, plain words, the theme's colours), never a bare ``QMessageBox``.

Object names: ``confirm_dialog`` (``dialog_title``, ``dialog_text``,
``dialog_confirm_button``, ``dialog_cancel_button``), ``outcome_dialog``
(``outcome_choice_<n>``, ``outcome_field``), ``reason_dialog`` (``reason_field``),
``add_item_dialog`` (``add_item_search_field``, ``add_item_results``,
``add_item_code_field``, ``add_item_quantity``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from attendant.ui import texts
from attendant.ui.theme import current_console_metrics
from attendant.ui.widgets import Button, label

__all__ = [
    "AddItemDialog",
    "ConfirmDialog",
    "ExportPathDialog",
    "OutcomeDialog",
    "ReasonDialog",
]

log = logging.getLogger("attendant.ui.dialogs")


class _Dialog(QDialog):
    """Title, text, the caller's content, then Cancel and the confirming button."""

    def __init__(
        self,
        name: str,
        title: str,
        text: str,
        confirm: str,
        *,
        danger: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWindowTitle(title)
        self.setModal(True)
        metrics = current_console_metrics()
        self.setMinimumWidth(520 if metrics.height >= 1000 else 440)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(metrics.pad_px * 2, metrics.pad_px * 2, metrics.pad_px * 2,
                                  metrics.pad_px * 2)  # fmt: skip
        layout.setSpacing(metrics.gap_px)
        self.title_label = label(title, role="title", name="dialog_title", wrap=True)
        self.text_label = label(text, name="dialog_text", wrap=True)
        self.text_label.setVisible(bool(text))
        layout.addWidget(self.title_label)
        layout.addWidget(self.text_label)
        self.content = QVBoxLayout()
        self.content.setSpacing(metrics.gap_px)
        layout.addLayout(self.content)
        buttons = QHBoxLayout()
        buttons.setSpacing(metrics.gap_px)
        self.cancel_button = Button(
            QCoreApplication.translate("ConsoleTexts", "Cancel"), name="dialog_cancel_button"
        )
        self.confirm_button = Button(
            confirm, role="danger" if danger else "primary", name="dialog_confirm_button"
        )
        self.cancel_button.clicked.connect(self.reject)
        self.confirm_button.clicked.connect(self.accept)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.confirm_button)
        layout.addLayout(buttons)


class ConfirmDialog(_Dialog):
    """ "Cancel the purchase at Kassa 2?" with a red button for what cannot be undone."""

    def __init__(
        self, title: str, text: str, confirm: str, *, danger: bool, parent: QWidget | None
    ) -> None:
        super().__init__("confirm_dialog", title, text, confirm, danger=danger, parent=parent)
        self.cancel_button.setFocus()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        title: str,
        text: str,
        confirm: str,
        *,
        danger: bool = True,
    ) -> bool:
        dialog = cls(title, text, confirm, danger=danger, parent=parent)
        try:
            return dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()


class OutcomeDialog(_Dialog):
    """How a help call ended: a common outcome with one tap, or typed words."""

    def __init__(self, title: str, choices: list[str], parent: QWidget | None) -> None:
        super().__init__(
            "outcome_dialog",
            title,
            self.tr("How did it end? Tap one, or type it."),
            self.tr("Close the call"),
            parent=parent,
        )
        self.field = QLineEdit()
        self.field.setObjectName("outcome_field")
        self.field.setMaxLength(200)
        for index, choice in enumerate(choices):
            button = Button(choice, name=f"outcome_choice_{index}")
            button.clicked.connect(lambda _=False, text=choice: self._choose(text))
            self.content.addWidget(button)
        self.content.addWidget(self.field)
        self.field.textChanged.connect(self._check)
        self.field.returnPressed.connect(self._accept_typed)
        self._check()

    def _choose(self, text: str) -> None:
        self.field.setText(text)
        self.accept()

    def _accept_typed(self) -> None:
        if self.field.text().strip():
            self.accept()

    def _check(self) -> None:
        self.confirm_button.setEnabled(bool(self.field.text().strip()))

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, choices: list[str]) -> str | None:
        dialog = cls(title, choices, parent)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.field.text().strip() or None
        finally:
            dialog.deleteLater()


class ReasonDialog(_Dialog):
    """A short reason, e.g. why a lane is closed (shown to colleagues and in the audit)."""

    def __init__(self, title: str, text: str, confirm: str, parent: QWidget | None) -> None:
        super().__init__("reason_dialog", title, text, confirm, danger=True, parent=parent)
        self.field = QLineEdit()
        self.field.setObjectName("reason_field")
        self.field.setMaxLength(200)
        self.content.addWidget(self.field)
        self.field.returnPressed.connect(self.accept)

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, text: str, confirm: str) -> str | None:
        """The reason typed (may be empty), or None: cancelled."""
        dialog = cls(title, text, confirm, parent)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.field.text().strip()
        finally:
            dialog.deleteLater()


class AddItemDialog(_Dialog):
    """Find a product by name (the store's catalog) or type its code, and how many."""

    def __init__(
        self,
        title: str,
        search: Callable[[str], list[Any]] | None,
        parent: QWidget | None,
    ) -> None:
        super().__init__(
            "add_item_dialog",
            title,
            self.tr("Search by name, or scan or type the barcode."),
            self.tr("Add to the cart"),
            parent=parent,
        )
        self._search = search
        self.search_field = QLineEdit()
        self.search_field.setObjectName("add_item_search_field")
        self.search_field.setPlaceholderText(self.tr("Product name, e.g. banana"))
        self.search_field.setEnabled(search is not None)
        self.results = QListWidget()
        self.results.setObjectName("add_item_results")
        self.results.setMinimumHeight(current_console_metrics().touch_px * 4)
        self.code_field = QLineEdit()
        self.code_field.setObjectName("add_item_code_field")
        self.code_field.setPlaceholderText(self.tr("Barcode or product code"))
        self.code_field.setMaxLength(64)
        self.quantity = QSpinBox()
        self.quantity.setObjectName("add_item_quantity")
        self.quantity.setRange(1, 99)
        self.quantity.setPrefix(self.tr("Quantity: "))
        self.content.addWidget(self.search_field)
        self.content.addWidget(self.results)
        self.content.addWidget(self.code_field)
        self.content.addWidget(self.quantity)
        self.search_field.textChanged.connect(self.find)
        self.results.currentItemChanged.connect(self._picked)
        self.code_field.textChanged.connect(self._check)
        self._check()

    def find(self, text: str) -> None:
        self.results.clear()
        if self._search is None or len(text.strip()) < 2:
            return
        try:
            products = self._search(text)
        except Exception:
            log.exception("catalog search failed")
            return
        for product in products:
            code = product.gtin or product.plu
            if not code:
                continue
            name = texts.product_name(product.name_nl, product.name_en)
            item = QListWidgetItem(f"{name}  ·  {texts.money(product.price_cents)}")
            item.setData(Qt.ItemDataRole.UserRole, code)
            self.results.addItem(item)

    def _picked(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.code_field.setText(str(item.data(Qt.ItemDataRole.UserRole)))

    def _check(self) -> None:
        code = self.code_field.text().strip()
        self.confirm_button.setEnabled(bool(code) and " " not in code and code.isascii())

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        title: str,
        search: Callable[[str], list[Any]] | None,
    ) -> tuple[str, int] | None:
        """(code, quantity), or None: cancelled."""
        dialog = cls(title, search, parent)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.code_field.text().strip(), dialog.quantity.value()
        finally:
            dialog.deleteLater()


class ExportPathDialog:
    """Where to save the figures' CSV file (the system's save dialog)."""

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, suggested: Path) -> Path | None:
        path, _filter = QFileDialog.getSaveFileName(parent, title, str(suggested), "CSV (*.csv)")
        return Path(path) if path else None
