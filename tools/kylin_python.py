"""CPython 3.11 for Kylin V10 / UOS 20: compiled here against glibc 2.28 with `zig cc`, cached.

Used by `tools/build_kylin.py`. The sources are Debian's source packages (bookworm, see `SOURCES`),
fetched by `tools/debian_packages.py` into the cache; their upstream tarballs are built unpatched.
zlib, bzip2, xz, libffi and SQLite are linked statically into the extension modules, so the
interpreter needs nothing from the target system but glibc. The compiler is zig's clang
(`ziglang` on PyPI), which links against a glibc 2.28 stub: a symbol newer than 2.28 cannot be used.

What the wrapper (`cc` in the cache) fixes, met on the way: zig turns `__DATE__` into an error
(`-Wno-error=date-time`), its linker wants `-soname` where CPython's Makefile writes `-h`, libffi's
configure trips on `-Werror=implicit-function-declaration`, and the host's include and library
folders must stay out (they are glibc 2.36's).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

from debian_packages import fetch

PYTHON_VERSION = "3.11.2"
GLIBC = "2.28"
BUILD_MACHINE = "x86_64"  # this machine; "aarch64" is cross-compiled (a command-line build)
# Debian source package → (version, upstream tarball): bookworm's, as `apt-get source` names them.
SOURCES = {
    "python3.11": ("3.11.2-6+deb12u8", "python3.11_3.11.2.orig.tar.gz"),
    "zlib": ("1:1.2.13.dfsg-1", "zlib_1.2.13.dfsg.orig.tar.bz2"),
    "bzip2": ("1.0.8-5", "bzip2_1.0.8.orig.tar.gz"),
    "xz-utils": ("5.4.1-1+deb12u1", "xz-utils_5.4.1.orig.tar.xz"),
    "libffi": ("3.4.4-1", "libffi_3.4.4.orig.tar.gz"),
    "sqlite3": ("3.40.1-2+deb12u2", "sqlite3_3.40.1.orig.tar.xz"),
}
# Extension modules left out: no terminal UI, no TLS (the program is offline), no Tk, no DBM.
NOT_BUILT = (
    "_tkinter",
    "_curses",
    "_curses_panel",
    "readline",
    "_dbm",
    "_gdbm",
    "nis",
    "_uuid",
    "_ssl",
    "_hashlib",
    "_crypt",
)

WRAPPER = """#!/bin/sh
# zig cc for glibc 2.28 (tools/kylin_python.py): host folders out, -Wl,-h as -Wl,-soname.
for arg do
  shift
  case $arg in
    -I/usr/include|-I/usr/include/*|-I/usr/local/include*) continue ;;
    -L/usr/lib|-L/usr/lib/*|-L/lib|-L/lib/*|-L/usr/local/lib*) continue ;;
    -Wl,-h) arg=-Wl,-soname ;;
    -Wl,-h*) arg="-Wl,-soname,${arg#-Wl,-h}" ;;
  esac
  set -- "$@" "$arg"
done
exec "@ZIG@" @TOOL@ -target @TARGET@ -Wno-error=date-time \\
  -Wno-error=implicit-function-declaration "$@"
"""


def zig() -> Path:
    """The zig compiler of the `ziglang` wheel."""
    try:
        import ziglang
    except ImportError:
        sys.exit("ziglang is missing: pip install -e '.[kylin]'")
    return Path(ziglang.__file__).parent / "zig"


def toolchain(cache: Path, machine: str = BUILD_MACHINE) -> dict[str, str]:
    """Environment for configure scripts: CC, CXX, AR, RANLIB are zig's, in `cache`/bin/`machine`."""
    bin_dir = cache / "bin" / machine
    bin_dir.mkdir(parents=True, exist_ok=True)
    for name in ("cc", "c++"):
        text = WRAPPER.replace("@ZIG@", str(zig())).replace("@TOOL@", name)
        path = bin_dir / name
        path.write_text(text.replace("@TARGET@", f"{machine}-linux-gnu.{GLIBC}"))
        path.chmod(0o755)
    for name in ("ar", "ranlib"):  # llvm's: binutils here reads only x86 objects
        (bin_dir / name).write_text(f'#!/bin/sh\nexec "{zig()}" {name} "$@"\n')
        (bin_dir / name).chmod(0o755)
    return os.environ | {
        "CC": str(bin_dir / "cc"),
        "CXX": str(bin_dir / "c++"),
        "AR": str(bin_dir / "ar"),
        "RANLIB": str(bin_dir / "ranlib"),
        "CFLAGS": "-O2 -fPIC",
        "ZIG_GLOBAL_CACHE_DIR": str(cache / "zig-cache"),
        "PKG_CONFIG_LIBDIR": str(cache / "no-pkgconfig"),  # the host's .pc files name its folders
        "PKG_CONFIG_PATH": "",
    }


def fetch_sources(cache: Path) -> Path:
    """Debian's source packages of `SOURCES` in `cache`/src (fetched once)."""
    src = cache / "src"
    missing = [f"{name}={ver}" for name, (ver, tar) in SOURCES.items() if not (src / tar).exists()]
    if missing:
        fetch(cache, src, missing, source=True)
    return src


def unpack(tarball: Path, into: Path) -> Path:
    """The tarball's single top folder, unpacked afresh under `into`."""
    with tarfile.open(tarball) as archive:
        top = archive.getnames()[0].split("/")[0]
        shutil.rmtree(into / top, ignore_errors=True)
        archive.extractall(into, filter="data")
    return into / top


def run(command: list[str], cwd: Path, env: dict[str, str], log: Path) -> None:
    """Run a build step niced, its output into `log`; exit with the log's tail on failure."""
    with open(log, "a") as out:
        out.write(f"\n$ {' '.join(command)}\n")
        out.flush()
        result = subprocess.run(
            ["nice", "-n", "10", *command], cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    if result.returncode:
        tail = log.read_text(errors="replace").splitlines()[-30:]
        sys.exit("\n".join([*tail, f"failed: {' '.join(command)} (log: {log})"]))


def cross(machine: str) -> list[str]:
    """configure's options for `machine`: none for this one."""
    if machine == BUILD_MACHINE:
        return []
    return [f"--host={machine}-linux-gnu", f"--build={BUILD_MACHINE}-pc-linux-gnu"]


def build_libraries(
    src: Path, work: Path, deps: Path, env: dict[str, str], log: Path, machine: str
) -> None:
    """zlib, bzip2, xz, libffi and SQLite as static, position-independent libraries in `deps`."""
    prefix = [f"--prefix={deps}", f"--libdir={deps}/lib", *cross(machine)]
    static = ["--disable-shared", "--enable-static", "--with-pic"]
    folder = unpack(src / SOURCES["zlib"][1], work)
    run(["./configure", "--static", f"--prefix={deps}", f"--libdir={deps}/lib"], folder, env, log)
    run(["make", "-j2", "install"], folder, env, log)
    folder = unpack(src / SOURCES["bzip2"][1], work)
    run(
        [
            "make",
            "-j2",
            "libbz2.a",
            f"CC={env['CC']}",
            f"AR={env['AR']}",
            f"RANLIB={env['RANLIB']}",
            "CFLAGS=-O2 -fPIC -D_FILE_OFFSET_BITS=64",
        ],
        folder,
        env,
        log,
    )
    shutil.copy(folder / "bzlib.h", deps / "include")
    shutil.copy(folder / "libbz2.a", deps / "lib")
    folder = unpack(src / SOURCES["xz-utils"][1], work)
    tools = [f"--disable-{t}" for t in ("xz", "xzdec", "lzmadec", "lzmainfo", "scripts", "doc")]
    run(["./configure", *prefix, *static, *tools, "--disable-nls"], folder, env, log)
    run(["make", "-j2", "install"], folder, env, log)
    folder = unpack(src / SOURCES["libffi"][1], work)
    run(
        ["./configure", *prefix, *static, "--disable-docs", "--disable-multi-os-directory"],
        folder,
        env,
        log,
    )
    run(["make", "-j2", "install"], folder, env, log)
    folder = unpack(src / SOURCES["sqlite3"][1], work)
    sqlite_flags = "-DSQLITE_ENABLE_FTS4 -DSQLITE_ENABLE_FTS5 -DSQLITE_ENABLE_RTREE"
    sqlite_env = env | {"CFLAGS": f"{env['CFLAGS']} {sqlite_flags}"}
    options = ["--disable-tcl", "--disable-readline", "--disable-editline", "--enable-fts5"]
    run(["./configure", *prefix, *static, *options], folder, sqlite_env, log)
    run(["make", "-j2", "libsqlite3.la"], folder, sqlite_env, log)  # the amalgamation needs tclsh
    run(["make", "lib_install"], folder, sqlite_env, log)
    for header in ("sqlite3.h", "sqlite3ext.h"):
        shutil.copy(folder / header, deps / "include")


def build_python(
    src: Path, work: Path, deps: Path, prefix: Path, env: dict[str, str], log: Path, machine: str
) -> None:
    """CPython, its modules linked to `deps`; for this machine with a shared libpython (PyInstaller
    needs it) and pip, cross-compiled with this machine's Python 3.11 as the build Python."""
    folder = unpack(src / SOURCES["python3.11"][1], work)
    inc, lib = f"-I{deps}/include", f"{deps}/lib"
    flags = {
        "ZLIB_CFLAGS": inc,
        "ZLIB_LIBS": f"{lib}/libz.a",
        "BZIP2_CFLAGS": inc,
        "BZIP2_LIBS": f"{lib}/libbz2.a",
        "LIBLZMA_CFLAGS": inc,
        "LIBLZMA_LIBS": f"{lib}/liblzma.a",
        "LIBFFI_CFLAGS": inc,
        "LIBFFI_LIBS": f"{lib}/libffi.a",
        "LIBSQLITE3_CFLAGS": inc,
        "LIBSQLITE3_LIBS": f"{lib}/libsqlite3.a -lm",
        "CPPFLAGS": inc,
        "LDFLAGS": f"-L{lib}",
    }
    flags |= {f"py_cv_module_{name}": "n/a" for name in NOT_BUILT}
    options = ["--disable-test-modules", *cross(machine)]
    if machine == BUILD_MACHINE:
        options += ["--enable-shared", "--with-ensurepip=install"]
    else:  # what configure cannot find out by running a program for another machine
        site = work / "config.site"
        site.write_text(
            "ac_cv_file__dev_ptmx=yes\nac_cv_file__dev_ptc=no\nac_cv_buggy_getaddrinfo=no\n"
        )
        # binutils' readelf reads any machine's ELF files; configure wants it by its full path
        flags |= {"CONFIG_SITE": str(site), "READELF": shutil.which("readelf") or "readelf"}
        options += ["--with-ensurepip=no", f"--with-build-python={sys.executable}"]
    run(["./configure", f"--prefix={prefix}", *options], folder, env | flags, log)
    # No libpython3.so (the stable ABI's forwarder, linked by nothing here): zig cc refuses a link
    # whose only input is a shared library.
    make = ["make", "PY3LIBRARY="]
    run([*make, "-j2"], folder, env | flags, log)
    run([*make, "install"], folder, env | flags | {"LD_LIBRARY_PATH": str(folder)}, log)


def installed(cache: Path, machine: str = BUILD_MACHINE) -> Path:
    """Where the interpreter is (or will be) installed: `cache`/python-3.11.2-glibc2.28[-aarch64]."""
    suffix = "" if machine == BUILD_MACHINE else f"-{machine}"
    return cache / f"python-{PYTHON_VERSION}-glibc{GLIBC}{suffix}"


def interpreter(cache: Path, machine: str = BUILD_MACHINE) -> Path:
    """`installed(cache)`/bin/python3.11, built on first use (about fifteen minutes)."""
    prefix = installed(cache, machine)
    python = prefix / "bin" / "python3.11"
    done = prefix / "BUILT"  # written last: a build cut short is redone
    if done.exists():
        return python
    env = toolchain(cache, machine)
    src = fetch_sources(cache)
    work, deps = cache / f"work-{machine}", cache / f"deps-{machine}"
    shutil.rmtree(work, ignore_errors=True)
    shutil.rmtree(deps, ignore_errors=True)
    for folder in (work, deps / "include", deps / "lib", cache / "no-pkgconfig"):
        folder.mkdir(parents=True, exist_ok=True)
    log = cache / f"build-python-{machine}.log"
    log.write_text("")
    print(
        f"compiling CPython {PYTHON_VERSION} for {machine} glibc {GLIBC} (log: {log})", flush=True
    )
    build_libraries(src, work, deps, env, log, machine)
    shutil.rmtree(prefix, ignore_errors=True)
    build_python(src, work, deps, prefix, env, log, machine)
    done.write_text(f"CPython {PYTHON_VERSION}, zig cc -target {machine}-linux-gnu.{GLIBC}\n")
    shutil.rmtree(work)
    return python
