"""The previous official format, 国办公开办函〔2019〕60号, used for the 2019 and 2020 reports.

Only for reading, checking and printing old reports, and for carrying one over into a year of the
current format (see models/format/gov_2021.py). What it prints as the 2021 notice does comes from
models/format/common.py; what differs is written here, as printed in the 2019 template.
"""

from models.format import common
from models.format.blocks import Block, Column, FormatDescription, Row, Table, ValueType
from models.format.claims_2021 import CLAIMS
from models.format.common import CONTENT

FORMAT_ID = "gov-2019"

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
            corner=CONTENT,
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
            corner=CONTENT,
            columns=(_PREVIOUS, _CHANGE, _DECISIONS),
            rows=(Row("licensing", "行政许可"), Row("other_services", "其他对外管理服务事项")),
        ),
        Block(
            id="art20_6",
            title="第二十条第（六）项",
            corner=CONTENT,
            columns=(_PREVIOUS, _CHANGE, _DECISIONS),
            rows=(Row("penalties", "行政处罚"), Row("coercion", "行政强制")),
        ),
        Block(
            id="art20_8",
            title="第二十条第（八）项",
            corner=CONTENT,
            columns=(_PREVIOUS, _CHANGE),
            rows=(Row("fees", "行政事业性收费"),),
        ),
        Block(
            id="art20_9",
            title="第二十条第（九）项",
            corner=CONTENT,
            columns=(
                Column("procurement_count", "采购项目数量"),
                Column("procurement_amount", "采购总金额", value_type=ValueType.AMOUNT),
            ),
            rows=(Row("procurement", "政府集中采购"),),
        ),
    ),
    print_size=12,
    marks=("第二十条", "信息内容", "行政许可"),
)

# The 2019 notice's table 三 has one row where the 2021 notice has a group.
OTHER_HANDLING = Row("other_handling", "（六）其他处理")
APPLICATIONS_TABLE_2019 = common.applications_table(OTHER_HANDLING)

FORMAT_2019 = FormatDescription(
    id=FORMAT_ID,
    name="中华人民共和国政府信息公开工作年度报告格式（2019年）",
    document_no="国办公开办函〔2019〕60号",
    sections=common.sections(ACTIVE_TABLE_2019, APPLICATIONS_TABLE_2019),
    first_year=2019,
    profile=common.PROFILE,
    key_figures=common.KEY_FIGURES,
    claims=CLAIMS,
)
