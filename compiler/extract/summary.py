"""A short extractive summary: the lede sentence or two naming who did what."""
from __future__ import annotations

import re

_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]*[”’」』）)]*")
_MAX_CHARS = 150
_ENOUGH = 60


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip()]


def _is_quote(s: str) -> bool:
    return s.startswith(("“", "「", "‘"))


def summarise(body: str, lead_name: str | None) -> str:
    """The first sentence that names the lead union (else the first plain one), plus the next
    when the first is short; always cut at a sentence end, never mid-sentence."""
    sents = _sentences(body)[:8]
    if not sents:
        return ""
    pick = None
    if lead_name:
        core = lead_name[-6:]
        pick = next((i for i, s in enumerate(sents[:5]) if lead_name in s or core in s), None)
    if pick is None:
        pick = next((i for i, s in enumerate(sents) if not _is_quote(s)), 0)
    out = sents[pick]
    if len(out) > _MAX_CHARS:
        clause = out[:_MAX_CHARS].rsplit("，", 1)[0]
        return clause + "……" if clause else out[:_MAX_CHARS] + "……"
    nxt = sents[pick + 1] if pick + 1 < len(sents) else None
    if nxt and len(out) < _ENOUGH and len(out) + len(nxt) <= _MAX_CHARS and not _is_quote(nxt):
        out += nxt
    return out
