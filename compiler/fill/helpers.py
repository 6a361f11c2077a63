"""The functions a fill template calls: plain closures over plain data, nothing else reachable.

count/sum/filter_items close over a tuple of facts (plain tuples of text, numbers and records)
and plain lookup tables; a template can call them, never read what they hold (render.sandbox).
"""
from __future__ import annotations

from datetime import date
from typing import Any, Callable, NamedTuple

from compiler.aggregate.numbers import plain_number
from compiler.fill.records import Record, TemplateDataError
from compiler.present import labels

STATUSES = {"actual": ("actual",), "target": ("target",), "all": ("actual", "target"),
            "已完成": ("actual",), "实际": ("actual",), "目标": ("target",),
            "全部": ("actual", "target")}
# sum(role=…): counts add up; running/standing totals are taken once per union (latest report);
# rate and part figures are never added
ROLES = {"count": "count", "当期数": "count", "当期": "count",
         "total": "total", "累计": "total", "累计数": "total", "存量": "total", "现有数": "total"}
MAX_DIGITS = 20  # fmt(x, digits): more decimals than a float holds is a mistake (or an attack)


class Fact(NamedTuple):
    """What the helpers filter on, for one item (a plain tuple)."""

    row: str  # the statistics-table row the item counts in
    names: frozenset  # unit names that select it: row, lead union, its city and county
    level: str | None
    kind: str
    primary: str
    categories: tuple
    figures: tuple  # (metric, unit, status, value, role) per figure
    record: Record


class Tables(NamedTuple):
    """The vocabulary: ids or Chinese labels -> ids; unknown = error. Plain dicts and sets."""

    categories: dict  # id -> label
    metrics: dict  # id -> (label, units)
    units: frozenset  # unit names count(unit=…) accepts
    rows: tuple = ()  # the statistics table's row names, quoted when a unit is unknown


def num(v: float) -> float | int:
    """As the statistics workbook stores a sum: an int when whole, else rounded to 4 places."""
    return int(v) if float(v).is_integer() else round(v, 4)


def short(value: Any) -> str:
    """A value as quoted in an error: at most 40 characters of it."""
    text = str(value)
    return text if len(text) <= 40 else text[:40] + "…"


def _find(kind: str, name: Any, table: dict) -> str:
    key = str(name).strip()
    if key in table:
        return key
    for k, label in table.items():
        if label == key:
            return k
    # the Chinese labels first: a statistician writes 劳动和技能竞赛 rather than competition
    choices = "、".join(f"{label}（{k}）" if label and label != k else k for k, label in table.items())
    raise TemplateDataError(f"未知{kind} {short(name)}（可用：{choices}）")


def _metric_labels(t: Tables) -> dict:
    return {k: label for k, (label, _) in t.metrics.items()}


def _unit(t: Tables, name: Any) -> str:
    key = str(name).strip()
    if key not in t.units:
        raise TemplateDataError(f"未知单位 {short(name)}（应为工会全称或统计表中的行名，如 "
                                f"{'、'.join(t.rows[:16]) or '余杭区总工会、杭州市总工会'}）")
    return key


def _select(facts: tuple, t: Tables, own_unit: str, row: str | None, category: Any, unit: Any,
            level: Any, kind: Any, primary: Any) -> list[Fact]:
    out = list(facts)
    if row is not None:
        out = [f for f in out if f.row == row]
    if unit is not None and str(unit).strip() != own_unit:
        name = _unit(t, unit)
        out = [f for f in out if name in f.names]
    if category is not None:
        cid = _find("类别", category, t.categories)
        out = [f for f in out if (f.primary == cid if primary else cid in f.categories)]
    if level is not None:
        lid = _find("层级", level, labels.LEVELS)
        out = [f for f in out if f.level == lid]
    if kind is not None:
        kid = _find("稿件类型", kind, labels.KINDS)
        out = [f for f in out if f.kind == kid]
    return out


