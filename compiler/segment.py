"""Split a page into articles: headline lines, byline, body, captions and kind (cues in schemas/)."""
from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from dataclasses import dataclass, field

from .mapped import MappedText
from .memo import per_object
from .patterns import alternation as _alt
from .models import Article, Byline, Page
from .schemas import SegmentSchema

_MD_HEADING = re.compile(r"^\s*(#{1,6})\s+")
_CJK = re.compile(r"[\u3400-\u9fff]")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")
_QUOTES = re.compile(r"[“”‘’\"']")


@dataclass(slots=True)
class Line:
    start: int  # span of the content in the page text (marks and outer spaces excluded)
    end: int
    text: str
    md_level: int = 0
    indented: bool = False  # begins with an indent: e-paper and Word pages mark paragraphs so


@dataclass(slots=True)
class Block:
    """Lines between blank lines; `kind` is decided by `_classify`."""

    lines: list[Line]
    gap_before: int
    gap_after: int = 0
    kind: str = "body"
    text: str = ""

    @property
    def md_level(self) -> int:
        return min((ln.md_level for ln in self.lines if ln.md_level), default=0)


@dataclass(slots=True)
class ArticleDraft:
    """A segmented article plus the maps from its text back to the page."""

    article: Article
    head: MappedText  # kicker, title and subtitle lines, one per line
    body: MappedText
    headline_len: int = 0


@dataclass(slots=True)
class _Start:
    index: int  # first block of the article (its headline)
    body: int  # first body block
    anchor: str  # byline, commentary, heading, photo, notice, orphan


@dataclass(slots=True)
class _Cues:
    banners: re.Pattern
    byline: re.Pattern
    byline_roles: re.Pattern
    marked_byline: re.Pattern
    media_byline: re.Pattern
    caption_prefix: re.Pattern
    role_of: dict[str, str]
    credit_line: re.Pattern
    credit_tail: re.Pattern
    credit_open_tail: re.Pattern
    credit_end: re.Pattern
    credit_ends: tuple[str, ...]
    commentary: re.Pattern
    notice_title: re.Pattern
    notice_field: re.Pattern
    subtitle: re.Pattern
    sentence_end: str
    closers: str
    schema: SegmentSchema = field(repr=False)



def cues_marks(schema: SegmentSchema) -> list[str]:
    """■通讯员周建巨 is a byline, not a signed commentary: marks followed by a role word."""
    roles = [w for ws in schema.byline.roles.values() for w in ws]
    return [m + r for m in schema.commentary_marks for r in roles]


