"""What a reader gets from the example brief, in the PDF and in the Word file."""

from __future__ import annotations

import io

import pytest
from conftest import docx_text, fold, pdf_pages, pdf_text

import briefgen
from briefgen.model import Brief


def expected_phrases(brief: Brief) -> list[str]:
    phrases = [brief.title, brief.summary]
    for position in brief.positions:
        phrases.append(position.actor)
        phrases.extend(position.demands)
        if position.stance:
            phrases.append(position.stance)
    for count in brief.attendance.counts:
        phrases.append(count.label)
    phrases.extend(p.name for p in brief.attendance.present)
    phrases.extend(a.name for a in brief.attendance.absent)
    phrases.extend(o.statement for o in brief.outlook)
    return [fold(p) for p in phrases]


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_every_actor_demand_count_and_outlook_is_readable(
    fmt: str, example_brief: Brief, example_pdf: bytes, example_docx: bytes
) -> None:
    text = pdf_text(example_pdf) if fmt == "pdf" else docx_text(example_docx)
    # Hyphenation and line breaks can split words in a PDF; compare without spaces there.
    squash = (lambda s: s.replace(" ", "")) if fmt == "pdf" else (lambda s: s)
    missing = [p for p in expected_phrases(example_brief) if squash(p) not in squash(text)]
    assert missing == []
    for figure in ("160", "as many as 80", "more than 70"):
        assert figure in text


def test_pdf_metadata(example_pdf: bytes, example_brief: Brief) -> None:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(example_pdf))
    meta = reader.metadata
    assert meta is not None
    assert meta.title == example_brief.title
    assert meta.author == "Eastern Europe desk"
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert "/StructTreeRoot" in reader.trailer["/Root"]


def test_banner_and_page_x_of_y_on_every_page(example_pdf: bytes) -> None:
    pages = pdf_pages(example_pdf)
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert "TLP:AMBER" in text
        assert "UNCLASSIFIED // FOR TRAINING" in text
        assert f"Page {number} of {len(pages)}" in text


def test_sections_in_design_order(example_pdf: bytes, example_docx: bytes) -> None:
    order = ["Bottom line", "Key judgments", "Attendance", "Positions", "Outlook", "Sources"]
    for text in (pdf_text(example_pdf), docx_text(example_docx)):
        positions = [text.index(heading) for heading in order]
        assert positions == sorted(positions)


def test_docx_header_footer_and_page_fields(example_docx: bytes) -> None:
    from docx import Document

    doc = Document(io.BytesIO(example_docx))
    section = doc.sections[0]
    assert section.header.paragraphs[0].text == "TLP:AMBER  UNCLASSIFIED // FOR TRAINING"
    footer_xml = section.footer._element.xml
    assert " PAGE " in footer_xml and " NUMPAGES " in footer_xml
    assert doc.core_properties.title.startswith("Ukraine peace summit")
    assert doc.core_properties.language == "en-GB"
    styles = {p.style.name for p in doc.paragraphs}
    assert {"Title", "Heading 1", "Heading 2"} <= styles


def test_key_quote_and_spokespeople_in_both(example_pdf: bytes, example_docx: bytes) -> None:
    for text in (pdf_text(example_pdf).replace(" ", ""), docx_text(example_docx).replace(" ", "")):
        assert "Thedayaftertomorrow,wewilltakethefirststeptowardajustpeace" in text
        assert "VladimirPutin" in text and "VolodymyrZelensky" in text


def test_confidence_never_shares_a_sentence_with_likelihood(example_docx: bytes) -> None:
    text = docx_text(example_docx)
    assert "Very likely. Kyiv will reject" in text
    assert "Confidence in this judgment: high." in text
    for sentence in text.split(". "):
        if "Confidence in this judgment" in sentence:
            assert not any(term in sentence.lower() for term in ("likely", "chance", "certain"))


def test_html_escapes_brief_text(example_brief: Brief) -> None:
    hostile = example_brief.model_copy(
        update={"title": "<script>alert(1)</script> {{ 7*7 }} {% raw %}", "summary": "<b>bold</b>"}
    )
    html = briefgen.render(hostile, "html").decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }} {% raw %}" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html
    text = pdf_text(briefgen.render(hostile, "pdf"))
    assert "<script>alert(1)</script> {{ 7*7 }} {% raw %}" in text
    assert "<script>alert(1)</script> {{ 7*7 }} {% raw %}" in docx_text(briefgen.render(hostile, "docx"))


def test_unsafe_source_links_are_shown_not_linked(example_brief: Brief) -> None:
    from briefgen.model import Source

    brief = example_brief.model_copy(update={"sources": [Source(id="s1", title="Report", url="javascript:alert(1)")]})
    html = briefgen.render(brief, "html").decode()
    assert 'href="javascript' not in html
    assert "javascript:alert(1)" in html


def test_memo_pack_is_one_page(example_brief: Brief) -> None:
    pages = pdf_pages(briefgen.render(example_brief, "pdf", template="memo"))
    assert len(pages) == 1
    assert "MEMO" in pages[0] and "BOTTOM LINE" in pages[0]


def test_markdown_and_json(example_brief: Brief) -> None:
    md = briefgen.render(example_brief, "md").decode()
    assert md.startswith("**TLP:AMBER  ·  UNCLASSIFIED // FOR TRAINING**")
    assert "## Bottom line" in md and "| Countries invited | 160 | [1] |" in md
    again = briefgen.load(briefgen.render(example_brief, "json"))
    assert again == example_brief


@pytest.mark.parametrize(
    ("name", "printed"),
    [("Summit in Geneva", "Summit in Geneva ·"), ("Water talks", "Water talks, Geneva ·")],
)
def test_the_event_line_names_the_place_once(name: str, printed: str) -> None:
    brief = briefgen.load(
        {
            "title": "T",
            "date": "2024-06-14",
            "summary": "S",
            "event": {"name": name, "location": "Geneva", "start": "2024-06-14"},
        }
    )
    pdf = " ".join(pdf_pages(briefgen.render(brief, "pdf"))[0].split())
    word = " ".join(docx_text(briefgen.render(brief, "docx")).split())
    markdown = briefgen.render(brief, "md").decode()
    for text in (pdf, word, markdown):
        assert printed in text
        assert "Geneva, Geneva" not in text
