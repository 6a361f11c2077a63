"""Edits from the review page merged into the corrections file one field at a time, under a lock."""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from compiler.errors import UserError
from compiler.model.document import Article, Figure
from compiler.review.corrections import (
    Corrections,
    Entry,
    FigureValue,
    UnionValue,
    figure_key,
    load,
    now,
    relative_file,
    save,
)
from compiler.review.vocab import Vocab

TEXT_FIELDS = ("kind", "title", "summary")
FIELDS = (*TEXT_FIELDS, "lead_union", "categories")


class EditError(UserError):
    """An edit the page sent that cannot be kept (unknown field, value out of the vocabulary)."""


def _union_value(a: Article) -> dict[str, Any] | None:
    if not a.unions:
        return None
    u = a.unions[0]
    return UnionValue(name=u.name, level=u.level, province=u.province, city=u.city,
                      county=u.county).model_dump()


def _figure_value(f: Figure) -> dict[str, Any]:
    return FigureValue(value=f.value, unit=f.unit, qualifier=f.qualifier, status=f.status,
                       metric=f.metric, role=f.role).model_dump()


def _original(a: Article, field: str) -> Any:
    if field == "lead_union":
        return _union_value(a)
    if field == "categories":
        return list(a.categories)
    return getattr(a, field)


class Store:
    """The corrections file of one review session.

    Every edit re-reads the file, changes one field of one article's entry and writes the whole
    file atomically, under a lock: two tabs editing at once (or a person editing the file by
    hand meanwhile) never lose each other's changes, only the same field's last value wins.
    """

    def __init__(self, path: Path, reviewer: str, vocab: Vocab) -> None:
        self.path = Path(path)
        self.reviewer = reviewer
        self.vocab = vocab
        self._lock = threading.Lock()

    def read(self) -> Corrections:
        return load(self.path)

    def edit(self, key: str, a: Article, source: str, field: str, value: Any,
             figure: str | None = None) -> Entry | None:
        with self._lock:
            current = load(self.path)
            old = current.articles.get(key)
            if old is None:
                old = Entry(file=relative_file(source, self.path), title=a.title)
            data = old.model_dump(mode="json")
            stamp = {"by": self.reviewer, "at": now()}
            if field == "status":
                if value not in ("open", "reviewed", "dropped"):
                    raise EditError(f"未知的核对状态：{value}")
                data.update(status=value, **stamp)
            elif field == "figure":
                self._figure(data["changes"], a, figure, value, stamp)
            elif field in FIELDS:
                self._field(data["changes"], a, field, value, stamp)
            else:
                raise EditError(f"未知的修改项：{field}")
            try:
                entry = Entry.model_validate(data)
            except ValidationError as exc:
                raise EditError("修改无效：" + "；".join(
                    f"{'.'.join(str(x) for x in e['loc'])} {e['msg']}" for e in exc.errors())
                ) from None
            articles = dict(current.articles)
            if entry.status == "open" and entry.changes.empty():
                articles.pop(key, None)  # back to what was extracted: nothing to keep
                result = None
            else:
                articles[key] = result = entry
            save(self.path, current.model_copy(update={"articles": articles}))
            return result

    def _field(self, changes: dict, a: Article, field: str, value: Any, stamp: dict) -> None:
        original = _original(a, field)
        if value is None:  # revert
            changes[field] = None
            return
        try:
            if field == "categories":
                self.vocab.check_categories(list(value))
            elif field == "lead_union" and value == "none":
                value = None  # no union leads this article
            elif field == "lead_union":
                value = UnionValue.model_validate(value).model_dump()
                self.vocab.check_region(value["province"], value["city"], value["county"])
            elif field in ("title", "summary"):
                value = " ".join(str(value).split())
        except (ValueError, TypeError) as exc:
            raise EditError(str(exc)) from None
        changes[field] = None if value == original else {"original": original, "corrected": value,
                                                          **stamp}

    def _figure(self, changes: dict, a: Article, key: str | None, value: Any, stamp: dict) -> None:
        fig = next((f for f in a.figures if figure_key(f.span) == key), None)
        if fig is None:
            raise EditError(f"稿件中没有这个数字：{key}")
        original = _figure_value(fig)
        figures = changes.setdefault("figures", {})
        if value == "revert":
            figures.pop(key, None)
            return
        if value is not None:
            try:
                value = FigureValue.model_validate({**original, **value}).model_dump()
                self.vocab.check_metric(value["metric"])
            except (ValidationError, ValueError, TypeError) as exc:
                raise EditError(f"数字“{fig.text}”的修改无效：{exc}") from None
            if value == original:
                figures.pop(key, None)
                return
        figures[key] = {"text": fig.text, "original": original, "corrected": value, **stamp}
