"""Which unit an article belongs to, under one proper name, and each unit's subordinate rows."""
from __future__ import annotations

from compiler.knowledge.gazetteer import Gazetteer
from compiler.model.briefing import Unit
from compiler.model.document import Article, UnionRef
from compiler.paths import safe_name

_ADMIN = ("province", "city", "county")
UNION = "总工会"


def where(article: Article, province: str) -> tuple[str | None, str | None]:
    """(city, county) an article counts under: its lead union's, else, when it names no union,
    the place its headline and lede are about (文成… held in a 文成县 village is 文成县's)."""
    lead = article.unions[0] if article.unions else None
    if lead is not None:
        return lead.city, lead.county
    place = article.place
    if place is not None and place.province == province:
        return place.city, place.county
    return None, None


def in_home(article: Article, province: str) -> bool:
    lead = article.unions[0] if article.unions else None
    if lead is not None:
        return lead.province == province
    return article.place is not None and article.place.province == province


def proper_name(lead: UnionRef, province_union: str = "{province}总工会") -> str:
    """One name per unit, whatever the paper wrote: 台州市路桥区总工会 and 宁波镇海区总工会
    (press shorthand) are 路桥区总工会 and 镇海区总工会, the names the reports are made under.
    A union below the county is named without the city and county before it (湖州吴兴区东林镇
    总工会 -> 东林镇总工会); other names (企业工会, 服务中心) are left as written."""
    name = lead.name
    if lead.level in _ADMIN and name.endswith(UNION):
        if lead.level == "county" and lead.county:
            return f"{lead.county}{UNION}"
        if lead.level == "city" and lead.city and not lead.county:
            return f"{lead.city}{UNION}"
        if lead.level == "province" and lead.province:
            return province_union.format(province=lead.province)
    if lead.city and lead.county and lead.level not in _ADMIN:
        for city in _forms(lead.city):
            rest = name[len(city):]
            if name.startswith(city) and any(rest.startswith(c) for c in _forms(lead.county)):
                name = rest
                break
        # 长兴县泗安镇总工会 and 泗安镇总工会 are one union; 武义经济开发区总工会 keeps its
        # short county form, which is part of its name
        rest = name.removeprefix(lead.county)
        if rest != name and len(rest) > len(UNION) + 1:
            return rest
    return name


def _forms(place: str) -> tuple[str, ...]:
    """A place's official name and the form the press uses without its 市/区/县 (湖州市, 湖州)."""
    short = place[:-1] if len(place) >= 3 and place[-1] in "市区县" else None
    return (place, short) if short else (place,)


def own_row(unit: Unit) -> str:
    """The row of a unit's own (本级) work, named after the unit: 浙江省本级, 杭州市本级, 余杭区本级."""
    return f"{unit.county or unit.city or unit.province or unit.region}本级"


def subordinate_rows(unit: Unit, gaz: Gazetteer) -> list[tuple[str, str]]:
    """(row name, level) of every subordinate unit, in administrative (gazetteer) order: the
    cities of a province, the counties of a city. A county's subordinates (乡镇、园区、企业
    工会) are not in the gazetteer: its rows are those its articles name."""
    if unit.level == "province":
        return [(f"{c.name}{UNION}", "city") for c in gaz.cities_of(unit.province or unit.region)]
    if unit.level == "city":
        return [(f"{c.name}{UNION}", "county")
                for c in gaz.counties_of(unit.city or unit.region, unit.province)]
    return []


def make_unit(province: str, city: str | None = None, county: str | None = None,
              province_union: str = "{province}总工会") -> Unit:
    """The federation of a province, a city or a county, named as every report names it."""
    if county and city:
        return Unit(name=f"{county}{UNION}", level="county", region=f"{city}{county}",
                    province=province, city=city, county=county, slug=safe_name(f"{city}-{county}"))
    if city:
        return Unit(name=f"{city}{UNION}", level="city", region=city, province=province,
                    city=city, slug=safe_name(city))
    return Unit(name=province_union.format(province=province), level="province", region=province,
                province=province, slug=safe_name(province))


def units_named(name: str, gaz: Gazetteer, province_union: str = "{province}总工会") -> list[Unit]:
    """The home province's federations a name may mean (浙江省总工会, 杭州市总工会, 杭州市,
    余杭区总工会, 杭州市余杭区总工会): a unit with no article is still a unit to report for."""
    name = name.strip()
    home = gaz.home_province
    if name in (province_union.format(province=home), home):
        return [make_unit(home, province_union=province_union)]
    bare = name.removesuffix(UNION)
    out: list[Unit] = []
    for city in gaz.cities_of(home):
        if bare in (city.name, city.short):
            out.append(make_unit(home, city.name))
        for county in gaz.counties_of(city.name, home):
            if bare in (county.name, county.short, f"{city.name}{county.name}",
                        f"{city.short}{county.name}"):
                out.append(make_unit(home, city.name, county.name))
    return out
