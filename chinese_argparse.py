"""argparse speaking Chinese: its usage line, section titles, -h help and error messages.

argparse takes its own words from gettext through two module globals, `_` and `ngettext`
(CPython 3.11 to 3.13; the default domain, so a catalogue would depend on the locale and on where
Python looks for .mo files). While a ChineseArgumentParser builds, parses or formats, those two
globals answer from the table below instead, whatever the locale and with no catalogue installed.
A message argparse adds in a later version, and not yet listed, stays English.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NoReturn

from models.i18n import _

# argparse's msgids (CPython 3.11–3.13) and what the clerk reads instead.
MESSAGES = {
    "usage: ": _("用法："),
    "options": _("选项"),
    "positional arguments": _("位置参数"),
    "subcommands": _("子命令"),
    "%(heading)s:": "%(heading)s：",
    "show this help message and exit": _("显示本帮助并退出"),
    "show program's version number and exit": _("显示版本号并退出"),
    " (default: %(default)s)": _("（默认：%(default)s）"),
    "%(prog)s: error: %(message)s\n": _("%(prog)s：错误：%(message)s\n"),
    "%(prog)s: warning: %(message)s\n": _("%(prog)s：警告：%(message)s\n"),
    "the following arguments are required: %s": _("缺少必需的参数：%s"),
    "unrecognized arguments: %s": _("无法识别的参数：%s"),
    "invalid choice: %(value)r (choose from %(choices)s)": _(
        "无效的子命令或选项值：%(value)r（可选：%(choices)s）"
    ),
    "argument %(argument_name)s: %(message)s": _("参数 %(argument_name)s：%(message)s"),
    "expected one argument": _("需要一个值"),
    "expected at most one argument": _("最多只能有一个值"),
    "expected at least one argument": _("至少需要一个值"),
    "invalid %(type)s value: %(value)r": _("无效的值：%(value)r"),
    "ambiguous option: %(option)s could match %(matches)s": _(
        "选项 %(option)s 不明确，可能是：%(matches)s"
    ),
    "not allowed with argument %s": _("不能与参数 %s 同时使用"),
    "one of the arguments %s is required": _("参数 %s 中必须给出一个"),
    "ignored explicit argument %r": _("选项不接受值：%r"),
    "unexpected option string: %s": _("意外的选项：%s"),
    "can't open '%(filename)s': %(error)s": _("无法打开 %(filename)s：%(error)s"),
    "argument '%(argument_name)s' is deprecated": _("参数 %(argument_name)s 已不再使用"),
    "option '%(option)s' is deprecated": _("选项 %(option)s 已不再使用"),
    "command '%(parser_name)s' is deprecated": _("子命令 %(parser_name)s 已不再使用"),
}
PLURAL_MESSAGES = {
    "expected %s argument": _("需要 %s 个值"),
    "conflicting option string: %s": _("选项冲突：%s"),
}


class ChineseArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose own words are Chinese; descriptions keep their line breaks."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        with _chinese():
            super().__init__(*args, **kwargs)

    def parse_args(  # type: ignore[override]  # typeshed overloads the namespace type
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> argparse.Namespace:
        with _chinese():
            return super().parse_args(args, namespace)

    def parse_known_args(  # type: ignore[override]  # typeshed overloads the namespace type
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        with _chinese():
            return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        with _chinese():
            return super().format_usage()

    def format_help(self) -> str:
        with _chinese():
            text = super().format_help()
        for group in self._action_groups:  # before Python 3.13 the colon is not a message
            text = text.replace(f"\n{group.title}:\n", f"\n{group.title}：\n")
        return text

    def error(self, message: str) -> NoReturn:
        with _chinese():
            super().error(message)


@contextmanager
def _chinese() -> Iterator[None]:
    """argparse's `_` and `ngettext` answer in Chinese for the duration."""
    module = vars(argparse)
    saved = module["_"], module["ngettext"]
    module["_"], module["ngettext"] = _gettext, _ngettext
    try:
        yield
    finally:
        module["_"], module["ngettext"] = saved


def _gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def _ngettext(singular: str, plural: str, count: int) -> str:
    return PLURAL_MESSAGES.get(singular) or (singular if count == 1 else plural)
