"""`unionbrief check-schemas` and `unionbrief schema`: the rules checked, the contract shown."""
from __future__ import annotations

import json
from pathlib import Path

import click

from compiler.cli.options import CONTEXT
from compiler.errors import UserError
from compiler.model.document import ParseResult


@click.command("check-schemas", context_settings=CONTEXT)
@click.option("--schemas", "schemas_dir", type=click.Path(path_type=Path, file_okay=False),
              default=None, help="要检查的 schemas 目录，默认为内置目录。")
@click.option("--home-province", default="浙江省", show_default=True, help="本省（用于同名地名消歧）。")
def check_schemas(schemas_dir, home_province):
    """校验 schemas/ 下的全部 YAML 文件，一次列出所有错误。"""
    from compiler.ingest.epaper import load_rules
    from compiler.knowledge.gazetteer import load_gazetteer
    from compiler.knowledge.load import schema_file
    from compiler.knowledge.schemas import load_schemas

    checks = {  # the same files, found the same way, as every run with --schemas loads
        "schemas": lambda: load_schemas(schemas_dir),
        "gazetteer": lambda: load_gazetteer(schema_file(schemas_dir, "gazetteer.yaml"), home_province),
        "epaper": lambda: load_rules(str(schema_file(schemas_dir, "epaper.yaml").parent)),
    }
    loaded, problems = {}, []
    for name, check in checks.items():
        try:
            loaded[name] = check()
        except (UserError, ValueError) as exc:  # every file is checked; all errors shown at once
            problems.append(str(exc))
    if problems:
        raise UserError("\n".join(problems))
    s, gaz = loaded["schemas"], loaded["gazetteer"]
    click.echo(f"schemas 校验通过：{len(s.categories.categories)} 个类别，"
               f"{len(s.figures.metrics)} 种指标，{len(s.figures.units)} 个计量单位，"
               f"{_role_cue_count(s.figures.roles)} 个数据作用提示词，"
               f"{len(gaz.places)} 个地名。")


def _role_cue_count(roles) -> int:
    """How many cue words and patterns decide the figures' roles (count/total/rate/part)."""
    return sum(len(x) for x in (roles.rate.before, roles.rate.after, roles.per_period,
                                roles.total, roles.total_target, roles.part.before,
                                roles.part.after, roles.event_frame, roles.summary_frame,
                                roles.period_frame))


@click.command("schema", context_settings=CONTEXT)
def schema():
    """输出 parse 结果（JSON）的 JSON Schema。"""
    click.echo(json.dumps(ParseResult.model_json_schema(), ensure_ascii=False, indent=2))
