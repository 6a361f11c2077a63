"""Reports an office sends unedited (issue 15): issues per month, no invented dates, one name
per unit, every subordinate unit, skipped files named, --level in Chinese."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

from compiler.aggregate.briefings import build_briefings
from compiler.aggregate.periods import PeriodSpec
from compiler.knowledge.config import Config
from compiler.model.document import Page
from compiler.parse.pipeline import parse_page

ROOT = Path(__file__).resolve().parent.parent
LEVELS = {"province", "city", "county"}

# Written for these tests: the same county union under its full and its press names, an
# article naming no union but a county, and a town union written with its city's short form.
FULL = "送清凉\n\n本报讯 近日，台州市路桥区总工会走访高温一线，慰问职工200余名。\n"
SHORT = "技能大比武\n\n本报讯 近日，路桥区总工会举办电工技能比武，60名职工参赛。\n"
PRESS = "夜校开课\n\n本报讯 日前，宁波镇海区总工会开办职工夜校，首期80名职工报名。\n"
PLACE = "松阳茶艺进乡村\n\n本报讯 近日，一场茶艺培训在松阳县大东坝镇举行，30余名茶农参加。\n"
TOWN = "班组讲堂\n\n本报讯 近日，湖州吴兴区织里镇总工会开设班组长讲堂，40名班组长参加。\n"


def _doc(knowledge, text, source, day=date(2025, 6, 10)):
    d = parse_page(Page(source=source, text=text), knowledge)
    return d.model_copy(update={"issue_date": day})


def _briefings(knowledge, docs, spec="2025-06"):
    return build_briefings(docs, knowledge.schemas, knowledge.gazetteer, Config(),
                           PeriodSpec.parse(spec), LEVELS)


def test_one_unit_one_name_one_report(knowledge):
    docs = [_doc(knowledge, FULL, "a.txt"), _doc(knowledge, SHORT, "b.txt"),
            _doc(knowledge, PRESS, "c.txt")]
    bs = _briefings(knowledge, docs)
    county = [b for b in bs if b.unit.level == "county"]
    assert sorted(b.unit.name for b in county) == ["路桥区总工会", "镇海区总工会"]
    luqiao = next(b for b in county if b.unit.name == "路桥区总工会")
    assert len(luqiao.items) == 2 and {it.union for it in luqiao.items} == {"路桥区总工会"}
    taizhou = next(b for b in bs if b.unit.name == "台州市总工会")
    rows = {r.name: r.articles for r in taizhou.stat_rows}
    assert rows["路桥区总工会"] == 2 and "台州市路桥区总工会" not in rows
    ningbo = next(b for b in bs if b.unit.name == "宁波市总工会")
    assert ningbo.items[0].union == "镇海区总工会"  # the press shorthand shown properly


def test_an_article_naming_no_union_belongs_to_its_county(knowledge):
    docs = [_doc(knowledge, PLACE, "p.txt")]
    assert docs[0].articles[0].unions == []
    bs = {b.unit.name: b for b in _briefings(knowledge, docs)}
    assert "松阳县总工会" in bs and "丽水市总工会" in bs
    province_rows = {r.name: r.articles for r in bs["浙江省总工会"].stat_rows}
    assert province_rows["丽水市总工会"] == 1 and province_rows["浙江省本级"] == 0
    county_rows = [r.name for r in bs["松阳县总工会"].stat_rows]
    assert county_rows == ["松阳县本级", "合计"]


def test_rows_every_subordinate_in_gazetteer_order_own_row_last(knowledge):
    gaz = knowledge.gazetteer
    docs = [_doc(knowledge, TOWN, "t.txt")]
    bs = {b.unit.name: b for b in _briefings(knowledge, docs)}
    province = [r.name for r in bs["浙江省总工会"].stat_rows]
    cities = [f"{c.name}总工会" for c in gaz.cities_of(gaz.home_province)]
    assert province == cities + ["浙江省本级", "合计"]
    huzhou = [r.name for r in bs["湖州市总工会"].stat_rows]
    counties = [f"{c.name}总工会" for c in gaz.counties_of("湖州市", gaz.home_province)]
    assert huzhou == counties + ["湖州市本级", "合计"]
    # a town union under its own name, without the city and county before it
    wuxing = [r.name for r in bs["吴兴区总工会"].stat_rows]
    assert wuxing == ["织里镇总工会", "吴兴区本级", "合计"]
    total = bs["浙江省总工会"].stat_rows[-1]
    assert total.articles == sum(r.articles for r in bs["浙江省总工会"].stat_rows[:-1]) == 1


def _cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "compiler", *args], capture_output=True,
                          text=True, cwd=cwd or ROOT)


def test_make_reports_builds_issues_not_one_all(tmp_path):
    """The README's first command: per month present; what has only a year or no date goes to
    an issue that says so, and the summary lists those files."""
    out = tmp_path / "r"
    r = _cli("build", "samples", "--out", str(out), "--period", "month", "--level", "省级",
             "--format", "docx", "--no-cache", "-j", "1")
    assert r.returncode == 0, r.stderr
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    labels = {f["period"]: f["period_label"] for f in index["files"]}
    assert labels == {"2023-06": "2023年6月", "2024": "2024年（月份不详）",
                      "2025": "2025年（月份不详）"}
    assert not any("全部" in f["period_label"] for f in index["files"])
    assert {f["level"] for f in index["files"]} == {"province"}
    assert "000_3e315015b28abd6d.txt：7 篇稿件只知年份" in r.stderr


def test_a_period_without_articles_says_which_have(tmp_path):
    r = _cli("build", "samples", "--out", str(tmp_path / "r"), "--period", "2025-06",
             "--format", "docx", "--no-cache", "-j", "1")
    assert "统计周期 2025-06 内没有稿件" in r.stderr and "2023-06（2023年6月）" in r.stderr


def test_unsupported_files_in_a_folder_are_named(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    shutil.copy(ROOT / "samples" / "004_5e095e8848833827.txt", pages / "a.txt")
    (pages / "旧稿.doc").write_bytes(b"\xd0\xcf\x11\xe0old word")
    (pages / "报表.xls").write_bytes(b"\xd0\xcf\x11\xe0old excel")
    (pages / "幻灯片.ppt").write_bytes(b"\xd0\xcf\x11\xe0old powerpoint")  # images are read (OCR)
    r = _cli("parse", str(pages), "--out", str(tmp_path / "p.json"), "--no-cache", "-j", "1")
    assert r.returncode == 0, r.stderr
    for name in ("旧稿.doc", "报表.xls", "幻灯片.ppt"):
        assert f"{name}：不支持的文件类型" in r.stderr
    summary = next(line for line in r.stderr.splitlines() if line.startswith("完成："))
    assert "跳过不支持的文件 3 个" in summary and "旧稿.doc" in summary


def test_level_takes_chinese(tmp_path):
    out = tmp_path / "r"
    r = _cli("build", "samples", "--out", str(out), "--period", "2023-06", "--level", "市级",
             "--format", "docx", "--no-cache", "-j", "1", "--print-date", "2023-06-30")
    assert r.returncode == 0, r.stderr
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert {f["level"] for f in index["files"]} == {"city"}
    from docx import Document as Word
    first = out / index["files"][0]["path"]
    assert any("2023年6月30日" in p.text for p in Word(str(first)).paragraphs[:4])  # --print-date
    bad = _cli("build", "samples", "--out", str(out), "--level", "乡级")
    assert bad.returncode == 2 and "县级" in bad.stderr


def _summary(parse_text, body: str) -> str:
    return parse_text(f"一场比赛\n\n{body}\n")[0].summary


def test_summary_is_the_lede_not_a_quotation_scene_or_schedule(parse_text):
    quote_first = ("“今天学到的东西，明天就能用上，太实用了！”近日，安吉县总工会在天荒坪镇举办茶艺"
                   "技能培训班，60名茶企职工参加。培训会上，讲师演示了冲泡手法。")
    s = _summary(parse_text, quote_first)
    assert s.startswith("近日，安吉县总工会在天荒坪镇举办茶艺技能培训班") and "太实用了" not in s
    scene_first = ("扫码、分拣、装车、核单……近日，海宁市总工会举办快递员技能比武，"
                   "80余名快递员同场竞技。据了解，比赛共设三个项目。")
    s = _summary(parse_text, scene_first)
    assert s.startswith("近日，海宁市总工会举办快递员技能比武") and "扫码" not in s
    assert "据了解" not in s
    no_time = ("穿针、引线、锁边……来自全县12家服装企业的48名缝纫工在平湖市总工会举办的技能赛上"
               "一比高下。")
    assert _summary(parse_text, no_time).startswith("来自全县12家服装企业的48名缝纫工")
    purpose_first = ("为进一步丰富职工业余生活，日前，德清县总工会举办职工趣味运动会，"
                     "20支队伍参赛。")
    assert _summary(parse_text, purpose_first).startswith("日前，德清县总工会举办职工趣味运动会")


def test_summary_never_a_schedule_line_and_full_width_punctuation(parse_text):
    notice = "报名时间：7月1日\n报名对象：全市职工\n地点：市工人文化宫\n"
    assert _summary(parse_text, notice) == ""
    half = "近日,桐乡市总工会举办电商直播技能大赛(第二届),参赛选手达1,200人!"
    s = _summary(parse_text, half)
    assert s == "近日，桐乡市总工会举办电商直播技能大赛（第二届），参赛选手达1,200人！"
    named = "近日，“工匠号”主题列车在义乌市开通。“工匠号”车厢内张贴劳模事迹展板，供乘客阅读。"
    assert _summary(parse_text, named).startswith("近日，“工匠号”主题列车在义乌市开通。")


def test_proper_names():
    from compiler.aggregate.units import proper_name
    from compiler.model.document import UnionRef

    def ref(name, level, city=None, county=None, province="浙江省"):
        return UnionRef(name=name, level=level, province=province, city=city, county=county,
                        span=(0, 1))

    assert proper_name(ref("金华市婺城区总工会", "county", "金华市", "婺城区")) == "婺城区总工会"
    assert proper_name(ref("金华婺城区总工会", "county", "金华市", "婺城区")) == "婺城区总工会"
    assert proper_name(ref("婺城区总工会", "county", "金华市", "婺城区")) == "婺城区总工会"
    assert proper_name(ref("金华市总工会", "city", "金华市")) == "金华市总工会"
    assert proper_name(ref("省总工会", "province")) == "浙江省总工会"
    # below the county: one name with or without the places before it
    town = {proper_name(ref(n, "town", "金华市", "婺城区"))
            for n in ("金华婺城区白龙桥镇总工会", "婺城区白龙桥镇总工会", "白龙桥镇总工会")}
    assert town == {"白龙桥镇总工会"}
    # a short county form belongs to the park's own name; a company's name is its own
    assert proper_name(ref("婺城经济开发区总工会", "park", "金华市", "婺城区")) == "婺城经济开发区总工会"
    assert proper_name(ref("金华市交通集团工会", "enterprise", "金华市")) == "金华市交通集团工会"


def test_an_independent_template_fills_every_unit_for_province_city_and_quiet_month(
        knowledge, tmp_path):
    """A statistician's own sheet: a row per subordinate unit, zeros included, adding up."""
    import io

    from openpyxl import Workbook, load_workbook

    from compiler.batch.parse_run import parse_files
    from compiler.fill import fill_template
    from compiler.ingest import iter_input_files

    docs = parse_files(iter_input_files([ROOT / "samples"]), knowledge).documents
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "{{ unit.name }}（{{ period.label }}）"
    ws["A2"] = "{%row for u in units %}{{ u.name }}"
    ws["B2"] = "{{ u.articles }}"
    ws["C2"] = '{{ u.count("劳动和技能竞赛") }}'
    ws["A3"] = "合计"
    ws["B3"] = "{{ total.articles }}"
    path = tmp_path / "我的表.xlsx"
    wb.save(path)
    gaz = knowledge.gazetteer
    cases = [("浙江省总工会", "all", [c.name for c in gaz.cities_of(gaz.home_province)], "浙江省本级"),
             ("温州市总工会", "2023-06", [c.name for c in gaz.counties_of("温州市", "浙江省")], "温州市本级"),
             ("丽水市总工会", "2023-06", [c.name for c in gaz.counties_of("丽水市", "浙江省")], "丽水市本级")]
    for unit, period, places, own in cases:
        filled = fill_template(path, docs, knowledge, Config(), unit, period)
        out = load_workbook(io.BytesIO(filled.data))["Sheet"]
        rows = [(out.cell(r, 1).value, out.cell(r, 2).value) for r in range(2, 3 + len(places))]
        assert [n for n, _ in rows] == [f"{p}总工会" for p in places] + [own]
        total = out.cell(3 + len(places), 2).value
        assert sum(v for _, v in rows) == total == len(filled.briefing.items)
    assert total == 0 and filled.warnings  # 丽水 had no article in June 2023: zeros, said so
