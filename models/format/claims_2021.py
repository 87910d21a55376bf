"""What the texts of real reports say about the tables of the 2021 format, as data.

Each claim: the keywords a number is bound to, and the cell (or sum of cells) it states; see
models.format.TextClaim. The phrasings are those of published reports (「共收到政府信息公开申请
528件」「办结320件（含上年结转15件）」「其中自然人申请98件」「制发规章3件，废止1件，现行有效37件」).
"""

from models.format.blocks import ClaimTopic, TextClaim

_ORGANISATIONS = ("business", "research", "public_interest", "legal_services", "other_org")


def _a(row: str, *columns: str) -> tuple[str, ...]:
    return tuple(f"applications.{row}.{c}" for c in columns or ("total",))


def _rows(prefix: str, count: int) -> tuple[str, ...]:
    return tuple(f"applications.{prefix}_{i}.total" for i in range(1, count + 1))


def _litigation(*columns: str) -> tuple[str, ...]:
    return tuple(f"litigation.cases.{c}" for c in columns)


def _applicant_readings(*columns: str) -> tuple[tuple[str, ...], ...]:
    """「其中自然人申请98件」: of the new applications, of all handled, or of the results."""
    return (
        _a("received", *columns),
        _a("received", *columns) + _a("carried_over", *columns),
        _a("results_total", *columns),
    )


# Words that make a number something other than what the keyword counts (咨询 is not 申请).
_NOT_APPLICATIONS = ("咨询", "留言", "来电", "热线", "信访", "建议", "提案", "政务服务", "办件")
# Words that make a number a share of the applications: by channel (「通过网络平台收到312件」)
# or by subject (「收到涉及征地拆迁的申请45件」).
_SHARES: tuple[str, ...] = ("网上", "网络", "在线", "当面", "现场", "信函", "邮寄", "传真")
_SHARES += ("电子邮件", "涉及", "关于", "集中", "内容", "方面", "领域")

# Words that make a number about 行政许可/处罚 something other than decisions (事项, 案卷评查).
_NOT_DECISIONS = ("事项", "清单", "目录", "申请", "权力", "案卷", "评查", "培训", "标准", "流程")

REQUESTS = "requests"
ACTIVE = "active"
APPEALS = "appeals"
FEES = "fees"

CLAIM_TOPICS = (
    ClaimTopic(
        REQUESTS,
        context=("依申请", "公开申请", "信息公开申请", "申请公开"),
        sections=("overview_requests",),
    ),
    ClaimTopic(
        ACTIVE,
        subjects=(("regulations", r"规章(?!制度)"), ("normative_documents", r"规范性文件")),
    ),
    ClaimTopic(
        APPEALS,
        context=("信息公开", "依申请"),
        subjects=(("review", r"复议(?!后)"), ("suit", r"诉讼|起诉")),
    ),
    ClaimTopic(FEES, context=("收费", "缴费", "处理费")),
)

_RECEIVED_OR_ALL = (_a("received"), _a("received") + _a("carried_over"))

