"""XY-cut of a page's text runs: columns before rows, rules and pictures as walls, floating captions."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from compiler.ingest.layout import Seg

# A white gap at least this wide (in body-text sizes) separates columns.
COLUMN_GAP = 0.6
# Lines that cross a column gap may float (a photo caption across two columns) when they cover
# at most this share of the region's height.
FLOAT_SHARE = 0.15


def _gaps(intervals: list[tuple[float, float]], min_gap: float) -> list[float]:
    """Middles of the white gaps of at least `min_gap` between merged intervals."""
    if not intervals:
        return []
    cuts = []
    intervals = sorted(intervals)
    end = intervals[0][1]
    for a, b in intervals[1:]:
        if a - end >= min_gap:
            cuts.append((a + end) / 2)
        end = max(end, b)
    return cuts


def _split(segs: list[Seg], cuts: list[float], key) -> list[list[Seg]]:
    parts: list[list[Seg]] = [[] for _ in range(len(cuts) + 1)]
    for s in segs:
        k = sum(1 for c in cuts if key(s) > c)
        parts[k].append(s)
    return [p for p in parts if any(s.role not in MARKS for s in p)]


# Pseudo-runs for what is not text: pictures block both ways; a horizontal rule blocks a cut
# between columns (it closes a band of articles), a vertical rule a cut between rows (it runs
# between two stories side by side).
MARKS = ("picture", "hrule", "vrule")


def _xmid(s: Seg) -> float:
    return (s.x0 + s.x1) / 2


def _inner(segs: list[Seg], text: list[Seg]) -> list[Seg]:
    """Rules at the edge of a region have done their work: they only bound it. A rule less than
    half a line inside the edge is at the edge too: large type's boxes reach past its glyphs."""
    top, bottom = min(s.top for s in text), max(s.bottom for s in text)
    left, right = min(s.x0 for s in text), max(s.x1 for s in text)
    slack = 0.5 * max(s.size for s in text)
    return [s for s in segs if not (
        s.role == "hrule" and (s.bottom <= top + slack or s.top >= bottom - slack)
        or s.role == "vrule" and (s.x1 <= left + slack or s.x0 >= right - slack))]


def _vertical_title(part: list[Seg]) -> bool:
    """A headline set vertically (one run, or characters stacked one or two to a line) and
    nothing else."""
    text = [s for s in part if s.role not in MARKS]
    if not text or any(s.role != "head" for s in text):
        return False
    width = max(s.x1 for s in text) - min(s.x0 for s in text)
    height = max(s.bottom for s in text) - min(s.top for s in text)
    return height > 2 * width


def _vertical_title_first(parts: list[list[Seg]]) -> list[list[Seg]]:
    """A story's vertical headline stands at its right edge (set vertical-rl) or its left: it is
    read first either way, before the columns of the story it stands beside."""
    if len(parts) < 2 or not _vertical_title(parts[-1]):
        return parts
    # Its story's columns are the parts left of it without a headline of their own (a story
    # further left, side by side with it, is one part: its headline spans its columns).
    start = len(parts) - 1
    while start > 0 and not any(s.role == "head" for s in parts[start - 1]):
        start -= 1
    return [*parts[:start], parts[-1], *parts[start:-1]]


