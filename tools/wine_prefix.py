"""A Wine prefix with what Windows 10 itself provides and Wine does not: ICU's icuuc.dll.

    python tools/wine_prefix.py PREFIX

Qt6Core.dll of the Windows wheels converts text with Windows' own ICU (the unversioned `ucnv_*`
functions of system32\\icuuc.dll, there since Windows 10 1703); Wine has no ICU, so the kit's
window does not start under Wine. This puts a real ICU in the prefix's system32 — the ICU 78 DLLs
of the `icu4py` wheel for Windows, from PyPI — and beside them an icuuc.dll whose exports forward
Windows' names (`ucnv_open`) to that ICU's (`ucnv_open_78`), made with MinGW's binutils. Only the
test prefix gets them: the kit ships none of it (Windows has its own).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ICU_WHEEL = "icu4py==1.2.0"
TOOLS = ("x86_64-w64-mingw32-as", "x86_64-w64-mingw32-ld")


def missing_tools() -> list[str]:
    """The programs this needs that are not installed (wine, MinGW's binutils)."""
    return [tool for tool in ("wine", "wineboot", *TOOLS) if not shutil.which(tool)]


def make_prefix(prefix: Path, downloads: Path) -> Path:
    """Create the Wine prefix (wineboot) and put ICU in its system32; returns system32."""
    env = os.environ | {"WINEPREFIX": str(prefix), "WINEDEBUG": "-all"}
    prefix.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["wineboot", "-i"], env=env, check=True, capture_output=True, timeout=300)
    subprocess.run(["wineserver", "-w"], env=env, check=True, timeout=300)
    system32 = prefix / "drive_c" / "windows" / "system32"
    install_icu(system32, downloads)
    return system32


def install_icu(system32: Path, downloads: Path) -> None:
    """ICU's DLLs from the icu4py wheel and the forwarding icuuc.dll, into `system32`."""
    downloads.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            *(sys.executable, "-m", "pip", "download", "-q", "--no-deps", "-d", str(downloads)),
            *("--only-binary=:all:", "--platform", "win_amd64", "--python-version", "3.11"),
            ICU_WHEEL,
        ],
        check=True,
    )
    wheel = next(downloads.glob("icu4py-*-win_amd64.whl"))
    with zipfile.ZipFile(wheel) as archive:
        for name in archive.namelist():
            if name.startswith("icu4py.libs/") and name.endswith(".dll"):
                (system32 / Path(name).name).write_bytes(archive.read(name))
    real = next(system32.glob("icuuc[0-9]*.dll"))
    (system32 / "icuuc.dll").write_bytes(forwarding_dll(real))


def forwarding_dll(real: Path) -> bytes:
    """An icuuc.dll exporting each `name_NN` function of `real` as `name`, forwarded to it."""
    import pefile

    pe = pefile.PE(str(real), fast_load=True)
    pe.parse_data_directories(directories=[pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_EXPORT"]])
    target = real.stem
    lines = ["LIBRARY icuuc.dll", "EXPORTS"]
    for symbol in pe.DIRECTORY_ENTRY_EXPORT.symbols:
        name = (symbol.name or b"").decode("ascii")
        versioned = re.fullmatch(r"(\w+)_(\d+)", name)
        if versioned:
            lines.append(f'{versioned.group(1)} = "{target}.{name}"')
    pe.close()
    with tempfile.TemporaryDirectory(prefix="icuuc-") as folder:
        work = Path(folder)
        (work / "icuuc.def").write_text("\n".join(lines) + "\n", encoding="ascii")
        (work / "empty.s").write_text("", encoding="ascii")
        subprocess.run([TOOLS[0], "-o", "empty.o", "empty.s"], cwd=work, check=True)
        subprocess.run(
            [TOOLS[1], "-shared", "--entry=0", "-o", "icuuc.dll", "empty.o", "icuuc.def"],
            cwd=work,
            check=True,
        )
        return (work / "icuuc.dll").read_bytes()


def main() -> int:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    if missing := missing_tools():
        sys.exit(
            f"not installed: {missing} (apt-get install wine wine64 binutils-mingw-w64-x86-64)"
        )
    prefix = Path(sys.argv[1]).resolve()
    system32 = make_prefix(prefix, prefix.parent / "wine-downloads")
    print(f"{prefix}: ICU in {system32}; run the kit with WINEPREFIX={prefix}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
