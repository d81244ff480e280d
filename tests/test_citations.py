"""Citations a reader can click and a screen reader can name, and never inside a heading."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from conftest import EXAMPLES
from pypdf import PdfReader

import briefgen
from briefgen.model import Brief


def citation_links(pdf: bytes) -> list[tuple[list[float], str]]:
    """Return (rectangle, /Contents) of every internal link annotation in a PDF."""
    links = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            if annot.get("/Subtype") == "/Link" and "/Dest" in annot:
                links.append(([float(v) for v in annot["/Rect"]], str(annot.get("/Contents", ""))))
    return links


def outline_titles(items: list[Any]) -> list[str]:
    """Return every title of a PDF outline, nested ones included."""
    return [t for item in items for t in (outline_titles(item) if isinstance(item, list) else [item.title])]


@pytest.mark.parametrize("template", ["standard", "memo"])
@pytest.mark.parametrize("name", ["ukraine-peace-summit.yaml", "conseil-de-securite-fr.yaml"])
def test_every_citation_link_has_an_area_and_a_name(name: str, template: str) -> None:
    brief = briefgen.load(EXAMPLES / name)
    links = citation_links(briefgen.render(brief, "pdf", template=template))
    assert links, "no citation links in the PDF"
    for (x1, y1, x2, y2), contents in links:
        assert abs(x2 - x1) > 2 and abs(y2 - y1) > 4, f"link box {x1, y1, x2, y2} cannot be clicked"
        # WeasyPrint writes the link's target as /Contents: it is the name a screen reader speaks.
        number = re.fullmatch(r"Source\s(\d+)\s?: (.+)", contents.replace("\u00a0", " ").replace("\u202f", " "))
        assert number, contents
        source = brief.sources[int(number.group(1)) - 1]
        assert number.group(2).startswith(source.title[:40])


def test_no_citation_in_headings_or_outline(example_brief: Brief, example_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(example_pdf))
    titles = outline_titles(reader.outline)
    assert "Russia" in titles
    assert not [t for t in titles if "[" in t]
    html = briefgen.render(example_brief, "html").decode()
    headings = re.findall(r"<h[1-6][^>]*>(.*?)</h[1-6]>", html, re.S)
    assert "Russia" in headings
    assert not [h for h in headings if "cite" in h or "[" in h]
    markdown = briefgen.render(example_brief, "md").decode()
    assert "### Russia\n" in markdown
    assert not re.search(r"^#.*\[\d+\]", markdown, re.M)
