"""Tests for the administrative gazetteer (compiler.gazetteer, schemas/gazetteer.yaml)."""
from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from compiler.errors import UserError
from compiler.knowledge.gazetteer import GazetteerError, Place, load_gazetteer
from compiler.knowledge.resources import schemas_dir


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def only(gaz, name, level="county"):
    found = [p for p in gaz.lookup(name) if p.level == level and p.province == "浙江省"]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("name,city,adcode", [
    ("临平区", "杭州市", "330113"),
    ("钱塘区", "杭州市", "330114"),
    ("龙港市", "温州市", "330383"),
    ("玉环市", "台州市", "331083"),
])
def test_current_county_level_units(gaz, name, city, adcode):
    place = only(gaz, name)
    assert (place.city, place.county, place.adcode) == (city, name, adcode)


@pytest.mark.parametrize("name", ["江干区", "下城区", "玉环县", "富阳市", "临安市", "奉化市",
                                  "上虞市", "绍兴县", "龙港镇"])
def test_obsolete_units_are_gone(gaz, name):
    assert gaz.lookup(name) == []


def test_hangzhou_2021_reorganisation(gaz):
    assert [p.name for p in gaz.counties_of("杭州市")] == [
        "上城区", "拱墅区", "西湖区", "滨江区", "萧山区", "余杭区", "富阳区", "临安区", "临平区",
        "钱塘区", "桐庐县", "淳安县", "建德市"]
    towns = {p.name: p.county for p in gaz.places if p.level == "town" and p.city == "杭州市"}
    assert towns["乔司街道"] == "临平区"  # corrected: the source still files it under 余杭区
    assert towns["下沙街道"] == "钱塘区"
    assert towns["凯旋街道"] == "上城区"  # former 江干区
    assert towns["武林街道"] == "拱墅区"  # former 下城区


@pytest.mark.parametrize("name,city", [("瑞安市", "温州市"), ("慈溪市", "宁波市"),
                                       ("诸暨市", "绍兴市"), ("龙港市", "温州市")])
def test_county_level_cities_are_counties(gaz, name, city):
    place = only(gaz, name)
    assert place.level == "county" and place.city == city
    assert place in gaz.counties_of(city)
    assert place in gaz.counties_of(city.removesuffix("市"), province="浙江")


def test_zhejiang_counts(gaz):
    cities = gaz.cities_of("浙江省")
    assert [c.name for c in cities] == ["杭州市", "宁波市", "温州市", "嘉兴市", "湖州市", "绍兴市",
                                        "金华市", "衢州市", "舟山市", "台州市", "丽水市"]
    counties = [p for p in gaz.places if p.level == "county" and p.province == "浙江省"]
    assert len(counties) == 90
    assert sum(len(gaz.counties_of(c.name)) for c in cities) == 90
    assert not any("开发区" in p.name for p in counties)  # functional zones are not divisions
    towns = [p for p in gaz.places if p.level == "town"]
    assert 1300 < len(towns) < 1450
    assert all(p.province == "浙江省" and p.name.endswith(("乡", "镇", "街道")) for p in towns)


def test_national_coverage(gaz):
    levels = [p.level for p in gaz.places]
    assert levels.count("province") == 34
    assert 330 <= levels.count("city") <= 340
    assert 2800 <= levels.count("county") <= 2900
    for prov in ("北京市", "上海市", "天津市", "重庆市"):
        assert gaz.cities_of(prov) == []
        counties = gaz.counties_of(prov)
        assert counties and all(p.city == prov and p.province == prov for p in counties)
    xiantao = gaz.resolve("仙桃市")  # directly under 湖北省
    assert (xiantao.province, xiantao.city, xiantao.adcode) == ("湖北省", None, "429004")
    assert all(p.adcode for p in gaz.places if p.level != "town")


@pytest.mark.parametrize("name,county,city", [("东林镇", "吴兴区", "湖州市"),
                                              ("泗安镇", "长兴县", "湖州市"),
                                              ("沙城街道", "龙湾区", "温州市"),
                                              ("浦口街道", "嵊州市", "绍兴市")])
def test_zhejiang_towns(gaz, name, county, city):
    place = only(gaz, name, level="town")
    assert (place.county, place.city, place.short, place.adcode) == (county, city, None, "")


def test_short_forms(gaz):
    expected = {"余杭区": "余杭", "苍南县": "苍南", "瑞安市": "瑞安", "杭州市": "杭州",
                "浙江省": "浙江", "宁夏回族自治区": "宁夏", "恩施土家族苗族自治州": "恩施",
                "景宁畲族自治县": "景宁", "六枝特区": "六枝"}
    for name, short in expected.items():
        (place,) = [p for p in gaz.lookup(name) if p.name == name]
        assert place.short == short
        assert place in gaz.lookup(short)
    surfaces = gaz.surfaces()
    assert all(len(s) >= 2 for s in surfaces)
    assert "城南" not in surfaces and "城南街道" in surfaces  # towns keep their full name only
    assert {p.city for p in surfaces["西湖"]} == {"杭州市", "南昌市"}


@pytest.mark.parametrize("name,home_city,other_province,other_city", [
    ("西湖区", "杭州市", "江西省", "南昌市"),
    ("普陀区", "舟山市", "上海市", "上海市"),
    ("江北区", "宁波市", "重庆市", "重庆市"),
])
def test_ambiguous_names(name, home_city, other_province, other_city):
    home = load_gazetteer()
    short = name.removesuffix("区")
    assert [p.province for p in home.lookup(name)] == ["浙江省", other_province]
    for surface in (name, short):
        assert home.resolve(surface).city == home_city
        assert home.resolve(surface, city=other_city).province == other_province
        assert home.resolve(surface, city=other_city.removesuffix("市")).city == other_city
    away = load_gazetteer(home_province=other_province)
    assert away.home_province == other_province
    assert away.resolve(name).city == other_city
    assert away.resolve(name, city=home_city).province == "浙江省"
    assert away.lookup(name)[0].province == other_province


