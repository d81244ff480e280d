"""WordprocessingML that python-docx has no API for: the documents' language, and reproducible packages."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

__all__ = ["normalise_package", "set_language"]


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
