"""The ASGI application: the /v1 routes, the limits, the token check, the workspace and the docs page."""

from __future__ import annotations

import hmac
import io
import re
import zipfile
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import UploadFile

from ..defaults import DEFAULT_TEMPLATE
from ..registry import Registry
from .jobs import File
from .settings import ServeSettings
from .workers import Busy, JobFailed, JobTimeout, WorkerPool

__all__ = ["create_app"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

HERE = Path(__file__).resolve().parent
_YAML_TYPES = {"application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml"}
_ARTICLE_TYPES = {"text/plain", "text/markdown", "text/html", "application/xhtml+xml"}
_PACK_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_MAX_ARTICLES = 50
_ZIP_DATE = (2000, 1, 1, 0, 0, 0)  # a fixed date, so the same brief gives the same zip

_BRIEF_BODY = {
    "required": True,
    "description": "A brief as YAML (`Content-Type: application/yaml`) or JSON (`application/json`); see /v1/schema.",
    "content": {
        "application/yaml": {"schema": {"type": "string"}},
        "application/json": {"schema": {"type": "object"}},
    },
}
_ARTICLES_BODY = {
    "required": True,
    "description": (
        "News articles: one article as `text/plain`, `text/markdown` or `text/html`, or `multipart/form-data` "
        'with uploaded files (`files`) and pasted text (`text`), or JSON `{"articles": [{"name", "text"}]}`.'
    ),
    "content": {
        "text/plain": {"schema": {"type": "string"}},
        "text/html": {"schema": {"type": "string"}},
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {
                    "files": {"type": "array", "items": {"type": "string", "format": "binary"}},
                    "text": {"type": "string"},
                },
            }
        },
    },
}
_FILE_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "The file, or a zip of the files when several formats are asked for."},
    400: {"description": "The input is wrong; `detail` says where and why."},
    401: {"description": "The bearer token is missing or wrong (only when the service has one)."},
    413: {"description": "The request body is larger than the service accepts."},
    422: {"description": "The brief breaks the contract; `problems` lists each fault, located."},
    503: {"description": "Too many requests at once; try again after `Retry-After` seconds."},
    504: {"description": "The work took longer than the time limit and was stopped."},
}


class _BodyLimit:
    """Answer 413 to a request whose body is larger than the limit, before any route reads it."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._refuse(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > self.limit:
                await self._refuse(scope, receive, send)
                return
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        limit = f"{self.limit / 1024 / 1024:.1f} MiB" if self.limit >= 1024 * 1024 else f"{self.limit:,} bytes"
        response = JSONResponse({"detail": f"the request body is larger than the limit of {limit}"}, 413)
        await response(scope, receive, send)


class _Service:
    """What the routes share: the settings, the worker pool and the plugins known to this process."""

    def __init__(self, settings: ServeSettings) -> None:
        self.settings = settings
        self.pool = WorkerPool(settings.workers, max_requests=settings.max_requests)
        self.registry = Registry.discover()

    def user_packs(self) -> dict[str, Path]:
        """Return the packs in the configured folder (names of built-in or installed packs excluded)."""
        folder = self.settings.packs
        if folder is None or not folder.is_dir():
            return {}
        taken = set(self.registry.names("template"))
        return {
            d.name: d.resolve()
            for d in sorted(folder.iterdir())
            if _PACK_NAME.match(d.name) and d.name not in taken and (d / "pack.toml").is_file()
        }

    def pack(self, name: str | None) -> str:
        """Return the pack to render with: an installed pack's name, or the folder of a user pack."""
        if not name:
            return DEFAULT_TEMPLATE
        if name in self.registry.names("template"):
            return name
        user = self.user_packs()
        if name in user:
            return str(user[name])
        known = ", ".join([*self.registry.names("template"), *user])
        raise JobFailed(400, f"unknown template pack {name!r} (available: {known})", [])

    def formats(self, values: list[str]) -> list[str]:
        """Return the formats asked for (repeated or comma-separated), each one the service can render."""
        wanted = list(dict.fromkeys(f.strip().lower() for v in values for f in v.split(",") if f.strip()))
        if not wanted:
            raise JobFailed(400, "give at least one format, e.g. ?format=pdf", [])
        known = self.registry.names("renderer")
        for fmt in wanted:
            if fmt not in known:
                raise JobFailed(400, f"unknown output format {fmt!r} (available: {', '.join(known)})", [])
        return wanted

    async def run(self, name: str, **arguments: Any) -> Any:
        return await self.pool.run(name, self.settings.timeout, **arguments)


