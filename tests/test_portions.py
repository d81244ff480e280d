"""Portion marks on every paragraph and list item, the banner at least the highest mark, and the whole example.

The example (examples/marked-brief.yaml) is the brief the issue asks for: a Markdown background with
bold, a link and a list, an annex, two figures, portion marks and a table of contents. Each format is
read back as a reader gets it: PDF text (pypdf), the Word document's XML, the HTML.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from conftest import EXAMPLES, pdf_pages, pdf_text
from lxml import etree
from test_figures import structure_alts
from typer.testing import CliRunner

import briefgen
from briefgen.api import new_pack
from briefgen.cli import app

EXAMPLE = EXAMPLES / "marked-brief.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# Every portion of the example, as it starts: its mark and its first words.
PORTIONS = [
    ("C", "Ninety-five delegations are expected"),  # the summary's two paragraphs
    ("U", "The programme is public on the"),
    ("C", "Likely."),  # the key judgment
    ("U", "The host has prepared the summit"),  # background: two paragraphs, a list of three
    ("C", "Delegations disagree on three points:"),
    ("C", "the order of a ceasefire and talks;"),
    ("U", "who guarantees the text;"),
    ("C", "whether the next round includes all parties."),
    ("C", "The host"),  # analysis
    ("U", "Figure 1."),  # the figures' captions
    ("U", "Figure 2."),
    ("U", "Roughly even chance."),  # outlook and what to watch
    ("U", "Whether the closing text names a date"),
    ("U", "Day one: opening plenary"),  # the annex
]
SECTIONS = ["Bottom line", "Key judgments", "Background", "Attendance", "Analysis", "Figures", "Outlook", "Sources"]


@pytest.fixture(scope="module")
def example() -> briefgen.Brief:
    return briefgen.load(EXAMPLE)


def test_pdf_text_has_every_mark_the_markdown_the_figures_and_the_contents(example: briefgen.Brief) -> None:
    data = briefgen.render(example, "pdf")
    text = pdf_text(data)
    for mark, words in PORTIONS:
        assert f"({mark}) {words}" in text, (mark, words)
    assert "three sherpa rounds" in text and "published programme" in text
    # The contents list each section with its page number, in order, before the bottom line.
    contents = text[text.index("Contents") : text.index("(C) Ninety-five")]
    entries = re.findall(r"([A-Z][a-z]+(?: [a-z]+)?) \.+ (\d)", contents)
    assert [name for name, _ in entries] == [*SECTIONS, "Annexes"], contents
    pages = [int(page) for _, page in entries]
    assert pages == sorted(pages) and pages[0] == 1 and pages[-1] == len(pdf_pages(data)) > 1


def test_pdf_links_and_alt_text(example: briefgen.Brief) -> None:
    from pypdf import PdfReader

    data = briefgen.render(example, "pdf")
    reader = PdfReader(io.BytesIO(data))
    targets = {
        str(annot.get_object()["/A"].get("/URI"))
        for page in reader.pages
        for annot in page.get("/Annots") or []
        if "/A" in annot.get_object()
    }
    assert "https://example.org/summit/programme" in targets
    assert any(alt.startswith("Bar chart of delegations by region") for alt in structure_alts(data))


def word_paragraphs(data: bytes) -> tuple[list[tuple[str, str]], str]:
    """Return each body paragraph of a Word file as (style id, text), and the document's XML."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        xml = package.read("word/document.xml")
    root = etree.fromstring(xml)
    out = []
    for p in root.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        text = "".join(t.text or "" for t in p.iter(f"{W}t"))
        out.append((style.get(f"{W}val") if style is not None else "", text))
    return out, xml.decode()


def test_word_xml_has_every_mark_bold_link_list_image_and_contents(example: briefgen.Brief) -> None:
    paragraphs, xml = word_paragraphs(briefgen.render(example, "docx"))
    texts = [text for _, text in paragraphs]
    for mark, words in PORTIONS:
        assert any(text.startswith(f"({mark}) {words}") for text in texts), (mark, words)
    # Bold is a real bold run; the link is a hyperlink to its address; the list items are list paragraphs.
    assert re.search(r"<w:r><w:rPr><w:b/></w:rPr><w:t[^>]*>three sherpa rounds</w:t></w:r>", xml)
    assert re.search(r'<w:hyperlink r:id="[^"]+"[^>]*>.*?published programme</w:t></w:r></w:hyperlink>', xml)
    with zipfile.ZipFile(io.BytesIO(briefgen.render(example, "docx"))) as package:
        rels = package.read("word/_rels/document.xml.rels").decode()
    assert 'Target="https://example.org/summit/programme" TargetMode="External"' in rels
    listed = [text for style, text in paragraphs if style == "ListBullet"]
    assert "(U) who guarantees the text;" in listed
    assert 'descr="Timeline from the invitations on 4 March to the summit on 15 June."' in xml
    # The contents: a line per Heading 1 section, its page given by a PAGEREF field.
    assert xml.count(" PAGEREF _Toc_briefgen_") == xml.count('w:name="_Toc_briefgen_') >= len(SECTIONS)
    start = texts.index("Contents")
    assert texts[start + 1 : start + 1 + len(SECTIONS)] == SECTIONS


