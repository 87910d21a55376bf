"""The official format of 国办公开办函〔2021〕30号, used for the 2021 reports and after.

Every label below is written exactly as printed in the official template; what it prints as the
2019 notice did comes from models/format/common.py. A later revision of the format is a new module
like this one with its row in models/format/registry.py, never an edit of this one.
"""

from models.format import common
from models.format.blocks import (
    Block,
    Column,
    FormatDescription,
    Row,
    RowGroup,
    Stock,
    Table,
    Trend,
    Value,
    ValueType,
)
from models.format.claims_2021 import CLAIM_TOPICS, CLAIMS
from models.format.common import CONTENT
from models.i18n import _

FORMAT_ID = "gov-2021"
_DECISIONS = "本年处理决定数量"

ACTIVE_TABLE = Table(
    id="active",
    short_name="表二",
    blocks=(
        Block(
            id="art20_1",
            title="第二十条第（一）项",
            corner=CONTENT,
            columns=(
                Column("issued", "本年制发件数"),
                Column("repealed", "本年废止件数"),
                Column("in_force", "现行有效件数"),
            ),
            rows=(
                Row("regulations", "规章"),
                Row("normative_documents", "行政规范性文件"),
            ),
        ),
        Block(
            id="art20_5",
            title="第二十条第（五）项",
            corner=CONTENT,
            columns=(Column("decisions", _DECISIONS),),
            rows=(Row("licensing", "行政许可"),),
        ),
        Block(
            id="art20_6",
            title="第二十条第（六）项",
            corner=CONTENT,
            columns=(Column("decisions", _DECISIONS),),
            rows=(Row("penalties", "行政处罚"), Row("coercion", "行政强制")),
        ),
        Block(
            id="art20_8",
            title="第二十条第（八）项",
            corner=CONTENT,
            columns=(Column("amount", "本年收费金额（单位：万元）", value_type=ValueType.AMOUNT),),
            rows=(Row("fees", "行政事业性收费"),),
        ),
    ),
    stocks=(Stock(column="in_force", added="issued", removed="repealed"),),
    # An agency that decided hundreds of 许可/处罚 last year seldom decides none.
    trends=tuple(
        Trend(row, "decisions", drop_from=100) for row in ("licensing", "penalties", "coercion")
    ),
    print_size=12,
    marks=("第二十条", "信息内容", "行政许可"),
)

OTHER_HANDLING = RowGroup(
    "（六）其他处理",
    common.numbered(
        "other_handling",
        (
            "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            "其他",
        ),
    ),
)
APPLICATIONS_TABLE = common.applications_table(OTHER_HANDLING)

# Of the 2019 table 二, only the 处理决定数量 of these rows means what 2021's 本年处理决定数量 means.
_SAME_ACTIVE_ROWS = ("licensing", "penalties", "coercion")


def counterpart(key_2019: str) -> str | None:
    """The cell of this format that holds what a cell of the 2019 format holds, or None."""
    table, row, column = key_2019.split(".")
    if table == "active":
        return key_2019 if row in _SAME_ACTIVE_ROWS and column == "decisions" else None
    if row == "other_handling":  # the 2019 format's single （六）其他处理 row
        return f"{table}.other_handling_3.{column}"
    return key_2019


def from_2019(
    previous: FormatDescription, values: dict[str, Value]
) -> tuple[dict[str, Value], list[str]]:
    """A 2019-format report's values in this format's cells, and notes on what has none: tables
    三 and 四 keep their values (（六）其他处理 goes under （六）3.其他); of table 二 only
    本年处理决定数量 of 行政许可/行政处罚/行政强制 carries."""
    carried: dict[str, Value] = {}
    notes: list[str] = []
    for key, value in values.items():
        target = counterpart(key)
        if target is None:
            notes.append(
                _("{cell}（{value}）在2021年格式中没有对应项，未转入").format(
                    cell=previous.cells[key].name, value=value
                )
            )
        else:
            carried[target] = value
    if any(k.startswith("applications.other_handling.") for k in values):
        notes.append(_("（六）其他处理的数字转入2021年格式的（六）3.其他"))
    return carried, notes


FORMAT_2021 = FormatDescription(
    id=FORMAT_ID,
    name="中华人民共和国政府信息公开工作年度报告格式（2021年）",
    document_no="国办公开办函〔2021〕30号",
    sections=common.sections(ACTIVE_TABLE, APPLICATIONS_TABLE),
    first_year=2021,
    profile=common.PROFILE,
    key_figures=common.KEY_FIGURES,
    # What the texts of real reports say about the tables (models/format/claims_2021.py).
    claim_topics=CLAIM_TOPICS,
    claims=CLAIMS,
    previous="gov-2019",
    upgrade=from_2019,
)
