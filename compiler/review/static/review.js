// unionbrief review page. Every piece of article text goes into the page as a text node
// (el() and textContent), never as markup: a page that contains <script> shows it.
"use strict";

const TOKEN = document.querySelector('meta[name="review-token"]').content;
const S = { vocab: null, rows: [], key: null, detail: null, saving: 0 };
const PRIORITY = { figure: 4, lead: 3, partner: 2, cue: 1 };

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (k in node && typeof v !== "string") node[k] = v;
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

function toast(text, bad) {
  const t = document.getElementById("toast");
  t.textContent = text;
  t.className = bad ? "show bad" : "show";
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { t.className = ""; }, bad ? 6000 : 1500);
}

async function api(path, body) {
  const opts = { headers: { "X-Review-Token": TOKEN } };
  if (body !== undefined) {
    opts.method = "POST";
    opts.headers["Content-Type"] = "application/json";
    opts.body = JSON.stringify(body);
  }
  const r = await fetch(path, opts);
  const data = await r.json().catch(() => ({ error: "服务器没有返回有效数据" }));
  if (!r.ok) throw new Error(data.error || ("请求失败：" + r.status));
  return data;
}

// ---- list and filters ----------------------------------------------------------------
const STATUS_LABEL = { open: "未核对", reviewed: "已核对", dropped: "不是稿件" };

function fillSelect(id, entries) {
  const s = document.getElementById(id);
  for (const [value, label] of entries) s.append(el("option", { value }, label));
  s.addEventListener("change", renderList);
}

function filtered() {
  const f = (id) => document.getElementById(id).value;
  return S.rows.filter((r) =>
    (!f("f-unit") || r.region === f("f-unit")) &&
    (!f("f-level") || r.level === f("f-level")) &&
    (!f("f-category") || (r.category || "") === f("f-category")) &&
    (!f("f-kind") || r.kind === f("f-kind")) &&
    (!f("f-status") || (f("f-status") === "changed" ? r.changed : r.status === f("f-status"))));
}

function renderList() {
  const rows = filtered();
  const done = S.rows.filter((r) => r.status !== "open").length;
  document.getElementById("progress").textContent =
    `已核对 ${done}/${S.rows.length} 篇` + (rows.length !== S.rows.length ? `（显示 ${rows.length} 篇）` : "");
  const ol = document.getElementById("rows");
  ol.replaceChildren();
  let group = null;
  const sorted = rows.slice().sort((a, b) =>
    (a.region || "\uffff").localeCompare(b.region || "\uffff", "zh") ||
    catOrder(a.category) - catOrder(b.category));
  for (const r of sorted) {
    const g = r.region || "地区不详";
    if (g !== group) { ol.append(el("li", { class: "group" }, g)); group = g; }
    const cat = S.vocab.categories[r.category] || "其他工作";
    ol.append(el("li", {
      class: `row ${r.status}${r.changed ? " changed" : ""}${r.key === S.key ? " current" : ""}`,
      "data-key": r.key, title: `${r.union || "（无牵头工会）"} · ${cat}`,
      onclick: () => open(r.key),
    }, el("span", { class: "dot", title: STATUS_LABEL[r.status] }), el("span", { class: "t" }, r.title),
       el("span", { class: "c" }, cat)));
  }
  const cur = ol.querySelector("li.current");
  if (cur) cur.scrollIntoView({ block: "nearest" });
}

function catOrder(id) {
  const ids = Object.keys(S.vocab.categories);
  const i = ids.indexOf(id);
  return i < 0 ? ids.length : i;
}

function visibleKeys() {
  return Array.from(document.querySelectorAll("#rows li.row")).map((li) => li.dataset.key);
}

function step(delta) {
  const keys = visibleKeys();
  if (!keys.length) return;
  const i = keys.indexOf(S.key);
  const j = i < 0 ? 0 : Math.min(keys.length - 1, Math.max(0, i + delta));
  open(keys[j]);
}

