"""The primary category is what the headline is about; the lede speaks when the headline
does not; the cues come from the GUIDE's typical content (our own sentences)."""
from __future__ import annotations

import pytest


def test_headline_subject_beats_a_body_full_of_other_cues(parse_text):
    body = ("近日，县总工会举办职工书法展。展览期间还开展了慰问、送清凉、健康体检、"
            "心理健康讲座和法律咨询等服务，吸引职工参观。")
    [a] = parse_text(f"翰墨飘香展风采\n\n## 县总工会职工书画展开幕\n\n本报讯 记者李明报道 {body}\n")
    assert a.categories[0] == "culture"


def test_the_lede_decides_when_the_headline_has_no_cue(parse_text):
    body = ("近日，市总工会举办“新春送岗位”招聘会，60家企业提供岗位1200个。现场还设置了"
            "政策咨询台和体检服务台，为求职职工提供服务。")
    [a] = parse_text(f"春风送暖正当时\n\n本报讯 记者王芳报道 {body}\n")
    assert a.categories[0] == "employment"


@pytest.mark.parametrize("headline, category", [
    ("区总工会举办劳模创新工作室成果展", "innovation"),
    ("百名职工参加学历提升班开学典礼", "education"),
    ("老师傅与新学徒签订师徒协议", "mentorship"),
    ("首批职业技能等级认定证书颁发", "incentives"),
    ("网约车司机有了自己的新业态工会", "new_forms"),
    ("金秋助学金发放到困难职工家庭", "care"),
    ("集体合同签订率达到九成以上", "rights"),
    ("劳模精神宣讲团走进园区", "ideology"),
    ("职工春晚唱响新时代", "culture"),
    ("直播带岗助力稳岗就业", "employment"),
    ("物流行业工会联合会揭牌", "organization"),
    ("产业工人队伍建设改革三年行动计划出台", "planning"),
    ("职工夜校秋季班开课", "training"),
    ("公共实训中心落户经开区", "academy"),
    ("千名职工同台技能比拼", "competition"),
])
def test_typical_content_of_each_category(parse_text, headline, category):
    [a] = parse_text(f"{headline}\n\n本报讯 记者赵亮报道 近日，相关活动顺利开展。\n")
    assert a.categories[0] == category


def test_what_is_done_beats_who_it_is_done_for(parse_text):
    # the couriers are who is served; the check-up is what the headline is about
    [a] = parse_text("外卖骑手免费体检忙\n\n本报讯 记者周强报道 近日，区总工会为80名外卖骑手免费体检。\n")
    assert a.categories[0] == "care" and "new_forms" in a.categories
    # a union of new-forms workers is itself the new-forms category (GUIDE: 新业态工会)
    [b] = parse_text("网约车司机新就业形态劳动者工会成立\n\n本报讯 记者周强报道 近日，工会成立。\n")
    assert b.categories[0] == "new_forms"
