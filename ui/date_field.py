"""A date the clerk can type (2026-01-15, 2026年1月15日, 2026/1/15) or pick from a calendar.

The calendar speaks Chinese whatever the application's default locale, and opens where the clerk
is most likely to look: at the field's date, or at a month the form suggests (成文日期: January
after the report year).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, QLocale, QPoint, Qt, Signal
from PySide6.QtWidgets import QCalendarWidget, QHBoxLayout, QLineEdit, QToolButton, QWidget

from models.i18n import _
from models.report import InputError, date_text, parse_date_text

CHINESE = QLocale(QLocale.Language.Chinese, QLocale.Country.China)


class DateField(QWidget):
    """A line to type a date in and a button that opens a calendar.

    `chosen` carries the new date (None when the field was emptied) once the clerk has finished
    typing (Enter, or leaving the field) or picked a day; `input_error` carries why typed text is
    not a date — the text stays for the clerk to correct — and "" once it is a date again.
    """

    chosen = Signal(object)
    input_error = Signal(str)

    def __init__(
        self, value: date | None, opens_at: Callable[[], tuple[int, int]], parent=None
    ) -> None:
        super().__init__(parent)
        self.value = value
        self.opens_at = opens_at  # (year, month) to show when the field is empty
        self.line = QLineEdit(date_text(value))
        self.show_example()
        self.line.editingFinished.connect(self._typed)
        self.button = QToolButton()
        self.button.setText(_("日历"))
        self.button.setToolTip(_("从日历中选择日期"))
        self.button.clicked.connect(self.open_calendar)
        self.calendar = QCalendarWidget()
        self.calendar.setWindowFlags(Qt.WindowType.Popup)
        self.calendar.setLocale(CHINESE)
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.setGridVisible(True)
        self.calendar.setVerticalHeaderFormat(
            QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader  # no week numbers
        )
        self.calendar.activated.connect(self._picked)
        self.calendar.clicked.connect(self._picked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.line, 1)
        layout.addWidget(self.button)
        self.setFocusProxy(self.line)

    def set_value(self, value: date | None) -> None:
        """Show `value`, what the report now holds."""
        self.value = value
        self.line.setText(date_text(value))

    def show_example(self) -> None:
        """The placeholder: an example date in the month the calendar opens at, so that it
        follows the report year (成文日期 of a 2022 report: 「如 2023-01-15 或 2023年1月15日」)."""
        example = date(*self.opens_at(), 15)
        self.line.setPlaceholderText(
            _("如 {typed} 或 {shown}").format(typed=example.isoformat(), shown=date_text(example))
        )

    def open_calendar(self) -> None:
        """Show the calendar under the field, at the field's date or the suggested month."""
        if self.value is not None:
            shown = QDate(self.value.year, self.value.month, self.value.day)
            self.calendar.setSelectedDate(shown)
        else:
            year, month = self.opens_at()
            self.calendar.setSelectedDate(QDate(year, month, 1))
        selected = self.calendar.selectedDate()
        self.calendar.setCurrentPage(selected.year(), selected.month())
        self.calendar.adjustSize()
        self.calendar.move(self.mapToGlobal(QPoint(0, self.height())))
        self.calendar.show()
        self.calendar.setFocus()

    def _picked(self, qdate: QDate) -> None:
        self.calendar.hide()
        self._choose(date(qdate.year(), qdate.month(), qdate.day()))

    def _typed(self) -> None:
        try:
            value = parse_date_text(self.line.text())
        except InputError as error:
            self.input_error.emit(str(error))
            return
        self._choose(value)

    def _choose(self, value: date | None) -> None:
        self.line.setText(date_text(value))
        self.input_error.emit("")
        if value != self.value:
            self.value = value
            self.chosen.emit(value)