async function refreshRows() {
  S.rows = (await api("/api/articles")).articles;
  renderList();
}

// ---- one article ------------------------------------------------------------------------
let openSeq = 0;

async function open(key) {
  // Answers may come back out of order (J pressed quickly): only the last request is shown.
  const seq = ++openSeq;
  let detail;
  try {
    detail = await api("/api/articles/" + encodeURIComponent(key));
  } catch (e) { toast(e.message, true); return; }
  if (seq !== openSeq) return;
  S.detail = detail;
  S.key = key;
  history.replaceState(null, "", location.pathname + location.search + "#" + key);
  render();
  renderList();
}

function render() {
  renderSource();
  renderEditor();
}

function renderSource() {
  const d = S.detail;
  const meta = document.getElementById("source-meta");
  meta.replaceChildren(el("b", {}, d.file), d.page_name ? " · " + d.page_name : "",
    " · " + (d.issue_date || "日期不详"),
    d.status !== "open" ? el("span", { class: "badge " + d.status }, STATUS_LABEL[d.status] +
      (d.by ? `（${d.by} ${d.at.replace("T", " ")}）` : "")) : "");
  const text = d.text;
  const owner = new Array(text.length).fill(null);
  const head = new Array(text.length).fill(false);
  for (const m of d.marks) {
    if (m.type === "head") { for (let i = m.start; i < m.end; i++) head[i] = true; continue; }
    for (let i = m.start; i < m.end; i++) {
      if (!owner[i] || PRIORITY[m.type] > PRIORITY[owner[i].type]) owner[i] = m;
    }
  }
  // The page layout's blank lines between paragraphs: one line break is enough on screen.
  const shown = new Array(text.length).fill(true);
  let afterBreak = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\n" || c === "\r") { shown[i] = !afterBreak && c === "\n"; afterBreak = true; }
    else if (c === " " || c === "\t") { shown[i] = !afterBreak; }
    else afterBreak = false;
  }
  const box = document.getElementById("text");
  box.replaceChildren();
  let i = 0;
  while (i < text.length) {
    let j = i + 1;
    while (j < text.length && owner[j] === owner[i] && head[j] === head[i]) j++;
    const m = owner[i];
    let chunk = "";
    for (let x = i; x < j; x++) if (shown[x]) chunk += text[x];
    if (!chunk) { i = j; continue; }
    if (!m) box.append(head[i] ? el("span", { class: "head" }, chunk) : document.createTextNode(chunk));
    else {
      const cls = (m.type === "figure" ? `m figure role-${m.role}` : `m ${m.type}`) + (head[i] ? " head" : "");
      const tip = m.type === "figure" ? `数字：${S.vocab.roles[m.role] || "未定用途"}`
        : m.type === "cue" ? `线索词 → ${S.vocab.categories[m.category] || m.category}`
        : m.type === "lead" ? "牵头工会" : "参与工会";
      box.append(el("span", { class: cls, title: tip, "data-ref": m.ref || null,
        onclick: m.ref ? () => focusFigure(m.ref) : null }, chunk));
    }
    i = j;
  }
}

function focusFigure(ref) {
  const row = document.querySelector(`#figures tr[data-ref="${CSS.escape(ref)}"]`);
  if (!row) return;
  row.scrollIntoView({ block: "nearest" });
  row.classList.add("flash");
  setTimeout(() => row.classList.remove("flash"), 900);
  const input = row.querySelector("select, input");
  if (input) input.focus();
}

function showInSource(ref) {
  const m = document.querySelector(`#text [data-ref="${CSS.escape(ref)}"]`);
  if (!m) return;
  m.scrollIntoView({ block: "center" });
  m.classList.add("flash");
  setTimeout(() => m.classList.remove("flash"), 900);
}

function busy(delta) {
  // exposed on <body> so that tests (and people) can tell when the page has settled
  S.saving += delta;
  document.body.dataset.saving = String(S.saving);
}

