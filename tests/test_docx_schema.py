"""Word documents as Word and its schema see them: valid ECMA-376, current layout mode, fonts and links that hold."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from conftest import EXAMPLES, docx_schema_errors
from docx import Document
from docx.oxml.ns import qn
from lxml import etree

import briefgen
from briefgen.model import Brief

Documents = dict[tuple[str, str], bytes]
PACKS = ("standard", "memo")
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))


@pytest.fixture(scope="module")
def documents() -> Documents:
    """Every example brief in every built-in pack, as Word documents."""
    return {
        (path.stem, pack): briefgen.render(briefgen.load(path), "docx", template=pack)
        for path in EXAMPLE_FILES
        for pack in PACKS
    }


def part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read(name))


def test_the_examples_cover_two_languages() -> None:
    languages = {briefgen.load(path).language.partition("-")[0] for path in EXAMPLE_FILES}
    assert {"en", "fr"} <= languages


@pytest.mark.parametrize("pack", PACKS)
@pytest.mark.parametrize("example", [p.stem for p in EXAMPLE_FILES])
def test_every_example_is_valid_wordprocessingml(documents: Documents, example: str, pack: str) -> None:
    assert docx_schema_errors(documents[example, pack]) == []


def test_the_pack_templates_themselves_are_valid() -> None:
    root = Path(briefgen.__file__).resolve().parent.parent / "templates"
    for path in (root / "standard" / "brief.docx", root / "memo" / "memo.docx"):
        assert docx_schema_errors(path.read_bytes()) == [], path.name


def test_the_schema_check_refuses_a_bookmark_before_the_paragraph_properties(example_docx: bytes) -> None:
    """Word is strict about w:pPr coming first; the check used on every test's documents must see it."""
    source = io.BytesIO(example_docx)
    broken = io.BytesIO()
    with zipfile.ZipFile(source) as package, zipfile.ZipFile(broken, "w") as out:
        for info in package.infolist():
            content = package.read(info.filename)
            if info.filename == "word/document.xml":
                root = etree.fromstring(content)
                paragraph = next(p for p in root.iter(qn("w:p")) if p.find(qn("w:bookmarkStart")) is not None)
                props = paragraph.find(qn("w:pPr"))
                paragraph.remove(props)
                paragraph.insert(1, props)
                content = etree.tostring(root)
            out.writestr(info, content)
    errors = docx_schema_errors(broken.getvalue())
    assert len(errors) == 1
    assert re.match(r"word/document\.xml:\d+: Element '\{[^}]+\}pPr': This element is not expected", errors[0])


@pytest.mark.parametrize("pack", PACKS)
def test_word_opens_it_in_its_current_mode(documents: Documents, pack: str) -> None:
    settings = part(documents["ukraine-peace-summit", pack], "word/settings.xml")
    compat = settings.iter(qn("w:compatSetting"))
    modes = [s.get(qn("w:val")) for s in compat if s.get(qn("w:name")) == "compatibilityMode"]
    assert modes == ["15"]


