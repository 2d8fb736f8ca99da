"""The service figures panel: how well the store answered its shoppers, and a CSV export.

It shows :func:`attendant.figures.service_figures` for today (the store's day, from local
midnight until now) or the last 7 days: help calls by reason (in total and per hour), the
time to acknowledge and to resolve a call (p50 and p90), interventions per 100
transactions, declined payments by cause with their amounts, the shoppers' rating of the
help, and faults per lane. The figures are computed on the window's worker thread (they
read the event log), and "Export CSV" writes :func:`attendant.figures.figures_csv` to a
file the attendant picks (:class:`~attendant.ui.dialogs.ExportPathDialog`; tests replace
its ``ask``).

Object names: ``figures_panel``, ``figures_title``, ``figures_period``,
``figures_today_button``, ``figures_week_button``, ``figures_export_button``,
``figures_help_table``, ``figures_times``, ``figures_transactions``,
``figures_declines_table``, ``figures_rating``, ``figures_faults_table``,
``figures_message``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from attendant.eventlog import EventLog
from attendant.figures import UNKNOWN_CAUSE, ServiceFigures, figures_csv, service_figures
from attendant.ui import texts
from attendant.ui.dialogs import ExportPathDialog
from attendant.ui.theme import current_console_metrics
from attendant.ui.widgets import Button, Card, label, set_tone
from attendant.ui.worker import Worker

__all__ = ["FiguresPanel", "day_start"]

log = logging.getLogger("attendant.ui.figures")


def day_start(now: datetime, timezone: str) -> datetime:
    """Local midnight of the store's day ``now`` is in, as an aware UTC time."""
    local = now.astimezone(ZoneInfo(timezone))
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight.astimezone(UTC)


def _number(value: object) -> str:
    """A figure with decimals as the language writes it: 0,29 in Dutch, 0.29 in English."""
    if value is None:
        return "–"
    text = str(value)
    return text.replace(".", ",") if texts.dutch() else text


def _seconds(delta: timedelta | None) -> str:
    return "–" if delta is None else texts.timer(delta.total_seconds())


def _table(name: str, columns: int) -> QTableWidget:
    table = QTableWidget(0, columns)
    table.setObjectName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in range(1, columns):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    return table


def _fill(table: QTableWidget, rows: Iterable[tuple[str, ...]]) -> None:
    rows = list(rows)
    table.setRowCount(len(rows))
    for row, values in enumerate(rows):
        for column, value in enumerate(values):
            item = QTableWidgetItem(value)
            if column > 0:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(row, column, item)


