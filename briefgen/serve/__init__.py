"""The briefgen service: an HTTP API for report workflows and a browser workspace for analysts.

Needs the ``serve`` extra (``pip install 'briefgen[serve]'``)::

    from briefgen.serve import ServeSettings, create_app
    app = create_app(ServeSettings(workers=2))   # any ASGI server can run it
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .settings import TOKEN_VARIABLE, ServeSettings

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["TOKEN_VARIABLE", "ServeSettings", "create_app", "serve"]


def create_app(settings: ServeSettings | None = None) -> FastAPI:
    """Return the service's ASGI application (settings from the environment when not given).

    Raises:
        InputError: the ``serve`` extra is not installed.
    """
    _need_extra()
    from .app import create_app as make

    return make(settings)


def _need_extra() -> None:
    from importlib.util import find_spec

    from ..errors import InputError

    missing = [name for name in ("fastapi", "uvicorn", "python_multipart") if find_spec(name) is None]
    if missing:
        names = ", ".join(missing)
        raise InputError(f"briefgen serve needs the serve extra ({names} missing): pip install 'briefgen[serve]'")


def serve(settings: ServeSettings, *, log: Any = None) -> None:
    """Run the service with uvicorn until interrupted.

    Raises:
        InputError: the extra is missing, or the packs folder does not exist.
    """
    from ..errors import InputError

    _need_extra()
    if settings.packs is not None and not settings.packs.is_dir():
        raise InputError(f"{settings.packs}: no such folder (--packs)")
    import uvicorn

    if log is not None:
        auth = "on (bearer token from " + TOKEN_VARIABLE + ")" if settings.token else "off"
        log(f"briefgen serve: http://{settings.host}:{settings.port}/ · {settings.workers} workers · token {auth}")
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, server_header=False, log_level="info")
