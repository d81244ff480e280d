"""Regenerate the Word templates of the built-in packs: styles, page set-up, header, footer and body tags.

Run from the repository root:  python tools/make_word_templates.py

Each pack's Word file is a docxtpl template: the layout a person sees and edits in Word, with Jinja
tags (``{{ brief.title }}``, ``{%p for kj in brief.key_judgments %}``) where the brief's text goes.
This script is where the built-in ones come from, so that a change to them is a reviewable change
to Python rather than to a binary file; ``git diff`` of its output is also readable with
``unzip -p templates/standard/brief.docx word/document.xml``. An organisation's own pack is edited
in Word instead (start it with ``briefgen templates new``).

Each section of the body opens with a paragraph ``{%p if "NAME" in sections %}`` and ends just before
the next one: moving those paragraphs in Word moves the section in every Word brief.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from briefgen.renderers.docx import STYLES
from briefgen.renderers.ooxml import app_properties, normalise_package

ROOT = Path(__file__).resolve().parent.parent
NAVY = "14365D"
GREY = "5A6673"
RED = "A4161A"

Runs = list[tuple[str, dict[str, Any]]]


# --- Styles and page set-up -------------------------------------------------------------------------------------------


def base_document(
    body_font: str = "Noto Serif", body_size: float = 10, margin_mm: int = 20, heading_scale: float = 1.0
) -> Any:
    """Return a new document with briefgen's page set-up and styles."""
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
        styles[name].font.color.rgb = RGBColor.from_string("444444")
    small = styles.add_style("Small", WD_STYLE_TYPE.PARAGRAPH)
    small.base_style = normal
    small.font.size = Pt(8.5)
    small.font.color.rgb = RGBColor.from_string(GREY)
    link = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    link.font.color.rgb = RGBColor.from_string(NAVY)
    link.font.underline = True
    props = doc.core_properties
    props.author = props.last_modified_by = "briefgen"
    props.comments = props.title = props.subject = props.keywords = ""
    slim(doc)
    fonts_without_theme(doc)
    settings(doc)
    return doc


THEME_FONTS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def fonts_without_theme(doc: Any) -> None:
    """Make every style's font the one named, not the theme's.

    Word prefers ``w:asciiTheme`` to ``w:ascii`` in the same ``w:rFonts``: a heading set in Noto Sans
    that keeps python-docx's theme attributes shows in the theme's Calibri Light.
    """
    for fonts in doc.styles.element.iter(qn("w:rFonts")):
        for name in THEME_FONTS:
            fonts.attrib.pop(qn(name), None)
        named = fonts.get(qn("w:ascii"))
        if named and not fonts.get(qn("w:cs")):
            fonts.set(qn("w:cs"), named)
        if not fonts.attrib:
            fonts.getparent().remove(fonts)


def settings(doc: Any) -> None:
    """Open in Word's current layout mode (15: no "Compatibility Mode" banner), at 100 % zoom."""
    root = doc.settings.element
    zoom = root.find(qn("w:zoom"))
    if zoom is not None:
        zoom.attrib.pop(qn("w:val"), None)
        zoom.set(qn("w:percent"), "100")
    for setting in root.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")


def slim(doc: Any) -> None:
    """Drop the styles briefs never use (python-docx's default has 0.8 MB of them; Word offers them anyway).

    Kept: the styles briefs are written in, those the list numbering names, the defaults, and
    whatever those are based on or linked to.
    """
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


# --- Writing tags -----------------------------------------------------------------------------------------------------


def add_runs(paragraph: Any, runs: Runs) -> Any:
    """Append runs of text, each with its formatting (bold, italic, colour, style)."""
    for text, fmt in runs:
        run = paragraph.add_run(text)
        run.bold = fmt.get("bold")
        run.italic = fmt.get("italic")
        if "colour" in fmt:
            run.font.color.rgb = RGBColor.from_string(fmt["colour"])
    return paragraph


