"""WordprocessingML that python-docx has no API for: the documents' language, schema order, reproducible packages."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

__all__ = ["app_properties", "normalise_package", "order_cell_properties", "set_language"]


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


# The children of w:tcPr in the order ECMA-376 (CT_TcPr) requires; Word refuses a file that breaks it.
_CELL_PROPERTIES = [
    qn(f"w:{name}")
    for name in (
        "cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar", "textDirection",
        "tcFitText", "vAlign", "hideMark", "headers", "cellIns", "cellDel", "cellMerge", "tcPrChange",
    )
]  # fmt: skip


def order_cell_properties(body: Any) -> None:
    """Put each table cell's properties in the schema's order (docxtpl's ``{% cellbg %}`` adds its shading first)."""
    rank = {tag: i for i, tag in enumerate(_CELL_PROPERTIES)}
    for props in body.iter(qn("w:tcPr")):
        children = list(props)
        ordered = sorted(children, key=lambda child: rank.get(child.tag, len(rank)))
        if ordered != children:
            for child in children:
                props.remove(child)
            props.extend(ordered)


_EXTENDED = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"


def app_properties(company: str | None = None) -> bytes:
    """Return docProps/app.xml naming briefgen as the application.

    No page, word or line counts: Word recomputes them when it lays the document out, and a template's
    own counts would be stale.
    """
    from lxml import etree

    root = etree.Element(f"{{{_EXTENDED}}}Properties", nsmap={None: _EXTENDED})
    etree.SubElement(root, f"{{{_EXTENDED}}}Application").text = "briefgen"
    etree.SubElement(root, f"{{{_EXTENDED}}}DocSecurity").text = "0"
    if company:
        etree.SubElement(root, f"{{{_EXTENDED}}}Company").text = company[:255]
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


_DROP = {"docProps/thumbnail.jpeg"}


def normalise_package(
    data: bytes, date_time: tuple[int, int, int, int, int, int], replace: dict[str, bytes] | None = None
) -> bytes:
    """Rewrite a .docx zip with fixed entry dates and without the template's thumbnail, for identical bytes.

    ``replace`` maps a part's name to the content it is written with instead.
    """
    date_time = max(date_time, (1980, 1, 1, 0, 0, 0))  # the zip format starts in 1980
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    # Level 1: the part XML compresses almost as well, at a fraction of the time of the default level 6.
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename in _DROP:
                continue
            content = (replace or {}).get(info.filename) or source.read(info.filename)
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
