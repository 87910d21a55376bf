"""What the 2019 and the 2021 notices print alike: the texts, the profile, table 三 but for its
（六）, table 四, and the labels their tables repeat.

Each notice's module assembles its description from these parts and its own; a part that a later
notice changes is written in that notice's module, never edited here.
"""

from models.format.blocks import (
    Balance,
    Block,
    CarryOver,
    Column,
    ColumnGroup,
    KeyFigure,
    Mention,
    ProfileField,
    Row,
    RowGroup,
    RowNode,
    Section,
    Table,
    Trend,
    leaves,
)

CONTENT = "信息内容"
TOTAL = "总计"
_OUTCOMES = (
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
)

# The 基本信息 part: where each field lives in the report, and its one label.
PROFILE = (
    ProfileField("agency.name", "机关名称"),
    ProfileField("year", "报告年度"),
    ProfileField("agency.office", "联系科室"),
    ProfileField("agency.address", "地址"),
    ProfileField("agency.postcode", "邮编"),
    ProfileField("agency.phone", "电话"),
    ProfileField("agency.website", "网站"),
    ProfileField("period_start", "统计期限起"),
    ProfileField("period_end", "统计期限止"),
    ProfileField("signing_unit", "落款单位"),
    ProfileField("issued_on", "成文日期"),
)

# What the status bar and the overview of a sum show of each report.
KEY_FIGURES = (
    KeyFigure("received", "本年新收", ("applications.received.total",)),
    KeyFigure("carried_over", "上年结转", ("applications.carried_over.total",)),
    KeyFigure("results", "办理结果总计", ("applications.results_total.total",)),
    KeyFigure("carried_forward", "结转下年度", ("applications.carried_forward.total",)),
    KeyFigure("reviews", "行政复议", ("litigation.cases.review_total",)),
    KeyFigure(
        "suits",
        "行政诉讼",
        ("litigation.cases.direct_suit_total", "litigation.cases.suit_after_review_total"),
    ),
)


def outcome_columns(prefix: str) -> tuple[Column, ...]:
    """结果维持 · 结果纠正 · 其他结果 · 尚未审结 · 总计, the last the sum of the first four."""
    parts = tuple(Column(f"{prefix}_{suffix}", label) for suffix, label in _OUTCOMES)
    return parts + (Column(f"{prefix}_total", TOTAL, total_of=tuple(c.id for c in parts)),)


def numbered(prefix: str, labels: tuple[str, ...]) -> tuple[Row, ...]:
    """Rows 1.… n. of a group, with ids prefix_1 … prefix_n."""
    return tuple(Row(f"{prefix}_{i}", f"{i}.{label}") for i, label in enumerate(labels, start=1))


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

# （一）…（五）of 三、本年度办理结果; each notice adds its own （六）.
RESULTS_ONE_TO_FIVE: tuple[RowNode, ...] = (
    Row("disclosed", "（一）予以公开"),
    Row("partly_disclosed", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    RowGroup(
        "（三）不予公开",
        numbered(
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
        numbered(
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
        numbered(
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
)


def applications_table(other_handling: RowNode) -> Table:
    """Table 三 with the notice's own （六）: the rows, the balance, the carry-over."""
    results = (*RESULTS_ONE_TO_FIVE, other_handling)
    result_ids = tuple(row.id for row in leaves(results))
    applicant_ids = tuple(column.id for column in leaves(_APPLICANTS))
    return Table(
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
                        _APPLICANTS + (Column("total", TOTAL, total_of=applicant_ids),),
                    ),
                ),
                rows=(
                    Row("received", "一、本年新收政府信息公开申请数量"),
                    Row("carried_over", "二、上年结转政府信息公开申请数量"),
                    RowGroup(
                        "三、本年度办理结果",
                        results + (Row("results_total", "（七）总计", total_of=result_ids),),
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
        marks=("申请人情况", "本年新收政府信息公开申请", "商业企业", "予以公开"),
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
                ColumnGroup("行政复议", outcome_columns("review")),
                ColumnGroup(
                    "行政诉讼",
                    (
                        ColumnGroup("未经复议直接起诉", outcome_columns("direct_suit")),
                        ColumnGroup("复议后起诉", outcome_columns("suit_after_review")),
                    ),
                ),
            ),
            rows=(Row("cases", ""),),
        ),
    ),
    marks=("行政复议", "行政诉讼", "复议后起诉"),
)


# The parts that hold only text.
OPENING = Section(
    id="preamble",
    heading="",
    guidance="开头段：编制依据（《中华人民共和国政府信息公开条例》）、统计期限、"
    "报告电子版的发布网站，以及对报告有疑问时的联系单位、地址、邮编和电话。",
    opening=True,
)


OVERVIEW = Section(
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
    tab="一 总体情况",
)


PROBLEMS = Section(
    id="problems",
    heading="五、存在的主要问题及改进情况",
    guidance="本年度工作存在的主要问题，以及上年度问题的改进情况。",
    # What evaluators look for first: a problem named, and what is done about it.
    mentions=(
        Mention(
            (
                "问题",
                "不足",
                "短板",
                "薄弱",
                "差距",
                "还需",
                "仍需",
                "有待",
                "不够",
                "欠缺",
                "滞后",
            ),
            "存在的主要问题",
        ),
        Mention(
            ("改进", "整改", "措施", "加强", "完善", "提升", "下一步", "今后", "推进", "强化"),
            "改进情况或改进措施",
        ),
    ),
    tab="五 问题及改进",
)


OTHER = Section(
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
    tab="六 其他事项",
)


def sections(active: Table, applications: Table) -> tuple[Section, ...]:
    """The parts of the report in order, with the notice's tables 二 and 三."""
    return (
        OPENING,
        OVERVIEW,
        Section(
            id="active",
            heading="二、主动公开政府信息情况",
            has_text=False,
            table=active,
            tab="二 主动公开",
        ),
        Section(
            id="applications",
            heading="三、收到和处理政府信息公开申请情况",
            has_text=False,
            table=applications,
            tab="三 申请处理",
        ),
        Section(
            id="litigation",
            heading="四、政府信息公开行政复议、行政诉讼情况",
            has_text=False,
            table=LITIGATION_TABLE,
            tab="四 复议诉讼",
        ),
        PROBLEMS,
        OTHER,
    )
