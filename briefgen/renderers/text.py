"""Text formats: HTML (the same document the PDF is made from), Markdown and the brief as JSON."""

from __future__ import annotations

import json
from typing import ClassVar

import jinja2

from ..errors import RenderError
from ..model import Brief
from ..packs import TemplatePack
from .base import RenderOptions, template_variables

__all__ = ["HtmlRenderer", "JsonRenderer", "MarkdownRenderer", "brief_json", "render_html", "render_template"]


def render_template(
    pack: TemplatePack, name: str, brief: Brief, options: RenderOptions, *, inline_css: bool = True
) -> str:
    """Return a pack's template rendered for a brief.

    Raises:
        TemplateError: the template is missing or does not compile.
        RenderError: the template fails while rendering (with its file and line).
    """
    template = pack.template(name)
    try:
        variables = template_variables(brief, pack, options)
        if not inline_css:
            variables["css"] = ""
        return template.render(variables)
    except jinja2.TemplateError as exc:
        raise RenderError(f"{pack.path / name}: {exc}") from exc


def render_html(pack: TemplatePack, brief: Brief, options: RenderOptions, *, inline_css: bool = True) -> str:
    """Return the pack's HTML document for a brief."""
    return render_template(pack, pack.html, brief, options, inline_css=inline_css)


class HtmlRenderer:
    """A standalone HTML page: the document the PDF is typeset from."""

    name: ClassVar[str] = "html"
    extension: ClassVar[str] = "html"
    media_type: ClassVar[str] = "text/html"

    def render(self, brief: Brief, pack: TemplatePack, options: RenderOptions) -> bytes:
        """Return the HTML as UTF-8 bytes."""
        return render_html(pack, brief, options).encode("utf-8")


class MarkdownRenderer:
    """A Markdown brief, for e-mail, wikis and review tools."""

    name: ClassVar[str] = "md"
    extension: ClassVar[str] = "md"
    media_type: ClassVar[str] = "text/markdown"

    def render(self, brief: Brief, pack: TemplatePack, options: RenderOptions) -> bytes:
        """Return the Markdown as UTF-8 bytes."""
        if pack.markdown is None:
            raise RenderError(f"template pack {pack.name!r} has no Markdown template")
        return render_template(pack, pack.markdown, brief, options.model_copy(update={"chart": False})).encode()


class JsonRenderer:
    """The validated brief as JSON: the contract's field names, dates in ISO form."""

    name: ClassVar[str] = "json"
    extension: ClassVar[str] = "json"
    media_type: ClassVar[str] = "application/json"

    def render(self, brief: Brief, pack: TemplatePack, options: RenderOptions) -> bytes:
        """Return the brief as pretty-printed UTF-8 JSON."""
        return brief_json(brief)


def brief_json(brief: Brief) -> bytes:
    """Return a brief as UTF-8 JSON, leaving out fields that are not set."""
    data = brief.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
