"""The drafts store on real SQLite files: edits, history, finals, bin, next year, bad files."""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import time
from datetime import date

import pytest

from models.checks.findings import Severity
from models.exchange import dumps_report, read_report
from models.service import ReportService
from models.storage import backups, database
from models.storage.database import DatabaseError
from models.storage.schema import MIGRATIONS, SCHEMA_VERSION
from models.storage.store import Store, StoreError
from tests.conftest import CITY, SAMPLE, main_py

CELL = "applications.received.natural_person"


@pytest.fixture
def db(tmp_path):
    return tmp_path / "drafts.db"


@pytest.fixture
def store(db):
    with Store(db) as store:
        yield store


def _reopen(db):
    return Store(db)


def test_edit_is_in_the_file_at_once(store, db):
    report_id = store.create(read_report(SAMPLE))
    store.edit(report_id, {CELL: 7, "texts.other": "本年度未收取信息处理费。"})
    with sqlite3.connect(db) as other:  # another connection sees the committed edit
        rows = dict(
            other.execute("SELECT location, value FROM fields WHERE report_id = ?", [report_id])
        )
    assert rows[CELL] == "7"
    assert rows["applications.received.total"] == "7"  # the total followed in the same commit
    assert rows["texts.other"] == "本年度未收取信息处理费。"


def test_durable_settings(store):
    conn = store._conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_undo_redo_survive_a_restart(db):
    with Store(db) as store:
        report_id = store.create(read_report(SAMPLE))
        store.edit(report_id, {CELL: 4})
        store.edit(report_id, {CELL: 9})
    with Store(db) as store:
        assert store.load(report_id).values[CELL] == 9
        assert set(store.undo(report_id)) == {CELL, "applications.received.total"}
    with Store(db) as store:
        report = store.load(report_id)
        assert report.values[CELL] == 4 and report.values["applications.received.total"] == 4
        store.redo(report_id)
    with Store(db) as store:
        assert store.load(report_id).values[CELL] == 9
        store.undo(report_id)
        store.edit(report_id, {CELL: 5})  # a new edit after undo drops the redo
        assert not store.can_redo(report_id)
        history = store.history(report_id, CELL)
    assert [(c.old, c.new, c.state) for c in history] == [
        ("0", "4", "done"),
        ("4", "9", "dropped"),
        ("4", "5", "done"),
    ]


def test_paste_is_one_undo_step(store):
    report_id = store.create(read_report(SAMPLE))
    block = {f"applications.withheld_{i}.business": i for i in range(1, 5)}
    store.edit(report_id, block)
    store.undo(report_id)
    report = store.load(report_id)
    assert all(report.values[k] == 0 for k in block)


def test_list_shows_agency_year_status_and_errors(store):
    service = ReportService(store)  # keeps the count the list shows
    first = service.add(read_report(SAMPLE))
    second = service.add(read_report(CITY))
    service.edit(second, {"applications.results_total.natural_person": 1})  # a total is recomputed
    service.edit(second, {"litigation.cases.review_upheld": 100})
    summaries = {s.id: s for s in store.list_reports()}
    assert summaries[first].agency == "阿合奇县教育和科学技术局"
    assert summaries[first].year == 2021 and summaries[first].status == "draft"
    assert summaries[second].error_count == 0
    service.edit(second, {"issued_on": None})
    assert store.summary(second).error_count == 1


def test_final_is_an_immutable_snapshot_and_editing_reopens_a_draft(store):
    report_id = store.create(read_report(SAMPLE))
    final = ReportService(store).finalize(report_id)
    expected = hashlib.sha256(dumps_report(store.load(report_id)).encode()).hexdigest()
    assert final.sha256 == expected and final.version == 1
    assert store.summary(report_id).status == "final"
    store.edit(report_id, {"texts.other": "改过了"})
    summary = store.summary(report_id)
    assert (summary.status, summary.version) == ("draft", 2)
    old = ReportService(store).load_final(final.id)
    assert old.texts["other"] == "本年度政府信息公开申请未产生信息处理费用，特此报告。"
    second = ReportService(store).finalize(report_id)
    assert [f.version for f in store.finals(report_id)] == [1, 2]
    assert second.sha256 != final.sha256


