"""The vocabularies the review page offers, each id with its Chinese label, from schemas/."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from compiler.knowledge.load import Knowledge
from compiler.present import labels

# Figure roles of the annotation guide (GUIDE.md): how a number may be used in a statistic.
# Short labels: the figure table keeps every column of a figure on one line.
ROLES = {"count": "本期数", "total": "累计/总量", "rate": "比率/单价", "part": "其中/重复"}
QUALIFIER_LABELS = {"exact": "精确", "more_than": "以上", "approx": "约", "at_least": "不少于",
                    "less_than": "不足"}
STATUSES = {"actual": "已完成", "target": "目标"}


@dataclass(frozen=True)
class Vocab:
    levels: dict[str, str]
    categories: dict[str, str]
    metrics: dict[str, str]
    metric_units: dict[str, list[str]]
    regions: dict[str, dict[str, list[str]]]  # province -> city ("" for none) -> counties
    home_province: str

    @classmethod
    def of(cls, k: Knowledge) -> Vocab:
        regions: dict[str, dict[str, list[str]]] = {}
        for p in k.gazetteer.places:
            if p.level == "province":
                regions.setdefault(p.name, {})
            elif p.level == "city":
                regions.setdefault(p.province, {}).setdefault(p.name, [])
            elif p.level == "county":
                regions.setdefault(p.province, {}).setdefault(p.city or "", []).append(p.name)
        return cls(
            levels={lv: rule.label for lv, rule in k.schemas.levels.levels.items()},
            categories={c.id: c.label for c in k.schemas.categories.categories},
            metrics={m.id: m.label for m in k.schemas.figures.metrics},
            metric_units={m.id: list(m.units) for m in k.schemas.figures.metrics},
            regions=regions, home_province=k.gazetteer.home_province)

    def check_categories(self, ids: list[str]) -> None:
        unknown = [c for c in ids if c not in self.categories]
        if unknown:
            raise ValueError(f"未知的类别：{'、'.join(unknown)}")
        if len(set(ids)) != len(ids):
            raise ValueError("类别重复")

    def check_metric(self, metric: str | None) -> None:
        if metric is not None and metric not in self.metrics:
            raise ValueError(f"未知的指标：{metric}")

    def check_region(self, province: str | None, city: str | None, county: str | None) -> None:
        if province and province not in self.regions:
            raise ValueError(f"地名库中没有这个省份：{province}")
        cities = self.regions.get(province or "", {})
        if city and province and city not in cities:
            raise ValueError(f"{province}没有{city}")
        if county and province and county not in cities.get(city or "", []):
            raise ValueError(f"{city or province}没有{county}")

    def as_json(self) -> dict[str, Any]:
        return {
            "levels": self.levels,
            "categories": self.categories,
            "metrics": self.metrics,
            "metric_units": self.metric_units,
            "roles": ROLES,
            "qualifiers": QUALIFIER_LABELS,
            "statuses": STATUSES,
            "kinds": labels.KINDS,
            "regions": self.regions,
            "home_province": self.home_province,
        }
