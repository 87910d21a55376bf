"""The window's menus: every action registered once, by name, with its text and keys.

Tests and the report list find an action by its name (`actions["export_pdf"]`); the clerk finds it
in the menu bar. A triggered action calls its slot with no arguments (QAction's `checked` flag is
dropped, so no slot mistakes it for a parameter).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow

from models.i18n import _
from ui.printing import EXPORT_TITLES

Key = QKeySequence.StandardKey


def export_action(suffix: str) -> str:
    """The name of the action exporting files with `suffix`: export_pdf, export_docx, …"""
    return "export_" + suffix.removeprefix(".")


# name: (menu text, shortcuts). Ctrl+Y redoes on every platform, as in Excel and WPS.
ACTIONS: dict[str, tuple[str, tuple]] = {
    "new_report": (_("新建年度报告…"), (Key.New,)),
    "show_list": (_("报告列表"), (Key.Open,)),
    "open_sample": (_("打开示例报告"), ()),
    "next_year": (_("新建下一年度"), ()),
    "import_json": (_("导入交换文件…"), ()),
    "export_json": (_("导出交换文件…"), ()),
    "import_published": (_("导入已发布的年报…"), ()),
    "aggregate": (_("汇总多份报告…"), ()),
    "review_published": (_("审查已发布的年报…"), ()),
    **{export_action(suffix): (title + "…", ()) for suffix, title in EXPORT_TITLES.items()},
    "print": (_("打印…"), ("Ctrl+P",)),
    "finalize": (_("定稿…"), ()),
    "backups": (_("备份与恢复…"), ()),
    "save": (_("保存"), ("Ctrl+S",)),
    "quit": (_("退出"), (Key.Quit,)),
    "undo": (_("撤销"), (Key.Undo,)),
    "redo": (_("重做"), ("Ctrl+Y", "Ctrl+Shift+Z")),
    "copy": (_("复制"), (Key.Copy,)),
    "paste": (_("粘贴"), (Key.Paste,)),
    "help": (_("填报说明"), (Key.HelpContents,)),
    "about": (_("关于"), ()),
}
MENUS = (
    (
        _("文件(&F)"),
        (
            "new_report",
            "show_list",
            "open_sample",
            "next_year",
            None,
            "import_json",
            "import_published",
            "aggregate",
            "review_published",
            None,
            "export_json",
            *(export_action(suffix) for suffix in EXPORT_TITLES),
            "print",
            "finalize",
            None,
            "backups",
            "save",
            "quit",
        ),
    ),
    (_("编辑(&E)"), ("undo", "redo", None, "copy", "paste")),
    (_("帮助(&H)"), ("help", "about")),
)
# Actions that work on one report: the open one, or the one selected in the list.
ON_A_REPORT = (
    "next_year",
    "export_json",
    *(export_action(suffix) for suffix in EXPORT_TITLES),
    "print",
    "finalize",
)


def build_menus(window: QMainWindow, slots: dict[str, Callable[[], object]]) -> dict[str, QAction]:
    """Put every action in the window's menu bar; returns them by name."""
    actions: dict[str, QAction] = {}
    for title, names in MENUS:
        menu = window.menuBar().addMenu(title)
        for name in names:
            if name is None:
                menu.addSeparator()
                continue
            text, keys = ACTIONS[name]
            action = QAction(text, window)
            action.setObjectName(name)
            action.setShortcuts([QKeySequence(key) for key in keys])
            slot = slots[name]
            action.triggered.connect(lambda _checked=False, slot=slot: slot())
            menu.addAction(action)
            actions[name] = action
    return actions
