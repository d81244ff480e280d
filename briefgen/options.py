"""The settings of a render, and their defaults: one object shared by the library, the CLI and batch workers."""

from __future__ import annotations

from functools import cache
from typing import Any

import pydantic
from pydantic import BaseModel, ConfigDict

from .defaults import DEFAULT_FORMATS, DEFAULT_TEMPLATE
from .errors import InputError

__all__ = ["DEFAULT_FORMATS", "DEFAULT_TEMPLATE", "PDF_VARIANTS", "RenderOptions", "pdf_variants", "render_options"]


@cache
def pdf_variants() -> tuple[str, ...]:
    """Return the PDF variants a brief may be written as: the standards WeasyPrint writes (PDF/A, PDF/UA, PDF/X).

    Read from WeasyPrint's own list, so that a WeasyPrint that adds or drops one changes briefgen's choice
    with it; its "debug" variant, a developer's aid rather than a kind of PDF, is left out.
    """
    from weasyprint.pdf import VARIANTS

    return tuple(name for name in VARIANTS if name.startswith("pdf/"))


PDF_VARIANTS: tuple[str, ...]
"""The PDF variants a brief may be written as: ``pdf_variants()``, read when first asked for."""


def __getattr__(name: str) -> Any:
    # PDF_VARIANTS reads WeasyPrint's list, whose import costs most of a second: only when asked for.
    if name == "PDF_VARIANTS":
        return pdf_variants()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class RenderOptions(BaseModel):
    """Settings of a render. Each renderer names the ones it reads in its ``options`` attribute."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    template: str = DEFAULT_TEMPLATE
    pdf_variant: str | None = None
    pdf_tags: bool = True
    attach_json: bool = True
    chart: bool = True
    review: bool = False
    """The review rendering of a draft: each drafted item's evidence, source, rule and confidence beside it."""


def render_options(options: RenderOptions | None = None, **changes: Any) -> RenderOptions:
    """Return render options: ``options`` (or the defaults) with ``changes`` applied and checked.

    Raises:
        InputError: an unknown option, a value of the wrong type, or an unknown PDF variant.
    """
    variant = changes.get("pdf_variant")
    if variant is not None and variant not in pdf_variants():
        raise InputError(f"unknown PDF variant {variant!r}; choose one of {', '.join(pdf_variants())}")
    base = (options or RenderOptions()).model_dump()
    try:
        return RenderOptions(**{**base, **changes})
    except pydantic.ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors(include_url=False))
        raise InputError(f"render options: {problems}") from exc
