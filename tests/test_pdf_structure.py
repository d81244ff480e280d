"""The PDF's structure tree as a screen reader walks it, and every PDF variant WeasyPrint offers."""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterator
from typing import Any

import pytest
import weasyprint.pdf
from pypdf import PdfReader

import briefgen
from briefgen.model import Brief
from briefgen.options import pdf_variants


def structure(data: bytes) -> Any:
    return PdfReader(io.BytesIO(data)).root_object["/StructTreeRoot"].get_object()


def kids(element: Any) -> list[Any]:
    k = element.get("/K")
    items = k if isinstance(k, list) else ([] if k is None else [k])
    return [kid.get_object() for kid in items if hasattr(kid.get_object(), "get") and "/S" in kid.get_object()]


def walk(element: Any) -> Iterator[Any]:
    for kid in kids(element):
        yield kid
        yield from walk(kid)


def test_a_section_that_runs_onto_the_next_page_is_one_sect(example_pdf: bytes) -> None:
    # The page's main part holds the sections; like them, it is one element across page breaks.
    parts = [e for e in walk(structure(example_pdf)) if e["/S"] == "/Part"]
    assert len(parts) == 1
    sections = [kid for kid in kids(parts[0]) if kid["/S"] == "/Sect"]
    assert len(PdfReader(io.BytesIO(example_pdf)).pages) > 1
    # Each section of the standard pack opens with its heading; a page break no longer starts another.
    openings = [kids(section)[0]["/S"] for section in sections]
    assert all(opening in {"/H1", "/H2", "/H3", "/P"} for opening in openings), openings
    positions = [s for s in sections if sum(1 for k in kids(s) if k["/S"] == "/Art") > 0]
    assert len(positions) == 1
    assert sum(1 for k in kids(positions[0]) if k["/S"] == "/Art") == 4


def test_no_list_is_two_lists(example_pdf: bytes) -> None:
    """Two lists side by side in the tree are one list cut by a page break (the packs always separate lists)."""
    for element in walk(structure(example_pdf)):
        names = [kid["/S"] for kid in kids(element)]
        assert not any(a == b == "/L" for a, b in itertools.pairwise(names)), names


def test_table_headers_are_found_through_the_id_tree(example_pdf: bytes) -> None:
    tree = structure(example_pdf)
    headers = [e for e in walk(tree) if e["/S"] == "/TH"]
    assert headers and all("/ID" in h for h in headers)
    names = tree["/IDTree"].get_object()["/Names"]
    index = {str(names[i]): names[i + 1].get_object() for i in range(0, len(names), 2)}
    assert set(index) == {str(h["/ID"]) for h in headers}
    keys = [str(names[i]).encode() for i in range(0, len(names), 2)]
    assert keys == sorted(keys)  # a name tree's keys are in order
    for header in headers:
        assert index[str(header["/ID"])] is header or index[str(header["/ID"])] == header


def test_a_quote_in_another_language_is_tagged_with_it(example_brief: Brief) -> None:
    positions = [
        p.model_copy(update={"quotes": [p.quotes[0].model_copy(update={"language": "ru"})]})
        if p.actor == "Russia"
        else p
        for p in example_brief.positions
    ]
    brief = example_brief.model_copy(update={"positions": positions})
    tree = structure(briefgen.render(brief, "pdf"))
    quotes = [e for e in walk(tree) if e["/S"] == "/BlockQuote"]
    assert [str(q.get("/Lang", "")) for q in quotes] == ["ru", "", "", ""]


def test_a_quote_in_the_briefs_own_language_carries_none(example_pdf: bytes) -> None:
    quotes = [e for e in walk(structure(example_pdf)) if e["/S"] == "/BlockQuote"]
    assert quotes and not any("/Lang" in q for q in quotes)


def test_the_mended_pdf_reads_strictly_as_one_revision(example_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(example_pdf), strict=True)
    assert len(reader.pages) > 1
    # The tree is mended before WeasyPrint writes the file: no appended update, no second copy of the tree.
    assert example_pdf.count(b"%%EOF") == 1


def test_page_content_and_parents_name_elements_of_the_mended_tree(example_pdf: bytes) -> None:
    """A reader goes from marked content to its element (parent tree) and from an element to its parent (/P)."""
    tree = structure(example_pdf)
    reachable = set()
    for parent in [tree, *walk(tree)]:
        for kid in kids(parent):
            reachable.add(kid.indirect_reference.idnum)
            assert kid.raw_get("/P").idnum == parent.indirect_reference.idnum
    nums = tree["/ParentTree"].get_object()["/Nums"]
    named = [ref for entry in nums[1::2] for ref in (entry if isinstance(entry, list) else [entry])]
    assert named
    # No entry names a fragment that was joined to the element before it.
    assert all("/S" in ref.get_object() and "/P" in ref.get_object() for ref in named)
    # WeasyPrint maps the page margins' text (running heads, page numbers) to spans outside the tree;
    # everything else the pages show is reached from the root.
    outside = {str(ref.get_object()["/S"]) for ref in named if ref.idnum not in reachable}
    assert outside <= {"/Span", "/NonStruct"}, outside


def test_the_variants_are_weasyprints_own() -> None:
    assert list(pdf_variants()) == [v for v in weasyprint.pdf.VARIANTS if v.startswith("pdf/")]
    assert pdf_variants() == briefgen.PDF_VARIANTS
    assert {"pdf/a-4e", "pdf/a-3b", "pdf/ua-1"} <= set(pdf_variants())
    assert "pdf/a-4b" not in pdf_variants()


@pytest.mark.parametrize("variant", pdf_variants())
def test_every_variant_renders(example_brief: Brief, variant: str) -> None:
    data = briefgen.render(example_brief, "pdf", pdf_variant=variant)
    reader = PdfReader(io.BytesIO(data))
    assert "Moscow sets its terms" in (reader.pages[0].extract_text() or "")
    metadata = reader.xmp_metadata
    if variant.startswith("pdf/a-"):
        part, conformance = variant[6], variant[7:].upper()
        assert metadata is not None
        assert metadata.pdfaid_part == part
        if part != "4":
            assert metadata.pdfaid_conformance == conformance
        assert "/OutputIntents" in reader.root_object
