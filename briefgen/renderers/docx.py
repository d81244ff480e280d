"""Word documents from the pack's Word template (docxtpl): the template is the layout, the brief fills it in.

A pack's Word file carries the page set-up, the styles, the header and footer (with Word's own PAGE
and NUMPAGES fields) and the sections in their order, with Jinja tags where the brief's text goes.
Open it in Word to move a section, add a letterhead or restyle; no code changes. The tags run in a
sandboxed Jinja environment that escapes every value for XML: a brief's text is printed, never run.

The small helpers a template calls (``cite``, ``url``, ``bookmark``, ``stance_cell``…) make what Word
has no plain-text form for: internal links to the numbered sources, shaded matrix cells, the chart
with its alt text.
"""

from __future__ import annotations

import io
import re
from functools import cache, cached_property
from pathlib import Path
from typing import Any, ClassVar
from xml.sax.saxutils import escape, quoteattr

import jinja2
from markupsafe import Markup

from ..errors import BriefgenError, RenderError, TemplateError
from ..options import RenderOptions
from ..packs import TemplatePack
from ..sandbox import budget
from ..view import BriefView, FigureView, PositionView, safe_link

__all__ = ["STYLES", "DocxRenderer"]

# The styles briefs are written in: a pack's Word file must define them.
STYLES = (
    "Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Header", "Footer",
    "Small", "Hyperlink", "List Bullet", "List Number", "Table Grid", "Quote", "Caption",
)  # fmt: skip

# docxtpl turns these back into Jinja delimiters after rendering; in a brief's text they stay as written.
_DELIMITER_ESCAPES = re.compile(r"\{_\{|\}_\}|\{_%|%_\}")


def _xml_text(value: Any) -> Any:
    """Escape a printed value for WordprocessingML (the finalize step of the Word environment)."""
    if value is None or isinstance(value, Markup) or hasattr(value, "__html__"):
        return value
    text = str(escape(str(value)))
    return Markup(_DELIMITER_ESCAPES.sub(lambda m: m.group(0).replace("_", "&#95;"), text))


@cache
def word_environment() -> jinja2.Environment:
    """Return the sandboxed, autoescaping Jinja environment Word templates are rendered in."""
    from ..sandbox import BoundedSandbox

    return BoundedSandbox(autoescape=True, undefined=jinja2.StrictUndefined, finalize=_xml_text)


@cache
def _template_bytes(path: Path, mtime_ns: int) -> bytes:
    return path.read_bytes()


def _typeset(doc: Any, language: str) -> None:
    """Set the text of the body, headers and footers by the language's rules (French spaces before : ; ! ?)."""
    from docx.oxml.ns import qn

    from ..typography import typeset

    for part in _stories(doc):
        for node in part.iter(qn("w:t")):
            if node.text:
                node.text = typeset(node.text, language)


def _stories(doc: Any) -> list[Any]:
    """Return the body and the root of every header and footer part, as rendered.

    docxtpl renders each header and footer into a new part and points the document's relationship at
    it, while python-docx's section stories still hold the template's parts: the rendered ones are
    reached through the relationships.
    """
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    roots = [doc.element.body]
    for rel in doc.part.rels.values():
        if rel.reltype in (RT.HEADER, RT.FOOTER) and not rel.is_external:
            roots.append(rel.target_part.element)
    return roots


_SVG_EXT = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"
_SVG_NS = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"


def _px_mm(pixels: float) -> float:
    """Return a length in CSS pixels (96 to the inch) in millimetres."""
    return max(pixels, 1.0) * 25.4 / 96


