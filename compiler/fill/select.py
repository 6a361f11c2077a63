"""Pick the one Briefing a template is filled from: --unit and --period, as build makes them."""
from __future__ import annotations

from compiler.aggregate.briefings import build_briefings
from compiler.model.briefing import Briefing
from compiler.knowledge.config import Config
from compiler.errors import UserError
from compiler.knowledge.gazetteer import Gazetteer
from compiler.model.document import Document
from compiler.aggregate.periods import PeriodSpec
from compiler.knowledge.schemas import Schemas

LEVELS = {"province", "city", "county"}


class SelectError(UserError):
    """--unit or --period names nothing the parsed articles can fill."""


def _names(b: Briefing) -> set[str]:
    u = b.unit
    names = {u.name, u.region, f"{u.region}总工会", u.slug}
    if u.level == "county":
        names |= {u.county or "", f"{u.city}{u.name}"}
    elif u.level == "city":
        names.add(u.city or "")
    else:
        names.add(u.province or "")
    return {n for n in names if n}


def _spec(period: str | None) -> PeriodSpec:
    spec = PeriodSpec.parse(period or "all")
    if spec.granularity != "all" and spec.only is None:
        raise SelectError(f"fill 一次只填一个统计周期：--period 应为 2025-06、2025-Q2、2025 或 all，"
                          f"不能是 {period}")
    return spec


def select_briefing(documents: list[Document], schemas: Schemas, gaz: Gazetteer, config: Config,
                    unit: str | None, period: str | None) -> Briefing:
    """The Briefing of `unit` (default: the province's federation) for `period` (default: all)."""
    spec = _spec(period)
    briefings = build_briefings(documents, schemas, gaz, config, spec, LEVELS)
    if spec.only:
        briefings = [b for b in briefings if b.period.key == spec.only]
    if not briefings:
        what = f"统计周期 {period} 内" if spec.only else "输入中"
        raise SelectError(f"{what}没有可用于填报的稿件")
    wanted = (unit or config.province_union.format(province=gaz.home_province)).strip()
    found = [b for b in briefings if wanted in _names(b)]
    if len(found) > 1:
        options = "、".join(f"{b.unit.region}总工会" for b in found)
        raise SelectError(f"单位“{wanted}”不唯一，请写全称：{options}")
    if not found:
        options = "、".join(b.unit.name if b.unit.level != "county"
                           else f"{b.unit.city}{b.unit.name}" for b in briefings)
        raise SelectError(f"{briefings[0].period.label}的稿件中没有单位“{wanted}”的稿件；"
                          f"可选单位：{options}")
    return found[0]


def known_units(gaz: Gazetteer) -> set[str]:
    """Unit names a template may pass to count(unit=…) although no article of theirs is in."""
    names: set[str] = {f"{gaz.home_province}总工会"}
    for city in gaz.cities_of(gaz.home_province):
        names |= {city.name, f"{city.name}总工会"}
        for county in gaz.counties_of(city.name, gaz.home_province):
            names |= {county.name, f"{county.name}总工会", f"{city.name}{county.name}",
                      f"{city.name}{county.name}总工会"}
    return names
