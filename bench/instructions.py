"""CPU instructions of each xlsx writer on a few workbooks, counted by valgrind's callgrind.

Times on a shared machine drift by a third from run to run; instruction counts hardly move.
Each writer runs in a process of its own under callgrind, which counts only what is executed
inside operator.call (a C function nothing else here calls): the writer's call, not the
imports, nor the rendering that fills the cell grids. Every workbook is written once before
(unmeasured), so that ours starts with what a build process has kept, as in bench/writers.py.
"""
from __future__ import annotations

import operator
import pickle
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

WRITERS = ("ours", "ours_cold", "xlsxwriter")
_SUMMARY = re.compile(r"^summary:\s*(\d+)", re.M)


def count_all(briefings: list) -> dict[str, int] | None:
    """Instructions per writer over `briefings`' workbooks; None without valgrind."""
    if shutil.which("valgrind") is None:
        return None
    with tempfile.TemporaryDirectory(prefix="unionbrief-callgrind-") as tmp:
        sample = Path(tmp) / "briefings.pickle"
        sample.write_bytes(pickle.dumps(briefings))
        with ThreadPoolExecutor(len(WRITERS)) as pool:
            counts = dict(zip(WRITERS, pool.map(lambda w: _count(w, sample, Path(tmp)), WRITERS)))
    if not all(counts.values()):
        # Nothing counted: this Python's symbols are stripped, callgrind cannot find the C function.
        print("callgrind 未计到指令（Python 没有符号表？），略过指令数", file=sys.stderr)
        return None
    return counts


def _count(writer: str, sample: Path, tmp: Path) -> int:
    out = tmp / f"callgrind.{writer}"
    subprocess.run(["valgrind", "--tool=callgrind", "--collect-atstart=no",
                    "--toggle-collect=_operator_call", f"--callgrind-out-file={out}",
                    sys.executable, __file__, writer, str(sample)],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    found = _SUMMARY.search(out.read_text())
    if found is None:
        raise RuntimeError(f"callgrind wrote no summary for {writer}")
    return int(found.group(1))


def _child(writer: str, sample: Path) -> None:
    """Run under callgrind: render each workbook twice, the second write of each counted."""
    import rival_xlsx
    from rival_xlsx import forget_caches

    import compiler.render.xlsx.workbook as production
    from compiler.render import RenderOptions

    briefings = pickle.loads(sample.read_bytes())
    options = RenderOptions(template_dirs=(), font_path=None)
    counted = False

    def write(wb, grids, stamp) -> bytes:
        if writer == "xlsxwriter":
            spec = rival_xlsx.book_spec(wb, grids)
            return operator.call(rival_xlsx.with_xlsxwriter, spec) if counted \
                else rival_xlsx.with_xlsxwriter(spec)
        if writer == "ours_cold":
            forget_caches(wb)
        return operator.call(rival_xlsx.ours, wb, grids, stamp) if counted \
            else rival_xlsx.ours(wb, grids, stamp)

    production.xlsx_bytes = write
    with tempfile.TemporaryDirectory() as tmp:
        for counted in (False, True):
            for i, b in enumerate(briefings):
                production.render(b, Path(tmp) / f"{i}.xlsx", options)


if __name__ == "__main__":
    _child(sys.argv[1], Path(sys.argv[2]))
