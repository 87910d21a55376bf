"""The frozen program as the clerk gets it: built, copied to a folder with spaces and Chinese in
its path, run with no Python, no PATH, no locale and no network, on an account that never ran it."""

from __future__ import annotations

import importlib
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path
from types import ModuleType

import docx
import openpyxl
import pdfplumber
import pikepdf
import pytest

from tests.conftest import ROOT, SAMPLE, main_py

FROZEN_START_SECONDS = 4


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    """dist/nianbao/ built by tools/build_bundle.py into a folder named as a clerk might."""
    pytest.importorskip("PyInstaller")
    if not shutil.which("readelf"):
        pytest.skip("binutils (readelf, strip) are needed to build")
    base = tmp_path_factory.mktemp("build")
    dist = base / "办公 电脑" / "年报 程序"
    subprocess.run(
        [sys.executable, "tools/build_bundle.py", "--dist", dist, "--work", base / "work"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return dist / "nianbao"


@pytest.fixture
def clean_account(tmp_path) -> dict[str, str]:
    """`env -i HOME=<new folder>`: what a first start on a fresh account sees."""
    home = tmp_path / "家目录"
    home.mkdir()
    return {"HOME": str(home)}


def frozen(bundle: Path, env: dict[str, str], *args, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [bundle / "nianbao", *map(str, args)], env=env, capture_output=True, text=True, **kwargs
    )


@pytest.mark.slow
def test_frozen_check_finds_what_the_source_finds(bundle, clean_account, tmp_path):
    sample = tmp_path / "年报 样本.json"
    shutil.copy(SAMPLE, sample)
    result = frozen(bundle, clean_account, "check", sample)
    source = main_py("check", sample)
    assert result.returncode == source.returncode == 0, result.stderr
    assert result.stdout == source.stdout
    assert "name_variant" in result.stdout
    assert "0 个错误，1 个提示" in result.stderr


@pytest.mark.slow
def test_frozen_export_embeds_fonts_from_inside_the_bundle(bundle, clean_account, tmp_path):
    out = tmp_path / "输出 文件夹" / "年报.pdf"
    out.parent.mkdir()
    env = clean_account | {"NIANBAO_BUNDLED_FONTS_ONLY": "1"}
    result = frozen(bundle, env, "export", SAMPLE, "-o", out)
    assert result.returncode == 0, result.stderr
    assert "随程序提供" in result.stdout
    fonts = subprocess.run(["pdffonts", out], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert len(rows) >= 5
    for row in rows:  # name type encoding emb sub uni …: every font an embedded subset of ours
        name, *_middle, emb, sub, _uni, _obj, _gen = row.split()
        assert re.fullmatch(r"[A-Z]{6}\+Nianbao\w+-\w+", name), row
        assert (emb, sub) == ("yes", "yes"), row
    source = tmp_path / "source.pdf"
    assert main_py("export", SAMPLE, "-o", source, env=os.environ | env).returncode == 0
    assert pdf_text(out) == pdf_text(source)


@pytest.mark.slow
def test_the_bundle_ships_only_the_fonts_the_program_prints_with(bundle):
    from export.fonts import BUNDLED_FILES

    shipped = {path.name for path in (bundle / "_internal/resources/fonts").glob("*.ttf")}
    assert shipped == set(BUNDLED_FILES.values())
    assert (ROOT / "resources/fonts/NianbaoSerif-Regular.ttf").exists()  # for the tests only


@pytest.mark.slow
@pytest.mark.parametrize("suffix", [".pdf", ".docx", ".html", ".xlsx", "PDF/A"])
def test_frozen_export_writes_every_format_as_the_source_does(
    bundle, clean_account, tmp_path, suffix
):
    """What the pruning left out never runs: every format (the Word and web writers are loaded by
    name) and the PDF/A copy (pypdf, the shipped colour profile) come out as from source."""
    options = ["--pdfa"] if suffix == "PDF/A" else []
    extension = ".pdf" if suffix == "PDF/A" else suffix
    out, source = tmp_path / f"冻结{extension}", tmp_path / f"源码{extension}"
    env = clean_account | {"NIANBAO_BUNDLED_FONTS_ONLY": "1"}
    result = frozen(bundle, env, "export", SAMPLE, *options, "-o", out)
    assert result.returncode == 0, result.stderr
    assert main_py("export", SAMPLE, *options, "-o", source, env=os.environ | env).returncode == 0
    assert exported_content(out) == exported_content(source)
    if options:
        with pikepdf.open(out) as pdf:
            assert pdf.open_metadata()["pdfaid:part"] == "2"
            assert pdf.Root.OutputIntents[0].S == "/GTS_PDFA1"


def exported_content(path: Path) -> list:
    """What a reader of the file sees: a PDF's text, a workbook's cells, a document's or page's
    text."""
    if path.suffix == ".pdf":
        return pdf_text(path)
    if path.suffix == ".xlsx":
        book = openpyxl.load_workbook(path)
        return [list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets]
    if path.suffix == ".docx":
        document = docx.Document(str(path))
        cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
        return [p.text for p in document.paragraphs] + cells
    return path.read_text("utf-8").splitlines()


@pytest.mark.slow
def test_frozen_read_takes_every_kind_of_published_report(bundle, clean_account, tmp_path):
    """Word, PDF, web page, text and workbook: the frozen reader writes the exchange file the
    source writes."""
    workbook = tmp_path / "样本.xlsx"
    assert main_py("export", SAMPLE, "-o", workbook).returncode == 0
    published = ROOT / "tests" / "fixtures" / "published"
    kinds = ["city-2022.docx", "county-2020.pdf", "city-2022.html", "akqi-education-2021.txt"]
    for document in [*(published / name for name in kinds), workbook]:
        out, source = tmp_path / "冻结.json", tmp_path / "源码.json"
        result = frozen(bundle, clean_account, "read", document, "-o", out)
        assert result.returncode == 0, (document.name, result.stderr)
        assert main_py("read", document, "-o", source).returncode == 0
        assert out.read_bytes() == source.read_bytes(), document.name


@pytest.mark.slow
def test_frozen_aggregate_and_template_run(bundle, clean_account, tmp_path):
    other = json.loads(SAMPLE.read_text("utf-8"))
    other["agency"]["name"] = other["signing_unit"] = "阿合奇县卫生健康委员会"
    second = tmp_path / "卫健委.json"
    second.write_text(json.dumps(other, ensure_ascii=False), "utf-8")
    out, overview = tmp_path / "汇总.json", tmp_path / "概览.xlsx"
    command = ["aggregate", SAMPLE, second, "--agency", "阿合奇县", "-o", out]
    result = frozen(bundle, clean_account, *command, "--overview", overview)
    assert result.returncode == 0, result.stderr
    total = json.loads(out.read_text("utf-8"))
    assert total["agency"]["name"] == "阿合奇县"
    rows = list(openpyxl.load_workbook(overview).active.iter_rows(values_only=True))
    assert [row[1] for row in rows[1:]] == ["阿合奇县教育和科学技术局", "阿合奇县卫生健康委员会"]
    template = frozen(bundle, clean_account, "template")
    assert template.returncode == 0 and template.stdout == main_py("template").stdout


@pytest.mark.slow
def test_frozen_database_commands_keep_to_the_data_folder(bundle, clean_account):
    for command in (["import", SAMPLE], ["list"], ["finalize", "1"], ["next-year", "1"]):
        result = frozen(bundle, clean_account, *command)
        assert result.returncode == 0, (command, result.stderr)
    listed = frozen(bundle, clean_account, "list").stdout.splitlines()
    assert sorted(line.split("\t")[2:4] for line in listed) == [["2021", "定稿"], ["2022", "草稿"]]
    backups = frozen(bundle, clean_account, "backups").stdout.split()
    data = Path(clean_account["HOME"]) / ".local/share/nianbao"
    assert backups and all(Path(b).parent == data / "nianbao.db.backups" for b in backups)


@pytest.mark.slow
def test_frozen_review_writes_the_workbook_the_source_writes(bundle, clean_account, tmp_path):
    import openpyxl

    folder = tmp_path / "各部门 年报"
    folder.mkdir()
    for name in (
        "city-2022-ours.pdf",
        "city-2022.docx",
        "county-2020.pdf",
        "akqi-education-2021.txt",
    ):
        shutil.copy(ROOT / "tests" / "fixtures" / "published" / name, folder)
    books = tmp_path / "frozen.xlsx", tmp_path / "source.xlsx"
    result = frozen(bundle, clean_account, "review", folder, "-o", books[0])
    assert result.returncode == 0, result.stderr
    assert main_py("review", folder, "-o", books[1]).returncode == 0
    sheets = [
        [list(s.iter_rows(values_only=True)) for s in openpyxl.load_workbook(book)]
        for book in books
    ]
    assert sheets[0] == sheets[1] and len(sheets[0][0]) == 5


@pytest.mark.slow
def test_frozen_window_stays_up_offline_and_keeps_to_its_data_folder(
    bundle, clean_account, tmp_path
):
    workdir = tmp_path / "当前 目录"
    workdir.mkdir()
    env = clean_account | {"QT_QPA_PLATFORM": "offscreen"}
    # `timeout` ends the window after a few seconds: exit status 124 says it was still up then.
    command = [
        shutil.which("timeout"),
        "-k",
        "5",
        str(FROZEN_START_SECONDS),
        str(bundle / "nianbao"),
    ]
    trace = tmp_path / "sockets.txt"
    strace = shutil.which("strace")
    if strace:  # every socket the program opens, in every process it starts
        command = [strace, "-f", "-qq", "-e", "trace=socket", "-o", str(trace), *command]
    if os.geteuid() == 0 and shutil.which("unshare"):  # a network namespace with no interface
        command = [shutil.which("unshare"), "-n", *command]
    window = subprocess.run(
        command, env=env, cwd=workdir, capture_output=True, text=True, timeout=60
    )
    err = window.stderr
    assert window.returncode == 124, err
    assert "Traceback" not in err and "抱歉" not in err
    home = Path(clean_account["HOME"])
    created = sorted(str(p.relative_to(home)) for p in home.rglob("*") if p.is_file())
    assert created and all(p.startswith(".local/share/nianbao/") for p in created), created
    assert (home / ".local/share/nianbao/nianbao.db").exists()
    assert not list(workdir.iterdir())
    if strace:
        sockets = trace.read_text()
        assert not re.search(r"socket\(AF_INET6?\b", sockets), sockets


def test_window_keeps_its_settings_beside_the_database(qtbot, tmp_path):
    from models.storage.store import Store
    from ui.main_window import MainWindow

    store = Store(tmp_path / "nianbao.db")
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    window.close()
    window.settings.sync()  # what Qt does when the program ends
    store.close()
    settings = tmp_path / "nianbao-window.ini"
    assert settings.exists() and "geometry" in settings.read_text()


def test_two_databases_in_one_folder_keep_their_own_window_settings(qtbot, tmp_path):
    from models.exchange import read_report
    from models.storage.store import Store
    from ui.main_window import MainWindow

    opened = {}
    for name in ("a.db", "b.db"):
        store = Store(tmp_path / name, exclusive=True)
        report_id = store.create(read_report(SAMPLE))
        if name == "b.db":
            store.create(read_report(SAMPLE))
            report_id = store.create(read_report(SAMPLE))
        window = MainWindow(store)
        qtbot.addWidget(window)
        window.open_report(report_id)
        window.close()
        window.settings.sync()
        store.close()
        again = MainWindow(Store(tmp_path / name, exclusive=True))
        qtbot.addWidget(again)
        opened[name] = again.session.report_id if again.session else None
        again.close()
        again.store.close()
    again = MainWindow(Store(tmp_path / "a.db", exclusive=True))  # a.db again, after b.db
    qtbot.addWidget(again)
    assert again.session is not None and again.session.report_id == 1
    again.close()
    again.store.close()
    assert opened == {"a.db": 1, "b.db": 3}
    assert sorted(p.name for p in tmp_path.glob("*.ini")) == ["a-window.ini", "b-window.ini"]


def tool(name: str) -> ModuleType:
    """A module of tools/ (they import one another by plain name, as the builds run them)."""
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(ROOT / "tools"))


def pdf_text(path: Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [page.extract_text() for page in pdf.pages]


@pytest.fixture(scope="module")
def windows_kit(tmp_path_factory) -> Path:
    """dist/nianbao-windows-x64.zip, built and unpacked as a clerk would, where Wine can run it."""
    if not shutil.which("wine"):
        pytest.skip("Wine is not installed")
    pytest.importorskip("pefile")
    base = tmp_path_factory.mktemp("kit")
    subprocess.run(
        [sys.executable, "tools/build_windows_kit.py", "--dist", base, "--work", base / "work"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    target = base / "办公 电脑"
    with zipfile.ZipFile(base / "nianbao-windows-x64.zip", metadata_encoding="gbk") as archive:
        archive.extractall(target)
    return target / "nianbao-windows-x64"


def wine_cli(kit: Path, prefix: Path, *args, **extra: str) -> subprocess.CompletedProcess:
    """nianbao-cli.bat under Wine, output through a pipe as a script on Windows would read it."""
    env = {"HOME": str(prefix.parent), "WINEPREFIX": str(prefix), "WINEDEBUG": "-all"}
    env |= {"PATH": os.environ["PATH"], "LC_ALL": "C.UTF-8"}  # Wine reads Chinese paths in UTF-8
    bat = "Z:" + str(kit / "nianbao-cli.bat").replace("/", "\\")
    return subprocess.run(
        ["wine", "cmd", "/c", bat, *args],
        env=env | extra,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=300,
    )


@pytest.mark.slow
def test_windows_kit_checks_and_exports_under_wine_as_on_linux(windows_kit, tmp_path):
    manifest = (windows_kit / "MANIFEST.txt").read_text("utf-8")
    assert "signature python.exe: verified" in manifest
    assert "FAILED" not in manifest and "NOT verified" not in manifest
    assert (windows_kit / "年报填报助手.exe").read_bytes().startswith(b"MZ")
    prefix = tmp_path / "wine"
    sample = "Z:" + str(SAMPLE).replace("/", "\\")
    check = wine_cli(windows_kit, prefix, "check", sample)
    assert check.returncode == 0, check.stderr.decode("utf-8", "replace")
    assert check.stdout.decode("utf-8") == main_py("check", SAMPLE).stdout.replace("\n", "\r\n")
    out = tmp_path / "windows.pdf"
    env = {"NIANBAO_BUNDLED_FONTS_ONLY": "1"}
    export = wine_cli(windows_kit, prefix, "export", sample, "-o", "Z:" + str(out), **env)
    assert export.returncode == 0, export.stderr.decode("utf-8", "replace")
    source = tmp_path / "linux.pdf"
    assert main_py("export", SAMPLE, "-o", source, env=os.environ | env).returncode == 0
    assert pdf_text(out) == pdf_text(source)


@pytest.mark.slow
def test_windows_kit_writes_the_pdfa_copy_with_only_the_programs_fonts(windows_kit, tmp_path):
    from export.fonts import BUNDLED_FILES

    shipped = {path.name for path in (windows_kit / "app/resources/fonts").glob("*.ttf*")}
    assert shipped == {f"{name}.xz" for name in BUNDLED_FILES.values()}  # packed (models/shipped)
    out = tmp_path / "archive.pdf"
    sample = "Z:" + str(SAMPLE).replace("/", "\\")
    env = {"NIANBAO_BUNDLED_FONTS_ONLY": "1"}
    export = wine_cli(
        windows_kit, tmp_path / "wine", "export", sample, "--pdfa", "-o", "Z:" + str(out), **env
    )
    assert export.returncode == 0, export.stderr.decode("utf-8", "replace")
    with pikepdf.open(out) as pdf:
        assert pdf.open_metadata()["pdfaid:part"] == "2"
        assert pdf.Root.OutputIntents[0].DestOutputProfile.read_bytes()[36:40] == b"acsp"
    source = tmp_path / "linux.pdf"
    options = ["--pdfa", "-o", source]
    assert main_py("export", SAMPLE, *options, env=os.environ | env).returncode == 0
    assert pdf_text(out) == pdf_text(source)


@pytest.mark.slow
def test_windows_kit_download_is_at_most_40_mib(windows_kit):
    download = windows_kit.parent.parent / "nianbao-windows-x64.zip"
    assert download.stat().st_size <= 40 * 2**20


@pytest.mark.slow
def test_windows_kit_holds_one_cpp_runtime_beside_python(windows_kit):
    """Every DLL once; the C++ runtime that the modules import (Windows does not always have it)
    beside python.exe, where the loader looks for every module's imports, all of one version —
    PySide6 and shiboken6 each brought a copy, and Python an older vcruntime140.dll."""
    prune = tool("win_prune")
    runtime_prefixes = prune.RUNTIME_PREFIXES

    modules = [p for p in windows_kit.rglob("*") if p.suffix.lower() in (".dll", ".pyd", ".exe")]
    dlls = [p.name.lower() for p in modules if p.suffix.lower() == ".dll"]
    assert sorted(name for name in set(dlls) if dlls.count(name) > 1) == []
    python = windows_kit / "python"
    runtime = [p for p in modules if p.name.lower().startswith(runtime_prefixes)]
    assert {p.parent for p in runtime} == {python}
    wanted = {
        name for p in modules for name in prune.imports(p) if name.startswith(runtime_prefixes)
    }
    assert wanted == {p.name.lower() for p in runtime}
    assert len({prune.file_version(p) for p in runtime}) == 1


@pytest.fixture
def wine_display(tmp_path, monkeypatch) -> dict[str, str]:
    """A Wine prefix with Windows' ICU (tools/wine_prefix.py) and an Xvfb of its own: the
    environment to run the kit's window in, HOME a fresh folder (Documents in Wine)."""
    missing = [tool for tool in ("Xvfb", "xdotool") if not shutil.which(tool)]
    wine_prefix = tool("wine_prefix")
    make_prefix, missing_tools = wine_prefix.make_prefix, wine_prefix.missing_tools
    if missing or missing_tools():
        pytest.skip(f"not installed: {missing + missing_tools()}")
    home = tmp_path / "家"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))  # Wine links the prefix's Documents to it
    prefix = tmp_path / "wine"
    make_prefix(prefix, tmp_path / "downloads")
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", "1", "-screen", "0", "1280x900x24", "-nolisten", "tcp"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    display = xvfb.stdout.readline().decode().strip()
    env = {"HOME": str(home), "WINEPREFIX": str(prefix), "WINEDEBUG": "-all"}
    env |= {"PATH": os.environ["PATH"], "LC_ALL": "C.UTF-8", "DISPLAY": f":{display}"}
    yield env | {"NIANBAO_BUNDLED_FONTS_ONLY": "1"}
    subprocess.run(["wineserver", "-k"], env=env, check=False)
    xvfb.terminate()
    xvfb.wait(timeout=30)


def xdotool(env: dict[str, str], *args: str) -> str:
    """xdotool on the test's display; `search --sync` waits at most a minute."""
    result = subprocess.run(
        ["xdotool", *args], env=env, capture_output=True, text=True, timeout=60, check=True
    )
    return result.stdout


def menu_item(env: dict[str, str], window: str, steps: int) -> None:
    """Click into `window` (Wine gives it the keyboard then), open 文件 with Alt+F, go down
    `steps` items and choose it."""
    xdotool(env, "mousemove", "--window", window, "600", "700", "click", "1")
    xdotool(env, "key", "alt+f")
    time.sleep(0.5)
    xdotool(env, "key", *["Down"] * steps, "Return")


@pytest.mark.slow
def test_windows_kit_window_opens_the_sample_and_exports_a_pdf_under_wine(
    windows_kit, wine_display, tmp_path
):
    """The clerk's first steps in the Windows window: 文件 → 打开示例报告, 文件 → 导出 PDF…,
    保存 in Wine's own file dialog; the PDF in Documents reads as the one exported on Linux."""
    env = wine_display
    launcher = str(windows_kit / "年报填报助手.exe")
    window = subprocess.Popen(
        ["wine", "start", "/wait", "/unix", launcher], env=env, stdin=subprocess.DEVNULL
    )
    try:
        main = xdotool(env, "search", "--sync", "--name", "年报填报助手$").split()[0]
        time.sleep(3)  # the home page drawn and ready for keys
        menu_item(env, main, 2)  # 新建年度报告, 报告列表, 打开示例报告
        xdotool(env, "search", "--sync", "--name", "^阿合奇县.*年报填报助手$")
        menu_item(env, main, 9)  # … 汇总多份报告, 审查已发布的年报…, 导出交换文件…, 导出 PDF…
        time.sleep(4)  # searched at once, 「导出 PDF」 named a window the click did not reach
        dialog = xdotool(env, "search", "--sync", "--name", "^导出 PDF$").split()[-1]
        time.sleep(1)
        # the file name as proposed; 保存 (Save: Wine's dialog is 660×450, the button bottom right)
        xdotool(env, "mousemove", "--window", dialog, "558", "434", "click", "1")
        pdf = Path(env["HOME"]) / "阿合奇县教育和科学技术局2021年政府信息公开工作年度报告.pdf"
        for _tick in range(60):
            if pdf.exists():  # written atomically: whole once there
                break
            time.sleep(1)
    finally:
        subprocess.run(["wineserver", "-k"], env=env, check=False)
        window.wait(timeout=60)
    source = tmp_path / "linux.pdf"
    assert main_py("export", SAMPLE, "-o", source, env=os.environ | env).returncode == 0
    assert pdf_text(pdf) == pdf_text(source)


def test_windows_only_requirements_count_for_the_windows_kit():
    from packaging.requirements import Requirement

    deps = tool("bundle_deps")
    applicable, windows_environment = deps.applicable, deps.windows_environment

    wanted = [Requirement('colorama; platform_system == "Windows"'), Requirement("babel>=2.12")]
    windows = applicable(wanted, windows_environment("3.11.9"), ())
    assert [r.name for r in windows] == ["colorama", "babel"]
    linux = {"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix"}
    assert [r.name for r in applicable(wanted, windows_environment("3.11.9") | linux, ())] == [
        "babel"
    ]


def test_windows_launcher_shows_the_programs_icon():
    pefile = pytest.importorskip("pefile")
    from pip._vendor import distlib

    with_icon = tool("win_icon").with_icon

    launcher = with_icon((Path(distlib.__file__).parent / "w64.exe").read_bytes())
    pe = pefile.PE(data=launcher)
    icons = {}
    for kind in pe.DIRECTORY_ENTRY_RESOURCE.entries:
        for icon in kind.directory.entries if kind.id == 3 else ():
            entry = icon.directory.entries[0].data.struct
            icons[icon.id] = pe.get_data(entry.OffsetToData, entry.Size)
    group = next(k for k in pe.DIRECTORY_ENTRY_RESOURCE.entries if k.id == 14)
    entry = group.directory.entries[0].directory.entries[0].data.struct
    directory = pe.get_data(entry.OffsetToData, entry.Size)
    count = int.from_bytes(directory[4:6], "little")
    widths = []
    for n in range(count):
        width, *_rest, icon_id = struct.unpack_from("<BBBBHHIH", directory, 6 + 14 * n)
        image = icons[icon_id]
        middle_left = 40 + 4 * ((width // 2) * width + 1)  # rows bottom-up, BGRA
        b, g, r, a = image[middle_left : middle_left + 4]
        # the red square (resampling shifts it a little), not Python's blue and yellow
        assert r > 150 and g < 60 and b < 80 and a == 255, (width, r, g, b, a)
        corner = image[40 : 40 + 4]  # bottom-left pixel: outside the rounded square
        assert corner[3] < 128
        widths.append(width)
    assert sorted(widths) == [16, 32, 48]


def test_the_windows_zip_names_chinese_entries_for_every_unzip_tool(tmp_path):
    """Non-ASCII entries: made on MS-DOS, named in GBK without the UTF-8 flag (Explorer on
    Chinese Windows), with an Info-ZIP Unicode Path field holding the UTF-8 name (7-Zip, WinRAR,
    Bandizip, unzip); every entry deflated at least as small as zlib's level 9."""
    kit_builder = tool("build_windows_kit")
    KIT_NAME, UNICODE_PATH, _zip = kit_builder.KIT_NAME, kit_builder.UNICODE_PATH, kit_builder._zip
    kit = tmp_path / "kit"
    (kit / "app").mkdir(parents=True)
    (kit / "年报填报助手.exe").write_bytes(b"MZ" + b"\0" * 4000)
    (kit / "app" / "main.py").write_text("print('x')\n" * 400)
    target = _zip(kit, tmp_path / "kit.zip")
    with zipfile.ZipFile(target) as archive:
        infos = {info.orig_filename: info for info in archive.infolist()}
    chinese = f"{KIT_NAME}/年报填报助手.exe"
    (name,) = [n for n in infos if not n.isascii()]  # read without the UTF-8 flag
    info = infos[name]
    assert info.create_system == 0 and not info.flag_bits & 0x800
    assert name.encode("cp437") == chinese.encode("gbk")  # the stored name is GBK
    tag, size, version, crc = struct.unpack("<HHBI", info.extra[:9])
    assert (tag, version) == (UNICODE_PATH, 1)
    assert crc == zlib.crc32(chinese.encode("gbk"))
    assert info.extra[9 : 4 + size].decode("utf-8") == chinese
    assert infos[f"{KIT_NAME}/app/main.py"].create_system == 3  # ASCII names as they were
    script = (kit / "app" / "main.py").read_bytes()
    level_9 = zlib.compressobj(9, zlib.DEFLATED, -15)
    main = infos[f"{KIT_NAME}/app/main.py"]
    assert main.compress_type == zipfile.ZIP_DEFLATED
    assert main.compress_size <= len(level_9.compress(script) + level_9.flush())
    with zipfile.ZipFile(target, metadata_encoding="gbk") as archive:
        assert chinese in archive.namelist()
        assert archive.testzip() is None and archive.read(main.filename) == script
    if shutil.which("unzip"):
        listed = subprocess.run(["unzip", "-l", target], capture_output=True).stdout
        assert chinese.encode("utf-8") in listed


QT_SORTS_AND_DECODES = """
import sys
from PySide6.QtCore import QCollator, QLocale, QStringDecoder
collator = QCollator(QLocale("zh_CN"))
print(" ".join(sorted(sys.argv[1:], key=collator.sortKey)))
print(" ".join(n for n in ("GBK", "GB18030", "Big5") if QStringDecoder(n).isValid()))
print(next(line.split()[-1] for line in open("/proc/self/maps") if "libicudata" in line))
"""


def test_trimmed_icu_data_still_sorts_chinese_by_pinyin(tmp_path):
    """The bundle's cut-down ICU data (tools/icu_data.py), loaded by the wheel's own Qt: names in
    pinyin order as in the file dialog (code-point order would put 张 first), GBK known."""
    if not all(shutil.which(tool) for tool in ("as", "ld", "nm", "readelf")):
        pytest.skip("binutils are needed to build the library")
    import PySide6

    original = next((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"), None)
    if original is None:
        pytest.skip("this PySide6 has no ICU of its own")
    trim_library = tool("icu_data").trim_library
    trimmed = trim_library(original, tmp_path / original.name)
    assert trimmed.stat().st_size < original.stat().st_size / 5
    names = ["张三", "赵六", "王五", "李四"]
    result = subprocess.run(
        [sys.executable, "-c", QT_SORTS_AND_DECODES, *names],
        env=os.environ | {"LD_LIBRARY_PATH": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        check=True,
    )
    order, codecs, loaded = result.stdout.splitlines()
    assert loaded == str(trimmed)
    assert order == "李四 王五 张三 赵六"
    assert codecs == "GBK GB18030 Big5"


@pytest.mark.slow
def test_linux_archive_unpacks_with_plain_tar(tmp_path):
    """The download's xz filters (x86 branch filter, a large dictionary) are read by `tar -xJf`:
    machine code and text come back byte for byte."""
    if not all(shutil.which(tool) for tool in ("tar", "xz")):
        pytest.skip("tar and xz are needed")
    pack = tool("build_bundle").pack
    bundle = tmp_path / "nianbao"
    (bundle / "_internal").mkdir(parents=True)
    machine_code = Path(os.path.realpath(sys.executable)).read_bytes()
    (bundle / "nianbao").write_bytes(machine_code)
    (bundle / "_internal" / "说明.txt").write_text("年报填报助手\n" * 1000, "utf-8")
    archive = pack(bundle, tmp_path / "下载.tar.xz")
    assert archive.stat().st_size < len(machine_code)
    unpacked = tmp_path / "解压"
    unpacked.mkdir()
    subprocess.run(["tar", "-xJf", archive, "-C", unpacked], check=True)
    assert (unpacked / "nianbao" / "nianbao").read_bytes() == machine_code
    text = (unpacked / "nianbao" / "_internal" / "说明.txt").read_text("utf-8")
    assert text.count("年报") == 1000