class Body:
    """Writes paragraphs and tables of tags into a container (the body, a header or a footer)."""

    def __init__(self, doc: Any, container: Any = None, *, first: Any = None) -> None:
        self.doc = doc
        self.container = container if container is not None else doc
        self.first = first  # a header's or footer's empty first paragraph, used before adding more

    def para(self, text: str | Runs = "", style: str | None = None, **fmt: Any) -> Any:
        if self.first is not None:
            paragraph, self.first = self.first, None
        else:
            paragraph = self.container.add_paragraph()
        if style:
            paragraph.style = self.doc.styles[style]
        add_runs(paragraph, [(text, {})] if isinstance(text, str) else text)
        if fmt.get("centre"):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if fmt.get("right"):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if "indent" in fmt:
            paragraph.paragraph_format.left_indent = fmt["indent"]
        if fmt.get("keep_with_next"):
            paragraph.paragraph_format.keep_with_next = True
        return paragraph

    def tag(self, text: str) -> Any:
        """Add a paragraph holding only a ``{%p … %}`` tag (it is removed when the brief is rendered)."""
        return self.para(text)

    def block(self, condition: str, inside: Callable[[], None]) -> None:
        self.tag(f"{{%p if {condition} %}}")
        inside()
        self.tag("{%p endif %}")

    def table(self, rows: list[list[str | Runs]], widths_mm: list[int] | None = None, header: bool = True) -> Any:
        """Add a table; the first row is a shaded heading row, repeated on every page the table spans."""
        table = self.doc.add_table(rows=len(rows), cols=len(rows[0]))
        table.style = self.doc.styles["Table Grid"]
        for row, values in zip(table.rows, rows, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                add_runs(cell.paragraphs[0], [(value, {})] if isinstance(value, str) else value)
        if header:
            for cell in table.rows[0].cells:
                for run in cell.paragraphs[0].runs:
                    run.bold = True
                    run.font.color.rgb = RGBColor.from_string("FFFFFF")
                shade = OxmlElement("w:shd")
                shade.set(qn("w:val"), "clear")
                shade.set(qn("w:color"), "auto")
                shade.set(qn("w:fill"), NAVY)
                cell._tc.get_or_add_tcPr().append(shade)
            props = table.rows[0]._tr.get_or_add_trPr()
            repeat = OxmlElement("w:tblHeader")
            repeat.set(qn("w:val"), "true")
            props.append(repeat)
            props.append(OxmlElement("w:cantSplit"))
        if widths_mm:
            table.autofit = False
            for column, width in zip(table.columns, widths_mm, strict=True):
                column.width = Mm(width)
            for row in table.rows:
                for cell, width in zip(row.cells, widths_mm, strict=True):
                    cell.width = Mm(width)
        return table


def add_field(paragraph: Any, instruction: str) -> None:
    """Append a field (PAGE, NUMPAGES) that Word fills in when it lays out the pages."""
    for kind, text in (("begin", None), (None, f" {instruction} "), ("separate", None), (None, "1"), ("end", None)):
        run = paragraph.add_run()
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == "1":
            run.text = text
        else:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)


# --- The layouts ------------------------------------------------------------------------------------------------------

LIKELIHOOD = "{% if kj.likelihood %}{{ t.likelihood(kj.likelihood) | capitalize }}. {% endif %}"
CONFIDENCE = "{% if kj.confidence %} {{ t['confidence_sentence'].format(level=t[kj.confidence.value]) }}{% endif %}"
EVENT = (
    "{{ brief.event.name }}{% if event_place %}, {{ event_place }}{% endif %}"
    "{% if event_dates %} · {{ event_dates }}{% endif %}"
    "{% if brief.event.host %} · {{ t['host'] }}: {{ brief.event.host }}{% endif %}"
)
SOURCE = (
    "{{ loop.index }}. {% if s.publisher %}{{ s.publisher }}, {% endif %}“{{ s.title }}”"
    "{% if s.date %}, {{ format_date(s.date) }}{% endif %}.{% if s.url %} {% endif %}"
)


