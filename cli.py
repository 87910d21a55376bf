"""年报填报助手's command line (main.py): the desktop program by default, headless sub-commands
for batch use."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chinese_argparse import ChineseArgumentParser
from export.writers import WRITERS, formats_named
from models import errorlog, places
from models.checks.characters import one_line
from models.checks.check import check
from models.checks.findings import Finding, counts
from models.checks.reading import as_read
from models.checks.rules import describe_rules
from models.errors import ClerkError
from models.exchange import ExchangeError, json_schema, read_reading, read_report, write_report
from models.files import FileWriteError, check_output, protect, same_file
from models.format.blocks import describe
from models.format.registry import FORMATS, get_format, newest
from models.i18n import _
from models.lookup import find_report, is_report_name
from models.report import Report

if TYPE_CHECKING:  # the store (and sqlite-utils) loads only for the commands that open it
    from models.service import ReportService
    from models.storage.store import Store

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2
ROOT = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    argv, target = _window_target(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            from ui.app import run

            return run(args.db, target=target)
        database = args.db if args.db is not None else places.default_path()
        errorlog.start(database)
        protect(database)  # whether or not the command opens it, no output replaces it
        code = args.run(args)
        sys.stdout.flush()  # a closed pipe (`check … | head -1`) shows here, not at exit
        return code
    except BrokenPipeError:  # the reader has all it wanted: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except ClerkError as error:
        print(error, file=sys.stderr)
        for backup in getattr(error, "backups", [])[:3]:
            print(_("可用的备份：{path}").format(path=backup), file=sys.stderr)
        return EXIT_UNREADABLE
    except KeyboardInterrupt:
        print(_("已中断"), file=sys.stderr)
        return EXIT_UNREADABLE
    except OSError as error:  # the system refused: its reason in Chinese, not a bug of ours
        errorlog.logger.warning("main.py %s: %r", args.command, error)
        print(_os_refusal(error), file=sys.stderr)
        return EXIT_UNREADABLE
    except Exception as error:
        missing = _missing_package(error)
        if missing:  # run with a Python that lacks our dependencies: say how to install them
            print(_install_hint(missing), file=sys.stderr)
            return EXIT_UNREADABLE
        errorlog.logger.exception("main.py %s", args.command)  # a bug of ours: to the log
        print(
            _("抱歉，程序遇到了意外问题，未完成。详细信息已记录在：{path}").format(
                path=errorlog.where()
            ),
            file=sys.stderr,
        )
        return EXIT_UNREADABLE


def _os_refusal(error: OSError) -> str:
    """One sentence for an OSError no command turned into its own."""
    from models.os_errors import os_reason

    if error.filename is None:
        return _("未完成：{reason}").format(reason=os_reason(error))
    return _("未完成：{path}：{reason}").format(path=error.filename, reason=os_reason(error))


def _missing_package(error: Exception) -> str | None:
    """The third-party package whose absence raised `error`, if that is what it is."""
    if not isinstance(error, ModuleNotFoundError) or not error.name:
        return None
    top = error.name.partition(".")[0]
    ours = (ROOT / top).is_dir() or (ROOT / f"{top}.py").is_file()
    return None if ours or top in sys.stdlib_module_names else top


def _install_hint(package: str) -> str:
    if sys.platform == "win32":
        command = r"py -m venv .venv && .venv\Scripts\pip install -e . ，再用 .venv\Scripts\python main.py"
    else:
        command = (
            "python3 -m venv .venv && .venv/bin/pip install -e . ，再用 .venv/bin/python main.py"
        )
    return _(
        "缺少本程序所需的软件包 {package}（当前的 Python：{python}）。请在程序文件夹 {folder} 中运行："
        "{command} 启动"
    ).format(package=package, python=sys.executable, folder=ROOT, command=command)


def _window_target(argv: list[str]) -> tuple[list[str], list[str]]:
    """Split `main.py [--db X] FILE.json|REPORT` into the options and what the window opens.

    Words that do not start with a sub-command name a report file or a stored report (see
    find_report); options may stand before or after them.
    """
    options: list[str] = []
    words: list[str] = []
    index = 0
    while index < len(argv):
        arg = argv[index]
        if arg == "--db":
            options += argv[index : index + 2]
            index += 2
            continue
        if arg.startswith("-"):
            options.append(arg)
        elif not words and arg in {command.name for command in COMMANDS}:
            return argv, []
        else:
            words.append(arg)
        index += 1
    if not _names_a_report(
        words
    ):  # a mistyped sub-command (`main.py chek`) is argparse's to refuse
        return argv, []
    return options, words


def _names_a_report(words: list[str]) -> bool:
    """A report file that exists, a report id, or 「机关名称 年度」."""
    return is_report_name(words) or (len(words) == 1 and Path(words[0]).is_file())


def _parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(
        prog="main.py",
        description=_(
            "年报填报助手：政府信息公开工作年度报告的填写、核对与打印。\n"
            "各子命令读取、写出什么，退出码是什么：main.py 子命令 -h"
        ),
        epilog=_(
            "不带子命令时打开窗口；也可以给出交换文件或报告（编号，或机关名称和年度），窗口打开它。"
            "用法错误（缺少或多出参数）的退出码为 2。"
        ),
    )
    parser.add_argument(
        "--db",
        type=Path,
        metavar=_("数据库文件"),
        help=_("数据库文件（默认在用户数据文件夹；也可用环境变量 {env} 指定）").format(
            env=places.ENV_DB
        ),
    )
    parser.add_argument("--version", action=_Version, help=_("显示版本号并退出"))
    commands = parser.add_subparsers(
        dest="command", title=_("子命令"), metavar=_("子命令"), help=_("不带子命令时打开窗口")
    )
    for command in COMMANDS:
        description = "\n".join(
            [
                command.summary,
                _("读取：{what}").format(what=command.reads),
                _("写出：{what}").format(what=command.writes),
                command.exits,
            ]
        )
        sub = commands.add_parser(command.name, help=command.summary, description=description)
        for argument in command.arguments:
            sub.add_argument(*argument.names, **argument.options)
        sub.set_defaults(run=command.run)
    return parser


class _Version(argparse.Action):
    """--version, reading the version (pyproject.toml) only when asked."""

    def __init__(self, option_strings: list[str], dest: str, help: str) -> None:
        super().__init__(option_strings, dest=argparse.SUPPRESS, nargs=0, help=help)

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        from models.version import version

        print(f"{parser.prog} {version()}")
        parser.exit()


def _open_store(args: argparse.Namespace, *, reading: bool = False) -> Store:
    """The database of --db for a command; one that only reads may read while a window has it."""
    from models.storage.store import Store

    store = Store(args.db, command=True, reading=reading)
    for warning in store.warnings:
        print(warning, file=sys.stderr)
    return store


@contextmanager
def _open_service(args: argparse.Namespace, *, reading: bool = False) -> Iterator[ReportService]:
    """The store of --db with its checks, closed when the command is done."""
    from models.service import ReportService

    with _open_store(args, reading=reading) as store:
        yield ReportService(store)


def _list(args: argparse.Namespace) -> int:
    from models.storage.store import STATUS_LABELS

    with _open_store(args, reading=True) as store:
        reports = store.list_reports(deleted=args.bin)
        if not reports:
            print(_("回收站是空的") if args.bin else _("数据库中还没有报告"), file=sys.stderr)
        for r in reports:
            print(
                "\t".join(
                    [
                        str(r.id),
                        one_line(r.agency) or _("（未填机关名称）"),
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
    with _open_service(args) as service:
        stored = service.store_report(report)
    message = (
        _("已导入为报告 {id}：{title}")
        if stored.new
        else _("已存在相同的报告 {id}：{title}，未重复导入")
    )
    print(message.format(id=stored.report_id, title=one_line(report.title)))
    return EXIT_OK


def _read(args: argparse.Namespace) -> int:
    check_output(args.output, [args.file])
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
    with _open_store(args, reading=True) as store:
        report = store.load(find_report(store, args.report))
    write_report(report, args.output)
    print(_("已写入 {path}").format(path=args.output))
    return EXIT_OK


def _delete(args: argparse.Namespace) -> int:
    with _open_store(args) as store:
        store.delete(find_report(store, args.report))
    print(_("已移到回收站；可用 undelete 取回"))
    return EXIT_OK


def _undelete(args: argparse.Namespace) -> int:
    with _open_service(args) as service:
        report_id = find_report(service.store, args.report, deleted=True)
        service.undelete(report_id)
    print(_("已取回报告 {id}").format(id=report_id))
    return EXIT_OK


def _finalize(args: argparse.Namespace) -> int:
    with _open_service(args) as service:
        final = service.finalize(find_report(service.store, args.report))
    print(
        _("已定稿（第 {version} 版），指纹 {fingerprint}").format(
            version=final.version, fingerprint=final.sha256
        )
    )
    return EXIT_OK


def _next_year(args: argparse.Namespace) -> int:
    with _open_service(args) as service:
        report_id = service.next_year(find_report(service.store, args.report))
        title = service.store.load(report_id).title
    print(_("已新建报告 {id}：{title}").format(id=report_id, title=title))
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from export.errors import ExportError, ExportRefused, UnknownFormat
    from export.writers import export_report, writer_for

    try:
        writer_for(args.output)
    except UnknownFormat as error:
        print(error, file=sys.stderr)
        return EXIT_UNREADABLE
    report, findings, fingerprint = _load_source(args)
    try:
        result = export_report(
            report,
            args.output,
            draft=args.draft,
            fingerprint=fingerprint,
            findings=findings,
            pdfa=args.pdfa,
        )
    except ExportRefused as refused:
        for finding in refused.findings:
            print(finding_line(finding))
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
        check_output(args.output, [Path(args.source[0])])
        report = read_report(Path(args.source[0]))
        return report, check(report), None
    with _open_service(args, reading=True) as service:
        return service.printable(find_report(service.store, args.source))


def _aggregate(args: argparse.Namespace) -> int:
    from models.aggregate import AggregateError, aggregate, overview

    if args.overview is not None and args.overview.suffix.lower() != ".xlsx":
        print(_("概览只能存为 .xlsx 文件：{path}").format(path=args.overview), file=sys.stderr)
        return EXIT_UNREADABLE
    _check_aggregate_outputs(args)
    sources = _summed_sources(args)
    try:
        total = aggregate(sources, args.agency)
    except AggregateError as error:
        print(error, file=sys.stderr)
        return EXIT_UNREADABLE
    write_report(total, args.output)
    findings = check(total)
    for finding in findings:
        print(finding_line(finding))
    errors, hints, _acknowledged = counts(findings)
    print(
        _("已把 {count} 份报告汇总为 {path}：{title}（{errors} 个错误，{hints} 个提示）").format(
            count=len(sources),
            path=args.output,
            title=total.title,
            errors=errors,
            hints=hints,
        )
    )
    if args.overview is not None:
        from export.excel import render_overview
        from models.files import write_atomically

        write_atomically(args.overview, render_overview(overview(sources)))
        print(_("概览：{path}").format(path=args.overview))
    return EXIT_OK


def _check_aggregate_outputs(args: argparse.Namespace) -> None:
    """The sum and the overview replace no input, no program file, and not each other."""
    inputs = [Path(name) for name in args.sources if not name.isdigit()]
    check_output(args.output, inputs)
    if args.overview is None:
        return
    if same_file(args.overview, args.output):
        raise FileWriteError(
            _(
                "概览 {overview} 和汇总报告 {output} 是同一个文件，概览会替换汇总报告。"
                "未做任何改动，请给概览另起一个文件名。"
            ).format(overview=args.overview, output=args.output)
        )
    check_output(args.overview, inputs)


def _summed_sources(args: argparse.Namespace) -> list:
    """Each report to sum, in the order given, with the name it is known by: its file, or 报告 n."""

    def load(name: str, store: Store | None):
        if store is not None and name.isdigit():
            return _("报告 {id}").format(id=name), store.load(int(name))
        return name, read_report(Path(name))

    if not any(name.isdigit() for name in args.sources):
        return [load(name, None) for name in args.sources]
    with _open_store(args, reading=True) as store:
        return [load(name, store) for name in args.sources]


def _backups(args: argparse.Namespace) -> int:
    from models.storage import database

    path = database.check_path(args.db if args.db is not None else places.default_path())
    backups = database.list_backups(path)
    for backup in backups:
        print(backup)
    if not backups:  # said where a script's pipe does not take it for a backup
        print(_("还没有备份：数据库每次打开时备份一次"), file=sys.stderr)
    return EXIT_OK


def _restore_backup(args: argparse.Namespace) -> int:
    from models.service import restore_backup

    path = args.db if args.db is not None else places.default_path()
    kept = restore_backup(args.backup, path)
    print(_("已用 {backup} 恢复数据库 {path}").format(backup=args.backup, path=path))
    if kept is not None:
        print(_("原来的数据库已另存为备份 {kept}").format(kept=kept))
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
    previous = _previous_report(args)
    worst = EXIT_OK
    for name in args.files:
        try:
            report, doubted = read_reading(Path(name))
        except ExchangeError as error:
            print(error, file=sys.stderr)
            worst = EXIT_UNREADABLE
            continue
        if previous is not None and report.year is not None and previous.year is not None:
            if previous.year != report.year - 1:
                print(
                    _("注意：上年报告为 {last} 年，本报告为 {year} 年").format(
                        last=previous.year, year=report.year
                    ),
                    file=sys.stderr,
                )
        findings = check(report, previous, args.previous_any_agency)
        if doubted is not None:  # read from a published report: what the reading may cause
            findings = as_read(report, findings, doubted)
        prefix = f"{name}: " if len(args.files) > 1 else ""
        for finding in findings:
            print(prefix + finding_line(finding))
        errors, hints, acknowledged = counts(findings)
        print(
            _("{name}：{errors} 个错误，{hints} 个提示，{acknowledged} 个已核实").format(
                name=name, errors=errors, hints=hints, acknowledged=acknowledged
            ),
            file=sys.stderr,
        )
        if errors and worst == EXIT_OK:
            worst = EXIT_FINDINGS
    return worst


def finding_line(finding: Finding) -> str:
    """One finding as `check` prints it: severity (and 已核实 with the 说明), rule id, message."""
    severity = finding.severity.value
    if finding.acknowledged is not None:
        severity += _("（已核实：{note}）").format(note=finding.acknowledged)
    return one_line(f"{severity} [{finding.rule}] {finding.message}")


def _previous_report(args: argparse.Namespace) -> Report | None:
    """Last year's report named by --previous: an exchange file, a published report that `read`
    understands, or a report in the database."""
    if not args.previous:
        return None
    path = Path(args.previous[0])
    if len(args.previous) == 1 and (path.suffix.lower() == ".json" or path.is_file()):
        if path.suffix.lower() != ".json":  # last year's report as published (.docx, .pdf, …)
            from readers import read_published

            return read_published(path).report
        return read_report(path)
    words = args.previous
    if not is_report_name(words):  # neither a file nor a report: say so without opening a database
        raise ExchangeError(
            _("找不到上年报告「{name}」：应为交换文件，或报告编号，或机关名称和年度").format(
                name=" ".join(words)
            )
        )
    with _open_store(args, reading=True) as store:
        return store.load(find_report(store, words))


def _review(args: argparse.Namespace) -> int:
    from export.review_book import render
    from models.files import write_atomically
    from models.review import review
    from readers.batch import REVIEWED, published_files, settle_by_last_year

    found, earlier = published_files(args.paths), published_files(args.previous_folders)
    check_output(args.output, [path for path, _name in found + earlier])  # no report replaced
    previous = _read_all(earlier)
    files = settle_by_last_year(_read_all(found), [path for path, _name in found], previous)
    if not files:
        print(
            _("没有找到要审查的年报：{paths} 中没有 {suffixes} 文件").format(
                paths="、".join(map(str, args.paths)), suffixes="、".join(REVIEWED)
            ),
            file=sys.stderr,
        )
        return EXIT_UNREADABLE
    result = review(files, previous)
    write_atomically(args.output, render(result))
    tally = "，".join(f"{verdict} {count} 份" for verdict, count in result.tally().items())
    print(
        _("已写入 {path}：{count} 个文件（{tally}）").format(
            path=args.output, count=len(result.files), tally=tally
        )
    )
    return EXIT_UNREADABLE if result.unread else EXIT_OK


def _read_all(files: list[tuple[Path, str]]) -> list:
    """Each file read for the review, with a progress line on a terminal (none when piped)."""
    from readers.batch import read_for_review

    progress = sys.stderr.isatty()
    read = []
    for number, (path, name) in enumerate(files, 1):
        if progress:
            line = _("读取第 {n}/{count} 个文件：{name}").format(
                n=number, count=len(files), name=name
            )
            print("\r\033[K" + line, end="", file=sys.stderr, flush=True)
        read.append(read_for_review(path, name))
    if progress and files:
        print(file=sys.stderr)
    return read


# The sub-commands: each with what its help says, its arguments and its handler. ------------------


@dataclass(frozen=True)
class Argument:
    """One argument of a sub-command, as argparse's add_argument takes it."""

    names: tuple[str, ...]
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Command:
    """A sub-command: its help says what it does, reads and writes, and its exit codes."""

    name: str
    summary: str
    reads: str
    writes: str
    run: Callable[[argparse.Namespace], int]
    arguments: tuple[Argument, ...] = ()
    exits: str = _("退出码：0 完成；2 文件或数据库无法读取、写入")


