"""Regular-expression helpers shared by the cue-driven stages."""
from __future__ import annotations

import re
from typing import Iterable


def alternation(words: Iterable[str]) -> str:
    """`a|b|c` of escaped words, longest first so that the longest cue wins."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