def _sum(facts: tuple, t: Tables, own_unit: str, row: str | None, metric: Any, measure: Any,
         unit: Any, category: Any, level: Any, kind: Any, status: Any, primary: Any,
         role: Any = "count") -> float | int:
    mid = _find("指标", metric, _metric_labels(t))
    role_id = ROLES.get(str(role).strip())
    if role_id is None:
        raise TemplateDataError(f"role 只能是 count（当期数）或 total（累计/现有数），不是 {short(role)}；"
                                "人均/单价/比例（rate）与其中数（part）不能相加")
    label, units = t.metrics[mid]
    measure = units[0] if measure is None else str(measure).strip()
    if measure not in units:
        raise TemplateDataError(f"指标 {label} 的计量单位只能是 {'、'.join(units)}，不是 {short(measure)}")
    if measure == "%":
        raise TemplateDataError(f"指标 {label} 是比例（%），不能相加")
    if status is None:
        status = "all"
    if str(status) not in STATUSES:
        raise TemplateDataError(f"未知状态 {short(status)}"
                                "（可用：actual、target、all，或 已完成、目标、全部）")
    statuses = STATUSES[str(status)]
    total = 0.0
    latest: dict = {}  # role total: per union, its latest report's largest value
    for f in _select(facts, t, own_unit, row, category, unit, level, kind, primary):
        for fig_metric, fig_unit, fig_status, value, fig_role in f.figures:
            if fig_metric != mid or fig_unit != measure or fig_status not in statuses:
                continue
            if fig_role != role_id:
                continue  # rate and part figures are never added; totals only as below
            if role_id == "count":
                total += value
            else:
                key = f.record.union or f.row
                rank = (f.record.issue_date or date.min, f.record.number, value)
                if key not in latest or rank > latest[key]:
                    latest[key] = rank
    for rank in latest.values():
        total += rank[2]
    return num(total)


def counters(facts: tuple, t: Tables, own_unit: str, row: str | None = None
             ) -> tuple[Callable[..., int], Callable[..., float | int]]:
    """count() and sum() over all items, or over one statistics row's items."""

    def count(category=None, unit=None, level=None, kind=None, primary=True) -> int:
        return len(_select(facts, t, own_unit, row, category, unit, level, kind, primary))

    def sum(metric, measure=None, unit=None, category=None, level=None, kind=None,
            status="actual", primary=True, role="count") -> float | int:
        return _sum(facts, t, own_unit, row, metric, measure, unit, category, level, kind, status,
                    primary, role)

    return count, sum


def item_filter(facts: tuple, t: Tables, own_unit: str) -> Callable[..., tuple]:
    def filter_items(category=None, unit=None, level=None, kind=None, primary=True) -> tuple:
        return tuple(f.record for f in _select(facts, t, own_unit, None, category, unit, level,
                                               kind, primary))

    return filter_items


def labeller(t: Tables) -> Callable[[Any], str]:
    tables = (dict(t.categories), _metric_labels(t), dict(labels.LEVELS), dict(labels.KINDS),
              dict(labels.STATUSES))

    def label(key: Any) -> str:
        """Chinese label of a category, metric, union level or kind id."""
        k = str(key)
        for table in tables:
            if k in table:
                return table[k]
        raise TemplateDataError(f"未知的代码 {short(key)}（应为类别、指标、层级或稿件类型的代码）")

    return label


def _number(name: str, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TemplateDataError(f"{name}() 需要数值，得到的是 {short(value)}")


def fmt(value: Any, digits: Any = None) -> str:
    """12000 -> 12,000; 35.714 -> 35.71; with digits, that many decimals; None -> ''."""
    if value is None or value == "":
        return ""
    _number("fmt", value)
    if digits is not None:
        if isinstance(digits, str) and digits.strip().isdigit():
            digits = int(digits)
        if isinstance(digits, bool) or not isinstance(digits, int) or not 0 <= digits <= MAX_DIGITS:
            raise TemplateDataError(f"fmt() 的小数位数应为 0～{MAX_DIGITS} 的整数，得到的是 "
                                    f"{short(digits)}")
        return f"{value:,.{digits}f}"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{int(value):,}"


def plain(value: Any) -> str:
    """133000 -> 13.3万 (the way the briefing writes a total)."""
    if value is None or value == "":
        return ""
    _number("plain", value)
    return plain_number(value)
