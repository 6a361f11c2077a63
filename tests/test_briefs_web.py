"""Brief columns split into items; web chrome and other papers' e-paper furniture."""
from __future__ import annotations

from compiler.ingest import epaper
from compiler.ingest import web
from compiler.ingest import read_page

BRIEFS = """工会动态

▲近日，嘉善县总工会在县职工服务中心举办新就业形态劳动者专场招聘会，32家企业提供岗位600余个，吸引了200余名求职者到场。（通讯员 方一鸣）

▲日前，海盐县武原街道总工会组织开展“送清凉”活动，为一线环卫工人送去绿豆、毛巾等防暑物资，惠及职工150余人。（吕晓红）

又讯 平湖市总工会近日启动年度职工疗休养工作，计划组织劳模、先进职工等800名职工分批参加疗休养活动。

【桐乡举办职工篮球赛】5月以来，桐乡市总工会联合市体育局举办职工篮球联赛，全市24支代表队参加比赛，历时一个月。（通讯员 沈可）

● 秀洲区总工会开展职工心理健康讲座（6月3日）

● 南湖区总工会举行劳模宣讲进企业活动（6月5日）
"""

DIGEST = """# 各地工会工作动态

本报兰溪讯 兰溪市总工会日前为全市180名困难职工送去助学金36万元，帮助职工子女顺利入学。

本报永康讯 永康市总工会近日组织开展五金行业劳动竞赛，来自40家企业的300余名职工参赛。

【岱山】岱山县总工会在渔港码头设立渔民服务站3个，为渔民提供休息、饮水和法律咨询服务。
"""


def test_brief_column_items_are_articles(parse_text):
    articles = parse_text(BRIEFS)
    assert len(articles) == 6, [a.title for a in articles]
    leads = [a.unions[0].name if a.unions else None for a in articles]
    assert leads == ["嘉善县总工会", "海盐县武原街道总工会", "平湖市总工会", "桐乡市总工会",
                     "秀洲区总工会", "南湖区总工会"]
    assert articles[0].title.startswith("近日，嘉善县总工会在县职工服务中心举办")
    assert articles[0].column == "工会动态"
    assert [f.text for f in articles[0].figures] == ["32家", "600余个", "200余名"]
    assert articles[3].title == "桐乡举办职工篮球赛"
    assert articles[3].text.startswith("5月以来")
    assert "▲" not in articles[1].text and not articles[2].text.startswith("又讯")
    assert articles[4].title == "秀洲区总工会开展职工心理健康讲座（6月3日）"


def test_digest_of_dispatches_and_place_labels(parse_text):
    articles = parse_text(DIGEST)
    assert [a.unions[0].name for a in articles] == ["兰溪市总工会", "永康市总工会", "岱山县总工会"]
    assert [f.text for f in articles[1].figures] == ["40家", "300余名"]


def test_an_article_with_one_bullet_is_not_split(parse_text):
    text = ("# 东阳总工会开展送法活动\n\n本报讯 记者何青报道 近日，东阳市总工会开展送法进企业活动，"
            "为职工讲解劳动合同知识。\n\n▲活动现场，律师为职工解答了劳动合同、工伤认定等方面的法律问题。\n")
    assert len(parse_text(text)) == 1


WEB_TEXT = """某某工会网某某工会网
首页 | 要闻 | 工会动态 | 职工之家 | 图片新闻
您当前的位置：首页 > 新闻中心 > 工会动态
义乌市总工会为快递小哥送上暖心礼包
来源：金华日报　发布时间：2025-01-08 09:30　编辑：王某
【字号 大 中 小】 【打印】 【关闭】
本报讯 近日，义乌市总工会走访快递企业，为600名快递员送上暖心礼包。
活动中，工作人员还为快递员讲解了入会流程和职工互助保障政策。
责任编辑：李某
上一篇：关于开展职工疗休养的通知
下一篇：全市职工乒乓球赛开幕
相关新闻
某某县举办职工书画展
版权所有 某某市总工会 浙ICP备00000000号
"""