def _media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def _brief_syntax(request: Request) -> str | None:
    media = _media_type(request)
    if media == "application/json":
        return "json"
    if media in _YAML_TYPES:
        return "yaml"
    if media in ("", "text/plain", "application/octet-stream"):
        return None
    raise JobFailed(415, f"send the brief as application/yaml or application/json, not {media}", [])


def _safe_name(name: str, fallback: str) -> str:
    """Return a client's file name reduced to a plain name: it labels an article and is never opened."""
    base = re.split(r"[\\/]", name)[-1]
    cleaned = re.sub(r"[^A-Za-z0-9._ -]", "_", base).strip(" .")
    return cleaned[:100] or fallback


async def _articles(request: Request) -> list[tuple[str, bytes]]:
    media = _media_type(request)
    articles: list[tuple[str, bytes]] = []
    if media in ("multipart/form-data", "application/x-www-form-urlencoded"):
        async with request.form(max_files=_MAX_ARTICLES, max_fields=_MAX_ARTICLES) as form:
            for key, value in form.multi_items():
                number = len(articles) + 1
                if isinstance(value, UploadFile):
                    data = await value.read()
                    if data or value.filename:
                        articles.append((_safe_name(value.filename or "", f"upload-{number}.txt"), data))
                elif key == "text" and value.strip():
                    articles.append((f"pasted-{number}.txt", value.encode("utf-8")))
    elif media in _ARTICLE_TYPES or media == "":
        suffix = ".html" if "html" in media else ".txt"
        articles.append((f"article{suffix}", await request.body()))
    elif media == "application/json":
        articles = _json_articles(await request.body())
    else:
        raise JobFailed(415, f"send articles as text, HTML, multipart/form-data or JSON, not {media}", [])
    if len(articles) > _MAX_ARTICLES:
        raise JobFailed(400, f"at most {_MAX_ARTICLES} articles per request", [])
    return articles


def _json_articles(body: bytes) -> list[tuple[str, bytes]]:
    import json

    try:
        data = json.loads(body)
        items = data["articles"]
        return [
            (_safe_name(str(a.get("name") or ""), f"article-{n}.txt"), str(a["text"]).encode("utf-8"))
            for n, a in enumerate(items, start=1)
        ]
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise JobFailed(
            400, f'send JSON as {{"articles": [{{"name": "a.txt", "text": "…"}}]}}; this body is not ({exc})', []
        ) from None