def _arg(*names: str, **options: Any) -> Argument:
    return Argument(names, options)


_DATABASE = _("数据库")
_REPORT = _arg(
    "report",
    nargs="+",
    metavar=_("报告"),
    help=_("报告编号（见 list），或机关名称和年度，如：阿合奇县教育和科学技术局 2021"),
)


def _output(metavar: str, helptext: str, *, required: bool = True) -> Argument:
    return _arg("-o", "--output", type=Path, required=required, metavar=metavar, help=helptext)


COMMANDS = (
    Command(
        "template",
        _("输出报告格式说明（各表的行、列、表头与勾稽关系）"),
        _("无（格式说明随程序提供）"),
        _("标准输出：JSON"),
        _template,
        (
            _arg("--json", action="store_true", help=_("以 JSON 输出（默认）")),
            _arg("--schema", action="store_true", help=_("输出交换文件的 JSON Schema")),
            _arg(
                "--format",
                choices=sorted(FORMATS),
                default=newest().id,
                help=_(
                    "报告格式：gov-2021（国办公开办函〔2021〕30号，默认）或 gov-2019（〔2019〕60号）"
                ),
            ),
        ),
        _("退出码：0"),
    ),
    Command(
        "check",
        _("核对交换文件，每行输出一个问题"),
        _("一个或多个交换文件（.json）；可选上年报告（--previous）"),
        _("标准输出：每个问题一行（错误/提示、规则、说明）；标准错误：每个文件一行小结"),
        _check,
        (
            _arg("files", nargs="+", metavar=_("文件.json"), help=_("交换文件")),
            _arg(
                "--previous",
                nargs="+",
                metavar="LAST",
                help=_(
                    "上年报告：交换文件，或数据库中的报告（编号，或机关名称和年度）；"
                    "据此核对上年结转、现行有效件数和年度变化"
                ),
            ),
            _arg(
                "--previous-any-agency",
                action="store_true",
                help=_("上年报告的机关名称与本报告不同时（如机关更名）也做跨年度核对"),
            ),
        ),
        _("退出码：0 没有错误；1 有错误；2 有文件无法读取（其余文件照常核对）"),
    ),
    Command(
        "list",
        _("列出数据库中的报告"),
        _DATABASE,
        _("标准输出：每份报告一行（编号、机关名称、年度、状态、修改时间、错误数）"),
        _list,
        (_arg("--bin", action="store_true", help=_("列出回收站中的报告")),),
    ),
    Command(
        "import",
        _("把交换文件或已发布的年报（Word、PDF、网页、文本）导入数据库，成为一份新报告"),
        _("交换文件（.json），或已发布的年报（.docx、.pdf、.html、.txt、.md、.xlsx）"),
        _("数据库：一份新报告；标准输出：读取小结和存疑的格子"),
        _import,
        (_arg("file", type=Path, metavar=_("文件"), help=_("交换文件或已发布的年报")),),
    ),
    Command(
        "read",
        _("读取已发布的年报（Word、PDF、网页、文本），写成交换文件"),
        _("已发布的年报（.docx、.pdf、.html、.txt、.md、.xlsx）"),
        _("交换文件（含每个数字的出处和存疑之处）；标准输出：读取小结和存疑的格子"),
        _read,
        (
            _arg("file", type=Path, metavar=_("文件"), help=_("已发布的年报")),
            _output(_("输出.json"), _("交换文件")),
        ),
        _("退出码：0 已读取；2 文件无法读取（如扫描的 PDF 没有文字层）或无法写入"),
    ),
    Command(
        "export-json",
        _("把数据库中的报告导出为交换文件"),
        _DATABASE,
        _("交换文件（.json，先写临时文件再替换）"),
        _export_json,
        (_REPORT, _output(_("文件.json"), _("输出文件"))),
    ),
    Command("delete", _("把报告移到回收站"), _DATABASE, _DATABASE, _delete, (_REPORT,)),
    Command("undelete", _("从回收站取回报告"), _DATABASE, _DATABASE, _undelete, (_REPORT,)),
    Command(
        "finalize",
        _("定稿：保存带指纹的不可改版本（有错误时拒绝，退出码 2）"),
        _DATABASE,
        _DATABASE,
        _finalize,
        (_REPORT,),
    ),
    Command(
        "next-year",
        _("以本报告为基础新建下一年度报告"),
        _DATABASE,
        _DATABASE,
        _next_year,
        (_REPORT,),
    ),
    Command(
        "export",
        _("导出报告：{formats}（按输出文件的扩展名）").format(
            formats="、".join(writer.name for writer in WRITERS.values())
        ),
        _("交换文件，或数据库中的报告；字体（系统的公文字体或随程序提供的字体）"),
        _("{formats} 文件；标准输出：PDF 各字体的来源").format(formats="、".join(WRITERS)),
        _export,
        (
            _arg(
                "source",
                nargs="+",
                metavar=_("文件.json|报告"),
                help=_("交换文件，或数据库中的报告（编号，或机关名称和年度）"),
            ),
            _output(
                _("输出") + "|".join(WRITERS),
                _("输出文件；格式由扩展名决定：{formats}").format(
                    formats="、".join(formats_named())
                ),
            ),
            _arg(
                "--draft",
                action="store_true",
                help=_("有错误也导出，标明「草稿」（PDF 每页加水印）"),
            ),
            _arg(
                "--pdfa",
                action="store_true",
                help=_("PDF 存为 PDF/A-2b 归档格式（其他格式不受影响）"),
            ),
        ),
        _(
            "退出码：0 已导出；1 报告有错误（未加 --draft）或有无法打印的字符；"
            "2 文件或数据库无法读取、写入，或扩展名不是可导出的格式"
        ),
    ),
    Command(
        "aggregate",
        _("把同一年度、同一格式的多份报告的表格逐格相加，汇总为一份报告"),
        _("交换文件，或数据库中的报告编号"),
        _("汇总报告的交换文件；可选概览（.xlsx）；标准输出：汇总报告的问题"),
        _aggregate,
        (
            _arg(
                "sources",
                nargs="+",
                metavar=_("文件.json|编号"),
                help=_("交换文件，或数据库中的报告编号"),
            ),
            _arg("--agency", required=True, metavar=_("名称"), help=_("汇总报告的机关名称")),
            _output(_("汇总.json"), _("汇总报告的交换文件")),
            _arg(
                "--overview",
                type=Path,
                metavar=_("概览.xlsx"),
                help=_("另存一份概览：每份报告一行，列出主要数字和错误、提示个数"),
            ),
        ),
        _("退出码：0 已汇总；2 年度或格式不一致，或文件无法读取、写入"),
    ),
    Command(
        "review",
        _("审查一批已发布的年报：逐份读取、核对（有上年报告时一并对照），写成审查结果工作簿"),
        _(
            "文件夹（含子文件夹）或文件：已发布的年报（.docx、.pdf、.html、.txt、.md、.xlsx）"
            "和交换文件（.json）；可选上年报告所在的文件夹（--previous）"
        ),
        _(
            "工作簿（.xlsx）：总览（每个文件一行及结论）、问题（每个问题一行）、汇总（本年度完整读取的"
            "报告之和）；标准错误：在终端上显示进度"
        ),
        _review,
        (
            _arg("paths", nargs="+", type=Path, metavar=_("文件夹|文件"), help=_("要审查的年报")),
            _output(_("审查结果.xlsx"), _("审查结果工作簿")),
            _arg(
                "--previous",
                dest="previous_folders",
                nargs="+",
                type=Path,
                default=[],
                metavar=_("文件夹"),
                help=_("上年报告所在的文件夹或文件；同一机关上一年度的报告据此对照核对"),
            ),
        ),
        _("退出码：0 每个文件都已读取；2 有文件未能读取（工作簿照常写出），或工作簿无法写入"),
    ),
    Command(
        "backups",
        _("列出数据库的备份"),
        _("数据库旁的备份文件夹"),
        _("标准输出：每个备份一行"),
        _backups,
    ),
    Command(
        "restore-backup",
        _("用备份替换数据库（原文件另存）"),
        _("备份文件"),
        _("数据库（被替换的文件另存为备份）"),
        _restore_backup,
        (_arg("backup", type=Path, metavar=_("备份文件"), help=_("备份文件，见 backups 子命令")),),
    ),
)
