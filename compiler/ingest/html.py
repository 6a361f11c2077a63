"""Saved web pages (.html, .htm): visible text, blocks on their own lines, headings marked."""
from __future__ import annotations

import codecs
import re
from datetime import date

from compiler.errors import IngestError
from compiler.guard import limits
from compiler.ingest.dates import find_date
from compiler.ingest.text import Extracted, decode, normalise

MAX_BYTES = limits.HTML_MAX_BYTES

_DROP = frozenset({"script", "style", "noscript", "template", "head", "title"})
_HEADINGS = {"h1": "# ", "h2": "## ", "h3": "### ", "h4": "### ", "h5": "### ", "h6": "### "}
# Blocks that stand apart like paragraphs (a blank line) or just start a new line.
_PARAGRAPHS = frozenset({
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "ul", "ol", "dl",
    "section", "article", "header", "footer", "figure", "figcaption", "main", "aside", "nav",
    "form", "fieldset", "address", "center",
})
_LINES = frozenset({"div", "li", "tr", "dt", "dd", "caption", "hr", "option", "legend"})
_CELLS = frozenset({"td", "th"})
CELL_SEPARATOR = "\u3000"  # layout tables are common in e-paper pages: a separator must be mute
_CELL_MARK = "\x1f"  # a cell boundary during the walk; never in the text, normalise() drops C0
_CELL_MARKS = re.compile(" *\x1f[\x1f ]*")

_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_SPACES = re.compile(r"[ \t\n\r\f]+")  # HTML white space; U+3000 and &nbsp; are kept
_HEADING_MARK = re.compile(r"^(#{1,3}) +")
_BLANK_RUNS = re.compile(r"\n{3,}")
# GB2312 and GBK pages routinely use characters only their superset has.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "gb18030": "gb18030"}
# Western single-byte charsets decode any bytes at all: on a Chinese page such a declaration is
# a leftover of the site's template, and trusting it would garble the page without an error.
_UNTRUSTED = frozenset({"iso8859-1", "cp1252"})


def _declared_charset(data: bytes) -> str | None:
    m = _META_CHARSET.search(data[:8192])
    if not m:
        return None
    try:
        name = codecs.lookup(m.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    if name in _UNTRUSTED:
        return None
    return _SUPERSETS.get(name.replace("-", "").replace("_", ""), name)


class _Writer:
    """Accumulates text with at most the requested number of line breaks between blocks."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pending = 0  # line breaks owed before the next text

    def text(self, s: str, pre: bool = False) -> None:
        # normalise(): numeric character references (&#7;) can bring control characters back.
        s = normalise(s)
        if not pre:
            s = _SPACES.sub(" ", s)
        self._append(s)

    def mark(self, s: str) -> None:
        self._append(s)

    def _append(self, s: str) -> None:
        if not s:
            return
        if self.pending:
            if self.parts:
                self.parts.append("\n" * self.pending)
            self.pending = 0
        self.parts.append(s)

    def breaks(self, n: int) -> None:
        self.pending = max(self.pending, n)

    def line_break(self) -> None:
        # <br><br> is how old pages separate paragraphs: each <br> counts.
        self.pending += 1


def _walk(root) -> str:
    from lxml import etree

    writer = _Writer()
    pre = 0
    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        tag = tag.lower()
        if event == "start":
            if tag in _PARAGRAPHS:
                writer.breaks(2)
            elif tag in _LINES:
                writer.breaks(1)
            elif tag == "br":
                writer.line_break()
            elif tag in _CELLS:
                writer.mark(_CELL_MARK)
            if tag == "pre":
                pre += 1
            if tag in _HEADINGS:
                writer.mark(_HEADINGS[tag])
            if el.text:
                writer.text(el.text, pre=pre > 0)
        else:
            if tag == "pre":
                pre -= 1
            if tag in _PARAGRAPHS:
                writer.breaks(2)
            elif tag in _LINES:
                writer.breaks(1)
            if el.tail:
                writer.text(el.tail, pre=pre > 0)
    return "".join(writer.parts)


def _tidy(text: str) -> str:
    lines = []
    for line in text.split("\n"):
        # Collapsed source spaces at either end go; &nbsp; indentation (now a space) stays.
        if _CELL_MARK in line:
            line = _CELL_MARKS.sub(CELL_SEPARATOR, line.strip(" " + _CELL_MARK))
        line = line.strip(" ").replace("\xa0", " ").rstrip()
        if line.startswith("#"):
            line = _HEADING_MARK.sub(r"\1 ", line)
            if not line.strip("# "):
                line = ""
        lines.append(line)
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip("\n")


def _drop(el) -> None:
    """Remove an element but keep its tail text."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        previous = el.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


# Meta tags in which sites state an article's date and source (名 in lower case).
_DATE_METAS = ("publishdate", "pubdate", "publish_date", "publishtime", "publish_time",
               "article:published_time", "og:published_time", "og:release_date", "date", "dc.date")
_SOURCE_METAS = ("contentsource", "source", "og:site_name", "sitename", "site_name")


def _metas(root) -> tuple[date | None, str | None]:
    when, where = None, None
    for el in root.iter("meta"):
        key = (el.get("name") or el.get("property") or "").strip().lower()
        value = (el.get("content") or "").strip()
        if not value:
            continue
        if when is None and key in _DATE_METAS:
            when = find_date(value, compact=True)
        elif where is None and key in _SOURCE_METAS:
            where = value[:40]
    return when, where


def read(data: bytes, source: str) -> Extracted:
    import lxml.html
    from lxml import etree

    decoded = decode(data, source, declared=_declared_charset(data))
    markup = _XML_DECLARATION.sub("", normalise(decoded.text), count=1)
    if not markup.strip():
        raise IngestError(f"{source}：文件为空（只有空白字符）", source)
    try:
        root = lxml.html.document_fromstring(markup)
    except (etree.ParserError, ValueError):
        raise IngestError(f"{source}：无法解析网页内容", source) from None
    when, where = _metas(root)
    unwanted = [
        el for el in root.iter()
        if not isinstance(el.tag, str) or el.tag.lower() in _DROP
    ]
    for el in unwanted:
        _drop(el)
    text = _tidy(_walk(root))
    if not text.strip():
        raise IngestError(f"{source}：网页中没有正文文字", source)
    return Extracted(text, decoded.warnings, when, where)
