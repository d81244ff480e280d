"""The work a service worker process does: warm up once, then render, draft and review briefs on request.

Each job returns plain data that crosses a process boundary: ``("ok", value)`` or
``("error", status, message, problems)``; no exception leaves a job.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from typing import Any

__all__ = ["Failure", "File", "run_job", "warm_up"]

File = tuple[str, str, bytes]
"""One output file: its extension, its media type and its bytes."""

Failure = tuple[str, int, str, list[dict[str, Any]]]

BODY_NAME = "<body>"
"""How a request's brief is named in located messages (the CLI says ``<stdin>`` for standard input)."""

_WARM_FORMATS = ("pdf", "docx", "html")
_WARM_ARTICLE = (
    "Leaders meet in Geneva\n\n"
    "Delegations from France and Germany met in Geneva on Monday for talks on a ceasefire, officials said."
)


def warm_up() -> None:
    """Load the registry, the default pack, the rendering engines and the extractor once per process."""
    from ..api import default_registry, extract
    from ..extraction import read_article
    from ..options import DEFAULT_TEMPLATE

    registry = default_registry()
    registry.template(DEFAULT_TEMPLATE)
    for fmt in _WARM_FORMATS:
        registry.renderer(fmt).warm_up()
    # The rules extractor loads its language pipeline on first use: pay for it here.
    extract([read_article(_WARM_ARTICLE.encode(), "warm-up.txt", "s1")])


def run_job(name: str, arguments: dict[str, Any]) -> tuple[str, Any] | Failure:
    """Run one job by name and return its result or its failure, never raising."""
    from ..errors import BriefgenError, InputError, ValidationError

    try:
        return ("ok", _JOBS[name](**arguments))
    except ValidationError as exc:
        return ("error", 422, str(exc), [dataclasses.asdict(p) for p in exc.problems])
    except BriefgenError as exc:
        status = 400 if isinstance(exc, InputError) or exc.exit_code == 2 else 500
        return ("error", status, str(exc), [])
    except Exception as exc:  # one request's unexpected failure is reported and the worker goes on
        return ("error", 500, f"internal error: {type(exc).__name__}: {exc}", [])


def _load(body: bytes, syntax: str | None) -> Any:
    from ..serialisation import loads

    return loads(body, syntax if syntax in ("yaml", "json") else None, name=BODY_NAME)  # type: ignore[arg-type]


def _render(brief: Any, formats: list[str], pack: str, variant: str | None) -> list[File]:
    from ..api import default_registry, prepare_view, render
    from ..options import render_options

    registry = default_registry()
    options = render_options(template=pack, pdf_variant=variant)
    renderers = [registry.renderer(fmt) for fmt in formats]  # an unknown format fails before any work
    view = prepare_view(brief, options, registry)
    return [(r.extension, r.media_type, render(view, r.name, options=options, registry=registry)) for r in renderers]


def _articles(articles: list[tuple[str, bytes]]) -> list[Any]:
    from ..errors import InputError
    from ..extraction import read_article

    if not articles:
        raise InputError("no articles given: paste an article's text or upload .txt, .md or .html files")
    return [read_article(data, name, f"s{number}") for number, (name, data) in enumerate(articles, start=1)]


def render_brief(body: bytes, syntax: str | None, formats: list[str], pack: str, variant: str | None) -> list[File]:
    """Return a brief in YAML or JSON rendered to each format."""
    return _render(_load(body, syntax), formats, pack, variant)


def draft(articles: list[tuple[str, bytes]], merge: bool, syntax: str) -> bytes:
    """Return the brief drafted from articles (name and bytes of each) as YAML or JSON."""
    from ..api import extract
    from ..serialisation import dump

    return dump(extract(_articles(articles), merge=merge), "json" if syntax == "json" else "yaml")


def build(
    articles: list[tuple[str, bytes]], merge: bool, formats: list[str], pack: str, variant: str | None
) -> list[File]:
    """Return the brief drafted from articles, rendered to each format."""
    from ..api import extract

    return _render(extract(_articles(articles), merge=merge), formats, pack, variant)


def review(body: bytes) -> str:
    """Return the review view of a draft: each drafted item beside its evidence, as an HTML fragment."""
    from .review import review_html

    return review_html(_load(body, "json"))


def validate(body: bytes, syntax: str | None) -> dict[str, Any]:
    """Check a brief; return its warnings (a failure carries the located problems)."""
    from ..review import unresolved

    brief = _load(body, syntax)
    # What stops approval, worded as `briefgen approve` and `briefgen validate` word it.
    warnings = [f"{problem.field}: {problem.message}" for problem in unresolved(brief, "<body>", {})]
    return {"ok": True, "warnings": warnings, "brief": json.loads(_dump_json(brief))}


def _dump_json(brief: Any) -> bytes:
    from ..serialisation import dump

    return dump(brief, "json")


_JOBS: dict[str, Callable[..., Any]] = {
    "render": render_brief,
    "draft": draft,
    "build": build,
    "review": review,
    "validate": validate,
}
