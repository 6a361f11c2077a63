"""Tests of the ingest stage: every reader, e-paper furniture, issue dates, manifest, bad input."""
from __future__ import annotations

import codecs
import io
import re
import zipfile
from datetime import date
from pathlib import Path

import pytest

from compiler.errors import IngestError, ManifestError, UserError
from compiler.ingest import READERS, SUPPORTED_SUFFIXES, find_manifest, iter_input_files, load_manifest, read_page, reader_for
from compiler.ingest import dates
from compiler.ingest import epaper
from compiler.guard import limits
from compiler.ingest.manifest import Manifest, ManifestEntry

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"
CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")

BODY = "本报讯 记者吴晓静报道 近日，杭州市余杭区总工会举办职工职业技能竞赛，50余名一线职工参赛。\n"


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


# --- fixture builders (binary fixtures are made at test time, not committed) -------------------

def make_docx(path: Path, build=None) -> Path:
    import docx

    document = docx.Document()
    if build is None:
        document.add_paragraph(BODY.strip())
    else:
        build(document)
    document.save(str(path))
    return path


def replace_member(path: Path, member: str, data: bytes) -> None:
    source = path.read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, data if info.filename == member else zin.read(info.filename))
    path.write_bytes(out.getvalue())


def make_pdf(path: Path, pages: list[list[str]]) -> bool:
    """A PDF with a text layer; returns whether a CJK font was used (else ASCII text only)."""
    from reportlab.pdfgen import canvas

    font, cjk = "Helvetica", False
    if CJK_FONT.exists():
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        pdfmetrics.registerFont(TTFont("WQY", str(CJK_FONT), subfontIndex=0))
        font, cjk = "WQY", True
    c = canvas.Canvas(str(path))
    for lines in pages:
        c.setFont(font, 14)
        for i, line in enumerate(lines):
            c.drawString(72, 760 - 24 * i, line if cjk else line.encode("ascii", "ignore").decode())
        if not lines:
            c.rect(72, 600, 200, 100, fill=1)  # a picture-only page
        c.showPage()
    c.save()
    return cjk


# --- registry ---------------------------------------------------------------------------------

def test_registry_covers_the_supported_suffixes_and_each_reader_has_the_contract():
    assert SUPPORTED_SUFFIXES == {".txt", ".md", ".docx", ".pdf", ".html", ".htm",
                                  ".png", ".jpg", ".jpeg", ".tif", ".tiff"}
    for suffix in READERS:
        module = reader_for(Path(f"x{suffix}"))
        assert callable(module.read)
        assert module.MAX_BYTES > 0
    assert reader_for(Path("X.TXT")).__name__.endswith(".text")


# --- plain text ---------------------------------------------------------------------------------

@pytest.mark.parametrize("sample", sorted(SAMPLES.glob("*.txt")), ids=lambda p: p.name)
def test_sample_pages_are_kept_exactly(sample: Path):
    page = read_page(sample)
    assert page.text == sample.read_bytes().decode("utf-8")
    assert page.source == sample.as_posix()
    assert page.furniture == ()


def test_utf8_bom_is_stripped_and_crlf_normalised(tmp_path):
    path = write(tmp_path, "p.txt", codecs.BOM_UTF8 + "产改新征程\r\n\r\n正文。\r\n".encode())
    assert read_page(path).text == "产改新征程\n\n正文。\n"


@pytest.mark.parametrize("encoding", ["gb18030", "gbk"])
def test_gb18030_and_gbk_pages_are_decoded(tmp_path, encoding):
    text = "产改新征程\n\n" + BODY * 3
    page = read_page(write(tmp_path, "p.txt", text.encode(encoding)))
    assert page.text == text


def test_short_gbk_text_is_not_taken_for_korean(tmp_path):
    # charset-normalizer alone guesses cp949 for these bytes.
    text = "浙江工人日报 工会 余"
    assert read_page(write(tmp_path, "p.txt", text.encode("gb18030"))).text == text