def header_and_footer(doc: Any) -> None:
    """The handling marking at the top and bottom of every page, the draft notice, and page X of Y."""
    section = doc.sections[0]
    marking: Runs = [
        ("{{r tlp_run }}", {}),
        ("{% if marking.tlp and marking.banner %}  {% endif %}", {}),
        ("{{ marking.banner or '' }}", {"bold": True}),
    ]
    header = Body(doc, section.header, first=section.header.paragraphs[0])
    header.para(marking, centre=True)
    header.block(
        "draft_notice",
        lambda: header.para([("{{ draft_notice }}", {"bold": True, "colour": RED})], "Header", centre=True),
    )
    footer = Body(doc, section.footer, first=section.footer.paragraphs[0])
    footer.para(marking, centre=True)
    # Small sans, right-aligned, as in the PDF's bottom-right page box.
    pages = footer.para("{{ t['page'] }} ", "Footer", right=True)
    add_field(pages, "PAGE")
    pages.add_run(" {{ t['of'] }} ")
    add_field(pages, "NUMPAGES")


def title(body: Body, masthead: str) -> None:
    body.tag('{%p if "title" in sections %}')
    body.block("marking.text", lambda: body.para([("{{ marking.text }}", {"bold": True})], centre=True))
    body.block("draft_notice", lambda: body.para([("{{ draft_notice }}", {"bold": True, "colour": RED})], centre=True))
    body.block(masthead.partition("|")[0], lambda: body.para(masthead.partition("|")[2], "Small"))
    body.para("{{ brief.title }}", "Title")
    body.block("brief.subtitle", lambda: body.para("{{ brief.subtitle }}", "Subtitle"))
    body.block("brief.event", lambda: body.para([("{{ t['event'] }}: ", {"bold": True}), (EVENT, {})], "Small"))
    body.block(
        "brief.author",
        lambda: body.para([("{{ t['prepared_by'] }}: ", {"bold": True}), ("{{ brief.author }}", {})], "Small"),
    )
    body.para([("{{ t['as_of'] }}: ", {"bold": True}), ("{{ as_of_text }}", {})], "Small")
    body.block(
        "brief.prepared_for",
        lambda: body.para([("{{ t['prepared_for'] }}: ", {"bold": True}), ("{{ brief.prepared_for }}", {})], "Small"),
    )
    body.block(
        "brief.distribution",
        lambda: body.para(
            [("{{ t['distribution'] }}: ", {"bold": True}), ("{{ brief.distribution | join('; ') }}", {})], "Small"
        ),
    )
    body.tag("{%p endif %}")


def table_of_contents(body: Body) -> None:
    """A TOC field Word and LibreOffice fill with the sections' headings and pages (brief.toc)."""
    body.tag("{%p if brief.toc %}")
    body.para([("{{ t['contents'] }}", {"bold": True})], keep_with_next=True)
    body.para("{{p toc_field }}")
    body.tag("{%p endif %}")


def bottom_line(body: Body) -> None:
    body.tag('{%p if "bottom_line" in sections %}')
    body.para("{{ t['bottom_line'] }}", "Heading 1")
    body.para("{{p prose(brief.summary, 189) }}")
    body.tag("{%p endif %}")


def prose_section(body: Body, name: str) -> None:
    """A section of free text in the Markdown subset (background, analysis)."""
    body.tag(f'{{%p if "{name}" in sections and brief.{name} %}}')
    body.para(f"{{{{ t['{name}'] }}}}", "Heading 1")
    body.para(f"{{{{p prose(brief.{name}) }}}}")
    body.tag("{%p endif %}")


def figures(body: Body) -> None:
    """The brief's figures, numbered, each picture kept with its caption."""
    body.tag('{%p if "figures" in sections and figures %}')
    body.para("{{ t['figures'] }}", "Heading 1")
    body.tag("{%p for fig in figures %}")
    body.para("{{ figure(fig) }}", keep_with_next=True, centre=True)
    body.para(
        [
            ("{{ mark(fig.portion) }}{{ t['figure'].format(n=fig.number) }}", {"bold": True}),
            ("{% if fig.caption %} {{ fig.caption }}{% endif %}", {}),
        ],
        "Caption",
        centre=True,
    )
    body.tag("{%p endfor %}")
    body.tag("{%p endif %}")