async function save(body) {
  busy(1);
  const seqAtSave = openSeq;  // the article may change while this one is being saved
  const focused = document.activeElement && document.activeElement.id;
  const key = S.key;
  try {
    const detail = await api("/api/articles/" + encodeURIComponent(key), body);
    if (key === S.key && seqAtSave === openSeq) { S.detail = detail; render(); }
    toast("已保存");
    await refreshRows();
  } catch (e) {
    toast(e.message, true);
    if (key === S.key) render();  // back to the values the server has
  } finally {
    busy(-1);
    if (focused) { const f = document.getElementById(focused); if (f) f.focus(); }
  }
}

function options(map, current, blank) {
  const out = [];
  if (blank !== undefined) out.push(el("option", { value: "", selected: current === null || current === "" }, blank));
  for (const [value, label] of Object.entries(map)) out.push(el("option", { value, selected: value === current }, label));
  if (current && !(current in map)) out.push(el("option", { value: current, selected: true }, current));
  return out;
}

function changedNote(field, original, show) {
  if (!S.detail.changed.includes(field)) return null;
  return el("span", { class: "orig" }, "已修改，原值：", show(original), " ",
    el("button", { type: "button", class: "link", onclick: () => save({ field, value: null }) }, "恢复"));
}

function renderEditor() {
  const d = S.detail, v = S.vocab, o = d.original;
  const ed = document.getElementById("editor");
  const lead = d.lead || { name: "", level: null, province: null, city: null, county: null };

  const status = el("div", { class: "actions" },
    el("button", { type: "button", id: "btn-reviewed", class: d.status === "reviewed" ? "on" : "",
      onclick: () => markReviewed(false) }, "✓ 已核对 (R)"),
    el("button", { type: "button", id: "btn-drop", class: d.status === "dropped" ? "on warn" : "warn",
      onclick: () => save({ field: "status", value: d.status === "dropped" ? "open" : "dropped" }) },
      d.status === "dropped" ? "恢复为稿件" : "✗ 不是稿件 (D)"),
    d.status === "reviewed" ? el("button", { type: "button", class: "link",
      onclick: () => save({ field: "status", value: "open" }) }, "改回未核对") : null);

  const kind = el("select", { id: "e-kind", onchange: (e) => save({ field: "kind", value: e.target.value }) },
    options(v.kinds, d.kind));
  const title = el("input", { id: "e-title", value: d.title, onchange: (e) => save({ field: "title", value: e.target.value }) });

  const unionChange = () => {
    const val = (id) => document.getElementById(id).value || null;
    const name = (document.getElementById("u-name").value || "").trim();
    if (!name) { toast("请填写牵头工会的全称", true); return; }
    save({ field: "lead_union", value: { name, level: val("u-level"), province: val("u-province"),
      city: val("u-city"), county: val("u-county") } });
  };
  const provinces = Object.keys(v.regions);
  const cities = lead.province ? Object.keys(v.regions[lead.province] || {}) : [];
  const counties = lead.province ? (v.regions[lead.province] || {})[lead.city || ""] || [] : [];
  const asMap = (xs) => Object.fromEntries(xs.filter((x) => x).map((x) => [x, x]));
  const onRegion = (which) => () => {
    // a changed province or city clears what lies below it
    if (which === "province") { document.getElementById("u-city").value = ""; document.getElementById("u-county").value = ""; }
    if (which === "city") document.getElementById("u-county").value = "";
    unionChange();
  };
  const names = [...new Set([lead.name, ...d.partners].filter((x) => x))];
  const union = el("div", { class: "union" },
    el("input", { id: "u-name", value: lead.name, list: "u-names", placeholder: d.lead ? "牵头工会全称" : "（无牵头工会）如有，填写全称", onchange: unionChange }),
    el("datalist", { id: "u-names" }, names.map((n) => el("option", { value: n }))),
    el("select", { id: "u-level", onchange: unionChange }, options(v.levels, lead.level, "层级？")),
    el("select", { id: "u-province", onchange: onRegion("province") }, options(asMap(provinces), lead.province, "省")),
    el("select", { id: "u-city", onchange: onRegion("city") }, options(asMap(cities), lead.city, "市")),
    el("select", { id: "u-county", onchange: unionChange }, options(asMap(counties), lead.county, "县（市、区）")),
    d.lead ? el("button", { type: "button", id: "u-none", class: "link warn", title: "没有工会牵头（如政府部门主办）",
      onclick: () => save({ field: "lead_union", value: "none" }) }, "无牵头工会") : null);

  const cats = d.categories;
  const catChange = () => {
    const primary = document.getElementById("c-primary").value;
    const rest = Array.from(document.querySelectorAll("#c-others input:checked")).map((x) => x.value)
      .filter((x) => x !== primary);
    save({ field: "categories", value: primary ? [primary, ...rest] : rest });
  };
  const categories = el("div", {},
    el("label", { class: "inline" }, "主要类别 ",
      el("select", { id: "c-primary", onchange: catChange }, options(v.categories, cats[0] || null, "（无）"))),
    el("div", { id: "c-others", class: "chips" }, Object.entries(v.categories).map(([id, label]) =>
      el("label", { class: "chip" + (id === cats[0] ? " primary" : "") },
        el("input", { type: "checkbox", id: "c-" + id, value: id, checked: cats.includes(id), disabled: id === cats[0], onchange: catChange }),
        label))));

  const figRows = d.figures.map((f) => {
    const send = (patch) => save({ field: "figure", figure: f.key, value: patch });
    const sel = (name, map, cur, blank) => el("select", { id: `g-${f.key}-${name}`, disabled: f.dropped,
      onchange: (e) => send({ [name]: e.target.value || null }) }, options(map, cur, blank));
    return el("tr", { "data-ref": f.key, class: (f.dropped ? "dropped" : "") + (f.changed ? " changed" : "") },
      el("td", {}, el("button", { type: "button", class: "link fig role-" + (f.dropped ? "dropped" : f.role || "none"),
        title: "在原文中显示", onclick: () => showInSource(f.key) }, f.text)),
      el("td", {}, el("input", { id: `g-${f.key}-value`, class: "num", value: String(f.value), disabled: f.dropped,
        onchange: (e) => { const n = Number(e.target.value); if (Number.isFinite(n)) send({ value: n }); else toast("数值无效", true); } }),
        el("input", { id: `g-${f.key}-unit`, class: "unit", value: f.unit, disabled: f.dropped,
          onchange: (e) => send({ unit: e.target.value.trim() }) })),
      el("td", {}, sel("metric", v.metrics, f.metric, "指标？")),
      el("td", {}, sel("role", v.roles, f.role, "用途？")),
      el("td", {}, sel("status", v.statuses, f.status)),
      el("td", {}, sel("qualifier", v.qualifiers, f.qualifier)),
      el("td", {}, f.dropped || f.changed
        ? el("button", { type: "button", class: "link", title: "恢复为提取的值", onclick: () => send("revert") }, "恢复")
        : el("button", { type: "button", class: "link warn", title: "这不是统计数字（年份、序号等）", onclick: () => send(null) }, "删除")));
  });
  const figures = d.figures.length ? el("table", { id: "figures" },
    el("thead", {}, el("tr", {}, ["原文", "数值/单位", "指标", "用途", "状态", "限定", ""].map((h) => el("th", {}, h)))),
    el("tbody", {}, figRows)) : el("p", { class: "muted" }, "未提取到数字。");

  const summary = el("textarea", { id: "e-summary", rows: 3, onchange: (e) => save({ field: "summary", value: e.target.value }) });
  summary.value = d.summary;
  const pick = el("select", { id: "e-sentence", onchange: (e) => { if (e.target.value) save({ field: "summary", value: e.target.value }); } },
    el("option", { value: "" }, "换一句作摘要……"), d.sentences.map((s) => el("option", { value: s }, s.length > 60 ? s.slice(0, 60) + "…" : s)));

  const p = d.preview;
  const preview = el("div", { class: "preview" }, p && p.lines.length
    ? [el("div", { class: "muted" }, `将编入：${p.units.join("、")} 的简报 · 「${p.section}」`),
       p.lines.map((line, i) => el("div", { class: i === 0 ? "pt" : "pl" }, line))]
    : el("div", { class: "muted" }, d.status === "dropped" ? "不是稿件：不编入简报。" : "这篇稿件不编入任何简报（没有本省的牵头工会）。"));

  const show = (x) => (x === null || x === undefined ? "（无）" : typeof x === "object" ? x.name : String(x));
  const catNames = (xs) => xs.map((x) => v.categories[x] || x).join("、") || "（无）";
  ed.replaceChildren(
    status,
    field("体裁", kind, changedNote("kind", o.kind, (x) => v.kinds[x] || x)),
    field("标题", title, changedNote("title", o.title, show)),
    field("牵头工会", union, changedNote("lead_union", o.lead, show),
      d.partners.length ? el("div", { class: "muted" }, "参与：" + d.partners.join("、")) : null),
    field("类别", categories, changedNote("categories", o.categories, catNames)),
    field("数字", figures),
    field("摘要", el("div", {}, summary, pick), changedNote("summary", o.summary, show)),
    field("简报预览", preview));
}

