"""The batch's progress bar moves per page of a many-page file (scans, long PDFs), in workers too."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from reportlab.pdfgen import canvas
from rich.console import Console as RichConsole

from compiler.batch.bar import PageBar
from compiler.batch.console import Console
from compiler.batch.parse_run import parse_files
from compiler.ingest import ocr
from compiler.ingest.layout import Seg


def _pdf(path: Path, pages: int) -> Path:
    c = canvas.Canvas(str(path))
    for k in range(pages):
        c.setFont("Helvetica", 12)
        c.drawString(72, 700, f"Page {k + 1} of a long report on the union's work this year.")
        c.showPage()
    c.save()
    return path


def _fake_ocr(monkeypatch) -> None:
    """OCR replaced by a page that always reads the same: the progress, not the engine, is tested
    (the engine's own tests are in test_layout_pages.py and test_scans.py)."""
    monkeypatch.setattr(ocr, "available", lambda: True)
    monkeypatch.setattr(ocr, "require", lambda source: None)
    monkeypatch.setattr(ocr, "read_image", lambda image, source: (
        [Seg("杭州市总工会开展职工技能培训，参加培训的职工有一百余人。", 10, 10, 500, 30, 20)], [], []))


def _tiff(path: Path, frames: int) -> Path:
    images = [Image.new("L", (60, 80), 255) for _ in range(frames)]
    images[0].save(path, save_all=True, append_images=images[1:])
    return path


@pytest.mark.parametrize("jobs", [1, 2])
def test_pages_of_each_file_are_heard_in_order(tmp_path, knowledge, monkeypatch, jobs):
    _fake_ocr(monkeypatch)  # forked workers inherit the patch
    files = [_pdf(tmp_path / "long.pdf", 4), _tiff(tmp_path / "scan.tiff", 3),
             tmp_path / "plain.txt"]
    files[2].write_text("余杭区总工会举办职工运动会，两千余名职工参加。\n", encoding="utf-8")
    heard: list[tuple[str, int, int]] = []
    done: list[str] = []
    result = parse_files(files, knowledge, jobs=jobs, on_progress=lambda f: done.append(f.name),
                         on_pages=lambda f, d, t: heard.append((f.name, d, t)))
    assert not result.failures, result.failures
    assert sorted(done) == ["long.pdf", "plain.txt", "scan.tiff"]
    pdf = [(d, t) for name, d, t in heard if name == "long.pdf"]
    assert pdf == [(1, 4), (2, 4), (3, 4), (4, 4)]
    # a scan says which page it starts before the seconds of OCR, and each page when read
    assert [(d, t) for name, d, t in heard if name == "scan.tiff"] == [
        (0, 3), (1, 3), (1, 3), (2, 3), (2, 3), (3, 3)]
    assert not any(name == "plain.txt" for name, _, _ in heard)


def test_scanned_pdf_reports_the_page_before_its_ocr(tmp_path, knowledge, monkeypatch):
    _fake_ocr(monkeypatch)
    scan = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(scan))
    for _ in range(2):
        c.rect(72, 600, 200, 100, fill=1)  # a picture, no text layer
        c.showPage()
    c.save()
    heard: list[tuple[int, int]] = []
    result = parse_files([scan], knowledge, on_pages=lambda f, d, t: heard.append((d, t)))
    assert not result.failures and result.parsed
    assert heard == [(0, 2), (1, 2), (1, 2), (2, 2)]


def _bar(total: int) -> PageBar:
    return PageBar("解析稿件", total, RichConsole(file=io.StringIO(), force_terminal=True))


def test_bar_counts_a_files_pages_as_steps_and_names_the_page():
    bar = _bar(2)
    task = bar.bar.tasks[0]
    bar.pages(Path("扫描件.pdf"), 0, 4)
    assert (task.total, task.completed) == (5, 0)
    assert task.description == "解析稿件（扫描件.pdf 第 1/4 页）"
    bar.pages(Path("扫描件.pdf"), 2, 4)
    assert task.completed == 2 and "第 3/4 页" in task.description
    bar(Path("扫描件.pdf"))  # the file is done: the pages not yet counted
    assert task.completed == 4 and task.description == "解析稿件"
    bar(Path("稿件.txt"))
    assert (task.total, task.completed) == (5, 5)


def test_one_file_run_shows_the_bar_only_when_pages_come():
    bar = _bar(1)
    assert not bar.bar.tasks[0].visible
    bar.pages(Path("a.tiff"), 1, 1)  # one page: nothing to show
    assert not bar.bar.tasks[0].visible
    bar.pages(Path("b.tiff"), 1, 3)
    assert bar.bar.tasks[0].visible


def test_a_file_name_is_shown_not_obeyed():
    bar = _bar(2)
    bar.pages(Path("[red]x\x1b[2J.pdf"), 1, 2)
    description = bar.bar.tasks[0].description
    assert "\x1b" not in description and "[red]" in description


def test_parse_run_on_a_terminal_feeds_pages_to_the_bar(tmp_path, monkeypatch):
    from compiler.cli.options import parse_inputs

    _fake_ocr(monkeypatch)
    seen: list[tuple[str, int, int]] = []
    monkeypatch.setattr(PageBar, "pages", lambda self, f, d, t: seen.append((f.name, d, t)))
    console = Console()
    console.interactive = True
    console._err = RichConsole(file=io.StringIO(), force_terminal=True)
    _tiff(tmp_path / "scan.tiff", 2)
    parse_inputs([str(tmp_path)], None, 1, True, None, None, None, console)
    assert ("scan.tiff", 2, 2) in seen
