"""One review session: the parsed articles as extracted, their pages' text and the corrections."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from compiler.errors import UserError
from compiler.ingest import find_manifest, read_page
from compiler.knowledge.config import Config
from compiler.knowledge.load import Knowledge
from compiler.model.document import Article, Document
from compiler.review.apply import apply_entry
from compiler.review.corrections import Entry, article_key, figure_key
from compiler.review.preview import preview
from compiler.review.store import Store

_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]*[”’」』）)]*")


@dataclass(frozen=True)
class Item:
    key: str
    doc: Document
    article: Article  # as extracted, before any correction


class Session:
    def __init__(self, documents: list[Document], k: Knowledge, config: Config, store: Store,
                 issue_date=None, schemas_dir: Path | None = None) -> None:
        self.k, self.config, self.store = k, config, store
        self.vocab = store.vocab
        self.issue_date, self.schemas_dir = issue_date, schemas_dir
        self.items: list[Item] = []
        self.by_key: dict[str, Item] = {}
        for doc in documents:
            for a in doc.articles:
                key = article_key(a)
                if key not in self.by_key:  # the same article twice: one review serves both
                    item = Item(key, doc, a)
                    self.items.append(item)
                    self.by_key[key] = item
        self._pages: dict[str, str] = {}

    def only(self, keys: set[str]) -> None:
        """Keep the articles of one unit or period (--unit, --period)."""
        self.items = [it for it in self.items if it.key in keys]
        self.by_key = {it.key: it for it in self.items}

    def item(self, key: str) -> Item:
        found = self.by_key.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def page_text(self, item: Item) -> str:
        """The page as read, for the source pane: the spans of every fact index it."""
        source = item.doc.source
        if source not in self._pages:
            path = Path(source)
            try:
                page = read_page(path, issue_date=self.issue_date, manifest=find_manifest(path),
                                 schemas_dir=self.schemas_dir)
                self._pages[source] = page.text
            except UserError:  # changed since it was parsed: the article's own text stands in
                self._pages[source] = ""
        return self._pages[source]

    # -- what the page shows ---------------------------------------------------------------
    def current(self, item: Item, entry: Entry | None) -> Article | None:
        if entry is None:
            return item.article
        return apply_entry(item.article, entry)[0]

    def summary_row(self, item: Item, entry: Entry | None) -> dict[str, Any]:
        a = self.current(item, entry) or item.article
        lead = a.unions[0] if a.unions else None
        region = "".join(x for x in (lead.city, lead.county) if x) if lead else ""
        return {
            "key": item.key, "title": a.title, "file": Path(item.doc.source).name,
            "kind": a.kind, "union": lead.name if lead else "",
            "level": lead.level if lead else None,
            "region": region or (lead.province if lead and lead.province else "") or "",
            "category": a.categories[0] if a.categories else None,
            "status": entry.status if entry else "open",
            "changed": bool(entry and not entry.changes.empty()),
        }

    def rows(self) -> list[dict[str, Any]]:
        entries = self.store.read().articles
        return [self.summary_row(it, entries.get(it.key)) for it in self.items]

    def detail(self, key: str) -> dict[str, Any]:
        item = self.item(key)
        entry = self.store.read().articles.get(key)
        a = item.article
        now = self.current(item, entry)
        shown = now or a
        raw = self.page_text(item)
        spans = [a.span, *(u.span for u in a.unions), *(f.span for f in a.figures),
                 *(c.span for c in a.category_cues), *a.headline_spans]
        start: int | None  # None once there is no page text to place the marks in
        start, end = min(s for s, _ in spans), max(e for _, e in spans)
        if raw and end <= len(raw):
            text = raw[start:end]
        else:  # no page text to show: the article's text, without positions
            text, start = a.text, None
        marks = self._marks(a, shown, start, text) if start is not None else []
        changes = entry.changes if entry else None
        figs = {figure_key(f.span): f for f in shown.figures}
        return {
            "key": key, "file": Path(item.doc.source).name, "page_name": item.doc.page_name,
            "issue_date": item.doc.issue_date.isoformat() if item.doc.issue_date else None,
            "status": entry.status if entry else "open", "by": entry.by if entry else "",
            "at": entry.at if entry else "", "text": text, "marks": marks,
            "kind": shown.kind, "title": shown.title, "kicker": a.kicker, "subtitle": a.subtitle,
            "lead": _union(shown.unions[0]) if shown.unions else None,
            "partners": [u.name for u in shown.unions[1:]],
            "categories": list(shown.categories),
            "figures": [self._figure(f, figs.get(figure_key(f.span)), changes) for f in a.figures],
            "summary": shown.summary,
            "sentences": [s.strip() for s in _SENTENCE.findall(a.text) if len(s.strip()) > 4],
            "changed": sorted(k for k in ("kind", "title", "lead_union", "categories", "summary")
                              if changes and getattr(changes, k)),
            "original": {"kind": a.kind, "title": a.title, "summary": a.summary,
                         "lead": _union(a.unions[0]) if a.unions else None,
                         "categories": list(a.categories)},
            "preview": preview(item.doc, now, self.k, self.config) if now else None,
        }

    @staticmethod
    def _figure(orig, now, changes) -> dict[str, Any]:
        key = figure_key(orig.span)
        f = now or orig
        return {"key": key, "text": orig.text, "value": f.value, "unit": f.unit,
                "qualifier": f.qualifier, "status": f.status, "metric": f.metric, "role": f.role,
                "dropped": now is None,
                "changed": bool(changes and key in changes.figures)}

    @staticmethod
    def _marks(a: Article, shown: Article, start: int, text: str) -> list[dict[str, Any]]:
        """Highlights in the shown text: figures coloured by their (corrected) role, the lead and
        partner unions, category cue words."""
        marks: list[dict[str, Any]] = []
        lead = shown.unions[0].name if shown.unions else None
        for u in a.unions:
            marks.append({"start": u.span[0] - start, "end": u.span[1] - start,
                          "type": "lead" if u.name == lead else "partner", "label": u.name})
        if lead and lead not in {u.name for u in a.unions}:  # a lead the extractor missed
            for m in re.finditer(re.escape(lead), text):
                marks.append({"start": m.start(), "end": m.end(), "type": "lead", "label": lead})
        now = {figure_key(f.span): f for f in shown.figures}
        for f in a.figures:
            cur = now.get(figure_key(f.span))
            marks.append({"start": f.span[0] - start, "end": f.span[1] - start, "type": "figure",
                          "role": (cur.role or "none") if cur else "dropped",
                          "ref": figure_key(f.span), "label": f.text})
        for c in a.category_cues:
            marks.append({"start": c.span[0] - start, "end": c.span[1] - start, "type": "cue",
                          "category": c.category, "label": c.cue})
        for s, e in a.headline_spans:
            marks.append({"start": s - start, "end": e - start, "type": "head", "label": ""})
        return [m for m in marks if 0 <= m["start"] < m["end"] <= len(text)]


def _union(u) -> dict[str, Any]:
    return {"name": u.name, "level": u.level, "province": u.province, "city": u.city,
            "county": u.county}
