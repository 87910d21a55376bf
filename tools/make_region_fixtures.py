"""Write tests/fixtures/region/qingshan-2021.json … -2025.json: one district's reports of five years.

    python tools/make_region_fixtures.py

Each year's tables are consistent in themselves, and each year's 上年结转 is last year's
结转下年度. The 现行有效件数 of 行政规范性文件 follows from last year's (+ 制发 − 废止) in 2022
and 2024, not in 2023 (a clean-up re-counted the stock) nor in 2025 (a slip). The texts state
the tables' figures in the phrasings of published reports — one per year, including text pasted
from a PDF — except that 2024's text quotes last year's 现行有效 count (copied forward by mistake).
"""

from __future__ import annotations

import random
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from models.exchange import write_report  # noqa: E402
from models.format.gov_2021 import FORMAT_2021  # noqa: E402
from models.report import Agency, Report  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "region"
AGENCY = Agency(
    "江州市青山区人民政府办公室",
    "青山区人民政府办公室政务公开科",
    "江州市青山区青山大道8号",
    "330200",
    "0791-88600000",
    "www.qingshan.gov.cn",
)
APPLICANTS = ("natural_person", "business", "research", "public_interest", "legal_services")
COLUMNS = (*APPLICANTS, "other_org")
RESULT_ROWS = [
    r.id
    for r in FORMAT_2021.table("applications").blocks[0].leaf_rows()
    if r.id not in ("received", "carried_over", "carried_forward", "results_total")
]
# Per year: 规章 (制发, 废止, 现行有效), 行政规范性文件 (制发, 废止, 现行有效), 新收 by column.
YEARS = {
    2021: ((2, 0, 31), (18, 5, 160), (120, 20, 1, 3, 6, 4)),
    2022: ((1, 1, 31), (22, 9, 173), (140, 18, 0, 2, 9, 5)),
    2023: ((3, 0, 34), (25, 40, 150), (131, 25, 2, 1, 7, 3)),  # 行政规范性文件 clean-up: 158 → 150
    2024: ((0, 2, 32), (19, 6, 163), (160, 22, 1, 4, 8, 6)),
    2025: ((2, 1, 33), (21, 7, 170), (175, 30, 0, 3, 10, 2)),  # 行政规范性文件: 177 expected
}


def main(out: Path = OUT) -> None:
    """Write the five reports into `out`."""
    out.mkdir(parents=True, exist_ok=True)
    carried = dict.fromkeys(COLUMNS, 0)
    for year, (regulations, normative, received) in YEARS.items():
        report = _report(year, regulations, normative, dict(zip(COLUMNS, received, strict=True)))
        for column in COLUMNS:
            report.values[f"applications.carried_over.{column}"] = carried[column]
        _results(report, random.Random(year))
        report.fill_totals()
        carried = {c: report.values[f"applications.carried_forward.{c}"] for c in COLUMNS}
        report.texts.update(_texts(report, year))
        write_report(report, out / f"qingshan-{year}.json")
        print(out / f"qingshan-{year}.json")


def _report(year: int, regulations, normative, received: dict) -> Report:
    report = Report(
        format=FORMAT_2021,
        year=year,
        agency=AGENCY,
        period_start=date(year, 1, 1),
        period_end=date(year, 12, 31),
        signing_unit=AGENCY.name,
        issued_on=date(year + 1, 1, 20),
    )
    values = report.values
    for row, (issued, repealed, in_force) in (
        ("regulations", regulations),
        ("normative_documents", normative),
    ):
        values |= {
            f"active.{row}.issued": issued,
            f"active.{row}.repealed": repealed,
            f"active.{row}.in_force": in_force,
        }
    values["active.licensing.decisions"] = 2400 + 37 * (year - 2020)
    values["active.penalties.decisions"] = 310 + 11 * (year - 2020)
    values["active.coercion.decisions"] = 12 + (year - 2020)
    values["active.fees.amount"] = Decimal("86.427531") + (year - 2021)
    for column, count in received.items():
        values[f"applications.received.{column}"] = count
    cases = {
        "review_upheld": 2,
        "review_corrected": year % 2,
        "review_other": 0,
        "review_pending": 1,
        "direct_suit_upheld": 1,
        "direct_suit_corrected": 0,
        "direct_suit_other": 0,
        "direct_suit_pending": year % 3,
        "suit_after_review_upheld": 1,
        "suit_after_review_corrected": 0,
        "suit_after_review_other": 0,
        "suit_after_review_pending": 0,
    }
    values |= {f"litigation.cases.{k}": v for k, v in cases.items()}
    return report


