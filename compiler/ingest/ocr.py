"""OCR of page images with RapidOCR (ONNX models shipped in its pip package): boxes -> layout runs."""
from __future__ import annotations

import functools
import os
import time

from compiler.errors import IngestError
from compiler.ingest import photo
from compiler.ingest.layout import Box, Ratios, Seg

INSTALL_HINT = "请安装 OCR 组件：pip install 'unionbrief[ocr]'（或在项目目录运行 make setup）"

# Images are scaled down to at most this many pixels (an A3 page at 200 dpi) before OCR: more
# only costs time, since the text of a page is legible at 150 dpi.
MAX_PIXELS = 2339 * 3308
# Pages larger than this on any side are refused (a mistaken poster scan or a decompression bomb).
MAX_SIDE = 20000
# OCR of one page stops taking boxes after this many seconds; the rest of the page is reported.
PAGE_SECONDS = 120.0
# The recogniser reads each text line scaled to this height. The model was trained at 48; at 32
# printed Chinese is read as well and the page takes a third less time (measured on an A3 page).
REC_HEIGHT = 32
# The detector sees the page at up to this many pixels on its long side. RapidOCR's default
# (2000) shrinks an A3 page at 150 dpi by a fifth: its gutters narrow until lines of
# neighbouring columns join, and one character in fifteen was lost in the joined lines (on
# a laid-out sample page: 2434 characters read at 2000, 2614 at full size, for 18% more time).
DET_MAX_SIDE = 3400
# OCR box heights vary more than font sizes: a headline must stand out more.
RATIOS = Ratios(head=1.4, sub=1.15, small=0.85, min_chars=3)


def available() -> bool:
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def require(source: str) -> None:
    if not available():
        raise IngestError(f"{source}：这是图片或扫描件，需要 OCR 文字识别；{INSTALL_HINT}", source)


@functools.lru_cache(maxsize=1)
def _engine():
    from rapidocr_onnxruntime import RapidOCR

    threads = max(1, min(4, os.cpu_count() or 1))
    return RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=1,
                    rec_img_shape=[3, REC_HEIGHT, 320], max_side_len=DET_MAX_SIDE,
                    print_verbose=False)


def bounded(image):
    """A PIL image converted to RGB and scaled down to MAX_PIXELS."""
    from PIL import Image

    image = image.convert("RGB")
    w, h = image.size
    if w * h > MAX_PIXELS:
        k = (MAX_PIXELS / (w * h)) ** 0.5
        image = image.resize((max(1, int(w * k)), max(1, int(h * k))), Image.LANCZOS)
    return image


def read_image(image, source: str) -> tuple[list[Seg], list[Box], list[str]]:
    """OCR one page image (PIL) -> runs and rules in pixel units, and warnings.

    A photo or scan is straightened first (compiler/ingest/photo.py): turned as its EXIF tag
    says, cut from the desk it lies on, its light evened and its skew removed; a page read
    sideways (its lines standing upright) is turned a quarter and read again."""
    import numpy as np

    require(source)
    started = time.monotonic()
    gray = photo.straightened(np.asarray(bounded(photo.upright(image)).convert("L")))
    result, rules = _recognise(gray, source)
    if photo.sideways(result):
        gray = _quarter_turned(gray, result, source)
        result, rules = _recognise(gray, source)
    warnings = []
    if time.monotonic() - started > PAGE_SECONDS:
        warnings.append(f"OCR 用时超过 {PAGE_SECONDS:.0f} 秒")
    segs = []
    for row in result or ():
        box, text, score = row[0], (row[1] or "").strip(), row[2]
        if not text or score < 0.5:
            continue
        xs = [p[0] for p in box]
        ys = [p[1] for p in box]
        words = _words(row)
        if words:
            segs.extend(_parted(words, min(ys), max(ys)))
        else:
            # A box is a little taller than the characters in it.
            segs.append(Seg(text, min(xs), min(ys), max(xs), max(ys),
                            _size(text, max(xs) - min(xs), max(ys) - min(ys))))
    return segs, rules, warnings


def _recognise(gray, source: str):
    """The engine's lines of a grey page, and the page's printed rules."""
    import cv2

    array, rules = _without_rules(cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR))
    try:
        # Word boxes: the detector joins lines of neighbouring columns across a narrow gutter,
        # and the characters' own boxes tell where to part them again.
        result, _ = _engine()(array, use_cls=False, return_word_box=True)
    except Exception as exc:  # a third-party engine on an untrusted image
        raise IngestError(f"{source}：OCR 文字识别失败（{type(exc).__name__}）", source) from None
    return result, rules


# Lines read both ways to tell which quarter turn puts a sideways page upright.
TURN_SAMPLES = 6


def _quarter_turned(gray, result, source: str):
    """The page turned the quarter (left or right) under which its longest lines read best."""
    import cv2

    longest = sorted(result, key=lambda row: -len(row[1] or ""))[:TURN_SAMPLES]
    scores = {cv2.ROTATE_90_CLOCKWISE: 0.0, cv2.ROTATE_90_COUNTERCLOCKWISE: 0.0}
    for row in longest:
        xs = [int(p[0]) for p in row[0]]
        ys = [int(p[1]) for p in row[0]]
        crop = gray[max(0, min(ys)):max(ys) + 1, max(0, min(xs)):max(xs) + 1]
        if crop.size == 0:
            continue
        for turn in scores:
            try:
                read, _ = _engine()(cv2.cvtColor(cv2.rotate(crop, turn), cv2.COLOR_GRAY2BGR),
                                    use_det=False, use_cls=False, use_rec=True)
            except Exception as exc:
                raise IngestError(f"{source}：OCR 文字识别失败（{type(exc).__name__}）", source) from None
            scores[turn] += sum(float(r[1]) * len(r[0] or "") for r in read or ())
    return cv2.rotate(gray, max(scores, key=lambda t: scores[t]))


