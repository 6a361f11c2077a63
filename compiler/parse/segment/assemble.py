"""Build one Article from its blocks: headline parts, byline roles, body text mapped to the page."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

from compiler.knowledge.patterns import alternation
from compiler.model.document import Article, Byline, Kind, Page
from compiler.parse.mapped import MappedText
from compiler.parse.segment.blocks import Block, Line, join_lines
from compiler.parse.segment.classify import CREDIT_TAIL, caption_line, credit_tail, signoff_tail
from compiler.parse.segment.cues import Cues, ends_sentence
from compiler.parse.segment.headlines import assign_head, title_join
from compiler.parse.segment.starts import Start


@dataclass(slots=True)
class ArticleDraft:
    """A segmented article plus the maps from its text back to the page."""

    article: Article
    head: MappedText  # kicker, title and subtitle lines, one per line
    body: MappedText
    headline_len: int = 0


def _mapped_lines(raw: str, lines: list[Line], mt: MappedText, joiner=join_lines) -> None:
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


def article_id(source: str, n: int, title: str) -> str:
    digest = hashlib.sha1(f"{source}\x00{n}\x00{title}".encode()).hexdigest()[:8]
    return f"{n:02d}-{digest}"


def _names(chunk: str) -> list[str]:
    return [n for n in re.split(r"[\s、，,]+", chunk) if n]


@lru_cache(maxsize=16)
def _roles_pattern(words: tuple[str, ...]) -> re.Pattern:
    return re.compile(rf"({alternation(list(words))})\s*(.+?)(?=\s*(?:{alternation(list(words))})|$)")


def _parse_roles(text: str, cues: Cues, words: list[str]) -> list[tuple[str, list[str]]]:
    pattern = _roles_pattern(tuple(words))
    return [(m.group(1), _names(m.group(2))) for m in pattern.finditer(text.strip())]


def build_article(page: Page, blocks: list[Block], start: Start, end: int, n: int, cues: Cues,
           column_above: str | None) -> ArticleDraft:
    raw = page.text
    head_blocks = [b for b in blocks[start.index : start.body] if b.kind == "headline"]
    captions = [b for b in blocks[start.index : end] if b.kind == "caption"]
    head = assign_head(head_blocks, cues)
    reporters: list[str] = []
    correspondents: list[str] = []
    photographers: list[str] = []
    role_words = list(cues.role_of)
    credit_words = cues.schema.photo_credit.roles

    def take_credit(text: str) -> None:
        core = cues.credit_end.sub("", text.strip()).strip().lstrip("（(")
        found = _parse_roles(core, cues, credit_words) or [("", _names(core))]
        for _, names in found:
            photographers.extend(x for x in names if x not in photographers)

    body = MappedText()
    caption_texts: list[str] = []
    for c in captions:
        # a stack of captioned photos has one credit per line; a plain caption may run on
        texts = [ln.text for ln in c.lines] if all(caption_line(ln.text, cues)
                                                   for ln in c.lines) else [c.text]
        for text in texts:
            m = credit_tail(text, cues)
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
            m = cues.credit_open_tail.search(body.text, max(0, len(body.text) - CREDIT_TAIL))
            if m and m.start() > 0:
                take_credit(m.group(0))
                body.truncate(m.start())
            continue
        lines = list(b.lines)
        if b.kind == "signoff":  # （记者张三 通讯员李四） under the last paragraph
            _take_signoff(b.text, cues, role_words, reporters, correspondents)
            continue
        if b.kind == "commentary":
            m = cues.commentary.match(lines[0].text)
            commentary_author = m.group(1) if m else None
            continue
        if b.kind == "byline":
            m = cues.byline.match(b.text)
            roles_text = m.group("who") if m else b.text  # a byline alone on its line(s)
            found = _parse_roles(roles_text, cues, role_words)
            for role_word, names in found:
                target = reporters if cues.role_of[role_word] == "reporters" else correspondents
                target.extend(names)
            if not found:  # 本报讯 徐金星报道: names without a role are the reporters
                reporters.extend(_names(roles_text))
            lines = _drop_prefix(lines, m.end() if m else len(b.text))
            if not lines:
                continue
        tail = credit_tail(lines[-1].text, cues)
        if tail and b.kind == "body" and tail.start() > 0:
            take_credit(tail.group(0))
            last = lines[-1]
            lines[-1] = Line(last.start, last.start + tail.start(), last.text[: tail.start()])
        elif b.kind == "body" and b is body_blocks[-1]:
            sign = signoff_tail(lines[-1].text, cues)
            if sign and sign.start() > 0:  # …的呵护。（周敏加）: the byline, not the text
                _take_signoff(sign.group(0), cues, role_words, reporters, correspondents)
                last = lines[-1]
                cut = len(last.text[: sign.start()].rstrip())
                lines[-1] = Line(last.start, last.start + cut, last.text[:cut])
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
        prev_open = b.kind in ("body", "byline") and not fields[-1] and not ends_sentence(body.text, cues)
    if commentary_author:
        reporters.insert(0, commentary_author)

    head_mt = MappedText()
    parts: dict[str, str | None] = {}
    for name, head_lines, joiner in (
        ("kicker", head.kicker, join_lines),
        ("title", head.title, title_join),
        ("subtitle", head.subtitle, join_lines),
    ):
        if not head_lines:
            parts[name] = None
            continue
        if head_mt.text:
            head_mt.append_inserted("\n")
        s = len(head_mt.text)
        _mapped_lines(raw, head_lines, head_mt, joiner)
        parts[name] = head_mt.text[s:]
    title = parts["title"] or _fallback_title(body.text)
    kind = _kind(start, head_blocks, body_blocks, photographers, cues)
    first_block = blocks[start.index]
    span = (first_block.lines[0].start, blocks[end - 1].lines[-1].end)
    article = Article(
        id=article_id(page.source, n, title),
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


def _take_signoff(text: str, cues: Cues, role_words: list[str], reporters: list[str],
                  correspondents: list[str]) -> None:
    """Names of a closing byline: with role words as the lede's byline, without them reporters."""
    core = text.strip().strip("（()）").strip()
    found = _parse_roles(core, cues, role_words)
    for role_word, names in found:
        target = reporters if cues.role_of[role_word] == "reporters" else correspondents
        target.extend(n for n in names if n not in target)
    if not found:
        reporters.extend(n for n in _names(core) if n not in reporters)


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


def _kind(start: Start, head_blocks, body_blocks, photographers, cues: Cues) -> Kind:
    head_text = "".join(b.text for b in head_blocks)
    fields = sum(1 for b in body_blocks for ln in b.lines if cues.notice_field.match(ln.text))
    if start.anchor == "notice" or (
        cues.notice_title.search(head_text) and fields >= cues.schema.notice.min_fields
    ):
        return "notice"
    if start.anchor == "commentary":
        return "commentary"
    if start.anchor in ("photo", "heading", "headline") and photographers:
        return "photo"
    return "news"


