"""The review stage: apply a corrections file to parsed Documents, marking what it changed."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from compiler.model.document import Article, Document, Figure, UnionRef
from compiler.review.corrections import Corrections, Entry, article_key, figure_key


@dataclass
class Applied:
    documents: list[Document]
    warnings: list[str] = field(default_factory=list)
    total: int = 0  # articles parsed, dropped ones included
    reviewed: int = 0  # of those, checked by a person (marked 已核对 or 不是稿件)
    dropped: int = 0
    changed_sources: set[str] = field(default_factory=set)  # documents that differ from the parse

    @property
    def line(self) -> str:
        """The run summary's review part: 已核对 N/M 篇."""
        extra = f"，其中 {self.dropped} 篇标为不是稿件" if self.dropped else ""
        return f"已核对 {self.reviewed}/{self.total} 篇{extra}"


def _lead(a: Article, entry: Entry) -> list[UnionRef]:
    change = entry.changes.lead_union
    if change is None:
        return a.unions
    v = change.corrected
    if v is None:
        # Every report takes unions[0] for the lead: with none, the unions named are left out,
        # and the article counts for the province only, as one without a lead union does.
        return []
    same = next((u for u in a.unions if u.name == v.name), None)
    anchor = same or (a.unions[0] if a.unions else None)
    lead = UnionRef(name=v.name, level=v.level, province=v.province, city=v.city, county=v.county,
                    role="lead", text=same.text if same else "",
                    span=anchor.span if anchor else (a.span[0], a.span[0]), corrected=True)
    # The union the extractor took for the lead stays, as a partner: it is named in the text.
    rest = [u.model_copy(update={"role": "partner"}) for u in a.unions if u.name != v.name]
    return [lead, *rest]


def _figures(a: Article, entry: Entry, where: str, warnings: list[str]) -> list[Figure]:
    changes = dict(entry.changes.figures)
    out: list[Figure] = []
    for f in a.figures:
        change = changes.pop(figure_key(f.span), None)
        if change is None:
            out.append(f)
        elif change.corrected is not None:  # None: not a statistic, left out
            out.append(f.model_copy(update={**change.corrected.model_dump(), "corrected": True}))
    for key, change in changes.items():
        warnings.append(f"{where}：数字“{change.text}”（位置 {key}）已不在稿件中，其修改未应用")
    return out


def apply_entry(a: Article, entry: Entry, where: str = "") -> tuple[Article | None, list[str]]:
    """The article as the person corrected it, or None when they marked it 不是稿件."""
    if entry.status == "dropped":
        return None, []
    warnings: list[str] = []
    c = entry.changes
    update: dict = {"reviewed": entry.status == "reviewed", "corrected": not c.empty()}
    if c.kind:
        update["kind"] = c.kind.corrected
    if c.title:
        update["title"] = c.title.corrected
    if c.lead_union:
        update["unions"] = _lead(a, entry)
    if c.categories:
        update["categories"] = list(c.categories.corrected)
        # cues of categories the person removed no longer explain anything
        kept = set(c.categories.corrected)
        update["category_cues"] = [q for q in a.category_cues if q.category in kept]
    if c.summary:
        update["summary"] = c.summary.corrected
    if c.figures:
        update["figures"] = _figures(a, entry, where, warnings)
    return a.model_copy(update=update), warnings


def _resolve(path: str, base: Path) -> Path:
    p = Path(path)
    return (p if p.is_absolute() else base / p).resolve()


def apply_corrections(documents: list[Document], corrections: Corrections,
                      path: Path) -> Applied:
    """Every entry applied to the article with its key; an entry whose article changed or
    disappeared from a page of this run is a warning and is applied to nothing."""
    result = Applied(documents=[])
    entries = corrections.articles
    used: set[str] = set()
    name = Path(path).name
    for doc in documents:
        result.total += len(doc.articles)
        if not entries:
            result.documents.append(doc)
            continue
        kept: list[Article] = []
        changed = False
        for a in doc.articles:
            key = article_key(a)
            entry = entries.get(key)
            if entry is None:
                kept.append(a)
                continue
            used.add(key)
            if entry.status != "open":
                result.reviewed += 1
            where = f"{name}：{Path(doc.source).name}“{a.title}”"
            new, warnings = apply_entry(a, entry, where)
            result.warnings += warnings
            changed = changed or new is not a
            if new is None:
                result.dropped += 1
            else:
                kept.append(new)
        if changed:
            result.changed_sources.add(doc.source)
            doc = doc.model_copy(update={"articles": kept})
        result.documents.append(doc)
    result.warnings += _orphans(documents, corrections, used, Path(path))
    return result


def _orphans(documents: list[Document], corrections: Corrections, used: set[str],
             path: Path) -> list[str]:
    base = path.resolve().parent
    sources = {Path(d.source).resolve(): d for d in documents}
    by_name: dict[str, list[Document]] = {}
    for d in documents:
        by_name.setdefault(Path(d.source).name, []).append(d)
    out = []
    for key, entry in corrections.articles.items():
        if key in used:
            continue
        page = _resolve(entry.file, base)
        # the corrections file may have moved without its pages: then the name alone tells
        named = by_name.get(Path(entry.file).name, [])
        doc = sources.get(page) or (named[0] if len(named) == 1 else None)
        where = f"{path.name}：{entry.file}“{entry.title}”（编号 {key}）"
        if doc is not None:
            titles = {a.title for a in doc.articles}
            why = "稿件内容已改动" if entry.title in titles else "稿件已不在该文件中"
            out.append(f"{where}：{why}，这条核对记录未应用")
        elif not page.exists():
            out.append(f"{where}：文件已不存在，这条核对记录未应用")
        # a page not among this run's inputs: its entry simply waits for a run that reads it
    return out