def test_html_has_every_mark_and_the_contents(example: briefgen.Brief) -> None:
    html = briefgen.render(example, "html").decode()
    for mark, words in PORTIONS:
        escaped = re.escape(words).replace("'", "(?:'|&#39;|’)")
        assert re.search(rf">\({mark}\) (<[^>]+>)*{escaped}", html), (mark, words)
    assert "<strong>three sherpa rounds</strong>" in html
    assert '<a href="https://example.org/summit/programme">published programme</a>' in html
    nav = html[html.index('<nav class="toc"') : html.index("</nav>")]
    assert [s for s in SECTIONS if s in nav] == SECTIONS


def test_markdown_marks_each_paragraph(example: briefgen.Brief) -> None:
    md = briefgen.render(example, "md").decode()
    assert "\n- (U) who guarantees the text;" in md
    assert "\n1. (C) **Likely.** The summit will close" in md


def validate(tmp_path: Path, text: str, *extra: str) -> tuple[int, str]:
    brief = tmp_path / "brief.yaml"
    brief.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["render", str(brief), "-o", str(tmp_path / "out"), "-f", "html", *extra])
    assert "Traceback" not in result.output
    return result.exit_code, result.output.replace(str(brief), "brief.yaml")


def pack_with_scheme(tmp_path: Path, levels: str, banners: str) -> Path:
    """Return a new pack whose pack.toml sets a portion scheme (its levels and banners as TOML arrays)."""
    pack = new_pack(tmp_path / "office")
    manifest = pack / "pack.toml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(f"{text}\n[portions]\nlevels = {levels}\nbanners = {banners}\n", encoding="utf-8")
    return pack


MARKED = """title: Marked
date: 2026-06-14
handling:
  banner: {banner}
  portions: true
summary: |-
  (U) First paragraph.

  {second}
key_judgments:
  - statement: A judgment.
    portion: {portion}
"""


def test_an_unmarked_paragraph_or_item_is_a_located_error(tmp_path: Path) -> None:
    code, output = validate(tmp_path, MARKED.format(banner="SECRET", second="Second paragraph.", portion="null"))
    assert code == 2
    assert output.splitlines() == [
        "brief.yaml:6:10: summary: paragraph 2 ('Second paragraph.'…): no portion mark; every portion is marked, "
        "with one of (U), (C), (S), (TS)",
        "brief.yaml:12:14: key_judgments[0].portion: no portion mark; every portion is marked, "
        "with one of (U), (C), (S), (TS)",
    ]
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_an_unknown_mark_suggests_the_nearest(tmp_path: Path) -> None:
    code, output = validate(tmp_path, MARKED.format(banner="SECRET", second="(s) Second.", portion="TSS"))
    assert code == 2
    assert "summary: paragraph 2 ('(s) Second.'…): the mark (s) is not in the scheme (U), (C), (S), (TS); " in output
    assert "did you mean (S)?" in output
    assert "key_judgments[0].portion: the mark (TSS) is not in the scheme (U), (C), (S), (TS); did you mean (TS)?" in (
        output
    )


def test_the_banner_must_be_at_least_the_highest_mark(tmp_path: Path) -> None:
    text = MARKED.format(banner='"CONFIDENTIAL//REL TO EXERCISE"', second="(S) Second.", portion="C")
    code, output = validate(tmp_path, text)
    assert code == 2
    assert output.strip() == (
        "brief.yaml:4:11: handling.banner: 'CONFIDENTIAL//REL TO EXERCISE' is lower than the highest portion mark, "
        "(S) at summary; the banner must be at least 'SECRET'"
    )
    code, output = validate(tmp_path, MARKED.format(banner="RESTRICTED", second="(U) Second.", portion="U"))
    assert code == 2
    assert "handling.banner: 'RESTRICTED' names no level of the scheme; start it with one of UNCLASSIFIED," in output
    code, output = validate(tmp_path, MARKED.format(banner="SECRET//NOFORN", second="(S) Second.", portion="C"))
    assert code == 0, output
    html = (tmp_path / "out" / "brief.html").read_text(encoding="utf-8")
    assert "<p>(S) Second.</p>" in html and "(C) A judgment." in html


