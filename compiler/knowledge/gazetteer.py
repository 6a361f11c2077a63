"""Administrative gazetteer: load schemas/gazetteer.yaml and look places up by name."""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import ErrorDetails

from compiler.errors import UserError
from compiler.guard import yaml_bounds
from compiler.guard.files import FileProblem, read_text
from compiler.guard.limits import YAML_MAX_BYTES
from compiler.guard.names import shown
from compiler.knowledge.resources import schemas_dir

if TYPE_CHECKING:
    # a variable cannot be a base class for the checker; CSafeLoader offers SafeLoader's methods
    _Loader = yaml.SafeLoader
else:
    _Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's scanner where installed

LEVELS = ("province", "city", "county", "town")
_RANK = {level: rank for rank, level in enumerate(LEVELS)}
_ADCODE = re.compile(r"\d{6}")


class GazetteerError(UserError, ValueError):
    """A gazetteer file that is not valid (every bad entry listed, each with its key)."""


class Place(BaseModel):
    """One administrative unit; city/county name the units it lies in (itself at its level)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=2)
    level: Literal["province", "city", "county", "town"]
    adcode: str = ""  # six digits; empty for towns (the source has no town codes)
    province: str
    city: str | None = None  # None for a province, and for counties directly under one
    county: str | None = None
    short: str | None = None  # 余杭区 -> 余杭; never a single character

    @model_validator(mode="after")
    def _consistent(self) -> Place:
        errors = []
        # Towns carry no code: the source has none.
        code_ok = not self.adcode if self.level == "town" else _ADCODE.fullmatch(self.adcode)
        if not code_ok:
            errors.append(f"bad adcode {self.adcode!r} for a {self.level}")
        own = {"province": self.province, "city": self.city, "county": self.county}
        for level in ("province", "city", "county"):
            if level == self.level and own[level] != self.name:
                errors.append(f"{level} must equal name for a {level}")
        if self.level == "province" and (self.city or self.county):
            errors.append("a province has no city or county")
        if self.level == "city" and self.county:
            errors.append("a city has no county")
        if self.level == "town" and not self.county:
            errors.append("a town needs its county")
        if self.short is not None and (len(self.short) < 2 or self.short == self.name):
            errors.append(f"short form {self.short!r} must differ from name and have >= 2 chars")
        if errors:
            raise ValueError("; ".join(errors))
        return self


class Gazetteer:
    """Places indexed by every surface form, ranked for one home province."""

    def __init__(self, places: Sequence[Place], home_province: str) -> None:
        self.places: tuple[Place, ...] = tuple(places)
        provinces = [p for p in self.places if p.level == "province"]
        home = [p.name for p in provinces if home_province in (p.name, p.short)]
        if not home:
            raise GazetteerError(f"地名库中没有这个省份（unknown home province）：{home_province}")
        self.home_province: str = home[0]
        index: dict[str, list[Place]] = {}
        cities: dict[str, list[Place]] = {}
        counties: dict[str, list[Place]] = {}
        for place in self.places:
            index.setdefault(place.name, []).append(place)
            if place.short:
                index.setdefault(place.short, []).append(place)
            if place.level == "city":
                cities.setdefault(place.province, []).append(place)
            elif place.level == "county" and place.city:
                counties.setdefault(place.city, []).append(place)
        self._index = {key: tuple(sorted(found, key=self._rank)) for key, found in index.items()}
        by_code = lambda p: p.adcode  # noqa: E731
        self._cities = {key: tuple(sorted(v, key=by_code)) for key, v in cities.items()}
        self._counties = {key: tuple(sorted(v, key=by_code)) for key, v in counties.items()}

    def _rank(self, place: Place) -> tuple:
        return (place.province != self.home_province, _RANK[place.level], place.adcode,
                place.province, place.city or "", place.county or "", place.name)

    def lookup(self, name: str) -> list[Place]:
        """Places whose official name or short form is `name`: home province first, then by level."""
        return list(self._index.get(name.strip(), ()))

    def resolve(self, name: str, *, city: str | None = None,
                county: str | None = None) -> Place | None:
        """The place a surface name means in context, or None when it stays ambiguous."""
        name = name.strip()
        found = self._index.get(name, ())
        # Narrowest context first: inside county and city, the county, the city, home, anywhere.
        counties = self._official(county) if county else None
        cities = self._official(city) if city else None
        in_county = [p for p in found if counties and p.county in counties]
        in_city = [p for p in found if cities and p.city in cities]
        tiers = [[p for p in in_county if p in in_city], in_county, in_city]
        tiers.append([p for p in found if p.province == self.home_province])
        tiers.append(list(found))
        for tier in tiers:
            if tier:
                return self._pick(tier, name)
        return None

    @staticmethod
    def _pick(candidates: list[Place], name: str) -> Place | None:
        if len(candidates) == 1:
            return candidates[0]
        # An exact official name beats places that merely have it as a short form.
        official = [p for p in candidates if p.name == name]
        return official[0] if len(official) == 1 else None

    def _official(self, name: str) -> set[str]:
        # Context may be given by official name or short form ("杭州" for 杭州市).
        return {name} | {p.name for p in self._index.get(name, ())}

    def surfaces(self) -> dict[str, list[Place]]:
        """Every surface string (official names and short forms) -> the places it names."""
        return {key: list(found) for key, found in self._index.items()}

    def cities_of(self, province: str) -> list[Place]:
        """Prefecture-level cities of a province, by adcode."""
        return [p for name in sorted(self._official(province)) for p in self._cities.get(name, ())]

    def counties_of(self, city: str, province: str | None = None) -> list[Place]:
        """County-level units of a city (or of a municipality), by adcode."""
        provinces = self._official(province) if province else None
        return [p for name in sorted(self._official(city)) for p in self._counties.get(name, ())
                if provinces is None or p.province in provinces]


class _Entry(BaseModel):
    """One node of the nested file, checked alone so that one bad node hides no other."""

    model_config = ConfigDict(extra="forbid")
    adcode: str = ""
    short: str | None = None


class _County(_Entry):
    towns: list[str] = []


class _City(_Entry):
    counties: dict[str, Any] = {}


class _Province(_Entry):
    municipality: bool = False  # its counties' city is the province itself (北京市 ...)
    cities: dict[str, Any] = {}
    counties: dict[str, Any] = {}  # directly under the province: no city unless municipality


class _CheckedLoader(_Loader):
    """Records duplicate mapping keys, which PyYAML would otherwise silently overwrite."""

    def __init__(self, stream) -> None:
        super().__init__(stream)
        self.duplicates: list[str] = []

    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep=deep)
        if len(mapping) < len(node.value):
            seen: set = set()
            for key_node, _ in node.value:
                if key_node.value in seen:
                    line = key_node.start_mark.line + 1
                    key = yaml_bounds.value_repr(key_node.value)
                    self.duplicates.append(f"第 {line} 行：重复的键 (duplicate key) {key}")
                seen.add(key_node.value)
        return mapping


def _read_places(path: Path) -> tuple[Place, ...]:
    try:
        text = read_text(path, YAML_MAX_BYTES, what="YAML 文件")
    except FileProblem as exc:
        raise GazetteerError(f"{shown(path)}：无法读取（{exc.reason}）", str(path)) from None
    try:
        yaml_bounds.check(text)  # alias bombs and deep nesting refused before loading
        loader = _CheckedLoader(text)
        try:
            data = loader.get_single_data()
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        raise GazetteerError(f"{shown(path)}：YAML 语法错误（not valid YAML）："
                             f"{yaml_bounds.error_text(exc)}", str(path)) from None
    errors = list(loader.duplicates)
    if not isinstance(data, dict) or set(data) != {"provinces"} or not isinstance(
            data["provinces"], dict):
        raise GazetteerError(f"{path}：顶层应只有一个键 provinces（expected one key 'provinces' "
                             "holding a mapping）", str(path))
    places: list[Place] = []
    for where, fields in _walk(data["provinces"], errors):
        try:
            places.append(Place.model_validate(fields))
        except ValidationError as exc:
            errors += [_describe(where, err) for err in exc.errors()]
    errors += _cross_check(places)
    if errors:
        raise GazetteerError(f"{path}：地名库校验失败，{len(errors)} 处错误（invalid gazetteer "
                             "entries）：\n" + "\n".join(f"  - {e}" for e in errors), str(path))
    return tuple(places)


def _describe(key: str, err: ErrorDetails) -> str:
    where = ".".join([key, *(str(part) for part in err["loc"])])
    return f"{where}：{err['msg']}"


_E = TypeVar("_E", bound=_Entry)


def _node(model: type[_E], raw: Any, key: str, errors: list[str]) -> _E | None:
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        errors += [_describe(key, err) for err in exc.errors()]
        return None


def _children(raw: Any, field: str) -> dict:
    # Walk into a broken node's children too, so their own errors are reported as well.
    children = raw.get(field) if isinstance(raw, dict) else None
    return children if isinstance(children, dict) else {}


def _walk(provinces: dict, errors: list[str]) -> Iterable[tuple[str, dict]]:
    """Nested file -> (key path, Place fields), parents before children; bad nodes -> errors."""
    for name, raw in provinces.items():
        key = f"provinces.{name}"
        prov = _node(_Province, raw, key, errors)
        if prov:
            yield key, {"name": name, "level": "province", "adcode": prov.adcode,
                        "province": name, "short": prov.short}
        own_city = name if prov and prov.municipality else None
        groups = [(own_city, _children(raw, "counties"), key)]
        for city, raw_city in _children(raw, "cities").items():
            city_key = f"{key}.cities.{city}"
            entry = _node(_City, raw_city, city_key, errors)
            if entry:
                yield city_key, {"name": city, "level": "city", "adcode": entry.adcode,
                                 "province": name, "city": city, "short": entry.short}
            groups.append((city, _children(raw_city, "counties"), city_key))
        for city, counties, parent_key in groups:
            for county, raw_county in counties.items():
                county_key = f"{parent_key}.counties.{county}"
                county_entry = _node(_County, raw_county, county_key, errors)
                if not county_entry:
                    continue
                yield county_key, {"name": county, "level": "county",
                                   "adcode": county_entry.adcode, "province": name, "city": city,
                                   "county": county, "short": county_entry.short}
                for i, town in enumerate(county_entry.towns):
                    yield f"{county_key}.towns[{i}]", {"name": town, "level": "town",
                                                      "province": name, "city": city,
                                                      "county": county}


def _cross_check(places: list[Place]) -> list[str]:
    """What the nesting cannot prevent: repeated towns in a county, repeated adcodes."""
    errors: list[str] = []
    towns: set[tuple] = set()
    codes: dict[str, str] = {}
    for p in places:
        if p.level == "town":
            key = (p.province, p.city, p.county, p.name)
            if key in towns:
                errors.append(f"重复的乡镇 (duplicate town)：{p.county} {p.name}")
            towns.add(key)
        elif p.adcode in codes:
            errors.append(f"行政区划代码重复 (duplicate adcode) {p.adcode}：{codes[p.adcode]}、{p.name}")
        else:
            codes[p.adcode] = p.name
    return errors


@functools.lru_cache(maxsize=4)
def _places_at(path: Path) -> tuple[Place, ...]:
    return _read_places(path)


@functools.lru_cache(maxsize=16)
def _gazetteer_at(path: Path, home_province: str) -> Gazetteer:
    return Gazetteer(_places_at(path), home_province)


def load_gazetteer(path: Path | None = None, home_province: str = "浙江省") -> Gazetteer:
    """The gazetteer at `path` (default: the built-in one), cached per (path, home province)."""
    resolved = Path(path or schemas_dir() / "gazetteer.yaml").resolve()
    return _gazetteer_at(resolved, home_province)
