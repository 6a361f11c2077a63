"""Where the text-page, web and brief-column rules meet: a notice's label lines are no headline,
a forum's buttons are chrome, an item after a bracketed byline under a short first item."""
from __future__ import annotations

from compiler.ingest import read_page

NOTICE_LINES = """某某区总工会为外来务工人员送服务

本报讯 记者张某报道 近日，某某区总工会开展新春送服务活动，为300名外来务工人员提供法律咨询。

一是送法律

工会法律援助律师在现场解答工资支付、劳动合同等问题，发放宣传资料500余份。

维权服务窗口地址：某某区某某路8号2号窗口

维权服务热线：0000-12345678

二是送文化

工会联合文化馆为留守职工送去电影票，组织职工观看新春电影，丰富节日生活。
"""


def test_a_notices_label_lines_do_not_start_an_article(parse_text):
    [art] = parse_text(NOTICE_LINES)
    assert art.title == "某某区总工会为外来务工人员送服务" and "电影票" in art.text


FORUM_PAGE = """返回列表 发布新帖
查看: 88|回复: 0

某某镇工会举办职工趣味运动会

发表于 2024-5-6 09:12:30 | 查看全部 |阅读模式

马上注册!

您需要 登录 才可以下载或查看,没有账号?注册

×
日前,某某镇工会举办职工趣味运动会,来自辖区企业的200余名职工参加了拔河、跳绳等项目。

运动会增进了职工之间的交流,营造了团结向上的氛围。
回复

使用道具 举报

您需要登录后才可以回帖 登录 | 注册

本版积分规则
"""


def test_a_forum_posts_buttons_and_prompts_are_chrome(tmp_path, knowledge):
    from compiler.parse.pipeline import parse_page

    page = tmp_path / "forum.txt"
    page.write_text(FORUM_PAGE, encoding="utf-8")
    [art] = parse_page(read_page(page), knowledge).articles
    assert art.title == "某某镇工会举办职工趣味运动会"
    assert "登录" not in art.text and "举报" not in art.text and "200余名" in art.text


BRIEFS = """工会简讯

△某某厂工会举办职工书画展。
(王某)

△某某公司工会开展“安康杯”竞赛活动。
(李某)

某某车间工会举行“怎样当好班组长”演讲会,来自全厂的40多名班组长参加了演讲。 (赵某)

△某某县总工会为困难职工送去慰问金2万元,帮助他们解决生活困难。 (某某县总工会)
"""


def test_an_unbulleted_item_after_a_bracketed_byline_is_an_item(parse_text):
    titles = [a.title for a in parse_text(BRIEFS)]
    assert len(titles) == 4 and titles[2].startswith("某某车间工会举行"), titles