@per_object
def _cues(schema: SegmentSchema) -> _Cues:
    by = schema.byline
    role_words = [w for ws in by.roles.values() for w in ws]
    name = r"[\u3400-\u9fff·]{2,5}"
    names = rf"{name}(?:\s*[、，,]\s*{name})*"
    # 本报讯 记者张三 通讯员李四报道 … or 本报讯（记者 张三 通讯员 李四）…
    prefixes = _alt(by.lede_prefixes)
    byline = re.compile(
        rf"^(?:{prefixes})?\s*(?:[（(]\s*)?"
        rf"((?:(?:{_alt(role_words + cues_marks(schema))})\s*{names}\s*)+"
        rf"|(?<=[讯（(])\s*{names}\s*)"
        rf"(?:(?:{_alt(by.end_words)})\s*[）)]?|[）)])\s*"
    )
    pc = schema.photo_credit
    credit_unit = rf"(?:(?:{_alt(pc.roles)})\s*{names}\s*)"
    ends = _alt(pc.end_words)
    # Without a role word the names must stand apart before 摄 (钟伟 单明铭 摄), never 拍摄.
    bare = rf"{name}(?:(?:\s*[、，,]\s*|\s+){name})*\s+(?:{ends})"
    credit_line = re.compile(rf"^(?:{credit_unit}+(?:{ends})?|{bare})$")
    credit_tail = re.compile(rf"(?:(?<=[。！？”\s])|^)\s*(?:{credit_unit}+(?:{ends})|{bare})$")
    role_of = {w: role for role, ws in by.roles.items() for w in ws}
    return _Cues(
        banners=re.compile("|".join(f"(?:{p})" for p in schema.banners)),
        byline=byline,
        byline_roles=re.compile(rf"^(?:(?:{_alt(by.lede_prefixes)})\s*)?(?:{_alt(role_words)})"),
        marked_byline=re.compile(rf"^(?:{_alt(cues_marks(schema))})\s*{names}$"),
        # 工人日报—中工网记者 邹倜然: a medium's name, then the role and the names, alone
        media_byline=re.compile(rf"^[\u4e00-\u9fff—\-·]{{2,14}}(?:{_alt(role_words)})\s*{names}$"),
        caption_prefix=re.compile(rf"^(?:{_alt(schema.caption_prefixes)})"),
        role_of=role_of,
        credit_line=credit_line,
        credit_tail=credit_tail,
        credit_open_tail=re.compile(rf"(?<=[。！？”])\s*{credit_unit}+$"),
        credit_end=re.compile(rf"(?:{ends})$"),
        credit_ends=tuple(pc.end_words),
        commentary=re.compile(rf"^(?:{_alt(schema.commentary_marks)})\s*([\u3400-\u9fff·]{{2,6}})$"),
        notice_title=re.compile(_alt(schema.notice.title_cues)),
        notice_field=re.compile(rf"^(?:{_alt(schema.notice.field_labels)})\s*[：:]"),
        subtitle=re.compile("|".join(schema.subtitle_cues)),
        sentence_end=schema.sentence_end,
        closers=schema.closers,
        schema=schema,
    )


# --- lines and blocks --------------------------------------------------------------------------
def _lines(text: str, furniture: tuple[tuple[int, int], ...]) -> list[Line | None]:
    """Content lines with spans; None marks a blank line (page furniture counts as blank)."""
    out: list[Line | None] = []
    pos = 0
    for raw_line in text.split("\n"):
        start, end = pos, pos + len(raw_line)
        pos = end + 1
        if furniture and any(fs <= start < fe for fs, fe in furniture):
            out.append(None)
            continue
        level = 0
        m = _MD_HEADING.match(raw_line)
        cs = start
        if m:
            level = len(m.group(1))
            cs = start + m.end()
        content = text[cs:end]
        stripped = content.strip()
        if not stripped:
            out.append(None)
            continue
        lead_ws = content[: len(content) - len(content.lstrip())]
        cs += len(lead_ws)
        indented = "\t" in lead_ws or "\u3000" in lead_ws or len(lead_ws) >= 2
        out.append(Line(cs, cs + len(stripped), stripped, level, indented))
    return out


def _join(parts: list[str]) -> str:
    out = ""
    for p in parts:
        if out and _ASCII_WORD.match(out[-1]) and _ASCII_WORD.match(p[0]):
            out += " "
        out += p
    return out


def _starts_block(prev: Line, ln: Line, raw: str, cues: _Cues) -> bool:
    """A new paragraph without a blank line: an indent, a Markdown heading, a byline, or a line
    after a finished sentence (pages copied from the web keep one paragraph per line)."""
    if ln.indented or ln.md_level or prev.md_level or cues.byline.match(ln.text):
        return True
    soft_break = raw[prev.end : prev.end + 2] == "  "  # Markdown's two-space line break
    return not soft_break and _ends_sentence(prev.text, cues) and len(prev.text) > 20


def _blocks(lines: list[Line | None], raw: str, cues: _Cues) -> list[Block]:
    blocks: list[Block] = []
    gap = 0
    current: list[Line] = []
    pending_gap = 0
    for ln in lines + [None]:
        if ln is not None and current and _starts_block(current[-1], ln, raw, cues):
            blocks.append(Block(current, gap_before=pending_gap))
            current, gap = [], 0
        if ln is None:
            if current:
                blocks.append(Block(current, gap_before=pending_gap))
                current = []
                gap = 0
            gap += 1
            continue
        if not current:
            pending_gap = gap
        current.append(ln)
    for b, nxt in zip(blocks, blocks[1:]):
        b.gap_after = nxt.gap_before
    for b in blocks:
        b.text = _join([ln.text for ln in b.lines])
    return blocks


