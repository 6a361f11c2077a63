"""Generate a deterministic province-size corpus from samples/*.txt (places, dates, numbers varied)."""
from __future__ import annotations

import calendar
import random
import re
from pathlib import Path

from compiler.knowledge.gazetteer import load_gazetteer

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"

# Digit runs that are counts or amounts; years (4 digits starting 19/20) and month/day numbers
# are left alone so that the pages stay plausible.
_NUMBER = re.compile(r"(?<![\d.])(\d{1,4})(?![\d.]|\s*[月日号时点])")
_YEAR = re.compile(r"(19|20)\d\d")


class Varier:
    """Swaps each county of the home province for another county of the same city."""

    def __init__(self, province: str = "浙江省") -> None:
        gaz = load_gazetteer(home_province=province)
        self.by_city: dict[str, list] = {c.name: gaz.counties_of(c.name) for c in gaz.cities_of(province)}
        self.county_of: dict[str, tuple[str, object]] = {}  # surface -> (city, place)
        for city, counties in self.by_city.items():
            for p in counties:
                self.county_of[p.name] = (city, p)
                if p.short and len(p.short) >= 2:
                    self.county_of.setdefault(p.short, (city, p))
        surfaces = sorted(self.county_of, key=len, reverse=True)
        self._places = re.compile("|".join(map(re.escape, surfaces)))

    def vary(self, text: str, rng: random.Random) -> str:
        # One permutation of counties per city for the whole page keeps the page self-consistent.
        swap: dict[str, object] = {}
        for counties in self.by_city.values():
            shuffled = counties[:]
            rng.shuffle(shuffled)
            swap.update({a.name: b for a, b in zip(counties, shuffled)})

        def place(m: re.Match) -> str:
            surface = m.group(0)
            _, p = self.county_of[surface]
            new = swap[p.name]
            return new.name if surface == p.name else (new.short or new.name)

        def number(m: re.Match) -> str:
            digits = m.group(1)
            if len(digits) == 4 and _YEAR.fullmatch(digits):
                return digits
            low = 10 ** (len(digits) - 1) if len(digits) > 1 else 1
            return str(rng.randint(low, 10 ** len(digits) - 1))

        return _NUMBER.sub(number, self._places.sub(place, text))


def generate(out: Path, pages: int, month: str = "2025-06", seed: int = 20250601) -> list[Path]:
    """Write `pages` .txt pages named with issue dates in `month`; returns their paths."""
    rng = random.Random(seed)
    samples = [(f.stem, f.read_text(encoding="utf-8")) for f in sorted(SAMPLES.glob("*.txt"))]
    varier = Varier()
    year, mon = map(int, month.split("-"))
    days = calendar.monthrange(year, mon)[1]
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for i in range(pages):
        stem, text = samples[i % len(samples)]
        day = 1 + i * days // pages
        path = out / f"{year:04d}-{mon:02d}-{day:02d}_{i:05d}_{stem[:3]}.txt"
        path.write_text(varier.vary(text, rng), encoding="utf-8")
        written.append(path)
    return written
