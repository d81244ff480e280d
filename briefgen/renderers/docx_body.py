"""The body of a Word brief: the sections of DESIGN.md in order, for each Word layout."""

from __future__ import annotations

import io
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, RGBColor

from ..i18n import format_date
from ..templating import Context
from .base import safe_link
from .ooxml import add_bookmark, add_hyperlink, repeat_header_row, set_cell_shading

__all__ = ["write_body"]


def write_body(doc: Any, ctx: Context, layout: str) -> None:
    """Write the brief's sections into an empty document."""
    writer = _Writer(doc, ctx)
    if layout == "memo":
        writer.memo()
    else:
        writer.standard()


class _Writer:
    def __init__(self, doc: Any, ctx: Context) -> None:
        self.doc = doc
        self.ctx = ctx
        self.t = ctx.t
        self.brief = ctx.brief
        # python-docx looks styles up by scanning every style on each call; resolve the ids once.
        self.style_ids = {style.name: style.style_id for style in doc.styles}

    def para(self, text: str = "", style: str | None = None) -> Any:
        """Add a paragraph in a named style of the base document."""
        paragraph = self.doc.add_paragraph(text)
        if style is not None and style != "Normal":
            paragraph._p.style = self.style_ids[style]
        return paragraph

    def heading(self, text: str, level: int) -> Any:
        """Add a heading in Word's built-in Heading style (so the navigation pane lists it)."""
        return self.para(text, f"Heading {level}")

    # -- layouts -------------------------------------------------------------------------
    def standard(self) -> None:
        self.title_block()
        self.bottom_line()
        self.key_judgments()
        self.attendance()
        self.positions()
        self.matrix()
        self.outlook()
        self.legend()
        self.to_check()
        self.sources()

    def memo(self) -> None:
        self.title_block(kind="MEMO")
        self.bottom_line()
        self.key_judgments()
        self.positions_table()
        self.legend_line()
        self.sources()

    # -- pieces --------------------------------------------------------------------------
    def cite(self, paragraph: Any, notes: list[int | None]) -> None:
        for n in notes:
            if n is None:
                continue
            run = add_hyperlink(paragraph, f"[{n}]", anchor=f"src_{n}")
            align = OxmlElement("w:vertAlign")
            align.set(qn("w:val"), "superscript")
            run.find(qn("w:rPr")).append(align)

    def title_block(self, kind: str | None = None) -> None:
        ctx, brief, t = self.ctx, self.brief, self.t
        if ctx.marking.text:
            banner = self.para()
            banner.alignment = WD_ALIGN_PARAGRAPH.CENTER
            banner.add_run(ctx.marking.text).bold = True
        if ctx.draft_notice:
            draft = self.para()
            draft.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = draft.add_run(ctx.draft_notice)
            run.bold = True
            run.font.color.rgb = RGBColor.from_string("A4161A")
        masthead = " · ".join(x for x in (kind, brief.organisation.upper() if brief.organisation else None) if x)
        if masthead:
            self.para(masthead, "Small")
        self.para(brief.title, "Title")
        if brief.subtitle:
            self.para(brief.subtitle, "Subtitle")
        rows: list[tuple[str, str]] = []
        if brief.event:
            event = brief.event.name
            if brief.event.location:
                event += f", {brief.event.location}"
            if ctx.event_dates:
                event += f" · {ctx.event_dates}"
            if brief.event.host:
                event += f" · {t['host']}: {brief.event.host}"
            rows.append((t["event"], event))
        if brief.author:
            rows.append((t["prepared_by"], brief.author))
        rows.append((t["as_of"], ctx.as_of_text))
        for label, value in rows:
            para = self.para(style="Small")
            para.add_run(f"{label}: ").bold = True
            para.add_run(value)

    def bottom_line(self) -> None:
        self.heading(self.t["bottom_line"], 1)
        para = self.para(self.brief.summary)
        para.paragraph_format.left_indent = 120000

    def key_judgments(self) -> None:
        if not self.brief.key_judgments:
            return
        self.heading(self.t["key_judgments"], 1)
        for kj, notes in zip(self.brief.key_judgments, self.ctx.kj_notes, strict=True):
            para = self.para(style="List Number")
            if kj.likelihood:
                para.add_run(self.t.likelihood(kj.likelihood).capitalize() + ". ").bold = True
            para.add_run(kj.statement)
            self.cite(para, list(notes))
            if kj.confidence:
                level = self.t[kj.confidence.value]
                para.add_run(" " + self.t["confidence_sentence"].format(level=level)).italic = True

    def table(self, header: list[str], rows: list[list[str]], widths_mm: list[int] | None = None) -> Any:
        table = self.doc.add_table(rows=1, cols=len(header))
        table._tbl.tblPr.style = self.style_ids["Table Grid"]
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            cell.text = text
            run = cell.paragraphs[0].runs[0]
            run.bold = True
            run.font.color.rgb = RGBColor.from_string("FFFFFF")
            set_cell_shading(cell, "14365D")
        repeat_header_row(table.rows[0])
        for values in rows:
            cells = table.add_row().cells
            for cell, text in zip(cells, values, strict=True):
                cell.text = text
        if widths_mm:
            table.autofit = False
            for column, width in zip(table.columns, widths_mm, strict=True):
                column.width = Mm(width)  # the grid, which LibreOffice follows
            for row in table.rows:
                for cell, width in zip(row.cells, widths_mm, strict=True):
                    cell.width = Mm(width)
        return table

    def attendance(self) -> None:
        t, att = self.t, self.brief.attendance
        self.heading(t["attendance"], 1)
        if self.ctx.counts:
            rows = [[c.label, figure, f"[{n}]" if n else ""] for c, figure, n in self.ctx.counts]
            self.table([t["count_what"], t["count_figure"], t["note"]], rows, widths_mm=[110, 40, 20])
        self.heading(t["present"], 2)
        for p in att.present:
            extra = [t[p.kind.value] if p.kind else None, t[p.level.value] if p.level else None]
            detail = ", ".join(x for x in extra if x)
            para = self.para(style="List Bullet")
            para.add_run(p.name)
            if detail:
                para.add_run(f" ({detail})").italic = True
            self.cite(para, [self.ctx.note_for(p.source)])
        if not att.present:
            self.para(t["none_reported"]).runs[0].italic = True
        self.heading(t["absent"], 2)
        for a in att.absent:
            para = self.para(style="List Bullet")
            para.add_run(a.name).bold = True
            para.add_run(" — " + (a.reason or t["no_reason"]))
            self.cite(para, [self.ctx.note_for(a.source)])
        if not att.absent:
            self.para(t["none_reported"]).runs[0].italic = True
        self.chart()

    def chart(self) -> None:
        if not self.ctx.chart_png or not self.ctx.chart_alt:
            return
        self.doc.add_picture(io.BytesIO(self.ctx.chart_png), width=Mm(150))
        doc_pr = self.doc.inline_shapes[-1]._inline.docPr
        doc_pr.set("descr", self.ctx.chart_alt)
        doc_pr.set("title", self.t["attendance_chart"])
        self.para(self.t["attendance_chart"], "Caption")

    def positions(self) -> None:
        t = self.t
        if not self.ctx.positions:
            return
        self.heading(t["positions"], 1)
        for p in self.ctx.positions:
            heading = self.heading(p.actor, 2)
            self.cite(heading, list(p.notes))
            if p.stance:
                self.para(p.stance)
            if p.demands:
                label = self.para(style="Small")
                label.add_run(t["demands"]).bold = True
                label.paragraph_format.keep_with_next = True
                for demand in p.demands:
                    self.para(demand, "List Bullet")
            if p.spokespeople:
                para = self.para()
                para.add_run(f"{t['spokespeople']}: ").bold = True
                para.add_run(", ".join(p.spokespeople))
            if p.key_quote:
                quote = self.para(style="Quote")
                quote.add_run(f"“{p.key_quote.text}”")
                if p.key_quote.speaker:
                    quote.add_run(f" — {p.key_quote.speaker}")
                self.cite(quote, [p.quote_note])

    def matrix(self) -> None:
        issues = self.brief.issues
        if not issues or not self.ctx.positions:
            return
        t = self.t
        self.heading(t["positions_matrix"], 2)
        rows = []
        for p in self.ctx.positions:
            rows.append(
                [p.actor] + [t[p.issue_stances[i.id]] if i.id in p.issue_stances else t["not_stated"] for i in issues]
            )
        table = self.table([t["actor"]] + [i.label for i in issues], rows)
        for row, p in zip(table.rows[1:], self.ctx.positions, strict=True):
            row.cells[0].paragraphs[0].runs[0].bold = True
            for cell, issue in zip(row.cells[1:], issues, strict=True):
                stance = p.issue_stances.get(issue.id)
                if stance:
                    set_cell_shading(cell, self.ctx.stance_colours[stance].lstrip("#"))
                else:
                    cell.paragraphs[0].runs[0].italic = True
        self.para(t["matrix_legend"], "Small")

    def positions_table(self) -> None:
        if not self.ctx.positions:
            return
        t = self.t
        self.heading(t["positions"], 1)
        rows = [[p.actor, p.stance or "", "; ".join(p.demands)] for p in self.ctx.positions]
        table = self.table([t["actor"], t["stance"], t["demands"]], rows, widths_mm=[28, 75, 75])
        for row in table.rows[1:]:
            row.cells[0].paragraphs[0].runs[0].bold = True

    def outlook(self) -> None:
        brief, t = self.brief, self.t
        if not brief.outlook and not brief.watch:
            return
        self.heading(t["outlook"], 1)
        for o, notes in zip(brief.outlook, self.ctx.outlook_notes, strict=True):
            para = self.para(style="List Bullet")
            if o.likelihood:
                para.add_run(t.likelihood(o.likelihood).capitalize() + ". ").bold = True
            para.add_run(o.statement)
            self.cite(para, list(notes))
        if brief.watch:
            self.heading(t["watch"], 2)
            for w in brief.watch:
                self.para(w, "List Bullet")

    def legend(self) -> None:
        if not self.ctx.legend:
            return
        t = self.t
        self.heading(t["legend"], 3)
        self.table([term for term, _ in self.ctx.legend], [[span for _, span in self.ctx.legend]])
        self.para(t["legend_note"], "Small")

    def legend_line(self) -> None:
        if not self.ctx.legend:
            return
        para = self.para(style="Small")
        para.add_run(f"{self.t['legend']}: ").bold = True
        para.add_run(" · ".join(f"{term} {span}" for term, span in self.ctx.legend))

    def to_check(self) -> None:
        items = self.brief.drafting.to_check if self.brief.drafting else []
        if not items:
            return
        self.heading(self.t["to_check"], 1)
        self.para(self.t["to_check_note"], "Small")
        for c in items:
            para = self.para(style="Small")
            para.add_run(c.item).bold = True
            if c.rule:
                sure = f", {c.confidence:.2f}" if c.confidence is not None else ""
                para.add_run(f" ({c.rule}{sure})")
            for e in c.evidence:
                para.add_run(f" — “{e.text}”")

    def sources(self) -> None:
        if not self.brief.sources:
            return
        self.heading(self.t["sources"], 1)
        for n, s in enumerate(self.brief.sources, start=1):
            para = self.para(style="Small")
            add_bookmark(para, f"src_{n}", n)
            text = f"{n}. " + (f"{s.publisher}, " if s.publisher else "") + f"“{s.title}”"
            if s.date:
                text += f", {format_date(s.date, self.brief.language)}"
            para.add_run(text + ".")
            if s.url:
                para.add_run(" ")
                target = safe_link(s.url)
                if target:
                    add_hyperlink(para, s.url, url=target)
                else:
                    para.add_run(s.url)