def test_undoing_the_edits_that_reopened_a_final_makes_it_final_again(store):
    report_id = store.create(read_report(SAMPLE))
    service = ReportService(store)
    final = service.finalize(report_id)
    service.edit(report_id, {"texts.other": "改过了"})
    service.edit(report_id, {"texts.problems": "也改了"})
    service.undo(report_id)
    assert store.status(report_id) == ("draft", 2)  # one edit is still there
    service.undo(report_id)
    assert store.status(report_id) == ("final", 1)
    assert store.fingerprint(report_id) == final.short_fingerprint
    service.redo(report_id)
    assert store.status(report_id) == ("draft", 2)
    service.redo(report_id)
    service.edit(report_id, {"texts.problems": store.load(report_id).texts["problems"] + "。"})
    service.undo(report_id)  # back to the draft after the redos, not to the final's content
    assert store.status(report_id) == ("draft", 2)
    assert [f.version for f in store.finals(report_id)] == [1]


def test_typing_a_reopened_final_back_to_its_content_makes_it_final_again(store):
    report_id = store.create(read_report(SAMPLE))
    service = ReportService(store)
    service.finalize(report_id)
    phone = store.load(report_id).agency.phone
    service.edit(report_id, {"agency.phone": phone + "1"}, coalesce=True)
    assert store.status(report_id) == ("draft", 2)
    service.edit(report_id, {"agency.phone": phone}, coalesce=True)  # a field's own Ctrl+Z
    assert store.status(report_id) == ("final", 1)


def test_report_with_errors_cannot_be_final(store):
    report_id = store.create(read_report(SAMPLE))
    store.edit(report_id, {"issued_on": date(2021, 6, 1)})
    with pytest.raises(StoreError, match="1 个错误"):
        ReportService(store).finalize(report_id)


def test_bin_duplicate_rename(store):
    report_id = store.create(read_report(SAMPLE))
    copy = ReportService(store).duplicate(report_id)
    assert store.load(copy) == store.load(report_id) and copy != report_id
    store.rename(copy, "阿合奇县教育局")
    store.delete(report_id)
    assert [s.agency for s in store.list_reports()] == ["阿合奇县教育局"]
    assert [s.id for s in store.list_reports(deleted=True)] == [report_id]
    store.restore(report_id)
    assert len(store.list_reports()) == 2


def test_next_year_carries_over_and_flags(store):
    report_id = store.create(read_report(CITY))
    city = store.load(report_id)
    next_id = ReportService(store).next_year(report_id)
    nxt = store.load(next_id)
    assert nxt.year == 2023 and nxt.period_start == date(2023, 1, 1)
    for column in ("natural_person", "legal_services", "total"):
        assert (
            nxt.values[f"applications.carried_over.{column}"]
            == city.values[f"applications.carried_forward.{column}"]
        )
    assert nxt.values["active.regulations.in_force"] == city.values["active.regulations.in_force"]
    assert nxt.texts["problems"] == city.texts["problems"]
    assert "texts.problems" in nxt.unconfirmed and "agency.name" in nxt.unconfirmed
    assert nxt.issued_on is None and "applications.received.total" not in nxt.values
    hints = {
        f.location: f for f in ReportService(store).findings(next_id) if f.rule == "unconfirmed"
    }
    assert hints["texts.problems"].message == "五、存在的主要问题及改进情况：沿用上年，待核对"
    store.edit(next_id, {"texts.problems": "新的问题。"})
    store.confirm(next_id, "agency.name")
    pending = {
        f.location for f in ReportService(store).findings(next_id) if f.rule == "unconfirmed"
    }
    assert {"texts.problems", "agency.name"}.isdisjoint(pending) and "texts.other" in pending
    with _reopen(store.path) as again:
        assert {"texts.problems", "agency.name"}.isdisjoint(again.load(next_id).unconfirmed)
    with pytest.raises(StoreError, match="已经存在"):
        ReportService(store).next_year(report_id)


