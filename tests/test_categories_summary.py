"""Categories (primary from the headline) and the extractive summary."""
from __future__ import annotations


def test_primary_category_follows_the_headline(parse_text):
    text = ("快递小哥技能比武\n\n本报讯 记者张三报道 近日，余杭区总工会为快递小哥举办职业技能竞赛，"
            "并开展关爱慰问，送上清凉礼包。\n")
    [a] = parse_text(text)
    assert a.categories[0] == "competition"
    assert "new_forms" in a.categories and "care" in a.categories
    for cue in a.category_cues:
        assert cue.category in a.categories


def test_summary_is_the_lede_cut_at_sentence_end(parse_text):
    body = ("“这次培训太实用了！”一名学员说。近日，苍南县总工会举办数字技能培训班，100余名职工参加培训。"
            "培训采用理论加实操的模式。" + "课程内容丰富多样，" * 30 + "深受欢迎。")
    [a] = parse_text(f"数字技能培训\n\n本报讯 记者张三报道 {body}\n")
    assert a.summary.startswith("近日，苍南县总工会举办数字技能培训班")
    assert a.summary.endswith("。")
    assert len(a.summary) <= 150