def test_web_chrome_is_furniture_and_gives_source_and_date(tmp_path, knowledge):
    from compiler.parse.pipeline import parse_page

    path = tmp_path / "copied.txt"
    path.write_text(WEB_TEXT, encoding="utf-8")
    page = read_page(path)
    assert page.paper == "金华日报" and str(page.issue_date) == "2025-01-08"
    chrome = {page.text[s:e] for s, e in page.furniture}
    assert "上一篇：关于开展职工疗休养的通知" in chrome and "某某县举办职工书画展" in chrome
    articles = parse_page(page, knowledge).articles
    assert [a.title for a in articles] == ["义乌市总工会为快递小哥送上暖心礼包"]
    assert articles[0].unions[0].name == "义乌市总工会"
    assert "责任编辑" not in articles[0].text and "ICP" not in articles[0].text


def test_web_html_uses_meta_date_and_h1(tmp_path, knowledge):
    from compiler.parse.pipeline import parse_page

    html = ("<html><head><meta charset='utf-8'><meta name='PubDate' content='2025-02-03 08:00'>"
            "<title>标题_某某网</title></head><body><div>首页 | 新闻 | 工会 | 服务 | 专题</div>"
            "<div>当前位置：首页 &gt; 工会新闻</div><h1>磐安总工会开设职工书屋</h1>"
            "<div>来源：某某网</div><p>本报讯 磐安县总工会近日在乡镇新建职工书屋8家，惠及职工200余名。</p>"
            "<p>上一篇：某某新闻</p><p>Copyright © 2025 某某网</p></body></html>")
    path = tmp_path / "saved.html"
    path.write_text(html, encoding="utf-8")
    page = read_page(path)
    assert str(page.issue_date) == "2025-02-03"
    articles = parse_page(page, knowledge).articles
    assert [a.title for a in articles] == ["磐安总工会开设职工书屋"]
    assert [f.text for f in articles[0].figures] == ["8家", "200余名"]


def test_ordinary_sentences_are_never_chrome():
    text = "他说，企业提供了技术支持和场地保障。\n来源于一线的创新成果被推广到全市。\n"
    assert web.detect(text).spans == ()


def test_city_daily_epaper_header_page_and_navigation():
    text = ("宁波日报 2025年03月14日 星期五\n第A6版:宁波新闻·综合 上一版 下一版 标题导航\n\n"
            "# 标题\n\n正文。\n")
    found = epaper.detect(text)
    assert (found.paper, found.page_name, str(found.issue_date)) == ("宁波日报", "宁波新闻·综合",
                                                                      "2025-03-14")
    assert len(found.spans) == 2


def test_bulleted_headlines_over_their_items(parse_text):
    text = ("各地动态\n\n■ 上虞区总工会开展技能比武\n\n近日，上虞区总工会举办电工技能比武，"
            "来自全区的60名电工参加比赛。\n\n■ 新昌县总工会慰问一线职工\n\n日前，新昌县总工会走访"
            "慰问一线职工200余人，送去慰问金10万元。\n")
    articles = parse_text(text)
    assert [a.title for a in articles] == ["上虞区总工会开展技能比武", "新昌县总工会慰问一线职工"]
    assert [a.unions[0].name for a in articles] == ["上虞区总工会", "新昌县总工会"]
    assert [f.text for f in articles[1].figures] == ["200余人", "10万元"]


DENSE_COLUMN = """本版导读
工会动态
△桐庐县总工会举办首届职工象棋比赛，来自36家企业的72名选手参加。
（钟小林）
△淳安县总工会开展职工读书月活动。
（淳安县总工会）
建德市总工会为新入会的快递员送上入会大礼包500份，帮助他们了解工会服务。 （方敏）
△富阳区东洲街道总工会举办企业工会干部培训班，60余名工会干部参加培训。 （许晨）
"""