def test_resolve_by_county_context_and_ambiguity(gaz):
    assert gaz.resolve("城南街道") is None  # several counties of 浙江 have one
    assert gaz.resolve("城南街道", county="嵊州市") is None  # none there, and not unique in 浙江
    assert gaz.resolve("城南街道", city="绍兴市").county == "越城区"
    assert gaz.resolve("白云街道", county="莲都区").city == "丽水市"
    # county context beats city context; both given together
    assert gaz.resolve("白云街道", city="丽水市", county="莲都区").county == "莲都区"
    assert gaz.resolve("江北", city="重庆", county="江北区").province == "重庆市"
    assert gaz.resolve("城东街道", city="金华市", county="婺城区").county == "婺城区"
    assert gaz.resolve("城东街道", city="金华市") is None  # 东阳市 and 婺城区 both have one
    assert gaz.resolve("朝阳") is None  # 朝阳市 (辽宁), 朝阳区 (北京, 长春): none at home
    assert gaz.resolve("朝阳", city="北京").province == "北京市"
    assert gaz.resolve("恩施").level == "city"  # unique nationwide
    assert gaz.resolve("不存在的地方") is None


def test_lookup_order_home_first_then_level(gaz):
    lookups = [gaz.lookup(n) for n in gaz.surfaces()]
    for found in lookups:
        keys = [(p.province != "浙江省", ["province", "city", "county", "town"].index(p.level))
                for p in found]
        assert keys == sorted(keys)


def test_place_model_is_strict():
    with pytest.raises(ValidationError):
        Place(name="余杭区", level="county", adcode="330110", province="浙江省",
              city="杭州市", county="余杭区", short="余杭", extra="x")
    with pytest.raises(ValidationError):
        Place(name="余杭区", level="county", adcode="33011", province="浙江省",
              city="杭州市", county="余杭区")
    place = Place(name="余杭区", level="county", adcode="330110", province="浙江省",
                  city="杭州市", county="余杭区", short="余杭")
    with pytest.raises(ValidationError):
        place.name = "x"  # frozen
    assert hash(place) == hash(place.model_copy())


BROKEN = """\
provinces:
  浙江省:
    adcode: '330000'
    short: 浙
    cities:
      杭州市:
        adcode: 330100
        counties:
          余杭区: {adcode: '330110', short: 余杭, colour: red}
          西湖区: {adcode: '330106', towns: [北山街道, 北山街道]}
          滨江区: {adcode: '330110'}
      宁波市: {adcode: '330200', region: east}
  江西省: {adcode: '36'}
  江西省: {adcode: '360000'}
"""


def test_broken_file_lists_every_bad_entry(tmp_path):
    path = tmp_path / "gazetteer.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    with pytest.raises(ValueError) as info:
        load_gazetteer(path)
    message = str(info.value)
    assert isinstance(info.value, GazetteerError) and isinstance(info.value, UserError)
    assert "6 处错误" in message
    for needle in ["第 14 行：重复的键 (duplicate key) '江西省'",
                   "provinces.浙江省.cities.杭州市.adcode：Input should be a valid string",
                   "provinces.浙江省.cities.杭州市.counties.余杭区.colour：Extra inputs",
                   "provinces.浙江省.cities.宁波市.region：Extra inputs",
                   "provinces.浙江省：Value error, short form '浙'",
                   "重复的乡镇 (duplicate town)：西湖区 北山街道"]:
        assert needle in message, needle


def test_broken_file_semantic_checks(tmp_path):
    path = tmp_path / "gazetteer.yaml"
    path.write_text(BROKEN.replace("adcode: 330100", "adcode: '330100'")
                    .replace(", colour: red", "").replace(", region: east", "")
                    .replace("short: 浙\n", "short: 浙江\n").replace("  江西省: {adcode: '36'}\n", ""),
                    encoding="utf-8")
    with pytest.raises(ValueError) as info:
        load_gazetteer(path)
    message = str(info.value)
    assert "重复的乡镇 (duplicate town)：西湖区 北山街道" in message
    assert "行政区划代码重复 (duplicate adcode) 330110：余杭区、滨江区" in message
    assert "2 处错误" in message


def test_not_a_gazetteer(tmp_path):
    path = tmp_path / "gazetteer.yaml"
    path.write_text("places: []\n", encoding="utf-8")
    with pytest.raises(ValueError, match="provinces"):
        load_gazetteer(path)
    path.write_text("provinces: {浙江省: [\n", encoding="utf-8")
    with pytest.raises(ValueError, match="YAML 语法错误"):
        load_gazetteer(path)


def test_unknown_home_province():
    with pytest.raises(ValueError, match="unknown home province"):
        load_gazetteer(home_province="火星省")
    assert load_gazetteer(home_province="江西").home_province == "江西省"


def test_cached():
    # How fast it loads is measured by the benchmark script (bench/run.py), not here.
    path = schemas_dir() / "gazetteer.yaml"
    assert load_gazetteer() is load_gazetteer(path) is load_gazetteer(Path(str(path)))
    assert load_gazetteer() is not load_gazetteer(home_province="江西省")


def test_generated_file_header_credits_source():
    head = (schemas_dir() / "gazetteer.yaml").read_text(encoding="utf-8")[:1200]
    assert "GENERATED by scripts/build_gazetteer.py" in head
    assert "jionlp 1.5.31" in head and "Apache License 2.0" in head
    assert "JioNLP" in (schemas_dir() / "CREDITS.md").read_text(encoding="utf-8")
