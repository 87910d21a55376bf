import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Nothing a test runs may touch the user's own data folder (drafts, backups, font cache, logs).
os.environ["NIANBAO_DB"] = str(Path(tempfile.mkdtemp(prefix="nianbao-tests-")) / "nianbao.db")

from models.exchange import read_report  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "resources" / "samples" / "akqi-education-2021.json"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PUBLISHED = FIXTURES / "published"  # shapes of reports as published (tools/make_reader_fixtures.py)
REGION = (
    FIXTURES / "region"
)  # one agency's reports of several years (tools/make_region_fixtures.py)
CITY = FIXTURES / "city-2022.json"
COUNTY = FIXTURES / "county-2020.json"  # the 2019 format


@pytest.fixture
def sample_report():
    """The published 2021 report of 阿合奇县教育和科学技术局, as shipped with the program."""
    return read_report(SAMPLE)


@pytest.fixture
def city_report():
    """A city-level 2022 report with hundreds of applications, every table filled and consistent."""
    return read_report(CITY)


def main_py(*args, **kwargs) -> subprocess.CompletedProcess:
    """Run the program's command line as a clerk or a script would: a fresh process."""
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        **kwargs,
    )
