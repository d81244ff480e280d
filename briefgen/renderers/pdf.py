"""PDF through WeasyPrint: tagged, with metadata, bookmarks, the brief attached, and reproducible bytes."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, ClassVar

from ..errors import RenderError
from ..options import RenderOptions, pdf_variants
from ..packs import TemplatePack
from ..serialisation import dump
from ..view import BriefView

__all__ = ["PdfRenderer"]


@cache
def _fetcher_class() -> Any:
    from weasyprint.urls import URLFetcher

    class PackOnlyFetcher(URLFetcher):  # type: ignore[misc]
        """Fetch data: URIs and the pack's own files; refuse the network and the rest of the disk."""

        def __init__(self, root: Path) -> None:
            super().__init__(allowed_protocols={"data", "file"}, allow_redirects=False)
            self._root = root.resolve()

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("file:"):
                from urllib.parse import unquote, urlsplit

                path = Path(unquote(urlsplit(url).path)).resolve()
                if not path.is_relative_to(self._root):
                    raise ValueError(f"briefgen does not read files outside the template pack: {url}")
            elif not url.startswith("data:"):
                raise ValueError(f"briefgen does not fetch resources: {url}")
            return super().fetch(url, headers)

    return PackOnlyFetcher


@cache
def _font_config() -> Any:
    import atexit

    from weasyprint.text.fonts import FontConfiguration

    # Let it go while the interpreter is whole: collected at shutdown, its destructor fails noisily
    # (and the fonts it copied to a temporary folder would stay behind).
    atexit.register(_font_config.cache_clear)
    atexit.register(_stylesheet.cache_clear)
    return FontConfiguration()


@cache
def _stylesheet(pack: Path, css: str) -> Any:
    from weasyprint import CSS

    # The pack's own @import and url() go through the same fetcher as the document: nothing outside the pack.
    return CSS(string=css, base_url=pack.as_uri() + "/", font_config=_font_config(), url_fetcher=_fetcher_class()(pack))


class PdfRenderer:
    """A print-ready PDF, tagged for accessibility, optionally PDF/A or PDF/UA."""

    name: ClassVar[str] = "pdf"
    extension: ClassVar[str] = "pdf"
    media_type: ClassVar[str] = "application/pdf"
    options: ClassVar[tuple[str, ...]] = ("pdf_variant", "pdf_tags", "attach_json", "chart", "review")

    def warm_up(self) -> None:
        """Import WeasyPrint and set up its fonts, so that a long-lived process pays for them once."""
        import weasyprint  # noqa: F401

        _font_config()

    def render(self, view: BriefView, pack: TemplatePack, options: RenderOptions) -> bytes:
        """Return the PDF's bytes.

        Raises:
            RenderError: an unknown PDF variant, or WeasyPrint failed.
        """
        variants = pdf_variants()
        if options.pdf_variant and options.pdf_variant not in variants:
            raise RenderError(f"unknown PDF variant {options.pdf_variant!r}; choose one of {', '.join(variants)}")
        from .fonts import check_coverage
        from .text import render_html

        check_coverage(view.brief)
        html = render_html(pack, view, options, inline_css=False)
        root = pack.path.resolve()
        try:
            import weasyprint

            attachments = []
            if options.attach_json:
                attachments.append(
                    weasyprint.Attachment(
                        string=dump(view.brief, "json"),
                        name="brief.json",
                        description="The brief this document was rendered from (briefgen JSON)",
                        created=view.stamp,
                        modified=view.stamp,
                        relationship="Source",
                    )
                )
            document = weasyprint.HTML(
                string=html, base_url=root.as_uri() + "/", url_fetcher=_fetcher_class()(root)
            ).render(
                stylesheets=[_stylesheet(root, pack.stylesheet)], font_config=_font_config(), pdf_tags=options.pdf_tags
            )
            pdf: bytes = document.write_pdf(
                pdf_variant=options.pdf_variant,
                pdf_tags=options.pdf_tags,
                pdf_identifier=hashlib.sha256(html.encode()).hexdigest()[:32].encode(),
                attachments=attachments,
                uncompressed_pdf=False,
                # The structure tree is mended on WeasyPrint's own objects, before they are written once.
                finisher=_mender(view) if options.pdf_tags else None,
            )
        except (OSError, ValueError, TypeError, AssertionError) as exc:
            raise RenderError(f"WeasyPrint could not typeset the brief: {exc}") from exc
        return pdf


def _mender(view: BriefView) -> Callable[[Any, Any], None]:
    """Return WeasyPrint's ``finisher``: it mends the structure tree of the pydyf PDF it is given."""
    from .structure import mend_structure

    languages = _quote_languages(view)

    def finish(_document: Any, pdf: Any) -> None:
        mend_structure(pdf, languages)

    return finish


def _quote_languages(view: BriefView) -> list[str | None]:
    """Return the language of each block quote the brief shows, in order, where it is not the brief's own."""
    own = view.lang.lower()
    quotes = [p.key_quote for p in view.positions if p.key_quote is not None]
    return [q.language if q.language and q.language.lower() != own else None for q in quotes]