@pytest.mark.parametrize("pack", PACKS)
def test_styles_name_their_fonts_and_no_theme_font_overrides_them(documents: Documents, pack: str) -> None:
    styles = part(documents["ukraine-peace-summit", pack], "word/styles.xml")
    themed = [
        fonts.getparent().getparent().get(qn("w:styleId")) or "defaults"
        for fonts in styles.iter(qn("w:rFonts"))
        if any(fonts.get(qn(f"w:{a}")) for a in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"))
    ]
    assert themed == []
    doc = Document(io.BytesIO(documents["ukraine-peace-summit", pack]))
    for name in ("Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3"):
        assert doc.styles[name].font.name == "Noto Sans", name


@pytest.mark.parametrize("pack", PACKS)
def test_the_application_is_briefgen_with_no_stale_counts(documents: Documents, pack: str) -> None:
    app = part(documents["ukraine-peace-summit", pack], "docProps/app.xml")
    fields = {etree.QName(child).localname: child.text for child in app}
    assert fields["Application"] == "briefgen"
    assert fields["Company"] == "briefgen example analysis"
    assert not {"Pages", "Words", "Characters", "Lines", "Paragraphs", "TotalTime", "Template"} & fields.keys()


def test_the_chart_keeps_with_its_caption(documents: Documents) -> None:
    doc = Document(io.BytesIO(documents["ukraine-peace-summit", "standard"]))
    paragraphs = doc.paragraphs
    at = next(i for i, p in enumerate(paragraphs) if p._p.find(".//" + qn("w:drawing")) is not None)
    assert paragraphs[at].paragraph_format.keep_with_next is True
    assert paragraphs[at + 1].style.name == "Caption"
    assert paragraphs[at + 1].text == "Attendance at a glance"


@pytest.mark.parametrize("pack", PACKS)
def test_page_x_of_y_is_in_the_small_sans_footer_style(documents: Documents, pack: str) -> None:
    doc = Document(io.BytesIO(documents["ukraine-peace-summit", pack]))
    footer = doc.sections[0].footer
    pages = next(p for p in footer.paragraphs if p.text.startswith("Page "))
    assert pages.style.name == "Footer"
    assert re.fullmatch(r"Page 1 of 1", pages.text)
    assert [i.text.strip() for i in pages._p.iter(qn("w:instrText"))] == ["PAGE", "NUMPAGES"]
    assert doc.styles["Footer"].font.name == "Noto Sans"
    assert doc.styles["Footer"].font.size.pt <= 8


def test_memo_demands_are_bullets(documents: Documents, example_brief: Brief) -> None:
    doc = Document(io.BytesIO(documents["ukraine-peace-summit", "memo"]))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Party")
    russia = next(row for row in table.rows if row.cells[0].text == "Russia")
    demands = russia.cells[2].paragraphs
    expected = next(p for p in example_brief.positions if p.actor == "Russia").demands
    assert [p.text for p in demands] == expected
    assert {p.style.name for p in demands} == {"List Bullet"}


def test_a_memo_party_without_demands_keeps_its_three_cells(documents: Documents) -> None:
    doc = Document(io.BytesIO(documents["conseil-de-securite-fr", "memo"]))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Partie")
    china = next(row for row in table.rows if row.cells[0].text == "Chine")
    cells = china._tr.findall(qn("w:tc"))
    assert len(cells) == 3
    assert all(cell.find(qn("w:p")) is not None for cell in cells)
    assert cells[1].xpath("string(.)").startswith("La Chine s")
    assert cells[2].xpath("string(.)") == ""


@pytest.mark.parametrize("pack", PACKS)
@pytest.mark.parametrize("example", [p.stem for p in EXAMPLE_FILES])
def test_no_heading_holds_a_citation_and_each_citation_links_to_its_source(
    documents: Documents, example: str, pack: str
) -> None:
    doc = Document(io.BytesIO(documents[example, pack]))
    body = doc.element.body
    headings = [p for p in doc.paragraphs if p.style.name.startswith(("Title", "Subtitle", "Heading"))]
    assert headings
    for heading in headings:
        assert heading._p.find(qn("w:hyperlink")) is None, heading.text
        assert not re.search(r"\[\d+\]", heading.text), heading.text
    bookmarks = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    links = [link for link in body.iter(qn("w:hyperlink")) if link.get(qn("w:anchor"))]
    if pack == "standard":
        assert links
    for link in links:
        assert link.get(qn("w:anchor")) in bookmarks
        if link.get(qn("w:anchor")).startswith("_Toc"):  # a line of the contents, to its section's heading
            continue
        text = "".join(t.text for t in link.iter(qn("w:t")))
        number = re.fullmatch(r"\[(\d+)\]", text)
        assert number, text
        assert link.get(qn("w:anchor")) == f"src_{number.group(1)}"
        assert link.get(qn("w:anchor")) in bookmarks


def test_a_party_heading_is_its_name_and_the_citation_follows_the_stance(documents: Documents) -> None:
    doc = Document(io.BytesIO(documents["ukraine-peace-summit", "standard"]))
    paragraphs = doc.paragraphs
    at = next(i for i, p in enumerate(paragraphs) if p.style.name == "Heading 2" and p.text.startswith("Russia"))
    assert paragraphs[at].text == "Russia"
    stance = paragraphs[at + 1]
    assert stance.text.startswith("Russia will order a ceasefire")
    assert stance.text.endswith("NATO.[1]")
