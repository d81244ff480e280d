"""What every renderer shares: its protocol, its options and the template variables."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from functools import partial
from typing import Any, ClassVar, Protocol, runtime_checkable
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict

from ..i18n import format_date
from ..model import Brief
from ..packs import TemplatePack
from ..templating import Context, build_context, source_date_epoch

__all__ = ["PDF_VARIANTS", "RenderOptions", "Renderer", "safe_link", "template_variables"]

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
    """Settings of a render, shared by the library and the command line."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    template: str = "standard"
    pdf_variant: str | None = None
    pdf_tags: bool = True
    attach_json: bool = True
    chart: bool = True


@runtime_checkable
class Renderer(Protocol):
    """An output format.

    ``render`` takes a validated Brief, the template pack to draw it with and the
    options, and returns the whole file as bytes. It raises ``RenderError`` when
    the format cannot be produced and ``TemplateError`` when the pack is at fault;
    it writes nothing to disk.
    """

    name: ClassVar[str]
    extension: ClassVar[str]
    media_type: ClassVar[str]

    def render(self, brief: Brief, pack: TemplatePack, options: RenderOptions) -> bytes:
        """Return the file's bytes."""
        ...


SAFE_SCHEMES = {"http", "https", "mailto"}


def safe_link(url: str | None) -> str | None:
    """Return a URL fit to be a link target, or None (javascript:, file:, data: … are shown, never linked)."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in SAFE_SCHEMES else None


def keywords(brief: Brief) -> list[str]:
    """Return the brief's keywords: the event and the parties."""
    words = [brief.event.name] if brief.event else []
    words += [p.actor for p in brief.positions]
    return list(dict.fromkeys(words))


def template_variables(brief: Brief, pack: TemplatePack, options: RenderOptions) -> dict[str, Any]:
    """Return the variables every template of a pack is rendered with."""
    ctx: Context = build_context(brief)
    if options.chart:
        from .chart import attendance_chart

        chart = attendance_chart(brief, ctx.t)
        if chart is not None:
            ctx = replace(ctx, chart_svg=chart.svg, chart_png=chart.png, chart_alt=chart.alt)
    stamp: dt.datetime = source_date_epoch(brief)
    return {
        **ctx.as_dict(),
        "ctx": ctx,
        "css": pack.stylesheet,
        "keywords": ", ".join(keywords(brief)),
        "timestamp": stamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "note_for": ctx.note_for,
        "format_date": partial(format_date, language=brief.language),
        "link": safe_link,
        "chart_uri": _data_uri(ctx.chart_svg) if ctx.chart_svg else None,
    }


def _data_uri(svg: str) -> str:
    """Return an SVG as a data: URI, so it is drawn as an image and its styles are not read as page CSS."""
    import base64

    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
