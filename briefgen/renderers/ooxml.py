"""The bits of WordprocessingML python-docx has no API for: fields, hyperlinks, shading, repeated headers."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

__all__ = [
    "add_field",
    "add_hyperlink",
    "normalise_package",
    "repeat_header_row",
    "set_cell_shading",
    "set_language",
    "shade_run",
]


def add_field(paragraph: Any, instruction: str, placeholder: str = "1") -> None:
    """Append a complex field (e.g. PAGE, NUMPAGES) whose result Word updates on display."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run._r.append(begin)
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    run = paragraph.add_run()
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run._r.append(sep)
    paragraph.add_run(placeholder)
    run = paragraph.add_run()
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(end)


def add_hyperlink(paragraph: Any, text: str, *, url: str | None = None, anchor: str | None = None) -> Any:
    """Append a hyperlink to an external URL or to a bookmark in the document; return its run element."""
    link = OxmlElement("w:hyperlink")
    if url is not None:
        rel_id = paragraph.part.relate_to(
            url,
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
            is_external=True,
        )
        link.set(qn("r:id"), rel_id)
    if anchor is not None:
        link.set(qn("w:anchor"), anchor)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    props.append(style)
    run.append(props)
    text_el = OxmlElement("w:t")
    text_el.set(qn("xml:space"), "preserve")
    text_el.text = text
    run.append(text_el)
    link.append(run)
    paragraph._p.append(link)
    return run


def add_bookmark(paragraph: Any, name: str, bookmark_id: int) -> None:
    """Mark a whole paragraph as a bookmark that hyperlinks can point to."""
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(bookmark_id))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(bookmark_id))
    paragraph._p.insert(0, start)
    paragraph._p.append(end)


def repeat_header_row(row: Any) -> None:
    """Make a table row repeat at the top of every page the table spans."""
    props = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    props.append(header)
    cant_split = OxmlElement("w:cantSplit")
    props.append(cant_split)


def _shade(props: Any, fill: str) -> None:
    shade = OxmlElement("w:shd")
    shade.set(qn("w:val"), "clear")
    shade.set(qn("w:color"), "auto")
    shade.set(qn("w:fill"), fill)
    props.append(shade)


def set_cell_shading(cell: Any, fill: str) -> None:
    """Give a table cell a background colour (hex without '#')."""
    _shade(cell._tc.get_or_add_tcPr(), fill)


def shade_run(run: Any, fill: str) -> None:
    """Give a run of text a background colour (hex without '#')."""
    _shade(run._r.get_or_add_rPr(), fill)


def set_language(document: Any, language: str) -> None:
    """Declare the language of all text (spelling, hyphenation, screen readers)."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    rpr = rpr_default.find(qn("w:rPr")) if rpr_default is not None else None
    if rpr is None:
        return
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), language)
    lang.set(qn("w:eastAsia"), language)
    lang.set(qn("w:bidi"), language)
    rpr.append(lang)


_DROP = {"docProps/thumbnail.jpeg"}


def normalise_package(data: bytes, date_time: tuple[int, int, int, int, int, int]) -> bytes:
    """Rewrite a .docx zip with fixed entry dates and without the template's thumbnail, for identical bytes."""
    date_time = max(date_time, (1980, 1, 1, 0, 0, 0))  # the zip format starts in 1980
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    # Level 1: the part XML compresses almost as well, at a fraction of the time of the default level 6.
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename in _DROP:
                continue
            content = source.read(info.filename)
            if info.filename == "_rels/.rels":
                content = _without_thumbnail_rel(content)
            entry = zipfile.ZipInfo(info.filename, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, content, compresslevel=1)
    return out.getvalue()


def _without_thumbnail_rel(content: bytes) -> bytes:
    from lxml import etree

    root = etree.fromstring(content)
    for rel in list(root):
        if rel.get("Target", "").endswith("thumbnail.jpeg"):
            root.remove(rel)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))
