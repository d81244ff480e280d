"""The settings of a render, and their defaults: one object shared by the library, the CLI and batch workers."""

from __future__ import annotations

from typing import Any

import pydantic
from pydantic import BaseModel, ConfigDict

from .defaults import DEFAULT_FORMATS, DEFAULT_TEMPLATE
from .errors import InputError

__all__ = ["DEFAULT_FORMATS", "DEFAULT_TEMPLATE", "PDF_VARIANTS", "RenderOptions", "render_options"]


PDF_VARIANTS = (
    "pdf/a-1b",
    "pdf/a-2b",
    "pdf/a-3b",
    "pdf/a-2u",
    "pdf/a-3u",
    "pdf/a-4b",
    "pdf/ua-1",
    "pdf/ua-2",
)
"""The PDF variants a brief may be written as (WeasyPrint's archival and accessible ones)."""


class RenderOptions(BaseModel):
    """Settings of a render. Each renderer names the ones it reads in its ``options`` attribute."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    template: str = DEFAULT_TEMPLATE
    pdf_variant: str | None = None
    pdf_tags: bool = True
    attach_json: bool = True
    chart: bool = True


def render_options(options: RenderOptions | None = None, **changes: Any) -> RenderOptions:
    """Return render options: ``options`` (or the defaults) with ``changes`` applied and checked.

    Raises:
        InputError: an unknown option, a value of the wrong type, or an unknown PDF variant.
    """
    variant = changes.get("pdf_variant")
    if variant is not None and variant not in PDF_VARIANTS:
        raise InputError(f"unknown PDF variant {variant!r}; choose one of {', '.join(PDF_VARIANTS)}")
    base = (options or RenderOptions()).model_dump()
    try:
        return RenderOptions(**{**base, **changes})
    except pydantic.ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors(include_url=False))
        raise InputError(f"render options: {problems}") from exc
