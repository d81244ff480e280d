"""Free text in a brief: a small Markdown subset, parsed once and written natively in each format.

The subset: paragraphs (a blank line between them), ``**bold**``, ``*italic*``, links ``[text](url)``
whose target is http(s) or mailto (any other target prints as plain text), bullet (``-``) and numbered
(``1.``) lists, and citations of the brief's sources by id, ``[s1]``, which print as the source's note
number and link to it. Nothing else is markup: raw HTML, images, headings and code print as the text
they are, so a brief's text is never run or fetched.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape as xml_escape

from markupsafe import Markup, escape

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

__all__ = ["Block", "ListBlock", "Paragraph", "Run", "WordStyles", "parse", "to_docx", "to_html", "to_markdown"]


@dataclass(frozen=True)
class Run:
    """A piece of text with one formatting; ``note`` makes it a citation of that source number."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None
    note: int | None = None


@dataclass
class Paragraph:
    """A paragraph of runs."""

    runs: list[Run] = field(default_factory=list)


@dataclass
class ListBlock:
    """A bullet or numbered list; each item is a list of blocks (a paragraph, perhaps a nested list)."""

    ordered: bool
    items: list[list[Block]] = field(default_factory=list)


Block = Paragraph | ListBlock

_CITATION = re.compile(r"\[([^\[\]\s]{1,100})\]")


@cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    # "zero" knows paragraphs and text only; the subset's rules are turned on one by one. No raw HTML.
    return MarkdownIt("zero", {"html": False, "linkify": False}).enable(["emphasis", "link", "list", "escape"])


def parse(text: str, notes: dict[str, int] | None = None) -> list[Block]:
    """Return the blocks of a text in the Markdown subset; ``notes`` maps source ids to their note numbers."""
    from .view import safe_link

    tokens = _parser().parse(text)
    root: list[Block] = []
    stack: list[list[Block]] = [root]
    lists: list[ListBlock] = []
    for token in tokens:
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            block = ListBlock(ordered=kind == "ordered_list_open")
            stack[-1].append(block)
            lists.append(block)
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            item: list[Block] = []
            lists[-1].items.append(item)
            stack.append(item)
        elif kind == "list_item_close":
            stack.pop()
        elif kind == "inline":
            runs = _citations(_merge(_inline(token.children or [], safe_link)), notes or {})
            stack[-1].append(Paragraph(runs))
    return root


def _inline(children: Sequence[Token], safe_link: Callable[[str | None], str | None]) -> Iterator[Run]:
    bold = italic = 0
    href: list[str | None] = []
    for child in children:
        kind = child.type
        if kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold -= 1
        elif kind == "em_open":
            italic += 1
        elif kind == "em_close":
            italic -= 1
        elif kind == "link_open":
            href.append(safe_link(str(child.attrGet("href") or "")))
        elif kind == "link_close":
            href.pop()
        elif kind in ("softbreak", "hardbreak"):
            yield Run(" ", bold > 0, italic > 0, href[-1] if href else None)
        elif child.content:
            yield Run(child.content, bold > 0, italic > 0, href[-1] if href else None)


def _merge(runs: Iterator[Run]) -> list[Run]:
    merged: list[Run] = []
    for run in runs:
        last = merged[-1] if merged else None
        if last is not None and (last.bold, last.italic, last.href) == (run.bold, run.italic, run.href):
            merged[-1] = Run(last.text + run.text, run.bold, run.italic, run.href)
        else:
            merged.append(run)
    return merged


def _citations(runs: list[Run], notes: dict[str, int]) -> list[Run]:
    """Split ``[id]`` of a known source out of plain runs, as citations; an unknown id stays text."""
    out: list[Run] = []
    for run in runs:
        if run.href is not None:
            out.append(run)
            continue
        start = 0
        for match in _CITATION.finditer(run.text):
            number = notes.get(match.group(1))
            if number is None:
                continue
            before = run.text[start : match.start()].rstrip(" ")
            if before:
                out.append(Run(before, run.bold, run.italic))
            out.append(Run(f"[{number}]", note=number))
            start = match.end()
        if run.text[start:]:
            out.append(Run(run.text[start:], run.bold, run.italic))
    return out


# --- HTML ----------------------------------------------------------------------------------------------------------


def to_html(blocks: list[Block], cite: Callable[[int], str]) -> Markup:
    """Return blocks as HTML; ``cite`` returns the (escaped) link of a citation of a note number."""
    return Markup("".join(_html_block(block, cite) for block in blocks))


def _html_block(block: Block, cite: Callable[[int], str]) -> str:
    if isinstance(block, Paragraph):
        return f"<p>{_html_runs(block.runs, cite)}</p>\n"
    tag = "ol" if block.ordered else "ul"
    items = []
    for item in block.items:
        # A list item of one paragraph holds its text directly, as a hand-written list would.
        if len(item) == 1 and isinstance(item[0], Paragraph):
            items.append(f"<li>{_html_runs(item[0].runs, cite)}</li>\n")
        else:
            items.append("<li>" + "".join(_html_block(b, cite) for b in item) + "</li>\n")
    return f"<{tag}>\n{''.join(items)}</{tag}>\n"


