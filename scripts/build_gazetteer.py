"""Generate schemas/gazetteer.yaml from jionlp's china_location data (Apache-2.0)."""
from __future__ import annotations

import argparse
import hashlib
import io
import re
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "schemas" / "gazetteer.yaml"
# Pinned so that a run without arguments is reproducible; bump deliberately and review the diff.
JIONLP_VERSION = "1.5.31"
DATA_MEMBER = "jionlp/dictionary/china_location.zip"
DATA_NAME = "china_location.txt"
HOME_PROVINCE = "浙江省"  # the province whose towns and streets are kept
MUNICIPALITIES = ("北京市", "上海市", "天津市", "重庆市")
# Hong Kong, Macao and Taiwan: kept at province level only, since the source has no real
# adcodes below it (HK/Macao districts repeat 810000/820000, Taiwan's 7101xx codes are made up).
PROVINCE_ONLY = ("香港特别行政区", "澳门特别行政区", "台湾省")
TOWN_SUFFIX = re.compile(r"(乡|镇|街道)$")

# ---------------------------------------------------------------------------------------------
# Data-only corrections on top of the source, each with where the fact comes from.
# County-level units whose adcode's 5th-6th digits are 71..79 are the statistics bureau's
# functional zones (经济技术开发区, 高新区, 管理区 ...): they are not administrative divisions in
# the Ministry of Civil Affairs' code list (GB/T 2260) and are dropped by rule. These are the same
# kind of statistics-only unit under an ordinary-looking code:
NON_ADMIN_UNITS = {
    "510102": "成都高新技术产业开发区 (functional zone; 510102 is no MCA district code)",
    "510156": "天府新区 (functional zone; not an MCA district of 成都市)",
    "632857": "大柴旦行政委员会 (administrative committee, not a county in the MCA list)",
    "460323": "中沙群岛的岛礁及其海域 (statistics unit; MCA: 三沙市 has only 西沙区, 南沙区)",
    "232761": "加格达奇区 (大兴安岭 statistics unit; MCA lists 漠河市, 呼玛县, 塔河县 only)",
    "232762": "松岭区 (as above)",
    "232763": "新林区 (as above)",
    "232764": "呼中区 (as above)",
}
# name -> (source adcode, MCA adcode). Source: MCA 行政区划代码, 新星市 set up in 2021.
ADCODE_FIXES = {"新星市": ("650929", "659011")}
# Short forms the source gets wrong: name -> short.
SHORT_FIXES = {"六枝特区": "六枝"}
# Towns the source files under a functional zone, moved to the county that administers them.
# Source: 温州市龙湾区人民政府, 区情概况 — 龙湾区 has ten streets: 永中、永兴、海滨、瑶溪、状元、
# 蒲州、海城、沙城、天河、星海 (the last four are run by 温州经济技术开发区 but belong to 龙湾区).
ZONE_TOWNS_TO_COUNTY = {("浙江省", "温州市", "温州经济技术开发区"): "龙湾区"}
# Towns filed under the wrong county in the source: (province, city, town, from, to, source).
TOWN_MOVES = [
    ("浙江省", "杭州市", "乔司街道", "余杭区", "临平区",
     "国务院关于同意浙江省调整杭州市部分行政区划的批复 (2021-03; in force 2021-04-09): 临平区 "
     "administers 临平、东湖、南苑、星桥、运河、乔司、崇贤 streets and 塘栖镇"),
]
# Town names the source spells with a prefix: (province, city, county, source name) -> name.
TOWN_RENAMES = {
    ("浙江省", "绍兴市", "嵊州市", "嵊州市经济开发区浦口街道"): "浦口街道",  # 嵊州市浦口街道
}
# Checked after the build: current units that must exist (with their city) and obsolete ones
# that must be gone. A source older than these changes fails here, and gets a correction above.
MUST_EXIST = {  # county -> city (in HOME_PROVINCE)
    "临平区": "杭州市",  # 2021, split from 余杭区
    "钱塘区": "杭州市",  # 2021
    "上城区": "杭州市",  # 2021, merged with 江干区
    "拱墅区": "杭州市",  # 2021, merged with 下城区
    "龙港市": "温州市",  # 2019, from 苍南县龙港镇
    "玉环市": "台州市",  # 2017, from 玉环县
}
MUST_BE_GONE = ["江干区", "下城区", "玉环县", "富阳市", "临安市", "奉化市", "上虞市", "绍兴县",
                "衢县", "洞头县", "龙港镇"]


@dataclass
class Row:
    name: str
    level: str
    adcode: str
    province: str
    city: str | None = None
    county: str | None = None
    short: str | None = None


