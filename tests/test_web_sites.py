"""Articles copied from federation, county and e-paper sites: the site's chrome stays out."""
from __future__ import annotations

from compiler.ingest import read_page
from compiler.parse.pipeline import parse_page

FEDERATION_SITE = """某某市总工会欢迎您！ | 今天是：
首 页>某某市总工会>新闻中心>基层动态

青田县总工会举办首届职工厨艺大赛

作者：周某某文章来源：青田县总工会发布时间：2024-05-17 15:13字体大小：【

5月15日，青田县总工会在县职工服务中心举办首届职工厨艺大赛，来自28家企业的56名职工参加比赛。

比赛分为中式热菜和面点项目，评委从色香味形等方面进行打分。

dsc_0012.jpg     dsc_0013.jpg

分享到：
【打印正文】
×
地址：某某市某某路8号 电话：0578-0000000 邮编：323000
"""

EPAPER_SITE = """某某工人报官方网站 | 某某工网首页 今天是
跟帖评论自律管理承诺书  不良信息举报电话：0000-00000000
出版日期：2023年03月14日
基层风采
03

镇海区总工会

为一线职工送上法律体检

本报讯（记者 王某）近日，镇海区总工会组织律师走进园区企业，为120名一线职工提供法律咨询服务。

活动中，律师还为企业工会讲解了集体协商的流程。

放大 缩小 默认
"""

FORUM_REPOST = """某某网友 发表于 2022-6-3 09:12:45

奉化区总工会开展职工心理健康讲座

       某某网讯 6月1日，奉化区总工会邀请心理咨询师走进企业，为80余名职工开展心理健康讲座。

  讲座结合案例讲解了缓解压力的方法，职工们纷纷表示受益匪浅。
页: [1]
查看完整版本: 奉化区总工会开展职工心理健康讲座
"""

NEWS_SITE = """热门关键字: 职工 维权 劳模
您所在的位置：某某网 > 工会 > 正文
龙游县总工会为环卫工人送清凉
2023-07-19 10:20:31 来源：某某新闻网 作者：赵某
本篇文章312字，读完约1分钟
7月18日，龙游县总工会为全县环卫工人送去防暑降温用品300份。
工作人员叮嘱大家高温时段注意休息，做好个人防护。
看某某新闻，关注某某网微信
新闻推荐
  • 全市职工运动会8日开幕 2000名选手参赛
  • 春运首日发送旅客12.3万人次
浏览器版本过低，建议使用 IE9及以上版本或其他浏览器。
京ICP备00000000号-1
"""