def annexes(body: Body) -> None:
    body.tag('{%p if "annexes" in sections and brief.annexes %}')
    body.para("{{ t['annexes'] }}", "Heading 1")
    body.tag("{%p for annex in brief.annexes %}")
    body.para("{{ t['annex'] }} {{ loop.index }}: {{ annex.title }}", "Heading 2")
    body.para("{{p prose(annex.body) }}")
    body.tag("{%p endfor %}")
    body.tag("{%p endif %}")


def key_judgments(body: Body, cite: bool = True) -> None:
    body.tag('{%p if "key_judgments" in sections and brief.key_judgments %}')
    body.para("{{ t['key_judgments'] }}", "Heading 1")
    body.tag("{%p for kj in brief.key_judgments %}")
    runs: Runs = [("{{ mark(kj.portion) }}", {}), (LIKELIHOOD, {"bold": True}), ("{{ kj.statement }}", {})]
    if cite:
        runs.append(("{{r cite(kj_notes[loop.index0]) }}", {}))
    body.para([*runs, (CONFIDENCE, {"italic": True})], "List Number")
    body.tag("{%p endfor %}")
    body.tag("{%p endif %}")


def attendance(body: Body) -> None:
    body.tag('{%p if "attendance" in sections %}')
    body.para("{{ t['attendance'] }}", "Heading 1")
    body.tag("{%p if counts %}")
    body.table(
        [
            ["{{ t['count_what'] }}", "{{ t['count_figure'] }}", "{{ t['note'] }}"],
            ["{%tr for count, figure, note in counts %}", "", ""],
            ["{{ count.label }}", "{{ figure }}", "{% if note %}[{{ note }}]{% endif %}"],
            ["{%tr endfor %}", "", ""],
        ],
        widths_mm=[110, 40, 20],
    )
    body.tag("{%p endif %}")
    body.para("{{ t['present'] }}", "Heading 2")
    body.tag("{%p for p in brief.attendance.present %}")
    kind = "[t[p.kind.value] if p.kind else none, t[p.level.value] if p.level else none] | select | join(', ')"
    body.para(
        [
            ("{{ p.name }}", {}),
            (f"{{% if p.kind or p.level %}} ({{{{ {kind} }}}}){{% endif %}}", {"italic": True}),
            ("{{r cite([note_for(p.source)]) }}", {}),
        ],
        "List Bullet",
    )
    body.tag("{%p else %}")
    body.para([("{{ t['none_reported'] }}", {"italic": True})])
    body.tag("{%p endfor %}")
    body.para("{{ t['absent'] }}", "Heading 2")
    body.tag("{%p for a in brief.attendance.absent %}")
    body.para(
        [
            ("{{ a.name }}", {"bold": True}),
            (" — {{ a.reason or t['no_reason'] }}", {}),
            ("{{r cite([note_for(a.source)]) }}", {}),
        ],
        "List Bullet",
    )
    body.tag("{%p else %}")
    body.para([("{{ t['none_reported'] }}", {"italic": True})])
    body.tag("{%p endfor %}")
    body.tag("{%p if chart %}")
    body.para("{{ chart }}", keep_with_next=True)  # never a chart at a page's foot and its caption overleaf
    body.para("{{ t['attendance_chart'] }}", "Caption")
    body.tag("{%p endif %}")
    body.tag("{%p endif %}")