def test_gb18030_only_characters(tmp_path):
    text = "职工𠀀之家，镕基金会。" * 3  # 𠀀 needs GB18030's four-byte form
    assert read_page(write(tmp_path, "p.txt", text.encode("gb18030"))).text == text


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_bom(tmp_path, encoding):
    text = "产改新征程\n" + BODY
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    assert read_page(write(tmp_path, "p.txt", data)).text == text


def test_markdown_marks_are_left_in_the_text(tmp_path):
    text = "# 标题\n\n## 副题\n\n### 小标题\n\n正文第一行  \n正文第二行\n"
    page = read_page(write(tmp_path, "p.md", text))
    assert page.text == text


def test_control_characters_become_spaces_one_for_one(tmp_path):
    # (a NUL byte marks a binary file, so it is not among them)
    raw = "工会\x07新闻\x0c第二段\tTAB\x1b\x7f尾\r旧式换行\u2028行\x85末\r\n"
    page = read_page(write(tmp_path, "p.txt", raw))
    assert page.text == "工会 新闻 第二段\tTAB  尾\n旧式换行\n行\n末\n"
    assert len(page.text) == len(raw) - 1  # one for one, but \r\n -> \n


def test_few_bad_bytes_in_utf8_are_replaced_and_reported(tmp_path):
    data = (BODY * 20).encode("utf-8") + b"\xff" + "结尾".encode()
    page = read_page(write(tmp_path, "p.txt", data))
    assert page.text.endswith("\ufffd结尾")
    assert any("1 处无法解码" in w for w in page.warnings)


# --- docx ---------------------------------------------------------------------------------------

def _briefing_docx(document):
    document.add_heading("产改新征程", level=0)  # Title style
    document.add_heading("余杭区总工会开展职工技能竞赛", level=1)
    document.add_heading("50余名一线职工同台比武", level=2)
    document.add_heading("赛事亮点", level=3)
    document.add_heading("更深一级", level=4)
    document.add_paragraph(BODY.strip())
    table = document.add_table(rows=2, cols=3)
    for r, row in enumerate([["单位", "人数", "备注"], ["余杭区总工会", "50", "首场"]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph("表格之后的段落。")
    p = document.add_paragraph("第一行")
    p.add_run().add_break()
    p.add_run("第二行")
    document.add_paragraph("")  # empty paragraphs leave no blank lines


def test_docx_headings_table_in_body_order(tmp_path):
    page = read_page(make_docx(tmp_path / "p.docx", _briefing_docx))
    assert page.text == (
        "# 产改新征程\n\n"
        "# 余杭区总工会开展职工技能竞赛\n\n"
        "## 50余名一线职工同台比武\n\n"
        "### 赛事亮点\n\n"
        "### 更深一级\n\n"
        f"{BODY.strip()}\n\n"
        "单位 | 人数 | 备注\n"
        "余杭区总工会 | 50 | 首场\n\n"
        "表格之后的段落。\n\n"
        "第一行\n第二行"
    )


def test_docx_keeps_tracked_insertions_and_text_boxes_once(tmp_path):
    path = make_docx(tmp_path / "p.docx")
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = (
        '<w:p><w:r><w:t>保留</w:t></w:r><w:ins w:id="1" w:author="a"><w:r><w:t>插入的字</w:t></w:r></w:ins>'
        '<w:del w:id="2" w:author="a"><w:r><w:delText>删除的字</w:delText></w:r></w:del></w:p>'
        '<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx>'
        "<w:txbxContent><w:p><w:r><w:t>文本框里的字</w:t></w:r></w:p></w:txbxContent>"
        "</wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent>"
        "<w:p><w:r><w:t>文本框里的字</w:t></w:r></w:p></w:txbxContent></v:textbox></w:pict>"
        "</mc:Fallback></mc:AlternateContent></w:r></w:p>"
    )
    xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{w}" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:v="urn:schemas-microsoft-com:vml">'
        f"<w:body>{body}</w:body></w:document>"
    )
    replace_member(path, "word/document.xml", xml.encode())
    assert read_page(path).text == "保留插入的字\n\n文本框里的字"


def test_docx_does_not_resolve_external_entities(tmp_path):
    secret = write(tmp_path, "secret.txt", "TOP-SECRET-CONTENT")
    path = make_docx(tmp_path / "xxe.docx")
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>'
        f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{secret.as_posix()}">]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>正文&xxe;结束</w:t></w:r></w:p></w:body></w:document>"
    )
    replace_member(path, "word/document.xml", xml.encode())
    page = read_page(path)
    assert "TOP-SECRET" not in page.text
    assert page.text == "正文结束"  # the reference is dropped, the text around it kept