class FiguresPanel(QWidget):
    """See the module docstring. :meth:`refresh` recomputes; :attr:`figures` is the last."""

    computed = Signal(object)
    """The new :class:`~attendant.figures.ServiceFigures` after each refresh."""
    exported = Signal(object)
    """The path written by "Export CSV"."""

    def __init__(
        self,
        event_log: EventLog,
        worker: Worker,
        *,
        clock: Callable[[], datetime],
        timezone: str,
        lanes: Callable[[], list[str]] = list,
        names: Callable[[], dict[str, str]] = dict,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("figures_panel")
        self.event_log = event_log
        self.worker = worker
        self.clock = clock
        self.timezone = timezone
        self.lanes = lanes
        self.names = names
        self.days = 1
        self.figures: ServiceFigures | None = None
        self._message: tuple[str, str, str] | None = None
        metrics = current_console_metrics()

        top = QHBoxLayout()
        top.setSpacing(metrics.gap_px)
        self.title = label(role="title", name="figures_title")
        self.period_label = label(role="caption", name="figures_period")
        self.today_button = Button(role="nav", name="figures_today_button")
        self.week_button = Button(role="nav", name="figures_week_button")
        for button in (self.today_button, self.week_button):
            button.setCheckable(True)
        self.today_button.clicked.connect(lambda: self.set_days(1))
        self.week_button.clicked.connect(lambda: self.set_days(7))
        self.export_button = Button(role="primary", name="figures_export_button")
        self.export_button.clicked.connect(self.export)
        top.addWidget(self.title)
        top.addWidget(self.period_label, 1)
        top.addWidget(self.today_button)
        top.addWidget(self.week_button)
        top.addWidget(self.export_button)

        self.message = label(name="figures_message", wrap=True)
        self.message.setVisible(False)

        def card(name: str, *widgets: QWidget) -> tuple[Card, QWidget]:
            box = Card(name=name)
            layout = QVBoxLayout(box)
            layout.setContentsMargins(
                metrics.pad_px, metrics.gap_px, metrics.pad_px, metrics.gap_px
            )
            layout.setSpacing(max(2, metrics.gap_px // 2))
            caption = label(role="caption")
            layout.addWidget(caption)
            for widget in widgets:
                layout.addWidget(widget)
            if not any(isinstance(w, QTableWidget) for w in widgets):
                layout.addStretch(1)  # words at the top, not floating in the middle
            return box, caption

        self.help_total = label(role="big", name="figures_help_total")
        self.help_table = _table("figures_help_table", 3)
        self.times_label = label(name="figures_times", wrap=True)
        self.transactions_label = label(name="figures_transactions", wrap=True)
        self.declines_table = _table("figures_declines_table", 3)
        self.rating_label = label(name="figures_rating", wrap=True)
        self.faults_table = _table("figures_faults_table", 2)
        help_card, self.help_caption = card("figures_help", self.help_total, self.help_table)
        self.times_big = label(role="big", name="figures_times_big")
        self.transactions_big = label(role="big", name="figures_transactions_big")
        self.rating_big = label(role="big", name="figures_rating_big")
        times_card, self.times_caption = card(
            "figures_times_card", self.times_big, self.times_label
        )
        transactions_card, self.transactions_caption = card(
            "figures_transactions_card", self.transactions_big, self.transactions_label
        )
        declines_card, self.declines_caption = card("figures_declines", self.declines_table)
        rating_card, self.rating_caption = card(
            "figures_rating_card", self.rating_big, self.rating_label
        )
        faults_card, self.faults_caption = card("figures_faults", self.faults_table)

        grid = QGridLayout()
        grid.setSpacing(metrics.gap_px)
        grid.addWidget(help_card, 0, 0, 3, 1)
        grid.addWidget(times_card, 0, 1)
        grid.addWidget(transactions_card, 1, 1)
        grid.addWidget(rating_card, 2, 1)
        grid.addWidget(declines_card, 0, 2, 2, 1)
        grid.addWidget(faults_card, 2, 2)
        for column in range(3):
            grid.setColumnStretch(column, 1)
        for row in range(3):
            grid.setRowStretch(row, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(metrics.gap_px)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addLayout(grid, 1)
        self._checked()
        self.retranslate()

    # -- computing -------------------------------------------------------------------------

    def window(self) -> tuple[datetime, datetime]:
        """The period shown: from local midnight ``days - 1`` days ago until now."""
        now = self.clock()
        since = day_start(now, self.timezone)
        if self.days > 1:
            since = day_start(
                since - timedelta(days=self.days - 1) + timedelta(hours=12), self.timezone
            )
        return since, max(now, since + timedelta(seconds=1))

    def set_days(self, days: int) -> None:
        self.days = days
        self._checked()
        self.refresh()

    def _checked(self) -> None:
        self.today_button.setChecked(self.days == 1)
        self.week_button.setChecked(self.days != 1)

    def refresh(self) -> None:
        """Recompute on the worker thread; :attr:`computed` when they are shown."""
        since, until = self.window()
        lanes = list(self.lanes())
        log_ = self.event_log
        timezone = self.timezone

        def job() -> ServiceFigures:
            return service_figures(log_, since=since, until=until, timezone=timezone, lanes=lanes)

        self.worker.run(job, done=self.show_figures, failed=self._failed)

    def _failed(self, error: BaseException) -> None:
        log.error("computing the service figures failed", exc_info=error)
        self._say("error", "failed")

    def show_figures(self, figures: ServiceFigures) -> None:
        self.figures = figures
        self._paint()
        self.computed.emit(figures)

    def _paint(self) -> None:
        figures = self.figures
        if figures is None:
            return
        zone = self.timezone
        self.period_label.setText(
            self.tr("{start} to {end}").format(
                start=figures.since.astimezone(ZoneInfo(zone)).strftime("%d-%m %H:%M"),
                end=figures.until.astimezone(ZoneInfo(zone)).strftime("%d-%m %H:%M"),
            )
        )
        per_hour = figures.help_calls_per_hour()
        self.help_total.setText(
            self.tr("%n call(s)", "", figures.total_help_calls)
            + (
                " · " + self.tr("{rate} per hour").format(rate=_number(per_hour))
                if per_hour is not None
                else ""
            )
        )
        _fill(
            self.help_table,
            (
                (
                    texts.help_reason(reason),
                    str(count),
                    _number(figures.help_calls_per_hour(reason)) if count else "",
                )
                for reason, count in figures.help_calls.items()
            ),
        )
        ack, res = figures.time_to_acknowledge, figures.time_to_resolve
        self.times_big.setText(self.tr("{time} until someone comes").format(time=_seconds(ack.p50)))
        self.times_label.setText(
            "\n".join(
                [
                    self.tr(
                        "Until someone is on the way: half within {p50}, 9 in 10 within {p90}"
                    ).format(p50=_seconds(ack.p50), p90=_seconds(ack.p90)),
                    self.tr(
                        "Until the call is closed: half within {p50}, 9 in 10 within {p90}"
                    ).format(p50=_seconds(res.p50), p90=_seconds(res.p90)),
                    self.tr("Calls counted: {count}").format(count=ack.count),
                ]
            )
        )
        per_100 = figures.interventions_per_100
        self.transactions_big.setText(
            self.tr("{ratio} per 100 purchases").format(ratio=_number(per_100))
        )
        self.transactions_label.setText(
            "\n".join(
                [
                    self.tr("Purchases: {count}").format(count=figures.transactions),
                    self.tr("Staff interventions: {count}").format(count=figures.interventions),
                    self.tr("Interventions per 100 purchases: {ratio}").format(
                        ratio=_number(per_100)
                    ),
                ]
            )
        )
        _fill(
            self.declines_table,
            (
                (
                    texts.decline_reason(cause) if cause != UNKNOWN_CAUSE else self.tr("not known"),
                    str(count),
                    texts.money(figures.declined_cents[cause]),
                )
                for cause, count in figures.declines.items()
                if count
            ),
        )
        mean = figures.rating_mean
        self.rating_big.setText(self.tr("{mean} of 5").format(mean=_number(mean)))
        self.rating_label.setText(
            self.tr("Average {mean} of 5 from %n rating(s)", "", figures.rating_count).format(
                mean=_number(mean)
            )
            + "\n"
            + "  ".join(f"{score}: {count}" for score, count in figures.ratings.items())
        )
        names = self.names()
        _fill(
            self.faults_table,
            ((names.get(kiosk, kiosk), str(count)) for kiosk, count in figures.faults.items()),
        )

    # -- export ----------------------------------------------------------------------------

    def export(self) -> None:
        """Ask where, then write the CSV of the figures shown (computed first if needed)."""
        figures = self.figures
        if figures is None:
            self._say("waiting", "not_ready")
            return
        day = figures.until.astimezone(ZoneInfo(self.timezone)).strftime("%Y-%m-%d")
        path = ExportPathDialog.ask(
            self, self.tr("Save the service figures"), Path.home() / f"service-figures-{day}.csv"
        )
        if path is None:
            return
        text = figures_csv(figures)

        def job() -> Path:
            path.write_text(text, encoding="utf-8", newline="")
            return path

        self.worker.run(job, done=self._exported, failed=self._export_failed)

    def _exported(self, path: Path) -> None:
        log.info("service figures exported to %s", path)
        self._say("go", "saved", str(path))
        self.exported.emit(path)

    def _export_failed(self, error: BaseException) -> None:
        log.warning("exporting the service figures failed: %s", error)
        self._say("error", "not_saved", str(getattr(error, "strerror", None) or error))

    def _say(self, tone: str, key: str, detail: str = "") -> None:
        self._message = (tone, key, detail)
        set_tone(self.message, tone)
        self.message.setText(self._message_text())
        self.message.setVisible(True)

    def _message_text(self) -> str:
        if self._message is None:
            return ""
        _tone, key, detail = self._message
        if key == "saved":
            return self.tr("Saved: {path}").format(path=detail)
        if key == "not_saved":
            return self.tr("Not saved: {problem}. Pick another folder.").format(problem=detail)
        if key == "not_ready":
            return self.tr("The figures are still being counted. Try again in a moment.")
        return self.tr("The figures could not be counted. Try again, or ask the technician.")

    # -- words -----------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.title.setText(self.tr("Service figures"))
        self.today_button.setText(self.tr("Today"))
        self.week_button.setText(self.tr("Last 7 days"))
        self.export_button.setText(self.tr("Export CSV"))
        self.help_caption.setText(self.tr("Help calls by reason"))
        self.times_caption.setText(self.tr("Waiting times"))
        self.transactions_caption.setText(self.tr("Purchases and interventions"))
        self.declines_caption.setText(self.tr("Declined card payments by cause"))
        self.rating_caption.setText(self.tr("Shoppers' rating of the help"))
        self.faults_caption.setText(self.tr("Device faults per lane"))
        self.help_table.setHorizontalHeaderLabels(
            [self.tr("Reason"), self.tr("Calls"), self.tr("Per hour")]
        )
        self.declines_table.setHorizontalHeaderLabels(
            [self.tr("Cause"), self.tr("Count"), self.tr("Amount")]
        )
        self.faults_table.setHorizontalHeaderLabels([self.tr("Lane"), self.tr("Faults")])
        if self._message is not None:
            self.message.setText(self._message_text())
        self._paint()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
