"""Typography in the brief's language (CLDR data), and date ranges as intervals."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from conftest import EXAMPLES
from pypdf import PdfReader

import briefgen
from briefgen.i18n import format_date_range
from briefgen.typography import typeset

NNBSP = "\u202f"
FRENCH = EXAMPLES / "conseil-de-securite-fr.yaml"


def test_french_spacing_and_guillemets() -> None:
    assert typeset("Note : voir “le texte” ! Et https://un.org/a:b à 10:30 ?", "fr") == (
        f"Note{NNBSP}: voir «{NNBSP}le texte{NNBSP}»{NNBSP}! Et https://un.org/a:b à 10:30{NNBSP}?"
    )
    assert typeset("Note: see “the text”!", "en-GB") == "Note: see “the text”!"


@pytest.mark.parametrize("template", ["standard", "memo"])
@pytest.mark.parametrize("fmt", ["html", "md", "pdf"])
def test_french_output_has_no_space_before_high_punctuation(fmt: str, template: str) -> None:
    brief = briefgen.load(FRENCH)
    data = briefgen.render(brief, fmt, template=template)
    if fmt == "pdf":  # the raw text: the shared reader folds every kind of space into one
        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    else:
        text = re.sub(r"<style>.*?</style>|<[^>]+>", "", data.decode(), flags=re.S)
    assert not re.search(r"[ \u00a0][:;!?]", text), re.search(r".{20}[ \u00a0][:;!?].{20}", text)
    assert f"{NNBSP}:" in text
    assert '"' not in re.sub(r"<[^>]+>", "", text) and "“" not in text
    if template == "standard":
        assert "«" in text


def test_date_ranges_are_cldr_intervals() -> None:
    start, end = dt.date(2024, 6, 15), dt.date(2024, 6, 16)
    assert format_date_range(start, end, "en-GB") == "15\u2009–\u200916 June 2024"
    assert format_date_range(start, dt.date(2024, 7, 2), "fr") == "15 juin\u2009–\u20092 juillet 2024"
    assert format_date_range(start, start, "en-GB") == "15 June 2024"


@pytest.mark.parametrize("pack", ["standard", "memo"])
def test_french_word_output_has_no_plain_space_before_high_punctuation(pack: str) -> None:
    import docx

    brief = briefgen.load(EXAMPLES / "conseil-de-securite-fr.yaml")
    document = docx.Document(io.BytesIO(briefgen.render(brief, "docx", template=pack)))
    texts = [p.text for p in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    for section in document.sections:
        texts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
    assert not [t for t in texts if re.search(r"[ \u00a0][:;!?]", t)]
    assert any("\u202f:" in t for t in texts)


@pytest.mark.parametrize("pack", ["standard", "memo"])
def test_word_headers_and_footers_get_the_same_typography_and_tidying_as_the_body(pack: str) -> None:
    import zipfile

    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    brief = briefgen.load(FRENCH)
    assert brief.handling is not None
    handling = brief.handling.model_copy(update={"banner": "DIFFUSION RESTREINTE : usage interne ?"})
    data = briefgen.render(brief.model_copy(update={"handling": handling}), "docx", template=pack)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = [n for n in package.namelist() if re.fullmatch(r"word/(header|footer)\d+\.xml", n)]
        roots = {name: etree.fromstring(package.read(name)) for name in names}
    assert {n.split("/")[1].rstrip("0123456789.xml") for n in names} == {"header", "footer"}
    for name, root in roots.items():
        text = "".join(node.text or "" for node in root.iter(f"{w}t"))
        assert f"DIFFUSION RESTREINTE{NNBSP}: usage interne{NNBSP}?" in text, (name, text)
        assert "TLP:GREEN" in text, (name, text)  # a label, not a sentence: no space inside it
        # The tags' leftovers are gone here too: no run holding only empty text.
        empty = [
            etree.tostring(run).decode()
            for run in root.iter(f"{w}r")
            if all(child.tag in {f"{w}rPr", f"{w}t"} for child in run)
            and not "".join(child.text or "" for child in run if child.tag == f"{w}t")
        ]
        assert not empty, (name, empty)
