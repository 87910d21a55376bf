"""年报填报助手: the desktop program by default, headless sub-commands for batch use."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from models.exchange import ExchangeError, json_schema, read_report
from models.format import describe
from models.formats import CURRENT
from models.i18n import _
from models.rules import Severity, check, describe_rules

EXIT_OK, EXIT_FINDINGS, EXIT_UNREADABLE = 0, 1, 2


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_OK
    return args.run(args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="main.py", description=_("年报填报助手：政府信息公开工作年度报告的填写、核对与打印")
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
    return parser


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