def test_docx_does_not_expand_internal_entities(tmp_path):
    path = make_docx(tmp_path / "lol.docx")
    # three levels (1000 copies): small enough for libxml2 to parse the DTD at all, which it
    # refuses for deeper "billion laughs" (the file is then reported as unreadable)
    lol = "".join(f'<!ENTITY e{i} "{f"&e{i - 1};" * 10}">' for i in range(1, 4))
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>'
        f'<!DOCTYPE w:document [<!ENTITY e0 "lol">{lol}]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>正文&e3;结束</w:t></w:r></w:p></w:body></w:document>"
    )
    replace_member(path, "word/document.xml", xml.encode())
    assert read_page(path).text == "正文结束"


def test_docx_zip_bomb_is_refused_before_inflating(tmp_path, monkeypatch):
    path = make_docx(tmp_path / "bomb.docx")
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/padding.bin", b"\0" * 300_000)
    monkeypatch.setattr(limits, "DOCX_MAX_UNPACKED_BYTES", 200_000)
    with pytest.raises(IngestError, match="压缩炸弹") as info:
        read_page(path)
    assert "bomb.docx" in str(info.value)


def test_truncated_and_fake_docx_are_refused(tmp_path):
    good = make_docx(tmp_path / "good.docx").read_bytes()
    for name, data in [
        ("truncated.docx", good[: len(good) // 2]),
        ("random.docx", bytes(range(256)) * 8),
        ("text.docx", "这不是 Word 文件".encode()),
    ]:
        with pytest.raises(IngestError, match="不是有效的 Word") as info:
            read_page(write(tmp_path, name, data))
        assert name in str(info.value)


def test_zip_that_is_not_a_word_document(tmp_path):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(IngestError, match="无法读取 Word 文档"):
        read_page(write(tmp_path, "other.docx", out.getvalue()))


def test_old_doc_format_gets_a_hint(tmp_path):
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600
    with pytest.raises(IngestError, match="另存为 .docx"):
        read_page(write(tmp_path, "old.docx", data))
    with pytest.raises(IngestError, match="另存为 .docx"):
        read_page(write(tmp_path, "old.doc", data))


# --- pdf ----------------------------------------------------------------------------------------

def test_pdf_text_layer_of_every_page(tmp_path):
    path = tmp_path / "p.pdf"
    cjk = make_pdf(path, [["余杭区总工会开展职工技能竞赛 2025", "50余名职工参加 page1"], ["第二页 page2"]])
    page = read_page(path)
    first, second = page.text.split("\n\n")
    if cjk:
        # two lines of one paragraph (the first is not short): re-joined as the page is read
        assert first == "余杭区总工会开展职工技能竞赛 2025 50余名职工参加 page1"
        assert second == "第二页 page2"
    else:
        assert "2025" in first and "page1" in first and "page2" in second


def test_pdf_page_without_text_is_reported(tmp_path):
    path = tmp_path / "p.pdf"
    make_pdf(path, [["page one 2025"], []])
    page = read_page(path)
    assert "page one 2025" in page.text
    assert any("第 2 页没有文字层" in w and "OCR" in w for w in page.warnings)


def test_pdf_without_text_layer_needs_ocr(tmp_path):
    path = tmp_path / "scan.pdf"
    make_pdf(path, [[], []])
    from compiler.ingest import ocr

    expected = "没有识别出文字" if ocr.available() else "需要先进行 OCR 文字识别"
    with pytest.raises(IngestError, match=expected) as info:
        read_page(path)
    assert "scan.pdf" in str(info.value)


def test_pdf_kangxi_radicals_become_ordinary_ideographs():
    from compiler.ingest.pdf import _plain_ideographs

    assert _plain_ideographs("\u2f2f会 \u2f08") == "工会 人"
    assert _plain_ideographs("工会 ABC ①") == "工会 ABC ①"


def test_encrypted_pdf(tmp_path):
    import pypdf

    plain = tmp_path / "plain.pdf"
    make_pdf(plain, [["secret page 2025"]])
    for name, user, readable in [("locked.pdf", "pw", False), ("owner_only.pdf", "", True)]:
        writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(plain))
        writer.encrypt(user_password=user, owner_password="owner", algorithm="RC4-128")
        path = tmp_path / name
        with open(path, "wb") as fh:
            writer.write(fh)
        if readable:
            assert "secret page 2025" in read_page(path).text
        else:
            with pytest.raises(IngestError, match="已加密"):
                read_page(path)


def test_broken_pdf(tmp_path):
    good = tmp_path / "good.pdf"
    make_pdf(good, [["hello"]])
    for name, data in [("junk.pdf", b"%PDF-1.4\nnot really a pdf\n"), ("cut.pdf", good.read_bytes()[:200])]:
        with pytest.raises(IngestError, match=re.escape(name)):
            read_page(write(tmp_path, name, data))


# --- html ---------------------------------------------------------------------------------------

def test_html_scripts_dropped_headings_marked_entities_decoded(tmp_path):
    html = """<!DOCTYPE html><html><head><title>页面标题</title>
    <style>p{color:red}</style><script>document.write("<p>脚本</p>")</script></head>
    <body><!-- 注释 --><noscript>请启用脚本</noscript><template><p>模板</p></template>
    <h1>产改  新征程</h1><h2>副题</h2><h3>小标题</h3><h4>四级</h4>
    <p>第一段 &amp; &lt;引号&gt; &#x4E2D;&#22269;</p>
    <p>第二段<br>换行<br><br>空一行</p>
    <ul><li>甲</li><li>乙</li></ul>
    <div>块一</div><div>块二</div>
    <table><tr><td>单位</td><td>人数</td></tr><tr><td>余杭区总工会</td><td>50</td></tr></table>
    <p>&nbsp;&nbsp;缩进的段落</p><pre>保留   空格
第二行</pre></body></html>"""
    page = read_page(write(tmp_path, "p.html", html))
    assert page.text == (
        "# 产改 新征程\n\n## 副题\n\n### 小标题\n\n### 四级\n\n"
        "第一段 & <引号> 中国\n\n"
        "第二段\n换行\n\n空一行\n\n"
        "甲\n乙\n\n"
        "块一\n块二\n\n"
        "单位\u3000人数\n余杭区总工会\u300050\n\n"
        "  缩进的段落\n\n"
        "保留   空格\n第二行"
    )
    for dropped in ("页面标题", "color", "脚本", "注释", "模板"):
        assert dropped not in page.text


def test_html_character_references_to_control_characters(tmp_path):
    page = read_page(write(tmp_path, "p.html", "<p>甲&#7;乙&#13;丙</p><table><tr><td>a&#31;</td><td>b</td></tr></table>"))
    assert page.text == "甲 乙 丙\n\na\u3000b"


def test_html_charset_from_meta(tmp_path):
    html = '<html><head><meta charset="gbk"></head><body><p>职工之家</p></body></html>'
    assert read_page(write(tmp_path, "p.htm", html.encode("gbk"))).text == "职工之家"


def test_html_wrong_meta_charset_does_not_garble(tmp_path):
    text = "职工之家建设稳步推进，余杭区总工会开展技能竞赛。"
    for declared in ("iso-8859-1", "utf-8"):
        html = f'<html><head><meta charset="{declared}"></head><body><p>{text}</p></body></html>'
        assert read_page(write(tmp_path, "p.html", html.encode("gb18030"))).text == text


def test_html_xml_declaration_and_empty_body(tmp_path):
    xhtml = '<?xml version="1.0" encoding="utf-8"?><html><body><p>正文</p></body></html>'
    assert read_page(write(tmp_path, "x.html", xhtml)).text == "正文"
    with pytest.raises(IngestError, match="没有正文文字"):
        read_page(write(tmp_path, "e.html", "<html><head><title>t</title></head><body> </body></html>"))


# --- e-paper furniture --------------------------------------------------------------------------

def _furniture(page):
    return [page.text[s:e] for s, e in page.furniture]


def test_epaper_text_page():
    page = read_page(FIXTURES / "epaper_page.txt")
    assert _furniture(page) == [
        "浙江工人日报 数字报纸",
        "00002版:工会",
        "浙江工人日报 工会 00002 余杭区总工会开展职工技能竞赛 2018-08-02 2 2018年08月02日 星期四",
    ]
    assert page.issue_date == date(2018, 8, 2)
    assert page.page_name == "工会"
    assert page.warnings == ()
    assert page.text == (FIXTURES / "epaper_page.txt").read_text(encoding="utf-8")


def test_epaper_html_page():
    page = read_page(FIXTURES / "epaper_page.html")  # GB18030 bytes, meta charset gb2312
    assert _furniture(page) == [
        "浙江工人日报 数字报纸",
        "第00002版：工会",
        "浙江工人日报\u3000工会\u300000002\u3000余杭区总工会开展职工技能竞赛\u30002018-08-02"
        "\u30002\u30002018年08月02日",
    ]
    assert page.issue_date == date(2018, 8, 2)
    assert page.page_name == "工会"
    assert "# 余杭区总工会开展职工技能竞赛\n\n## 50余名一线职工同台比武" in page.text
    assert "    本报讯 记者吴晓静报道" in page.text
    assert "理论考试&实操比武" in page.text
    for dropped in ("脚本", "注释", "请启用脚本", "color"):
        assert dropped not in page.text


@pytest.mark.parametrize(
    "header, page_line, footer, name, when",
    [
        ("浙江工人日报数字报纸", "第00002版：工会", "浙江工人日报 工会 00002 标题 2018-08-02", "工会", date(2018, 8, 2)),
        ("浙江工人日报 数字报", "  00003版 : 要闻", "浙江工人日报 要闻 3 标题 2019年3月5日 星期二", "要闻", date(2019, 3, 5)),
        ("工人日报 电子版", "第5版", "工人日报 2020年01月09日", None, date(2020, 1, 9)),
        ("某某职工报 数字报纸", "第2版:工会新闻 上一版 下一版", "没有页脚", "工会新闻", None),
    ],
)
def test_epaper_patterns_are_tolerant(header, page_line, footer, name, when):
    text = f"\n{header}\n{page_line}\n标题\n    {BODY}\n{footer}\n"
    found = epaper.detect(text)
    lines = [text[s:e] for s, e in found.spans]
    assert lines[:2] == [header.strip(), page_line.strip()]
    assert (footer in lines) == (when is not None)
    assert found.page_name == name
    assert found.issue_date == when


def test_date_line_counts_only_under_an_epaper_header():
    dated = "浙江工人日报 数字报纸\n2019年03月05日 星期二\n标题\n" + BODY
    found = epaper.detect(dated)
    assert [dated[s:e] for s, e in found.spans] == ["浙江工人日报 数字报纸", "2019年03月05日 星期二"]
    assert found.issue_date == date(2019, 3, 5)
    plain = "2019年03月05日\n标题\n" + BODY
    assert epaper.detect(plain) == epaper.Furniture()


def test_user_schemas_folder_may_bring_its_own_epaper_yaml(tmp_path):
    builtin = (ROOT / "schemas" / "epaper.yaml").read_text(encoding="utf-8")
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "epaper.yaml").write_text(
        builtin.replace("  - 浙江工人日报\n", "  - 浙江工人日报\n  - 宁波工会通讯\n"), encoding="utf-8"
    )
    # a name no built-in pattern knows (an unlisted 某某工人报 with its date is read anyway)
    page = write(tmp_path, "p.txt", "宁波工会通讯 数字报纸\n标题\n" + BODY + "宁波工会通讯 2021年05月06日\n")
    assert read_page(page).issue_date is None
    assert read_page(page, schemas_dir=tmp_path / "schemas").issue_date == date(2021, 5, 6)
    assert read_page(page, schemas_dir=tmp_path).issue_date is None  # no epaper.yaml there


