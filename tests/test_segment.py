"""Segmentation hard cases: broken lines, captions, sub-headings, banners, Markdown, e-paper."""
from __future__ import annotations

from compiler.model.document import Page
from compiler.parse.segment import segment

NEWS = """产改新征程

千名职工同台比武
某某区职工职业技能竞赛落幕

本报讯 记者张三 通讯员李四、王五报道 近日，杭州市余杭区总工会举办技能竞赛，吸引了来自全区的300余名职工参赛，比赛内容紧密围绕数字经济、低空经



比赛现场。

济等重点领域。

下一步，余杭区总工会将继续开展竞赛活动。
"""


def titles(arts):
    return [a.title for a in arts]


def test_banner_headline_byline_and_interrupting_caption(parse_text):
    [a] = parse_text(NEWS)
    assert a.column == "产改新征程"
    assert a.title == "千名职工同台比武"
    assert a.subtitle == "某某区职工职业技能竞赛落幕"
    assert a.byline.reporters == ["张三"] and a.byline.correspondents == ["李四", "王五"]
    assert a.caption == "比赛现场。"
    # the caption is out of the body and the broken sentence is re-joined with nothing between
    assert "低空经济等重点领域。" in a.text
    assert "比赛现场" not in a.text and "本报讯" not in a.text


def test_subheadings_stay_inside_the_article(parse_text):
    text = """标题一则

本报讯 记者张三报道 近日，某县总工会推进工作。

推动产教融合，打造孵化平台

这是小标题下的正文。

畅通成才渠道

这是第二段正文。

第二篇稿件的标题

本报讯 通讯员李四报道 第二篇正文。
"""
    arts = parse_text(text)
    assert titles(arts) == ["标题一则", "第二篇稿件的标题"]
    assert "推动产教融合，打造孵化平台\n这是小标题下的正文。" in arts[0].text


def test_markdown_marks_are_read_not_copied(parse_text):
    text = """贯彻落实省委“新春第一会”精神  
推动打造高素质劳动者队伍

# 打造“匠星摇篮” 激发“雁阵效应”

## 宁波镇海区总工会推进工匠学院建设

记者李凡 通讯员张微、  
镇工轩报道 “每周一堂课，  
每月一测试。”镇海区总工会  
相关负责人说。

### “头雁”引领，建强主心骨

正文继续。

法润工心

# 引领职工学法知法护法

宁波市总工会  
启动宣传教育活动

本报讯 记者李凡报道 日前，宁波市总工会启动活动。
"""
    a, b = parse_text(text)
    assert a.title == "打造“匠星摇篮” 激发“雁阵效应”"
    assert a.subtitle == "宁波镇海区总工会推进工匠学院建设"
    assert "#" not in a.title + (a.subtitle or "") + a.text
    assert a.byline.correspondents == ["张微", "镇工轩"]
    assert a.text.startswith("“每周一堂课，每月一测试。”镇海区总工会相关负责人说。")
    assert "“头雁”引领，建强主心骨" in a.text
    assert b.column == "法润工心" and b.title == "引领职工学法知法护法"
    assert b.subtitle == "宁波市总工会启动宣传教育活动"


def test_commentary_photo_and_notice_kinds(parse_text):
    text = """## “工会+社会组织”更好服务职工

■胡建兵

日前，慈溪市总工会组织开展督导沙龙。

逐梦蓝天

近日，余杭街道总工会承办的无人机驾驶员职业技能竞赛举行。图为参赛选手。

记者邹伟锋
通讯员孙思怡 摄

大工“惠”

省职工服务中心近日公益活动预告

时间：6月19日(周一)晚19:30
地点：杭州运河大剧院
"""
    arts = parse_text(text)
    assert [a.kind for a in arts] == ["commentary", "photo", "notice"]
    assert arts[0].byline.reporters == ["胡建兵"]
    assert arts[1].byline.photographers == ["邹伟锋", "孙思怡"]
    assert arts[2].text == "时间：6月19日(周一)晚19:30\n地点：杭州运河大剧院"
    assert arts[2].column == "大工“惠”"


def test_kicker_and_couplet_titles(parse_text):
    text = """嘉兴南湖区产业工人队伍建设改革又出新举措

力争2027年
技能人才突破13.3万人

本报讯 记者金钧胤报道 近日，嘉兴市南湖区总工会发布方案。

车间即课堂
作业即作品

瑞安工匠学院开启

2025年度劳模工匠系列课程

本报讯 记者邹伟锋报道 日前，瑞安市总工会举行开班典礼。
"""
    a, b = parse_text(text)
    assert a.kicker == "嘉兴南湖区产业工人队伍建设改革又出新举措"
    assert a.title == "力争2027年技能人才突破13.3万人"
    assert b.title == "车间即课堂 作业即作品"
    assert b.subtitle == "瑞安工匠学院开启2025年度劳模工匠系列课程"


def test_epaper_furniture_is_not_article_text(knowledge):
    header = "浙江工人日报 数字报纸\n00002版:工会\n"
    body = "职工书屋建设提速\n\n    本报讯 记者张三报道 近日，衢州市总工会新建职工书屋20家。\n"
    footer = "浙江工人日报 工会 00002 职工书屋建设提速 2018-08-02 2 2018年08月02日 星期四\n"
    text = header + body + footer
    furniture = ((0, len(header)), (len(header) + len(body), len(text)))
    page = Page(source="e.txt", text=text, furniture=furniture)
    [d] = segment(page, knowledge.schemas.segment)
    assert d.article.title == "职工书屋建设提速"
    assert "数字报纸" not in d.article.text and "星期四" not in d.article.text


