"""Phone photos and office scans: EXIF orientation, quarter turns, skew, keystone on a dark desk, uneven light."""
from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from compiler.ingest import ocr, photo, read_page

FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
needs_font = pytest.mark.skipif(not FONT.exists(), reason="CJK font not installed")
needs_ocr = pytest.mark.skipif(not ocr.available(), reason="OCR extra not installed")

LINES = ["职工书屋建设推进会在县城召开", "全县二十个乡镇的工会干部参加会议，",
         "交流了书屋管理和读书活动的做法。", "会议要求各地把书屋办成职工身边的",
         "学习阵地，让更多职工爱读书读好书。", "下一步将评选一批示范职工书屋。"]


def _page(width: int = 700, size: int = 26) -> np.ndarray:
    """A grey page of text lines drawn with the CJK font, the headline larger."""
    image = Image.new("L", (width, 90 + len(LINES) * int(size * 1.8)), 255)
    draw = ImageDraw.Draw(image)
    draw.text((40, 30), LINES[0], font=ImageFont.truetype(str(FONT), int(size * 1.5)), fill=0)
    body = ImageFont.truetype(str(FONT), size)
    for k, line in enumerate(LINES[1:]):
        draw.text((40, 90 + k * int(size * 1.8)), line, font=body, fill=0)
    return np.asarray(image)


def _turned(gray: np.ndarray, degrees: float) -> np.ndarray:
    return np.asarray(Image.fromarray(gray).rotate(degrees, expand=True, fillcolor=255))


def _on_desk(gray: np.ndarray, margin: int = 80, shade: int = 50, keystone: float = 0.0) -> np.ndarray:
    import cv2

    h, w = gray.shape
    desk = np.full((h + 2 * margin, w + 2 * margin), shade, np.uint8)
    desk[margin:margin + h, margin:margin + w] = gray
    if keystone:
        H, W = desk.shape
        src = np.float32([[0, 0], [W, 0], [W, H], [0, H]])
        dst = np.float32([[W * keystone, 0], [W * (1 - keystone), 0], [W, H], [0, H]])
        desk = cv2.warpPerspective(desk, cv2.getPerspectiveTransform(src, dst), (W, H),
                                   borderValue=shade)
    return desk


@needs_font
@pytest.mark.parametrize("degrees", [-4.5, -1.5, 2.0, 5.0])
def test_skew_is_measured_and_turned_away(degrees):
    page = _page()
    assert abs(photo.skew(page)) < photo.MIN_SKEW  # a level page is left as it is
    slanted = _turned(page, degrees)
    assert photo.skew(slanted) == pytest.approx(-degrees, abs=0.3)
    level = photo.rotated(slanted, photo.skew(slanted))
    assert abs(photo.skew(level)) < photo.MIN_SKEW


@needs_font
def test_a_page_on_a_dark_desk_is_cut_out_and_its_keystone_undone():
    page = _page()
    photo_ = _on_desk(page, keystone=0.04)
    corners = photo.page_corners(photo_)
    assert corners is not None
    flat = photo.flattened_page(photo_, corners)
    h, w = page.shape
    assert abs(flat.shape[0] - h) < 0.1 * h and abs(flat.shape[1] - w) < 0.12 * w
    assert flat[:10].mean() > 200 and flat[-10:].mean() > 200  # no desk left at the edges


@needs_font
def test_a_scan_or_a_shadowed_page_is_not_taken_for_a_page_on_a_desk():
    page = _page()
    assert photo.page_corners(page) is None
    h, w = page.shape
    shade = np.linspace(0.45, 1.0, w, dtype=np.float32)[None, :]
    shadowed = (page.astype(np.float32) * shade).astype(np.uint8)
    assert photo.page_corners(shadowed) is None


@needs_font
def test_uneven_light_is_evened_out():
    page = _page()
    h, w = page.shape
    shade = np.linspace(0.45, 1.0, w, dtype=np.float32)[None, :]
    shadowed = (page.astype(np.float32) * shade).astype(np.uint8)
    assert np.array_equal(photo.even_light(page), page)  # an evenly lit scan is left alone
    even = photo.even_light(shadowed)
    paper = page > 250  # where the page has no ink
    assert shadowed[paper].std() > 30
    assert even[paper].mean() > 240 and even[paper].std() < 12
    ink = page < 60
    assert even[ink].mean() < 110  # the text stays dark where the shadow was


@needs_font
def test_white_text_on_a_dark_banner_keeps_its_ground():
    page = Image.fromarray(np.vstack([_page(), _page()]))
    draw = ImageDraw.Draw(page)
    draw.rectangle((40, 300, 600, 360), fill=30)
    draw.text((60, 310), "工会动态", font=ImageFont.truetype(str(FONT), 40), fill=255)
    gray = np.asarray(page)
    shade = np.linspace(0.5, 1.0, gray.shape[0], dtype=np.float32)[:, None]  # a shadow: evened
    shadowed = (gray.astype(np.float32) * shade).astype(np.uint8)
    even = photo.even_light(shadowed)
    assert not np.array_equal(even, shadowed)
    assert np.median(even[305:355, 45:595]) < 80  # the ground stays dark, the text light
    letters = gray[305:355, 45:595] > 200
    assert even[305:355, 45:595][letters].mean() > 150


def test_exif_orientation_turns_the_photo_upright():
    image = Image.new("L", (40, 20), 255)  # stored sideways: 40 wide, 20 high
    image.putpixel((0, 0), 0)
    exif = image.getexif()
    exif[0x0112] = 6  # "turn right to view"
    data = io.BytesIO()
    image.save(data, format="JPEG", exif=exif.tobytes())
    shown = photo.upright(Image.open(io.BytesIO(data.getvalue())))
    assert shown.size == (20, 40)


def test_lines_standing_upright_mean_a_sideways_page():
    def row(w, h):
        return [[[0, 0], [w, 0], [w, h], [0, h]], "字" * 8, 0.9]

    assert photo.sideways([row(30, 400)] * 6 + [row(300, 30)])
    assert not photo.sideways([row(400, 30)] * 6 + [row(30, 300)])
    assert not photo.sideways([row(30, 30)] * 6)  # single characters say nothing
    assert not photo.sideways(None)


@needs_font
@needs_ocr
def test_sideways_phone_photo_is_read_upright(tmp_path):
    """One slow OCR test: a page photographed on a dark desk, slanted, turned a quarter and
    stored with an EXIF tag that says so, and a plain scan turned a quarter the other way."""
    page = _page(size=22)
    snapped = _turned(_on_desk(page, margin=60, shade=40, keystone=0.02), 2.5)
    stored = np.ascontiguousarray(np.rot90(snapped, 1))  # as the sensor had it
    image = Image.fromarray(stored)
    exif = image.getexif()
    exif[0x0112] = 6
    jpg = tmp_path / "photo.jpg"
    image.save(jpg, quality=70, exif=exif.tobytes())
    scan = tmp_path / "scan.png"
    Image.fromarray(np.ascontiguousarray(np.rot90(page, -1))).save(scan)
    for path in (jpg, scan):
        text = read_page(path).text.replace(" ", "")
        assert "职工书屋建设推进会" in text, (path.name, text)
        assert text.index("二十个乡镇") < text.index("示范职工书屋"), text


def test_huge_image_is_refused_before_decoding(tmp_path):
    from compiler.errors import IngestError

    path = tmp_path / "poster.png"
    Image.new("1", (ocr.MAX_SIDE + 10, 10)).save(path)
    with pytest.raises(IngestError, match="poster.png：图片尺寸过大"):
        ocr.open_image(path.read_bytes(), "poster.png")
