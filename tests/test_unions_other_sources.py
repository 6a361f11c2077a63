"""Lead unions in other papers' and sites' text: other provinces, honours, long loose runs."""
from __future__ import annotations


def _leads(parse_text, text):
    return [a.unions[0].name if a.unions else None for a in parse_text(text)]


def test_another_provinces_federation_is_not_the_home_one(parse_text):
    text = ("# 职工书法公益活动举办\n\n2月4日上午，由河北省总工会主办的书法公益活动在石家庄举办，"
            "为100余名职工代表送上春联。\n")
    assert _leads(parse_text, text) == ["河北省总工会"]


def test_an_honour_in_quotes_is_not_the_union(parse_text):
    text = ("# 一镇获评“省级示范乡镇工会”称号\n\n据悉，某县城南镇总工会日前荣获“省级示范乡镇（街道）工会”"
            "称号，并获得工作经费补助。\n")
    leads = _leads(parse_text, text)
    assert leads[0] != "省级示范乡镇工会" and leads[0] is not None and leads[0].endswith("镇总工会")


def test_a_long_run_before_a_union_ending_is_no_name(parse_text):
    text = ("# 县总工会调研基层工会工作\n\n12月15日，县总工会主席带队深入到我县部分乡镇街道"
            "实地察看乡镇工会联合会建设情况，并听取了工作汇报。\n")
    articles = parse_text(text)
    assert all(len(u.name) <= 16 for u in articles[0].unions)


def test_a_railway_section_union_is_an_enterprise_union(parse_text):
    text = ("▲某某车务段工会在全段开展劳动保护知识竞赛，300名职工参加。（王某）\n"
            "▲某某机务段工会组织职工开展技术比武，50名司机参赛。（李某）\n")
    articles = parse_text(text)
    assert [a.unions[0].level for a in articles] == ["enterprise", "enterprise"]


def test_a_short_form_nothing_places_keeps_its_written_name(parse_text):
    text = ("# 县总工会走访慰问一线职工\n\n日前，县总工会工作人员带着300份夏令用品走访了多家企业，"
            "看望正在作业的劳动者。\n")
    lead = parse_text(text)[0].unions[0]
    assert (lead.name, lead.level, lead.province, lead.county) == ("县总工会", "county", None, None)
    text = "# 市总慰问环卫工人\n\n近日，市总工会干部走上街头，为环卫工人送去清凉用品。\n"
    assert parse_text(text)[0].unions[0].name == "市总工会"
