"""PDF through WeasyPrint: tagged, with metadata, bookmarks, the brief attached, and reproducible bytes."""

from __future__ import annotations

import hashlib
from typing import ClassVar

from ..errors import RenderError
from ..model import Brief
from ..packs import TemplatePack
from ..templating import source_date_epoch
from ..typeset import PdfJob, typeset
from .base import PDF_VARIANTS, RenderOptions
from .text import brief_json

__all__ = ["PdfRenderer"]


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
        return typeset(
            PdfJob(
                html=html,
                pack=pack.path.resolve(),
                stylesheet=pack.stylesheet,
                variant=options.pdf_variant,
                tags=options.pdf_tags,
                identifier=hashlib.sha256(html.encode()).hexdigest()[:32].encode(),
                stamp=source_date_epoch(brief),
                attachment=brief_json(brief) if options.attach_json else None,
            )
        )