def test_ordinary_pages_have_no_furniture():
    for sample in SAMPLES.glob("*.txt"):
        found = epaper.detect(sample.read_text(encoding="utf-8"))
        assert found.spans == () and found.page_name is None and found.issue_date is None


def test_epaper_schema_is_validated(tmp_path):
    builtin = (ROOT / "schemas" / "epaper.yaml").read_text(encoding="utf-8")
    (tmp_path / "epaper.yaml").write_text(
        (builtin + "\nunknown_key: 1\n").replace(
            "  - '^第?\\s*[A-Za-z]", "  - '^第?(\\s*[A-Za-z]", 1
        ),
        encoding="utf-8",
    )
    with pytest.raises(UserError) as info:
        epaper.load_rules(str(tmp_path))
    message = str(info.value)
    assert "epaper.yaml" in message
    assert "page_line" in message and "正则表达式无效" in message
    assert "unknown_key" in message and "不认识的键" in message


# --- issue dates --------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "name, expected",
    [
        ("浙江工人日报_2025-06-12_工会版.txt", date(2025, 6, 12)),
        ("zjgrb_2025_06_12.txt", date(2025, 6, 12)),
        ("20250612.txt", date(2025, 6, 12)),
        ("page-20250612-2.html", date(2025, 6, 12)),
        ("工会版2025年6月12日.docx", date(2025, 6, 12)),
        ("000_3e315015b28abd6d.txt", None),
        ("a20250612b.txt", None),  # inside an id, not a date
        ("report_20251340.txt", None),  # not a real day
        ("2025-06.txt", None),
    ],
)
def test_date_in_file_name(name, expected):
    assert dates.date_in_filename(name) == expected