def test_dense_column_items_one_a_line(tmp_path, knowledge):
    from compiler.parse.pipeline import parse_page

    path = tmp_path / "column.txt"
    path.write_text(DENSE_COLUMN, encoding="utf-8")
    articles = parse_page(read_page(path), knowledge).articles
    assert len(articles) == 4, [a.title for a in articles]
    assert [a.unions[0].name for a in articles] == ["桐庐县总工会", "淳安县总工会", "建德市总工会",
                                                  "富阳区东洲街道总工会"]
    assert articles[1].title == "淳安县总工会开展职工读书月活动"  # a short bulleted brief
    assert articles[0].column == "工会动态"
    assert [f.text for f in articles[2].figures] == ["500份"]


def test_items_ending_in_bylines_without_bullets(parse_text):
    text = ("临海市总工会于四月十日召开企业民主管理经验交流会，十二家企业介绍了做法。（王一）\n"
            "仙居县总工会深入基层抓工会规范化建设，全县已有八十个基层工会建成职工之家。（李二）\n"
            "温岭市某机床厂工会组织职工到敬老院看望老人，并送去了生活用品。（赵三、钱四）\n")
    articles = parse_text(text)
    assert len(articles) == 3, [a.title for a in articles]
    assert [a.unions[0].name for a in articles][:2] == ["临海市总工会", "仙居县总工会"]


def test_digest_heading_makes_each_paragraph_an_item(parse_text):
    text = ("每日工运丨两地工会看望一线职工\n今日多云。播报：小工\n新闻速递\nNews Express\n"
            "3月2日上午，绍兴市总工会走进园区企业开展实地慰问，为一线职工送去米面油等慰问品。\n"
            "3月2日，金华市总工会发布职工摄影大赛征集公告，面向全市职工征集作品。\n"
            "近日，衢州市总工会组织50名职工子女走进科技馆，开展寒假研学活动。\n")
    articles = [a for a in parse_text(text) if not a.title.startswith("每日工运")]
    assert [a.unions[0].name for a in articles] == ["绍兴市总工会", "金华市总工会", "衢州市总工会"]
    assert articles[0].title.startswith("3月2日上午，绍兴市总工会走进园区企业")


def test_bracket_items_after_a_caption_line(parse_text):
    text = ("【市总工会表彰优秀职工之家】5月8日，湖州市总工会召开表彰会，命名优秀职工之家30家，"
            "与会代表交流了建家经验。（孙某）\n\n湖州市总工会表彰优秀职工之家（周某）\n"
            "【市总工会举办劳模宣讲会】9月2日，湖州市总工会在市工人文化宫举办劳模宣讲会。\n")
    articles = parse_text(text)
    assert [a.title for a in articles] == ["市总工会表彰优秀职工之家", "市总工会举办劳模宣讲会"]


def test_a_bracket_inside_a_broken_line_is_no_byline(parse_text):
    text = ("# 某区工会深化创新工作室建设\n\n本报讯 记者张某报道 近日，某区总工会召开创新工作室推进会。\n\n"
            "该区总工会相关负责人  \n表示，高技能人才(劳模工匠)  \n创新工作室的创建为企业发展  \n"
            "提供了攻坚克难的动力源泉。\n\n接下来，该区总工会将  \n加大对高技能人才(劳模工匠)  \n"
            "创新工作室的培育力度。\n")
    assert len(parse_text(text)) == 1


def test_numbered_digest_items_and_short_last_item(parse_text):
    text = ("工作动态\n\n1.丽水市总工会召开十届五次全委会，总结去年工作，部署今年任务。\n\n"
            "2.龙泉市总工会举办职工技能大赛，来自30家企业的200名选手参赛。\n\n"
            "3.云和县总工会为80名困难职工送去慰问金。\n")
    articles = parse_text(text)
    assert [a.unions[0].name for a in articles] == ["丽水市总工会", "龙泉市总工会", "云和县总工会"]
    assert articles[0].title.startswith("丽水市总工会召开") and not articles[2].text.startswith("3.")


