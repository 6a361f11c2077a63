"""The segmentation cues of schemas/segment.yaml compiled once into regular expressions."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from compiler.knowledge.memo import per_object
from compiler.knowledge.patterns import alternation
from compiler.knowledge.schemas import SegmentSchema


class _FirstOf:
    """Patterns tried in turn; `match` gives the first one's match (a byline's strict form,
    then its looser forms)."""

    def __init__(self, patterns: tuple[re.Pattern, ...]) -> None:
        self.patterns = patterns

    def match(self, text: str) -> re.Match | None:
        for p in self.patterns:
            m = p.match(text)
            if m:
                return m
        return None


@dataclass(slots=True)
class Cues:
    banners: re.Pattern
    byline: _FirstOf
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
    signoff_block: re.Pattern | None
    signoff_tail: re.Pattern | None
    name_block: re.Pattern | None
    name_tail: re.Pattern | None
    lede_when: re.Pattern | None
    lede_opener: re.Pattern | None
    sentence_end: str
    closers: str
    schema: SegmentSchema = field(repr=False)


def cues_marks(schema: SegmentSchema) -> list[str]:
    """■通讯员周建巨 is a byline, not a signed commentary: marks followed by a role word."""
    roles = [w for ws in schema.byline.roles.values() for w in ws]
    return [m + r for m in schema.commentary_marks for r in roles]


@per_object
def cues_for(schema: SegmentSchema) -> Cues:
    by = schema.byline
    role_words = [w for ws in by.roles.values() for w in ws]
    name = r"[\u3400-\u9fff·]{2,5}"
    names = rf"{name}(?:\s*[、，,]\s*{name})*"
    # 本报讯 记者张三 通讯员李四报道 … or 本报讯（记者 张三 通讯员 李四）…
    prefixes = alternation(by.lede_prefixes)
    roles = alternation(role_words + cues_marks(schema))
    strict = re.compile(
        rf"^(?:{prefixes})?\s*(?:[（(]\s*)?"
        rf"(?P<who>(?:(?:{roles})\s*{names}\s*)+"
        rf"|(?<=[讯（(])\s*{names}\s*)"
        rf"(?:(?:{alternation(by.end_words)})\s*[）)]?|[）)])\s*"
    )
    # After a dispatch prefix (…讯) the byline may also end without 报道, at the space before
    # the text: 本报讯 通讯员王五 为丰富职工…
    dispatch = alternation([p for p in by.lede_prefixes if p.endswith("讯")])
    spaced_names = rf"{name}(?:(?:\s*[、，,]\s*|\s+){name})*"
    loose = re.compile(rf"^(?:{dispatch})\s*(?P<who>(?:(?:{roles})\s*{spaced_names}\s*)+)(?<=\s)(?=\S)")
    byline = _FirstOf((strict, loose))
    pc = schema.photo_credit
    # a credit's names may also stand apart by spaces only: 通讯员 张海娟 吴倩 记者 方力
    spaced = rf"{name}(?:(?:\s*[、，,]\s*|\s+){name})*"
    credit_unit = rf"(?:(?:{alternation(pc.roles)})\s*{spaced}\s*)"
    ends = alternation(pc.end_words)
    # Without a role word the names must stand apart before 摄 (钟伟 单明铭 摄, 李四/摄), never
    # 拍摄. A credit may stand in brackets: （记者 李四 摄）.
    bare = rf"{name}(?:(?:\s*[、，,]\s*|\s+){name})*(?:\s+|\s*[/／]\s*)(?:{ends})"
    credit_line = re.compile(rf"^[（(]?(?:{credit_unit}+(?:{ends})?|{bare})[）)]?$")
    credit_tail = re.compile(
        rf"(?:(?<=[。！？”\s])|^)\s*[（(]?(?:{credit_unit}+(?:{ends})|{bare})[）)]?$")
    role_of = {w: role for role, ws in by.roles.items() for w in ws}
    return Cues(
        banners=re.compile("|".join(f"(?:{p})" for p in schema.banners)),
        byline=byline,
        byline_roles=re.compile(rf"^(?:(?:{prefixes})\s*)?(?:{alternation(role_words)})"),
        marked_byline=re.compile(rf"^(?:{alternation(cues_marks(schema))})\s*{names}$"),
        # 工人日报—中工网记者 邹倜然: a medium's name, then the role and the names, alone
        media_byline=re.compile(rf"^[\u4e00-\u9fff—\-·]{{2,14}}(?:{alternation(role_words)})\s*{names}$"),
        caption_prefix=re.compile(rf"^(?:{alternation(schema.caption_prefixes)})"),
        role_of=role_of,
        credit_line=credit_line,
        credit_tail=credit_tail,
        credit_open_tail=re.compile(rf"(?<=[。！？”])\s*{credit_unit}+$"),
        credit_end=re.compile(rf"[/／]?\s*(?:{ends})[）)]?$"),
        credit_ends=tuple(e + c for e in pc.end_words for c in ("", "）", ")")),
        commentary=re.compile(rf"^(?:{alternation(schema.commentary_marks)})\s*([\u3400-\u9fff·]{{2,6}})$"),
        notice_title=re.compile(alternation(schema.notice.title_cues)),
        notice_field=re.compile(rf"^(?:{alternation(schema.notice.field_labels)})\s*[：:]"),
        subtitle=re.compile("|".join(schema.subtitle_cues)),
        signoff_block=_any(schema.signoff.block),
        signoff_tail=_any(schema.signoff.tail),
        name_block=re.compile(schema.signoff.name_block) if schema.signoff.name_block else None,
        name_tail=re.compile(schema.signoff.name_tail) if schema.signoff.name_tail else None,
        lede_when=_any(schema.headline_start.lede_when),
        lede_opener=_any(schema.headline_start.lede_openers),
        sentence_end=schema.sentence_end,
        closers=schema.closers,
        schema=schema,
    )


def _any(patterns: list[str]) -> re.Pattern | None:
    return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


def ends_sentence(text: str, cues: Cues) -> bool:
    t = text.rstrip(cues.closers)
    return bool(t) and (t[-1] in cues.sentence_end or len(t) < len(text) and t[-1] in "。！？!?")
