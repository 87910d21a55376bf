"""年报填报助手: the desktop program by default, headless sub-commands for batch use."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from models import database
from models.exchange import ExchangeError, json_schema, read_report, write_report
from models.files import FileWriteError
from models.findings import Severity
from models.format import describe
from models.formats import CURRENT
from models.i18n import _
from models.rules import check, describe_rules

if TYPE_CHECKING:
    from models.store import Store

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from ui.app import run

        return run(args.db)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print(_("已中断"), file=sys.stderr)
        return EXIT_UNREADABLE
    except Exception as error:
        if isinstance(error, _clerk_errors()):
            print(error, file=sys.stderr)
            for backup in getattr(error, "backups", [])[:3]:
                print(_("可用的备份：{path}").format(path=backup), file=sys.stderr)
            return EXIT_UNREADABLE
        # a bug of ours: the details go to a log file, not to the clerk
        log = _log_unexpected(args.db)
        print(
            _("抱歉，程序遇到了意外问题，未完成。详细信息已记录在：{path}").format(path=log),
            file=sys.stderr,
        )
        return EXIT_UNREADABLE


def _clerk_errors() -> tuple[type[Exception], ...]:
    """Errors the clerk's input or files cause: said in one line. The store loads only here and
    where a command needs it, so that exporting a file does not wait for SQLite's modules."""
    from models.database import DatabaseError
    from models.store import StoreError

    return (DatabaseError, StoreError, ExchangeError, FileWriteError)


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
    template.set_defaults(run=_template)

    check_cmd = commands.add_parser("check", help=_("核对交换文件，每行输出一个问题"))
    check_cmd.add_argument("files", nargs="+", metavar="FILE.json")
    check_cmd.set_defaults(run=_check)

    list_cmd = commands.add_parser("list", help=_("列出数据库中的报告"))
    list_cmd.add_argument("--bin", action="store_true", help=_("列出回收站中的报告"))
    list_cmd.set_defaults(run=_list)

    import_cmd = commands.add_parser("import", help=_("把交换文件导入数据库，成为一份新报告"))
    import_cmd.add_argument("file", type=Path, metavar="FILE.json")
    import_cmd.set_defaults(run=_import)

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

    out_cmd = commands.add_parser(
        "export", help=_("导出报告：PDF、Word 文档、网页或 Excel 工作簿（按输出文件的扩展名）")
    )
    out_cmd.add_argument(
        "source",
        nargs="+",
        metavar="FILE.json|REPORT",
        help=_("交换文件，或数据库中的报告（编号，或机关名称和年度）"),
    )
    out_cmd.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="OUT.pdf|.docx|.html|.xlsx",
        help=_("输出文件；格式由扩展名决定：.pdf、.docx（Word）、.html（网页）、.xlsx（Excel）"),
    )
    out_cmd.add_argument(
        "--draft", action="store_true", help=_("有错误也导出，标明「草稿」（PDF 每页加水印）")
    )
    out_cmd.set_defaults(run=_export)

    sum_cmd = commands.add_parser(
        "aggregate", help=_("把同一年度、同一格式的多份报告的表格逐格相加，汇总为一份报告")
    )
    sum_cmd.add_argument(
        "sources",
        nargs="+",
        metavar="FILE.json|ID",
        help=_("交换文件，或数据库中的报告编号"),
    )
    sum_cmd.add_argument("--agency", required=True, metavar=_("名称"), help=_("汇总报告的机关名称"))
    sum_cmd.add_argument(
        "-o", "--output", type=Path, required=True, metavar="SUM.json", help=_("汇总报告的交换文件")
    )
    sum_cmd.add_argument(
        "--overview",
        type=Path,
        metavar="FILE.xlsx",
        help=_("另存一份概览：每份报告一行，列出主要数字和错误、提示个数"),
    )
    sum_cmd.set_defaults(run=_aggregate)

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
    from models.store import Store

    return Store(args.db)


