"""The user's TOML configuration: home province and each report's head and distribution."""
from __future__ import annotations

import tomllib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from compiler.errors import UserError

CONFIG_NAME = "unionbrief.toml"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


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


class Config(Strict):
    home_province: str = "浙江省"
    province_union: str = "{province}总工会"
    defaults: UnitSettings = Field(default_factory=UnitSettings)
    units: dict[str, UnitSettings] = Field(default_factory=dict)


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


def settings_for(config: Config, unit_name: str) -> UnitSettings:
    """Built-in defaults, overridden by [defaults], overridden by [units."<unit>"]."""
    merged = BUILTIN_DEFAULTS.model_dump()
    for layer in (config.defaults, config.units.get(unit_name)):
        if layer is None:
            continue
        merged.update({k: v for k, v in layer.model_dump().items() if v is not None})
    return UnitSettings(**merged)


def load_config(path: Path | None) -> Config:
    """The file given, else ./unionbrief.toml when present, else the defaults."""
    if path is None:
        local = Path.cwd() / CONFIG_NAME
        if not local.is_file():
            return Config()
        path = local
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError(f"配置文件不存在：{path}", str(path)) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UserError(f"配置文件 {path} 格式错误：{exc}", str(path)) from None
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        lines = [f"  - {path.name} {'.'.join(map(str, e['loc']))}：{e['msg']}" for e in exc.errors()]
        raise UserError(f"配置文件 {path} 校验失败：\n" + "\n".join(lines), str(path)) from None