def test_issue_date_precedence(tmp_path):
    text = (FIXTURES / "epaper_page.txt").read_text(encoding="utf-8")  # footer: 2018-08-02
    path = write(tmp_path, "zjgrb_2018-08-03.txt", text)
    manifest = Manifest.model_validate({"pages": {path.name: {"issue_date": "2018-08-04"}}})

    cli = read_page(path, issue_date=date(2018, 8, 5), manifest=manifest)
    assert cli.issue_date == date(2018, 8, 5)
    assert any("2018-08-02" in w and "命令行" in w for w in cli.warnings)
    assert read_page(path, manifest=manifest).issue_date == date(2018, 8, 4)
    assert read_page(path).issue_date == date(2018, 8, 3)
    footer_only = write(tmp_path, "page.txt", text)
    assert read_page(footer_only).issue_date == date(2018, 8, 2)


def test_manifest_period_keeps_consistent_dates_and_refuses_others(tmp_path):
    body = "产改新征程\n\n" + BODY
    inside = write(tmp_path, "2023-06-12.txt", body)
    outside = write(tmp_path, "2024-01-01.txt", body)
    plain = write(tmp_path, "plain.txt", body)
    manifest = Manifest.model_validate({"pages": {
        p.name: {"issue_period": "2023-06"} for p in (inside, outside, plain)
    }})
    assert read_page(inside, manifest=manifest).issue_date == date(2023, 6, 12)
    page = read_page(outside, manifest=manifest)
    assert (page.issue_date, page.issue_period) == (None, "2023-06")
    assert any("2024-01-01" in w and "不一致" in w for w in page.warnings)
    page = read_page(plain, manifest=manifest)
    assert (page.issue_date, page.issue_period, page.warnings) == (None, "2023-06", ())


