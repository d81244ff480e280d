"""The routes outside /v1: the browser workspace, the documentation page and the health check."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ..defaults import DEFAULT_TEMPLATE
from .settings import ServeSettings

if TYPE_CHECKING:
    from .app import _Service

__all__ = ["pages"]


def _environment() -> Any:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("briefgen.serve", "templates"), autoescape=True, undefined=jinja2.StrictUndefined
    )


def pages(service: _Service, settings: ServeSettings) -> APIRouter:
    """Return the router of the workspace, ``/docs`` and ``/healthz``."""
    router = APIRouter(include_in_schema=False)
    env = _environment()

    @router.get("/", response_class=HTMLResponse)
    async def workspace() -> HTMLResponse:
        packs = [*service.registry.names("template"), *service.user_packs()]
        page = env.get_template("workspace.html.j2").render(
            auth=settings.token is not None, packs=packs, default_pack=DEFAULT_TEMPLATE
        )
        return HTMLResponse(page, headers={"Content-Security-Policy": _CSP})

    @router.get("/docs", response_class=HTMLResponse)
    async def docs(request: Request) -> HTMLResponse:
        spec = request.app.openapi()
        operations = [
            {"method": method.upper(), "path": path, **operation}
            for path, methods in spec["paths"].items()
            for method, operation in methods.items()
        ]
        auth = settings.token is not None
        page = env.get_template("docs.html.j2").render(spec=spec, operations=operations, auth=auth)
        return HTMLResponse(page, headers={"Content-Security-Policy": _CSP})

    @router.get("/healthz")
    async def healthz() -> dict[str, Any]:
        pool = service.pool
        return {"status": "ok", "workers": pool.size, "in_flight": pool.in_flight}

    return router


# Scripts and styles only from the service's own files: no inline script can run, whatever a brief holds.
# The preview frame gets its document through srcdoc and is sandboxed without scripts.
_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "frame-src 'self'; object-src 'none'; base-uri 'none'"
)
