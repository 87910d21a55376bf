"""The official format of 国办公开办函〔2021〕30号, used for the 2021 reports and after.

Every label below is written exactly as printed in the official template. A later revision of the
format is a new module like this one, registered in models.formats, never an edit of this one.
"""

from models.format.blocks import (
    Balance,
    Block,
    CarryOver,
    Column,
    ColumnGroup,
    FormatDescription,
    Mention,
    Row,
    RowGroup,
    Section,
    Stock,
    Table,
    Trend,
    ValueType,
)
from models.format.claims_2021 import CLAIM_TOPICS, CLAIMS

FORMAT_ID = "gov-2021"

# Labels that the official template prints more than once are written once here.
_CONTENT = "信息内容"
_DECISIONS = "本年处理决定数量"
_TOTAL = "总计"
_OUTCOMES = (
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
)


def _outcome_columns(prefix: str) -> tuple[Column, ...]:
    """结果维持 · 结果纠正 · 其他结果 · 尚未审结 · 总计, the last the sum of the first four."""
    parts = tuple(Column(f"{prefix}_{suffix}", label) for suffix, label in _OUTCOMES)
    return parts + (Column(f"{prefix}_total", _TOTAL, total_of=tuple(c.id for c in parts)),)


def _numbered(prefix: str, labels: tuple[str, ...]) -> tuple[Row, ...]:
    return tuple(Row(f"{prefix}_{i}", f"{i}.{label}") for i, label in enumerate(labels, start=1))


ACTIVE_TABLE = Table(
    id="active",
    short_name="表二",
    blocks=(
        Block(
            id="art20_1",
            title="第二十条第（一）项",
            corner=_CONTENT,
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
            corner=_CONTENT,
            columns=(Column("decisions", _DECISIONS),),
            rows=(Row("licensing", "行政许可"),),
        ),
        Block(
            id="art20_6",
            title="第二十条第（六）项",
            corner=_CONTENT,
            columns=(Column("decisions", _DECISIONS),),
            rows=(Row("penalties", "行政处罚"), Row("coercion", "行政强制")),
        ),
        Block(
            id="art20_8",
            title="第二十条第（八）项",
            corner=_CONTENT,
            columns=(Column("amount", "本年收费金额（单位：万元）", value_type=ValueType.AMOUNT),),
            rows=(Row("fees", "行政事业性收费"),),
        ),
    ),
    stocks=(Stock(column="in_force", added="issued", removed="repealed"),),
    # An agency that decided hundreds of 许可/处罚 last year seldom decides none.
    trends=tuple(
        Trend(row, "decisions", drop_from=100) for row in ("licensing", "penalties", "coercion")
    ),
)

_APPLICANTS = (
    Column("natural_person", "自然人"),
    ColumnGroup(
        "法人或其他组织",
        (
            Column("business", "商业企业"),
            Column("research", "科研机构"),
            Column("public_interest", "社会公益组织"),
            Column("legal_services", "法律服务机构"),
            Column("other_org", "其他"),
        ),
    ),
)
_APPLICANT_IDS = (
    "natural_person",
    "business",
    "research",
    "public_interest",
    "legal_services",
    "other_org",
)