def _html_runs(runs: list[Run], cite: Callable[[int], str]) -> str:
    return _written(
        runs,
        text=lambda t: str(escape(t)),
        italic="<em>{}</em>",
        bold="<strong>{}</strong>",
        link=lambda t, href: f'<a href="{escape(href)}">{t}</a>',
        cite=cite,
    )


def _written(
    runs: list[Run],
    *,
    text: Callable[[str], str],
    italic: str,
    bold: str,
    link: Callable[[str, str], str],
    cite: Callable[[int], str],
) -> str:
    """Return runs written in a markup: each run's text escaped, then wrapped in italic, bold and link."""
    parts = []
    for run in runs:
        if run.note is not None:
            parts.append(cite(run.note))
            continue
        written = text(run.text)
        if run.italic:
            written = italic.format(written)
        if run.bold:
            written = bold.format(written)
        if run.href:
            written = link(written, run.href)
        parts.append(written)
    return "".join(parts)


# --- Markdown ------------------------------------------------------------------------------------------------------


def to_markdown(blocks: list[Block]) -> Markup:
    """Return blocks as Markdown, every character of the brief's text escaped."""
    return Markup("\n\n".join(_md_block(block, "") for block in blocks))


def _md_block(block: Block, indent: str) -> str:
    if isinstance(block, Paragraph):
        return indent + _md_runs(block.runs)
    lines = []
    for n, item in enumerate(block.items, start=1):
        marker = f"{n}. " if block.ordered else "- "
        inner = [_md_block(b, indent + " " * len(marker)) for b in item]
        text = "\n".join(inner).removeprefix(indent + " " * len(marker)) if inner else ""
        lines.append(f"{indent}{marker}{text}")
    return "\n".join(lines)


def _md_runs(runs: list[Run]) -> str:
    from .packs import markdown_escape, markdown_url

    return _written(
        runs,
        text=lambda t: str(markdown_escape(t)),
        italic="*{}*",
        bold="**{}**",
        link=lambda t, href: f"[{t}](<{markdown_url(href)}>)",
        cite=lambda note: f" [{note}]",
    )


# --- WordprocessingML ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WordStyles:
    """The style ids of the Word document a brief is rendered into, and how to make its links."""

    list_bullet: str
    list_number: str
    hyperlink: str
    link_id: Callable[[str], str]
    cite: Callable[[int], str]
    new_numbering: Callable[[], int | None]
    """Return the id of a new numbering that starts again at 1 (None: the style's own numbering)."""


def to_docx(blocks: list[Block], styles: WordStyles, *, indent_twips: int = 0) -> Markup:
    """Return blocks as WordprocessingML paragraphs (for a ``{{p … }}`` tag of a Word template)."""
    return Markup("".join(_docx_block(block, styles, indent_twips, 0) for block in blocks))


def _docx_block(block: Block, styles: WordStyles, indent: int, level: int) -> str:
    if isinstance(block, Paragraph):
        ind = f'<w:ind w:left="{indent}"/>' if indent else ""
        return f"<w:p><w:pPr>{ind}</w:pPr>{_docx_runs(block.runs, styles)}</w:p>"
    style = styles.list_number if block.ordered else styles.list_bullet
    left = 360 * (level + 1) + indent
    # Each numbered list counts from 1, not on from the brief's previous one.
    restart = styles.new_numbering() if block.ordered and level == 0 else None
    num = f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{restart}"/></w:numPr>' if restart is not None else ""
    out = []
    for item in block.items:
        for k, inner in enumerate(item):
            if isinstance(inner, ListBlock):
                out.append(_docx_block(inner, styles, indent, level + 1))
            elif k == 0:  # the style gives the bullet or number; a nested list is indented further
                ind = f'<w:ind w:left="{left}" w:hanging="360"/>' if level else ""
                out.append(
                    f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{num}{ind}</w:pPr>{_docx_runs(inner.runs, styles)}</w:p>'
                )
            else:  # a further paragraph of an item continues it, without a new bullet
                out.append(f'<w:p><w:pPr><w:ind w:left="{left}"/></w:pPr>{_docx_runs(inner.runs, styles)}</w:p>')
    return "".join(out)


def _docx_runs(runs: list[Run], styles: WordStyles) -> str:
    parts = []
    for run in runs:
        if run.note is not None:
            parts.append(styles.cite(run.note))
            continue
        props = ("<w:b/>" if run.bold else "") + ("<w:i/>" if run.italic else "")
        if run.href:
            props = f'<w:rStyle w:val="{styles.hyperlink}"/>' + props
        xml = f'<w:r><w:rPr>{props}</w:rPr><w:t xml:space="preserve">{xml_escape(run.text)}</w:t></w:r>'
        if run.href:
            xml = f'<w:hyperlink r:id="{styles.link_id(run.href)}" w:history="1">{xml}</w:hyperlink>'
        parts.append(xml)
    return "".join(parts)
