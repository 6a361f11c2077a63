"""Tell a PDF text layer that does not say what the page shows (fonts without a Unicode map)."""
from __future__ import annotations

# Chinese newspaper PDFs are often set in fonts whose glyphs carry no usable Unicode map: the
# text layer then holds private-use code points, or ideographs picked by glyph number, which are
# spread over the whole CJK block. Real simplified Chinese keeps to the GB2312 set (6763 common
# characters, about a third of the block) for all but a few names.
MIN_IDEOGRAPHS = 40  # fewer say too little to judge
MAX_ODD_SHARE = 0.3


def _ideograph(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def _private(ch: str) -> bool:
    return "\ue000" <= ch <= "\uf8ff" or ch == "\ufffd"


def _common(ch: str) -> bool:
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def odd_share(text: str) -> float | None:
    """The share of the page's ideographs (and private-use marks) that ordinary Chinese text
    would not hold; None when the page has too few to say."""
    odd = total = 0
    for ch in text:
        if _private(ch):
            odd += 1
            total += 1
        elif _ideograph(ch):
            total += 1
            odd += not _common(ch)
    return odd / total if total >= MIN_IDEOGRAPHS else None


def is_garbled(text: str) -> bool:
    share = odd_share(text)
    return share is not None and share > MAX_ODD_SHARE
