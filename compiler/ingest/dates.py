"""Issue-date resolution: CLI option, manifest, file name, e-paper footer, in that order."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from compiler.ingest.manifest import ManifestEntry

# A sane issue date: none before 1949, none after next year. Outside, a date is a typo (0999
# for 1999) and writing it would make files other programs refuse (Excel, openpyxl).
_MIN_YEAR = 1949


def year_range() -> tuple[int, int]:
    return _MIN_YEAR, date.today().year + 1


def out_of_range(year: int) -> str | None:
    """A Chinese message when `year` is not a sane issue year, else None."""
    low, high = year_range()
    if low <= year <= high:
        return None
    return f"年份 {year} 超出合理范围（{low}—{high} 年），请检查日期是否写错"

# 2025-06-12, 2025_06_12, 2025.6.12 (same separator twice), 2025年6月12日
_SEPARATED = re.compile(
    r"(?<!\d)(\d{4})\s*([-_./])\s*(\d{1,2})\s*\2\s*(\d{1,2})(?!\d)"
    r"|(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]"
)
# 20250612 only as a whole token: inside a hash or an id (3e20250612ab) digits are not a date.
_COMPACT = re.compile(r"(?<![0-9A-Za-z])(\d{4})(\d{2})(\d{2})(?![0-9A-Za-z])")


def _make(year: str, month: str, day: str) -> date | None:
    try:
        value = date(int(year), int(month), int(day))
    except ValueError:
        return None
    return value if out_of_range(value.year) is None else None


def find_date(text: str, *, compact: bool = False) -> date | None:
    """The first valid full date written in `text`; `compact` also accepts 20250612."""
    for m in _SEPARATED.finditer(text):
        groups = m.groups()
        parts = (groups[0], groups[2], groups[3]) if groups[0] else groups[4:7]
        value = _make(*parts)
        if value:
            return value
    if compact:
        for m in _COMPACT.finditer(text):
            value = _make(*m.groups())
            if value:
                return value
    return None


def date_in_filename(name: str) -> date | None:
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return find_date(stem, compact=True)


@dataclass(frozen=True)
class IssueDate:
    issue_date: date | None = None
    issue_period: str | None = None
    warnings: tuple[str, ...] = field(default=())


def resolve(
    *,
    cli: date | None,
    entry: ManifestEntry | None,
    filename: str,
    footer: date | None,
) -> IssueDate:
    """The issue date from the first source that knows it; never guessed.

    A manifest that only knows the month or year (issue_period) still lets a full date from the
    file name or the footer through when that date falls in the period; a date outside it is
    reported and the manifest wins.
    """
    warnings: list[str] = []
    named = date_in_filename(filename)
    period = entry.issue_period if entry else None
    chosen: date | None = None
    origin = ""
    if cli is not None:
        chosen, origin = cli, "命令行指定的"
    elif entry is not None and entry.issue_date is not None:
        chosen, origin = entry.issue_date, "清单中的"
    else:
        for candidate, label in ((named, "文件名中的"), (footer, "电子报页脚中的")):
            if candidate is None:
                continue
            if period and not candidate.isoformat().startswith(period):
                warnings.append(
                    f"{label}日期 {candidate.isoformat()} 与清单中的出版时间 {period} 不一致，"
                    f"已按清单处理"
                )
                continue
            chosen, origin = candidate, label
            break
    if chosen is not None:
        if footer is not None and footer != chosen and origin != "电子报页脚中的":
            warnings.append(
                f"电子报页脚中的日期 {footer.isoformat()} 与{origin}出版日期 "
                f"{chosen.isoformat()} 不一致，已采用{origin}日期"
            )
        return IssueDate(chosen, None, tuple(warnings))
    return IssueDate(None, period, tuple(warnings))