# --- classification ----------------------------------------------------------------------------
def _ends_sentence(text: str, cues: _Cues) -> bool:
    t = text.rstrip(cues.closers)
    return bool(t) and (t[-1] in cues.sentence_end or len(t) < len(text) and t[-1] in "。！？!?")


def _plain_len(text: str) -> int:
    return len(_QUOTES.sub("", text.replace(" ", "")))


_TAIL = 60  # a photo credit is a few names at the very end of a text


def _credit_tail(text: str, cues: _Cues) -> re.Match | None:
    """The photo credit ending `text` (…活力风采。记者邹伟锋 通讯员李琦 摄), if any.

    Only the last characters are searched, and only when the text ends with a credit word:
    this runs on every paragraph."""
    if not text.endswith(cues.credit_ends):
        return None
    return cues.credit_tail.search(text, max(0, len(text) - _TAIL))


def _byline_alone(block: Block, cues: _Cues) -> bool:
    """A byline on its own line without 报道 (本报记者 张三, ■通讯员周建巨、柳庭和), not a credit."""
    if len(block.lines) == 1 and (cues.marked_byline.match(block.text)
                                  or cues.media_byline.match(block.text)):
        return True
    return _is_credit_lines(block, cues) and not _is_credit(block, cues) and any(
        cues.byline_roles.match(ln.text) for ln in block.lines)


def _is_credit_lines(block: Block, cues: _Cues) -> bool:
    return all(cues.credit_line.match(ln.text) for ln in block.lines)


def _is_credit(block: Block, cues: _Cues) -> bool:
    return _is_credit_lines(block, cues) and any(
        ln.text.endswith(tuple(cues.schema.photo_credit.end_words)) for ln in block.lines
    )


def _headline_shape(block: Block, cues: _Cues) -> bool:
    lim = cues.schema.limits
    text = block.text
    if len(text) > lim.headline_max_chars or any(
        len(ln.text) > lim.headline_line_max_chars for ln in block.lines
    ):
        return False
    if not _CJK.search(text) or any(cues.notice_field.match(ln.text) for ln in block.lines):
        return False
    if "。" in text.rstrip(cues.closers)[:-1] or _credit_tail(text, cues):
        return False  # a full stop inside, or a photo credit: a sentence, not a headline
    last = text.rstrip()[-1]
    if last in "，、；：,;:（(":
        return False
    if _ends_sentence(text, cues):
        # a quoted exclamation can be a headline: “外卖送得好，可以评人才！”
        return text.startswith("“") and text.endswith("”") and len(text) <= 20
    return True


def _caption_line(text: str, cues: _Cues) -> bool:
    """安吉高铁大道工程电焊工技能比赛。周建巨 摄 — a caption sentence with its credit."""
    m = _credit_tail(text, cues)
    if not m or m.start() == 0:
        return False
    core = text[: m.start()].rstrip()
    return core.endswith("。") and len(core) <= cues.schema.limits.caption_max_chars


def _sure_caption(block: Block, cues: _Cues) -> bool:
    """Captions by their own words, wherever they stand: a stack of credited lines, or 图为…."""
    if len(block.lines) >= 2 and all(_caption_line(ln.text, cues) for ln in block.lines):
        return True
    return bool(cues.caption_prefix.match(block.text)) and (
        len(block.text) <= cues.schema.limits.caption_max_chars * 2)


