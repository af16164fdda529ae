"""A smaller libicudata for the Linux bundle: ICU's data without the items Qt never asks for.

PySide6's Linux wheel ships ICU (libicudata.so.NN: 32 MB, a single exported array
`icudtNN_dat` holding ICU's "common data" package). Qt calls ICU for collation, code pages
and time-zone ids only, so the display-name trees and dictionaries (`[linux] icu_drop` in
bundle.toml) are dead weight. This module

1. finds the package inside the library (its header: `0xda 0x27` magic, format "CmnD") and
   its exact size (the exported symbol's size, from `nm`);
2. lists its items and removes the matching ones with `icupkg` (ICU's own package tool,
   Debian icu-devtools);
3. links a shared library exporting the same symbol over the smaller package (`cc -shared`
   on an assembly file that `.incbin`s it), with the same soname.

`shrink()` returns None, with the reason, when a tool is missing or anything does not look as
expected; the spec then bundles the original library.
"""

from __future__ import annotations

import fnmatch
import re
import shutil
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

LIBRARY = re.compile(r"^libicudata\.so\.(?P<major>\d+)$")
HEADER_MAGIC = b"\xda\x27"
FORMAT = b"CmnD"


@dataclass(frozen=True)
class Shrunk:
    library: Path | None
    reason: str  # what was done, or why not


def items_to_drop(items: Iterable[str], patterns: Sequence[str]) -> list[str]:
    """The package items (`lang/de.res`, `ibm-37_P100-1995.cnv`) matching a drop pattern."""
    return [item for item in items if any(fnmatch.fnmatchcase(item, p) for p in patterns)]


def package_span(blob: bytes, size: int) -> int:
    """Offset of ICU's common-data package in the library file (its header precedes the
    "CmnD" format tag by 12 bytes); the package is `size` bytes from there."""
    at = blob.find(FORMAT)
    while at != -1:
        start = at - 12
        if start >= 0 and blob[start + 2 : start + 4] == HEADER_MAGIC:
            if start + size > len(blob):
                raise ValueError("the ICU package runs past the end of the library")
            return start
        at = blob.find(FORMAT, at + 1)
    raise ValueError("no ICU common-data package in the library")


def symbol_size(library: Path, symbol: str) -> int:
    out = _run("nm", "-D", "-S", "--defined-only", str(library))
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[3] == symbol:
            return int(parts[1], 16)
    raise ValueError(f"{library.name} exports no {symbol}")


def assembly(symbol: str, package: Path) -> str:
    return (
        "    .section .rodata\n"
        f"    .globl {symbol}\n"
        f"    .type {symbol}, @object\n"
        "    .balign 16\n"
        f"{symbol}:\n"
        f'    .incbin "{package}"\n'
        f"    .size {symbol}, . - {symbol}\n"
        '    .section .note.GNU-stack,"",@progbits\n'
    )


def shrink(library: Path, drop: Sequence[str], work: Path) -> Shrunk:
    match = LIBRARY.match(library.name)
    if not match:
        return Shrunk(None, f"{library.name} is not ICU's data library")
    missing = [t for t in ("icupkg", "cc", "nm") if shutil.which(t) is None]
    if missing:
        return Shrunk(None, f"{', '.join(missing)} not found (Debian: icu-devtools, gcc)")
    major = match["major"]
    symbol, name = f"icudt{major}_dat", f"icudt{major}l"
    try:
        size = symbol_size(library, symbol)
        blob = library.read_bytes()
        start = package_span(blob, size)
        work.mkdir(parents=True, exist_ok=True)
        full, small = work / "full" / f"{name}.dat", work / "small" / f"{name}.dat"
        full.parent.mkdir(exist_ok=True)
        small.parent.mkdir(exist_ok=True)
        full.write_bytes(blob[start : start + size])
        listed = _run("icupkg", "-l", str(full)).split()
        dropped = items_to_drop(listed, drop)
        if not dropped:
            return Shrunk(None, "no ICU item matches [linux] icu_drop")
        remove = work / "drop.txt"
        remove.write_text("\n".join(dropped) + "\n", encoding="ascii")
        _run("icupkg", "--ignore-deps", "-r", str(remove), str(full), str(small))
        source = work / "icudata.S"
        source.write_text(assembly(symbol, small), encoding="ascii")
        out = work / library.name
        _run(
            "cc", "-shared", "-nostdlib", f"-Wl,-soname,{library.name}",
            "-o", str(out), str(source),
        )  # fmt: skip
        if symbol_size(out, symbol) != small.stat().st_size:
            return Shrunk(None, "the rebuilt library does not hold the package")
    except (OSError, ValueError, subprocess.CalledProcessError) as error:
        return Shrunk(None, f"kept the full ICU data: {error}")
    return Shrunk(
        out,
        f"ICU data {size / 1e6:.1f} MB -> {small.stat().st_size / 1e6:.1f} MB "
        f"({len(dropped)} of {len(listed)} items left out)",
    )


def _run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout
