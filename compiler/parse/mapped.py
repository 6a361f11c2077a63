"""Text assembled from pieces of a page, remembering where each character came from."""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field


@dataclass(slots=True)
class MappedText:
    """A string built from slices of the original page text plus inserted separators.

    `pieces` holds (start in this text, start in the page, length) for every copied slice;
    inserted characters (paragraph breaks, spaces between Latin words) belong to no piece.
    """

    text: str = ""
    pieces: list[tuple[int, int, int]] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list, repr=False)

    def append_source(self, raw: str, start: int, end: int) -> None:
        if end <= start:
            return
        self.pieces.append((len(self.text), start, end - start))
        self.text += raw[start:end]

    def append_inserted(self, chars: str) -> None:
        self.text += chars

    def truncate(self, n: int) -> None:
        """Cut back to the first n characters."""
        self.text = self.text[:n]
        self._starts = []
        self.pieces = [(cs, rs, min(ln, n - cs)) for cs, rs, ln in self.pieces if cs < n]

    def _raw_pos(self, i: int, *, end: bool) -> int | None:
        # pieces only grow at the end, so a cached list of starts stays valid while its length does
        if len(self._starts) != len(self.pieces):
            self._starts = [p[0] for p in self.pieces]
        k = bisect.bisect_right(self._starts, i - (1 if end else 0)) - 1
        if k < 0:
            return None
        cs, rs, n = self.pieces[k]
        off = i - cs
        if end:
            if 0 < off <= n:
                return rs + off
            return None
        if 0 <= off < n:
            return rs + off
        return None

    def raw_span(self, start: int, end: int) -> tuple[int, int] | None:
        """The span of the page text that holds text[start:end] (layout breaks in between)."""
        s = self._raw_pos(start, end=False)
        e = self._raw_pos(end, end=True)
        if s is None or e is None or e < s:
            return None
        return (s, e)
