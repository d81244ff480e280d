"""Free text in the Markdown subset: background, analysis, annexes and a summary of several paragraphs."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from conftest import docx_text, pdf_pages

import briefgen
from briefgen.model import Brief

SUMMARY = "Moscow set its terms on the eve of the summit.\n\nKyiv refused them **the same day**."
BACKGROUND = """Talks stalled in **2023** after the *grain deal* lapsed; \
see the [summit site](https://example.org/summit?a=1&b=2) [s1].

- Switzerland offered to host
- Russia was not invited

1. First round in June
2. Second round later

<script>alert(1)</script> and [a trap](javascript:alert(1)) stay text."""
ANALYSIS = "The summit is **a beginning**, not an end. Write to [the desk](mailto:desk@example.org)."
ANNEX_BODY = "A list of delegations:\n\n- Ukraine\n- Switzerland"


@pytest.fixture(scope="module")
def prose_brief(example_brief: Brief) -> Brief:
    data = example_brief.model_dump(mode="json", exclude_none=True)
    first = data["sources"][0]["id"]
    data.update(
        summary=SUMMARY,
        background=BACKGROUND.replace("[s1]", f"[{first}]"),
        analysis=ANALYSIS,
        annexes=[{"title": "Delegations", "body": ANNEX_BODY}],
    )
    return Brief.model_validate(data)


def test_html_renders_the_subset_and_nothing_else(prose_brief: Brief) -> None:
    html = briefgen.render(prose_brief, "html").decode()
    assert "<strong>2023</strong>" in html and "<em>grain deal</em>" in html
    assert '<a href="https://example.org/summit?a=1&amp;b=2">summit site</a>' in html
    assert '<a href="mailto:desk@example.org">the desk</a>' in html
    assert "<li>Switzerland offered to host</li>" in html
    assert re.search(r"<ol>\s*<li>First round in June</li>", html)
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="javascript' not in html
    assert re.search(r'summit site</a><a class="cite" href="#Source[^"]*" aria-label="Source 1: [^"]*">\[1\]</a>', html)
    # The summary keeps its two paragraphs.
    assert re.search(r"<p>Moscow set its terms on the eve of the summit.</p>\s*<p>Kyiv refused them", html)
    assert "Annex 1: Delegations" in html


def test_pdf_text_has_sections_list_and_paragraphs(prose_brief: Brief) -> None:
    pages = pdf_pages(briefgen.render(prose_brief, "pdf"))
    text = " ".join(pages)
    for expected in (
        "Background Talks stalled in 2023 after the grain deal lapsed; see the summit site[1]. "
        "Switzerland offered to host Russia was not invited First round in June Second round later "
        "<script>alert(1)</script> and [a trap](javascript:alert(1)) stay text.",
        "Analysis The summit is a beginning, not an end.",
        "Annexes Annex 1: Delegations A list of delegations: Ukraine Switzerland",
    ):
        assert expected in text, expected
    # List markers are read after the page's text: the background's bullets and numbers are on its page.
    first = next(page for page in pages if "Background" in page)
    assert re.search(r"• • 1\. 2\.", first)


def test_docx_has_bold_runs_lists_and_hyperlinks(prose_brief: Brief) -> None:
    data = briefgen.render(prose_brief, "docx")
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        document = package.read("word/document.xml").decode()
        rels = package.read("word/_rels/document.xml.rels").decode()
    assert re.search(r"<w:r><w:rPr><w:b/></w:rPr><w:t[^>]*>2023</w:t></w:r>", document)
    assert re.search(r"<w:r><w:rPr><w:i/></w:rPr><w:t[^>]*>grain deal</w:t></w:r>", document)
    link = re.search(r'<w:hyperlink r:id="(rId\d+)"[^>]*><w:r><w:rPr><w:rStyle w:val="Hyperlink"/>', document)
    assert link is not None
    targets = dict(re.findall(r'Id="(rId\d+)"[^>]*Target="([^"]+)"', rels))
    targets |= {k: v for v, k in re.findall(r'Target="([^"]+)"[^>]*Id="(rId\d+)"', rels)}
    assert "https://example.org/summit?a=1&amp;b=2" in targets.values()
    assert "mailto:desk@example.org" in targets.values()
    bullets = re.findall(r'<w:pStyle w:val="ListBullet"/></w:pPr><w:r><w:rPr/><w:t[^>]*>([^<]+)</w:t>', document)
    assert bullets[:2] == ["Switzerland offered to host", "Russia was not invited"] or {
        "Switzerland offered to host",
        "Russia was not invited",
    } <= set(bullets)
    # A numbered list of its own, counting from 1 (not on from the key judgments).
    numbered = re.findall(
        r'<w:pStyle w:val="ListNumber"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="(\d+)"/></w:numPr></w:pPr>'
        r"<w:r><w:rPr/><w:t[^>]*>([^<]+)</w:t>",
        document,
    )
    assert [text for _, text in numbered[:2]] == ["First round in June", "Second round later"]
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        numbering = package.read("word/numbering.xml").decode()
    assert re.search(rf'<w:num w:numId="{numbered[0][0]}">.*?<w:startOverride w:val="1"/>', numbering, re.S)
    text = docx_text(data)
    assert "Moscow set its terms on the eve of the summit. Kyiv refused them the same day." in text
    assert "<script>alert(1)</script> and [a trap](javascript:alert(1)) stay text." in text
    assert "Annex 1: Delegations" in text
    assert "javascript" not in "".join(targets.values())


def test_markdown_keeps_the_subset_and_escapes_the_rest(prose_brief: Brief) -> None:
    md = briefgen.render(prose_brief, "md").decode()
    assert "Talks stalled in **2023** after the *grain deal* lapsed" in md
    assert "[summit site](<https://example.org/summit?a=1&b=2>) [1]" in md
    assert "- Switzerland offered to host\n- Russia was not invited" in md
    assert "1. First round in June\n2. Second round later" in md
    assert r"\<script\>alert(1)\</script\>" in md
    assert "## Analysis" in md and "### Annex 1: Delegations" in md
    assert "Moscow set its terms on the eve of the summit.\n\nKyiv refused them **the same day**." in md


@pytest.fixture(scope="module")
def toc_brief(prose_brief: Brief) -> Brief:
    return prose_brief.model_copy(
        update={"toc": True, "prepared_for": "The Minister", "distribution": ["Cabinet office", "Embassy Bern"]}
    )


def test_pdf_has_contents_with_pages_and_addressees(toc_brief: Brief) -> None:
    pages = pdf_pages(briefgen.render(toc_brief, "pdf"))
    first = pages[0]
    assert "Prepared for The Minister" in first
    assert "Distribution Cabinet office; Embassy Bern" in first
    entries = re.findall(r"([A-Z][a-z]+(?: [a-z]+)?) \.(?: ?\.)* ?(\d+)", first[first.index("Contents") :])
    found = dict(entries)
    for heading in ("Bottom line", "Key judgments", "Background", "Attendance", "Positions", "Analysis", "Sources"):
        assert heading in found, (heading, first)
        # Each entry's page number is the page its section starts on.
        page = int(found[heading])
        assert heading in pages[page - 1]
    assert found["Annexes"] == str(len(pages)) if "Annexes" in found else True


def test_docx_contents_give_each_section_its_page_by_a_field(toc_brief: Brief) -> None:
    import re

    data = briefgen.render(toc_brief, "docx")
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        document = package.read("word/document.xml").decode()
        settings = package.read("word/settings.xml").decode()
    # Each line of the contents: a link to a bookmark and a PAGEREF field naming the same bookmark ...
    entries = re.findall(
        r'<w:hyperlink w:anchor="([^"]+)"[^>]*><w:r><w:rPr/><w:t[^>]*>([^<]+)</w:t></w:r>'
        r".*? PAGEREF (\S+) \\h .*?</w:hyperlink>",
        document,
    )
    assert [label for _, label, _ in entries][:2] == ["Bottom line", "Key judgments"]
    assert [m for m in ("Bottom line", "Background", "Analysis", "Annexes") if m not in [e[1] for e in entries]] == []
    # ... and that bookmark sits on the heading of that section.
    for anchor, label, reference in entries:
        assert anchor == reference
        heading = re.search(
            rf'<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:bookmarkStart w:id="\d+" w:name="{anchor}"/>'
            rf"<w:r>(?:(?!</w:p>).)*?>{re.escape(label)}</w:t>",
            document,
        )
        assert heading, label
    assert '<w:updateFields w:val="true"/>' in settings  # Word brings the page numbers up to date on opening
    text = docx_text(data)
    assert "Prepared for: The Minister" in text and "Distribution: Cabinet office; Embassy Bern" in text


def test_markdown_has_contents_and_addressees(toc_brief: Brief) -> None:
    md = briefgen.render(toc_brief, "md").decode()
    assert "- **Prepared for:** The Minister" in md
    assert "- **Distribution:** Cabinet office; Embassy Bern" in md
    assert "**Contents**\n\n1. Bottom line\n2. Key judgments\n3. Background" in md


def test_memo_pack_prints_the_new_sections(toc_brief: Brief) -> None:
    for fmt in ("html", "md", "docx"):
        data = briefgen.render(toc_brief, fmt, template="memo")
        text = docx_text(data) if fmt == "docx" else data.decode()
        assert "Background" in text and "Annex 1: Delegations" in text, fmt
        assert "Contents" in text and "The Minister" in text and "Embassy Bern" in text, fmt
    assert "CONTENTS" in pdf_pages(briefgen.render(toc_brief, "pdf", template="memo"))[0].upper()