def _is_caption(block: Block, prev: Block | None, cues: _Cues) -> bool:
    lim = cues.schema.limits
    text = block.text
    if _sure_caption(block, cues):
        return True
    if len(text) > lim.caption_max_chars or len(block.lines) > 2:
        return False
    tail = _credit_tail(text, cues)
    core = (text[: tail.start()] if tail else text).rstrip()
    has_credit = core != text
    if not (core.endswith("。") or has_credit):
        return False
    if block.gap_before >= lim.layout_gap_lines:
        return True
    # right under a headline; an indented line is a paragraph (e-paper bodies are indented)
    return prev is not None and prev.kind in ("headline", "caption") and not block.lines[0].indented


def _continues(prev: Block | None, cues: _Cues) -> bool:
    """True when `prev` is body text broken mid-sentence, so the next block carries it on."""
    if prev is None or prev.kind not in ("body", "byline"):
        return False
    return not (_ends_sentence(prev.text, cues) or _credit_tail(prev.text, cues))


def _classify(blocks: list[Block], cues: _Cues) -> None:
    prev: Block | None = None
    last_body: Block | None = None  # the open sentence a caption may have interrupted
    for b in blocks:
        first = b.lines[0].text
        if len(b.lines) <= 3 and cues.banners.search(first):
            b.kind = "banner"
            continue
        if cues.byline.match(b.text) and len(b.text) > 6 or _byline_alone(b, cues):
            b.kind = "byline"
        elif cues.commentary.match(first):
            b.kind = "commentary"
        elif _is_credit(b, cues):
            b.kind = "credit"
        elif _is_caption(b, prev, cues) and not (
            b.gap_before < cues.schema.limits.layout_gap_lines and _continues(last_body, cues)
        ):
            b.kind = "caption"
        elif b.md_level:
            b.kind = "headline"
        elif _headline_shape(b, cues) and not _continues(prev, cues):
            b.kind = "headline"
        else:
            b.kind = "body"
        prev = b
        if b.kind in ("body", "byline"):
            last_body = b
    # A short sentence right under a headline is a caption only when the lede follows it
    # (苍南…第一期。 then 本报讯…); otherwise it is the first short paragraph of a body.
    for i, b in enumerate(blocks):
        if (b.kind == "caption" and b.gap_before < cues.schema.limits.layout_gap_lines
                and not _sure_caption(b, cues)):
            j = i + 1
            while j < len(blocks) and blocks[j].kind == "caption":
                j += 1
            # on e-paper pages body paragraphs are indented and a caption is not
            flush_caption = (j < len(blocks) and not b.lines[0].indented
                             and blocks[j].lines[0].indented)
            if j == len(blocks) or (blocks[j].kind not in ("byline", "commentary")
                                    and not flush_caption):
                b.kind = "body"


# --- finding article starts ---------------------------------------------------------------------
def _run_back(blocks: list[Block], before: int, floor: int, cues: _Cues) -> int | None:
    """First block of the headline run that ends just before `before`, not reaching `floor`."""
    first = None
    count = 0
    j = before - 1
    while j > floor and count < cues.schema.limits.headline_max_blocks:
        b = blocks[j]
        if (b.kind == "body" and (j == before - 1 or blocks[j + 1].kind == "headline")
                and not re.search("[，,]", b.text) and _headline_shape(b, cues)):
            # a headline right above a byline, taken for the tail of a sentence the previous
            # article left unfinished (its end was cut by the layout): it heads this article
            b.kind = "headline"
        if b.kind == "headline":
            first = j
            count += 1
        elif b.kind not in ("caption", "banner"):
            break
        j -= 1
    return first


def _run_forward(blocks: list[Block], start: int) -> int:
    """First block after the headline run that begins at `start`."""
    j = start
    while j < len(blocks) and blocks[j].kind in ("headline", "caption"):
        if blocks[j].kind == "headline" and j > start and blocks[j].md_level == 1:
            break
        j += 1
    return j