_RESULT_GROUPS = (
    Row("disclosed", "（一）予以公开"),
    Row("partly_disclosed", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    RowGroup(
        "（三）不予公开",
        _numbered(
            "withheld",
            (
                "属于国家秘密",
                "其他法律行政法规禁止公开",
                "危及“三安全一稳定”",
                "保护第三方合法权益",
                "属于三类内部事务信息",
                "属于四类过程性信息",
                "属于行政执法案卷",
                "属于行政查询事项",
            ),
        ),
    ),
    RowGroup(
        "（四）无法提供",
        _numbered(
            "unavailable",
            (
                "本机关不掌握相关政府信息",
                "没有现成信息需要另行制作",
                "补正后申请内容仍不明确",
            ),
        ),
    ),
    RowGroup(
        "（五）不予处理",
        _numbered(
            "not_processed",
            (
                "信访举报投诉类申请",
                "重复申请",
                "要求提供公开出版物",
                "无正当理由大量反复申请",
                "要求行政机关确认或重新出具已获取信息",
            ),
        ),
    ),
    RowGroup(
        "（六）其他处理",
        _numbered(
            "other_handling",
            (
                "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                "其他",
            ),
        ),
    ),
)


def _result_row_ids() -> tuple[str, ...]:
    return tuple(row.id for row in Block("", "", "", (), _RESULT_GROUPS).leaf_rows())


APPLICATIONS_TABLE = Table(
    id="applications",
    short_name="表三",
    blocks=(
        Block(
            id="applications",
            title="",
            corner="（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
            columns=(
                ColumnGroup(
                    "申请人情况",
                    _APPLICANTS + (Column("total", _TOTAL, total_of=_APPLICANT_IDS),),
                ),
            ),
            rows=(
                Row("received", "一、本年新收政府信息公开申请数量"),
                Row("carried_over", "二、上年结转政府信息公开申请数量"),
                RowGroup(
                    "三、本年度办理结果",
                    _RESULT_GROUPS
                    + (Row("results_total", "（七）总计", total_of=_result_row_ids()),),
                ),
                Row("carried_forward", "四、结转下年度继续办理"),
            ),
        ),
    ),
    balances=(
        Balance(
            id="applications.balance",
            lhs=("received", "carried_over"),
            rhs=("results_total", "carried_forward"),
            lhs_name="第一项加第二项之和",
            rhs_name="第三项加第四项之和",
        ),
    ),
    carry_overs=(CarryOver(row="carried_over", from_row="carried_forward"),),
    # 新收 seldom changes fivefold from one year to the next.
    trends=(Trend("received", "total", factor=5, floor=20),),
)

LITIGATION_TABLE = Table(
    id="litigation",
    short_name="表四",
    blocks=(
        Block(
            id="litigation",
            title="",
            corner="",
            columns=(
                ColumnGroup("行政复议", _outcome_columns("review")),
                ColumnGroup(
                    "行政诉讼",
                    (
                        ColumnGroup("未经复议直接起诉", _outcome_columns("direct_suit")),
                        ColumnGroup("复议后起诉", _outcome_columns("suit_after_review")),
                    ),
                ),
            ),
            rows=(Row("cases", ""),),
        ),
    ),
)

FORMAT_2021 = FormatDescription(
    id=FORMAT_ID,
    name="中华人民共和国政府信息公开工作年度报告格式（2021年）",
    document_no="国办公开办函〔2021〕30号",
    sections=(
        Section(
            id="preamble",
            heading="",
            guidance="开头段：编制依据（《中华人民共和国政府信息公开条例》）、统计期限、"
            "报告电子版的发布网站，以及对报告有疑问时的联系单位、地址、邮编和电话。",
        ),
        Section(
            id="overview",
            heading="一、总体情况",
            guidance="本年度政府信息公开工作的总体情况，可先概述，再分五部分叙述。",
            subsections=(
                Section(
                    "overview_active",
                    "（一）主动公开情况",
                    "本年度主动公开政府信息的数量、渠道和重点领域。",
                ),
                Section(
                    "overview_requests",
                    "（二）依申请公开情况",
                    "收到和办理政府信息公开申请的情况，与表三的数字一致。",
                ),
                Section(
                    "overview_management",
                    "（三）政府信息管理情况",
                    "政府信息的制作、保存、审查、清理和动态更新。",
                ),
                Section(
                    "overview_platform",
                    "（四）平台建设情况",
                    "政府网站、政务新媒体、公开专栏等公开平台的建设。",
                ),
                Section(
                    "overview_oversight",
                    "（五）监督保障情况",
                    "组织领导、制度建设、培训、考核、社会评议和责任追究。",
                ),
            ),
        ),
        Section(
            id="active",
            heading="二、主动公开政府信息情况",
            has_text=False,
            table=ACTIVE_TABLE,
        ),
        Section(
            id="applications",
            heading="三、收到和处理政府信息公开申请情况",
            has_text=False,
            table=APPLICATIONS_TABLE,
        ),
        Section(
            id="litigation",
            heading="四、政府信息公开行政复议、行政诉讼情况",
            has_text=False,
            table=LITIGATION_TABLE,
        ),
        Section(
            id="problems",
            heading="五、存在的主要问题及改进情况",
            guidance="本年度工作存在的主要问题，以及上年度问题的改进情况。",
        ),
        Section(
            id="other",
            heading="六、其他需要报告的事项",
            guidance="须说明按《政府信息公开信息处理费管理办法》收取信息处理费的情况"
            "（发出收费通知的件数、总金额、实际收取的总金额，或未收取）；"
            "也可说明政务公开工作要点落实、人大代表建议和政协提案办理结果公开、工作创新等。",
            mentions=(
                Mention(
                    ("信息处理费", "处理费"),
                    "信息处理费的收取情况（国办函〔2020〕109号：发出收费通知的件数、"
                    "总金额和实际收取的总金额，或未收取）",
                ),
            ),
        ),
    ),
    # What the texts of real reports say about the tables (models/format/claims_2021.py).
    claim_topics=CLAIM_TOPICS,
    claims=CLAIMS,
)
