"""Articles with no byline under their headline, closing bylines, captions and credits by where
they stand, and the lead union of the headline's place: pages written for these tests."""
from __future__ import annotations

# A union page where most stories carry no 本报讯 lede: the byline closes the story, stands
# alone under the last paragraph, or is missing. Every story must still be its own article.
PAGE = """

职工风采

海曙区总工会为环卫工人送健康

“体检就在家门口，省了我们不少工夫。”说起刚做完的体检，环卫工人老周笑着说。

这是海曙区总工会今年为户外劳动者办的第三件实事。区总工会联系辖区两家医院上门服务，为800余名环卫工人免费体检，并为每人建立健康档案。

（陈小明）

清风书香 悦读同行
职工书屋走进园区企业

近日，云和县总工会把新建的职工书屋搬进了产业园，首批配送图书3000册，园区12家企业的职工可以就近借阅。

书屋还设立了“读书角”和线上借阅点，方便上夜班的职工随时取书。（通讯员 林一 王二）

千名职工徒步迎新春

日前，丽水市千名职工新春健步走在滨江绿道举行，参加者来自全市60多家企业，全程约8公里。

活动设置了打卡点和趣味问答，完成全程的职工可领取一份新春纪念品。李三

户外驿站升级上岗

海曙区总工会对辖区20家户外劳动者服务站点进行升级，新增了冰箱、微波炉和急救箱，并在每个站点张贴了工会服务热线，让快递员、外卖骑手歇得下、喝得上、热得了饭。

陈小明

青年职工交友活动举办

3月8日，云和县总工会联合团县委举办青年职工交友活动，60余名单身青年职工参加，活动现场设置了手作、默契问答等环节。
"""


def test_stories_without_a_byline_under_the_headline(parse_text):
    arts = parse_text(PAGE)
    assert [a.title for a in arts[1:]] == ["清风书香 悦读同行职工书屋走进园区企业", "千名职工徒步迎新春",
                                           "户外驿站升级上岗", "青年职工交友活动举办"]
    first, books, walk, station, dating = arts
    # a short line over a two-line head: column name, or title over a subtitle naming a union
    assert (first.column or first.title) == "职工风采"
    assert "海曙区总工会为环卫工人送健康" in (first.title + (first.subtitle or ""))
    # the closing byline is the article's byline, not its text, and ends it
    assert first.byline.reporters == ["陈小明"] and "陈小明" not in first.text
    assert books.byline.correspondents == ["林一", "王二"] and books.text.endswith("随时取书。")
    assert walk.byline.reporters == ["李三"] and walk.text.endswith("新春纪念品。")
    assert station.byline.reporters == ["陈小明"] and dating.column is None
    assert "徒步" not in books.text and "驿站" not in walk.text
    assert [a.unions[0].name for a in (first, books, station, dating)] == [
        "海曙区总工会", "云和县总工会", "海曙区总工会", "云和县总工会"]


def test_a_feature_keeps_its_sub_headings(parse_text):
    # sub-headings inside a feature: one of them is followed by a paragraph that says when, but
    # it stands among the feature's other sub-headings, so it is no new story
    text = """工匠摇篮这样建成

本报讯 记者张三报道 走进某县的实训基地，车床声此起彼伏。

搭平台，聚人才

“以前招不到人，现在有了实训基地，人才自己找上门来。”一家企业负责人说。

练本领

日前，基地又开设了数控和焊接两个新班，吸引了百余名职工报名，课程安排到了年底。

强保障

县总工会为每名学员补贴一半学费，并为结业学员颁发证书，学员可凭证书参加技能等级认定。
"""
    [a] = parse_text(text)
    assert a.title == "工匠摇篮这样建成"
    assert "练本领\n日前，基地又开设了数控和焊接两个新班" in a.text


def test_a_broken_sentence_is_no_headline(parse_text):
    # a short line that breaks a sentence (…总工会推出 / “新”模式…) names a union but is no title
    text = """工会服务要接地气

■王五

日前，某市总工会组织开展服务项目督导，为九个社会组织提供指导。

近年来，某市总工会推出

“工会+社会组织”服务新模式，让职工在家门口就能享受到服务，受到了普遍欢迎。
"""
    [a] = parse_text(text)
    assert a.kind == "commentary" and "某市总工会推出" in a.text


def test_caption_between_headline_and_lede(parse_text):
    # a caption longer than a one-line caption, set between the headline and the lede's byline
    text = """一份报纸的温度

青川市职工服务中心的阅报栏前，几位刚下班的快递员正在翻看当天出版的工会报纸。

本报讯 记者张三报道 近日，青川市总工会在全市30个户外劳动者驿站设立阅报栏，供快递员免费阅读。
"""
    [a] = parse_text(text)
    assert a.caption.startswith("青川市职工服务中心的阅报栏前")
    assert a.text.startswith("近日，青川市总工会")