def test_cross_year_hints(store):
    report_id = store.create(read_report(CITY))
    next_id = ReportService(store).next_year(report_id)
    store.edit(
        next_id,
        {
            "applications.carried_over.research": 4,
            "active.regulations.issued": 3,
            "active.regulations.repealed": 1,
        },
    )
    hints = {
        (f.rule, f.location): f
        for f in ReportService(store).findings(next_id)
        if f.severity is Severity.HINT
    }
    carries = sorted(loc for rule, loc in hints if rule == "carry.applications.carried_over")
    assert carries == ["applications.carried_over.research", "applications.carried_over.total"]
    carry = hints["carry.applications.carried_over", "applications.carried_over.research"]
    assert carry.message == (
        "二、上年结转政府信息公开申请数量·法人或其他组织·科研机构：2023 年为 4，"
        "2022 年报告「四、结转下年度继续办理·法人或其他组织·科研机构」为 0（相差 4）"
    )
    stock = hints["stock.active.in_force", "active.regulations.in_force"]
    assert (
        "2023 年为 37，而 2022 年为 37，37 + 本年制发件数 3 − 本年废止件数 1 = 39" in stock.message
    )


def test_sample_2021_to_2022(store):
    report_id = store.create(read_report(SAMPLE))
    nxt = store.load(ReportService(store).next_year(report_id))
    assert nxt.year == 2022
    assert nxt.values["applications.carried_over.total"] == 0
    assert nxt.texts["overview"].startswith("2021年，阿合奇县教科局")
    assert {f"texts.{k}" for k in nxt.texts} <= nxt.unconfirmed


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _good_db(db):
    with Store(db) as store:
        store.create(read_report(SAMPLE))
    return db


def _scramble_pages(db):
    """Overwrite the header of every page after the first, as a failing disk might."""
    data = bytearray(db.read_bytes())
    for start in range(4096, len(data), 4096):
        data[start : start + 64] = b"\xa5" * 64
    db.write_bytes(bytes(data))


def _corrupt(db):
    _scramble_pages(_good_db(db))


def _truncate(db):
    data = _good_db(db).read_bytes()
    db.write_bytes(data[: len(data) // 3])


def _text(db):
    db.write_text("这不是数据库\n", "utf-8")


def _newer(db):
    _good_db(db)
    with sqlite3.connect(db) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()


def _foreign(db):
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (_corrupt, "已损坏"),
        (_truncate, "已损坏"),
        (_text, "不是年报填报助手的数据库文件"),
        (_newer, "由更新版本的年报填报助手建立"),
        (_foreign, "其他程序的数据库"),
    ],
)
def test_bad_file_is_refused_and_left_untouched(db, damage, message):
    damage(db)
    before = _digest(db)
    with pytest.raises(DatabaseError) as caught:
        Store(db)
    assert message in str(caught.value) and "未做任何改动" in str(caught.value)
    assert _digest(db) == before
    result = main_py("--db", str(db), "list")
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr
    assert _digest(db) == before


def test_damaged_database_offers_its_backups(db):
    _good_db(db)
    Store(db).close()  # nothing changed since the first backup: no second copy
    backups = database.list_backups(db)
    assert len(backups) == 1
    _scramble_pages(db)
    with pytest.raises(DatabaseError) as caught:
        Store(db)
    assert caught.value.backups == backups


def test_backup_damage_restore_gives_back_the_report(db):
    with Store(db) as store:
        report_id = store.create(read_report(CITY))
        store.edit(report_id, {"texts.other": "备份之前的修改"})
    expected = read_report(CITY)
    expected.texts["other"] = "备份之前的修改"
    Store(db).close()  # opening takes the backup
    (backup,) = database.list_backups(db)
    db.write_bytes(b"\0" * 5000)  # damage
    result = main_py("--db", str(db), "restore-backup", str(backup))
    assert result.returncode == 0, result.stderr
    with Store(db) as store:
        assert store.load(report_id) == expected


def test_backups_rotate(db):
    with Store(db) as store:
        report_id = store.create(read_report(SAMPLE))
    for number in range(backups.BACKUPS_KEPT + 3):
        with Store(db) as store:
            store.edit(report_id, {CELL: number})
        os.utime(db, (1e10 + number, 1e10 + number))  # a change after the newest backup
    assert len(database.list_backups(db)) == backups.BACKUPS_KEPT