def _svg_part(part: Any, svg: bytes, number: int) -> str:
    """Add an SVG image to the package, related to ``part``; return the relationship id."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    uri = PackURI(f"/word/media/figure{int(number)}.svg")
    image = Part(uri, "image/svg+xml", svg, part.package)
    rel: str = part.relate_to(image, RT.IMAGE)
    return rel


def _run(text: str, *props: str) -> str:
    return f'<w:r><w:rPr>{"".join(props)}</w:rPr><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


class _Helpers:
    """What a Word template calls to make runs that plain text cannot express; bound to one render."""

    def __init__(self, template: Any, view: BriefView) -> None:
        self.template = template
        self.view = view
        self._links: dict[str, str] = {}

    def cite(self, notes: list[int | None]) -> Markup:
        """Return superscript links ``[n]`` to the numbered sources."""
        links = (
            f'<w:hyperlink w:anchor="src_{n}" w:history="1">'
            + _run(f"[{n}]", '<w:rStyle w:val="Hyperlink"/>', '<w:vertAlign w:val="superscript"/>')
            + "</w:hyperlink>"
            for n in notes
            if n is not None
        )
        return Markup("".join(links))

    def bookmark(self, number: int) -> Markup:
        """Return the bookmark a citation of source ``number`` links to."""
        mark = _SOURCE_IDS + int(number)
        return Markup(f'<w:bookmarkStart w:id="{mark}" w:name="src_{int(number)}"/><w:bookmarkEnd w:id="{mark}"/>')

    def url(self, address: str | None) -> Markup:
        """Return a source's address as a link, or as plain text when it is not a safe link target."""
        if not address:
            return Markup("")
        target = safe_link(address)
        if target is None:
            return Markup(_run(address))
        rel = self._link(target)
        run = _run(address, '<w:rStyle w:val="Hyperlink"/>')
        return Markup(f'<w:hyperlink r:id="{rel}">{run}</w:hyperlink>')

    def _link(self, target: str) -> str:
        """Return the relationship id of an external link, one per address.

        python-docx looks for an existing relationship by scanning them all, which makes thousands of
        links take quadratic time; the ids are kept here instead, under a prefix of their own.
        """
        from docx.opc.constants import RELATIONSHIP_TYPE

        rel = self._links.get(target)
        if rel is None:
            rel = self._links[target] = f"rIdLink{len(self._links) + 1}"
            self.template.docx.part.rels.add_relationship(RELATIONSHIP_TYPE.HYPERLINK, target, rel, is_external=True)
        return rel

    def stance_cell(self, position: PositionView, issue: Any) -> Any:
        """Return a matrix cell's text: the stance, or "not stated" in italics."""
        from docxtpl import RichText

        stance = position.issue_stances.get(issue.id)
        t = self.view.t
        return RichText(t[stance]) if stance else RichText(t["not_stated"], italic=True)

    def stance_fill(self, position: PositionView, issue: Any) -> str:
        """Return a matrix cell's shading (hex), or "" for a stance not stated (the cell stays unshaded)."""
        stance = position.issue_stances.get(issue.id)
        return self.view.stance_colours[stance].lstrip("#") if stance else ""

    @cached_property
    def tlp_run(self) -> Markup:
        """Return the TLP label as Word shows it: bold, in its colour, on black."""
        marking = self.view.marking
        if not marking.tlp or not marking.tlp_colour:
            return Markup("")
        colour = marking.tlp_colour.lstrip("#")
        if not re.fullmatch(r"[0-9A-Fa-f]{6}", colour):
            raise RenderError(f"TLP colour {marking.tlp_colour!r} is not a #rrggbb colour")
        shading = '<w:shd w:val="clear" w:color="auto" w:fill="000000"/>'
        return Markup(_run(marking.tlp, "<w:b/>", f'<w:color w:val="{colour}"/>', shading))

    @cached_property
    def chart(self) -> Any:
        """Return the attendance chart as an inline picture with its alt text, or None."""
        chart = self.view.chart
        if chart is None:
            return None
        from docx.shared import Mm
        from docxtpl import InlineImage

        title = self.view.t["attendance_chart"]
        alt = chart.alt

        class Figure(InlineImage):  # type: ignore[misc]
            def _insert_image(self) -> str:
                xml: str = super()._insert_image()
                return xml.replace("<wp:docPr ", f"<wp:docPr descr={quoteattr(alt)} title={quoteattr(title)} ", 1)

        return Figure(self.template, io.BytesIO(chart.png), width=Mm(150))

    def figure(self, fig: FigureView) -> Any:
        """Return a figure as an inline picture with its alt text, at most 150 mm wide and 110 mm tall.

        An SVG goes in as itself (Word 2016+ and LibreOffice draw it, from an ``svgBlip``), with a PNG
        that states its alt text for older readers, which cannot draw SVG.
        """
        from docx.shared import Mm
        from docxtpl import InlineImage

        from ..figures import fallback_png

        picture = fig.picture
        scale = min(1.0, 150 / _px_mm(picture.width), 110 / _px_mm(picture.height))
        width, height = Mm(_px_mm(picture.width) * scale), Mm(_px_mm(picture.height) * scale)
        alt, title = fig.alt, fig.caption or ""
        svg = picture.data if picture.is_svg else None
        number = fig.number

        class Figure(InlineImage):  # type: ignore[misc]
            def _insert_image(self) -> str:
                xml: str = super()._insert_image()
                xml = xml.replace("<wp:docPr ", f"<wp:docPr descr={quoteattr(alt)} title={quoteattr(title)} ", 1)
                if svg is None:
                    return xml
                rel = _svg_part(self.tpl.current_rendering_part, svg, number)
                blip = re.search(r"<a:blip [^>]*?(/?)>", xml)
                if blip is None:
                    return xml
                ext = (
                    f'<a:extLst><a:ext uri="{_SVG_EXT}"><asvg:svgBlip xmlns:asvg="{_SVG_NS}" r:embed="{rel}"/>'
                    "</a:ext></a:extLst>"
                )
                opened = blip.group(0).removesuffix("/>").removesuffix(">") + ">"
                closing = "</a:blip>" if blip.group(1) else ""
                return xml[: blip.start()] + opened + ext + closing + xml[blip.end() :]

        data = fallback_png(picture, alt) if picture.is_svg else picture.data
        return Figure(self.template, io.BytesIO(data), width=width, height=height)

    @cached_property
    def word_styles(self) -> Any:
        """Return the style ids and link makers free text is written with in this document."""
        from ..prose import WordStyles

        styles = {style.name: style.style_id for style in self.template.docx.styles}
        return WordStyles(
            list_bullet=styles["List Bullet"],
            list_number=styles["List Number"],
            hyperlink=styles["Hyperlink"],
            link_id=self.template.build_url_id,
            cite=lambda n: str(self.cite([n])),
            new_numbering=self.new_numbering,
        )

    def new_numbering(self) -> int | None:
        """Return the id of a new numbering of the List Number style's list that starts at 1, or None."""
        from docx.oxml.ns import qn

        doc = self.template.docx
        style = doc.styles["List Number"].element
        ids = [n.get(qn("w:val")) for n in style.iter(qn("w:numId"))]
        try:
            numbering = doc.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return None
        try:
            current = numbering.num_having_numId(int(ids[0])) if ids else None
        except (KeyError, ValueError):
            current = None
        if current is None:
            return None
        num = numbering.add_num(current.abstractNumId.val)
        num.add_lvlOverride(ilvl=0).add_startOverride(1)
        return int(num.numId)

    def prose(self, text: str | None, indent_twips: int = 0) -> Markup:
        """Return free text in the Markdown subset as Word paragraphs: real runs, lists and hyperlinks."""
        from ..prose import parse, to_docx

        blocks = parse(text or "", self.view.source_numbers)
        return to_docx(blocks, self.word_styles, indent_twips=max(0, min(int(indent_twips), 5000)))

    @cached_property
    def toc_field(self) -> Markup:
        """Return a table of contents of the Heading 1 sections: one line per section, with its page.

        Each line links to its heading's bookmark (see ``_mark_headings``) and gives the page by a PAGEREF
        field, which LibreOffice works out as it lays the document out and Word when it brings the fields up
        to date on opening. (A TOC field would keep its entries as written until someone updates it, and
        LibreOffice's rendering would print no page numbers.)
        """
        paragraphs = []
        for n, label in enumerate(label for _, label in self.view.contents):
            page = (
                '<w:r><w:tab/></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                f'<w:r><w:instrText xml:space="preserve"> PAGEREF {_toc_mark(n)} \\h </w:instrText></w:r>'
                '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t></w:t></w:r>'
                '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
            )
            paragraphs.append(
                '<w:p><w:pPr><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="9000"/></w:tabs></w:pPr>'
                f'<w:hyperlink w:anchor="{_toc_mark(n)}" w:history="1">{_run(label)}{page}</w:hyperlink></w:p>'
            )
        return Markup("".join(paragraphs))

    def variables(self) -> dict[str, Any]:
        return {
            **self.view.variables(chart=False),
            "cite": self.cite,
            "bookmark": self.bookmark,
            "url": self.url,
            "stance_cell": self.stance_cell,
            "stance_fill": self.stance_fill,
            "tlp_run": self.tlp_run,
            "chart": self.chart,
            "figure": self.figure,
            "prose": self.prose,
            "toc_field": self.toc_field if self.view.brief.toc else Markup(""),
        }