def _find_starts(blocks: list[Block], cues: _Cues) -> list[_Start]:
    starts: dict[int, _Start] = {}
    claimed: set[int] = set()
    floor = -1
    for i, b in enumerate(blocks):
        if b.kind in ("byline", "commentary"):
            first = _run_back(blocks, i, floor, cues)
            if first is not None:
                starts[first] = _Start(first, i, b.kind)
                claimed.update(range(first, i + 1))
            floor = i
    for i, b in enumerate(blocks):
        if b.kind == "headline" and b.md_level == 1 and i not in claimed:
            body = _run_forward(blocks, i)
            starts[i] = _Start(i, body, "heading")
            claimed.update(range(i, body))
    _add_notices(blocks, cues, starts, claimed)
    _add_photo_items(blocks, cues, starts, claimed)
    _add_captioned_heads(blocks, cues, starts, claimed)
    return [starts[k] for k in sorted(starts)]


def _add_captioned_heads(blocks, cues, starts, claimed) -> None:
    """A headline set apart above a photo caption (趣味运动会项目。) starts a picture story even
    when no byline or credit follows."""
    gap = cues.schema.limits.layout_gap_lines
    for i, b in enumerate(blocks[:-1]):
        nxt = blocks[i + 1]
        if (b.kind == "headline" and i not in claimed and nxt.kind == "caption"
                and nxt.gap_before >= gap and i + 2 < len(blocks)
                and blocks[i + 2].kind == "body"):
            first = _run_back(blocks, i + 1, max((k for k in claimed if k < i), default=-1), cues)
            first = i if first is None else first
            if first not in starts:
                starts[first] = _Start(first, _run_forward(blocks, first), "photo")
                claimed.update(range(first, i + 2))


def _add_notices(blocks, cues, starts, claimed) -> None:
    need = cues.schema.notice.min_fields
    for i, b in enumerate(blocks):
        if b.kind != "headline" or i in claimed or not cues.notice_title.search(b.text):
            continue
        nxt = blocks[i + 1 : i + 4]
        fields = sum(1 for nb in nxt for ln in nb.lines if cues.notice_field.match(ln.text))
        if fields >= need:
            body = _run_forward(blocks, i)
            starts[i] = _Start(i, body, "notice")
            claimed.update(range(i, body))


def _add_photo_items(blocks, cues, starts, claimed) -> None:
    """A photo credit ends a photo item; its headline is the nearest free run above it."""
    limit = cues.schema.limits.photo_item_max_chars
    for i, b in enumerate(blocks):
        credit = b.kind == "credit" or (b.kind == "body" and _credit_tail(b.text, cues))
        if not credit or i in claimed:
            continue
        owner = max((s for s in starts if s <= i), default=-1)
        owner_body = starts[owner].body if owner >= 0 else -1
        size = 0
        for j in range(i - 1, max(owner_body, -1), -1):
            bj = blocks[j]
            if bj.kind == "headline" and j not in claimed:
                first = _run_back(blocks, j + 1, owner_body, cues)
                if first is not None and first not in starts:
                    starts[first] = _Start(first, _run_forward(blocks, first), "photo")
                    claimed.update(range(first, i + 1))
                break
            if bj.kind in ("byline", "commentary") or j in claimed and j not in range(owner, i):
                break
            size += len(bj.text)
            if size > limit:
                break


# --- assembling articles ------------------------------------------------------------------------
def _subtitle_like(text: str, cues: _Cues) -> bool:
    """A headline line that reads like a 副题: long, or naming a union or a place first."""
    return len(text) >= cues.schema.subtitle_min_chars or bool(cues.subtitle.search(text))


def _title_join(lines: list[str]) -> str:
    if len(lines) == 2 and len(lines[0]) == len(lines[1]) <= 8:
        return f"{lines[0]} {lines[1]}"  # a couplet title: 车间即课堂 作业即作品
    return _join(lines)


@dataclass(slots=True)
class _Head:
    column: str | None = None
    kicker: list[Line] = field(default_factory=list)
    title: list[Line] = field(default_factory=list)
    subtitle: list[Line] = field(default_factory=list)


