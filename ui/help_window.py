"""帮助 › 填报说明: the help in a window of its own — the text in a scrollable, read-only view with
a heading over each of its sections, and a 关闭 button. Resizable, sized to fit the screen it opens
on, and it remembers nothing.

The text is one message of the catalogues; its sections (「1. 新建：…」) become headings here.
"""

from __future__ import annotations

import re
from html import escape

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from models.i18n import _
from ui.fit import fit_dialog

HELP = _(
    "填报说明\n\n"
    "1. 新建：「文件 › 新建年度报告」填写机关名称和年度。已有上年的报告时，用「新建下一年度」沿用上年的"
    "基本信息、正文和结转数（标「沿用上年，待核对」，核对无误后点「已核对」）。\n"
    "2. 导入：「文件 › 导入已发布的年报」读取已发布的 Word、PDF、网页、文本或 Excel 年报：左边是原文，"
    "右边是读到的每个数，存疑的标黄并排在前面，对照原文改正后点「保存为报告」。"
    "「导入交换文件」读取本程序导出的交换文件。\n"
    "3. 基本信息：填写机关名称、报告年度、成文日期等；可按基本信息生成开头段。\n"
    "4. 表格：直接输入数字，回车下移、Tab 右移（Tab、Tab、回车回到下一行开始输入的那一列）；"
    "合计自动计算。可从 Excel/WPS 复制粘贴整块数字。\n"
    "5. 每次修改立即保存，无需点「保存」；撤销、重做在关闭程序后仍然有效。"
    "格子上右键「修改记录」可查看它的每次修改。\n"
    "6. 核对：红色格子是错误，黄色是提示；下方问题列表双击可跳到对应位置。"
    "核实过确实无误的提示，在问题列表中右键「标为已核实」并写明说明，它就不再计为提示。\n"
    "7. 汇总：「文件 › 汇总多份报告」勾选数据库中同一年度的几份报告（或选择下级单位报来的交换文件），"
    "合计为一份新报告，并可另存汇总概览（Excel）。\n"
    "8. 输出：没有错误后，「文件 › 导出 PDF」得到正式文本，也可导出 Word、网页、Excel 或交换文件，"
    "或直接打印；有错误时只能输出草稿。「定稿」后再修改会先询问。\n"
    "9. 审查：「文件 › 审查已发布的年报」逐份读取、核对一个文件夹的年报（自动对照同一机关上年的报告），"
    "可导出审查结果（Excel）。"
)


# 「1. 新建：正文」: a section's number and name, then its text; a section without a name is headed
# by its first clause (「5. 每次修改立即保存，无需……」).
_SECTION = re.compile(r"(\d+\.\s*[^：:，,]{1,20})[：:，,](.*)")
WISH = QSize(720, 640)  # never larger than the screen allows (ui/fit.py)


def help_html(text: str) -> str:
    """The help text as rich text: its first line the title, each numbered section a heading (「1.
    新建」) over its paragraph; a line of another shape a paragraph as it is."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return ""
    parts = [f"<h2>{escape(lines[0])}</h2>"]
    for line in lines[1:]:
        section = _SECTION.fullmatch(line)
        if section is None:
            parts.append(f"<p>{escape(line)}</p>")
        else:
            heading, body = section.groups()
            parts.append(f"<h3>{escape(heading)}</h3><p>{escape(body.strip())}</p>")
    return "".join(parts)


class HelpDialog(QDialog):
    """填报说明: the help text to read and scroll, and 关闭."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("填报说明"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # nothing of it is kept
        self.setSizeGripEnabled(True)
        self.view = QTextBrowser()
        self.view.setOpenLinks(False)
        self.view.setHtml(help_html(HELP))
        buttons = QDialogButtonBox()
        close = QPushButton(_("关闭"))
        close.setDefault(True)
        buttons.addButton(close, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        fit_dialog(self, WISH)