def test_no_date_is_never_invented(tmp_path):
    page = read_page(write(tmp_path, "000_x.txt", "产改新征程\n\n" + BODY))
    assert page.issue_date is None and page.issue_period is None
    assert page.warnings == ("000_x.txt：未能确定出版日期",)


# --- manifest -----------------------------------------------------------------------------------

def test_samples_manifest_is_next_to_every_sample_and_quotes_it():
    manifest = find_manifest(SAMPLES / "000_3e315015b28abd6d.txt")
    assert manifest is not None
    names = {p.name for p in SAMPLES.glob("*.txt")}
    assert set(manifest.pages) == names
    expected = {"000": "2025", "001": "2025", "002": "2024", "003": "2024", "004": "2023-06"}
    for name, entry in manifest.pages.items():
        assert entry.issue_date is None
        assert entry.issue_period == expected[name[:3]]
        text = (SAMPLES / name).read_text(encoding="utf-8")
        quotes = re.findall("「(.*?)」", entry.note or "")
        assert quotes, name
        for quote in quotes:
            assert quote in text, (name, quote)
        page = read_page(SAMPLES / name)
        assert (page.issue_date, page.issue_period, page.warnings) == (None, expected[name[:3]], ())


def test_2023_june_fits_the_weekdays_of_page_004():
    assert date(2023, 6, 19).weekday() == 0 and date(2023, 6, 20).weekday() == 1
    assert date(2023, 6, 17).weekday() == 5


