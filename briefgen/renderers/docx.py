"""Word documents with python-docx, built from the same context as the HTML and the PDF.

The pack's ``brief.docx`` carries the page set-up and the styles (open it in Word to
restyle briefs); this module writes the content into a copy of it. It uses Word's
built-in styles (Title, Heading 1-3, List Bullet, Quote…), so the navigation pane,
the table of contents and screen readers work as in any Word file.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path
from typing import Any, ClassVar

from ..errors import RenderError, TemplateError
from ..model import Brief
from ..packs import TemplatePack
from ..templating import Context, source_date_epoch
from .base import RenderOptions, keywords, template_variables

__all__ = ["DocxRenderer", "make_base_document"]

NAVY = "14365D"
GREY = "5A6673"
RED = "A4161A"

# The styles briefs are written in (docx_body and the header and footer); a base document keeps these,
# what they are based on or linked to, and the defaults.
STYLES = (
    "Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Header", "Footer",
    "Small", "Hyperlink", "List Bullet", "List Number", "Table Grid", "Quote", "Caption",
)  # fmt: skip


def make_base_document(
    body_font: str = "Noto Serif", body_size: float = 10, margin_mm: int = 20, heading_scale: float = 1.0
) -> Any:
    """Return a new document with briefgen's page set-up and styles (saved as a pack's brief.docx)."""
    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Mm, Pt, RGBColor

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(margin_mm)
    section.top_margin, section.bottom_margin = Mm(22), Mm(20)
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = body_font
    normal.font.size = Pt(body_size)
    normal.paragraph_format.space_after = Pt(4)
    for name, size, colour in (
        ("Title", 20, NAVY),
        ("Subtitle", 11.5, "3B4A5A"),
        ("Heading 1", 13, NAVY),
        ("Heading 2", 11, NAVY),
        ("Heading 3", 10.5, "1F2D3D"),
    ):
        style = styles[name]
        style.font.name = "Noto Sans"
        style.font.size = Pt(size * heading_scale)
        style.font.color.rgb = RGBColor.from_string(colour)
        style.paragraph_format.keep_with_next = True
        style.paragraph_format.space_before = Pt(10 * heading_scale if name.startswith("Heading") else 0)
        style.paragraph_format.space_after = Pt(4)
    for name in ("Header", "Footer"):
        styles[name].font.name = "Noto Sans"
        styles[name].font.size = Pt(7.5)
    if "Small" not in [s.name for s in styles]:
        small = styles.add_style("Small", WD_STYLE_TYPE.PARAGRAPH)
        small.base_style = normal
        small.font.size = Pt(8.5)
        small.font.color.rgb = RGBColor.from_string(GREY)
    if "Hyperlink" not in [s.name for s in styles]:
        link = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
        link.font.color.rgb = RGBColor.from_string(NAVY)
        link.font.underline = True
    props = doc.core_properties
    props.author = props.last_modified_by = "briefgen"
    props.comments = props.title = props.subject = props.keywords = ""
    _slim(doc)
    return doc


def _slim(doc: Any) -> None:
    """Drop what briefs never use from a new base document: every render opens and saves less.

    Kept: the styles briefs are written in, those the list numbering names, the defaults, and
    whatever those are based on or linked to.

    python-docx's default document defines some 160 styles, a latent-style table and a second copy
    of them all for Word 2010 (stylesWithEffects): 0.8 MB of XML, where the styles briefs use take 15 kB.
    Word offers its other built-in styles all the same.
    """
    from docx.oxml.ns import qn

    for r_id, rel in list(doc.part.rels.items()):
        if rel.reltype == "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects":
            doc.part.drop_rel(r_id)
    root = doc.styles.element
    by_id = {el.get(qn("w:styleId")): el for el in root.findall(qn("w:style"))}
    keep = {s.style_id for s in doc.styles if s.name in STYLES}
    keep |= {sid for sid, el in by_id.items() if el.get(qn("w:default")) in {"1", "true"}}
    keep |= {ref.get(qn("w:val")) for ref in doc.part.numbering_part.element.iter(qn("w:pStyle"))} & by_id.keys()
    todo = list(keep)
    while todo:
        style = by_id[todo.pop()]
        for tag in ("w:basedOn", "w:link", "w:next"):
            ref = style.find(qn(tag))
            target = None if ref is None else ref.get(qn("w:val"))
            if target in by_id and target not in keep:
                keep.add(target)
                todo.append(target)
    for sid, el in by_id.items():
        if sid not in keep:
            root.remove(el)
    latent = root.find(qn("w:latentStyles"))
    if latent is not None:
        root.remove(latent)


@cache
def _base_bytes(path: Path | None) -> bytes:
    if path is None:
        buf = io.BytesIO()
        make_base_document().save(buf)
        return buf.getvalue()
    return path.read_bytes()


class DocxRenderer:
    """A Word document (.docx) with the same content as the PDF."""

    name: ClassVar[str] = "docx"
    extension: ClassVar[str] = "docx"
    media_type: ClassVar[str] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    def render(self, brief: Brief, pack: TemplatePack, options: RenderOptions) -> bytes:
        """Return the .docx bytes.

        Raises:
            RenderError: the pack's base document cannot be opened or the file cannot be written.
            TemplateError: the pack's base document lacks a style briefs are written in.
        """
        from docx import Document

        from .docx_body import write_body
        from .ooxml import normalise_package, set_language

        base = _base_bytes(pack.path / pack.docx if pack.docx else None)
        try:
            doc = Document(io.BytesIO(base))
        except Exception as exc:  # python-docx raises several unrelated types for a bad package
            raise RenderError(f"{pack.path / (pack.docx or '')}: not a usable Word document: {exc}") from exc
        present = {style.name for style in doc.styles}
        missing = [name for name in STYLES if name not in present]
        if missing:
            raise TemplateError(
                f"{pack.path / (pack.docx or '')}: the Word document lacks the styles {', '.join(missing)}; "
                "add them in Word, or start the pack from `briefgen templates new`"
            )
        variables = template_variables(brief, pack, options)
        ctx: Context = variables["ctx"]
        _clear_body(doc)
        set_language(doc, brief.language)
        _write_header_footer(doc, ctx)
        write_body(doc, ctx, pack.docx_layout)
        _set_properties(doc, brief)
        buf = io.BytesIO()
        doc.save(buf)
        stamp = source_date_epoch(brief)
        return normalise_package(buf.getvalue(), stamp.timetuple()[:6])


def _clear_body(doc: Any) -> None:
    body = doc.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)


def _write_header_footer(doc: Any, ctx: Context) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import RGBColor

    from .ooxml import add_field, shade_run

    section = doc.sections[0]
    marking = ctx.marking
    for part in (section.header, section.footer):
        part.is_linked_to_previous = False
        para = part.paragraphs[0]
        para.text = ""
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if marking.tlp and marking.tlp_colour:
            run = para.add_run(marking.tlp)
            run.bold = True
            run.font.color.rgb = RGBColor.from_string(marking.tlp_colour.lstrip("#"))
            shade_run(run, "000000")
            if marking.banner:
                para.add_run("  ")
        if marking.banner:
            para.add_run(marking.banner).bold = True
    if ctx.draft_notice:
        notice = section.header.add_paragraph()
        notice.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = notice.add_run(ctx.draft_notice)
        run.bold = True
        run.font.color.rgb = RGBColor.from_string(RED)
    pages = section.footer.add_paragraph()
    pages.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    pages.add_run(f"{ctx.t['page']} ")
    add_field(pages, "PAGE")
    pages.add_run(f" {ctx.t['of']} ")
    add_field(pages, "NUMPAGES")


def _fit(text: str, limit: int = 255) -> str:
    """Return text cut to the length Word's core properties hold."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _set_properties(doc: Any, brief: Brief) -> None:
    props = doc.core_properties
    stamp = source_date_epoch(brief).replace(tzinfo=None)
    props.title = _fit(brief.title)
    props.subject = _fit(brief.summary)
    props.author = _fit(brief.author or brief.organisation or "briefgen")
    props.last_modified_by = props.author
    props.keywords = _fit(", ".join(keywords(brief)))
    props.language = brief.language
    props.category = "Briefing"
    props.comments = "Machine-drafted with briefgen; verify against sources" if brief.drafting else ""
    props.created = props.modified = stamp
    props.last_printed = stamp
    props.revision = 1
