"""Professional-grade output: tagged and archival PDF, Word-native DOCX, matrix, chart, scripts, reproducibility."""

from __future__ import annotations

import io
import json
import logging
import zipfile

import pytest
from conftest import EXAMPLES, docx_text, pdf_pages, pdf_text

import briefgen
from briefgen.model import Brief


def reader(data: bytes):  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(data))


def test_pdf_is_tagged_with_language_and_viewer_title(example_pdf: bytes) -> None:
    root = reader(example_pdf).trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "en-GB"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])


def test_pdf_outline_follows_headings(example_pdf: bytes) -> None:
    outline = reader(example_pdf).outline
    top = outline[0]
    assert top.title.startswith("Ukraine peace summit")
    children = [item.title for item in outline[1] if not isinstance(item, list)]
    for heading in ("Bottom line", "Key judgments", "Attendance", "Positions", "Outlook", "Sources"):
        assert heading in children


def test_pdf_metadata_subject_and_keywords(example_pdf: bytes) -> None:
    meta = reader(example_pdf).metadata
    assert meta.subject.startswith("On the eve of the Swiss-hosted peace summit")
    assert meta["/Keywords"] == "Summit on Peace in Ukraine, Russia, Ukraine, Switzerland, China"


def test_pdf_carries_the_brief_as_json(example_pdf: bytes, example_brief: Brief) -> None:
    attachments = reader(example_pdf).attachments
    assert list(attachments) == ["brief.json"]
    attached = json.loads(attachments["brief.json"][0])
    assert briefgen.load(attached) == example_brief


def test_pdf_a3b_is_identified_in_xmp(example_brief: Brief) -> None:
    pdf = briefgen.render(example_brief, "pdf", pdf_variant="pdf/a-3b")
    xmp = reader(pdf).trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in xmp
    assert 'pdfaid:conformance="B"' in xmp
    assert "brief.json" in reader(pdf).attachments


def test_pdf_ua1_is_identified(example_brief: Brief) -> None:
    pdf = briefgen.render(example_brief, "pdf", pdf_variant="pdf/ua-1")
    xmp = reader(pdf).trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert 'pdfuaid:part="1"' in xmp


def test_citations_link_to_the_sources_list(example_pdf: bytes) -> None:
    page = reader(example_pdf).pages[0]
    links = [a.get_object() for a in page["/Annots"] if a.get_object()["/Subtype"] == "/Link"]
    assert links, "no citation links on page 1"
    assert all("/Dest" in link or "/A" in link for link in links)


def test_docx_is_word_native(example_docx: bytes) -> None:
    from docx import Document

    doc = Document(io.BytesIO(example_docx))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Bottom line", "Key judgments", "Attendance", "Positions", "Outlook", "Sources"]
    props = doc.core_properties
    assert props.title == "Ukraine peace summit: Moscow sets its terms as Russia and China stay away"
    assert props.author == "Eastern Europe desk"
    assert props.keywords == "Summit on Peace in Ukraine, Russia, Ukraine, Switzerland, China"
    assert props.language == "en-GB"
    assert props.subject.startswith("On the eve of the Swiss-hosted")
    xml = doc.element.xml
    assert 'w:tblHeader w:val="true"' in xml
    styles_xml = doc.styles.element.xml
    assert 'w:lang w:val="en-GB"' in styles_xml
    docpr = [shape._inline.docPr for shape in doc.inline_shapes]
    assert docpr and all(
        d.get("descr", "").startswith("Bar chart of attendance: Countries invited: 160") for d in docpr
    )
    assert "thumbnail" not in " ".join(zipfile.ZipFile(io.BytesIO(example_docx)).namelist())


def test_docx_cites_and_links(example_brief: Brief) -> None:
    from docx import Document

    from briefgen.model import Source

    brief = example_brief.model_copy(
        update={"sources": [Source(id="s1", title="Report", url="https://example.org/report")]}
    )
    doc = Document(io.BytesIO(briefgen.render(brief, "docx")))
    rels = [r.target_ref for r in doc.part.rels.values() if r.reltype.endswith("/hyperlink")]
    assert rels == ["https://example.org/report"]
    xml = doc.element.xml
    assert 'w:anchor="src_1"' in xml and 'w:name="src_1"' in xml


def matrix_rows_pdf(text: str) -> str:
    return text[text.index("Positions on the issues") :]


