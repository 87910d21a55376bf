"""基本信息: the agency profile, year, statistics period, signing unit, 成文日期, opening paragraph."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from models.checks.findings import Severity
from models.i18n import _
from models.report import AGENCY_FIELDS, YEARS, date_text, standard_preamble
from ui.date_field import DateField
from ui.session import ReportSession
from ui.text_tab import UNSAVED_STYLE, TextEditor, add_confirm_action

_EMPTY_YEAR = YEARS.start - 1  # shown as 「未填写」
DATES = ("period_start", "period_end", "issued_on")


class ProfileTab(QScrollArea):
    """Every field saves as it is typed (a date once it is complete); a field shows beside it
    what is wrong with it, or that it was not saved and why, and 「已核对」 while it is
    沿用上年，待核对."""

    def __init__(self, session: ReportSession, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWidgetResizable(True)
        inner = QWidget()
        form = QFormLayout()
        self.widgets: dict[str, QWidget] = {}
        self.notes: dict[str, QLabel] = {}
        self.confirms: dict[str, QPushButton] = {}
        self.input_errors: dict[str, str] = {}  # a date that is not one, as the clerk typed it
        report = session.report
        label = report.format.profile_label

        for name in AGENCY_FIELDS:
            location = f"agency.{name}"
            edit = self._line_edit(name)
            if name == "postcode":
                edit.setMaxLength(6)
            self._add(form, label(location), location, edit)

        year = QSpinBox()
        year.setRange(_EMPTY_YEAR, YEARS.stop - 1)
        year.setSpecialValueText(_("未填写"))
        year.setValue(report.year or _EMPTY_YEAR)
        year.valueChanged.connect(self._year_changed)
        self._add(form, label("year"), "year", year)

        for location in DATES:
            self._add(form, label(location), location, self._date_field(location))

        signing = QLineEdit(report.signing_unit)
        signing.setPlaceholderText(_("通常与机关名称相同"))
        signing.textEdited.connect(lambda text: self._save({"signing_unit": text}))
        self._with_confirm_menu(signing, "signing_unit")
        self._add(form, label("signing_unit"), "signing_unit", signing)

        opening = report.format.opening
        assert opening is not None  # every format opens with a paragraph
        self.preamble = TextEditor(session, opening)
        generate = QPushButton(_("按基本信息生成开头段"))
        generate.clicked.connect(self._generate_preamble)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(generate)

        layout = QVBoxLayout(inner)
        layout.addLayout(form)
        layout.addWidget(self.preamble)
        layout.addLayout(buttons)
        layout.addStretch()
        self.setWidget(inner)
        session.findings_changed.connect(self._show_findings)
        session.unsaved_changed.connect(self._show_findings)
        session.changed.connect(self._on_changed)
        self._show_findings()

    def focus(self, location: str) -> None:
        widget = self.widgets.get(location) or self.preamble.editor
        self.ensureWidgetVisible(widget)
        widget.setFocus()

    def _add(self, form: QFormLayout, label: str, location: str, widget: QWidget) -> None:
        note = QLabel()
        note.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(widget, 2)
        if location.startswith("agency.") or location == "signing_unit":
            confirm = QPushButton(_("已核对"))
            confirm.setToolTip(_("沿用上年的内容无误"))
            confirm.clicked.connect(lambda: self.session.confirm(location))
            row.addWidget(confirm)
            self.confirms[location] = confirm
        row.addWidget(note, 3)
        form.addRow(label, row)
        self.widgets[location] = widget
        self.notes[location] = note

    def _line_edit(self, name: str) -> QLineEdit:
        location = f"agency.{name}"
        edit = QLineEdit(getattr(self.session.report.agency, name))
        edit.textEdited.connect(lambda text: self._save({location: text}))
        self._with_confirm_menu(edit, location)
        return edit

    def _with_confirm_menu(self, edit: QLineEdit, location: str) -> None:
        def menu(point) -> None:
            menu = edit.createStandardContextMenu()
            add_confirm_action(menu, self.session, location)
            menu.exec(edit.mapToGlobal(point))
            menu.deleteLater()

        edit.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        edit.customContextMenuRequested.connect(menu)

    def _date_field(self, location: str) -> DateField:
        field = DateField(getattr(self.session.report, location), lambda: self._opens_at(location))
        field.chosen.connect(lambda value: self._save({location: value}))
        field.input_error.connect(lambda reason: self._input_error(location, reason))
        return field

    def _opens_at(self, location: str) -> tuple[int, int]:
        """Where an empty date's calendar opens: 成文日期 in January after the report year."""
        year = self.session.report.year or date.today().year
        if location == "issued_on":
            return year + 1, 1
        return year, 1 if location == "period_start" else 12

    def _year_changed(self, value: int) -> None:
        """A new report year; the statistics period follows it unless it was set by hand."""
        report = self.session.report
        year = None if value == _EMPTY_YEAR else value
        changes: dict = {"year": year}
        old = report.year
        if year is not None:
            if report.period_start in (None, date(old or year, 1, 1)):
                changes["period_start"] = date(year, 1, 1)
            if report.period_end in (None, date(old or year, 12, 31)):
                changes["period_end"] = date(year, 12, 31)
        self._save(changes)

    def _save(self, changes: dict) -> None:
        coalesce = len(changes) == 1 and isinstance(next(iter(changes.values())), str)
        self.session.edit(changes, coalesce=coalesce)

    def _generate_preamble(self) -> None:
        """按基本信息生成开头段; a paragraph the clerk wrote is replaced only if they say so."""
        location = self.preamble.location
        generated = standard_preamble(self.session.report)
        written = str(self.session.report.get_field(location) or "").strip()
        if written and written != generated.strip():
            answer = QMessageBox.question(
                self,
                _("按基本信息生成开头段"),
                _("开头段已经写有内容。用按基本信息生成的开头段替换它吗？（替换后可以撤销）"),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.session.edit({location: generated})

    def _input_error(self, location: str, reason: str) -> None:
        if reason:
            self.input_errors[location] = reason
        else:
            self.input_errors.pop(location, None)
        self._show_findings()

    def _on_changed(self, locations: list[str]) -> None:
        """Show what the store now holds (undo, redo, a year that moved the period)."""
        report = self.session.report
        if "year" in locations:  # the dates' examples follow the report year
            for field in self.widgets.values():
                if isinstance(field, DateField):
                    field.show_example()
        for location in locations:
            widget = self.widgets.get(location)
            if widget is None or location in self.input_errors:
                continue
            value = report.get_field(location)
            if isinstance(widget, DateField):
                day = value if isinstance(value, date) else None  # a date or not filled in
                if widget.value != day or widget.line.text() != date_text(day):
                    widget.set_value(day)
            elif isinstance(widget, QLineEdit):
                text = value if isinstance(value, str) else ""
                if widget.text() != text:
                    widget.setText(text)
            elif isinstance(widget, QSpinBox):
                year = value if isinstance(value, int) else _EMPTY_YEAR  # None: not filled in
                if widget.value() != year:
                    widget.blockSignals(True)
                    widget.setValue(year)
                    widget.blockSignals(False)

    def _show_findings(self) -> None:
        unconfirmed = self.session.report.unconfirmed
        for location, confirm in self.confirms.items():
            confirm.setVisible(location in unconfirmed)
        for location, note in self.notes.items():
            self._show_note(location, note)

    def _show_note(self, location: str, note: QLabel) -> None:
        """The field's note: a date that is not one, a refused save, or its findings."""
        unsaved = self.session.unsaved.get(location)
        if location in self.input_errors:
            text, style = self.input_errors[location], "color: #b00020;"
        elif unsaved is not None:
            text = _("未保存：{reason}").format(reason=unsaved)
            style = "color: #b00020; font-weight: bold;"
        else:
            findings = self.session.by_location.get(location, [])
            errors = [f for f in findings if f.severity is Severity.ERROR]
            text = "；".join(f.message.removeprefix(_("基本信息：")) for f in errors or findings)
            style = "color: #b00020;" if errors else "color: #8a5a00;"
        if note.text() != text or note.styleSheet() != style:  # restyling is costly
            note.setText(text)
            note.setStyleSheet(style)
        widget = self.widgets[location]
        if isinstance(widget, DateField):
            if unsaved is not None:  # so that entering the same date again retries the save
                saved = self.session.report.get_field(location)
                widget.value = saved if isinstance(saved, date) else None
            widget = widget.line
        marked = UNSAVED_STYLE if unsaved is not None or location in self.input_errors else ""
        if widget.styleSheet() != marked:
            widget.setStyleSheet(marked)
