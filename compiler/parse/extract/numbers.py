"""Read Arabic and Chinese numerals (13.3万, 两, 二十余, 千万) as numbers."""
from __future__ import annotations

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
          "八": 8, "九": 9}
SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
CHINESE_NUMERAL_CHARS = "".join(DIGITS) + "".join(SMALL_UNITS) + "".join(BIG_UNITS)


def chinese_to_number(text: str) -> int | None:
    """二十 -> 20, 一百二十 -> 120, 千万 -> 10000000, 两 -> 2; None when not a numeral."""
    if not text or any(c not in CHINESE_NUMERAL_CHARS for c in text):
        return None
    total = 0  # completed big-unit sections
    section = 0  # below 万
    digit: int | None = None
    for c in text:
        if c in DIGITS:
            if digit is not None:
                # 八九 as in 八九成 is not one number
                return None
            digit = DIGITS[c]
        elif c in SMALL_UNITS:
            section += (1 if digit is None else digit) * SMALL_UNITS[c]
            digit = None
        else:
            big = BIG_UNITS[c]
            section += digit or 0
            digit = None
            if section == 0:
                section = 1
            total = (total + section) * big if total and total < big else total + section * big
            section = 0
    return total + section + (digit or 0)


def arabic_to_number(text: str) -> float | int:
    text = text.replace(",", "").replace("，", "")
    value = float(text)
    return int(value) if value.is_integer() and "." not in text else value


def tidy(value: float) -> float | int:
    """Integers as int (133000, not 133000.0), other values rounded to kill float noise."""
    rounded = round(value, 6)
    return int(rounded) if float(rounded).is_integer() else rounded