def _report_id(store: Store, words: list[str]) -> int:
    if len(words) == 1 and words[0].isdigit():
        report_id = int(words[0])
        store.summary(report_id)
        return report_id
    if len(words) == 2 and words[1].isdigit():
        return store.find(words[0], int(words[1]))
    from models.store import StoreError

    raise StoreError(_("请给出报告编号，或机关名称和年度"))


def _list(args: argparse.Namespace) -> int:
    from models.store import STATUS_LABELS

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
    report = read_report(args.file)
    with _open_store(args) as store:
        report_id = store.create(report)
    print(_("已导入为报告 {id}：{title}").format(id=report_id, title=report.title))
    return EXIT_OK


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


def _export(args: argparse.Namespace) -> int:
    from export.errors import ExportError, ExportRefused, UnknownFormat
    from export.writers import export_report, writer_module

    try:
        writer_module(args.output)
    except UnknownFormat as error:
        print(error, file=sys.stderr)
        return EXIT_UNREADABLE
    report, findings, fingerprint = _load_source(args)
    try:
        result = export_report(
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
    if result.pages is None:
        print(_("已导出 {path}").format(path=result.path))
    else:
        print(_("已导出 {path}（{pages} 页）").format(path=result.path, pages=result.pages))
    for line in result.fonts:
        print(line)
    return EXIT_OK


def _load_source(args: argparse.Namespace):
    """The report named on the command line, its findings, and its 定稿 fingerprint if any."""
    if len(args.source) == 1 and args.source[0].lower().endswith(".json"):
        report = read_report(Path(args.source[0]))
        return report, check(report), None
    with _open_store(args) as store:
        report_id = _report_id(store, args.source)
        return store.load(report_id), store.findings(report_id), store.fingerprint(report_id)


def _aggregate(args: argparse.Namespace) -> int:
    from models.aggregate import AggregateError, aggregate, overview

    if args.overview is not None and args.overview.suffix.lower() != ".xlsx":
        print(_("概览只能存为 .xlsx 文件：{path}").format(path=args.overview), file=sys.stderr)
        return EXIT_UNREADABLE
    sources = _summed_sources(args)
    try:
        total = aggregate(sources, args.agency)
    except AggregateError as error:
        print(error, file=sys.stderr)
        return EXIT_UNREADABLE
    write_report(total, args.output)
    findings = check(total)
    for finding in findings:
        print(f"{finding.severity.value} [{finding.rule}] {finding.message}")
    errors = sum(f.severity is Severity.ERROR for f in findings)
    print(
        _("已把 {count} 份报告汇总为 {path}：{title}（{errors} 个错误，{hints} 个提示）").format(
            count=len(sources),
            path=args.output,
            title=total.title,
            errors=errors,
            hints=len(findings) - errors,
        )
    )
    if args.overview is not None:
        from export.excel import render_overview
        from models.files import write_atomically

        write_atomically(args.overview, render_overview(overview(sources)))
        print(_("概览：{path}").format(path=args.overview))
    return EXIT_OK


def _summed_sources(args: argparse.Namespace) -> list:
    """Each report to sum, in the order given, with the name it is known by: its file, or 报告 n."""

    def load(name: str, store: Store | None):
        if store is not None and name.isdigit():
            return _("报告 {id}").format(id=name), store.load(int(name))
        return name, read_report(Path(name))

    if not any(name.isdigit() for name in args.sources):
        return [load(name, None) for name in args.sources]
    with _open_store(args) as store:
        return [load(name, store) for name in args.sources]


def _backups(args: argparse.Namespace) -> int:
    path = args.db or database.default_path()
    for backup in database.list_backups(path):
        print(backup)
    return EXIT_OK


def _restore_backup(args: argparse.Namespace) -> int:
    from models.schema import SCHEMA_VERSION

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
    if args.schema:
        data = json_schema(CURRENT)
    else:
        data = describe(CURRENT) | {"rules": describe_rules(CURRENT)}
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