class DocxRenderer:
    """A Word document (.docx) with the same content as the PDF, laid out by the pack's Word template."""

    name: ClassVar[str] = "docx"
    extension: ClassVar[str] = "docx"
    media_type: ClassVar[str] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    options: ClassVar[tuple[str, ...]] = ("chart", "review")

    def warm_up(self) -> None:
        """Import docxtpl and python-docx."""
        import docxtpl  # noqa: F401

    def render(self, view: BriefView, pack: TemplatePack, options: RenderOptions) -> bytes:
        """Return the .docx bytes.

        Raises:
            RenderError: the pack's Word template cannot be opened, or its tags fail.
            TemplateError: the pack has no Word template, it lacks a style briefs are written in, or a tag
                does not compile.
        """
        from docxtpl import DocxTemplate

        from .ooxml import app_properties, normalise_package, order_cell_properties, set_language

        if pack.docx is None:
            raise TemplateError(f"template pack {pack.name!r} has no Word template (docx = … in its pack.toml)")
        path = pack.path / pack.docx
        template = DocxTemplate(io.BytesIO(_template_bytes(path, path.stat().st_mtime_ns)))
        try:
            doc = template.get_docx()
        except Exception as exc:  # python-docx raises several unrelated types for a bad package
            raise RenderError(f"{path}: not a usable Word document: {exc}") from exc
        present = {style.name for style in doc.styles}
        missing = [name for name in STYLES if name not in present]
        if missing:
            raise TemplateError(
                f"{path}: the Word document lacks the styles {', '.join(missing)}; "
                "add them in Word, or start the pack from `briefgen templates new`"
            )
        shown = view if options.chart else _without_chart(view)
        helpers = _Helpers(template, shown)
        try:
            with budget():
                template.render(helpers.variables(), jinja_env=word_environment(), autoescape=True)
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(f"{path}: template syntax error in a Word tag: {exc.message}") from exc
        except jinja2.TemplateError as exc:
            raise RenderError(f"{path}: {exc}") from exc
        except BriefgenError:
            raise
        except Exception as exc:  # a Word template's tags are code: any failure in them is the template's
            raise RenderError(f"{path}: template error in a Word tag: {type(exc).__name__}: {exc}") from exc
        doc = template.docx
        apply_theme(doc, pack)
        if view.brief.toc:
            _mark_headings(doc, [label for _, label in view.contents])
            _update_fields_on_open(doc)
        if options.review:
            _add_review_comments(doc, view)
        _typeset(doc, view.lang)
        _tidy(doc)
        order_cell_properties(doc.element.body)
        set_language(doc, view.lang)
        _set_properties(doc, view)
        buf = io.BytesIO()
        template.save(buf)
        app = app_properties(company=view.brief.organisation)
        return normalise_package(buf.getvalue(), view.stamp.timetuple()[:6], replace={"docProps/app.xml": app})


