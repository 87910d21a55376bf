"""导入已发布的年报: the dialog beside the source, corrected and saved the clerk's way."""

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QPlainTextEdit

from models.service import ReportService
from models.storage.store import Store
from readers import read_published
from tests.conftest import PUBLISHED
from ui.import_dialog import VALUE, ImportDialog, import_published


def open_dialog(qtbot, name, store):
    path = PUBLISHED / name
    dialog = ImportDialog(read_published(path), path, ReportService(store))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def type_into_current_cell(qtbot, table, text):
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = next(e for e in table.findChildren(QLineEdit) if e.isVisible())
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() != table.State.EditingState)
    qtbot.wait(1)


def test_unsure_cells_come_first_marked_and_the_clerk_corrects_and_saves(qtbot, tmp_path):
    with Store(tmp_path / "x.db") as store:
        dialog = open_dialog(qtbot, "city-2022-runs.txt", store)
        table = dialog.table
        assert dialog.keys[0] == "applications.carried_over.natural_person"
        assert table.item(0, VALUE).background().color().name() == "#fff3b0"
        assert "可能的拆分有 2 种" in table.item(0, 3).text()
        source = dialog.findChild(QPlainTextEdit)
        qtbot.waitUntil(lambda: source.textCursor().hasSelection())  # the value's row is shown
        assert source.textCursor().selectedText() == "二、上年结转政府信息公开申请数量"
        corrections = {
            "applications.carried_over.natural_person": "22",
            "applications.carried_over.business": "5",
        }
        table.setFocus()
        for row, key in enumerate(dialog.keys):
            if key in corrections:
                table.setCurrentCell(row, VALUE)
                type_into_current_cell(qtbot, table, corrections[key])
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert dialog.result() == dialog.DialogCode.Accepted
        saved = store.load(dialog.report_id)
    assert saved.values["applications.carried_over.natural_person"] == 22
    assert saved.values["applications.carried_over.business"] == 5
    assert saved.agency.name == "江州市人民政府办公室"


def test_a_value_that_is_not_a_number_is_refused_and_nothing_is_saved(qtbot, tmp_path):
    with Store(tmp_path / "x.db") as store:
        dialog = open_dialog(qtbot, "city-2022.html", store)
        dialog.table.setFocus()
        dialog.table.setCurrentCell(3, VALUE)
        type_into_current_cell(qtbot, dialog.table, "12a")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert dialog.isVisible() and dialog.report_id is None
        assert "「12a」不是数字" in dialog.error.text()
        assert store.list_reports() == []


def test_the_pdf_page_of_the_selected_value_is_shown(qtbot, tmp_path):
    with Store(tmp_path / "x.db") as store:
        dialog = open_dialog(qtbot, "city-2022-ours.pdf", store)
        assert dialog.shown_page == 2 and not dialog.page.pixmap().isNull()
        row = dialog.keys.index("applications.other_handling_3.total")
        dialog.table.setFocus()
        dialog.table.setCurrentCell(row - 1, VALUE)
        qtbot.keyClick(dialog.table, Qt.Key.Key_Down)
        assert dialog.table.currentRow() == row and dialog.shown_page == 3
        assert dialog.page.pixmap().width() == 560


def answer_modal(qtbot, act, kind=None):
    """Act on the modal window of `kind` the program shows next (a file chooser, the dialog, a
    message box), waiting for it to come up."""
    seen = {}

    def answer():
        widget = QApplication.activeModalWidget()
        if widget is None or (kind is not None and not isinstance(widget, kind)):
            QTimer.singleShot(100, answer)
            return
        seen["widget"] = type(widget).__name__
        seen["text"] = widget.text() if hasattr(widget, "text") else ""
        act(widget)

    QTimer.singleShot(300, answer)
    return seen


def test_the_clerk_chooses_a_file_checks_it_and_saves_it(qtbot, tmp_path):
    path = PUBLISHED / "city-2022.docx"
    with Store(tmp_path / "x.db") as store:

        def choose(chooser):
            name = chooser.findChild(QLineEdit, "fileNameEdit")
            name.setText(str(path))
            qtbot.keyClick(name, Qt.Key.Key_Return)

        def save(dialog):
            qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

        seen = answer_modal(qtbot, choose, QFileDialog)
        answer_modal(qtbot, save, ImportDialog)
        report_id = import_published(None, ReportService(store))
        assert seen["widget"] == "QFileDialog"
        assert store.load(report_id).values["applications.received.total"] == 528


def test_a_file_that_cannot_be_read_is_one_sentence(qtbot, tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"not a pdf")
    with Store(tmp_path / "x.db") as store:
        seen = answer_modal(qtbot, lambda box: box.buttons()[-1].click())
        assert import_published(None, ReportService(store), path) is None
        assert seen["text"] == "scan.pdf 不是有效的 PDF 文件，或已损坏"
        assert store.list_reports() == []


def _edit_current(qtbot, table):
    """F2 on the current cell, then everything in its editor selected (Ctrl+A): the keys that
    follow replace it."""
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    return editor


def _enter(qtbot, editor, table):
    """Enter: the editor commits (queued by Qt) and closes."""
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() != table.State.EditingState)
    qtbot.wait(1)


def test_a_value_typed_in_the_table_is_checked_as_it_is_typed(qtbot, tmp_path):
    with Store(tmp_path / "x.db") as store:
        dialog = open_dialog(qtbot, "city-2022.html", store)
        with qtbot.waitActive(dialog):  # keys go to the focused widget of the active window
            dialog.activateWindow()
        table = dialog.table
        table.setCurrentCell(3, VALUE)
        name = dialog.reading.report.format.cells[dialog.keys[3]].name
        editor = _edit_current(qtbot, table)
        qtbot.keyClicks(editor, "1")
        assert dialog.error.text() == ""
        qtbot.keyClicks(editor, ".5")  # said while the clerk types, before Enter
        assert dialog.error.text().startswith(name) and "不能有小数" in dialog.error.text()
        _enter(qtbot, editor, table)
        item = table.item(3, VALUE)
        assert item.text() == "1.5"  # kept, to be corrected
        assert item.background().color().name() == "#f8d7da"
        for typed, reason in (("-3", "不能为负数"), ("五", "「五」不是数字")):
            editor = _edit_current(qtbot, table)
            if typed.isascii():
                qtbot.keyClicks(editor, typed)
            else:  # as an input method commits it
                editor.insert(typed)
            _enter(qtbot, editor, table)
            assert reason in dialog.error.text() and "不能有小数" not in dialog.error.text()
            assert table.item(3, VALUE).background().color().name() == "#f8d7da"
        editor = _edit_current(qtbot, table)
        qtbot.keyClicks(editor, "7.5")
        qtbot.keyClick(editor, Qt.Key.Key_Escape)  # taken back: the cell's 「五」 counts again
        assert "「五」不是数字" in dialog.error.text() and table.item(3, VALUE).text() == "五"
        editor = _edit_current(qtbot, table)
        editor.insert("１２")  # full-width digits, as a Chinese input method gives them
        _enter(qtbot, editor, table)
        assert table.item(3, VALUE).text() == "12" and dialog.error.text() == ""
        assert table.item(3, VALUE).background().color().name() != "#f8d7da"
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert dialog.result() == dialog.DialogCode.Accepted
        assert store.load(dialog.report_id).values[dialog.keys[3]] == 12
