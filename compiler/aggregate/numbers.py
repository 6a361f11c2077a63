"""Chinese display of numbers and totals: 133000 人 -> 13.3万人, more_than -> 超…."""
from __future__ import annotations

_PREFIX = {"more_than": "超", "at_least": "不少于", "approx": "约", "less_than": "不足", "exact": ""}


def plain_number(value: float | int) -> str:
    """13.3万, 2亿, 3150, 35.71 — the way a Chinese report writes a count."""
    v = float(value)
    for scale, word in ((100_000_000, "亿"), (10_000, "万")):
        if abs(v) >= scale:
            q = v / scale
            text = f"{q:.2f}".rstrip("0").rstrip(".")
            return f"{text}{word}"
    if v.is_integer():
        return f"{int(v)}"
    return f"{v:.2f}".rstrip("0").rstrip(".")


def metric_display(value: float | int, unit: str, qualifier: str) -> str:
    return f"{_PREFIX.get(qualifier, '')}{plain_number(value)}{unit}"