def test_migration_from_the_first_schema(db):
    first = MIGRATIONS[0]
    conn = sqlite3.connect(db)
    for statement in first.statements:
        conn.execute(statement)
    conn.execute(f"PRAGMA application_id = {database.APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {first.version}")
    conn.execute(
        "INSERT INTO reports (id, format_id, created_at, modified_at)"
        " VALUES (1, 'gov-2021', '2022-01-01', '2022-01-01')"
    )
    conn.execute("INSERT INTO fields VALUES (1, 'agency.name', '老数据局'), (1, 'year', '2021')")
    conn.commit()
    conn.close()
    with Store(db) as store:
        assert store.load(1).agency.name == "老数据局"
        assert store.summary(1).version == 1
        store.edit(1, {CELL: 2})
        assert store.finals(1) == []  # the table added by the second schema exists
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    (backup,) = database.list_backups(db)
    with sqlite3.connect(backup) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == first.version


def test_second_window_is_refused_but_the_command_line_may_read(db, tmp_path):
    with Store(db, exclusive=True) as window:
        report_id = window.create(read_report(SAMPLE))
        with pytest.raises(DatabaseError, match="已在另一个窗口中打开"):
            Store(db, exclusive=True)
        out = tmp_path / "out.json"
        result = main_py("--db", str(db), "export-json", str(report_id), "-o", str(out))
        assert result.returncode == 0, result.stderr
    with Store(db, exclusive=True):  # released on close
        pass


def test_import_export_round_trip_through_the_command_line(tmp_path):
    db = tmp_path / "cli.db"
    for path in (SAMPLE, CITY):
        result = main_py("--db", str(db), "import", str(path))
        assert result.returncode == 0, result.stderr
    out = tmp_path / "city.json"
    result = main_py("--db", str(db), "export-json", "江州市人民政府办公室", "2022", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert json.loads(out.read_text("utf-8")) == json.loads(CITY.read_text("utf-8"))
    listing = main_py("--db", str(db), "list").stdout.splitlines()
    assert len(listing) == 2 and "江州市人民政府办公室\t2022\t草稿" in listing[0]


def test_read_only_location_is_listed_but_not_edited(tmp_path):
    folder = tmp_path / "readonly"
    folder.mkdir()
    db = _good_db(folder / "drafts.db")
    before = _digest(db)
    # chattr +i: the folder refuses new files even to root, as a write-protected share does.
    if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode != 0:
        pytest.skip("this file system cannot make a folder immutable")
    try:
        listed = main_py("--db", str(db), "list")
        deleted = main_py("--db", str(db), "delete", "1")
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)
    assert listed.returncode == 0, listed.stderr
    assert "阿合奇县教育和科学技术局" in listed.stdout and "只能查看" in listed.stderr
    assert deleted.returncode == 2 and "不能修改" in deleted.stderr
    assert "Traceback" not in listed.stderr + deleted.stderr
    assert _digest(db) == before


def test_typing_in_one_text_is_one_undo_step(store):
    report_id = store.create(read_report(SAMPLE))
    original = store.load(report_id).texts["other"]
    for end in range(1, 6):
        store.edit(report_id, {"texts.other": "本年度未收费"[:end]}, coalesce=True)
    store.edit(report_id, {CELL: 3})
    store.edit(report_id, {"texts.other": "另起"}, coalesce=True)  # after another edit: a new step
    assert [c.new for c in store.history(report_id, "texts.other")] == ["本年度未收", "另起"]
    store.undo(report_id)
    store.undo(report_id)
    store.undo(report_id)
    assert store.load(report_id).texts["other"] == original


def test_command_line_bin_final_and_next_year(tmp_path):
    db = tmp_path / "cli.db"

    def run(*args):
        result = main_py("--db", db, *args)
        assert result.returncode == 0, result.stderr
        return result.stdout

    run("import", CITY)
    assert "指纹" in run("finalize", 1)
    assert "2023年" in run("next-year", "江州市人民政府办公室", 2022)
    run("delete", 2)
    assert run("list", "--bin").startswith("2\t")
    run("undelete", 2)
    assert [line.split("\t")[2] for line in run("list").splitlines()] == ["2023", "2022"]
    assert "定稿" in run("list").splitlines()[1]


