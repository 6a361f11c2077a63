"""End to end: build the samples and check, from the statistics workbooks alone, that only
counts entered a sum and that every sum is the sum of the figures marked as entering it."""
from __future__ import annotations

import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from openpyxl import load_workbook

from compiler.render.xlsx.workbook import FIGURE_TITLES

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory) -> list[Path]:
    out = tmp_path_factory.mktemp("built")
    r = subprocess.run([sys.executable, "-m", "compiler", "build", "samples", "--out", str(out),
                        "--format", "xlsx", "--period", "all", "--no-cache", "-q", "-j", "1"],
                       cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    books = sorted(out.rglob("*.xlsx"))
    assert books
    return books


def _figures(path: Path) -> list[dict]:
    ws = load_workbook(path, data_only=True)["数据指标"]
    assert [c.value for c in ws[1]] == FIGURE_TITLES
    return [dict(zip(FIGURE_TITLES, (c.value for c in row))) for row in ws.iter_rows(min_row=2)]


def _main_data(path: Path) -> dict[tuple[str, str], float]:
    """主要数据汇总 of 数据统计: (指标, 计量单位) -> 合计数值."""
    ws = load_workbook(path, data_only=True)["数据统计"]
    rows = list(ws.iter_rows(values_only=True))
    out: dict[tuple[str, str], float] = {}
    start = next((i for i, r in enumerate(rows) if r[0] == "主要数据汇总"), None)
    if start is None:  # nothing summable in this report
        return out
    for r in rows[start + 2:]:
        if not r[0] or r[2] is None or not isinstance(r[2], (int, float)):
            break
        out[(r[0].split("（")[0], r[1])] = r[2]
    return out


def test_no_total_rate_or_part_figure_entered_a_sum(workbooks):
    for path in workbooks:
        for f in _figures(path):
            if f["计入合计"] == "是":
                assert f["作用"] == "当期数" and f["状态"] == "已完成", (path.name, f)
                assert f["计量单位"] != "%" and f["指标"] != "其他", (path.name, f)
            assert f["出处句子"] and f["原文"] in f["出处句子"], (path.name, f)


def test_every_sum_is_the_sum_of_its_marked_figures(workbooks):
    for path in workbooks:
        marked: dict[tuple[str, str], float] = defaultdict(float)
        for f in _figures(path):
            if f["计入合计"] == "是":
                marked[(f["指标"], f["计量单位"])] += f["数值"]
        sums = _main_data(path)
        assert set(sums) == set(marked), path.name
        for key, value in sums.items():
            assert value == pytest.approx(marked[key]), (path.name, key)


def test_the_stock_price_and_part_figures_of_the_samples_stay_out(workbooks):
    province = next(p for p in workbooks if "浙江省" in p.name)
    rows = {(f["原文"], f["数值"]): f for f in _figures(province)}
    # a park's workforce, a standing total beside a new inflow, prices and a ceiling,
    # adopted proposals among the proposals made, winners among contestants
    for text in ("超过3万名", "7.8万人", "7668元", "8208元", "近600元", "1500元", "超2亿元",
                 "2000余个", "5名", "超九成"):
        hits = [f for (t, _), f in rows.items() if t == text]
        assert hits, text
        assert all(f["计入合计"] == "否" for f in hits), (text, hits)
    assert rows[("超过3万名", 30000)]["指标"] == "职工/会员数"
    assert rows[("5名", 5)]["作用"] == "其中/重述"