_SECTION_LABELS = {
    "Positions": "positions",
    "Present": "present",
    "Absent": "absent",
    "Counts": "attendance",
    "Outlook": "outlook",
    "To check": "to_check",
}


def _add_review_comments(doc: Any, view: BriefView) -> None:
    """Anchor a Word comment on each drafted item: its evidence, the article, the rule or model, the confidence.

    Each item's comment sits on the first paragraph after its section's heading that holds the item's
    text (the whole document when the pack has no such heading, the first paragraph when the text is
    not printed); each "to check" item gets a comment of its own on the "To check" section.
    """
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    paragraphs = [Paragraph(p, doc._body) for p in doc.element.body.iter(qn("w:p"))]
    paragraphs = [p for p in paragraphs if p.runs]
    if not paragraphs:
        return
    texts = [p.text for p in paragraphs]

    def anchor(section: str, text: str) -> Paragraph:
        heading = view.t[_SECTION_LABELS[section]].strip().casefold()
        start = next((i for i, t in enumerate(texts) if t.strip().casefold() == heading), 0)
        for first in (start, 0):
            for i in range(first, len(texts)):
                if text and text in texts[i]:
                    return paragraphs[i]
        return paragraphs[start]

    items = [
        (item, item.label.rsplit(":", 1)[0] if item.section == "Counts" else item.label)
        for item in view.review.values()
    ]
    items += [(item, item.label) for item in view.review_to_check]
    for item, text in items:
        target = anchor(item.section, text)
        comment = doc.add_comment(target.runs, text=_comment_head(item), author="briefgen", initials="BG")
        for sentence, source in item.evidence or [("no evidence recorded", "")]:
            comment.add_paragraph(f"Evidence: “{sentence}”")
            if source:
                comment.add_paragraph(f"Article: {source}")


def _comment_head(item: Any) -> str:
    kind = "To check" if item.section == "To check" else f"Drafted {item.section.lower()} item"
    return f"{kind}: {item.label} — {item.summary}"


