"""Hostile templates (an .xlsx cell, a .docx paragraph, a .j2 or briefing.docx under --templates):
no escape through any documented variable or function, every DoS refused in seconds."""
from __future__ import annotations

import io
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from docx import Document as WordDocument
from openpyxl import Workbook

from compiler.cli import main as cli_module
from compiler.knowledge.config import Config
from compiler.fill import FillError, check_template, fill_template
from compiler.cli.fill import fill as fill_command
from compiler.fill.context import NAMES
from compiler.fill.isolate import at, run_limited
from compiler.ingest import iter_input_files
from compiler.render import RenderOptions
from compiler.present.options import RenderError
from compiler.batch.parse_run import parse_files

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"

if "fill" not in cli_module.cli.commands:
    cli_module.cli.add_command(fill_command)

# Every documented variable and function, and what can be reached from them.
TARGETS = [*NAMES, "units[0]", "units[0].count", "units[0].sum", "units[0].counts",
           "units[0].metrics", "items[0]", "items[0].figures[0]", "items[0].issue_date",
           "items[0].categories", "sections[0]", "sections[0].items[0]", "categories[0]",
           "metrics[0]", "metrics[0].units", "metric_totals[0]", "distribution.bao",
           "filter_items()", "filter_items()[0]", "range", "dict", "namespace", "cycler",
           "joiner", "namespace(a=1)", "cycler(1, 2)", "joiner()", "'text'", "'text'.upper",
           "(1, 2)", "{'a': 1}", "self"]
# Ways out of a sandbox that blocks underscores only: partials, bound methods, models.
PUBLIC_PATHS = [".args[0]", ".func", ".keywords", ".parse_file('/etc/passwd')", ".json()",
                ".model_dump()", ".copy()", ".mro()", ".fromkeys([1])", ".field('name')",
                ".get", ".keys()", ".im_func", ".gi_frame", ".f_globals", ".encode()",
                ".format_map", ".replace(year=1)", ".strftime('%Y')", ".vars"]
ALLOWED = {("{'a': 1}", ".get"), ("{'a': 1}", ".keys()")}  # a dict the template made itself
DUNDER_PATHS = [".__class__", ".__globals__", ".__closure__", ".__self__", ".__func__",
                ".__init__", ".__dict__", "._fields", "|attr('__class__')", "['__class__']"]


def _pickle_call(target: str, marker: Path) -> str:
    return (f"{{{{ {target}.parse_raw('cos\\nsystem\\n(S\\'touch {marker}\\'\\ntR.', "
            "proto='pickle', allow_pickle=True) }}")


@pytest.fixture(scope="module")
def docs(knowledge):
    return parse_files(iter_input_files([SAMPLES]), knowledge).documents


