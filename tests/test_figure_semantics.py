"""What each figure counts (metric) and how a statistic may use it (role): one cue at a time,
with sentences written for these tests in the style of a union paper (none from the samples)."""
from __future__ import annotations

import pytest

from compiler.parse.extract.figures import find_figures
from compiler.parse.mapped import MappedText


@pytest.fixture
def figs(knowledge):
    def run(text: str):
        mt = MappedText()
        mt.append_source(text, 0, len(text))
        return [(f.text, f.metric, f.role, f.status)
                for f in find_figures(mt, knowledge.schemas.figures)]
    return run


def one(figs, text: str, figure: str):
    hits = [f for f in figs(text) if f[0] == figure]
    assert len(hits) == 1, (text, figs(text))
    return hits[0]


# --- metric: the noun counted, then the verbs of the clause --------------------------------
@pytest.mark.parametrize("text, figure, metric", [
    ("昨天，全市120名环卫工人报名参加了厨艺比拼。", "120名", "participants"),
    ("培训班为期三天，共有学员85人。", "85人", "participants"),
    ("本届大赛吸引了200余名选手同台竞技。", "200余名", "participants"),
    ("驿站开放以来，已惠及户外劳动者3000余人。", "3000余人", "beneficiaries"),
    ("区总工会走访慰问困难职工62名。", "62名", "beneficiaries"),
    ("活动为45名患病职工送去了慰问金。", "45名", "beneficiaries"),
    ("经过考核，18名职工取得高级工证书。", "18名", "talents"),
    ("全县新增技能人才2400人。", "2400人", "talents"),
    ("比赛设一等奖，最终7名选手分获各项奖励。", "7名", "talents"),
    ("该企业拥有职工5000余人。", "5000余人", "workforce"),
    ("全市新发展工会会员1.2万人。", "1.2万人", "workforce"),
    ("讲座共吸引职工860人次。", "860人次", "person_times"),
    ("街道总工会举办了4场专题讲座。", "4场", "events"),
    ("今年共开展法律咨询活动25次。", "25次", "events"),
    ("共有38家企业签订了集体合同。", "38家", "organisations"),
    ("联盟吸纳了12个社会组织。", "12个", "organisations"),
    ("全市已建成职工书屋210个。", "210个", "facilities"),
    ("新建户外劳动者服务站点45处。", "45处", "facilities"),
    ("区级劳模创新工作室达到32家。", "达到32家", "facilities"),
    ("职工提出合理化建议860条。", "860条", "projects"),
    ("获得国家专利17件。", "17件", "projects"),
    ("开设线上课程40门。", "40门", "courses"),
    ("全区组建志愿服务队15支。", "15支", "teams"),
    ("发放慰问金共计48万元。", "48万元", "money"),
    ("职工满意度达96%。", "96%", "percentage"),
    ("现场发放宣传册3000册之余，还准备了8个问题供职工讨论。", "8个", "other"),
])
def test_metric_from_cues(figs, text, figure, metric):
    assert one(figs, text, figure)[1] == metric


def test_metric_follows_the_head_noun_of_the_phrase(figs):
    # the last noun of 企业职工书屋 is what is counted
    assert one(figs, "首批6家企业职工书屋挂牌。", "6家")[1] == "facilities"
    assert one(figs, "首批6家企业签约。", "6家")[1] == "organisations"


def test_a_list_shares_the_noun_of_its_first_figure(figs):
    out = figs("全市已有省级劳模创新工作室8家、市级35家、县级120家。")
    assert [f[1] for f in out] == ["facilities"] * 3


def test_a_bare_project_word_is_not_a_result(figs):
    # 3个项目 of a contest are its events: honestly untyped rather than 项目/成果数
    assert one(figs, "选手们参加了理论和实操3个项目的比拼。", "3个")[1] == "other"


