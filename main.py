"""年报填报助手: the desktop program by default, headless sub-commands for batch use."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from models import database
from models.database import DatabaseError
from models.exchange import ExchangeError, json_schema, read_report, write_report
from models.files import FileWriteError
from models.findings import Severity
from models.format import describe
from models.formats import CURRENT, FORMATS, get_format
from models.i18n import _
from models.rules import check, describe_rules
from models.schema import SCHEMA_VERSION
from models.store import STATUS_LABELS, Store, StoreError
from readers import ReadError

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from ui.app import run

        return run(args.db)
    try:
        return args.run(args)
    except (DatabaseError, StoreError, ExchangeError, FileWriteError, ReadError) as error:
        print(error, file=sys.stderr)
        for backup in getattr(error, "backups", [])[:3]:
            print(_("可用的备份：{path}").format(path=backup), file=sys.stderr)
        return EXIT_UNREADABLE
    except KeyboardInterrupt:
        print(_("已中断"), file=sys.stderr)
        return EXIT_UNREADABLE
    except Exception:  # a bug of ours: the details go to a log file, not to the clerk
        log = _log_unexpected(args.db)
        print(
            _("抱歉，程序遇到了意外问题，未完成。详细信息已记录在：{path}").format(path=log),
            file=sys.stderr,
        )
        return EXIT_UNREADABLE


def _log_unexpected(db: Path | None) -> Path:
    import traceback

    log = (db or database.default_path()).parent / "nianbao-errors.log"
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        with open(log, "a", encoding="utf-8") as file:
            file.write(traceback.format_exc())
    except OSError:
        log = Path(tempfile.gettempdir()) / "nianbao-errors.log"
        with open(log, "a", encoding="utf-8") as file:
            file.write(traceback.format_exc())
    return log


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="main.py", description=_("年报填报助手：政府信息公开工作年度报告的填写、核对与打印")
    )
    parser.add_argument(
        "--db",
        type=Path,
        help=_("数据库文件（默认在用户数据文件夹；也可用环境变量 {env} 指定）").format(
            env=database.ENV_DB
        ),
    )
    commands = parser.add_subparsers(dest="command", title=_("子命令"))

    template = commands.add_parser(
        "template", help=_("输出报告格式说明（各表的行、列、表头与勾稽关系）")
    )
    template.add_argument("--json", action="store_true", help=_("以 JSON 输出（默认）"))
    template.add_argument("--schema", action="store_true", help=_("输出交换文件的 JSON Schema"))
    template.add_argument(
        "--format",
        choices=sorted(FORMATS),
        default=CURRENT.id,
        help=_("报告格式：gov-2021（国办公开办函〔2021〕30号，默认）或 gov-2019（〔2019〕60号）"),
    )
    template.set_defaults(run=_template)

    check_cmd = commands.add_parser("check", help=_("核对交换文件，每行输出一个问题"))
    check_cmd.add_argument("files", nargs="+", metavar="FILE.json")
    check_cmd.set_defaults(run=_check)

    list_cmd = commands.add_parser("list", help=_("列出数据库中的报告"))
    list_cmd.add_argument("--bin", action="store_true", help=_("列出回收站中的报告"))
    list_cmd.set_defaults(run=_list)

    import_cmd = commands.add_parser(
        "import",
        help=_("把交换文件或已发布的年报（Word、PDF、网页、文本）导入数据库，成为一份新报告"),
    )
    import_cmd.add_argument("file", type=Path, metavar="FILE")
    import_cmd.set_defaults(run=_import)

    read_cmd = commands.add_parser(
        "read", help=_("读取已发布的年报（Word、PDF、网页、文本），写成交换文件")
    )
    read_cmd.add_argument("file", type=Path, metavar="FILE")
    read_cmd.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.json")
    read_cmd.set_defaults(run=_read)

    export_cmd = commands.add_parser("export-json", help=_("把数据库中的报告导出为交换文件"))
    _add_report_argument(export_cmd)
    export_cmd.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.json")
    export_cmd.set_defaults(run=_export_json)

    for name, helptext, run in (
        ("delete", _("把报告移到回收站"), _delete),
        ("undelete", _("从回收站取回报告"), _undelete),
        ("finalize", _("定稿：保存带指纹的不可改版本"), _finalize),
        ("next-year", _("以本报告为基础新建下一年度报告"), _next_year),
    ):
        command = commands.add_parser(name, help=helptext)
        _add_report_argument(command)
        command.set_defaults(run=run)

    pdf_cmd = commands.add_parser("export", help=_("导出可打印的 PDF"))
    pdf_cmd.add_argument(
        "source",
        nargs="+",
        metavar="FILE.json|REPORT",
        help=_("交换文件，或数据库中的报告（编号，或机关名称和年度）"),
    )
    pdf_cmd.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.pdf")
    pdf_cmd.add_argument("--draft", action="store_true", help=_("有错误也导出，每页加「草稿」水印"))
    pdf_cmd.set_defaults(run=_export_pdf)

    backups_cmd = commands.add_parser("backups", help=_("列出数据库的备份"))
    backups_cmd.set_defaults(run=_backups)

    restore_cmd = commands.add_parser("restore-backup", help=_("用备份替换数据库（原文件另存）"))
    restore_cmd.add_argument("backup", type=Path, help=_("备份文件，见 backups 子命令"))
    restore_cmd.set_defaults(run=_restore_backup)
    return parser


def _add_report_argument(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "report",
        nargs="+",
        metavar="REPORT",
        help=_("报告编号（见 list），或机关名称和年度，如：阿合奇县教育和科学技术局 2021"),
    )


def _open_store(args: argparse.Namespace) -> Store:
    return Store(args.db)


def _report_id(store: Store, words: list[str]) -> int:
    if len(words) == 1 and words[0].isdigit():
        report_id = int(words[0])
        store.summary(report_id)
        return report_id
    if len(words) == 2 and words[1].isdigit():
        return store.find(words[0], int(words[1]))
    raise StoreError(_("请给出报告编号，或机关名称和年度"))


def _list(args: argparse.Namespace) -> int:
    with _open_store(args) as store:
        for r in store.list_reports(deleted=args.bin):
            print(
                "\t".join(
                    [
                        str(r.id),
                        r.agency or _("（未填机关名称）"),
                        str(r.year or ""),
                        STATUS_LABELS[r.status],
                        r.modified_at,
                        _("{count} 个错误").format(count=r.error_count),
                    ]
                )
            )
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    if args.file.suffix.lower() == ".json":
        report = read_report(args.file)
    else:
        report = _read_published(args.file).report
    with _open_store(args) as store:
        report_id = store.create(report)
    print(_("已导入为报告 {id}：{title}").format(id=report_id, title=report.title))
    return EXIT_OK


def _read(args: argparse.Namespace) -> int:
    reading = _read_published(args.file)
    write_report(reading.report, args.output, provenance=reading.provenance())
    print(_("已写入 {path}").format(path=args.output))
    return EXIT_OK


def _read_published(path: Path):
    """Read a published report, printing its summary and the cells the reader was unsure of."""
    from readers import read_published

    reading = read_published(path)
    print(reading.summary())
    doubts = dict.fromkeys(
        (reading.cells[key].row, reading.cells[key].unsure) for key in reading.unsure()
    )
    for row, reason in doubts:
        print(_("存疑「{row}」：{reason}").format(row=row, reason=reason))
    return reading


def _export_json(args: argparse.Namespace) -> int:
    with _open_store(args) as store:
        report = store.load(_report_id(store, args.report))
    write_report(report, args.output)
    return EXIT_OK


def _delete(args: argparse.Namespace) -> int:
    with _open_store(args) as store:
        store.delete(_report_id(store, args.report))
    print(_("已移到回收站；可用 undelete 取回"))
    return EXIT_OK


def _undelete(args: argparse.Namespace) -> int:
    with _open_store(args) as store:
        report_id = _report_id(store, args.report)
        store.restore(report_id)
    print(_("已取回报告 {id}").format(id=report_id))
    return EXIT_OK


def _finalize(args: argparse.Namespace) -> int:
    with _open_store(args) as store:
        final = store.finalize(_report_id(store, args.report))
    print(
        _("已定稿（第 {version} 版），指纹 {fingerprint}").format(
            version=final.version, fingerprint=final.sha256
        )
    )
    return EXIT_OK


def _next_year(args: argparse.Namespace) -> int:
    with _open_store(args) as store:
        report_id = store.next_year(_report_id(store, args.report))
        title = store.load(report_id).title
    print(_("已新建报告 {id}：{title}").format(id=report_id, title=title))
    return EXIT_OK


def _export_pdf(args: argparse.Namespace) -> int:
    from export.pdf import ExportError, ExportRefused, export_pdf

    fingerprint = None
    if len(args.source) == 1 and args.source[0].lower().endswith(".json"):
        report = read_report(Path(args.source[0]))
        findings = check(report)
    else:
        with _open_store(args) as store:
            report_id = _report_id(store, args.source)
            report, findings = store.load(report_id), store.findings(report_id)
            fingerprint = store.fingerprint(report_id)
    try:
        result = export_pdf(
            report, args.output, draft=args.draft, fingerprint=fingerprint, findings=findings
        )
    except ExportRefused as refused:
        for finding in refused.findings:
            print(f"{finding.severity.value} [{finding.rule}] {finding.message}")
        print(refused, file=sys.stderr)
        return EXIT_FINDINGS
    except ExportError as error:
        print(error, file=sys.stderr)
        return EXIT_FINDINGS
    print(_("已导出 {path}（{pages} 页）").format(path=result.path, pages=result.pages))
    for line in result.fonts:
        print(line)
    return EXIT_OK


def _backups(args: argparse.Namespace) -> int:
    path = args.db or database.default_path()
    for backup in database.list_backups(path):
        print(backup)
    return EXIT_OK


def _restore_backup(args: argparse.Namespace) -> int:
    path = args.db or database.default_path()
    lock = database.InstanceLock(path)
    lock.acquire()  # never replace a file a window is writing to
    try:
        database.restore_backup(args.backup, path, SCHEMA_VERSION)
    finally:
        lock.release()
    print(_("已用 {backup} 恢复数据库 {path}").format(backup=args.backup, path=path))
    return EXIT_OK


def _template(args: argparse.Namespace) -> int:
    fmt = get_format(args.format)
    if args.schema:
        data = json_schema(fmt)
    else:
        data = describe(fmt) | {"rules": describe_rules(fmt)}
    print(json.dumps(data, ensure_ascii=False, indent=2))
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    worst = EXIT_OK
    for name in args.files:
        try:
            report = read_report(Path(name))
        except ExchangeError as error:
            print(error, file=sys.stderr)
            worst = EXIT_UNREADABLE
            continue
        findings = check(report)
        prefix = f"{name}: " if len(args.files) > 1 else ""
        for finding in findings:
            print(f"{prefix}{finding.severity.value} [{finding.rule}] {finding.message}")
        errors = sum(f.severity is Severity.ERROR for f in findings)
        print(
            _("{name}：{errors} 个错误，{hints} 个提示").format(
                name=name, errors=errors, hints=len(findings) - errors
            ),
            file=sys.stderr,
        )
        if errors and worst == EXIT_OK:
            worst = EXIT_FINDINGS
    return worst


if __name__ == "__main__":
    sys.exit(main())
