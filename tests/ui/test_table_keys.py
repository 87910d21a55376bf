"""Every table walked by the keys, as a clerk used to Excel walks it: Tab along a row and Enter at
its end to the next row, ↓ and ↑ down and up a column through the merged cells between 表二's
blocks, never stopping on a heading or a row label."""

import pytest
from PySide6.QtCore import Qt

from models.exchange import read_report
from models.format.layout import Kind
from models.storage.store import Store
from tests.clerk import press_key, table_of, type_keys, window_on
from tests.conftest import COUNTY, SAMPLE

TABLES = ["active", "applications", "litigation"]
NUMBERS = (Kind.VALUE, Kind.TOTAL)


@pytest.fixture(params=[SAMPLE, COUNTY], ids=["2021", "2019"])
def window_with(request, qtbot, paths):
    """The window on a report of the 2021 format (the sample) or of the 2019 one."""
    store = Store(paths[0])
    store.create(read_report(request.param))
    store.close()
    window = window_on(qtbot, paths, sample=False)
    yield window
    window.close()
    window.store.close()


def _cells(model, kinds=(Kind.VALUE,)):
    return sorted(
        (c for c in model.layout.cells if c.kind in kinds), key=lambda c: (c.row, c.column)
    )


def _at(view, model):
    return model.cell(view.currentIndex())


@pytest.mark.parametrize("section", TABLES)
def test_tab_along_each_row_and_enter_at_its_end_fill_every_cell_in_order(
    window_with, qtbot, section
):
    window = window_with
    view, model = table_of(window, section)
    cells = _cells(model)
    view.select_key(cells[0].key)
    rows = sorted({c.row for c in cells})
    typed = {}
    for row in rows:
        in_row = [c for c in cells if c.row == row]
        for cell in in_row:
            assert _at(view, model) == cell, (cell.key, typed)
            number = len(typed) + 1
            type_keys(qtbot, str(number))
            press_key(qtbot, Qt.Key.Key_Tab if cell is not in_row[-1] else Qt.Key.Key_Return)
            typed[cell.key] = number
    assert {k: window.session.report.values[k] for k in typed} == typed


def _below(model, cell, step):
    """The number cells (top-left positions) down (step 1) or up (-1) the cell's column."""
    grid = {
        (row, column): c
        for c in model.layout.cells
        for row in range(c.row, c.row + c.rowspan)
        for column in range(c.column, c.column + c.colspan)
    }
    rows = range(cell.row + step, model.layout.rows if step > 0 else -1, step)
    return [grid[(r, cell.column)] for r in rows if grid[(r, cell.column)].kind in NUMBERS]


@pytest.mark.parametrize("section", TABLES)
@pytest.mark.parametrize(
    ("key", "step"), [(Qt.Key.Key_Down, 1), (Qt.Key.Key_Up, -1)], ids=["down", "up"]
)
def test_down_and_up_go_to_the_next_number_in_the_column_never_a_heading(
    window_with, qtbot, section, key, step
):
    window = window_with
    view, model = table_of(window, section)
    for cell in _cells(model, NUMBERS):
        view.select_key(cell.key)
        press_key(qtbot, key)
        landed = _at(view, model)
        further = _below(model, cell, step)
        assert landed == (further[0] if further else cell), (cell.key, landed)


def test_enter_from_the_in_force_count_reaches_licensing_across_the_block_headings(window, qtbot):
    """The 2021 sample: 行政许可 has one value over the three columns of 表二's first block."""
    view, model = table_of(window, "active")
    view.select_key("active.normative_documents.in_force")
    type_keys(qtbot, "7")
    press_key(qtbot, Qt.Key.Key_Return)
    assert _at(view, model).key == "active.licensing.decisions"
    type_keys(qtbot, "3")
    press_key(qtbot, Qt.Key.Key_Down)  # an arrow in a cell started by typing commits and moves
    assert _at(view, model).key == "active.penalties.decisions"
    press_key(qtbot, Qt.Key.Key_Up)
    press_key(qtbot, Qt.Key.Key_Up)  # back up the column the clerk came down: 现行有效件数
    assert _at(view, model).key == "active.normative_documents.in_force"
    values = window.session.report.values
    assert values["active.normative_documents.in_force"] == 7
    assert values["active.licensing.decisions"] == 3


def test_tab_tab_enter_goes_to_the_next_row_where_the_tabs_started(window, qtbot):
    view, model = table_of(window, "applications")
    view.select_key("applications.received.research")
    for digit in "123":
        type_keys(qtbot, digit)
        press_key(qtbot, Qt.Key.Key_Tab if digit != "3" else Qt.Key.Key_Return)
    assert _at(view, model).key == "applications.carried_over.research"
    press_key(qtbot, Qt.Key.Key_Tab)  # outside an editor too
    press_key(qtbot, Qt.Key.Key_Tab)
    press_key(qtbot, Qt.Key.Key_Return)
    assert _at(view, model).key.endswith(".research")
    assert (
        _at(view, model).row
        == model.cell(model.index_of("applications.carried_over.research")).row + 1
    )
    values = window.session.report.values
    assert [
        values[f"applications.received.{c}"]
        for c in ("research", "public_interest", "legal_services")
    ] == [1, 2, 3]


def test_left_of_the_first_number_stays_off_the_row_labels(window, qtbot):
    view, model = table_of(window, "applications")
    view.select_key("applications.received.natural_person")
    press_key(qtbot, Qt.Key.Key_Left)
    assert _at(view, model).key == "applications.received.natural_person"


def test_from_a_clicked_row_label_the_keys_go_to_the_numbers(window, qtbot):
    view, model = table_of(window, "applications")
    label = next(
        c for c in model.layout.cells if c.kind is Kind.LABEL and c.text.startswith("二、")
    )
    index = model.index(label.row, label.column)
    view.scrollTo(index)
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center()
    )
    assert view.currentIndex() == index
    press_key(qtbot, Qt.Key.Key_Down)
    below = _at(view, model)
    assert below.kind in NUMBERS and below.row == label.row + 1
    view.setCurrentIndex(index)
    press_key(qtbot, Qt.Key.Key_Right)
    assert _at(view, model).key == "applications.carried_over.natural_person"
