"""The user's TOML configuration: home province and each report's head and distribution."""
from __future__ import annotations

import re
import string
from datetime import date
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from compiler.guard.limits import CONFIG_MAX_BYTES
from compiler.guard.names import shown
from compiler.knowledge.datafile import load_data

CONFIG_NAME = "unionbrief.toml"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# What each text may name (aggregate._head fills them); nothing else is formatted into it.
UNIT_FIELDS = ("unit", "region", "parent", "year", "month", "quarter", "seq", "children",
               "region_short", "office")
_WIDTH = re.compile(r"^0?[1-9]?d?$")  # {seq:02d}: a small width, nothing that builds a huge string


def check_placeholders(text: str, allowed: tuple[str, ...]) -> str:
    """`text` if every {placeholder} in it is a plain name of `allowed`; else ValueError in
    Chinese. str.format would otherwise reach attributes ({unit.x}), indexes ({unit[0]}) or
    build huge strings ({seq:>1000000000})."""
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError:
        raise ValueError(f"花括号不成对：“{shown(text)[:80]}”（文字中的花括号请写成 {{{{ 或 }}}}）") \
            from None
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in allowed or conversion or not _WIDTH.match(spec or "") or \
                (spec and name != "seq"):
            shown_field = shown("{" + name + (f"!{conversion}" if conversion else "")
                                + (f":{spec}" if spec else "") + "}")[:80]
            raise ValueError(f"占位符 {shown_field} 不可用；可用的占位符："
                             + "、".join("{" + n + "}" for n in allowed))
    return text


class UnitSettings(Strict):
    """Settings for the reports of one unit (or the defaults of every unit).

    Text may use {unit} (杭州市总工会), {region} (杭州市), {parent} (浙江省总工会),
    {year}, {month}, {quarter}, {seq} (期号 number of the period), {office} (the general office
    of the unit's level: 办公厅 for a province, 办公室 for a city or county).
    """

    bulletin_name: str | None = None
    editor: str | None = None
    issue_no: str | None = None
    issue_no_offset: int | None = None  # added to {seq}: a bulletin that started mid-year
    bao: list[str] | None = None
    song: list[str] | None = None
    fa: list[str] | None = None

    @field_validator("bulletin_name", "editor", "issue_no")
    @classmethod
    def _text(cls, value: str | None) -> str | None:
        return None if value is None else check_placeholders(value, UNIT_FIELDS)

    @field_validator("bao", "song", "fa")
    @classmethod
    def _texts(cls, value: list[str] | None) -> list[str] | None:
        return None if value is None else [check_placeholders(v, UNIT_FIELDS) for v in value]


class ResolvedSettings(UnitSettings):
    """One unit's settings with every default filled in (settings_for): nothing is None."""

    bulletin_name: str
    editor: str
    issue_no: str
    issue_no_offset: int
    bao: list[str]
    song: list[str]
    fa: list[str]


class Config(Strict):
    home_province: str = "浙江省"
    province_union: str = "{province}总工会"
    # 印发 date of every report (TOML date: print_date = 2025-06-30); --print-date overrides it.
    # Unset, a report is dated by its latest article, or not at all.
    print_date: date | None = None
    defaults: UnitSettings = Field(default_factory=UnitSettings)
    units: dict[str, UnitSettings] = Field(default_factory=dict)

    @field_validator("province_union")
    @classmethod
    def _union(cls, value: str) -> str:
        return check_placeholders(value, ("province",))


BUILTIN_DEFAULTS = UnitSettings(
    bulletin_name="{unit}工作简报",
    editor="{unit}办公室",
    issue_no="{year}年第{seq}期",
    issue_no_offset=0,
    bao=["{parent}"],
    song=["{region_short}委{office}", "{region_short}人大常委会{office}", "{region_short}政府{office}",
          "{region_short}政协{office}"],
    fa=["{children}"],
)


def settings_for(config: Config, unit_name: str) -> ResolvedSettings:
    """Built-in defaults, overridden by [defaults], overridden by [units."<unit>"]."""
    merged = BUILTIN_DEFAULTS.model_dump()
    for layer in (config.defaults, config.units.get(unit_name)):
        if layer is None:
            continue
        merged.update({k: v for k, v in layer.model_dump().items() if v is not None})
    return ResolvedSettings(**merged)


def load_config(path: Path | None) -> Config:
    """The file given, else ./unionbrief.toml when present, else the defaults."""
    if path is None:
        local = Path.cwd() / CONFIG_NAME
        if not local.is_file():
            return Config()
        path = local
    return load_data(path, Config, empty={}, max_bytes=CONFIG_MAX_BYTES, what="配置文件")


