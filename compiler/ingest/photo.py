"""Scans and phone photos straightened for OCR: page cut from its desk, light evened, skew removed."""
from __future__ import annotations

from typing import Any

# The page is searched for on a copy this wide: its edges need no more, and it is fast.
SEARCH_WIDTH = 600
# A page found on a desk covers at least this share of the photo, and at most this share: a
# region nearly the whole image is the page itself with no desk around it.
PAGE_MIN_SHARE, PAGE_MAX_SHARE = 0.3, 0.97
# Skew is searched within this many degrees (a scan fed in at a slant, a photo taken askew),
# first in coarse steps, then finely around the best; less than MIN_SKEW is left as it is.
MAX_SKEW, COARSE_STEP, FINE_STEP, MIN_SKEW = 6.0, 0.25, 0.05, 0.2
SKEW_WIDTH = 900
# Paper this bright all over (grey levels, on nearly all the page) is evenly lit.
EVEN_PAPER = 200


def upright(image):
    """A photo turned as its EXIF orientation tag says a viewer should show it."""
    from PIL import ImageOps

    try:
        return ImageOps.exif_transpose(image)
    except Exception:  # a damaged EXIF block: the pixels as stored
        return image


def _ordered(points):
    """Four corners as top-left, top-right, bottom-right, bottom-left."""
    import numpy as np

    pts = np.asarray(points, dtype=np.float32).reshape(4, 2)
    s, d = pts.sum(axis=1), np.diff(pts, axis=1).ravel()
    return np.float32([pts[s.argmin()], pts[d.argmin()], pts[s.argmax()], pts[d.argmax()]])


def page_corners(gray) -> Any | None:
    """The corners of a bright page lying on a darker, even desk, or None when the image is
    the page itself (a scan) or no such page stands out."""
    import cv2
    import numpy as np

    h, w = gray.shape
    k = SEARCH_WIDTH / w if w > SEARCH_WIDTH else 1.0
    small = cv2.resize(gray, (max(1, int(w * k)), max(1, int(h * k))), interpolation=cv2.INTER_AREA)
    blurred = cv2.GaussianBlur(small, (5, 5), 0)
    _, bright = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    # text and pictures are holes in the page, not its edge
    bright = cv2.morphologyEx(bright, cv2.MORPH_CLOSE, np.ones((15, 15), np.uint8))
    contours, _ = cv2.findContours(bright, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    page = max(contours, key=cv2.contourArea)
    share = cv2.contourArea(page) / float(small.shape[0] * small.shape[1])
    if not PAGE_MIN_SHARE <= share <= PAGE_MAX_SHARE:
        return None
    mask = np.zeros_like(small)
    cv2.drawContours(mask, [page], -1, 255, -1)
    inside, outside = blurred[mask > 0], blurred[mask == 0]
    # A desk is dark and even; a shadow over part of a page has text in it.
    if outside.size == 0 or outside.std() > 30 or outside.mean() > 0.7 * float(np.median(inside)):
        return None
    hull = cv2.convexHull(page)
    quad = cv2.approxPolyDP(hull, 0.02 * cv2.arcLength(hull, True), True)
    if len(quad) != 4:
        quad = cv2.boxPoints(cv2.minAreaRect(page))
    return _ordered(quad) / k


def flattened_page(gray, corners):
    """The page inside `corners` warped to a rectangle (a photo's keystone undone)."""
    import cv2
    import numpy as np

    tl, tr, br, bl = corners
    width = int(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl)))
    height = int(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr)))
    if width < 50 or height < 50:
        return gray
    target = np.float32([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]])
    matrix = cv2.getPerspectiveTransform(np.float32(corners), target)
    return cv2.warpPerspective(gray, matrix, (width, height), flags=cv2.INTER_LINEAR,
                               borderMode=cv2.BORDER_REPLICATE)


def even_light(gray):
    """Uneven lighting divided out: the paper's own brightness, estimated where there is no
    ink, becomes white everywhere, so a shadowed corner's text is as dark as the rest."""
    import cv2
    import numpy as np

    h, w = gray.shape
    small = cv2.resize(gray, (max(1, w // 4), max(1, h // 4)), interpolation=cv2.INTER_AREA)
    # The median is wider than a dark banner or a headline's strokes, so that white text on a
    # banner keeps its dark ground, while a shadow, far larger, is followed.
    window = max(15, min(small.shape) // 10) | 1
    paper = cv2.medianBlur(cv2.dilate(small, np.ones((7, 7), np.uint8)), window)
    if np.percentile(paper, 5) >= EVEN_PAPER:
        return gray  # a scan evenly lit: left exactly as it is
    paper = cv2.resize(paper, (w, h), interpolation=cv2.INTER_LINEAR).astype(np.float32)
    even = gray.astype(np.float32) * 255.0 / np.maximum(paper, 1.0)
    return np.clip(even, 0, 255).astype(np.uint8)


def _sharpness(ink, angle: float) -> float:
    import cv2
    import numpy as np

    h, w = ink.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    turned = cv2.warpAffine(ink, matrix, (w, h), flags=cv2.INTER_NEAREST)
    rows = turned.sum(axis=1, dtype=np.float64)
    return float(np.square(np.diff(rows)).sum())  # lines and gaps crisp only when level


def skew(gray) -> float:
    """The page's skew in degrees (counter-clockwise positive): the angle at which its text
    lines project onto the sharpest row profile."""
    import cv2
    import numpy as np

    h, w = gray.shape
    k = SKEW_WIDTH / w if w > SKEW_WIDTH else 1.0
    small = cv2.resize(gray, (max(1, int(w * k)), max(1, int(h * k))), interpolation=cv2.INTER_AREA)
    _, ink = cv2.threshold(small, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    coarse = np.arange(-MAX_SKEW, MAX_SKEW + 1e-6, COARSE_STEP)
    best = max(coarse, key=lambda a: _sharpness(ink, a))
    fine = np.arange(best - COARSE_STEP, best + COARSE_STEP + 1e-6, FINE_STEP)
    return float(max(fine, key=lambda a: _sharpness(ink, a)))


def rotated(gray, angle: float):
    """The page turned by `angle` degrees on a canvas large enough to lose no corner."""
    import cv2

    h, w = gray.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    nw, nh = int(h * sin + w * cos), int(h * cos + w * sin)
    matrix[0, 2] += nw / 2 - w / 2
    matrix[1, 2] += nh / 2 - h / 2
    return cv2.warpAffine(gray, matrix, (nw, nh), flags=cv2.INTER_LINEAR, borderValue=255)


def straightened(gray):
    """A grey page image made ready for OCR: cut from its desk, light evened, skew removed."""
    corners = page_corners(gray)
    if corners is not None:
        gray = flattened_page(gray, corners)
    gray = even_light(gray)
    angle = skew(gray)
    if abs(angle) >= MIN_SKEW:
        gray = rotated(gray, angle)
    return gray


def sideways(result) -> bool:
    """OCR lines mostly standing upright: the page was read turned a quarter."""
    tall = wide = 0
    for row in result or ():
        xs = [p[0] for p in row[0]]
        ys = [p[1] for p in row[0]]
        w, h = max(xs) - min(xs), max(ys) - min(ys)
        if h > 1.5 * w:
            tall += 1
        elif w > 1.5 * h:
            wide += 1
    return tall > 2 * wide and tall >= 3