def _xlsx(path: Path, cells: list[str]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "汇总"
    for i, value in enumerate(cells, start=1):
        ws.cell(row=i, column=1, value=value)
    wb.save(path)
    return path


def _docx(path: Path, paragraphs: list[str]) -> Path:
    d = WordDocument()
    for p in paragraphs:
        d.add_paragraph(p)
    d.save(path)
    return path


def _problems(exc: FillError) -> dict[str, str]:
    return {place: message for place, message in exc.problems}


# --- escapes -----------------------------------------------------------------------------------
def test_the_reported_exploit_runs_nothing(docs, knowledge, tmp_path):
    marker = tmp_path / "pwned"
    attack = _pickle_call("label.args[0].metrics.participants", marker)
    xlsx = _xlsx(tmp_path / "a.xlsx", [attack])
    assert not check_template(xlsx, knowledge, Config()).ok
    with pytest.raises(FillError, match=r"汇总!A1"):
        fill_template(xlsx, docs, knowledge, Config())
    with pytest.raises(FillError, match=r"段落 1"):
        fill_template(_docx(tmp_path / "a.docx", [attack]), docs, knowledge, Config())
    assert not marker.exists()


def test_no_public_path_out_of_any_variable_in_xlsx(docs, knowledge, tmp_path):
    marker = tmp_path / "pwned"
    cells = [_pickle_call(t, marker) for t in TARGETS]
    cells += [f"{{{{ {t}{p} }}}}" for t in TARGETS for p in PUBLIC_PATHS
              if (t, p) not in ALLOWED]
    xlsx = _xlsx(tmp_path / "public.xlsx", cells)
    with pytest.raises(FillError) as err:
        fill_template(xlsx, docs, knowledge, Config())
    problems = _problems(err.value)
    refused = [f"汇总!A{i}" for i in range(1, len(cells) + 1)]
    missing = [cells[i] for i, place in enumerate(refused) if place not in problems]
    assert not missing, missing[:10]
    report = check_template(xlsx, knowledge, Config())
    assert {p for p, _ in report.problems} >= set(refused)
    assert not marker.exists()


def test_no_dunder_path_out_of_any_variable_in_xlsx(docs, knowledge, tmp_path):
    cells = [f"{{{{ {t}{p} }}}}" for t in TARGETS for p in DUNDER_PATHS]
    xlsx = _xlsx(tmp_path / "dunder.xlsx", cells)
    with pytest.raises(FillError) as err:
        fill_template(xlsx, docs, knowledge, Config())
    problems = _problems(err.value)
    assert all(f"汇总!A{i}" in problems for i in range(1, len(cells) + 1))
    assert all(m.startswith(("出于安全考虑", "未知属性", "未定义", "没有这一项")) for m in problems.values())


@pytest.mark.parametrize("target", [t for t in TARGETS if t not in ("'text'", "(1, 2)")])
def test_no_escape_from_a_docx_paragraph(target, docs, knowledge, tmp_path):
    marker = tmp_path / "pwned"
    tpl = _docx(tmp_path / "t.docx", ["{{ unit.name }}", _pickle_call(target, marker),
                                      f"{{{{ {target}.args[0] }}}}"])
    with pytest.raises(FillError, match=r"^模板 t\.docx (段落 2)?："):
        fill_template(tpl, docs, knowledge, Config())
    assert not marker.exists()


@pytest.fixture(scope="module")
def overview_context(docs, knowledge):
    """What overview.j2 sees, made from a real briefing."""
    from compiler.fill.select import select_briefing
    from compiler.present.snippets import overview_context as context_of

    return context_of(select_briefing(docs, knowledge.schemas, knowledge.gazetteer, Config(),
                                      None, "all"))


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as mp:
        yield mp


OVERVIEW_NAMES = ["unit", "period", "items", "items[0]", "items[0].figures", "sections",
                  "sections[0]", "sections[0].items[0]", "totals", "totals[0]", "union_count",
                  "cat_labels", "period.label"]


@pytest.mark.parametrize("target", OVERVIEW_NAMES)
def test_no_escape_from_a_j2_snippet(target, overview_context, tmp_path):
    from compiler.present.snippets import render_overview

    marker = tmp_path / "pwned"
    for i, body in enumerate([_pickle_call(target, marker), f"{{{{ {target}.__class__ }}}}",
                              f"{{{{ {target}.args[0] }}}}", f"{{{{ {target}.model_dump() }}}}",
                              f"{{{{ {target}.copy() }}}}"]):
        folder = tmp_path / f"t{i}"
        folder.mkdir()
        (folder / "overview.j2").write_text(body, encoding="utf-8")
        with pytest.raises(RenderError, match="overview.j2"):
            render_overview((folder,), **overview_context)
    assert not marker.exists()


def test_a_j2_cannot_include_files_outside_its_folder(overview_context, tmp_path):
    from compiler.present.snippets import render_overview

    secret = tmp_path / "secret.j2"
    secret.write_text("机密内容", encoding="utf-8")
    folder = tmp_path / "tpl"
    folder.mkdir()
    (folder / "link.j2").symlink_to(secret)
    (folder / "overview.j2").write_text('{% include "link.j2" %}', encoding="utf-8")
    with pytest.raises(RenderError):
        render_overview((folder,), **overview_context)
    (folder / "overview.j2").write_text('{% include "../secret.j2" %}', encoding="utf-8")
    with pytest.raises(RenderError):
        render_overview((folder,), **overview_context)


VIEW_NAMES = ["bulletin_name", "unit", "period", "totals", "totals[0]", "sections", "sections[0]",
              "sections[0].entries[0]", "items[0].figures", "table", "table.rows[0]", "chart",
              "distribution", "warnings", "overview"]


def test_no_escape_from_the_briefing_docx_template(docs, knowledge, tmp_path):
    from compiler.fill.select import select_briefing
    from compiler.render.docx.document import render as render_docx

    b = select_briefing(docs, knowledge.schemas, knowledge.gazetteer, Config(), None, "all")
    marker = tmp_path / "pwned"
    for i, target in enumerate(VIEW_NAMES):
        for j, body in enumerate([_pickle_call(target, marker), f"{{{{ {target}.__class__ }}}}",
                                  f"{{{{ {target}.items() }}}}", f"{{{{ {target}.args }}}}"]):
            folder = tmp_path / f"t{i}-{j}"
            folder.mkdir()
            _docx(folder / "briefing.docx", ["{{ bulletin_name }}", body])
            with pytest.raises(RenderError):
                render_docx(b, tmp_path / "out.docx", RenderOptions(template_dirs=(folder,)))
    assert not marker.exists()


# --- denial of service -------------------------------------------------------------------------
DOS = [
    "{{ 'a'|center(10**9) }}", "{{ 'a'.ljust(10**9) }}", "{{ 'a'.rjust(10**9) }}",
    "{{ 'a'.zfill(10**9) }}", "{{ '{:>1000000000}'.format(1) }}", "{{ '{:{w}}'.format(1, w=10**9) }}",
    "{{ '{:.1000000000f}'.format(1.5) }}", "{{ '%1000000000d' % 1 }}", "{{ '%*d' % (10**9, 1) }}",
    "{{ '%.1000000000f'|format(1.5) }}", "{{ ('x'*1000)*1000 }}", "{{ (['x'*1000]*100)|join('y'*10000) }}",
    "{{ (['x'*1000]*100000)|join }}", "{{ 'a'|indent(10**9) }}", "{{ ('a\n'*50000)|indent(1000) }}",
    "{{ ('ab'*1000)|replace('a', 'x'*100000) }}", "{{ ('a'*400000).replace('a', 'bb') }}",
    "{{ ('x'*10)|wordwrap(1, wrapstring='y'*100000) }}", "{{ [1]|batch(10**9, 0)|list }}",
    "{{ [1]|slice(10**9)|list }}", "{{ items|tojson(indent=10**9) }}",
    "{{ 'x'.join(['y'*300000, 'z'*300000]) }}", "{{ ('a'*300000) ~ ('b'*300000) }}",
    "{{ ('a'*300000) + ('b'*300000) }}", "{{ 10**100000 }}", "{{ 2**300 }}", "{{ 3**200 }}",
    "{% set ns = namespace(x=3) %}{% for i in range(64) %}{% set ns.x = ns.x * ns.x %}"
    "{% endfor %}{{ ns.x }}",
    "{% set ns = namespace(x='ab') %}{% for i in range(64) %}{% set ns.x = ns.x ~ ns.x %}"
    "{% endfor %}{{ ns.x|length }}",
    "{% set ns = namespace(x=[1]) %}{% for i in range(64) %}{% set ns.x = [ns.x, ns.x] %}"
    "{% endfor %}{{ ns.x }}",
    "{% set ns = namespace(x=(1,)) %}{% for i in range(64) %}{% set ns.x = (ns.x, ns.x) %}"
    "{% endfor %}{{ [ns.x]|unique|list|length }}",
    "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}",
    "{% set s %}{% for i in range(100000) %}{% for j in range(100000) %}xxxxxxxxxxxxxxxx"
    "{% endfor %}{% endfor %}{% endset %}{{ s|length }}",
    "{% macro m(n) %}{{ m(n) }}{% endmacro %}{{ m(1) }}",
    "{% for x in [1] recursive %}{{ loop(range(100000)) }}{% endfor %}",
    "{{ fmt(1.5, 10**9) }}", "{{ range(10**9)|list }}", "{{ range(100000)|list * 100000 }}",
]


@pytest.mark.parametrize("expr", DOS)
def test_template_dos_is_refused_in_seconds(expr, knowledge, tmp_path):
    xlsx = _xlsx(tmp_path / "dos.xlsx", ["{{ unit.name }}", expr])
    start = time.monotonic()
    report = check_template(xlsx, knowledge, Config())
    assert time.monotonic() - start < 8
    assert [p for p, _ in report.problems] == ["汇总!A2"], report.problems


@pytest.mark.parametrize("expr", [DOS[0], DOS[8], DOS[11], DOS[27], DOS[31], DOS[33]])
def test_template_dos_in_word_and_snippets(expr, docs, knowledge, overview_context, tmp_path):
    from compiler.present.snippets import render_overview

    tpl = _docx(tmp_path / "dos.docx", ["{{ unit.name }}", expr])
    start = time.monotonic()
    with pytest.raises(FillError, match="出于安全考虑"):
        fill_template(tpl, docs, knowledge, Config())
    (tmp_path / "overview.j2").write_text(expr, encoding="utf-8")
    with pytest.raises(RenderError, match="出于安全考虑"):
        render_overview((tmp_path,), **overview_context)
    assert time.monotonic() - start < 15


def test_cli_refuses_a_dos_template_writes_nothing_and_stays_small(tmp_path):
    """fill and fill --check: rc 2, a Chinese error naming the cell, no file, under 800 MB."""
    xlsx = _xlsx(tmp_path / "坏.xlsx", ["{{ unit.name }}", DOS[33], DOS[29]])
    out = tmp_path / "out.xlsx"
    probe = ("import resource, subprocess, sys\n"
             "r = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
             "rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024\n"
             "print(r.returncode, rss, repr(r.stderr))\n")
    base = [sys.executable, "-c", probe, sys.executable, "-m", "compiler", "fill"]
    for args in (["--check", str(xlsx)], [str(xlsx), str(SAMPLES), "--out", str(out), "--no-cache"]):
        start = time.monotonic()
        r = subprocess.run(base + args, capture_output=True, text=True, cwd=ROOT)
        code, rss, err = r.stdout.split(" ", 2)
        assert time.monotonic() - start < 30
        assert code == "2" and int(rss) < 800, r.stdout
        assert "坏.xlsx 汇总!A2：出于安全考虑" in err and "坏.xlsx 汇总!A3：出于安全考虑" in err
        assert "Traceback" not in err and "内部错误" not in err
        assert not out.exists()


# --- the hard limit behind the sandbox ---------------------------------------------------------
def test_the_child_is_stopped_by_memory_and_by_the_clock():
    def hog() -> bytes:
        at("汇总!C3")
        return b"x" * (4 * 2**30)

    def sleeper() -> bytes:
        at("表格 1 第 2 行第 1 列")
        time.sleep(60)
        return b""

    with pytest.raises(FillError, match=r"^模板 t\.xlsx 汇总!C3：出于安全考虑.*内存"):
        run_limited(hog, "t.xlsx")
    start = time.monotonic()
    with pytest.raises(FillError, match=r"^模板 t\.docx 表格 1 第 2 行第 1 列：出于安全考虑.*1 秒"):
        run_limited(sleeper, "t.docx", seconds=1)
    assert time.monotonic() - start < 5
    assert run_limited(lambda: b"ok" * 100_000, "t.xlsx") == b"ok" * 100_000


def test_internal_errors_of_the_child_are_not_hidden():
    def broken() -> bytes:
        raise KeyError("x")

    with pytest.raises(RuntimeError, match="KeyError"):
        run_limited(broken, "t.xlsx")


def test_documented_features_still_work(docs, knowledge, tmp_path):
    cells = ["{{ units|map(attribute='name')|join('、') }}", "{{ '%s篇' % article_count }}",
             "{{ '{}：{}'.format(unit.name, total.articles) }}", "{{ fmt(12345.678, 1) }}",
             "{% set ns = namespace(n=0) %}{% for u in units %}{% set ns.n = ns.n + u.articles %}"
             "{% endfor %}{{ ns.n }}", "{{ items|selectattr('kind', 'equalto', 'photo')|list|length }}",
             "{{ units[0].counts['competition'] + units[0].counts.training }}",
             "{{ items|selectattr('issue_date')|map(attribute='issue_date')|map(attribute='year')"
             "|list|length >= 0 }}",
             "{{ (items|first).title[:4] ~ '…' }}", "{{ dict(a=1).a }}", "{{ range(3)|list|sum }}",
             "{{ label('competition') }}", "{{ units[0].count('competition') }}"]
    xlsx = _xlsx(tmp_path / "ok.xlsx", cells)
    data = fill_template(xlsx, docs, knowledge, Config()).data
    from openpyxl import load_workbook
    ws = load_workbook(io.BytesIO(data))["汇总"]
    values = [ws.cell(row=i, column=1).value for i in range(1, len(cells) + 1)]
    assert all(v is not None for v in values), values
    assert values[11] == "劳动和技能竞赛" and values[4] == values[2].split("：")[1]
    assert json.dumps(values, ensure_ascii=False, default=str)


def test_attr_filter_reaches_what_a_dot_reaches(docs, knowledge, tmp_path):
    xlsx = _xlsx(tmp_path / "attr.xlsx", ["{{ unit|attr('name') }}", "{{ sections[0]|attr('items') }}",
                                          "{{ (sections[0]|attr('keys'))() }}"])
    with pytest.raises(FillError) as err:
        fill_template(xlsx, docs, knowledge, Config())
    assert list(_problems(err.value)) == ["汇总!A3"]


def test_a_chain_after_a_refused_name_reports_the_refused_name(docs, knowledge, tmp_path):
    xlsx = _xlsx(tmp_path / "chain.xlsx", ["{{ unit.name.__class__.__mro__ }}",
                                           "{{ unit.name.encode.x.y }}"])
    report = check_template(xlsx, knowledge, Config())
    problems = dict(report.problems)
    assert "__class__" in problems["汇总!A1"] and "encode" in problems["汇总!A2"]


def test_deep_nesting_and_long_arguments_are_user_errors(docs, knowledge, tmp_path):
    deep = "{{ " + "(" * 3000 + "1" + ")" * 3000 + " }}"
    xlsx = _xlsx(tmp_path / "deep.xlsx", [deep, "{{ count(category='竞' * 50000) }}"])
    report = check_template(xlsx, knowledge, Config())
    problems = dict(report.problems)
    # a 50,000-character name is quoted in 40 characters; the rest is the list of known names
    assert "嵌套" in problems["汇总!A1"] and "竞" * 41 not in problems["汇总!A2"]
    assert len(problems["汇总!A2"]) < 1000
    tpl = _docx(tmp_path / "deep.docx", ["{{ unit.name }}", deep])
    with pytest.raises(FillError, match="嵌套"):
        fill_template(tpl, docs, knowledge, Config())


def test_a_template_with_too_many_expressions_is_refused_quickly(knowledge, tmp_path):
    xlsx = _xlsx(tmp_path / "many.xlsx", [f"{{{{ {i} }}}}" for i in range(6000)])
    start = time.monotonic()
    report = check_template(xlsx, knowledge, Config())
    assert time.monotonic() - start < 20
    assert any("表达式单元格过多" in m for _, m in report.problems)


def test_groupby_and_imported_macros_keep_working(overview_context, tmp_path):
    from compiler.present.snippets import render_overview

    (tmp_path / "macros.j2").write_text("{% macro n(x) %}[{{ x }}]{% endmacro %}", encoding="utf-8")
    (tmp_path / "overview.j2").write_text(
        '{% import "macros.j2" as m %}{% for g in items|groupby("kind") %}'
        "{{ m.n(g.grouper) }}{{ g.list|length }}{% endfor %}", encoding="utf-8")
    assert render_overview((tmp_path,), **overview_context).startswith("[")
