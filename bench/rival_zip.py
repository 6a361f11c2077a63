"""The month's docx and xlsx packages zipped two ways: our write_zip and the standard zipfile."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any, Callable

from timing import Clock, best


def package_parts(briefings: list, options: Any, work: Path) -> list[dict[str, bytes]]:
    """The parts of every docx and xlsx report of the month, as production hands them to
    write_zip (the xlsx core properties already dated), in build order."""
    import compiler.render.docx.document as docx_module
    import compiler.render.xlsx.package as xlsx_package
    from compiler.render import render

    packages: list[dict[str, bytes]] = []

    def capture(members, transform=None):
        if transform is not None:
            members = {name: transform(name, data) for name, data in members.items()}
        packages.append(dict(members))
        return original(members)

    original = xlsx_package.write_zip
    docx_module.write_zip = xlsx_package.write_zip = capture
    try:
        for i, b in enumerate(briefings):
            for fmt in ("docx", "xlsx"):
                render(b, fmt, work / f"z{i}.{fmt}", options)
    finally:
        docx_module.write_zip = xlsx_package.write_zip = original
    return packages


_FIRST = ("[Content_Types].xml", "_rels/.rels")  # the order write_zip gives the parts


def stdlib_zip(members: dict[str, bytes]) -> bytes:
    """zipfile.ZipFile.writestr of each part, with a fixed date, in write_zip's order."""
    from compiler.render.deterministic_zip import COMPRESS_LEVEL, FIXED_ZIP_TIME

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(members, key=lambda n: (_FIRST.index(n) if n in _FIRST else 2, n)):
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0  # as written on Windows: the same bytes on every system
            info.external_attr = 0o600 << 16
            archive.writestr(info, members[name], compresslevel=COMPRESS_LEVEL)
    return out.getvalue()


def bench_zip(packages: list[dict[str, bytes]], repeats: int) -> dict:
    """All the month's packages zipped in one pass, as one build process does, best of
    `repeats` passes; write_zip's store of deflated parts starts empty in each pass."""
    from compiler.render import deterministic_zip

    def ours(members: dict[str, bytes]) -> bytes:
        return deterministic_zip.write_zip(members)

    writers: dict[str, Callable[[dict[str, bytes]], bytes]] = {"ours": ours, "zipfile": stdlib_zip}
    runs: dict[str, list[Clock]] = {name: [] for name in writers}
    for rep in range(repeats):
        for name in (list(writers) if rep % 2 == 0 else list(writers)[::-1]):
            deterministic_zip._LAST.clear()  # a fresh process: nothing deflated yet
            with Clock() as clock:
                for members in packages:
                    writers[name](members)
            runs[name].append(clock)
    deterministic_zip._LAST.clear()
    same = sum(ours(m) == stdlib_zip(m) for m in packages)
    raw = sum(len(d) for m in packages for d in m.values())
    return {"packages": len(packages), "parts": sum(map(len, packages)), "raw_bytes": raw,
            "bytes": sum(len(ours(m)) for m in packages), "identical_packages": same,
            "writers": {name: {k: round(v, 3) for k, v in best(r).items()}
                        for name, r in runs.items()}}