def test_manifest_entry_by_relative_path_and_page_name(tmp_path):
    page_path = write(tmp_path, "sub/page.txt", "产改新征程\n\n" + BODY)
    (tmp_path / "manifest.yaml").write_text(
        "pages:\n  sub/page.txt:\n    issue_period: 2025\n    page_name: 工会\n", encoding="utf-8"
    )
    manifest = load_manifest(tmp_path / "manifest.yaml")
    assert manifest.entry_for(page_path) == ManifestEntry(issue_period="2025", page_name="工会")
    page = read_page(page_path, manifest=manifest)
    assert (page.issue_period, page.page_name) == ("2025", "工会")
    assert find_manifest(page_path) is None  # only the page's own folder is searched


@pytest.mark.parametrize(
    "content, keys",
    [
        ("pages:\n  a.txt:\n    issue_dat: 2025-06-12\n", ["pages.a.txt.issue_dat", "不认识的键"]),
        ("pages:\n  a.txt:\n    issue_period: 2025-13\n", ["pages.a.txt.issue_period", "2025 或 2023-06"]),
        ("pages:\n  a.txt:\n    issue_date: 12/06/2025\n", ["pages.a.txt.issue_date", "YYYY-MM-DD"]),
        ("pages:\n  a.txt:\n    issue_date: 2025-06-12\n    issue_period: '2024'\n", ["pages.a.txt", "不在"]),
        ("pages: [a.txt]\n", ["pages", "映射"]),
        ("page:\n  a.txt: {}\n", ["page", "不认识的键"]),
        ("pages:\n  a.txt: {issue_date: [\n", ["YAML 语法错误"]),
    ],
)
def test_manifest_errors_name_file_and_key(tmp_path, content, keys):
    path = tmp_path / "manifest.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ManifestError) as info:
        load_manifest(path)
    assert isinstance(info.value, UserError)
    assert str(path) in str(info.value)
    for key in keys:
        assert key in str(info.value)


def test_manifest_reports_all_errors_at_once(tmp_path):
    path = tmp_path / "manifest.yaml"
    path.write_text("pages:\n  a.txt: {issue_period: x}\n  b.txt: {colour: red}\n", encoding="utf-8")
    with pytest.raises(ManifestError) as info:
        load_manifest(path)
    assert "pages.a.txt.issue_period" in str(info.value)
    assert "pages.b.txt.colour" in str(info.value)


def test_empty_and_missing_manifest(tmp_path):
    (tmp_path / "manifest.yaml").write_text("", encoding="utf-8")
    assert load_manifest(tmp_path / "manifest.yaml").pages == {}
    with pytest.raises(UserError, match="文件不存在"):
        load_manifest(tmp_path / "nope.yaml")