def positions(body: Body) -> None:
    body.tag('{%p if "positions" in sections and positions %}')
    body.para("{{ t['positions'] }}", "Heading 1")
    body.tag("{%p for p in positions %}")
    # The heading is the party's name alone (Word's navigation pane lists it); its sources follow the stance.
    body.para("{{ p.actor }}", "Heading 2")
    body.block(
        "p.stance or p.notes",
        lambda: body.para(
            [("{{ mark(p.portion) if p.stance else '' }}{{ p.stance or '' }}", {}), ("{{r cite(p.notes) }}", {})]
        ),
    )
    body.tag("{%p if p.demands %}")
    body.para([("{{ t['demands'] }}", {"bold": True})], "Small", keep_with_next=True)
    body.tag("{%p for d in p.demands %}")
    body.para("{{ mark(p.portion) }}{{ d }}", "List Bullet")
    body.tag("{%p endfor %}")
    body.tag("{%p endif %}")
    body.block(
        "p.spokespeople",
        lambda: body.para([("{{ t['spokespeople'] }}: ", {"bold": True}), ("{{ p.spokespeople | join(', ') }}", {})]),
    )
    quote = (
        "{{ mark(p.portion) }}“{{ p.key_quote.text }}”"
        "{% if p.key_quote.speaker %} — {{ p.key_quote.speaker }}{% endif %}"
    )
    body.block("p.key_quote", lambda: body.para([(quote, {}), ("{{r cite([p.quote_note]) }}", {})], "Quote"))
    body.tag("{%p endfor %}")
    body.tag("{%p if brief.issues %}")
    body.para("{{ t['positions_matrix'] }}", "Heading 2")
    body.table(
        [
            ["{{ t['actor'] }}", "{%tc for issue in brief.issues %}", "{{ issue.label }}", "{%tc endfor %}"],
            ["{%tr for p in positions %}", "", "", ""],
            [
                [("{{ p.actor }}", {"bold": True})],
                "{%tc for issue in brief.issues %}",
                [("{% cellbg stance_fill(p, issue) %}", {}), ("{{r stance_cell(p, issue) }}", {})],
                "{%tc endfor %}",
            ],
            ["{%tr endfor %}", "", "", ""],
        ]
    )
    body.para("{{ t['matrix_legend'] }}", "Small")
    body.tag("{%p endif %}")
    body.tag("{%p endif %}")


def positions_table(body: Body) -> None:
    body.tag('{%p if "positions_table" in sections and positions %}')
    body.para("{{ t['positions'] }}", "Heading 1")
    table = body.table(
        [
            ["{{ t['actor'] }}", "{{ t['stance'] }}", "{{ t['demands'] }}"],
            ["{%tr for p in positions %}", "", ""],
            [
                [("{{ p.actor }}", {"bold": True})],
                "{{ mark(p.portion) if p.stance else '' }}{{ p.stance or '' }}",
                "{%p for d in p.demands %}",
            ],
            ["{%tr endfor %}", "", ""],
        ],
        widths_mm=[28, 75, 75],
    )
    # The demands: one bullet each, as in the standard pack, not a run-on line.
    demands = table.rows[2].cells[2]
    demands.add_paragraph("{{ mark(p.portion) }}{{ d }}", body.doc.styles["List Bullet"])
    demands.add_paragraph("{%p else %}")
    demands.add_paragraph()  # a party with no demands still has its cell's one paragraph, as Word requires
    demands.add_paragraph("{%p endfor %}")
    body.tag("{%p endif %}")


def outlook(body: Body) -> None:
    body.tag('{%p if "outlook" in sections and (brief.outlook or brief.watch) %}')
    body.para("{{ t['outlook'] }}", "Heading 1")
    body.tag("{%p for o in brief.outlook %}")
    likelihood = "{% if o.likelihood %}{{ t.likelihood(o.likelihood) | capitalize }}. {% endif %}"
    body.para(
        [
            ("{{ mark(o.portion) }}", {}),
            (likelihood, {"bold": True}),
            ("{{ o.statement }}", {}),
            ("{{r cite(outlook_notes[loop.index0]) }}", {}),
        ],
        "List Bullet",
    )
    body.tag("{%p endfor %}")
    body.tag("{%p if brief.watch %}")
    body.para("{{ t['watch'] }}", "Heading 2")
    body.tag("{%p for w in brief.watch %}")
    body.para("{{ w }}", "List Bullet")
    body.tag("{%p endfor %}")
    body.tag("{%p endif %}")
    body.tag("{%p endif %}")


