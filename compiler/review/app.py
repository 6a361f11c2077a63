"""The review web application (Starlette): the page, its JSON API, and the guards around both."""
from __future__ import annotations

import json
import secrets
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from compiler.errors import UserError
from compiler.review.session import Session

STATIC = Path(__file__).resolve().parent / "static"
TEMPLATES = Path(__file__).resolve().parent / "templates"
TOKEN_HEADER = "x-review-token"
MAX_BODY = 64 * 1024

# Nothing but this origin's own files: even text that slipped into the DOM as markup could not
# run a script, load an image from elsewhere or send anything out.
_SECURITY_HEADERS = {
    "content-security-policy": "default-src 'none'; script-src 'self'; style-src 'self'; "
                               "img-src 'self'; connect-src 'self'; base-uri 'none'; "
                               "form-action 'none'; frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",  # the token is in the address: never pass it on
    "cache-control": "no-store",
    "cross-origin-resource-policy": "same-origin",
}


class LocalOnly:
    """ASGI middleware: refuse a request whose Host is not this server's local address (DNS
    rebinding) or whose Origin is another site (a page elsewhere posting here), and put the
    security headers on every answer."""

    def __init__(self, app, port: int) -> None:
        self.app = app
        self.hosts = {f"127.0.0.1:{port}", f"localhost:{port}"}
        self.origins = {f"http://{h}" for h in self.hosts}

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        problem = None
        if headers.get("host", "").lower() not in self.hosts:
            problem = "拒绝访问：请求的主机名不是本机核对页面的地址"
        elif "origin" in headers and headers["origin"].lower() not in self.origins:
            problem = "拒绝访问：请求来自其他网站"
        elif headers.get("sec-fetch-site") == "cross-site":
            problem = "拒绝访问：请求来自其他网站"
        if problem:
            response = PlainTextResponse(problem, status_code=403, headers=_SECURITY_HEADERS)
            return await response(scope, receive, send)

        async def secure(message) -> None:
            if message["type"] == "http.response.start":
                raw = [(k, v) for k, v in message.get("headers", [])
                       if k.decode("latin-1").lower() not in _SECURITY_HEADERS]
                raw += [(k.encode(), v.encode()) for k, v in _SECURITY_HEADERS.items()]
                message = {**message, "headers": raw}
            await send(message)

        await self.app(scope, receive, secure)


def _error(message: str, status: int) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def create_app(session: Session, port: int, token: str | None = None,
               title: str = "稿件核对") -> tuple[Any, str]:
    """The ASGI application and its token (random unless given)."""
    token = token or secrets.token_urlsafe(24)
    templates = Environment(loader=FileSystemLoader(TEMPLATES),
                            autoescape=select_autoescape(["html"]))

    def token_ok(value: str | None) -> bool:
        if not value:
            return False
        return secrets.compare_digest(value.encode(), token.encode())

    def guarded(handler):
        async def run(request: Request) -> Response:
            if not token_ok(request.headers.get(TOKEN_HEADER)):
                return _error("缺少或错误的访问令牌：请使用启动时打印的完整地址打开页面", 403)
            try:
                return await handler(request)
            except KeyError:
                return _error("没有这篇稿件（稿件列表可能已改变，请刷新页面）", 404)
            except UserError as exc:
                return _error(str(exc), 400)
        return run

    async def index(request: Request) -> Response:
        if not token_ok(request.query_params.get("token")):
            return HTMLResponse(templates.get_template("denied.html").render(), status_code=403)
        try:
            rows = session.rows()
        except UserError as exc:  # a corrections file broken by hand while the page is served
            return HTMLResponse(templates.get_template("denied.html").render(message=str(exc)),
                                status_code=500)
        html = templates.get_template("index.html").render(
            title=title, token=token, rows=rows,
            reviewed=sum(r["status"] != "open" for r in rows))
        return HTMLResponse(html)

    async def vocab(request: Request) -> Response:
        return JSONResponse(session.vocab.as_json())

    async def articles(request: Request) -> Response:
        return JSONResponse({"articles": session.rows(), "corrections": str(session.store.path),
                             "reviewer": session.store.reviewer})

    async def article(request: Request) -> Response:
        return JSONResponse(session.detail(request.path_params["key"]))

    async def edit(request: Request) -> Response:
        if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
            return _error("请求格式错误：应为 JSON", 415)
        body = await request.body()
        if len(body) > MAX_BODY:
            return _error("请求过大", 413)
        try:
            data = json.loads(body)
            field, value = data["field"], data.get("value")
        except (ValueError, KeyError, TypeError):
            return _error("请求格式错误", 400)
        key = request.path_params["key"]
        item = session.item(key)
        session.store.edit(key, item.article, item.doc.source, str(field), value,
                           figure=data.get("figure"))
        return JSONResponse(session.detail(key))

    routes = [
        Route("/", index),
        Route("/api/vocab", guarded(vocab)),
        Route("/api/articles", guarded(articles)),
        Route("/api/articles/{key:str}", guarded(article), methods=["GET"]),
        Route("/api/articles/{key:str}", guarded(edit), methods=["POST"]),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    app = Starlette(routes=routes)
    return LocalOnly(app, port), token
