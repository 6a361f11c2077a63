"""Aggregation: units per level, periods, undated items, like-with-like totals, configuration."""
from __future__ import annotations

from datetime import date

import pytest

from compiler.aggregate.briefings import build_briefings
from compiler.knowledge.config import Config, load_config
from compiler.errors import UserError
from compiler.model.document import Page
from compiler.aggregate.periods import PeriodSpec
from compiler.parse.pipeline import parse_page

LEVELS = {"province", "city", "county"}


def doc(knowledge, text, day=None, period=None, source="p.txt"):
    d = parse_page(Page(source=source, text=text), knowledge)
    return d.model_copy(update={"issue_date": day, "issue_period": period})


A = "技能比武\n\n本报讯 记者张三报道 近日，杭州市余杭区总工会举办技能比武，300余名职工参赛，累计服务职工1200人。\n"
B = "职工培训\n\n本报讯 记者李四报道 近日，瑞安市总工会举办培训班，50名职工参加培训，计划培训职工500人。\n"
C = "工会驿站\n\n本报讯 记者王五报道 近日，嘉兴市总工会新建驿站12家，服务职工近千人。\n"


def test_units_periods_and_undated(knowledge):
    docs = [doc(knowledge, A, date(2025, 6, 3), source="a.txt"),
            doc(knowledge, B, date(2025, 7, 9), source="b.txt"),
            doc(knowledge, C, None, "2025", source="c.txt")]
    bs = build_briefings(docs, knowledge.schemas, knowledge.gazetteer, Config(),
                         PeriodSpec.parse("month"), LEVELS)
    keys = {(b.period.key, b.unit.name) for b in bs}
    assert ("2025-06", "浙江省总工会") in keys and ("2025-06", "杭州市总工会") in keys
    assert ("2025-06", "余杭区总工会") in keys and ("2025-07", "瑞安市总工会") in keys
    assert ("2025-07", "温州市总工会") in keys
    # the article known only by its year gets an issue of its own, titled so, never a month
    partial = [b for b in bs if b.period.kind == "partial"]
    assert {b.unit.name for b in partial} == {"浙江省总工会", "嘉兴市总工会"}
    assert partial[0].period.label == "2025年（月份不详）" and partial[0].issue_no == ""
    assert partial[0].items[0].issue_label == "2025年"
    # months come first, the bare year after them
    assert [b.period.key for b in bs if b.unit.level == "province"] == ["2025-06", "2025-07", "2025"]
    one = build_briefings(docs, knowledge.schemas, knowledge.gazetteer, Config(),
                          PeriodSpec.parse("2025-Q2"), {"province"})
    assert [(b.period.label, len(b.items)) for b in one] == [("2025年第二季度", 1),
                                                             ("2025年（月份不详）", 1)]
    year = build_briefings(docs, knowledge.schemas, knowledge.gazetteer, Config(),
                           PeriodSpec.parse("2025"), {"province"})
    assert [(b.period.key, len(b.items)) for b in year] == [("2025", 3)]
    # an undated page goes to the 日期不详 issue, in every granularity, and has no 期号
    nodate = doc(knowledge, C, None, None, source="d.txt")
    for spec in ("month", "all", "2025"):
        bs = build_briefings(docs + [nodate], knowledge.schemas, knowledge.gazetteer, Config(),
                             PeriodSpec.parse(spec), {"province"})
        assert bs[-1].period.label == "日期不详" and bs[-1].issue_no == "" and len(bs[-1].items) == 1


def test_a_span_is_titled_by_its_dates_and_has_no_issue_number(knowledge):
    docs = [doc(knowledge, A, date(2025, 6, 3), source="a.txt"),
            doc(knowledge, B, None, "2023-06", source="b.txt")]
    [b] = build_briefings(docs, knowledge.schemas, knowledge.gazetteer, Config(),
                          PeriodSpec.parse("all"), {"province"})
    assert b.period.label == "2023年6月—2025年6月" and b.period.kind == "span"
    assert b.issue_no == "" and "全部" not in b.period.label
    assert (b.period.start, b.period.end) == (date(2023, 6, 1), date(2025, 6, 30))
    [q] = build_briefings(docs, knowledge.schemas, knowledge.gazetteer, Config(),
                          PeriodSpec.parse("2025-Q2"), {"province"})
    assert q.issue_no == "2025年第2期" and q.period.label == "2025年第二季度"
    # a page known only by its year spans the year: 2025 and June 2025 together are 2025年
    year_only = doc(knowledge, C, None, "2025", source="c.txt")
    [b] = build_briefings(docs[:1] + [year_only], knowledge.schemas, knowledge.gazetteer,
                          Config(), PeriodSpec.parse("all"), {"province"})
    assert b.period.label == "2025年"


