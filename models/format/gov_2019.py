"""The previous official format, 国办公开办函〔2019〕60号, used for the 2019 and 2020 reports.

Only for reading, checking and printing old reports, and for carrying one over into a year of the
current format. It shares with the 2021 format everything that did not change (the texts, table 三
but for （六）其他处理, table 四); what changed is written here, as printed in the 2019 template.
"""

from __future__ import annotations

from dataclasses import replace

from models.format.blocks import (
    Block,
    Column,
    FormatDescription,
    Row,
    RowGroup,
    Table,
    ValueType,
)
from models.format.gov_2021 import APPLICATIONS_TABLE, FORMAT_2021
from models.i18n import _

FORMAT_ID = "gov-2019"
LAST_YEAR = 2020  # the 2021 reports and after use the 2021 format

_CONTENT = "信息内容"
_PREVIOUS = Column("previous_count", "上一年项目数量")
_CHANGE = Column("change", "本年增/减", value_type=ValueType.CHANGE)
_DECISIONS = Column("decisions", "处理决定数量")

ACTIVE_TABLE_2019 = Table(
    id="active",
    short_name="表二",
    blocks=(
        Block(
            id="art20_1",
            title="第二十条第（一）项",
            corner=_CONTENT,
            columns=(
                Column("made", "本年新制作数量"),
                Column("published", "本年新公开数量"),
                Column("total_published", "对外公开总数量"),
            ),
            rows=(Row("regulations", "规章"), Row("normative_documents", "规范性文件")),
        ),
        Block(
            id="art20_5",
            title="第二十条第（五）项",
            corner=_CONTENT,
            columns=(_PREVIOUS, _CHANGE, _DECISIONS),
            rows=(Row("licensing", "行政许可"), Row("other_services", "其他对外管理服务事项")),
        ),
        Block(
            id="art20_6",
            title="第二十条第（六）项",
            corner=_CONTENT,
            columns=(_PREVIOUS, _CHANGE, _DECISIONS),
            rows=(Row("penalties", "行政处罚"), Row("coercion", "行政强制")),
        ),
        Block(
            id="art20_8",
            title="第二十条第（八）项",
            corner=_CONTENT,
            columns=(_PREVIOUS, _CHANGE),
            rows=(Row("fees", "行政事业性收费"),),
        ),
        Block(
            id="art20_9",
            title="第二十条第（九）项",
            corner=_CONTENT,
            columns=(
                Column("procurement_count", "采购项目数量"),
                Column("procurement_amount", "采购总金额", value_type=ValueType.AMOUNT),
            ),
            rows=(Row("procurement", "政府集中采购"),),
        ),
    ),
)

OTHER_HANDLING = Row("other_handling", "（六）其他处理")


def _one_other_handling_row(node):
    """Table 三's row tree with the 2021 group （六）其他处理 folded back into the 2019 single row."""
    if isinstance(node, RowGroup):
        if node.label == OTHER_HANDLING.label:
            return OTHER_HANDLING
        return replace(node, children=tuple(_one_other_handling_row(c) for c in node.children))
    if node.is_total:
        kept = tuple(r for r in node.total_of if not r.startswith("other_handling_"))
        return replace(node, total_of=kept + (OTHER_HANDLING.id,))
    return node


_APPLICATIONS_BLOCK = APPLICATIONS_TABLE.blocks[0]
APPLICATIONS_TABLE_2019 = replace(
    APPLICATIONS_TABLE,
    blocks=(
        replace(
            _APPLICATIONS_BLOCK,
            rows=tuple(_one_other_handling_row(r) for r in _APPLICATIONS_BLOCK.rows),
        ),
    ),
)

_TABLES = {"active": ACTIVE_TABLE_2019, "applications": APPLICATIONS_TABLE_2019}

FORMAT_2019 = FormatDescription(
    id=FORMAT_ID,
    name="中华人民共和国政府信息公开工作年度报告格式（2019年）",
    document_no="国办公开办函〔2019〕60号",
    sections=tuple(
        replace(s, table=_TABLES[s.id]) if s.id in _TABLES else s for s in FORMAT_2021.sections
    ),
    claims=FORMAT_2021.claims,
)

# Cells of the 2019 format with a counterpart of the same meaning in the 2021 format. Table 三 and
# table 四 keep their ids (but for （六）其他处理, which goes under 3.其他); of table 二, only the
# 处理决定数量 of 行政许可, 行政处罚 and 行政强制 mean what 2021's 本年处理决定数量 means.
_SAME_ACTIVE = {
    f"active.{row}.decisions": f"active.{row}.decisions"
    for row in ("licensing", "penalties", "coercion")
}


def counterpart_2021(key: str) -> str | None:
    """The 2021 cell that holds what this 2019 cell holds, or None when it has none."""
    if key in _SAME_ACTIVE:
        return _SAME_ACTIVE[key]
    table, row, column = key.split(".")
    if table == "active":
        return None
    if row == OTHER_HANDLING.id:
        return f"{table}.other_handling_3.{column}"
    return key


def as_2021(report_2019):
    """The 2019-format report as a 2021-format report, and notes on what has no counterpart.

    Texts, profile and dates are copied; table 三 and 四 keep their values (（六）其他处理 goes
    under （六）3.其他); of table 二 only 本年处理决定数量 of 行政许可/行政处罚/行政强制 carries.
    The result serves as last year's report for a 2021-format year (二、上年结转 ← 四、结转下年度).
    """
    from models.report import Agency, Report

    if report_2019.format_id != FORMAT_ID:
        raise ValueError(report_2019.format_id)
    converted = Report(
        format_id=FORMAT_2021.id,
        year=report_2019.year,
        agency=Agency(**vars(report_2019.agency)),
        period_start=report_2019.period_start,
        period_end=report_2019.period_end,
        signing_unit=report_2019.signing_unit,
        issued_on=report_2019.issued_on,
        texts=dict(report_2019.texts),
    )
    notes: list[str] = []
    for key, value in report_2019.values.items():
        target = counterpart_2021(key)
        if target is None:
            notes.append(
                _("{cell}（{value}）在2021年格式中没有对应项，未转入").format(
                    cell=FORMAT_2019.cells[key].name, value=value
                )
            )
        else:
            converted.values[target] = value
    if any(k.startswith("applications.other_handling.") for k in report_2019.values):
        notes.append(_("（六）其他处理的数字转入2021年格式的（六）3.其他"))
    return converted, notes