def test_invalid_manifest_next_to_a_page_is_a_user_error(tmp_path):
    page = write(tmp_path, "p.txt", BODY)
    (tmp_path / "manifest.yaml").write_text("pages: 3\n", encoding="utf-8")
    with pytest.raises(UserError, match="manifest.yaml"):
        read_page(page)


# --- input files ----------------------------------------------------------------------------------

def test_iter_input_files(tmp_path):
    for name in ["b.txt", "a.md", "sub/c.docx", "sub/d.pdf", "sub/e.HTML", "z.htm",
                 ".hidden.txt", ".git/f.txt", "~$lock.docx", "manifest.yaml", "notes.csv", "g.doc"]:
        write(tmp_path, name, "x")
    single = write(tmp_path / "elsewhere", "one.xyz", "x")
    found = iter_input_files([tmp_path, single, tmp_path / "b.txt"])
    # the folder's supported files sorted, then the explicit file; b.txt only once
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "a.md", "b.txt", "sub/c.docx", "sub/d.pdf", "sub/e.HTML", "z.htm", "elsewhere/one.xyz",
    ]
    with pytest.raises(IngestError, match="找不到文件或文件夹"):
        iter_input_files([tmp_path / "missing"])


def test_iter_input_files_order_and_explicit_file(tmp_path):
    folder = tmp_path / "pages"
    for name in ["2.txt", "10.txt", "1.txt"]:
        write(folder, name, "x")
    other = write(tmp_path, "other.rtf", "x")
    found = iter_input_files([other, folder])
    assert [p.name for p in found] == ["other.rtf", "1.txt", "10.txt", "2.txt"]


# --- bad input ------------------------------------------------------------------------------------

def test_missing_file(tmp_path):
    with pytest.raises(IngestError, match="找不到文件") as info:
        read_page(tmp_path / "nope.txt")
    assert "nope.txt" in str(info.value) and info.value.source.endswith("nope.txt")


def test_directory_is_not_a_page(tmp_path):
    (tmp_path / "folder.txt").mkdir()
    with pytest.raises(IngestError, match="文件夹"):
        read_page(tmp_path / "folder.txt")


@pytest.mark.parametrize("suffix", [".txt", ".md", ".docx", ".pdf", ".html"])
def test_empty_file(tmp_path, suffix):
    with pytest.raises(IngestError, match="文件为空") as info:
        read_page(write(tmp_path, f"empty{suffix}", b""))
    assert f"empty{suffix}" in str(info.value)


def test_blank_text_file(tmp_path):
    with pytest.raises(IngestError, match="文件为空"):
        read_page(write(tmp_path, "blank.txt", codecs.BOM_UTF8 + b" \r\n\t\n"))


@pytest.mark.parametrize(
    "data, hint",
    [
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "PNG 图片"),
        (b"%PDF-1.4\n\0\0binary", "PDF 文件"),
        (b"ELF\0\0\x01\x02\x03", "二进制数据"),
        (bytes(range(128, 256)) * 4, "不是文本文件"),
    ],
)
def test_binary_file_is_not_text(tmp_path, data, hint):
    with pytest.raises(IngestError, match="不是文本文件") as info:
        read_page(write(tmp_path, "bin.txt", data))
    assert hint in str(info.value) and "bin.txt" in str(info.value)


def test_too_large_file(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as fh:
        fh.truncate(limits.TEXT_MAX_BYTES + 1)  # sparse: the size is refused before reading
    with pytest.raises(IngestError, match="文件过大") as info:
        read_page(path)
    assert "huge.txt" in str(info.value) and "20 MB" in str(info.value)


@pytest.mark.parametrize("name, hint", [("a.doc", "另存为 .docx"), ("a.xyz", "支持"), ("noext", "没有扩展名")])
def test_unsupported_suffix(tmp_path, name, hint):
    with pytest.raises(IngestError, match="不支持的文件类型") as info:
        read_page(write(tmp_path, name, "x"))
    assert hint in str(info.value) and name in str(info.value)
