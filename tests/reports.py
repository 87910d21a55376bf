"""Reports made for the tests from the format description: random ones whose every rule holds."""

from datetime import date

from hypothesis import strategies as st

from models.format.blocks import ValueType
from models.format.gov_2021 import FORMAT_2021
from models.report import Agency, Report

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
        texts={s.id: "x" for s in FORMAT_2021.text_sections()} | {"other": "未收取信息处理费。"},
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
