"""PDF through WeasyPrint: tagged, with metadata, bookmarks, the brief attached, and reproducible bytes."""

from __future__ import annotations

import hashlib
import logging
from functools import cache
from pathlib import Path
from typing import Any, ClassVar

from ..errors import RenderError
from ..model import Brief
from ..packs import TemplatePack
from ..templating import source_date_epoch
from .base import PDF_VARIANTS, RenderOptions
from .text import brief_json

__all__ = ["PdfRenderer"]

log = logging.getLogger("briefgen")


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

    # Let it go while the interpreter is whole: collected at shutdown, its destructor fails noisily.
    atexit.register(_font_config.cache_clear)
    atexit.register(_stylesheet.cache_clear)
    return FontConfiguration()


@cache
def _stylesheet(path: Path, css: str) -> Any:
    from weasyprint import CSS

    # The pack's own @import and url() go through the same fetcher as the document: nothing outside the pack.
    return CSS(string=css, base_url=path.as_uri() + "/", font_config=_font_config(), url_fetcher=_fetcher_class()(path))


class PdfRenderer:
    """A print-ready PDF, tagged for accessibility, optionally PDF/A or PDF/UA."""

    name: ClassVar[str] = "pdf"
    extension: ClassVar[str] = "pdf"
    media_type: ClassVar[str] = "application/pdf"

    def render(self, brief: Brief, pack: TemplatePack, options: RenderOptions) -> bytes:
        """Return the PDF's bytes.

        Raises:
            RenderError: an unknown PDF variant, or WeasyPrint failed.
        """
        if options.pdf_variant and options.pdf_variant not in PDF_VARIANTS:
            raise RenderError(f"unknown PDF variant {options.pdf_variant!r}; choose one of {', '.join(PDF_VARIANTS)}")
        from .fonts import check_coverage
        from .text import render_html

        check_coverage(brief)
        html = render_html(pack, brief, options, inline_css=False)
        try:
            import weasyprint

            stamp = source_date_epoch(brief)
            attachments = []
            if options.attach_json:
                attachments.append(
                    weasyprint.Attachment(
                        string=brief_json(brief),
                        name="brief.json",
                        description="The brief this document was rendered from (briefgen JSON)",
                        created=stamp,
                        modified=stamp,
                        relationship="Source",
                    )
                )
            document = weasyprint.HTML(
                string=html,
                base_url=pack.path.resolve().as_uri() + "/",
                url_fetcher=_fetcher_class()(pack.path),
            ).render(
                stylesheets=[_stylesheet(pack.path.resolve(), pack.stylesheet)],
                font_config=_font_config(),
                pdf_tags=options.pdf_tags,
            )
            pdf: bytes = document.write_pdf(
                pdf_variant=options.pdf_variant,
                pdf_tags=options.pdf_tags,
                pdf_identifier=hashlib.sha256(html.encode()).hexdigest()[:32].encode(),
                attachments=attachments,
                uncompressed_pdf=False,
            )
        except (OSError, ValueError, TypeError, AssertionError) as exc:
            raise RenderError(f"WeasyPrint could not typeset the brief: {exc}") from exc
        return pdf
