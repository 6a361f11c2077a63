"""Pick the one Briefing a template is filled from: --unit and --period, as build makes them."""
from __future__ import annotations

from compiler.aggregate.briefings import build_briefings, empty_briefing
from compiler.aggregate.periods import UNDATED, PeriodSpec, make_period, periods_present
from compiler.aggregate.units import units_named
from compiler.errors import UserError
from compiler.knowledge.config import Config
from compiler.knowledge.gazetteer import Gazetteer
from compiler.knowledge.schemas import Schemas
from compiler.model.briefing import Briefing
from compiler.model.document import Document

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
    return PeriodSpec(spec.granularity, spec.only, undated_apart=False)


def _label(b: Briefing) -> str:
    return b.unit.name if b.unit.level != "county" else f"{b.unit.city}{b.unit.name}"


def _examples(gaz: Gazetteer, config: Config) -> str:
    """A province's, a city's and a county's federation, from the gazetteer."""
    names = [config.province_union.format(province=gaz.home_province)]
    cities = gaz.cities_of(gaz.home_province)
    if cities:
        names.append(f"{cities[0].name}总工会")
        counties = gaz.counties_of(cities[0].name, gaz.home_province)
        if counties:
            names.append(f"{counties[0].name}总工会")
    return "、".join(names)


def select_briefing(documents: list[Document], schemas: Schemas, gaz: Gazetteer, config: Config,
                    unit: str | None, period: str | None) -> Briefing:
    """The Briefing of `unit` (default: the province's federation) for `period` (default: all).

    A unit or a period without articles is filled with zeros and a warning: a statistician
    files a quiet month too."""
    spec = _spec(period)
    briefings = build_briefings(documents, schemas, gaz, config, spec, LEVELS)
    if spec.only:
        briefings = [b for b in briefings if b.period.key == spec.only]
    wanted = (unit or config.province_union.format(province=gaz.home_province)).strip()
    found = [b for b in briefings if wanted in _names(b)]
    if len(found) > 1:
        options = "、".join(f"{b.unit.region}总工会" for b in found)
        raise SelectError(f"单位“{wanted}”不唯一，请写全称：{options}")
    if found:
        return found[0]
    units = units_named(wanted, gaz, config.province_union)
    if len(units) > 1:
        options = "、".join(f"{u.region}总工会" for u in units)
        raise SelectError(f"单位“{wanted}”不唯一，请写全称：{options}")
    if not units:
        options = "、".join(_label(b) for b in briefings) or "（无）"
        raise SelectError(f"不认识单位“{wanted}”：应为本省的省、市、县（市、区）总工会，如 "
                          f"{_examples(gaz, config)}；有稿件的单位：{options}")
    if briefings:
        the_period = briefings[0].period
        why = f"{the_period.label}没有{units[0].name}的稿件，各项按零填报"
    else:
        the_period = make_period(spec.only) if spec.only else UNDATED
        have = "、".join(p.key for p in periods_present(documents, "month")) or "无"
        what = f"统计周期 {period} 内" if spec.only else "输入中"
        why = f"{what}没有可用于填报的稿件，各项按零填报（有稿件的统计周期：{have}）"
    return empty_briefing(units[0], the_period, schemas, gaz, config, why)


def known_units(gaz: Gazetteer) -> set[str]:
    """Unit names a template may pass to count(unit=…) although no article of theirs is in."""
    names: set[str] = {f"{gaz.home_province}总工会"}
    for city in gaz.cities_of(gaz.home_province):
        names |= {city.name, f"{city.name}总工会"}
        for county in gaz.counties_of(city.name, gaz.home_province):
            names |= {county.name, f"{county.name}总工会", f"{city.name}{county.name}",
                      f"{city.name}{county.name}总工会"}
    return names