def _split_dash(line: Line) -> list[Line]:
    """武义工会多措并举助职工—— 拥有品质生活… : a kicker ending in a dash shares the line."""
    k = line.text.find("——")
    if k <= 0 or k + 2 >= len(line.text):
        return [line]
    rest = line.text[k + 2 :]
    lead = len(rest) - len(rest.lstrip())
    a = Line(line.start, line.start + k + 2, line.text[: k + 2], line.md_level)
    b = Line(line.start + k + 2 + lead, line.end, rest.strip(), line.md_level)
    return [a, b] if b.text else [line]


def _assign_head(head_blocks: list[Block], cues: _Cues) -> _Head:
    head = _Head()
    groups = [[p for ln in b.lines for p in _split_dash(ln)] for b in head_blocks]
    groups = [g for g in groups if g]
    if not groups:
        return head
    flat = [ln for g in groups for ln in g]
    marked = [ln.md_level for ln in flat if ln.md_level]
    if marked:
        best = min(marked)
        t = next(i for i, ln in enumerate(flat) if ln.md_level == best)
        before = flat[:t]
        if before and _plain_len(before[0].text) <= cues.schema.column_max_chars:
            head.column = before[0].text
            before = before[1:]
        head.kicker = before
        head.title = [flat[t]]
        head.subtitle = flat[t + 1 :]
        return head
    if (len(groups) >= 2 and len(groups[0]) == 1
            and _plain_len(groups[0][0].text) <= cues.schema.column_max_chars - 3
            and not _subtitle_like(groups[1][0].text, cues)):
        # a short line standing alone above the headline is a column name (职工之家), unless
        # what follows reads like a subtitle (关爱一路同行 / 台州市路桥区开展…)
        head.column = groups[0][0].text
        groups = groups[1:]
        flat = [ln for g in groups for ln in g]
    if flat[0].text.endswith("——") and len(flat) > 1:
        head.kicker = [flat[0]]
        flat = flat[1:]
        groups = [[ln for ln in g if ln is not head.kicker[0]] for g in groups]
        groups = [g for g in groups if g]
    elif (
        len(groups) >= 2
        and len(groups[0]) == 1
        and len(groups[0][0].text) >= 15
        and not _subtitle_like(groups[1][0].text, cues)
    ):
        head.kicker = groups[0]
        groups = groups[1:]
    first, rest = groups[0], groups[1:]
    title = [first[0]]
    sub: list[Line] = []
    for ln in first[1:]:
        (sub if sub or _subtitle_like(ln.text, cues) else title).append(ln)
    for g in rest:
        sub.extend(g)
    head.title, head.subtitle = title, sub
    return head


def _mapped_lines(raw: str, lines: list[Line], mt: MappedText, joiner=_join) -> None:
    texts = [ln.text for ln in lines]
    joined = joiner(texts)
    # Copy each line's slice; re-insert the separators the joiner put between lines.
    pos = 0
    for ln in lines:
        k = joined.find(ln.text, pos)
        if k > pos:
            mt.append_inserted(joined[pos:k])
        mt.append_source(raw, ln.start, ln.end)
        pos = k + len(ln.text)


def _article_id(source: str, n: int, title: str) -> str:
    digest = hashlib.sha1(f"{source}\x00{n}\x00{title}".encode("utf-8")).hexdigest()[:8]
    return f"{n:02d}-{digest}"


def _names(chunk: str) -> list[str]:
    return [n for n in re.split(r"[\s、，,]+", chunk) if n]


@lru_cache(maxsize=16)
def _roles_pattern(words: tuple[str, ...]) -> re.Pattern:
    return re.compile(rf"({_alt(list(words))})\s*(.+?)(?=\s*(?:{_alt(list(words))})|$)")


def _parse_roles(text: str, cues: _Cues, words: list[str]) -> list[tuple[str, list[str]]]:
    pattern = _roles_pattern(tuple(words))
    return [(m.group(1), _names(m.group(2))) for m in pattern.finditer(text.strip())]


