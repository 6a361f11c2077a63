"""A short extractive summary: the lede sentence or two naming who did what."""
from __future__ import annotations

import re

_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]*[”’」』）)]*")
_ENDS = re.compile(r"[。！？!?][”’」』）)]*$")
# A lede usually says when: 近日 / 日前 / 6月10日 / 今年以来.
_WHEN = re.compile(r"近日|日前|近期|目前|今年以来|去年以来|近年来|\d{1,2}月\d{1,2}日")
_MAX_CHARS = 150
_ENOUGH = 60
_LOOK_AT = 4


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip()]


def _is_quote(s: str) -> bool:
    return s.startswith(("“", "「", "‘"))


def _score(i: int, s: str, lead: str | None) -> int:
    if _is_quote(s) or not _ENDS.search(s):
        return -10  # a quotation, or a sub-heading without a full stop
    score = 1 if i == 0 else 0
    if lead and (lead in s or lead[-6:] in s):
        score += 3
    if _WHEN.search(s):
        score += 2
    return score


def summarise(body: str, lead_name: str | None) -> str:
    """The best lede among the first sentences (says when, names the lead union, not a quote),
    plus the next sentence when the first is short; always cut at a sentence end."""
    sents = _sentences(body)[:12]
    if not sents:
        return ""
    scores = [_score(i, s, lead_name) for i, s in enumerate(sents[:_LOOK_AT])]
    pick = max(range(len(scores)), key=lambda i: (scores[i], -i))
    out = sents[pick]
    if len(out) > _MAX_CHARS:
        clause = out[:_MAX_CHARS].rsplit("，", 1)[0]
        return (clause or out[:_MAX_CHARS]) + "……"
    nxt = sents[pick + 1] if pick + 1 < len(sents) else None
    if (nxt and len(out) < _ENOUGH and len(out) + len(nxt) <= _MAX_CHARS and not _is_quote(nxt)
            and _ENDS.search(nxt)):
        out += nxt
    return out
