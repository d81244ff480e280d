"""The Word file of a pack is the layout: moving a section there moves it in every Word brief, with no code."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLE, ROOT, docx_text

import briefgen


def section_blocks(body: object) -> dict[str, list[object]]:
    """Return the body elements of each section: from its ``{%p if "NAME" in sections %}`` paragraph to the next."""
    blocks: dict[str, list[object]] = {}
    current: list[object] | None = None
    for element in list(body):  # type: ignore[call-overload]
        text = "".join(element.itertext()) if element.tag.endswith("}p") else ""
        if text.startswith('{%p if "'):
            name = text.split('"')[1]
            current = blocks.setdefault(name, [])
        if element.tag.endswith("}sectPr"):
            break
        if current is not None:
            current.append(element)
    return blocks


def move_section(docx: Path, name: str, before: str) -> None:
    """Move a section of a Word template in front of another, as a person would by cutting and pasting in Word."""
    from docx import Document

    doc = Document(str(docx))
    body = doc.element.body
    blocks = section_blocks(body)
    anchor = blocks[before][0]
    for element in blocks[name]:
        body.remove(element)
        anchor.addprevious(element)
    doc.save(str(docx))


def headings(data: bytes) -> list[str]:
    from docx import Document

    return [p.text for p in Document(io.BytesIO(data)).paragraphs if p.style.name == "Heading 1"]


def test_moving_a_section_in_the_word_file_moves_it_in_the_word_brief(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(ROOT / "templates" / "standard", pack)
    brief = briefgen.load(EXAMPLE)
    before = ["Bottom line", "Key judgments", "Attendance", "Positions", "Outlook", "Sources"]
    assert headings(briefgen.render(brief, "docx", template=pack)) == before
    move_section(pack / "brief.docx", "outlook", before="attendance")
    moved = briefgen.render(brief, "docx", template=pack)
    assert headings(moved) == ["Bottom line", "Key judgments", "Outlook", "Attendance", "Positions", "Sources"]
    text = docx_text(moved)
    assert text.index("What to watch") < text.index("Countries invited")
    # The other formats follow pack.toml, which was not changed.
    html = briefgen.render(brief, "html", template=pack).decode()
    assert html.index("<h2>Attendance</h2>") < html.index("<h2>Outlook</h2>")


def test_pack_toml_sections_choose_what_every_format_prints(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(ROOT / "templates" / "standard", pack)
    manifest = pack / "pack.toml"
    kept = 'sections = ["title", "bottom_line", "key_judgments", "positions", "sources"]'
    text = re.sub(r"(?m)^sections = .*$", kept, manifest.read_text(encoding="utf-8"))
    manifest.write_text(text, encoding="utf-8")
    brief = briefgen.load(EXAMPLE)
    assert headings(briefgen.render(brief, "docx", template=pack)) == [
        "Bottom line",
        "Key judgments",
        "Positions",
        "Sources",
    ]
    md = briefgen.render(brief, "md", template=pack).decode()
    assert "## Positions" in md and "## Attendance" not in md and "## Outlook" not in md
    html = briefgen.render(brief, "html", template=pack).decode()
    assert "<h2>Positions</h2>" in html and "<h2>Attendance</h2>" not in html


def test_a_broken_tag_in_the_word_file_is_reported_with_the_file(tmp_path: Path) -> None:
    from docx import Document

    pack = tmp_path / "pack"
    shutil.copytree(ROOT / "templates" / "standard", pack)
    doc = Document(str(pack / "brief.docx"))
    doc.add_paragraph("{{ brief.__class__ }}")
    doc.save(str(pack / "brief.docx"))
    with pytest.raises(briefgen.RenderError) as info:
        briefgen.render(briefgen.load(EXAMPLE), "docx", template=pack)
    assert str(info.value) == f"{pack / 'brief.docx'}: access to attribute '__class__' of 'Brief' object is unsafe."


def test_brief_text_that_looks_like_docxtpl_escapes_is_printed_as_written(example_brief: briefgen.Brief) -> None:
    title = "Talks {_{ 7*7 }_} and {_% if %_} {{ 7*7 }} {%p if x %}"
    text = docx_text(briefgen.render(example_brief.model_copy(update={"title": title}), "docx"))
    assert title in text


REPRODUCE = """
import sys, briefgen
sys.stdout.buffer.write(briefgen.render(briefgen.load(sys.argv[1]), sys.argv[2]))
"""


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_reproducible_bytes_across_processes(fmt: str, tmp_path: Path) -> None:
    """Two processes, each with an empty cache of its own (charts, compiled templates), write the same bytes."""
    outputs = []
    for run in ("first", "second"):
        cache = tmp_path / f"cache-{run}"
        result = subprocess.run(
            [sys.executable, "-c", REPRODUCE, str(EXAMPLE), fmt],
            capture_output=True,
            timeout=120,
            check=True,
            env={**os.environ, "BRIEFGEN_CACHE_DIR": str(cache)},
        )
        assert any(cache.rglob("*")), "the render used no cache: the test would not show what it claims"
        outputs.append(result.stdout)
    assert outputs[0][:4] in {b"%PDF", b"PK\x03\x04"}
    assert outputs[0] == outputs[1]
