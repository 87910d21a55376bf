"""基本信息: the agency profile, year, statistics period, signing unit, 成文日期, opening paragraph."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from models.findings import Severity
from models.i18n import _
from models.report import AGENCY_FIELDS, YEARS, standard_preamble
from models.text_rules import AGENCY_FIELD_LABELS
from ui.session import ReportSession
from ui.text_tab import TextEditor

_EMPTY_DATE = QDate(2000, 1, 1)  # shown as 「未填写」
_EMPTY_YEAR = YEARS.start - 1  # shown as 「未填写」


class ProfileTab(QScrollArea):
    """Every field saves as it is typed; a field with a finding shows it beside the field."""

    def __init__(self, session: ReportSession, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWidgetResizable(True)
        inner = QWidget()
        form = QFormLayout()
        self.widgets: dict[str, QWidget] = {}
        self.notes: dict[str, QLabel] = {}
        report = session.report

        for name in AGENCY_FIELDS:
            edit = QLineEdit(getattr(report.agency, name))
            location = f"agency.{name}"
            edit.textEdited.connect(lambda text, loc=location: self._save(loc, text))
            self._add(form, AGENCY_FIELD_LABELS[name], location, edit)
        self.widgets["agency.postcode"].setMaxLength(6)

        year = QSpinBox()
        year.setRange(_EMPTY_YEAR, YEARS.stop - 1)
        year.setSpecialValueText(_("未填写"))
        year.setValue(report.year or _EMPTY_YEAR)
        year.valueChanged.connect(lambda v: self._save("year", None if v == _EMPTY_YEAR else v))
        self._add(form, _("报告年度"), "year", year)

        for location, label in (
            ("period_start", _("统计期限起")),
            ("period_end", _("统计期限止")),
            ("issued_on", _("成文日期")),
        ):
            self._add(form, label, location, self._date_edit(location))

        signing = QLineEdit(report.signing_unit)
        signing.setPlaceholderText(_("通常与机关名称相同"))
        signing.textEdited.connect(lambda text: self._save("signing_unit", text))
        self._add(form, _("落款单位"), "signing_unit", signing)

        self.preamble = TextEditor(session, report.format.sections[0])
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
        row.addWidget(note, 3)
        form.addRow(label, row)
        self.widgets[location] = widget
        self.notes[location] = note

    def _date_edit(self, location: str) -> QDateEdit:
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy年M月d日")
        edit.setMinimumDate(_EMPTY_DATE)
        edit.setSpecialValueText(_("未填写"))
        value = getattr(self.session.report, location)
        edit.setDate(QDate(value.year, value.month, value.day) if value else _EMPTY_DATE)

        def changed(qdate: QDate) -> None:
            day = None if qdate == _EMPTY_DATE else date(qdate.year(), qdate.month(), qdate.day())
            self._save(location, day)

        edit.dateChanged.connect(changed)
        return edit

    def _save(self, location: str, value) -> None:
        self.session.edit({location: value}, coalesce=isinstance(value, str))

    def _generate_preamble(self) -> None:
        self.session.edit({"texts.preamble": standard_preamble(self.session.report)})

    def _show_findings(self) -> None:
        for location, note in self.notes.items():
            findings = self.session.by_location.get(location, [])
            errors = [f for f in findings if f.severity is Severity.ERROR]
            shown = errors or findings
            text = "；".join(f.message.removeprefix(_("基本信息：")) for f in shown)
            style = "color: #b00020;" if errors else "color: #8a5a00;"
            if note.text() != text or note.styleSheet() != style:  # restyling is costly
                note.setText(text)
                note.setStyleSheet(style)