def _files(files: list[File], stem: str) -> Response:
    if len(files) == 1:
        extension, media_type, data = files[0]
        return Response(
            data, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{stem}.{extension}"'}
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for extension, _, data in files:
            archive.writestr(zipfile.ZipInfo(f"{stem}.{extension}", _ZIP_DATE), data, zipfile.ZIP_DEFLATED)
    return Response(
        buffer.getvalue(),
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{stem}.zip"'},
    )


_bearer = HTTPBearer(auto_error=False, description="Required when the service has BRIEFGEN_SERVE_TOKEN set.")
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
# Module-level, so that FastAPI can resolve the annotation (a local name would not be found).


def _token_check(settings: ServeSettings) -> Callable[..., Awaitable[None]]:
    expected = settings.token.get_secret_value().encode("utf-8") if settings.token else None

    async def check(credentials: Credentials) -> None:
        if expected is None:
            return
        given = credentials.credentials.encode("utf-8") if credentials else b""
        if not hmac.compare_digest(given, expected):
            raise JobFailed(401, "this service needs a bearer token: send Authorization: Bearer <token>", [])

    return check


def create_app(settings: ServeSettings | None = None) -> FastAPI:
    """Return the service's ASGI application; its worker processes start with the app's lifespan."""
    from .. import __version__

    settings = settings or ServeSettings.from_env()
    service = _Service(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await service.pool.start()
        try:
            yield
        finally:
            await service.pool.close()

    app = FastAPI(
        title="briefgen",
        version=__version__,
        description="Render briefing documents from briefs, and draft briefs from news articles.",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.service = service
    app.add_middleware(_BodyLimit, limit=settings.max_body_bytes)
    _errors(app)
    app.include_router(_api(service, settings))
    from .pages import pages

    app.include_router(pages(service, settings))
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    return app


def _errors(app: FastAPI) -> None:
    async def failed(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, JobFailed)
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return JSONResponse({"detail": exc.message, "problems": exc.problems}, exc.status, headers=headers)

    async def busy(request: Request, exc: Exception) -> Response:
        return JSONResponse({"detail": str(exc)}, 503, headers={"Retry-After": "1"})

    async def timeout(request: Request, exc: Exception) -> Response:
        return JSONResponse({"detail": str(exc)}, 504)

    app.add_exception_handler(JobFailed, failed)
    app.add_exception_handler(Busy, busy)
    app.add_exception_handler(JobTimeout, timeout)


FormatQuery = Annotated[
    list[str], Query(description="Output format(s): pdf, docx, html, md, json; repeat or comma-separate for a zip.")
]
PackQuery = Annotated[str | None, Query(description="Template pack: an installed one, or one in the --packs folder.")]
VariantQuery = Annotated[str | None, Query(description="PDF variant, e.g. pdf/a-3b or pdf/ua-1.")]
MergeQuery = Annotated[bool, Query(description="Draft one brief even from articles about different events.")]


def _api(service: _Service, settings: ServeSettings) -> APIRouter:
    router = APIRouter(prefix="/v1", dependencies=[Depends(_token_check(settings))])

    @router.post("/render", responses=_FILE_RESPONSES, openapi_extra={"requestBody": _BRIEF_BODY})
    async def render(
        request: Request,
        format: FormatQuery = ["pdf"],  # noqa: B006 - FastAPI reads the default, never mutates it
        pack: PackQuery = None,
        variant: VariantQuery = None,
    ) -> Response:
        """Render a brief to PDF, DOCX, HTML, Markdown or JSON."""
        syntax = _brief_syntax(request)
        formats, template = service.formats(format), service.pack(pack)
        body = await request.body()
        files = await service.run("render", body=body, syntax=syntax, formats=formats, pack=template, variant=variant)
        return _files(files, "brief")

    @router.post("/extract", responses=_FILE_RESPONSES, openapi_extra={"requestBody": _ARTICLES_BODY})
    async def extract(
        request: Request,
        format: Annotated[str, Query(description="json or yaml.", pattern="^(json|yaml)$")] = "json",
        merge: MergeQuery = False,
    ) -> Response:
        """Draft a brief from news articles, for an analyst to check."""
        articles = await _articles(request)
        data = await service.run("draft", articles=articles, merge=merge, syntax=format)
        return Response(data, media_type="application/json" if format == "json" else "application/yaml")

    @router.post("/build", responses=_FILE_RESPONSES, openapi_extra={"requestBody": _ARTICLES_BODY})
    async def build(
        request: Request,
        format: FormatQuery = ["pdf"],  # noqa: B006
        pack: PackQuery = None,
        variant: VariantQuery = None,
        merge: MergeQuery = False,
    ) -> Response:
        """Draft a brief from news articles and render it in one step."""
        formats, template = service.formats(format), service.pack(pack)
        articles = await _articles(request)
        files = await service.run(
            "build", articles=articles, merge=merge, formats=formats, pack=template, variant=variant
        )
        stem = Path(articles[0][0]).stem if articles else "brief"
        return _files(files, _safe_name(stem, "brief"))

    @router.post("/validate", responses=_FILE_RESPONSES, openapi_extra={"requestBody": _BRIEF_BODY})
    async def validate(request: Request) -> dict[str, Any]:
        """Check a brief against the contract: 200 with warnings, or 422 with each located fault."""
        result: dict[str, Any] = await service.run("validate", body=await request.body(), syntax=_brief_syntax(request))
        return result

    @router.post("/review", response_class=HTMLResponse, openapi_extra={"requestBody": _BRIEF_BODY})
    async def review(request: Request) -> HTMLResponse:
        """Return the review view of a draft (JSON): each drafted item beside its evidence, as HTML."""
        return HTMLResponse(await service.run("review", body=await request.body()))

    @router.get("/schema")
    async def schema() -> dict[str, Any]:
        """Return the JSON Schema of a brief."""
        from ..model import json_schema

        return json_schema()

    @router.get("/templates")
    async def templates() -> list[dict[str, Any]]:
        """List the template packs a render may name."""
        from ..errors import BriefgenError
        from ..packs import TemplatePack

        out: list[dict[str, Any]] = []
        for name in service.registry.names("template"):
            info = service.registry.plugins["template"][name]
            try:
                description = service.registry.template(name).description
            except BriefgenError as exc:
                description = f"(broken: {exc})"
            out.append({"name": name, "description": description, "source": info.distribution})
        for name, folder in service.user_packs().items():
            try:
                description = TemplatePack.from_dir(folder).description
            except BriefgenError as exc:
                description = f"(broken: {str(exc).replace(str(folder), name)})"
            out.append({"name": name, "description": description, "source": "packs folder"})
        return out

    return router
