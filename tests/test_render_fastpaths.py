"""The shortcuts that make rendering fast give what the plain ways give."""
from __future__ import annotations

import io
import json
import random
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus.paragraph import Paragraph

from compiler.briefing import Briefing
from compiler.build import _cost, _jobs
from compiler.render import RenderOptions, render
from compiler.render import pdf as pdf_module
from compiler.render.context import build_view
from compiler.render.deterministic_zip import FIXED_ZIP_TIME, write_zip
from compiler.render.fonts import find_font
from compiler.render.pdf_wrap import KinsokuParagraph, _kinsoku_split_general, kinsoku_split

FIXTURE = Path(__file__).parent / "fixtures" / "briefing_sample.json"
WQY = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
needs_wqy = pytest.mark.skipif(not WQY.is_file(), reason="fonts-wqy-microhei not installed")


@pytest.fixture(scope="module")
def briefing() -> Briefing:
    return Briefing.model_validate(json.loads(FIXTURE.read_text(encoding="utf-8")))


def _lines(paralines) -> list:
    return [([(w.text, w.fontName, w.fontSize) for w in line.words], line.extraSpace,
             line.currentWidth, line.ascent, line.descent, line.fontSize, line.lineBreak)
            for line in paralines.lines]


@needs_wqy
def test_fast_line_breaking_matches_the_general_one():
    font = find_font(None, [(str(WQY), 0)])
    rng = random.Random(20250601)
    chars = list("工会职工技能竞赛，。、；：？！“”《》（）——……DeepSeek 13.3% 35.71 ab  ")

    def text() -> str:
        parts = []
        for _ in range(rng.randint(1, 5)):
            t = "".join(rng.choice(chars) for _ in range(rng.randint(0, 50)))
            t = rng.choice([t, f"<b>{t}</b>", f'<font size="14">{t}</font>', t + "<br/>",
                            t + '<onDraw name="x" label="1"/>', f'<a href="#k">{t}</a>'])
            parts.append(t)
        return "".join(parts)

    for _ in range(300):
        style = ParagraphStyle("t", fontName=font, fontSize=rng.choice([9, 10.5, 12]),
                               leading=14, wordWrap="CJK")
        p = Paragraph(text(), style)
        widths = [rng.uniform(20, 300), rng.uniform(20, 300)]
        bounds = rng.random() < 0.3
        assert _lines(kinsoku_split(p.frags, widths, bounds)) == \
            _lines(_kinsoku_split_general(p.frags, widths, bounds)), p.text


@needs_wqy
def test_wrapped_lines_survive_a_split():
    """Paragraph.split edits the words of the lines it splits; the kept lines must not change."""
    font = find_font(None, [(str(WQY), 0)])
    style = ParagraphStyle("t", fontName=font, fontSize=10, leading=14, wordWrap="CJK",
                           firstLineIndent=20)
    text = "近日，余杭区总工会开展“夏送清凉”活动，走访企业12家、慰问职工1200余名。" * 8
    p = KinsokuParagraph(text, style)
    p.wrap(200, 1000)
    before = _lines(p.blPara)
    first, second = p.split(200, 60)
    assert "".join(w.text for line in first.blPara.lines for w in line.words).strip()
    p.wrap(200, 1000)
    assert _lines(p.blPara) == before
    assert _lines(KinsokuParagraph(text, style).breakLinesCJK([180, 200])) == before


@needs_wqy
def test_pdf_in_one_pass_reads_as_in_several(briefing, tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(pdf_module._Doc, "multiBuild",
                        lambda self, *a, **k: calls.append(1) or
                        pdf_module.BaseDocTemplate.multiBuild(self, *a, **k))
    once = tmp_path / "once.pdf"
    render(briefing, "pdf", once, RenderOptions())
    assert calls == []  # the contents came out as seeded: no second pass
    monkeypatch.setattr(pdf_module._Doc, "build_once", lambda self, story: False)
    passes = tmp_path / "passes.pdf"
    render(briefing, "pdf", passes, RenderOptions())
    assert calls
    a, b = PdfReader(str(once)), PdfReader(str(passes))
    assert [p.extract_text() for p in a.pages] == [p.extract_text() for p in b.pages]
    assert [o.title for o in a.outline if not isinstance(o, list)] == \
        [o.title for o in b.outline if not isinstance(o, list)]
    n = len(a.pages)
    assert f"第 {n} 页 共 {n} 页" in a.pages[-1].extract_text()
    # Every contents entry links somewhere; none of the page streams keeps a placeholder.
    assert any("/Annots" in p for p in a.pages[1:3])
    assert b"%unionbrief:" not in once.read_bytes()


def test_write_zip_writes_what_zipfile_writes():
    members = {"word/document.xml": b"<w:document/>" * 500, "[Content_Types].xml": b"<Types/>",
               "_rels/.rels": b"<Relationships/>", "docProps/\u5de5\u4f1a.xml": b"x" * 5000}
    expected = io.BytesIO()
    with zipfile.ZipFile(expected, "w", zipfile.ZIP_DEFLATED) as z:
        for name in ["[Content_Types].xml", "_rels/.rels", "docProps/\u5de5\u4f1a.xml",
                     "word/document.xml"]:
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0o600 << 16
            z.writestr(info, members[name], compresslevel=6)
    assert write_zip(members) == expected.getvalue()
    assert write_zip(members) == expected.getvalue()  # the second time from the kept members
    changed = dict(members, **{"word/document.xml": b"<w:document/>" * 501})
    with zipfile.ZipFile(io.BytesIO(write_zip(changed))) as z:
        assert z.read("word/document.xml") == changed["word/document.xml"]
        assert z.testzip() is None


def test_docx_keeps_the_template_styles_as_they_are(briefing, tmp_path):
    from compiler.resources import templates_dir

    out = tmp_path / "b.docx"
    render(briefing, "docx", out, RenderOptions())
    with zipfile.ZipFile(templates_dir() / "briefing.docx") as t, zipfile.ZipFile(out) as d:
        for name in ("word/styles.xml", "word/numbering.xml", "word/settings.xml"):
            assert d.read(name) == t.read(name), name


def test_view_is_shared_by_the_formats_of_one_briefing(briefing):
    options = RenderOptions()
    view = build_view(briefing, options)
    assert build_view(briefing, options) is view
    other = Briefing.model_validate(briefing.model_dump())
    assert build_view(other, options) is not view
    assert build_view(other, options) == view


def test_jobs_group_small_units_and_start_with_the_biggest(briefing):
    big = briefing.model_copy(update={"items": briefing.items * 100})
    small = [briefing.model_copy() for _ in range(3)]
    options = RenderOptions()
    tasks = [(b, f, Path(f"{i}.{f}"), options)
             for i, b in enumerate([*small[:2], big, small[2]]) for f in ("docx", "xlsx", "pdf")]
    jobs = _jobs(tasks)
    assert sorted(i for job in jobs for i in job) == list(range(len(tasks)))
    assert jobs[0] == [8]  # the big PDF first, alone
    assert [6] in jobs and [7] in jobs
    assert [0, 1, 2] in jobs and [9, 10, 11] in jobs  # a small unit's three formats together
    costs = [sum(_cost(tasks[i]) for i in job) for job in jobs]
    assert costs == sorted(costs, reverse=True)
