"""fill's sum(): counts add up by default; standing totals once per union; rates never."""
from __future__ import annotations

from datetime import date

import pytest

from compiler.aggregate.briefings import build_briefings
from compiler.knowledge.config import Config
from compiler.fill.context import build_context
from compiler.fill.records import TemplateDataError
from compiler.model.document import Page
from compiler.aggregate.periods import PeriodSpec
from compiler.parse.pipeline import parse_page

# Our own two reports of one union: the running total is reported twice and must be taken once.
FIRST = ("驿站建设\n\n本报讯 记者张三报道 近日，嘉善县总工会为80名环卫工人送上防暑用品。"
         "截至目前，嘉善县总工会累计建成爱心驿站40家。\n")
SECOND = ("驿站再扩容\n\n本报讯 记者李四报道 近日，嘉善县总工会举办驿站开放日，120名职工参加活动。"
          "截至目前，嘉善县总工会累计建成爱心驿站46家，每家驿站配备价值约3000元的设施。\n")


@pytest.fixture(scope="module")
def ctx(knowledge):
    docs = []
    for text, day in ((FIRST, date(2025, 6, 5)), (SECOND, date(2025, 6, 25))):
        d = parse_page(Page(source=f"{day}.txt", text=text), knowledge)
        docs.append(d.model_copy(update={"issue_date": day}))
    [b] = build_briefings(docs, knowledge.schemas, knowledge.gazetteer, Config(),
                          PeriodSpec.parse("2025-06"), {"province"})
    return build_context(b, docs, knowledge.schemas)


def test_sum_adds_counts_by_default(ctx):
    assert ctx["sum"]("participants") == 120
    assert ctx["sum"]("beneficiaries") == 80
    assert ctx["sum"]("facilities", measure="家") == 0  # running totals are not counts
    assert ctx["sum"]("参与人数", role="当期数") == 120


def test_sum_takes_a_union_standing_total_once_the_latest(ctx):
    assert ctx["sum"]("facilities", measure="家", role="total") == 46
    assert ctx["sum"]("facilities", measure="家", role="累计") == 46


def test_rates_and_parts_are_never_added(ctx):
    for role in ("rate", "part", "人均"):
        with pytest.raises(TemplateDataError, match="不能相加"):
            ctx["sum"]("money", role=role)


def test_figures_say_how_they_may_be_used(ctx):
    figs = {f.text: f for it in ctx["items"] for f in it.figures}
    assert (figs["46家"].role, figs["46家"].summed) == ("total", False)
    assert (figs["120名"].role, figs["120名"].summed) == ("count", True)
    assert figs["约3000元"].role == "rate" and "3000元" in figs["约3000元"].sentence
