"""check-schemas: the figure semantics in figures.yaml are validated with file and key."""
from __future__ import annotations

from pathlib import Path

import pytest

from compiler.knowledge.schemas import SchemaError, load_schemas

ROOT = Path(__file__).resolve().parent.parent


def _copy(tmp_path: Path, edit) -> Path:
    for f in (ROOT / "schemas").glob("*.yaml"):
        text = f.read_text(encoding="utf-8")
        if f.name == "figures.yaml":
            text = edit(text)
        (tmp_path / f.name).write_text(text, encoding="utf-8")
    return tmp_path


def test_metric_ids_are_the_guides(tmp_path):
    d = _copy(tmp_path, lambda t: t.replace("- id: teams", "- id: squads"))
    with pytest.raises(SchemaError, match=r"figures\.yaml metrics：.*未知的指标 id：squads"):
        load_schemas(d)


def test_a_metric_unit_must_be_a_normalised_unit(tmp_path):
    d = _copy(tmp_path, lambda t: t.replace("units: [支, 个, 组]", "units: [支, 个, 队伍]"))
    with pytest.raises(SchemaError, match="未在 units 中定义的计量单位：teams: 队伍"):
        load_schemas(d)


def test_role_cues_are_required_and_patterns_must_compile(tmp_path):
    d = _copy(tmp_path, lambda t: t.replace('after: ["^/(人|月|年|次|天)"', 'after: ["^/(人|月"'))
    with pytest.raises(SchemaError, match=r"figures\.yaml roles\.rate\.after"):
        load_schemas(d)
    d = _copy(tmp_path, lambda t: t.replace("  per_period:", "  per_periods:"))
    with pytest.raises(SchemaError, match=r"roles\.per_period"):
        load_schemas(d)
