"""Text formats: HTML (the same document the PDF is made from), Markdown and the brief as JSON."""

from __future__ import annotations

from typing import ClassVar

from markupsafe import Markup

from ..errors import RenderError
from ..options import RenderOptions
from ..packs import TemplatePack
from ..serialisation import dump
from ..typography import typeset, typeset_markup
from ..view import BriefView

__all__ = ["HtmlRenderer", "JsonRenderer", "MarkdownRenderer", "render_html", "render_template"]


def render_template(
    pack: TemplatePack, name: str, view: BriefView, *, chart: bool = True, inline_css: bool = True
) -> str:
    """Return a pack's template rendered for the view of a brief.

    Raises:
        TemplateError: the template is missing or does not compile.
        RenderError: the template fails while rendering (with its file and line).
    """
    variables = view.variables(chart=chart)
    variables["css"] = pack.stylesheet if inline_css else ""
    # A page for a browser (its own screen and print styles) rather than the document WeasyPrint typesets.
    variables["for_browser"] = inline_css
    variables["css_string"] = css_string
    text = pack.render(name, variables)
    if name.endswith((".md", ".md.j2")):
        return typeset(text, view.lang)
    return typeset_markup(text, view.lang)


def css_string(text: str) -> Markup:
    """Return text as a quoted CSS string that cannot end the string, the rule or the <style> element."""
    return Markup('"' + "".join(ch if ch.isalnum() or ch == " " else f"\\{ord(ch):06x}" for ch in text) + '"')


def render_html(pack: TemplatePack, view: BriefView, options: RenderOptions, *, inline_css: bool = True) -> str:
    """Return the pack's HTML document for a brief."""
    return render_template(pack, pack.html, view, chart=options.chart, inline_css=inline_css)


class HtmlRenderer:
    """A standalone HTML page: the document the PDF is typeset from."""

    name: ClassVar[str] = "html"
    extension: ClassVar[str] = "html"
    media_type: ClassVar[str] = "text/html"
    options: ClassVar[tuple[str, ...]] = ("chart", "review")

    def warm_up(self) -> None:
        """Nothing to load ahead: Jinja is imported with the pack."""

    def render(self, view: BriefView, pack: TemplatePack, options: RenderOptions) -> bytes:
        """Return the HTML as UTF-8 bytes."""
        return render_html(pack, view, options).encode("utf-8")


class MarkdownRenderer:
    """A Markdown brief, for e-mail, wikis and review tools."""

    name: ClassVar[str] = "md"
    extension: ClassVar[str] = "md"
    media_type: ClassVar[str] = "text/markdown"
    options: ClassVar[tuple[str, ...]] = ()

    def warm_up(self) -> None:
        """Nothing to load ahead: Jinja is imported with the pack."""

    def render(self, view: BriefView, pack: TemplatePack, options: RenderOptions) -> bytes:
        """Return the Markdown as UTF-8 bytes."""
        if pack.markdown is None:
            raise RenderError(f"template pack {pack.name!r} has no Markdown template")
        return render_template(pack, pack.markdown, view, chart=False).encode()


class JsonRenderer:
    """The validated brief as JSON: the contract's field names, dates in ISO form."""

    name: ClassVar[str] = "json"
    extension: ClassVar[str] = "json"
    media_type: ClassVar[str] = "application/json"
    options: ClassVar[tuple[str, ...]] = ()

    def warm_up(self) -> None:
        """Nothing to load ahead."""

    def render(self, view: BriefView, pack: TemplatePack, options: RenderOptions) -> bytes:
        """Return the brief as pretty-printed UTF-8 JSON."""
        return dump(view.brief, "json")