function field(label, control, ...notes) {
  return el("div", { class: "field" }, el("div", { class: "label" }, label), el("div", { class: "ctl" }, control, ...notes));
}

async function markReviewed(next) {
  if (!S.key) return;
  const target = S.detail.status === "reviewed" && !next ? "open" : "reviewed";
  await save({ field: "status", value: target });
  if (next) step(1);
}

// ---- start ------------------------------------------------------------------------------
document.addEventListener("keydown", (e) => {
  if (e.target.closest("input, textarea, select") || e.ctrlKey || e.metaKey || e.altKey) return;
  const k = e.key.toLowerCase();
  if (k === "j" || e.key === "ArrowDown") { step(1); e.preventDefault(); }
  else if (k === "k" || e.key === "ArrowUp") { step(-1); e.preventDefault(); }
  else if (k === "r") { markReviewed(true); e.preventDefault(); }
  else if (k === "d" && S.key) { save({ field: "status", value: S.detail.status === "dropped" ? "open" : "dropped" }); e.preventDefault(); }
});

// Another tab may have changed the file: show its edits when this one comes back to the front.
window.addEventListener("focus", () => {
  if (S.saving || !S.key) return;
  const key = S.key, seq = openSeq;
  busy(1);
  refreshRows().then(() => api("/api/articles/" + encodeURIComponent(key)))
    .then((d) => {
      if (S.saving === 1 && key === S.key && seq === openSeq && !document.activeElement.closest("#editor")) {
        S.detail = d; render();
      }
    })
    .catch(() => {})
    .finally(() => busy(-1));
});

(async function start() {
  try {
    S.vocab = await api("/api/vocab");
    fillSelect("f-level", Object.entries(S.vocab.levels));
    fillSelect("f-category", [...Object.entries(S.vocab.categories), ["", "其他工作"]].filter(([k]) => k));
    fillSelect("f-kind", Object.entries(S.vocab.kinds));
    document.getElementById("f-status").addEventListener("change", renderList);
    await refreshRows();
    const regions = [...new Set(S.rows.map((r) => r.region).filter((x) => x))].sort((a, b) => a.localeCompare(b, "zh"));
    fillSelect("f-unit", regions.map((r) => [r, r]));
    const want = decodeURIComponent(location.hash.slice(1));
    const keys = visibleKeys();
    if (keys.length) open(keys.includes(want) ? want : keys[0]);
  } catch (e) { toast(e.message, true); }
})();