def _build(page: Page, blocks: list[Block], start: _Start, end: int, n: int, cues: _Cues,
           column_above: str | None) -> ArticleDraft:
    raw = page.text
    head_blocks = [b for b in blocks[start.index : start.body] if b.kind == "headline"]
    captions = [b for b in blocks[start.index : end] if b.kind == "caption"]
    head = _assign_head(head_blocks, cues)
    reporters: list[str] = []
    correspondents: list[str] = []
    photographers: list[str] = []
    role_words = list(cues.role_of)
    credit_words = cues.schema.photo_credit.roles

    def take_credit(text: str) -> None:
        core = cues.credit_end.sub("", text.strip())
        found = _parse_roles(core, cues, credit_words) or [("", _names(core))]
        for _, names in found:
            photographers.extend(x for x in names if x not in photographers)

    body = MappedText()
    caption_texts: list[str] = []
    for c in captions:
        # a stack of captioned photos has one credit per line; a plain caption may run on
        lines = [ln.text for ln in c.lines] if all(_caption_line(ln.text, cues)
                                                   for ln in c.lines) else [c.text]
        for text in lines:
            m = _credit_tail(text, cues)
            if m:
                take_credit(m.group(0))
                text = text[: m.start()].strip()
            caption_texts.append(text)
    prev_open = False  # the last paragraph ended mid-sentence
    body_blocks = blocks[start.body : end]
    # banners that head the next article belong to it, not to this body
    while body_blocks and body_blocks[-1].kind == "banner":
        body_blocks.pop()
    commentary_author = None
    for b in body_blocks:
        if b.kind in ("caption", "banner"):
            continue
        if b.kind == "credit":
            take_credit(" ".join(ln.text for ln in b.lines))
            m = cues.credit_open_tail.search(body.text, max(0, len(body.text) - _TAIL))
            if m and m.start() > 0:
                take_credit(m.group(0))
                _truncate(body, m.start())
            continue
        lines = list(b.lines)
        if b.kind == "commentary":
            m = cues.commentary.match(lines[0].text)
            commentary_author = m.group(1) if m else None
            continue
        if b.kind == "byline":
            m = cues.byline.match(b.text)
            roles_text = m.group(1) if m else b.text  # a byline alone on its line(s)
            found = _parse_roles(roles_text, cues, role_words)
            for role_word, names in found:
                target = reporters if cues.role_of[role_word] == "reporters" else correspondents
                target.extend(names)
            if not found:  # 本报讯 徐金星报道: names without a role are the reporters
                reporters.extend(_names(roles_text))
            lines = _drop_prefix(lines, m.end() if m else len(b.text))
            if not lines:
                continue
        tail = _credit_tail(lines[-1].text, cues)
        if tail and b.kind == "body" and tail.start() > 0:
            take_credit(tail.group(0))
            last = lines[-1]
            lines[-1] = Line(last.start, last.start + tail.start(), last.text[: tail.start()])
        fields = [bool(cues.notice_field.match(ln.text)) for ln in lines]
        if body.text and not (prev_open and not fields[0]):
            body.append_inserted("\n")
        # "label：value" lines of a notice stay lines; other lines were broken by the layout
        run: list[Line] = []
        for k, ln in enumerate(lines):
            if run and (fields[k] or fields[k - 1]):
                _mapped_lines(raw, run, body)
                body.append_inserted("\n")
                run = []
            run.append(ln)
        _mapped_lines(raw, run, body)
        prev_open = b.kind in ("body", "byline") and not fields[-1] and not _ends_sentence(body.text, cues)
    if commentary_author:
        reporters.insert(0, commentary_author)

    head_mt = MappedText()
    parts: dict[str, str | None] = {}
    for name, lines, joiner in (
        ("kicker", head.kicker, _join),
        ("title", head.title, _title_join),
        ("subtitle", head.subtitle, _join),
    ):
        if not lines:
            parts[name] = None
            continue
        if head_mt.text:
            head_mt.append_inserted("\n")
        s = len(head_mt.text)
        _mapped_lines(raw, lines, head_mt, joiner)
        parts[name] = head_mt.text[s:]
    title = parts["title"] or _fallback_title(body.text)
    kind = _kind(start, head_blocks, body_blocks, photographers, cues)
    first_block = blocks[start.index]
    span = (first_block.lines[0].start, blocks[end - 1].lines[-1].end)
    article = Article(
        id=_article_id(page.source, n, title),
        kind=kind,
        kicker=parts["kicker"],
        title=title,
        subtitle=parts["subtitle"],
        column=head.column or column_above,
        byline=Byline(reporters=reporters, correspondents=correspondents, photographers=photographers),
        caption=" / ".join(t for t in caption_texts if t) or None,
        text=body.text,
        span=span,
        body_span=_outer(body),
        headline_spans=[(ln.start, ln.end) for ln in head.kicker + head.title + head.subtitle],
    )
    return ArticleDraft(article, head_mt, body, len(head_mt.text))


