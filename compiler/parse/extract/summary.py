"""A short extractive summary: the lede sentence or two saying who did what, when."""
from __future__ import annotations

import re

from compiler.knowledge.memo import per_object
from compiler.knowledge.schemas import SummaryCues

_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]*[”’」』）)]*")
_ENDS = re.compile(r"[。！？!?][”’」』）)]*$")
_OPEN_QUOTES = "“「‘"
_CLOSE_QUOTE = {"“": "”", "「": "」", "‘": "’"}
# A quotation is a sentence or more of speech; a quoted name holds no punctuation.
_SPOKEN = re.compile(r"[，。！？…,!?；;]")
_MAX_CHARS = 150
_SCENE_RUN = 60  # a scene-setting run (…, …, ……) longer than this is no opening flourish
_ENOUGH = 60
_LOOK_AT = 5
_REJECT = -10
# Half-width marks a Chinese sentence should not hold (pages typed on an English keyboard);
# a comma or colon between digits (1,000 / 19:30) is a number and stays.
_HALF = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）"}
_HALF_MARK = re.compile(r"(?<!\d)[,:]|[,:](?!\d)|[;!?()]")
_CJK = re.compile(r"[\u3400-\u9fff“”‘’（）《》、，。]")


class _Cues:
    """The schema's cues compiled once."""

    def __init__(self, cues: SummaryCues) -> None:
        self.when = re.compile("|".join(cues.when)) if cues.when else None
        self.background = tuple(cues.background_starts)
        self.scene = tuple(cues.scene_starts)
        self.schedule = [re.compile(p) for p in cues.schedule_line]


_compiled = per_object(_Cues)
_NO_CUES = SummaryCues()


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip()]


def _after_quote(s: str) -> str:
    """“…”近日，… -> 近日，…: the quotation a feature opens with is no part of its lede."""
    if not s or s[0] not in _OPEN_QUOTES:
        return s
    end = s.find(_CLOSE_QUOTE[s[0]])
    if end < 0 or not _SPOKEN.search(s[1:end]):
        return s  # “劳动专列”主题公交车…: a name in quotation marks, not a quotation
    rest = s[end + 1:].lstrip("，,：: ")
    return rest if len(rest) >= 8 else s


def _after_scene(s: str, c: _Cues, lead: str | None) -> str:
    """Start at the time cue when what stands before it is scene-setting (接收订单、快速取餐……
    近日，…) or a purpose clause (为推进…，近日，…) that does not name the lead union."""
    run = s.find("……")
    if 0 < run < _SCENE_RUN and len(s) - run > 20 and not (lead and lead[-6:] in s[:run]):
        s = s[run + 2:].lstrip("，,")  # 扫码、分拣、装车……: a list of scenes, then the news
    if c.when is None:
        return s
    m = c.when.search(s)
    if m is None or m.start() == 0:
        return s
    before = s[:m.start()]
    if not before.endswith(("，", ",", "……", "…", "。")) or (lead and lead[-6:] in before):
        return s
    return s[m.start():]


def _score(i: int, s: str, lead: str | None, c: _Cues) -> int:
    if s[0] in _OPEN_QUOTES or not _ENDS.search(s):
        return _REJECT  # a quotation, or a sub-heading without a full stop
    if any(p.search(s) for p in c.schedule):
        return _REJECT  # 时间：6月19日 …
    score = 1 if i == 0 else 0
    if lead and (lead in s or lead[-6:] in s):
        score += 3
    if c.when is not None and c.when.search(s[:40]):
        score += 2
    if s.startswith(c.scene):
        score -= 3
    if s.startswith(c.background):
        score -= 6
    return score


def full_width(text: str) -> str:
    """Chinese punctuation in Chinese text: 近日,某某 -> 近日，某某; numbers (1,000, 19:30)
    and runs of Latin text keep theirs."""
    def swap(m: re.Match) -> str:
        i = m.start()
        near = text[max(0, i - 1):i] + text[i + 1:i + 2]
        return _HALF[m.group(0)] if _CJK.search(near) else m.group(0)

    return _HALF_MARK.sub(swap, text)


def summarise(body: str, lead_name: str | None, cues: SummaryCues | None = None) -> str:
    """The best lede among the first sentences (says when, names the lead union; not a
    quotation, a schedule line, background or a scene's detail), plus the next sentence when
    the first is short; always cut at a sentence or clause end; "" when there is none."""
    c = _compiled(cues or _NO_CUES)
    sents = [_after_scene(_after_quote(s), c, lead_name) for s in _sentences(body)[:12]]
    sents = [s for s in sents if s]
    if not sents:
        return ""
    scores = [_score(i, s, lead_name, c) for i, s in enumerate(sents[:_LOOK_AT])]
    pick = max(range(len(scores)), key=lambda i: (scores[i], -i))
    if scores[pick] <= _REJECT:
        return ""  # a notice of times and places has no lede: better none than a schedule line
    out = sents[pick]
    if len(out) > _MAX_CHARS:
        clause = out[:_MAX_CHARS].rsplit("，", 1)[0]
        return full_width((clause or out[:_MAX_CHARS]) + "……")
    nxt = sents[pick + 1] if pick + 1 < len(sents) else None
    if (nxt and len(out) < _ENOUGH and len(out) + len(nxt) <= _MAX_CHARS
            and _score(1, nxt, None, c) > _REJECT and not nxt.startswith(c.background)):
        out += nxt
    return full_width(out)