class Cutter:
    def __init__(self, body: float, line_gap: float) -> None:
        self.body = body
        self.col_gap = COLUMN_GAP * body
        self.row_gap = max(0.8 * body, line_gap + 0.6 * body)

    def cut(self, segs: list[Seg], depth: int = 0) -> list[list[Seg]]:
        text = [s for s in segs if s.role not in MARKS]
        if len(text) <= 1 or depth > 60:
            return [segs]
        segs = _inner(segs, text)
        cuts = _gaps([(s.x0, s.x1) for s in segs if s.role != "vrule"], self.col_gap)
        if cuts:
            parts = self._headed(_vertical_title_first(_split(segs, cuts, _xmid)))
            if len(parts) > 1:
                return self._recurse(parts, depth)
        cuts = self._row_cuts(segs, text) or self._under_headline(segs, text)
        if cuts:
            return self._recurse(_split(segs, cuts, lambda s: s.cy), depth)
        cuts = self._float_cuts(text)
        if cuts:
            return self._recurse(_split(segs, cuts, _xmid), depth)
        return [segs]

    def _headed(self, parts: list[list[Seg]]) -> list[list[Seg]]:
        """Columns whose headline stands in a column to their right belong with it: a short
        title over the middle columns of its story heads the first column too, also when a
        column name is set over that first column (the title is centred over both)."""
        out = [parts[0]]
        for k, part in enumerate(parts[1:], start=1):
            prev = out[-1]
            prev_text = [s for s in prev if s.role not in MARKS]
            heads = [s.top for s in part if s.role in ("head", "sub")]
            # (a subhead further down the first column does not make it a story of its own)
            under = (prev_text and heads and not any(s.role == "head" for s in prev_text)
                     and min(heads) < min(s.top for s in prev_text) - 0.5 * self.body)
            if under or (prev_text and self._centred_over_both(prev_text, part, parts[k + 1:])):
                # Cut off the headline band at once: cut again as one region, the two parts
                # would part at the same column gap.
                merged = prev + part
                cuts = self._under_headline(merged, [s for s in merged if s.role not in MARKS])
                out[-1:] = _split(merged, cuts, lambda s: s.cy) if cuts else [merged]
            else:
                out.append(part)
        return out

    def _centred_over_both(self, prev_text: list[Seg], part: list[Seg],
                           after: list[list[Seg]]) -> bool:
        if any(s.role == "head" for s in prev_text):
            return False
        text = [s for s in part if s.role not in MARKS]
        right = max(s.x1 for s in text)
        for later in after:  # the story's last columns, right of its title, have no headline
            if any(s.role == "head" for s in later):
                break
            right = max([right, *(s.x1 for s in later if s.role not in MARKS)])
        titles = [s for s in text if s.role == "head"]
        if not titles:
            return False
        title = min(titles, key=lambda s: s.top)
        body = [s for s in prev_text if s.role not in ("head", "sub")]
        if not body or title.top > min(s.top for s in body) - 0.5 * self.body:
            return False
        middle = (title.x0 + title.x1) / 2
        both = (min(s.x0 for s in prev_text) + right) / 2
        alone = (min(s.x0 for s in text) + right) / 2
        return abs(middle - both) < min(abs(middle - alone), 2 * self.body)

    def _row_cuts(self, segs: list[Seg], text: list[Seg]) -> list[float]:
        """White rows wider than a line's gap; a narrower one will do when a rule across most of
        the region lies in it (the line between two stacked stories)."""
        rows = sorted((s.top, s.bottom) for s in segs if s.role != "hrule")
        width = max(s.x1 for s in text) - min(s.x0 for s in text)
        rules = [s for s in segs if s.role == "hrule" and s.x1 - s.x0 >= 0.6 * width]
        cuts = []
        end = rows[0][1]
        for a, b in rows[1:]:
            gap = a - end
            if gap >= self.row_gap or (gap > 0.3 * self.body and any(
                    end <= r.cy <= a for r in rules)):
                cuts.append((a + end) / 2)
            end = max(end, b)
        return cuts

    def _under_headline(self, segs: list[Seg], text: list[Seg]) -> list[float]:
        """A headline over its story's columns, set close to them: the white under its last
        line may be narrower than a row gap, but nothing else reaches into the headline's band
        (a browser or a tight page set the subtitle a few points over the photo and columns).
        Subheads further down the columns are not part of the band."""
        rest = [s for s in segs if s.role not in ("head", "sub", "hrule", "vrule")]
        if not any(s.role not in MARKS for s in rest):
            return []
        below = min(s.top for s in rest)
        band = [s for s in text if s.role in ("head", "sub") and s.top < below]
        if not band:
            return []
        bottom = max(s.bottom for s in band)
        if below - bottom < 0.2 * self.body:
            return []
        return [(bottom + below) / 2]

    def _recurse(self, parts: list[list[Seg]], depth: int) -> list[list[Seg]]:
        if len(parts) == 1:
            return parts
        return [leaf for p in parts for leaf in self.cut(p, depth + 1)]

    def _float_cuts(self, segs: list[Seg]) -> list[float]:
        """Column gaps crossed only by a few lines (a caption across two columns, a line set
        wider than its column): the columns are read whole and those lines go with the side
        they lean to."""
        loose = [s for s in segs if s.role not in ("head", "sub")]
        if len(loose) < 8:
            return []
        x0 = min(s.x0 for s in segs)
        x1 = max(s.x1 for s in segs)
        height = max(s.bottom for s in segs) - min(s.top for s in segs)
        step = self.body / 3
        n = int((x1 - x0) / step) + 1
        cover = [0.0] * n
        blocked = [False] * n
        for s in segs:
            a, b = int((s.x0 - x0) / step), int((s.x1 - x0) / step)
            if s.role in ("head", "sub"):
                for k in range(a, min(b + 1, n)):
                    blocked[k] = True
            else:
                for k in range(a, min(b + 1, n)):
                    cover[k] += s.bottom - s.top
        limit = FLOAT_SHARE * height
        cuts, run = [], []
        for k in range(n + 1):
            if k < n and cover[k] <= limit and not blocked[k]:
                run.append(k)
                continue
            if run and run[0] > 0 and k < n and (len(run) + 1) * step >= self.col_gap:
                cuts.append(x0 + (run[0] + run[-1] + 1) / 2 * step)
            run = []
        return cuts