def test_names_over_a_photo_credit_line_are_the_credit(parse_text):
    text = """第一篇标题

本报讯 记者张三报道 近日，某县总工会开展活动。

春风送岗位

日前，某县总工会举办春季招聘会，40家企业提供岗位1200个，吸引了600余名求职者到场。

通讯员林一 记者王二

摄影报道
"""
    first, photo = parse_text(text)
    assert photo.title == "春风送岗位" and photo.kind == "photo"
    assert photo.byline.photographers == ["林一", "王二"] and "林一" not in first.text


def test_byline_alone_with_names_apart_by_spaces(parse_text):
    text = """第一篇标题

本报讯 记者张三报道 近日，某县总工会开展活动。

职工运动会开幕

通讯员 林一 王二 记者 赵六

近日，某县第五届职工运动会开幕，来自全县的1000余名职工参加了开幕式。
"""
    first, games = parse_text(text)
    assert games.title == "职工运动会开幕"
    assert games.byline.reporters == ["赵六"] and games.byline.correspondents == ["林一", "王二"]


def test_lead_union_of_the_place_the_headline_names(parse_text):
    text = """花开正好 缘来是你
——东阳单身职工春日交友

本报讯 记者张三报道 近日，由浙江省总工会女职工委员会、东阳市总工会主办的青年职工交友活动举行，百余名单身职工参加。东阳市总工会将每季度举办一场交友活动。
"""
    [a] = parse_text(text)
    assert a.unions[0].name == "东阳市总工会"


def test_provincial_industry_union_and_service_centre(parse_text):
    text = """小候鸟夏令营开营

本报讯 记者张三报道 近日，由省交通工会主办的职工子女夏令营在杭州开营，50余名孩子参加。

清凉饮品送到路边

本报讯 记者李四报道 近日，温州市职工服务中心在中心门口为环卫工人、交警等户外劳动者免费供应凉茶。
"""
    camp, drinks = parse_text(text)
    assert camp.unions[0].name == "省交通工会" and camp.unions[0].level == "province"
    assert drinks.unions[0].name == "温州市职工服务中心"


def test_sub_headings_cut_to_one_pattern_stay_in_their_feature(parse_text):
    # the first sub-heading names a union and the second's paragraph says when, yet both are cut
    # to the same pattern (four characters, a space, four characters): a feature's sub-headings
    text = """春风行动暖人心

本报讯 记者张三报道 走进某县人力资源市场，招聘展位前排起了长队，不少职工拿着简历四处打听。

工会搭桥 岗位送达

县总工会把企业的用工需求汇总成清单，通过职工服务平台逐条推送，已帮助300余名职工找到工作。

培训跟进 技能提升

近日，县总工会又联合职业学校开设了电工、焊工两个培训班，学员结业后可优先推荐上岗。

第二篇稿件标题

本报讯 记者李四报道 近日，某市总工会开展活动。
"""
    arts = parse_text(text)
    assert [a.title for a in arts] == ["春风行动暖人心", "第二篇稿件标题"]
    assert "工会搭桥 岗位送达" in arts[0].text and "培训跟进 技能提升" in arts[0].text


def test_column_name_over_a_heading_is_not_the_last_line_above(parse_text):
    text = """# 第一篇标题

本报讯 记者张三报道 近日，某县总工会开展活动，百余名职工参加。

基层快讯

# 第二篇稿件标题

近日，某县总工会为一线职工送去夏日清凉用品500份。
"""
    first, second = parse_text(text)
    assert first.text.endswith("百余名职工参加。") and "基层快讯" not in first.text
    assert second.column == "基层快讯" and second.title == "第二篇稿件标题"


def test_page_without_blank_lines(parse_text):
    # copied line by line: no blank line between paragraphs, headlines or stories
    text = """职工书屋送到工地
某县总工会为建筑工人配送图书
本报讯 记者张三报道 近日，某县总工会为县内五个重点工程工地送去职工书屋，每个书屋配送图书500册。
书屋设在工地生活区，工人下班后就能借阅。
技能比武展风采
趣味比赛现场。
日前，丽水市总工会举办建筑工人技能比武，来自20家企业的80名工人同场竞技。
比武设砌筑、钢筋两个项目，优胜者将获评市级技术能手。（李四）
夏送清凉进车间
近日，云和县总工会走访县内30家企业，为高温下坚守岗位的一线职工送去清凉用品。
"""
    arts = parse_text(text)
    assert [a.title for a in arts] == ["职工书屋送到工地", "技能比武展风采", "夏送清凉进车间"]
    assert arts[0].subtitle == "某县总工会为建筑工人配送图书"
    assert arts[1].caption == "趣味比赛现场。" and arts[1].byline.reporters == ["李四"]
    assert arts[1].text.startswith("日前，丽水市总工会") and arts[1].text.endswith("市级技术能手。")


