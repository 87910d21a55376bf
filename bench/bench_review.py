"""Reviewing a folder of published reports: `python main.py review FOLDER -o 审查结果.xlsx` on
FILES files in one process, against reading each of them in a process of its own
(`python main.py read FILE -o OUT.json`, the way a script would loop over them) in the same run
as yardstick. Target: at most 60 ms a file in the one process.

    python bench/bench_review.py [--files 200]

The files are the city report (tests/fixtures/city-2022.json) published by as many agencies
(each its own name, so no two files are one report): our PDF, the Word template filled in, a
portal's page and that page copied as text (tools/make_reader_fixtures.py), in turns. The review
is timed RUNS times after one uncounted run; the yardstick reads a sample of SAMPLE files, each
in a fresh process, and is given per file.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.installed import installed_environment  # noqa: E402
from export.pdf import export_pdf  # noqa: E402
from models.exchange import read_report  # noqa: E402
from tools.make_reader_fixtures import (  # noqa: E402
    OUT,
    fill_word_template,
    portal_page,
    run_together_text,
)

CITY = ROOT / "tests" / "fixtures" / "city-2022.json"
RUNS = 3
SAMPLE = 20
DEPARTMENTS = (
    "发展和改革委员会 教育局 科学技术局 工业和信息化局 公安局 民政局 司法局 财政局 "
    "人力资源和社会保障局 自然资源局 生态环境局 住房和城乡建设局 交通运输局 水利局 农业农村局 "
    "商务局 文化和旅游局 卫生健康委员会 退役军人事务局 应急管理局 审计局 市场监督管理局 统计局 "
    "医疗保障局 林业局"
).split()


def make_files(folder: Path, count: int) -> list[Path]:
    """`count` published reports of as many agencies, in four shapes by turns."""
    report = read_report(CITY)
    template = OUT / "word-template-2021.docx"
    files = []
    for number in range(count):
        district = f"第{number // len(DEPARTMENTS) + 1}区"
        agency = f"江州市{district}{DEPARTMENTS[number % len(DEPARTMENTS)]}"
        report.agency.name = report.signing_unit = agency
        path = folder / f"{number:03d}-{agency}"
        shape = number % 4
        if shape == 0:
            path = path.with_suffix(".pdf")
            export_pdf(report, path)
        elif shape == 1:
            path = path.with_suffix(".docx")
            fill_word_template(report, template, path)
        elif shape == 2:
            path = path.with_suffix(".html")
            path.write_text(portal_page(report), encoding="utf-8")
        else:
            path = path.with_suffix(".txt")
            path.write_text(run_together_text(report), encoding="utf-8")
        files.append(path)
    return files


def seconds(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT, env=env)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=200)
    count = parser.parse_args().files
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        reports = folder / "reports"
        reports.mkdir()
        files = make_files(reports, count)
        env = installed_environment(folder)
        main_py = [sys.executable, str(ROOT / "main.py")]
        review = [*main_py, "review", str(reports), "-o", str(folder / "审查结果.xlsx")]
        seconds(review, env)  # uncounted: bytecode, caches
        whole = statistics.median(seconds(review, env) for _ in range(RUNS))
        sample = files[:: max(1, len(files) // SAMPLE)][:SAMPLE]
        out = str(folder / "out.json")
        seconds([*main_py, "read", str(sample[0]), "-o", out], env)
        each = statistics.mean(seconds([*main_py, "read", str(f), "-o", out], env) for f in sample)
    per_file = whole / count
    print(
        f"review of {count} files in one process: {whole:.2f} s = {per_file * 1000:.0f} ms a file"
    )
    print(
        f"yardstick: main.py read, a process per file ({len(sample)} files): {each * 1000:.0f} ms"
    )
    print(f"review a file = {per_file / each:.2f}× yardstick; target ≤ 60 ms a file: ", end="")
    print("met" if per_file <= 0.060 else "NOT met")


if __name__ == "__main__":
    main()