def read_source(path: Path | None) -> tuple[str, str | None, str]:
    """Return (text of china_location.txt, jionlp version if known, its sha256 prefix)."""
    if path is None:
        with tempfile.TemporaryDirectory(prefix="jionlp-") as tmp:
            subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet",
                            f"jionlp=={JIONLP_VERSION}", "-d", tmp], check=True)
            return read_source(next(Path(tmp).glob("jionlp-*.whl")))
    if path.suffix == ".whl":
        with zipfile.ZipFile(path) as wheel:
            inner = wheel.read(DATA_MEMBER)
        with zipfile.ZipFile(io.BytesIO(inner)) as data:
            raw = data.read(DATA_NAME)
        version = path.name.split("-")[1]
    elif path.suffix == ".zip":
        with zipfile.ZipFile(path) as data:
            raw = data.read(DATA_NAME)
        version = None
    else:
        raw = path.read_bytes()
        version = None
    return raw.decode("utf-8"), version, hashlib.sha256(raw).hexdigest()[:16]


def pick_short(name: str, short: str) -> str | None:
    if name in SHORT_FIXES:
        return SHORT_FIXES[name]
    # The source may give several ("克州/克孜勒苏"); prefer one the full name starts with.
    options = [s for s in short.split("/") if len(s) >= 2 and s != name]
    if not options:
        return None
    prefixed = [s for s in options if name.startswith(s)]
    return (prefixed or options)[0]


def is_non_admin(adcode: str) -> bool:
    return adcode[4] == "7" or adcode in NON_ADMIN_UNITS


def parse(text: str) -> list[Row]:
    """Walk the tab-indented tree: province / city / county (with codes) / town / village."""
    rows: list[Row] = []
    towns: list[tuple[str, str, str, str]] = []  # province, city, county, town (raw)
    prov = city = county = None  # current fields: [name, code, short] or None
    for line in text.splitlines():
        if not line.strip():
            continue
        depth = len(line) - len(line.lstrip("\t"))
        fields = line.strip("\t").split("\t")
        if depth == 0:
            prov, city, county = fields, None, None
            rows.append(Row(fields[0], "province", fields[1], fields[0],
                            short=pick_short(fields[0], fields[2])))
        elif depth == 1:
            city, county = fields, None
        elif depth == 2:
            county = fields
        elif depth == 3 and prov[0] == HOME_PROVINCE:
            towns.append((prov[0], city[0], county[0], fields[0]))
        if depth in (1, 2) and prov[0] in PROVINCE_ONLY:
            continue
        if depth == 1 and len(fields) == 3 and fields[0] not in ("省直辖行政区划",) \
                and prov[0] not in MUNICIPALITIES:
            rows.append(Row(fields[0], "city", fields[1], prov[0], city=fields[0],
                            short=pick_short(fields[0], fields[2])))
        elif depth == 2 and len(fields) == 3:
            name, code, short = fields
            if name == "市直辖行政区划" or is_non_admin(code):
                continue
            if name in ADCODE_FIXES and ADCODE_FIXES[name][0] == code:
                code = ADCODE_FIXES[name][1]
            city_name = None if city[0] == "省直辖行政区划" else city[0]
            rows.append(Row(name, "county", code, prov[0], city=city_name, county=name,
                            short=pick_short(name, short)))
    rows.extend(build_towns(towns, rows))
    return rows


def build_towns(raw: list[tuple[str, str, str, str]], rows: list[Row]) -> list[Row]:
    counties = {(r.province, r.city, r.name): r for r in rows if r.level == "county"}
    moves = {(p, c, t, f): to for p, c, t, f, to, _ in TOWN_MOVES}
    out: dict[tuple[str, str, str, str], Row] = {}
    unplaced: list[str] = []
    for prov, city, county, town in raw:
        town = TOWN_RENAMES.get((prov, city, county, town), town)
        if not TOWN_SUFFIX.search(town):
            continue  # farms, forest stations, development zones: not 乡/镇/街道
        county = ZONE_TOWNS_TO_COUNTY.get((prov, city, county), county)
        county = moves.get((prov, city, town, county), county)
        if (prov, city, county) not in counties:
            unplaced.append(f"{prov}/{city}/{county}/{town}")
            continue
        out[(prov, city, county, town)] = Row(town, "town", "", prov, city=city, county=county)
    missing = [f"{t} -> {to}" for p, c, t, _, to, _ in TOWN_MOVES if (p, c, to, t) not in out]
    missing += [f"{old} -> {new}" for (p, c, k, old), new in TOWN_RENAMES.items()
                if (p, c, k, new) not in out]
    if unplaced or missing:
        raise SystemExit(f"towns under no known county: {unplaced}; corrections not applied: "
                         f"{missing} — update the correction tables")
    return list(out.values())