def test_hard_wrapped_page_without_blank_lines(parse_text):
    # the lines of a paragraph are wrapped at one width; a short line ends a paragraph
    text = """职工夜校开课了
本报讯 记者张三报道 近日，某县总工会职工夜校
在县工人文化宫开课，首期开设了电工、焊工和
电子商务三个班，共有120名职工报名参加学习。
夜校每周上课两次，学员结业后可参加技能等级
认定，考试合格的由工会给予一半培训费补贴。
"""
    [a] = parse_text(text)
    assert a.title == "职工夜校开课了"
    assert "职工夜校在县工人文化宫开课" in a.text and "技能等级认定" in a.text


def test_headline_naming_the_lede_subject_among_sub_headings(parse_text):
    # the feature above has several sub-headings; the next story names its union in the headline
    # and opens its lede on it again, with no byline: a story of its own, as is a `## ` headline
    # that does the same under no `# ` title
    text = """园区产改见实效

本报讯 记者张三报道 走进某园区，企业车间里处处是学技术的身影。

搭建平台

园区联合职业院校开设订单班，已为企业输送技术工人600余名。

畅通渠道

园区企业普遍建立了技能等级与薪酬挂钩的制度。

丽水莲都区总工会深化“工会进园区”

今年以来，丽水市莲都区总工会把服务阵地建到园区，新建职工之家12个，服务职工5000余人次。

## 衢州柯城区总工会开展职工疗休养

近日，衢州市柯城区总工会组织200名一线职工分批开展疗休养活动。
"""
    arts = parse_text(text)
    assert [a.title for a in arts] == ["园区产改见实效", "丽水莲都区总工会深化“工会进园区”",
                                       "衢州柯城区总工会开展职工疗休养"]
    assert "畅通渠道" in arts[0].text
    assert arts[1].unions[0].name == "丽水市莲都区总工会"


def test_photo_credits_in_brackets_with_a_slash_or_for_a_supplied_photo(parse_text):
    for credit, names in (("（记者 赵六 摄）", ["赵六"]), ("赵六/摄", ["赵六"]),
                          ("（通讯员 钱七 摄影）", ["钱七"]), ("通讯员 钱七 供图", ["钱七"])):
        text = ("第一篇标题\n\n本报讯 记者张三报道 近日，某县总工会开展活动。\n\n"
                "春风送岗位\n\n日前，某县总工会举办春季招聘会，40家企业提供岗位1200个。\n\n"
                f"{credit}\n\n第三篇标题\n\n本报讯 记者李四报道 近日，某市总工会开展活动。\n")
        first, photo, third = parse_text(text)
        assert photo.kind == "photo" and photo.byline.photographers == names, credit
        assert third.title == "第三篇标题" and photo.byline.reporters == [], credit


def test_lede_bylines_without_an_end_word(parse_text):
    for lede, reporters, correspondents in (
            ("本报讯 通讯员王五 ", [], ["王五"]),
            ("本报讯 记者李四 本报通讯员王五 ", ["李四"], ["王五"])):
        text = ("第一篇标题\n\n本报讯 记者张三报道 近日，某县总工会开展活动。\n\n职工书屋建设提速\n\n"
                f"{lede}为丰富职工精神生活，莲都区总工会新建职工书屋20家。\n")
        first, books = parse_text(text)
        assert books.title == "职工书屋建设提速", lede
        assert (books.byline.reporters, books.byline.correspondents) == (reporters, correspondents)
        assert books.text.startswith("为丰富职工精神生活"), lede
        assert first.byline.reporters == ["张三"]


def test_lede_opening_with_a_dispatch_line_heads_a_story(parse_text):
    text = ("第一篇标题\n\n本报讯 记者张三报道 近日，某县总工会开展活动。\n\n职工书屋建设提速\n\n"
            "本报丽水讯 为丰富职工精神生活，莲都区总工会新建职工书屋20家。\n")
    first, books = parse_text(text)
    assert books.title == "职工书屋建设提速" and "书屋" not in first.text


def test_a_byline_alone_under_the_last_paragraph_ends_the_story(parse_text):
    text = """驿站来了“一日站长”

近日，某区总工会组织机关干部到工会驿站值守，为户外劳动者提供热饭、充电、休息等服务。

值守期间，“站长”们收集了职工的意见建议30余条，并现场答复了其中的大部分。

通讯员林一 记者王二

职工书屋建设提速

在近日召开的职工代表大会上，某区总工会宣布今年新建职工书屋20家，每家配送图书500册。
"""
    first, books = parse_text(text)
    assert books.title == "职工书屋建设提速"
    assert first.byline.reporters == ["王二"] and first.byline.correspondents == ["林一"]
