"""Figures: scaling, units, qualifiers, status, ranges, and the numbers that are not figures."""
from __future__ import annotations

import pytest

from compiler.parse.extract.figures import find_figures
from compiler.parse.mapped import MappedText


@pytest.fixture
def figs(knowledge):
    def run(text: str):
        mt = MappedText()
        mt.append_source(text, 0, len(text))
        return [(f.value, f.unit, f.qualifier, f.status) for f in find_figures(mt, knowledge.schemas.figures)]
    return run


@pytest.mark.parametrize("text, expected", [
    ("全区技能人才总量将突破13.3万人。", [(133000, "人", "more_than", "target")]),
    ("产生直接经济效益超2亿元。", [(200000000, "元", "more_than", "actual")]),
    ("收集到近万个金点子。", [(10000, "个", "approx", "actual")]),
    ("计划全年培育认证百名车间指挥官。", [(100, "人", "exact", "target")]),
    ("获得第一名选手，共两个项目。", [(2, "个", "exact", "actual")]),
    ("现场解决率达八九成。", [(80, "%", "exact", "actual"), (90, "%", "exact", "actual")]),
    ("薪酬普遍增长5%-10%，覆盖职工3.1万人。",
     [(5, "%", "exact", "actual"), (10, "%", "exact", "actual"), (31000, "人", "exact", "actual")]),
    ("给予200至10000元不等的奖励。", [(200, "元", "exact", "actual"), (10000, "元", "exact", "actual")]),
    ("吸引了50余名外卖骑手，20余对师徒。", [(50, "人", "more_than", "actual"), (20, "对", "more_than", "actual")]),
    ("计划每年培育创新成果项目不少于60项，技术能手40名以上。",
     [(60, "项", "at_least", "target"), (40, "人", "more_than", "target")]),
    ("累计帮扶520万余元，服务2760多个项目。",
     [(5200000, "元", "more_than", "actual"), (2760, "个", "more_than", "actual")]),
    ("带动数万名职工，撬动上千万元资金。", [(10000, "人", "more_than", "actual"), (10000000, "元", "approx", "actual")]),
    ("学员只要花比别人少一半左右的学费。", [(50, "%", "approx", "actual")]),
    ("定制了价值近600元的体检项目，服务135名劳动者。",
     [(600, "元", "approx", "actual"), (135, "人", "exact", "actual")]),
])
def test_figures_are_scaled_and_qualified(figs, text, expected):
    assert figs(text) == expected


@pytest.mark.parametrize("text", [
    "2025年6月19日(周一)晚19:30在杭州举行。",        # years, dates, clock times
    "连续7年举办，为期两年半，每次10分钟，历时3天。",  # durations
    "平均年龄35岁，第十届运动会，首届大赛。",          # ages, ordinals
    "电话：0571-56000319，地址：杭州市西湖区学院路107号。",  # phone, address
    "以“1+13+118”的形式开展，学习二十大精神，“八五”普法。",  # numbers inside names
    "误差需控制在10厘米内，全长5公里。",               # physical measures
    "一名参与培训的职工说，他们两人都很满意。",         # an article, a pronoun
    "同时这9名技术能手将代表我省参赛。",               # refers back to a number counted before
])
def test_not_figures(figs, text):
    assert figs(text) == []


def test_figure_span_points_at_source_across_a_line_break(knowledge):
    raw = "产生直\n接经济效益超2\n亿元。"
    mt = MappedText()
    mt.append_source(raw, 0, 3)
    mt.append_source(raw, 4, 11)
    mt.append_source(raw, 12, 15)
    [f] = find_figures(mt, knowledge.schemas.figures)
    assert f.text == "超2亿元"
    assert raw[f.span[0]:f.span[1]].replace("\n", "") == "超2亿元"


def test_metric_kinds_let_totals_add_like_with_like(knowledge):
    mt = MappedText()
    text = "共有300名职工参赛，惠及职工1200余人，建成驿站20余家，开展活动12场次。"
    mt.append_source(text, 0, len(text))
    metrics = [f.metric for f in find_figures(mt, knowledge.schemas.figures)]
    assert metrics == ["participants", "beneficiaries", "facilities", "events"]