def test_page_without_byline_is_one_article(parse_text):
    [a] = parse_text("职工书屋建设提速\n\n近日，衢州市总工会新建职工书屋20家，服务职工3000余人。\n")
    assert a.title == "职工书屋建设提速"
    assert a.text.startswith("近日，衢州市总工会")


def test_byline_forms(parse_text):
    text = """职工书屋建设提速

本报讯（记者 张三 通讯员 李四）近日，衢州市总工会新建职工书屋20家。

工匠精神代代传

本报记者 王五

日前，记者走进嘉兴市总工会的劳模工作室。
"""
    a, b = parse_text(text)
    assert a.byline.reporters == ["张三"] and a.byline.correspondents == ["李四"]
    assert a.text.startswith("近日，衢州市总工会")
    assert b.title == "工匠精神代代传" and b.byline.reporters == ["王五"]
    assert b.text.startswith("日前，记者走进")


def test_paragraphs_marked_by_indent_or_one_per_line(parse_text):
    epaper = "职工书屋建设提速\n    本报讯 记者张三报道 近日，衢州市总工会新建职工书屋20家。\n    第二段正文。\n"
    [a] = parse_text(epaper)
    assert a.title == "职工书屋建设提速" and a.text == "近日，衢州市总工会新建职工书屋20家。\n第二段正文。"
    web = "职工书屋建设提速\n本报讯 记者张三报道 近日，衢州市总工会新建职工书屋20家，服务职工千余人。\n第二段正文也很长，足以成为独立的一段内容。\n"
    [b] = parse_text(web)
    assert b.text.endswith("服务职工千余人。\n第二段正文也很长，足以成为独立的一段内容。")


def test_credits_and_captions_of_epaper_photo_pages(parse_text):
    text = """木工同台赛技能

  近日，某市的一处工地上，8支代表队的30名木工参加职业技能竞赛。

  图为竞赛现场。

  张三、李四 摄影报道
"""
    [a] = parse_text(text)
    assert a.kind == "photo"
    assert a.caption == "图为竞赛现场。"
    assert a.byline.photographers == ["张三", "李四"]
    assert "图为" not in a.text and "摄影报道" not in a.text


def test_marked_byline_and_a_stack_of_captions(parse_text):
    text = """比武也是切磋

甲地电焊工技能比赛。王一 摄
乙地包装工技能竞赛。 赵二 摄

  ■通讯员王一、赵二

  裁判员现场点评每位选手的作品。

  丙县总工会也举办了竞赛。钱三 孙四 摄
"""
    [a] = parse_text(text)
    assert a.kind == "news"
    assert a.byline.correspondents == ["王一", "赵二"]
    assert a.caption == "甲地电焊工技能比赛。 / 乙地包装工技能竞赛。"
    assert a.byline.photographers == ["王一", "赵二", "钱三", "孙四"]
    assert a.text.endswith("丙县总工会也举办了竞赛。")


def test_bylines_without_role_words(parse_text):
    [a] = parse_text("工会慰问困难职工\n\n  本报讯 王小明报道  近日，嵊州市总工会走访困难职工。\n")
    assert a.byline.reporters == ["王小明"] and a.text.startswith("近日，嵊州市总工会")


def test_flush_caption_above_indented_epaper_body(parse_text):
    text = "红心筑梦 匠心成才\n\n系列活动在某公司总装车间启动。\n\n  劳动创造光荣，实干成就伟业。\n\n  某市劳模协会积极引导全市劳模投身建设。\n"
    [a] = parse_text(text)
    assert a.caption == "系列活动在某公司总装车间启动。"
    assert a.text.startswith("劳动创造光荣")


def test_unknown_column_name_above_a_headline(parse_text):
    text = "职工之家\n\n千名职工同台比武\n某某区职工职业技能竞赛落幕\n\n本报讯 记者张三报道 近日，比武举行。\n"
    [a] = parse_text(text)
    assert (a.column, a.title, a.subtitle) == ("职工之家", "千名职工同台比武", "某某区职工职业技能竞赛落幕")


def test_headline_after_an_unfinished_article(parse_text):
    text = ("第一篇标题\n\n本报讯 记者张三报道 活动由文成县总工会、\n\n"
            "第二篇稿件标题\n\n本报讯 记者李四报道 近日，某县总工会开展活动。\n")
    arts = parse_text(text)
    assert [a.title for a in arts] == ["第一篇标题", "第二篇稿件标题"]
    text = ("第一篇标题\n\n本报讯 记者张三报道 活动由文成县总工会、\n\n"
            "第二篇稿件标题\n\n某县总工会开展主题活动\n\n本报讯 记者李四报道 近日，某县总工会开展活动。\n")
    arts = parse_text(text)
    assert [(a.title, a.subtitle) for a in arts] == [("第一篇标题", None),
                                                     ("第二篇稿件标题", "某县总工会开展主题活动")]


def test_media_byline_alone(parse_text):
    [a] = parse_text("全省职工职业技能竞赛启动\n\n某某日报—某某网记者 张三\n\n4月8日上午，全省职工职业技能竞赛启动仪式举行。\n")
    assert a.byline.reporters == ["张三"] and a.subtitle is None


def test_headline_above_a_caption_starts_a_picture_story(parse_text):
    text = ("第一篇标题\n\n本报讯 记者张三报道 近日，某县总工会开展活动。\n\n"
            "十余项赛事持续到年底\n\n\n\n趣味运动会项目。\n\n日前，某县职工运动会开幕，500余名职工参加。\n")
    a, b = parse_text(text)
    assert b.title == "十余项赛事持续到年底" and b.caption == "趣味运动会项目。"
    assert b.text.startswith("日前，某县职工运动会开幕") and "职工运动会" not in a.text
