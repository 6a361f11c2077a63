"""The review web application's guards and API, through Starlette's test client."""
from __future__ import annotations

from pathlib import Path

import pytest
from starlette.testclient import TestClient

from compiler.batch.console import Console
from compiler.review import load
from compiler.review.app import create_app
from compiler.cli.review import make_session

FIXTURES = Path(__file__).parent / "fixtures" / "review"
PORT = 8799
BASE = f"http://127.0.0.1:{PORT}"


@pytest.fixture
def served(tmp_path: Path):
    folder = tmp_path / "pages"
    folder.mkdir()
    for f in FIXTURES.glob("*.txt"):
        (folder / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    session, _ = make_session([folder], None, None, None, "李四", None, 1, True, None, None, None,
                              Console(quiet=True))
    app, token = create_app(session, PORT, token="t0ken-for-tests")
    client = TestClient(app, base_url=BASE)
    return client, token, session, folder


def _keys(client, token):
    rows = client.get("/api/articles", headers={"X-Review-Token": token}).json()["articles"]
    return {r["title"]: r["key"] for r in rows}


def test_foreign_host_and_origin_refused(served):
    client, token, _, _ = served
    r = client.get(f"/?token={token}", headers={"Host": "evil.example"})
    assert r.status_code == 403 and "拒绝" in r.text
    r = client.get(f"/?token={token}", headers={"Host": "evil.example:8799"})
    assert r.status_code == 403
    key = next(iter(_keys(client, token).values()))
    r = client.post(f"/api/articles/{key}", json={"field": "status", "value": "reviewed"},
                    headers={"X-Review-Token": token, "Origin": "http://evil.example"})
    assert r.status_code == 403
    assert client.get(f"/?token={token}", headers={"Host": f"localhost:{PORT}"}).status_code == 200


def test_token_guards_every_request(served):
    client, token, session, _ = served
    assert client.get("/").status_code == 403
    assert client.get("/?token=wrong").status_code == 403
    assert client.get("/api/articles").status_code == 403
    key = next(iter(_keys(client, token).values()))
    r = client.post(f"/api/articles/{key}", json={"field": "status", "value": "reviewed"},
                    headers={"X-Review-Token": "wrong"})
    assert r.status_code == 403 and not session.store.path.exists()
    # a form post (what another site could send without a preflight) is not JSON: refused
    r = client.post(f"/api/articles/{key}", content=b"field=status&value=reviewed",
                    headers={"X-Review-Token": token,
                             "Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 415 and not session.store.path.exists()


def test_page_lists_articles_as_text_with_strict_headers(served):
    client, token, _, _ = served
    r = client.get(f"/?token={token}")
    assert r.status_code == 200
    assert "技能比武迎新春" in r.text and "职工书屋进园区" in r.text
    assert "<script>window" not in r.text and "&lt;script&gt;window" in r.text
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["referrer-policy"] == "no-referrer"
    assert client.get("/static/review.js").status_code == 200
    assert client.get("/static/../command.py").status_code == 404


def test_edit_saved_and_shown(served):
    client, token, session, folder = served
    h = {"X-Review-Token": token}
    key = _keys(client, token)["技能比武迎新春"]
    d = client.get(f"/api/articles/{key}", headers=h).json()
    fig = d["figures"][0]["key"]
    assert any(m["type"] == "lead" for m in d["marks"])
    assert d["text"][d["marks"][0]["start"]:d["marks"][0]["end"]] == d["marks"][0]["label"]
    r = client.post(f"/api/articles/{key}", headers=h,
                    json={"field": "figure", "figure": fig, "value": {"role": "total"}})
    assert r.status_code == 200 and r.json()["figures"][0]["role"] == "total"
    r = client.post(f"/api/articles/{key}", headers=h, json={"field": "status", "value": "reviewed"})
    assert r.json()["status"] == "reviewed"
    r = client.post(f"/api/articles/{key}", headers=h, json={"field": "categories", "value": ["x"]})
    assert r.status_code == 400 and "未知的类别" in r.json()["error"]
    assert client.get("/api/articles/nope", headers=h).status_code == 404
    entry = load(folder / "corrections.yaml").articles[key]
    assert entry.status == "reviewed" and entry.by == "李四"
    assert entry.changes.figures[fig].corrected.role == "total"
    # the preview says where the article goes
    preview = client.get(f"/api/articles/{key}", headers=h).json()["preview"]
    assert "金华市东阳市总工会" in preview["units"] and preview["lines"]
    assert sorted(p.name for p in folder.iterdir()) == ["corrections.yaml", "deqing.txt",
                                                        "dongyang.txt", "hostile.txt"]
