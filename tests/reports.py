"""Reports made for the tests from the format description: random ones whose every rule holds."""

import random
from datetime import date

from hypothesis import strategies as st

from models.exchange import read_report
from models.format.blocks import ValueType
from models.format.gov_2021 import FORMAT_2021
from models.report import Agency, Report
from tests.conftest import SAMPLE

APPLICANT_COLUMNS = [
    c.id for c in FORMAT_2021.table("applications").blocks[0].leaf_columns() if not c.is_total
]
INPUT_CELLS = [ref for ref in FORMAT_2021.cells.values() if not ref.is_total]


@st.composite
def consistent_reports(draw):
    """A complete report whose every rule holds: inputs drawn, carried_forward derived, totals summed."""
    counts = st.integers(min_value=0, max_value=5000)
    report = Report(
        format=FORMAT_2021,
        year=2022,
        agency=Agency("某局", "办公室", "某路1号", "100000", "010-12345678", "www.example.gov.cn"),
        signing_unit="x",
        period_start=date(2022, 1, 1),
        period_end=date(2022, 12, 31),
        issued_on=date(2023, 1, 10),
        texts={s.id: "x" for s in FORMAT_2021.text_sections()}
        | {"other": "未收取信息处理费。", "problems": "培训不足，下一步将加强培训。"},
    )
    for ref in INPUT_CELLS:
        if ref.value_type is ValueType.AMOUNT:
            report.values[ref.key] = draw(st.decimals(min_value=0, max_value=10**6, places=4))
        else:
            report.values[ref.key] = draw(counts)
    for column in APPLICANT_COLUMNS:
        results = sum(
            v
            for k, v in report.values.items()
            if k.startswith("applications.")
            and k.endswith(f".{column}")
            and k.split(".")[1] not in ("received", "carried_over", "carried_forward")
        )
        forward = report.values[f"applications.carried_forward.{column}"]
        carried = min(report.values[f"applications.carried_over.{column}"], results + forward)
        report.values[f"applications.carried_over.{column}"] = carried
        report.values[f"applications.received.{column}"] = results + forward - carried
    report.fill_totals()
    return report


HANZI = "政府信息公开工作年度报告本机关依法主动办理申请答复行政复议诉讼情况统计数据平台建设监督保障"
LONG = 20_000  # characters of text in the long report


def long_report(total: int = LONG, seed: int = 19) -> Report:
    """The sample with paragraphs of Chinese added to its sections up to `total` characters."""
    report = read_report(SAMPLE)
    rng = random.Random(seed)
    ids = sorted(report.texts)
    length = sum(len(text) for text in report.texts.values())
    while length < total:
        paragraph = "".join(rng.choice(HANZI) for _ in range(rng.randint(40, 300))) + "。"
        section = rng.choice(ids)
        report.texts[section] += "\n" + paragraph
        length += len(paragraph) + 1
    return report