def legend(body: Body) -> None:
    body.tag('{%p if "legend" in sections and legend %}')
    body.para("{{ t['legend'] }}", "Heading 3")
    body.table(
        [
            ["{%tc for term, _ in legend %}", "{{ term }}", "{%tc endfor %}"],
            ["{%tc for _, span in legend %}", "{{ span }}", "{%tc endfor %}"],
        ]
    )
    body.para("{{ t['legend_note'] }}", "Small")
    body.tag("{%p endif %}")


def legend_line(body: Body) -> None:
    body.tag('{%p if "legend_line" in sections and legend %}')
    terms = "{% for term, span in legend %}{{ term }} {{ span }}{% if not loop.last %} · {% endif %}{% endfor %}"
    body.para([("{{ t['legend'] }}: ", {"bold": True}), (terms, {})], "Small")
    body.tag("{%p endif %}")


def to_check(body: Body) -> None:
    body.tag('{%p if "to_check" in sections and brief.drafting and brief.drafting.to_check %}')
    body.para("{{ t['to_check'] }}", "Heading 1")
    body.para("{{ t['to_check_note'] }}", "Small")
    body.tag("{%p for c in brief.drafting.to_check %}")
    rule = (
        "{% if c.rule %} ({{ c.rule }}{% if c.confidence is not none %}, {{ '%.2f' | format(c.confidence) }}"
        "{% endif %}){% endif %}{% for e in c.evidence %} — “{{ e.text }}”{% endfor %}"
    )
    body.para([("{{ c.item }}", {"bold": True}), (rule, {})], "Small")
    body.tag("{%p endfor %}")
    body.tag("{%p endif %}")


def sources(body: Body) -> None:
    body.tag('{%p if "sources" in sections and brief.sources %}')
    body.para("{{ t['sources'] }}", "Heading 1")
    body.tag("{%p for s in brief.sources %}")
    body.para([("{{r bookmark(loop.index) }}", {}), (SOURCE, {}), ("{{r url(s.url) }}", {})], "Small")
    body.tag("{%p endfor %}")
    body.tag("{%p endif %}")


def standard() -> Any:
    doc = base_document()
    header_and_footer(doc)
    body = Body(doc)
    title(body, "brief.organisation|{{ brief.organisation | upper }}")
    table_of_contents(body)
    bottom_line(body)
    key_judgments(body)
    prose_section(body, "background")
    attendance(body)
    positions(body)
    prose_section(body, "analysis")
    figures(body)
    outlook(body)
    legend(body)
    to_check(body)
    sources(body)
    annexes(body)
    return doc


def memo() -> Any:
    # The memo fits one page: a smaller sans body and narrower margins.
    doc = base_document(body_font="Noto Sans", body_size=8.5, margin_mm=16, heading_scale=0.8)
    header_and_footer(doc)
    body = Body(doc)
    title(body, "true|MEMO{% if brief.organisation %} · {{ brief.organisation | upper }}{% endif %}")
    table_of_contents(body)
    bottom_line(body)
    key_judgments(body)
    prose_section(body, "background")
    positions_table(body)
    legend_line(body)
    prose_section(body, "analysis")
    figures(body)
    sources(body)
    annexes(body)
    return doc


TARGETS = {
    ROOT / "templates" / "standard" / "brief.docx": standard,
    ROOT / "templates" / "memo" / "memo.docx": memo,
}


def main() -> None:
    """Write each built-in pack's Word template."""
    for target, build in TARGETS.items():
        doc = build()
        # python-docx starts a document with one empty paragraph: the body begins with the first tag instead.
        first = doc.element.body[0]
        if first.tag == qn("w:p") and not "".join(first.itertext()):
            doc.element.body.remove(first)
        buf = io.BytesIO()
        doc.save(buf)
        app = {"docProps/app.xml": app_properties()}
        package = normalise_package(buf.getvalue(), (2024, 1, 1, 0, 0, 0), replace=app)
        target.write_bytes(package)
        print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
