"""The corrections file: stable keys, applying entries, warnings, atomic merged writes."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest
import yaml

from compiler.errors import UserError
from compiler.model.document import Page
from compiler.parse.pipeline import parse_page
from compiler.review import apply_corrections, article_key, discover, load
from compiler.review.corrections import Corrections, figure_key
from compiler.review.store import EditError, Store
from compiler.review.vocab import Vocab

FIXTURES = Path(__file__).parent / "fixtures" / "review"


@pytest.fixture
def pages(tmp_path: Path) -> Path:
    folder = tmp_path / "pages"
    folder.mkdir()
    for name in ("dongyang.txt", "deqing.txt"):
        (folder / name).write_text((FIXTURES / name).read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def _docs(folder: Path, knowledge, source_prefix: str = ""):
    return [parse_page(Page(source=f"{source_prefix}{f.as_posix()}", text=f.read_text(encoding="utf-8")),
                       knowledge) for f in sorted(folder.glob("*.txt"))]


@pytest.fixture
def store(pages: Path, knowledge) -> Store:
    return Store(pages / "corrections.yaml", "张三", Vocab.of(knowledge))


def _article(docs, title_part: str):
    return next((d, a) for d in docs for a in d.articles if title_part in a.title)


def test_key_ignores_path_and_other_files(pages, knowledge, tmp_path):
    first = {a.title: article_key(a) for d in _docs(pages, knowledge) for a in d.articles}
    (pages / "another.txt").write_text("另一篇\n\n本报讯 近日，某某县总工会开展活动。\n", encoding="utf-8")
    moved = tmp_path / "moved"
    pages.rename(moved)
    again = {a.title: article_key(a) for d in _docs(moved, knowledge, "./") for a in d.articles}
    assert all(again[t] == k for t, k in first.items())
    assert len(set(first.values())) == len(first)


def test_discover_beside_inputs(pages):
    assert discover([pages], None) == pages / "corrections.yaml"
    assert discover([pages / "deqing.txt"], None) == pages / "corrections.yaml"
    assert discover([pages], Path("x/my.yaml")) == Path("x/my.yaml")


def test_edits_applied_and_marked(pages, knowledge, store):
    docs = _docs(pages, knowledge)
    doc, a = _article(docs, "技能比武")
    key = article_key(a)
    fig = a.figures[1]
    store.edit(key, a, doc.source, "lead_union",
               {"name": "金华市总工会", "level": "city", "province": "浙江省", "city": "金华市"})
    store.edit(key, a, doc.source, "figure", {"role": "part", "metric": "teams"},
               figure=figure_key(fig.span))
    store.edit(key, a, doc.source, "figure", None, figure=figure_key(a.figures[0].span))
    store.edit(key, a, doc.source, "categories", ["new_forms", "competition"])
    store.edit(key, a, doc.source, "status", "reviewed")
    applied = apply_corrections(docs, load(store.path), store.path)
    assert applied.warnings == []
    assert (applied.total, applied.reviewed, applied.dropped) == (2, 1, 0)
    assert applied.line == "已核对 1/2 篇"
    new = next(x for d in applied.documents for x in d.articles if x.id == a.id)
    assert new.unions[0].name == "金华市总工会" and new.unions[0].corrected
    assert new.unions[0].level == "city" and new.unions[0].county is None
    assert [u.role for u in new.unions[1:]] == ["partner"] * (len(new.unions) - 1)
    assert new.categories == ["new_forms", "competition"]
    assert new.reviewed and new.corrected
    assert [f.text for f in new.figures] == [f.text for f in a.figures[1:]]  # the first dropped
    assert new.figures[0].role == "part" and new.figures[0].metric == "teams"
    assert new.figures[0].corrected and fig.role != "part" and fig.metric != "teams"
    assert not new.figures[1].corrected
    dumped = new.model_dump_json()
    assert '"corrected":true' in dumped and '"reviewed":true' in dumped
    other = next(x for d in applied.documents for x in d.articles if x.id != a.id)
    assert '"corrected"' not in other.model_dump_json()  # untouched articles: JSON as before


def test_file_keeps_original_who_and_when(pages, knowledge, store):
    doc, a = _article(_docs(pages, knowledge), "书屋")
    store.edit(article_key(a), a, doc.source, "title", "园区新添职工书屋")
    raw = yaml.safe_load(store.path.read_text(encoding="utf-8"))
    entry = raw["articles"][article_key(a)]
    assert entry["file"] == "deqing.txt" and entry["title"] == a.title
    change = entry["changes"]["title"]
    assert change["original"] == a.title and change["corrected"] == "园区新添职工书屋"
    assert change["by"] == "张三" and change["at"]
    # back to the extracted value: the entry goes away
    store.edit(article_key(a), a, doc.source, "title", a.title)
    assert load(store.path).articles == {}


def test_dropped_article_leaves_the_documents(pages, knowledge, store):
    docs = _docs(pages, knowledge)
    doc, a = _article(docs, "书屋")
    store.edit(article_key(a), a, doc.source, "status", "dropped")
    applied = apply_corrections(docs, load(store.path), store.path)
    assert all(x.id != a.id for d in applied.documents for x in d.articles)
    assert (applied.reviewed, applied.dropped, applied.total) == (1, 1, 2)


def test_changed_article_is_a_warning_never_applied_elsewhere(pages, knowledge, store):
    docs = _docs(pages, knowledge)
    doc, a = _article(docs, "书屋")
    every = {x_cat for d in docs for x in d.articles for x_cat in x.categories}
    other = next(c.id for c in knowledge.schemas.categories.categories if c.id not in every)
    store.edit(article_key(a), a, doc.source, "categories", [other])
    page = pages / "deqing.txt"
    page.write_text(page.read_text(encoding="utf-8").replace("5家", "6家"), encoding="utf-8")
    applied = apply_corrections(_docs(pages, knowledge), load(store.path), store.path)
    assert len(applied.warnings) == 1
    w = applied.warnings[0]
    assert "deqing.txt" in w and a.title in w and "已改动" in w
    assert all(not x.corrected and other not in x.categories
               for d in applied.documents for x in d.articles)
    page.unlink()
    applied = apply_corrections(_docs(pages, knowledge), load(store.path), store.path)
    assert "文件已不存在" in applied.warnings[0]


def test_vocabulary_enforced(pages, knowledge, store):
    doc, a = _article(_docs(pages, knowledge), "书屋")
    key = article_key(a)
    with pytest.raises(EditError, match="未知的类别"):
        store.edit(key, a, doc.source, "categories", ["no_such_category"])
    with pytest.raises(EditError):
        store.edit(key, a, doc.source, "figure", {"role": "sum"}, figure=figure_key(a.figures[0].span))
    with pytest.raises(EditError, match="未知的指标"):
        store.edit(key, a, doc.source, "figure", {"metric": "nope"}, figure=figure_key(a.figures[0].span))
    with pytest.raises(EditError):
        store.edit(key, a, doc.source, "lead_union", {"name": "某某工会", "level": "galaxy"})
    with pytest.raises(EditError, match="没有"):
        store.edit(key, a, doc.source, "lead_union",
                   {"name": "某某工会", "province": "浙江省", "city": "金华市", "county": "德清县"})
    assert not store.path.exists()


def test_concurrent_edits_from_two_tabs_both_kept(pages, knowledge, store):
    docs = _docs(pages, knowledge)
    targets = [(d, a) for d in docs for a in d.articles]
    errors: list[Exception] = []

    def tab(n: int) -> None:
        try:
            for i in range(8):
                d, a = targets[(n + i) % len(targets)]
                field = "title" if n == 0 else "summary"
                store.edit(article_key(a), a, d.source, field, f"第{n}个标签页第{i}次修改的文字")
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=tab, args=(n,)) for n in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    entries = load(store.path).articles
    for d, a in targets:  # each article got both tabs' last edits
        changes = entries[article_key(a)].changes
        assert changes.title and changes.summary


def test_hand_edit_between_saves_is_kept(pages, knowledge, store):
    docs = _docs(pages, knowledge)
    (d1, a1), (d2, a2) = [(d, a) for d in docs for a in d.articles]
    store.edit(article_key(a1), a1, d1.source, "status", "reviewed")
    raw = yaml.safe_load(store.path.read_text(encoding="utf-8"))
    raw["articles"][article_key(a1)]["status"] = "dropped"  # someone edits the file meanwhile
    store.path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    store.edit(article_key(a2), a2, d2.source, "status", "reviewed")
    entries = load(store.path).articles
    assert entries[article_key(a1)].status == "dropped"
    assert entries[article_key(a2)].status == "reviewed"
    assert [p.name for p in store.path.parent.iterdir() if p.name.startswith(".")] == []


def test_bad_file_named_in_error(tmp_path):
    bad = tmp_path / "corrections.yaml"
    bad.write_text("articles:\n  abc: [unclosed\n", encoding="utf-8")
    with pytest.raises(UserError, match="corrections.yaml.*第 \\d+ 行"):
        load(bad)
    bad.write_text("articles:\n  abc:\n    file: a.txt\n    title: t\n    colour: red\n",
                   encoding="utf-8")
    with pytest.raises(UserError, match="articles.abc.colour"):
        load(bad)
    assert load(tmp_path / "absent.yaml") == Corrections()
    with pytest.raises(UserError, match="找不到"):
        load(tmp_path / "absent.yaml", required=True)


def test_no_lead_union(pages, knowledge, store):
    docs = _docs(pages, knowledge)
    doc, a = _article(docs, "书屋")
    store.edit(article_key(a), a, doc.source, "lead_union", "none")
    entry = load(store.path).articles[article_key(a)]
    assert entry.changes.lead_union.corrected is None
    assert entry.changes.lead_union.original.name == a.unions[0].name
    applied = apply_corrections(docs, load(store.path), store.path)
    new = next(x for d in applied.documents for x in d.articles if x.id == a.id)
    assert new.unions == [] and new.corrected