# Bookmark ids, apart from each other and from the comments' (0, 1, 2 …): one id space holds them all.
_SOURCE_IDS = 800_000
_TOC_IDS = 900_000


def _toc_mark(n: int) -> str:
    """Return the name of the bookmark on the n-th section heading (hidden in Word, as its own are)."""
    return f"_Toc_briefgen_{int(n) + 1}"


def _mark_headings(doc: Any, labels: list[str]) -> None:
    """Put a bookmark on each section heading the table of contents lists, in order, for its page reference."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    headings = [
        p
        for p in doc.element.body.iter(qn("w:p"))
        if p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}[@{qn('w:val')}='Heading1']") is not None
    ]
    found = iter(headings)
    for n, label in enumerate(labels):
        heading = next((p for p in found if "".join(t.text or "" for t in p.iter(qn("w:t"))).strip() == label), None)
        if heading is None:
            return
        start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
        start.set(qn("w:id"), str(_TOC_IDS + n))
        start.set(qn("w:name"), _toc_mark(n))
        end.set(qn("w:id"), str(_TOC_IDS + n))
        properties = heading.find(qn("w:pPr"))
        heading.insert(0 if properties is None else 1, start)
        heading.append(end)


def _update_fields_on_open(doc: Any) -> None:
    """Ask Word to bring the fields (the table of contents) up to date when the document is opened."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    settings = doc.settings.element
    if settings.find(qn("w:updateFields")) is not None:
        return
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    # The schema's order: before these, after everything else the settings may hold.
    later = {qn(f"w:{name}") for name in _AFTER_UPDATE_FIELDS}
    following = next((child for child in settings if child.tag in later), None)
    if following is None:
        settings.append(update)
    else:
        following.addprevious(update)


_AFTER_UPDATE_FIELDS = (
    "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "attachedSchema", "themeFontLang",
    "clrSchemeMapping", "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade", "captions",
    "readModeInkLockDown", "smartTagType", "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol", "listSeparator",
)  # fmt: skip


_HEADING_STYLES = ("Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3")


def apply_theme(doc: Any, pack: TemplatePack) -> None:
    """Give a rendered Word document the pack's theme: paper, margins, colours, fonts, logo and letterhead.

    What the theme leaves out stays as the pack's Word file has it.

    Raises:
        TemplateError: the logo is an SVG and the theme names no PNG or JPEG for Word (``logo_word``).
    """
    from docx.shared import Mm, RGBColor

    from ..theme import PAPER_MM, length_mm

    assets = pack.theme
    theme = assets.theme
    for section in doc.sections:
        if theme.paper:
            width, height = PAPER_MM[theme.paper]
            if section.orientation == 1:  # landscape
                width, height = height, width
            section.page_width, section.page_height = Mm(width), Mm(height)
        for side in ("top", "right", "bottom", "left"):
            if (value := getattr(theme.margins, side)) is not None:
                setattr(section, f"{side}_margin", Mm(length_mm(value)))
    styles = {style.name: style for style in doc.styles}
    colours, fonts = theme.colours, theme.fonts
    for name in _HEADING_STYLES:
        if name in styles:
            if colours.primary and name != "Subtitle":
                styles[name].font.color.rgb = RGBColor.from_string(colours.primary.lstrip("#").upper())
            if fonts.headings:
                styles[name].font.name = fonts.headings
    if fonts.body and "Normal" in styles:
        styles["Normal"].font.name = fonts.body
    if colours.text and "Normal" in styles:
        styles["Normal"].font.color.rgb = RGBColor.from_string(colours.text.lstrip("#").upper())
    if colours.table_header or colours.table_header_text:
        _shade_table_headings(doc, colours.table_header, colours.table_header_text)
    if assets.logo_path is not None or assets.letterhead:
        _letterhead(doc, pack)