def test_matrix_cells_in_both_formats(example_pdf: bytes, example_docx: bytes) -> None:
    from docx import Document

    text = matrix_rows_pdf(pdf_text(example_pdf))
    assert "Ukraine opposes not stated not stated supports" in text
    assert "Switzerland not stated not stated conditional supports" in text
    doc = Document(io.BytesIO(example_docx))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Party")
    cells = [[c.text for c in row.cells] for row in table.rows]
    assert cells[0][1:] == [
        "Ukrainian withdrawal from four regions",
        "Ukraine gives up NATO membership",
        "Russia part of the process",
        "Peace based on international law",
    ]
    assert cells[2] == ["Ukraine", "opposes", "not stated", "not stated", "supports"]
    not_stated = table.rows[2].cells[2]
    assert not_stated.paragraphs[0].runs[0].italic is True
    assert "w:shd" not in not_stated._tc.xml
    assert "w:shd" in table.rows[2].cells[1]._tc.xml


def test_chart_is_svg_in_pdf_html_and_png_in_docx(example_brief: Brief, example_docx: bytes) -> None:
    import base64
    import re

    html = briefgen.render(example_brief, "html").decode()
    uri = re.search(r'<img src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]+)"', html)
    assert uri is not None
    assert uri.group(2).startswith(
        "Bar chart of attendance: Countries invited: 160; Invited countries not attending: as many as 80;"
    )
    svg = base64.b64decode(uri.group(1)).decode()
    assert svg.startswith('<svg role="img"') and "<title>Bar chart of attendance" in svg
    images = [n for n in zipfile.ZipFile(io.BytesIO(example_docx)).namelist() if n.startswith("word/media/")]
    assert len(images) == 1 and images[0].endswith(".png")


def test_likelihood_legend_only_when_used(example_brief: Brief) -> None:
    assert "Estimative language" in pdf_text(briefgen.render(example_brief, "pdf"))
    plain = example_brief.model_copy(
        update={
            "key_judgments": [kj.model_copy(update={"likelihood": None}) for kj in example_brief.key_judgments],
            "outlook": [o.model_copy(update={"likelihood": None}) for o in example_brief.outlook],
        }
    )
    html = briefgen.render(plain, "html").decode()
    assert "Estimative language" not in html
    legend = pdf_text(briefgen.render(example_brief, "pdf"))
    for term, span in [
        ("almost no chance", "1–5 %"),
        ("roughly even chance", "45–55 %"),
        ("almost certain", "95–99 %"),
    ]:
        assert term in legend and span in legend


def test_french_brief_has_french_labels_and_dates() -> None:
    brief = briefgen.load(EXAMPLES / "conseil-de-securite-fr.yaml")
    pages = pdf_pages(briefgen.render(brief, "pdf"))
    text = " ".join(pages)
    for heading in ("L’essentiel", "Jugements clés", "Participation", "Positions", "Perspectives", "Sources"):
        assert heading in text
    assert "Informations arrêtées au 7 mars 2025" in text
    assert f"Page 1 sur {len(pages)}" in pages[0]
    assert "Chances à peu près égales." in text
    docx = docx_text(briefgen.render(brief, "docx"))
    assert "Jugements clés" in docx and "Confiance dans ce jugement : faible." in docx


def test_scripts_render_with_real_glyphs(caplog: pytest.LogCaptureFixture) -> None:
    from briefgen.renderers.fonts import missing_characters

    brief = briefgen.load(
        {
            "title": "Переговоры 谈判 مفاوضات 🕊️",
            "date": "2024-06-14",
            "summary": "Ελλάδα, עברית, 한국어, 日本語",
            "positions": [{"actor": "中国", "quotes": [{"text": "«Мир» — سلام ✌️"}]}],
        }
    )
    assert missing_characters(brief.model_dump_json()) == []
    with caplog.at_level(logging.WARNING, logger="briefgen"):
        pdf = briefgen.render(brief, "pdf")
    assert not [r for r in caplog.records if r.name == "briefgen"]
    fonts = set()
    for page in reader(pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("WenQuanYi" in f or "CJK" in f for f in fonts), fonts
    assert any("Arabic" in f or "Naskh" in f for f in fonts), fonts
    assert any("Emoji" in f for f in fonts), fonts


@pytest.mark.weasyprint_warns  # the point of this test is a character no font has
def test_uncovered_characters_are_named_with_a_package(caplog: pytest.LogCaptureFixture) -> None:
    brief = briefgen.load({"title": "Private \ue000 use", "date": "2024-06-14", "summary": "S"})
    with caplog.at_level(logging.WARNING, logger="briefgen"):
        briefgen.render(brief, "pdf")
    messages = [r.getMessage() for r in caplog.records if r.name == "briefgen"]
    assert messages == [
        "no installed font covers 1 character(s) of this brief, which will print as boxes: \ue000 (U+E000); "
        "install fonts-noto-core or fonts-noto-extra"
    ]


def test_source_date_epoch_sets_the_dates(example_brief: Brief, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    meta = reader(briefgen.render(example_brief, "pdf")).metadata
    assert meta.creation_date.year == 2023 and meta.creation_date.month == 11