def _parse(tmp_path, knowledge, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    page = read_page(path)
    return page, parse_page(page, knowledge)


def test_federation_site_chrome(tmp_path, knowledge):
    page, doc = _parse(tmp_path, knowledge, "site.txt", FEDERATION_SITE)
    assert [a.title for a in doc.articles] == ["青田县总工会举办首届职工厨艺大赛"]
    art = doc.articles[0]
    assert art.unions[0].name == "青田县总工会"  # not the federation named by the breadcrumb
    for chrome in ("欢迎您", "首 页", "字体大小", ".jpg", "分享到", "打印正文", "邮编"):
        assert chrome not in art.text
    assert [f.text for f in art.figures] == ["28家", "56名"]


def test_epaper_site_chrome_gives_date_and_headline(tmp_path, knowledge):
    page, doc = _parse(tmp_path, knowledge, "epaper.txt", EPAPER_SITE)
    assert str(page.issue_date) == "2023-03-14"
    assert len(doc.articles) == 1
    art = doc.articles[0]
    assert art.title == "为一线职工送上法律体检"
    assert "镇海区总工会" in (art.kicker, art.column)
    assert "放大" not in art.text and "举报电话" not in art.text
    assert art.unions[0].name == "镇海区总工会"


def test_forum_repost(tmp_path, knowledge):
    _, doc = _parse(tmp_path, knowledge, "forum.txt", FORUM_REPOST)
    assert [a.title for a in doc.articles] == ["奉化区总工会开展职工心理健康讲座"]
    assert "查看完整版本" not in doc.articles[0].text and "页:" not in doc.articles[0].text


def test_news_site_related_list_gives_no_figures(tmp_path, knowledge):
    page, doc = _parse(tmp_path, knowledge, "news.txt", NEWS_SITE)
    assert [a.title for a in doc.articles] == ["龙游县总工会为环卫工人送清凉"]
    art = doc.articles[0]
    assert [f.text for f in art.figures] == ["300份"]
    assert "关注" not in art.text and "浏览器" not in art.text and "读完" not in art.text
    assert str(page.issue_date) == "2023-07-19"


def test_a_short_line_after_headless_text_does_not_swallow_it(parse_text):
    text = ("12月6日下午，某镇总工会举办全镇叉车工技能竞赛，来自10家企业的20多名叉车工同台竞技。\n"
            "经过激烈比拼，三名选手分获一、二、三等奖，镇总工会为获奖选手颁发了证书和奖金。\n"
            "2024年12月6日\n")
    articles = parse_text(text)
    assert len(articles) == 1
    assert "20多名叉车工" in articles[0].text


def test_markup_in_a_headline_is_no_breadcrumb():
    from compiler.ingest import web

    assert web.detect("某区总工会举办<b>职工</b>技能竞赛\n").spans == ()
    assert len(web.detect("首页 > 新闻中心 > 基层动态\n").spans) == 1


def test_workers_daily_site_source_line_gives_paper_date_and_page():
    from compiler.ingest import epaper

    text = ("工人日报 2024年05月06日 星期一\n\n技能比武赛出好手\n\n《工人日报》（2024年05月06日 03版）\n\n"
            "近日，某市总工会举办焊工技能比武，40名选手参赛。\n\n工人日报\n客户端\n")
    found = epaper.detect(text)
    assert (found.paper, str(found.issue_date), found.page_no) == ("工人日报", "2024-05-06", 3)
    lines = [text[s:e] for s, e in found.spans]
    assert "《工人日报》（2024年05月06日 03版）" in lines and "工人日报" in lines


def test_chinese_numeral_page_line():
    from compiler.ingest import epaper

    found = epaper.detect("某某区报\n\n第二版：要闻\n\n区总工会部署全年工作\n\n正文。\n")
    assert found.page_name == "要闻"


def test_title_bar_and_labelled_menu_are_chrome():
    from compiler.ingest import web

    text = ("某某户外网 - 户外行业门户网站 !\n"
            "商业资讯: 登山攀岩 | 国内资讯 | 户外常识 | 户外访谈 | 游记攻略\n"
            "市总工会开展送清凉活动 - 工会 - 某某网\n"
            "市总工会开展送清凉活动\n")
    lines = [text[s:e] for s, e in web.detect(text).spans]
    assert len(lines) == 3 and "市总工会开展送清凉活动" not in lines


def test_source_label_glued_to_the_next_and_generic_sources():
    from compiler.ingest import web

    found = web.detect("作者：周某文章来源：青田县总工会发布时间：2024-05-17 15:13\n")
    assert (found.source, str(found.issue_date)) == ("青田县总工会", "2024-05-17")
    assert web.detect("发布时间：2024-08-30 15:23:12 来源：本站原创\n").source is None


def test_a_notices_time_line_is_not_a_posting_date():
    from compiler.ingest import web

    text = "活动安排\n时间：2025年5月10日 14:00\n地点：市工人文化宫\n"
    assert web.detect(text).spans == ()
    found = web.detect("时间: 2025-12-23 01:46 来源: 某某日报 访问量:\n")
    assert (found.source, str(found.issue_date)) == ("某某日报", "2025-12-23")


def test_a_headline_about_an_account_is_not_chrome():
    from compiler.ingest import web

    assert web.detect("某市总工会开通官方微博\n").spans == ()
    assert len(web.detect("某某新闻网官方微信\n").spans) == 1


def test_an_unlisted_union_paper_with_its_date_is_a_header():
    from compiler.ingest import epaper

    text = "闽东工人报 2024年05月06日 星期一\n第3版：基层\n\n标题\n\n正文。\n"
    found = epaper.detect(text)
    assert (found.paper, str(found.issue_date), found.page_no) == ("闽东工人报", "2024-05-06", 3)


WECHAT_COPY = """嘉善县总工会开展新就业形态劳动者关爱周活动
原创 嘉善工会 嘉善工会 2025年01月08日 09:30 浙江
近日，嘉善县总工会开展新就业形态劳动者关爱周活动，为200名快递员、外卖骑手送上暖心礼包。
活动现场，工作人员还为劳动者讲解了入会流程和工会服务项目。
来源丨嘉善县总工会
编辑丨张某
审核丨李某
往期回顾
县总工会召开全委会
职工运动会开幕
预览时标签不可点
微信扫一扫关注该公众号
继续滑动看下一个
轻触阅读原文
阅读 1234
分享 收藏 点赞 在看
"""


def test_wechat_article_copy(tmp_path, knowledge):
    page, doc = _parse(tmp_path, knowledge, "wechat.txt", WECHAT_COPY)
    assert [a.title for a in doc.articles] == ["嘉善县总工会开展新就业形态劳动者关爱周活动"]
    art = doc.articles[0]
    assert art.text.startswith("近日，嘉善县总工会") and art.text.endswith("工会服务项目。")
    assert str(page.issue_date) == "2025-01-08"
    assert [f.text for f in art.figures] == ["200名"]
