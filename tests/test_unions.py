"""Unions: names anchored to the gazetteer or an organisation pattern, level and place."""
from __future__ import annotations

import pytest


def lead(parse_text, text):
    [a] = parse_text(text)
    u = a.unions[0] if a.unions else None
    return None if u is None else (u.name, u.level, u.province, u.city, u.county)


def page(head, body):
    return f"{head}\n\n本报讯 记者张三报道 {body}\n"


@pytest.mark.parametrize("head, body, expected", [
    ("技能比武", "近日，瑞安市总工会举办比武。",
     ("瑞安市总工会", "county", "浙江省", "温州市", "瑞安市")),
    ("新区建会", "日前，临平区总工会召开会议，钱塘区总工会参加。",
     ("临平区总工会", "county", "浙江省", "杭州市", "临平区")),
    ("龙港动态", "近日，龙港市总工会开展培训。",
     ("龙港市总工会", "county", "浙江省", "温州市", "龙港市")),
    ("西湖区办赛", "由西湖区总工会主办。", ("西湖区总工会", "county", "浙江省", "杭州市", "西湖区")),
    ("普陀关爱", "普陀区总工会走访职工。", ("普陀区总工会", "county", "浙江省", "舟山市", "普陀区")),
    ("镇级讲堂", "湖州吴兴区东林镇总工会启动讲堂。",
     ("湖州吴兴区东林镇总工会", "town", "浙江省", "湖州市", "吴兴区")),
    ("园区运动会", "武义经济开发区总工会举办运动会。",
     ("武义经济开发区总工会", "park", "浙江省", "金华市", "武义县")),
    ("企业师徒", "宁波市水务环境集团工会举办交流会。",
     ("宁波市水务环境集团工会", "enterprise", "浙江省", "宁波市", None)),
    ("链上服务", "岱山县绿色石化和新材料产业链工会工作联盟成立。",
     ("岱山县绿色石化和新材料产业链工会工作联盟", "industry", "浙江省", "舟山市", "岱山县")),
    ("行业工会", "慈溪市快递行业工会联合会成立。",
     ("慈溪市快递行业工会联合会", "industry", "浙江省", "宁波市", "慈溪市")),
    ("预告", "省职工服务中心推出活动。", ("省职工服务中心", "province", "浙江省", None, None)),
])
def test_lead_union_level_and_place(parse_text, head, body, expected):
    assert lead(parse_text, page(head, body)) == expected


def test_short_form_resolves_from_the_articles_place(parse_text):
    text = page("逐梦蓝天", "由杭州市余杭区委人才办、区总工会、区人社局联合主办，余杭街道总工会承办。")
    [a] = parse_text(text)
    u = a.unions[0]
    assert (u.name, u.level, u.city, u.county) == ("余杭区总工会", "county", "杭州市", "余杭区")
    assert u.text == "区总工会"  # what the page says, where it says it
    assert [x.name for x in a.unions[1:]] == ["余杭街道总工会"]
    assert a.unions[1].level == "town" and a.unions[1].role == "partner"


def test_headline_union_leads_and_fullest_form_wins(parse_text):
    text = page("宁波水务集团工会“玩”出师徒交流新花样",
                "日前，宁波市水务环境集团工会举办交流会，宁波市总工会有关负责人出席。")
    [a] = parse_text(text)
    assert a.unions[0].name == "宁波市水务环境集团工会"
    assert a.unions[1].name == "宁波市总工会" and a.unions[1].level == "city"


def test_words_that_are_not_unions(parse_text):
    text = page("职工活动", "基层工会和企业工会积极参与，工会主席说，当地饿了么工会也来了。")
    [a] = parse_text(text)
    assert a.unions == []


def test_home_province_settles_ambiguous_names(tmp_path):
    from compiler.knowledge.load import Knowledge
    from compiler.parse.pipeline import parse_page
    from compiler.model.document import Page
    k = Knowledge.load(home_province="上海市")
    doc = parse_page(Page(source="x.txt", text=page("普陀关爱", "普陀区总工会走访职工。")), k)
    u = doc.articles[0].unions[0]
    assert (u.province, u.county) == ("上海市", "普陀区")


def test_short_forms_after_a_conjunction_and_in_county_level_cities(parse_text):
    [a] = parse_text(page("木工赛技能", "近日，衢州市衢江区举行竞赛。竞赛由衢州市住建局和市总工会联合主办。"))
    assert (a.unions[0].name, a.unions[0].level) == ("衢州市总工会", "city")
    [b] = parse_text(page("慰问困难职工", "近日，嵊州市总工会开展慰问。市总工会分两个慰问组走访。"))
    assert [(u.name, u.level) for u in b.unions] == [("嵊州市总工会", "county")]


def test_a_name_never_swallows_another_union(parse_text):
    [a] = parse_text(page("获评模范职工之家", "衢州市公路管理局工会被全国总工会授予基层工会最高荣誉。"))
    assert [(u.name, u.level) for u in a.unions] == [
        ("衢州市公路管理局工会", "enterprise"), ("全国总工会", "national")]