CLAIMS = (
    # 表三: the rows.
    TextClaim(
        REQUESTS,
        ("收到", "受理", "共收", "接收", "收悉"),
        _RECEIVED_OR_ALL,
        excludes=_NOT_APPLICATIONS + _SHARES,
        none_patterns=(
            r"(未|没有)(收到|受理|接到)[^，。；]*申请",
            r"无(政府信息公开|依申请公开)申请",
        ),
    ),
    TextClaim(REQUESTS, ("新收",), (_a("received"),), excludes=_NOT_APPLICATIONS + _SHARES),
    TextClaim(
        REQUESTS,
        ("上年结转", "上年度结转", "上一年度结转", "结转上年", "上年遗留"),
        (_a("carried_over"),),
    ),
    TextClaim(
        REQUESTS,
        ("办结", "答复", "办理完毕", "处理完毕", "作出处理"),
        (_a("results_total"),),
        excludes=_NOT_APPLICATIONS + _SHARES,
    ),
    TextClaim(
        REQUESTS,
        ("办理",),
        (*_RECEIVED_OR_ALL, _a("results_total")),
        excludes=_NOT_APPLICATIONS + _SHARES,
        weak=True,
    ),
    TextClaim(
        REQUESTS,
        ("结转下年", "结转至下", "结转到下", "转入下一", "结转下一", "继续办理", "尚在办理"),
        (_a("carried_forward"),),
    ),
    TextClaim(REQUESTS, ("予以公开", "同意公开", "全部公开"), (_a("disclosed"),)),
    TextClaim(REQUESTS, ("部分公开",), (_a("partly_disclosed"),)),
    # 「予以公开及部分公开42件」: the two rows together, not （二） alone (the longer keyword wins).
    TextClaim(
        REQUESTS,
        (
            "予以公开及部分公开",
            "予以公开和部分公开",
            "予以公开或部分公开",
            "予以公开、部分公开",
            "全部公开和部分公开",
            "全部公开及部分公开",
            "全部或部分公开",
            "全部和部分公开",
        ),
        (_a("disclosed") + _a("partly_disclosed"),),
    ),
    TextClaim(REQUESTS, ("不予公开",), (_rows("withheld", 8),)),
    TextClaim(REQUESTS, ("无法提供",), (_rows("unavailable", 3),)),
    TextClaim(REQUESTS, ("本机关不掌握", "不掌握相关政府信息"), (_a("unavailable_1"),)),
    TextClaim(REQUESTS, ("不予处理",), (_rows("not_processed", 5),)),
    TextClaim(REQUESTS, ("其他处理",), (_rows("other_handling", 3),)),
    # 表三: the applicants.
    TextClaim(REQUESTS, ("自然人",), _applicant_readings("natural_person")),
    TextClaim(
        REQUESTS,
        ("法人或其他组织", "法人或者其他组织", "法人和其他组织"),
        _applicant_readings(*_ORGANISATIONS),
    ),
    TextClaim(REQUESTS, ("商业企业", "企业申请"), _applicant_readings("business")),
    TextClaim(REQUESTS, ("科研机构",), _applicant_readings("research")),
    TextClaim(REQUESTS, ("社会公益组织",), _applicant_readings("public_interest")),
    TextClaim(REQUESTS, ("法律服务机构",), _applicant_readings("legal_services")),
    # 表二.
    *(
        TextClaim(
            ACTIVE,
            keywords,
            ((f"active.{row}.{column}",),),
            subject=row,
            units=("件", "部", "个", "份"),
        )
        for row in ("regulations", "normative_documents")
        for column, keywords in (
            ("issued", ("制发", "制定", "印发", "出台")),
            ("repealed", ("废止",)),
            ("in_force", ("现行有效", "仍然有效", "继续有效")),
        )
    ),
    *(
        TextClaim(
            ACTIVE,
            keywords,
            ((f"active.{row}.decisions",),),
            excludes=_NOT_DECISIONS,
            units=("件", "个", "次", "宗", "起"),
        )
        for row, keywords in (
            ("licensing", ("行政许可", "许可决定")),
            ("penalties", ("行政处罚", "处罚决定")),
            ("coercion", ("行政强制", "强制措施")),
        )
    ),
    TextClaim(ACTIVE, ("行政事业性收费",), (("active.fees.amount",),), units=("万元", "元")),
    # 表四.
    TextClaim(
        APPEALS,
        ("行政复议", "复议"),
        (_litigation("review_total"),),
        units=("件", "起", "宗", "例"),
    ),
    TextClaim(
        APPEALS,
        ("行政诉讼", "诉讼"),
        (_litigation("direct_suit_total", "suit_after_review_total"),),
        units=("件", "起", "宗", "例"),
    ),
    TextClaim(
        APPEALS,
        ("直接起诉", "未经复议"),
        (_litigation("direct_suit_total"),),
        units=("件", "起", "宗", "例"),
    ),
    TextClaim(
        APPEALS,
        ("复议后起诉",),
        (_litigation("suit_after_review_total"),),
        units=("件", "起", "宗", "例"),
    ),
    TextClaim(
        APPEALS,
        ("行政复议和行政诉讼", "复议和诉讼", "复议、诉讼", "行政复议、行政诉讼"),
        (_litigation("review_total", "direct_suit_total", "suit_after_review_total"),),
        units=("件", "起", "宗", "例"),
    ),
    *(
        TextClaim(
            APPEALS,
            keywords,
            (
                _litigation(f"review_{outcome}")
                if subject == "review"
                else _litigation(f"direct_suit_{outcome}", f"suit_after_review_{outcome}"),
            ),
            subject=subject,
            units=("件", "起", "宗", "例"),
        )
        for subject in ("review", "suit")
        for outcome, keywords in (
            ("upheld", ("维持",)),
            ("corrected", ("纠正",)),
            ("other", ("其他结果",)),
            ("pending", ("尚未审结", "未审结")),
        )
    ),
    # 六: a fee notice comes before every application dropped for an unpaid fee.
    TextClaim(
        FEES,
        ("收费通知", "缴费通知"),
        (_a("other_handling_2"),),
        at_least=True,
        none_patterns=(
            r"(未|没有)[^，。；]{0,8}(发出|发送|下发|出具)[^，。；]*(收费|缴费)通知",
            r"(未|没有)(产生|发生)[^，。；]*信息处理费",
        ),
    ),
)
