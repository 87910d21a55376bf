"""Files shipped packed (the Windows kit's fonts): unpacked once, on first use, into the cache."""

from __future__ import annotations

import lzma
import os

import pytest

from models.shipped import RESOURCES, shipped


@pytest.fixture
def kit(tmp_path, monkeypatch):
    """A resources folder holding one font packed, the database (and so the cache) elsewhere."""
    monkeypatch.setenv("NIANBAO_DB", str(tmp_path / "data" / "nianbao.db"))
    font = (RESOURCES / "fonts" / "NianbaoSans-Regular.ttf").read_bytes()
    (tmp_path / "kit" / "fonts").mkdir(parents=True)
    (tmp_path / "kit" / "fonts" / "NianbaoSans-Regular.ttf.xz").write_bytes(lzma.compress(font))
    return tmp_path / "kit", font


def test_a_packed_file_is_unpacked_once_into_the_cache(kit, tmp_path):
    resources, font = kit
    first = shipped("fonts/NianbaoSans-Regular.ttf", resources)
    assert first.read_bytes() == font
    assert first.is_relative_to(tmp_path / "data")  # the program's folder may be read-only
    written = first.stat().st_mtime_ns
    assert shipped("fonts/NianbaoSans-Regular.ttf", resources) == first
    assert first.stat().st_mtime_ns == written


def test_a_kit_unzipped_again_replaces_the_unpacked_copy(kit):
    resources, font = kit
    first = shipped("fonts/NianbaoSans-Regular.ttf", resources)
    packed = resources / "fonts" / "NianbaoSans-Regular.ttf.xz"
    os.utime(packed, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
    second = shipped("fonts/NianbaoSans-Regular.ttf", resources)
    assert second != first and second.read_bytes() == font
    assert not first.exists()


def test_a_damaged_packed_file_is_an_os_error_not_a_crash(kit):
    resources, _font = kit
    packed = resources / "fonts" / "NianbaoSans-Regular.ttf.xz"
    packed.write_bytes(packed.read_bytes()[:5000])
    with pytest.raises(OSError):
        shipped("fonts/NianbaoSans-Regular.ttf", resources)
    with pytest.raises(OSError):
        shipped("fonts/missing.ttf", resources)


def test_a_file_shipped_as_it_is_is_used_where_it_is():
    assert shipped("fonts/coverage.json") == RESOURCES / "fonts" / "coverage.json"