# --- role --------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, figure, role", [
    # count: how many in the activity reported
    ("近日，县总工会举办职工篮球赛，16支队伍参赛。", "16支", "count"),
    ("本次活动共为90名快递员免费体检。", "90名", "count"),
    ("昨天，区总工会向200名一线职工发放防暑用品。", "200名", "count"),
    ("近日，第三届职工厨艺大赛已圆满落幕，来自全市的60名厨师参赛。", "60名", "count"),
    ("推进驿站标准化建设，新建标准化驿站12家。", "12家", "count"),
    # total: running or standing totals
    ("截至目前，全市累计建成爱心驿站312家。", "312家", "total"),
    ("该园区拥有产业工人4万余名。", "4万余名", "total"),
    ("今年县总工会投入帮扶资金80万元。", "80万元", "total"),  # the year so far
    ("今年5月，县总工会举办培训班2期。", "2期", "count"),  # a month is the period itself
    ("近年来，市总工会已培训新就业形态劳动者1.6万人次。", "1.6万人次", "total"),
    ("全区技能人才总量达5.2万人。", "5.2万人", "total"),
    # rate: per person, per unit, per period; prices, values, ceilings, percentages
    ("工会为每人提供800元的学费补助。", "800元", "rate"),
    ("技师最高每月可领取1200元技能津贴。", "1200元", "rate"),
    ("补贴标准为每人每月600元。", "600元", "rate"),
    ("职工食堂的工作餐只要10元。", "10元", "rate"),
    ("驿站日均接待户外劳动者200余人次。", "200余人次", "rate"),
    ("体检套餐价值近500元。", "近500元", "rate"),
    ("获奖者可得500至3000元不等的奖金。", "3000元", "rate"),
    ("该厂每年约有300名职工参加岗位练兵。", "300名", "rate"),
    ("参训职工的合格率为92%。", "92%", "rate"),
    # part: a subset of another figure of the same article
    ("大赛吸引120名选手参赛，其中女选手35名。", "35名", "part"),
    ("职工共提出建议600条，采纳210条。", "210条", "part"),
    ("经过两天角逐，15名选手分获一、二、三等奖。", "15名", "part"),
    ("全年举办培训20期（线上培训6期）。", "6期", "part"),
])
def test_role_from_cues(figs, text, figure, role):
    if role == "part" and "分获" in text:
        text = "本次比赛共有60名选手参加。" + text  # winners are a part of the contestants
    assert one(figs, text, figure)[2] == role


def test_a_range_shares_one_role(figs):
    out = figs("对获奖职工给予1000至5000元不等的奖励。")
    assert [(f[0], f[2]) for f in out] == [("1000", "rate"), ("5000元", "rate")]


def test_targets_keep_their_role(figs):
    # GUIDE: 计划每年举办70场 is a count target; 到2027年…总量突破 is a total target
    assert one(figs, "市总工会计划每年举办技能竞赛50场。", "50场")[2:] == ("count", "target")
    assert one(figs, "到2028年，全市高技能人才总量突破3万人。", "突破3万人")[2:] == ("total", "target")


def test_a_figure_told_twice_is_added_once(figs):
    out = figs("活动吸引了300名职工参加。300名职工在赛场上同台比拼。")
    assert [f[2] for f in out] == ["count", "part"]


def test_a_summary_paragraph_makes_totals_until_a_new_section(figs):
    text = ("近日，县总工会举办职工运动会，800名职工参赛。\n"
            "据统计，县总工会已建成职工之家45家。\n"
            "开设夜校课程12门，培训职工600人。\n"
            "提升技能，服务发展\n"
            "在培训中，30名职工取得证书。")
    roles = {f[0]: f[2] for f in figs(text)}
    assert roles == {"800名": "count", "45家": "total", "12门": "total", "600人": "total",
                     "30名": "count"}


def test_a_ranking_is_not_a_figure(figs):
    assert [f[0] for f in figs("经过激烈比拼，决出前十名，目前120名选手已报名。")] == ["120名"]


def test_a_wrapped_line_is_not_a_subheading(figs):
    text = ("截至目前，全市累计建成职工书屋300家，每月一\n次测试，每季度集中实\n操，"
            "培训职工2000人。")
    assert [f[2] for f in figs(text)] == ["total", "total"]