def _truncate(mt: MappedText, n: int) -> None:
    """Cut a MappedText back to its first n characters."""
    mt.text = mt.text[:n]
    mt._starts = []
    kept = []
    for cs, rs, ln in mt.pieces:
        if cs >= n:
            break
        kept.append((cs, rs, min(ln, n - cs)))
    mt.pieces = kept


def _outer(mt: MappedText) -> tuple[int, int] | None:
    if not mt.pieces:
        return None
    first, last = mt.pieces[0], mt.pieces[-1]
    return (first[1], last[1] + last[2])


def _drop_prefix(lines: list[Line], n: int) -> list[Line]:
    """Remove the first n characters of the joined block text (the byline) from its lines."""
    out: list[Line] = []
    for ln in lines:
        if n >= len(ln.text):
            n -= len(ln.text)
            continue
        if n > 0:
            rest = ln.text[n:]
            lead = len(rest) - len(rest.lstrip())
            ln = Line(ln.start + n + lead, ln.end, rest.strip(), ln.md_level)
            n = 0
        if ln.text:
            out.append(ln)
    return out


def _fallback_title(body: str) -> str:
    first = re.split(r"[。！？\n]", body, maxsplit=1)[0]
    return first[:24] or "（无标题）"


def _kind(start: _Start, head_blocks, body_blocks, photographers, cues: _Cues) -> str:
    head_text = "".join(b.text for b in head_blocks)
    fields = sum(1 for b in body_blocks for ln in b.lines if cues.notice_field.match(ln.text))
    if start.anchor == "notice" or (
        cues.notice_title.search(head_text) and fields >= cues.schema.notice.min_fields
    ):
        return "notice"
    if start.anchor == "commentary":
        return "commentary"
    if start.anchor in ("photo", "heading") and photographers:
        return "photo"
    return "news"


def segment(page: Page, schema: SegmentSchema) -> list[ArticleDraft]:
    """Page -> articles in page order, each with maps back to the page text."""
    cues = _cues(schema)
    blocks = _blocks(_lines(page.text, page.furniture), page.text, cues)
    if not blocks:
        return []
    _classify(blocks, cues)
    starts = _find_starts(blocks, cues)
    content = [i for i, b in enumerate(blocks) if b.kind != "banner"]
    if not starts:
        first = next((i for i in content if blocks[i].kind == "headline"), None)
        if first is None:
            first = content[0] if content else 0
            starts = [_Start(first, first, "orphan")]
        else:
            starts = [_Start(first, _run_forward(blocks, first), "orphan")]
    drafts: list[ArticleDraft] = []
    for n, st in enumerate(starts):
        end = starts[n + 1].index if n + 1 < len(starts) else len(blocks)
        column_above = None
        k = st.index - 1
        if k >= 0 and blocks[k].kind == "banner":
            column_above = blocks[k].lines[0].text if len(blocks[k].lines) == 1 else None
        drafts.append(_build(page, blocks, st, end, n, cues, column_above))
    return drafts