def test_a_full_disk_refuses_the_edit_and_keeps_what_was_there(db):
    with Store(db) as store:
        report_id = store.create(read_report(SAMPLE))
        page_count = store._conn.execute("PRAGMA page_count").fetchone()[0]
        # The database may not grow any more: what a full disk looks like to SQLite.
        store._conn.execute(f"PRAGMA max_page_count = {page_count}")
        with pytest.raises(StoreError, match="磁盘已满"):
            store.edit(report_id, {"texts.problems": "很长的新内容。" * 2000})
        assert store.load(report_id).texts["problems"].startswith("2021年，我局")
    with Store(db) as store:
        assert store.load(report_id).texts["problems"].startswith("2021年，我局")


@pytest.mark.parametrize(
    "query",
    [
        "UPDATE history SET state = 'dropped' WHERE report_id = 1 AND state = 'undone'",
        "SELECT MIN(batch) FROM history WHERE report_id = 1 AND state = 'undone'",
        "SELECT MAX(batch) FROM history WHERE report_id = 1 AND state = 'done'",
    ],
)
def test_a_database_of_the_third_schema_gets_the_history_index_its_saves_use(db, query):
    conn = sqlite3.connect(db)
    for migration in MIGRATIONS[:3]:
        for statement in migration.statements:
            conn.execute(statement)
    conn.execute(f"PRAGMA application_id = {database.APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {MIGRATIONS[2].version}")
    conn.commit()
    conn.close()
    with Store(db) as store:
        report_id = store.create(read_report(SAMPLE))
        for number in range(30):
            store.edit(report_id, {CELL: number})
        store.undo(report_id)
    with sqlite3.connect(db) as conn:
        conn.execute("ANALYZE")
        plan = " ".join(row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + query))
    assert "history_by_state" in plan, plan


def test_a_second_report_of_an_agency_and_year_is_a_hint_on_both(tmp_path):
    """Typing a report's name and year to match another's leaves two of one agency and year:
    both say so, so that the clerk sees it before a sum or a name-based command trips on it."""
    with Store(tmp_path / "d.db") as store:
        service = ReportService(store)
        first = service.add(read_report(SAMPLE))
        second = service.create_for_year("阿合奇县教育局", 2021)
        assert not [f for f in service.findings(first) if f.rule == "twin_report"]
        service.edit(second, {"agency.name": "阿合奇县教育和科学技术局"})
        (twin,) = [f for f in service.findings(second) if f.rule == "twin_report"]
        assert twin.location == "agency.name" and f"编号 {first}" in twin.message
        (other,) = [f for f in service.findings(first) if f.rule == "twin_report"]
        assert f"编号 {second}" in other.message


def test_backups_keep_one_a_day_before_the_newest(db):
    """A day of imports (a backup each) keeps the newest copies and, before them, one copy of
    each earlier day: last week's is still there (a clerk's walk saw every older one go)."""
    from datetime import datetime

    with Store(db) as store:
        store.create(read_report(SAMPLE))
    folder = backups.backup_folder(db)
    folder.mkdir(exist_ok=True)
    for old in database.list_backups(db):
        old.unlink()
    for day in range(1, 16):  # three copies a day, 1–15 January
        for hour in range(3):
            shutil.copyfile(db, folder / f"drafts-202601{day:02d}-{9 + hour:02d}0000-000000.db")
    later = time.time() + 1000  # a change after the newest copy
    os.utime(db, (later, later))
    backups.take_backup(db, now=lambda: datetime(2026, 1, 16, 9))
    days = [p.name.split("-")[1] for p in database.list_backups(db)]
    assert (
        days[: backups.BACKUPS_KEPT]
        == ["20260116"] + ["20260115"] * 3 + ["20260114"] * 3 + ["20260113"] * 3
    )
    assert days[backups.BACKUPS_KEPT :] == [f"202601{d:02d}" for d in range(12, 0, -1)]
