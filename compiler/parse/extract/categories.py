"""Score initiative categories from cue words in headline and body; primary first."""
from __future__ import annotations

from dataclasses import dataclass

import ahocorasick

from compiler.knowledge.memo import per_object
from compiler.knowledge.schemas import CategoriesSchema
from compiler.model.document import CategoryCue
from compiler.parse.mapped import MappedText


@dataclass(slots=True)
class _Matcher:
    schema: CategoriesSchema
    automaton: ahocorasick.Automaton
    order: dict[str, int]
    factor: dict[str, float]


@per_object
def _matcher(schema: CategoriesSchema) -> _Matcher:
    auto = ahocorasick.Automaton()
    entries: dict[str, list[tuple[str, bool]]] = {}
    for cat in schema.categories:
        for cue in cat.cues:
            entries.setdefault(cue, []).append((cat.id, False))
        for cue in cat.strong_cues:
            entries.setdefault(cue, []).append((cat.id, True))
    for cue, cats in entries.items():
        auto.add_word(cue, (cue, tuple(cats)))
    auto.make_automaton()
    return _Matcher(schema, auto, {c.id: i for i, c in enumerate(schema.categories)},
                    {c.id: c.headline_factor for c in schema.categories})


def _lede_end(text: str) -> int:
    """Where the body's first sentence ends (the lede of a news story)."""
    ends = [i for i in (text.find(ch) for ch in "。！？\n") if i >= 0]
    return min(ends) if ends else len(text)


def classify(head: MappedText, body: MappedText, schema: CategoriesSchema
             ) -> tuple[list[str], list[CategoryCue]]:
    m = _matcher(schema)
    scores: dict[str, float] = {}
    head_scores: dict[str, float] = {}
    first_seen: dict[tuple[str, str], tuple[MappedText, int, int, bool]] = {}
    lede_end = _lede_end(body.text)
    lede_scores: dict[str, float] = {}
    for mt, in_head in ((head, True), (body, False)):
        # longest cue at each place, never overlapping: 技能运动会 counts, not also 运动会
        for end, (cue, cats) in m.automaton.iter_long(mt.text):
            for cat, strong in cats:
                w = schema.strong_weight if strong else 1.0
                if in_head:
                    w *= schema.headline_weight
                    head_scores[cat] = head_scores.get(cat, 0.0) + w * m.factor[cat]
                elif end < lede_end:
                    # the lede says what the story is about when the headline does not
                    lede_scores[cat] = lede_scores.get(cat, 0.0) + w * schema.lede_weight
                scores[cat] = scores.get(cat, 0.0) + w
                # the first place of each cue grounds it
                first_seen.setdefault((cat, cue), (mt, end + 1 - len(cue), end + 1, in_head))
    kept = [c for c, v in scores.items() if v >= schema.min_score]
    if not kept and scores:
        # a short item with weak cues still gets its best category rather than none
        kept = [max(scores, key=lambda c: (head_scores.get(c, 0.0),
                                           scores[c] + lede_scores.get(c, 0.0), -m.order[c]))]
    # the primary category is what the headline is about; the body decides among headline ties
    kept.sort(key=lambda c: (-head_scores.get(c, 0.0), -(scores[c] + lede_scores.get(c, 0.0)),
                             m.order[c]))
    kept = kept[: schema.max_categories]
    wanted = set(kept)
    cues = []
    for (cat, cue), (mt, s, e, in_head) in first_seen.items():
        if cat in wanted and (span := mt.raw_span(s, e)) is not None:
            cues.append(CategoryCue.model_construct(category=cat, cue=cue, span=span,
                                                  in_headline=in_head))
    return kept, cues