def open_image(data: bytes, source: str):
    """Decode image bytes with Pillow, bounded in size."""
    import io

    from PIL import Image, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_SIDE * MAX_SIDE // 4
    try:
        image = Image.open(io.BytesIO(data))
        if max(image.size) > MAX_SIDE:
            raise IngestError(f"{source}：图片尺寸过大（{image.size[0]}×{image.size[1]} 像素）", source)
        image.load()
    except IngestError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise IngestError(f"{source}：无法读取图片（文件可能已损坏或格式不支持）", source) from None
    return image


RULE_INK = 180  # grey level under which a pixel may belong to a printed rule


def _without_rules(array):
    """The page with its printed rules painted white, and the rules' boxes.

    A column rule is read as 丨 or 「 and glues the lines of two columns together; without it
    the gutter is white. The rules then tell the layout where stories part, as a PDF's do."""
    import cv2
    import numpy as np

    gray = cv2.cvtColor(array, cv2.COLOR_BGR2GRAY)
    # Hairline rules print grey (a 0.5 pt rule at 150 dpi is a pixel or two of mid-grey): the
    # threshold is lighter than text needs; only long straight runs count as rules anyway.
    ink = (gray < RULE_INK).astype(np.uint8)
    h, w = ink.shape
    length = max(80, int(0.03 * max(h, w)))  # longer than any character's stroke
    rules: list[Box] = []
    mask = np.zeros_like(ink)
    for kernel, vertical in (((1, length), True), ((length, 1), False)):
        lines = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
        count, _, stats, _ = cv2.connectedComponentsWithStats(lines, connectivity=8)
        for x, y, bw, bh, _ in stats[1:count]:
            thin = bw <= 8 if vertical else bh <= 8
            if thin:
                rules.append(Box(float(x), float(y), float(x + bw), float(y + bh)))
                mask[max(0, y - 2):y + bh + 2, max(0, x - 2):x + bw + 2] = 1
    if rules:
        array = array.copy()
        array[mask.astype(bool)] = 255
    return array, rules


def _size(text: str, width: float, height: float) -> float:
    """The font size of an OCR line, from the pitch of its characters."""
    units = sum(0.55 if ch.isascii() else 1.0 for ch in text if not ch.isspace())
    if units >= 3:
        # Chinese characters are square: their pitch is the font size, while the detector's
        # box adds a margin that is the same for small and large type.
        return min(height * 1.6, width / units)
    return height * 0.8


def _words(row) -> list[tuple[str, float, float]] | None:
    """(character, left, right) of an OCR line, when the engine gave its characters' boxes."""
    if len(row) < 5 or not row[3] or not isinstance(row[4], (list, tuple)):
        return None
    boxes, chars = row[3], row[4]
    if len(boxes) != len(chars) or "".join(chars).replace(" ", "") != row[1].replace(" ", ""):
        return None
    return [(ch, min(p[0] for p in b), max(p[0] for p in b)) for ch, b in zip(chars, boxes)]


_RULE_MARKS = frozenset("丨|｜│┃")
# Also read for a thin rule, and then standing apart from both neighbours, where a closing
# bracket or a digit one would sit close to the character before it.
_RULE_LIKE = frozenset("」lI")


def _standing_alone(words: list[tuple[str, float, float]], k: int, height: float) -> bool:
    before = words[k][1] - words[k - 1][2] if k > 0 else height
    after = words[k + 1][1] - words[k][2] if k + 1 < len(words) else height
    return min(before, after) > 0.35 * height


BOX_TO_TYPE = 0.85  # a Chinese line's type size over the height of its detected box


def _pitch(run: list[tuple[str, float, float]], height: float) -> float | None:
    """The font size of a run from the usual step between its Chinese characters' left edges:
    a line's width over its characters would count the white of a wide space (本报讯 记者…
    报道　正文) or of a line stretched to its column, and make body text a subtitle."""
    steps = sorted(b[1] - a[1] for a, b in zip(run, run[1:])
                   if not a[0].isascii() and not b[0].isascii() and b[1] > a[1])
    if len(steps) < 3:
        return None
    # A justified line with few characters is spread over its column: its step is wider than
    # its type. The detector's box, a few pixels taller than the type, bounds it.
    return min(height * BOX_TO_TYPE, steps[len(steps) // 2])


def _parted(words: list[tuple[str, float, float]], top: float, bottom: float) -> list[Seg]:
    """One OCR line -> runs, parted where the gap between two characters is a column gap."""
    height = bottom - top
    # The gap is measured against the characters' own width where there are Chinese ones: a
    # line read at a slight slant (a photo) has a box taller than its type, and a gutter
    # narrower than that height would go unseen.
    widths = sorted(b - a for ch, a, b in words if not ch.isascii() and b > a)
    pitch = min(height, 1.25 * widths[len(widths) // 2]) if len(widths) >= 3 else height
    out: list[Seg] = []
    run: list[tuple[str, float, float]] = []

    def flush() -> None:
        if run:
            text = "".join(w[0] for w in run).strip()
            if text:
                width = run[-1][2] - run[0][1]
                size = _pitch(run, height) or _size(text, width, height)
                out.append(Seg(text, run[0][1], top, run[-1][2], bottom, size))
            run.clear()

    for k, w in enumerate(words):
        if w[0] in _RULE_MARKS or (w[0] in _RULE_LIKE and _standing_alone(words, k, height)):
            flush()  # a rule read as a character: the gutter between two columns
            continue
        if run and w[1] - run[-1][2] > 0.8 * pitch:
            flush()
        run.append(w)
    flush()
    return out