def test_marks_print_only_when_marking_is_on(tmp_path: Path) -> None:
    text = MARKED.format(banner="SECRET", second="Second.", portion="C").replace("portions: true", "portions: false")
    code, output = validate(tmp_path, text)
    assert code == 0, output
    html = (tmp_path / "out" / "brief.html").read_text(encoding="utf-8")
    assert "(C) A judgment." not in html and "A judgment." in html


def test_a_pack_sets_its_own_scheme(tmp_path: Path) -> None:
    pack = pack_with_scheme(tmp_path, '["O", "OS"]', '["OFFICIAL", "OFFICIAL-SENSITIVE"]')
    text = MARKED.format(banner="OFFICIAL", second="(OS) Second.", portion="O").replace("(U) First", "(O) First")
    code, output = validate(tmp_path, text, "-t", str(pack))
    assert code == 2
    assert "handling.banner: 'OFFICIAL' is lower than the highest portion mark, (OS) at summary; " in output
    code, output = validate(tmp_path, text.replace("banner: OFFICIAL", "banner: OFFICIAL-SENSITIVE"), "-t", str(pack))
    assert code == 0, output
    standard = MARKED.format(banner="SECRET", second="(S) Second.", portion="C")
    code, output = validate(tmp_path, standard, "-t", str(pack))
    assert code == 2
    assert "the mark (U) is not in the scheme (O), (OS)" in output


def test_briefgen_validate_checks_the_marks_against_the_packs_scheme(tmp_path: Path) -> None:
    brief = tmp_path / "brief.yaml"
    brief.write_text(MARKED.format(banner="CONFIDENTIAL", second="(S) Second.", portion="C"), encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(brief)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"{brief}:4:11: handling.banner: 'CONFIDENTIAL' is lower than the highest portion mark, (S) at summary; "
        "the banner must be at least 'SECRET'\n"
    )
    pack = pack_with_scheme(tmp_path, '["O"]', '["OFFICIAL"]')
    brief.write_text(MARKED.format(banner="OFFICIAL", second="(O) Second.", portion="O").replace("(U)", "(O)"))
    assert CliRunner().invoke(app, ["validate", str(brief), "-t", str(pack)]).exit_code == 0
    result = CliRunner().invoke(app, ["validate", str(brief)])  # the standard scheme has no (O)
    assert result.exit_code == 2
    assert "the mark (O) is not in the scheme (U), (C), (S), (TS)" in result.stderr


def test_a_broken_scheme_names_pack_toml_and_the_key(tmp_path: Path) -> None:
    pack = pack_with_scheme(tmp_path, '["O", "OS"]', '["OFFICIAL"]')
    manifest = pack / "pack.toml"
    code, output = validate(tmp_path, MARKED.format(banner="SECRET", second="(S) x", portion="C"), "-t", str(pack))
    assert code == 2
    assert f"{manifest}: portions: levels and banners must name the same number of levels" in output


def test_a_scheme_with_one_banner_word_for_two_levels_is_refused(tmp_path: Path) -> None:
    pack = pack_with_scheme(tmp_path, '["O", "S"]', '["OFFICIAL", "official"]')
    manifest = pack / "pack.toml"
    code, output = validate(tmp_path, MARKED.format(banner="OFFICIAL", second="(S) x", portion="O"), "-t", str(pack))
    assert code == 2
    assert f"{manifest}: portions: a banner word is named twice; each level needs its own" in output


def test_a_banner_with_words_after_its_level_names_that_level(tmp_path: Path) -> None:
    """The message says "start it with one of"; a banner that does so is read as that level."""
    code, output = validate(tmp_path, MARKED.format(banner='"SECRET NOFORN"', second="(S) Second.", portion="C"))
    assert code == 0, output
    code, output = validate(tmp_path, MARKED.format(banner='"CONFIDENTIAL REL TO X"', second="(S) x.", portion="C"))
    assert code == 2
    assert "handling.banner: 'CONFIDENTIAL REL TO X' is lower than the highest portion mark, (S) at summary" in output
    code, output = validate(tmp_path, MARKED.format(banner="SECRETARIAT", second="(U) x.", portion="U"))
    assert code == 2
    assert "'SECRETARIAT' names no level of the scheme" in output
