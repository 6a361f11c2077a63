"""Reports built from samples/: normalised dumps against tests/golden/ (UPDATE_GOLDEN=1 rewrites)."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
# The build of the README's first command (make reports: one issue per month present; the
# pages known only by their year in an issue of that year). One report per level pins the
# layout, one of them a month's numbered issue; every file is checked for titles below.
PINNED = ["2023-06/省级/浙江省总工会_2023-06", "2025/市级/杭州市总工会_2025",
          "2024/县级/杭州市余杭区总工会_2024"]


def _build(out: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "compiler", "build", "samples", "--out", str(out),
                           "--period", "month", "--level", "all", "--no-cache", "-q"],
                          capture_output=True, text=True, cwd=ROOT)


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    r = _build(out)
    assert r.returncode == 0, r.stderr
    return out


def docx_dump(path: Path) -> str:
    from docx import Document
    d = Document(str(path))
    lines = [p.text for p in d.paragraphs if p.text.strip()]
    for t in d.tables:
        lines += [" | ".join(c.text for c in row.cells) for row in t.rows]
    return "\n".join(lines)


def xlsx_dump(path: Path) -> str:
    from openpyxl import load_workbook
    wb = load_workbook(str(path))
    lines = []
    for ws in wb.worksheets:
        lines.append(f"## {ws.title}")
        for row in ws.iter_rows():
            cells = [f"{c.coordinate}={c.value}" for c in row if c.value is not None]
            if cells:
                lines.append(" ".join(cells))
    return "\n".join(lines)


def pdf_dump(path: Path) -> str:
    from pypdf import PdfReader
    return "\n".join((page.extract_text() or "").strip() for page in PdfReader(str(path)).pages)


DUMPS = {"docx": ("工作简报", docx_dump), "xlsx": ("统计表", xlsx_dump), "pdf": ("摘要", pdf_dump)}


@pytest.mark.parametrize("stem", PINNED)
@pytest.mark.parametrize("fmt", list(DUMPS))
def test_report_matches_golden_dump(built, stem, fmt):
    suffix, dump = DUMPS[fmt]
    text = dump(built / f"{stem}_{suffix}.{fmt}")
    golden = GOLDEN / (stem.replace("/", "__") + f".{fmt}.txt")
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text + "\n", encoding="utf-8")
        # A rewritten golden file proves nothing: the run that writes it does not pass.
        pytest.skip(f"已重新生成 {golden.name}，请检查差异后再运行测试")
    assert golden.is_file(), f"缺少金标准 {golden}，运行 make golden 生成"
    assert text + "\n" == golden.read_text(encoding="utf-8")


def test_every_level_and_every_title(built, sample_docs):
    index = json.loads((built / "index.json").read_text(encoding="utf-8"))
    files = index["files"]
    assert not index["failures"]
    levels = {(f["level"], f["format"]) for f in files}
    assert levels == {(lv, fm) for lv in ("province", "city", "county") for fm in DUMPS}
    cities = {a.unions[0].city for d in sample_docs for a in d.articles if a.unions and a.unions[0].city}
    assert {f["unit"] for f in files if f["level"] == "city"} == {f"{c}总工会" for c in cities}
    titles = [a.title.replace(" ", "") for d in sample_docs for a in d.articles]
    # every article is in the province's issues, each in one issue only
    for fmt, (suffix, dump) in DUMPS.items():
        texts = [dump(p).replace(" ", "").replace("\n", "")
                 for p in sorted(built.glob(f"*/省级/浙江省总工会_*_{suffix}.{fmt}"))]
        assert len(texts) == 3
        missing = [t for t in titles if not any(t[:10] in x for x in texts)]
        assert not missing, (fmt, missing)
    assert not any("全部" in f["period_label"] for f in files)


def test_pdf_fonts_are_embedded(built):
    if not shutil.which("pdffonts"):
        pytest.skip("pdffonts (poppler-utils) not installed")
    pdf = built / "2023-06/省级/浙江省总工会_2023-06_摘要.pdf"
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    rows = out.splitlines()[2:]
    assert rows and all(" yes " in r for r in rows), out


def test_same_input_same_bytes(built, tmp_path):
    r = _build(tmp_path)
    assert r.returncode == 0, r.stderr

    def digests(root: Path) -> dict[str, str]:
        return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(root.rglob("*")) if p.is_file()}

    assert digests(built) == digests(tmp_path)