def _results(report: Report, rng: random.Random) -> None:
    """Share each column's applications among the results, a few carried to next year."""
    values = report.values
    for column in COLUMNS:
        total = (
            values[f"applications.received.{column}"]
            + values[f"applications.carried_over.{column}"]
        )
        forward = min(total, rng.randint(0, max(1, total // 12)))
        values[f"applications.carried_forward.{column}"] = forward
        left = total - forward
        shares = [rng.random() ** 3 for _ in RESULT_ROWS]
        shares[0] += 2.0  # most are disclosed
        counts = [int(left * s / sum(shares)) for s in shares]
        counts[0] += left - sum(counts)
        for row, count in zip(RESULT_ROWS, counts, strict=True):
            values[f"applications.{row}.{column}"] = count


def _texts(report: Report, year: int) -> dict[str, str]:
    v = report.values

    def cell(row: str, column: str = "total") -> int:
        return v[f"applications.{row}.{column}"]

    def rows(prefix: str) -> int:
        return sum(cell(r) for r in RESULT_ROWS if r.startswith(prefix))

    organisations = cell("received") - cell("received", "natural_person")
    normative = v["active.normative_documents.in_force"]
    quoted = 173 if year == 2024 else normative  # 2024 quotes 173, the count of 2022
    active = (
        f"本年度制发规章{v['active.regulations.issued']}件，废止"
        f"{v['active.regulations.repealed']}件，现行有效{v['active.regulations.in_force']}件；"
        f"制发行政规范性文件{v['active.normative_documents.issued']}件，废止"
        f"{v['active.normative_documents.repealed']}件，现行有效{quoted}件。"
        f"全年作出行政许可决定{v['active.licensing.decisions']}件，行政处罚决定"
        f"{v['active.penalties.decisions']}件，采取行政强制措施{v['active.coercion.decisions']}件。"
    )
    requests = {
        2021: f"2021年，本机关共收到政府信息公开申请{cell('received')}件，其中自然人申请"
        f"{cell('received', 'natural_person')}件，法人或其他组织申请{organisations}件。"
        f"已办结{cell('results_total')}件，其中予以公开{cell('disclosed')}件，部分公开"
        f"{cell('partly_disclosed')}件，不予公开{rows('withheld')}件，无法提供"
        f"{rows('unavailable')}件，不予处理{rows('not_processed')}件，其他处理"
        f"{rows('other_handling')}件；结转下年度继续办理{cell('carried_forward')}件。",
        2022: f"全年受理政府信息公开申请{cell('received') + cell('carried_over')}件（含上年结转"
        f"{cell('carried_over')}件），办结{cell('results_total')}件，按时办结率100%，"
        f"结转至下一年度{cell('carried_forward')}件。",
        # Pasted from a PDF: hard line breaks inside the sentence, spaces around the numbers.
        2023: f"2023 年，共新收政府信息公开申请 {cell('received')}\n件，上年结转 "
        f"{cell('carried_over')} 件，办结\n{cell('results_total')} 件（含上年结转 "
        f"{cell('carried_over')} 件），\n结转下年度继续办理 {cell('carried_forward')} 件。",
        2024: f"本年度新收依申请公开{cell('received')}件，较上年增加"
        f"{cell('received') - 156}件；办结{cell('results_total')}件（含上年结转"
        f"{cell('carried_over')}件）。其中自然人申请{cell('received', 'natural_person')}件。",
        2025: f"{year}年共办理政府信息公开申请{cell('received') + cell('carried_over')}件，"
        f"其中新收{cell('received')}件、上年结转{cell('carried_over')}件。予以公开"
        f"{cell('disclosed')}件，部分公开{cell('partly_disclosed')}件。",
    }[year]
    review = v["litigation.cases.review_upheld"] + v["litigation.cases.review_corrected"]
    review += v["litigation.cases.review_pending"]
    suits = sum(
        v[f"litigation.cases.{k}_{o}"]
        for k in ("direct_suit", "suit_after_review")
        for o in ("upheld", "corrected", "other", "pending")
    )
    appeals = (
        f"全年因政府信息公开引发行政复议{review}件，其中维持"
        f"{v['litigation.cases.review_upheld']}件；行政诉讼{suits}件。"
    )
    notices = cell("other_handling_2") + 1
    return {
        "preamble": "根据《中华人民共和国政府信息公开条例》规定，编制本年度报告。",
        "overview": f"{year}年，青山区深入推进政务公开。" + appeals,
        "overview_active": active,
        "overview_requests": requests,
        "overview_management": "严格落实公开前保密审查。",
        "overview_platform": "依托区政府门户网站开展公开。",
        "overview_oversight": "将政务公开纳入绩效考核。",
        "problems": "公开内容还需细化，下一步将加强培训。",
        "other": f"本年度共发出收费通知{notices}件，收取信息处理费合计0.0150万元。",
    }


if __name__ == "__main__":
    main()