def check(rows: list[Row]) -> None:
    home = [r for r in rows if r.province == HOME_PROVINCE]
    counties = {r.name: r.city for r in home if r.level == "county"}
    problems = [f"{name} missing or not under {city}" for name, city in MUST_EXIST.items()
                if counties.get(name) != city]
    problems += [f"obsolete unit still present: {name}" for name in MUST_BE_GONE
                 if any(r.name == name for r in home)]
    by_name = {r.name: r for r in rows if r.level != "town"}
    problems += [f"adcode fix not applied: {name}" for name, (_, new) in ADCODE_FIXES.items()
                 if name not in by_name or by_name[name].adcode != new]
    problems += [f"short-form fix for an unknown unit: {name}" for name in SHORT_FIXES
                 if name not in by_name]
    keys = Counter((r.level, r.province, r.city, r.county, r.name) for r in rows)
    problems += [f"duplicate entry: {k}" for k, n in keys.items() if n > 1]
    codes = Counter(r.adcode for r in rows if r.adcode)
    problems += [f"duplicate adcode: {c}" for c, n in codes.items() if n > 1]
    if problems:
        raise SystemExit("gazetteer checks failed:\n  " + "\n  ".join(problems))


LEVEL_ORDER = ("province", "city", "county", "town")


class _Flow(dict):
    """A mapping written on one line (counties without towns)."""


class _FlowList(list):
    """A list written in flow style (town names)."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(_Flow, lambda d, data: d.represent_mapping(
    "tag:yaml.org,2002:map", data, flow_style=True))
_Dumper.add_representer(_FlowList, lambda d, data: d.represent_sequence(
    "tag:yaml.org,2002:seq", data, flow_style=True))


def nest(rows: list[Row]) -> dict:
    """Rows -> provinces: {name: {adcode, short, [municipality], cities|counties: ...}}."""
    def unit(row: Row) -> dict:
        return {"adcode": row.adcode, **({"short": row.short} if row.short else {})}

    by_code = sorted((r for r in rows if r.level != "town"), key=lambda r: r.adcode)
    towns: dict[tuple, list[str]] = {}
    for r in rows:
        if r.level == "town":
            towns.setdefault((r.province, r.city, r.county), []).append(r.name)
    provinces: dict[str, dict] = {}
    for r in by_code:
        if r.level == "province":
            provinces[r.name] = unit(r)
            if r.name in MUNICIPALITIES:
                provinces[r.name]["municipality"] = True
        elif r.level == "city":
            provinces[r.province].setdefault("cities", {})[r.name] = unit(r)
        else:
            parent = provinces[r.province]
            if r.city and r.city != r.province:
                parent = parent["cities"][r.city]
            entry = unit(r)
            names = sorted(towns.get((r.province, r.city, r.name), []))
            if names:
                entry["towns"] = _FlowList(names)
            parent.setdefault("counties", {})[r.name] = entry if names else _Flow(entry)
    return {"provinces": provinces}


def render(rows: list[Row], version: str, digest: str) -> str:
    counts = Counter(r.level for r in rows)
    header = [
        "# GENERATED by scripts/build_gazetteer.py from jionlp's china_location data. Hand edits",
        "# are lost on regeneration: put corrections in the script's tables and regenerate.",
        f"# Source: jionlp {version}, {DATA_MEMBER} ({DATA_NAME} sha256 {digest}...)",
        "# jionlp (c) dongrixinyu, https://github.com/dongrixinyu/JioNLP, Apache License 2.0;",
        "# this is derived data (filtered, corrected, reshaped). See schemas/CREDITS.md.",
        "# Layout: provinces > cities > counties (county-level units) > towns (乡/镇/街道, only",
        f"# for {HOME_PROVINCE}; the source has no town codes). A municipality's counties sit under",
        "# the province (their city is the municipality); counties directly under an ordinary",
        "# province (省直辖县级) sit there too and have no city. `short` is the short form.",
        "# Counts: " + ", ".join(f"{lvl} {counts[lvl]}" for lvl in LEVEL_ORDER),
    ]
    body = yaml.dump(nest(rows), Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     width=100)
    return "\n".join(header) + "\n" + body


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("source", nargs="?", type=Path,
                        help="jionlp wheel, china_location.zip or china_location.txt "
                             f"(default: pip download jionlp=={JIONLP_VERSION})")
    parser.add_argument("-o", "--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--jionlp-version", default=JIONLP_VERSION,
                        help="version to record when SOURCE is a bare data file (a wheel says)")
    args = parser.parse_args(argv)
    text, version, digest = read_source(args.source)
    rows = parse(text)
    check(rows)
    args.out.write_text(render(rows, version or args.jionlp_version, digest), encoding="utf-8")
    counts = Counter(r.level for r in rows)
    home = Counter(r.level for r in rows if r.province == HOME_PROVINCE)
    from compiler.knowledge.gazetteer import load_gazetteer  # the program's own validation, as a check
    load_gazetteer(args.out, HOME_PROVINCE)
    print(f"wrote {args.out}: {dict(counts)}; {HOME_PROVINCE}: {dict(home)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