def _shade_table_headings(doc: Any, fill: str | None, text: str | None) -> None:
    """Set the shading and text colour of every table's heading row (a row repeated on each page)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for row in doc.element.body.iter(qn("w:tr")):
        props = row.find(qn("w:trPr"))
        if props is None or props.find(qn("w:tblHeader")) is None:
            continue
        for cell in row.iter(qn("w:tc")):
            if fill:
                cell_props = cell.find(qn("w:tcPr"))
                if cell_props is None:
                    cell_props = OxmlElement("w:tcPr")
                    cell.insert(0, cell_props)
                shade = cell_props.find(qn("w:shd"))
                if shade is None:
                    shade = OxmlElement("w:shd")
                    cell_props.append(shade)
                shade.set(qn("w:val"), "clear")
                shade.set(qn("w:color"), "auto")
                shade.set(qn("w:fill"), fill.lstrip("#").upper())
            if text:
                for run_props in cell.iter(qn("w:rPr")):
                    colour = run_props.find(qn("w:color"))
                    if colour is None:
                        colour = OxmlElement("w:color")
                        run_props.append(colour)
                    colour.set(qn("w:val"), text.lstrip("#").upper())


def _letterhead(doc: Any, pack: TemplatePack) -> None:
    """Put the theme's logo and letterhead line at the top of each page header the document has."""
    from docx.image.image import Image
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.oxml.shape import CT_Inline
    from docx.shared import Emu, Mm

    from ..theme import length_mm

    assets = pack.theme
    picture = assets.logo_path
    if picture is not None and picture.suffix.lower() == ".svg":
        picture = assets.logo_word_path
        if picture is None:
            raise TemplateError(
                f"{pack.path / 'pack.toml'}: theme.logo_word: the logo is an SVG, which Word documents cannot "
                "carry everywhere; name a PNG or JPEG of it for Word"
            )
    height = Mm(length_mm(assets.theme.logo_height or "14mm"))
    # The header parts as rendered: docxtpl replaces each one, so they are looked up afresh by relationship.
    seen: set[str] = set()
    for reference in doc.element.body.iter(qn("w:headerReference")):
        rel_id = reference.get(qn("r:id"))
        if rel_id in seen or reference.get(qn("w:type")) == "even":
            continue
        seen.add(rel_id)
        part = doc.part.rels[rel_id].target_part
        root = part._element
        paragraph = OxmlElement("w:p")
        props = OxmlElement("w:pPr")
        style = OxmlElement("w:pStyle")
        style.set(qn("w:val"), "Header")
        props.append(style)
        paragraph.append(props)
        if picture is not None:
            image_part = doc.part.package.get_or_add_image_part(io.BytesIO(picture.read_bytes()))
            image: Image = image_part.image
            width = int(height * image.px_width / image.px_height)
            rid = part.relate_to(image_part, RT.IMAGE)
            inline = CT_Inline.new_pic_inline(9000 + len(seen), rid, picture.name, Emu(width), Emu(int(height)))
            for doc_pr in inline.iter(qn("wp:docPr")):
                doc_pr.set("descr", assets.logo_alt)
                doc_pr.set("name", "Logo")
            run = OxmlElement("w:r")
            drawing = OxmlElement("w:drawing")
            drawing.append(inline)
            run.append(drawing)
            paragraph.append(run)
        if assets.letterhead:
            text = ("   " if picture is not None else "") + assets.letterhead
            run = OxmlElement("w:r")
            node = OxmlElement("w:t")
            node.set(qn("xml:space"), "preserve")
            node.text = text
            run.append(node)
            paragraph.append(run)
        root.insert(0, paragraph)


def _without_chart(view: BriefView) -> BriefView:
    from dataclasses import replace

    return replace(view, with_chart=False)


def _tidy(doc: Any) -> None:
    """Remove what the tags leave behind: runs without text, and the shading of ``{% cellbg "" %}``.

    A matrix cell whose stance is not stated gets no colour; a tag that printed nothing leaves no run.
    """
    from docx.oxml.ns import qn

    text_or_props = {qn("w:rPr"), qn("w:t")}
    for part in _stories(doc):
        for shade in list(part.iter(qn("w:shd"))):
            if shade.get(qn("w:fill")) == "":
                shade.getparent().remove(shade)
        for run in list(part.iter(qn("w:r"))):
            children = list(run)
            if all(child.tag in text_or_props for child in children) and not any(
                child.text for child in children if child.tag == qn("w:t")
            ):
                run.getparent().remove(run)


def _fit(text: str, limit: int = 255) -> str:
    """Return text cut to the length Word's core properties hold."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _set_properties(doc: Any, view: BriefView) -> None:
    brief = view.brief
    props = doc.core_properties
    stamp = view.stamp.replace(tzinfo=None)
    props.title = _fit(brief.title)
    props.subject = _fit(brief.summary)
    props.author = _fit(brief.author or brief.organisation or "briefgen")
    props.last_modified_by = props.author
    props.keywords = _fit(", ".join(view.keywords))
    props.language = brief.language
    props.category = "Briefing"
    props.comments = "Machine-drafted with briefgen; verify against sources" if brief.drafting else ""
    props.created = props.modified = stamp
    props.last_printed = stamp
    props.revision = 1