def test_print_date_is_never_invented(knowledge):
    dated = doc(knowledge, A, date(2025, 6, 3), source="a.txt")
    month_only = doc(knowledge, B, None, "2025-06", source="b.txt")
    [b] = build_briefings([month_only], knowledge.schemas, knowledge.gazetteer, Config(),
                          PeriodSpec.parse("2025-06"), {"province"})
    assert b.print_date is None  # not 2025-06-30: no article and no option says so
    [b] = build_briefings([dated, month_only], knowledge.schemas, knowledge.gazetteer, Config(),
                          PeriodSpec.parse("2025-06"), {"province"})
    assert b.print_date == date(2025, 6, 3)  # the latest issue date among the articles
    cfg = Config(print_date=date(2025, 7, 1))
    [b] = build_briefings([dated], knowledge.schemas, knowledge.gazetteer, cfg,
                          PeriodSpec.parse("2025-06"), {"province"})
    assert b.print_date == date(2025, 7, 1)


def test_totals_add_like_with_like_and_keep_qualifiers(knowledge):
    docs = [doc(knowledge, A, date(2025, 6, 3)), doc(knowledge, B, date(2025, 6, 9)),
            doc(knowledge, C, date(2025, 6, 20))]
    [b] = build_briefings(docs, knowledge.schemas, knowledge.gazetteer, Config(),
                          PeriodSpec.parse("2025-06"), {"province"})
    totals = {(m.metric, m.unit): m for m in b.metric_totals}
    # 300余 + 50: participants, actual only (the planned 500 is a target and is left out)
    assert totals[("participants", "人")].value == 350
    assert totals[("participants", "人")].display == "超350人"
    assert totals[("facilities", "家")].display == "12家"
    # beneficiaries: only 近千; the running total 累计服务1200人 is never added ...
    assert totals[("beneficiaries", "人")].value == 1000
    assert totals[("beneficiaries", "人")].qualifier == "approx"
    # ... but shown as the union's latest reported value
    assert [(n.union, n.value, n.text) for n in b.standing_totals] == [("余杭区总工会", 1200, "1200人")]
    assert [n.value for n in b.targets] == [500]
    total_row = b.stat_rows[-1]
    assert total_row.is_total and total_row.articles == 3
    assert sum(r.articles for r in b.stat_rows[:-1]) == 3


def test_configuration_sets_head_and_distribution(knowledge, tmp_path):
    cfg = tmp_path / "unionbrief.toml"
    cfg.write_text('[defaults]\nissue_no_offset = 10\n\n[units."余杭区总工会"]\n'
                   'bulletin_name = "余杭工会工作简报"\nbao = ["杭州市总工会"]\n', encoding="utf-8")
    config = load_config(cfg)
    docs = [doc(knowledge, A, date(2025, 6, 3))]
    bs = {b.unit.name: b for b in build_briefings(docs, knowledge.schemas, knowledge.gazetteer,
                                                   config, PeriodSpec.parse("2025-06"), LEVELS)}
    assert bs["余杭区总工会"].bulletin_name == "余杭工会工作简报"
    assert bs["余杭区总工会"].issue_no == "2025年第16期"
    assert bs["余杭区总工会"].distribution.bao == ["杭州市总工会"]
    assert bs["杭州市总工会"].bulletin_name == "杭州市总工会工作简报"
    assert bs["杭州市总工会"].distribution.bao == ["浙江省总工会"]


def test_bad_configuration_is_a_clear_error(tmp_path):
    cfg = tmp_path / "bad.toml"
    cfg.write_text('[defaults]\nbulletin = "x"\n', encoding="utf-8")
    with pytest.raises(UserError, match="bad.toml defaults.bulletin"):
        load_config(cfg)
    cfg.write_text('[defaults\n', encoding="utf-8")
    with pytest.raises(UserError, match="格式错误"):
        load_config(cfg)