def test_brief_titles_drop_the_dispatch_line_and_stop_at_a_wide_space(parse_text):
    text = ("各地工会\n\n本报湖州讯（通讯员 张某）近日，德清县总工会新建工会驿站12个。\n\n"
            "本报丽水讯 缙云县总工会日前举办劳模宣讲会，宣讲团走进30家企业。\n\n"
            "■职工运动会开幕　近日，安吉县总工会举办第五届职工运动会，1200名职工参加。（陆某）\n")
    titles = [a.title for a in parse_text(text)]
    assert titles == ["近日，德清县总工会新建工会驿站12个",
                      "缙云县总工会日前举办劳模宣讲会，宣讲团走进30家企业", "职工运动会开幕"]


def test_an_article_under_a_digest_heading_keeps_its_paragraphs(parse_text):
    text = ("基层动态\n\n# 某县总工会启动职工技能月活动\n\n本报讯 记者李某报道 近日，某县总工会启动职工技能月活动，"
            "全县50家企业参加。\n\n活动期间，县总工会将组织焊工、电工等10个工种的比武。\n\n"
            "图为比武现场。（记者 李某 摄）\n\n县总工会负责人表示，将为获奖职工申报技术能手称号。\n\n"
            "此外，县总工会还将举办技能人才座谈会，听取一线职工意见。\n")
    assert len(parse_text(text)) == 1


def test_short_items_with_place_labels_and_a_single_again_item(parse_text):
    text = ("【临安】区总工会日前为环卫工人送去清凉用品300份。\n\n"
            "【海宁】市总工会近日举办职工篮球赛，24支队伍参赛。\n")
    articles = parse_text(text)
    assert [a.unions[0].name for a in articles] == ["临安区总工会", "海宁市总工会"]
    text = ("本报讯 近日，萧山区总工会举办职工技能比武，60名职工参赛。\n\n"
            "又讯 萧山区总工会日前为困难职工送去慰问金5万元。\n")
    articles = parse_text(text)
    assert len(articles) == 2 and articles[1].title == "萧山区总工会日前为困难职工送去慰问金5万元"
    assert [f.text for f in articles[1].figures] == ["5万元"]


EPAPER_BRIEFS = """浙江工人日报 数字报纸


00002版:工会

简讯

  本报讯 近日，义乌市总工会为300名快递小哥送上新春礼包。（通讯员 张某）

  本报讯 记者李某 通讯员王某报道 日前，永康市总工会举办五金行业职工技能比武，来自40家企业的120名职工参赛。

  本报讯 东阳市总工会近日启动职工疗休养活动，首批200名一线职工参加。（吴某）


浙江工人日报 工会 00002 简讯 2025-02-03 2 2025年02月03日 星期一
"""


def test_epaper_brief_column_with_a_full_byline_item(tmp_path, knowledge):
    from compiler.parse.pipeline import parse_page

    path = tmp_path / "jianxun.txt"
    path.write_text(EPAPER_BRIEFS, encoding="utf-8")
    articles = parse_page(read_page(path), knowledge).articles
    assert [a.unions[0].name for a in articles] == ["义乌市总工会", "永康市总工会", "东阳市总工会"]
    assert articles[1].byline.reporters == ["李某"] and articles[1].text.startswith("日前，永康市")
    assert [f.text for f in articles[1].figures] == ["40家", "120名"]


def test_a_long_title_under_a_column_name_heads_one_article(parse_text):
    text = ("基层动态\n\n某某市总工会联合市人力社保局深入推进新时代产业工人队伍建设改革试点工作取得新成效\n\n"
            "近日，某某市总工会召开产改试点工作推进会，总结试点经验。\n\n"
            "会上，五家试点企业交流了技能人才培养的做法。\n\n会议要求，各级工会要把试点经验推广到更多企业。\n")
    assert len(parse_text(text)) == 1
