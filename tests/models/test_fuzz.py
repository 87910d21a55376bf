"""Fuzz: thousands of mutated exchange files per run. Each ends, within a second, in findings or
in a one-line refusal naming the file, never in an unexpected exception (the program-bug apology);
what the reader and the check accept, the database stores and gives back unchanged, and the PDF
(for a sample) prints exactly when the check finds no 错误."""

import json
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from export.errors import ExportError, ExportRefused
from export.fonts import load_fonts
from export.pdf import render_pdf
from models.checks.check import check
from models.checks.findings import Severity
from models.exchange import ExchangeError, loads_report
from models.storage.store import Store
from tests.conftest import SAMPLE

pytestmark = pytest.mark.slow  # minutes of kills / fuzzing; .ci/run runs them

SOURCE = "fuzz.json"
SAMPLE_DATA = json.loads(SAMPLE.read_text("utf-8"))


def _paths(value, path=()) -> list[tuple]:
    """Every place of the sample's JSON tree, objects and lists included."""
    found = [path]
    if isinstance(value, dict):
        for key, inner in value.items():
            found += _paths(inner, path + (key,))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found += _paths(inner, path + (index,))
    return found


PATHS = _paths(SAMPLE_DATA)[1:]

# Hostile values as raw JSON text, so that they can be what json.dumps would never write.
_numbers = st.one_of(
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
    st.integers(min_value=10**11, max_value=10**13).map(str),
    st.integers(min_value=1, max_value=6000).map(lambda n: "9" * n),
    st.builds(
        "{}e{}".format,
        st.integers(min_value=-9, max_value=9),
        st.integers(min_value=-(10**9), max_value=10**9),
    ),
    st.decimals(allow_nan=False, allow_infinity=False).map(str),
    st.sampled_from(["NaN", "Infinity", "-Infinity", "-0", "0.0", "1.5", "2021", "10000"]),
)
_odd_text = st.text(
    st.characters(exclude_categories=()) | st.sampled_from("\n\t\x00\u200b😀𠀀㐀堃"),
    max_size=30,
)  # surrogates included: written with ensure_ascii=False they make the bytes invalid UTF-8
_strings = st.one_of(
    _odd_text,
    st.from_regex(r"[+-]?[0-9]{0,25}(\.[0-9]{0,25})?([eE][+-]?[0-9]{1,10})?", fullmatch=True),
    st.sampled_from(["2022-01-05", "10000-01-01", "2021-02-30", "gov-2021", "nianbao-report"]),
    st.sampled_from(["texts.overview", "agency.name", "applications.received.total"]),
).map(lambda text: json.dumps(text))  # ensure_ascii: a lone surrogate becomes \ud800
_nesting = st.builds(
    lambda depth, opening: opening * depth + "1" + {"[": "]", '{"a":': "}"}[opening] * depth,
    st.integers(min_value=1, max_value=100_000),
    st.sampled_from(["[", '{"a":']),
)
_raw_values = st.one_of(
    _numbers,
    _strings,
    _nesting,
    st.sampled_from(["true", "false", "null", "[]", "{}", '[["x"]]', '{"x": 1}']),
)


def _fitting(path: tuple) -> st.SearchStrategy[str]:
    """A value of the right type for the place, hostile in its content."""
    if path[:3] == ("tables", "active", "fees"):
        return st.from_regex(r"-?[0-9]{1,14}(\.[0-9]{1,8})?", fullmatch=True).map(json.dumps)
    if path[0] == "tables":
        return st.one_of(
            st.integers(min_value=-3, max_value=1000),
            st.integers(min_value=10**12 - 3, max_value=10**12 + 3),
            st.integers(min_value=0, max_value=10**20),
        ).map(str)
    if path[0] in ("agency", "texts", "signing_unit"):
        return _odd_text.map(lambda text: json.dumps(text, ensure_ascii=False))
    if path[0] == "year":
        return st.integers(min_value=1800, max_value=12000).map(str)
    return _raw_values


@st.composite
def mutated_files(draw) -> bytes:
    """The sample with a few places replaced, keys added or removed, or its bytes cut."""
    data = json.loads(json.dumps(SAMPLE_DATA))
    raws: dict[str, str] = {}
    for index in range(draw(st.integers(min_value=1, max_value=3))):
        path = draw(st.sampled_from(PATHS))
        parent = data
        try:
            for step in path[:-1]:
                parent = parent[step]
            marker = f"@@{index}@@"
            action = draw(st.sampled_from(["replace", "replace", "replace", "add", "remove"]))
            if action == "remove":
                del parent[path[-1]]
            elif action == "add" and isinstance(parent, dict):
                parent[draw(_odd_text)] = marker
            else:
                parent[path[-1]] = marker
            hostile = draw(st.integers(min_value=0, max_value=3)) == 0
            raws[marker] = draw(_raw_values if hostile else _fitting(path))
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation took that place away
    text = json.dumps(data, ensure_ascii=False)
    for marker, raw in raws.items():
        text = text.replace(json.dumps(marker), raw)
    raw_bytes = text.encode("utf-8", "surrogatepass")
    if draw(st.integers(min_value=0, max_value=9)) == 0:  # a file cut short, or a byte changed
        cut = draw(st.integers(min_value=0, max_value=len(raw_bytes)))
        raw_bytes = raw_bytes[:cut] + draw(st.binary(max_size=2))
    return raw_bytes


def _fields(report) -> dict:
    """What every reader of a report sees (an empty text is the same as none)."""
    return {loc: report.get_field(loc) for loc in report.locations()} | {
        "unconfirmed": report.unconfirmed,
        "format": report.format_id,
    }


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with Store(Path(tmp_path_factory.mktemp("fuzz")) / "fuzz.db") as opened:
        yield opened


@pytest.fixture(scope="module")
def fonts():
    return load_fonts(use_system=False)


@settings(
    max_examples=2000,
    deadline=None,  # timed below, without the database and the PDF
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)
@given(raw=mutated_files(), export_this=st.integers(min_value=0, max_value=9))
def test_any_mutated_file_ends_in_findings_or_a_one_line_refusal(raw, export_this, store, fonts):
    started = time.monotonic()
    try:
        report = loads_report(raw, SOURCE)
    except ExchangeError as refusal:
        message = str(refusal)
        event("refused")  # the shares show with pytest --hypothesis-show-statistics
        assert message.startswith(SOURCE + "：") and "\n" not in message
        assert time.monotonic() - started < 1
        return
    findings = check(report)
    event("accepted")
    assert time.monotonic() - started < 1

    loaded = store.load(store.create(report))
    assert _fields(loaded) == _fields(report)
    assert check(loaded) == findings

    if export_this == 0:
        errors = any(f.severity is Severity.ERROR for f in findings)
        try:
            render_pdf(report, findings=findings, fonts=fonts)
            event("exported")
            assert not errors
        except ExportRefused:
            assert errors
        except ExportError as refused:  # e.g. a character no font has: the check must say so
            pytest.fail(f"the check passed what export refused: {refused}")
