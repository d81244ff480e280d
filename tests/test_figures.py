"""Figures: images from the brief's own folder, checked by their content, in every format with their alt text."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES, docx_text, pdf_text
from PIL import Image
from pypdf import PdfReader
from typer.testing import CliRunner

import briefgen
from briefgen.cli import app
from briefgen.figures import MAX_FIGURE_BYTES

EXAMPLE = EXAMPLES / "marked-brief.yaml"
PNG_ALT = "Bar chart of delegations by region; Europe 44, Americas 19, Asia-Pacific 17, Africa 9, Middle East 6."
SVG_ALT = "Timeline from the invitations on 4 March to the summit on 15 June."

BRIEF = """title: A brief with a figure
date: 2026-06-14
summary: One line.
figures:
  - path: {path}
    alt: A red square.
    caption: The square.
"""


def png(path: Path, size: tuple[int, int] = (40, 30)) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, "red").save(path, "PNG")
    return path


def brief_with(folder: Path, path: str) -> Path:
    brief = folder / "brief.yaml"
    brief.write_text(BRIEF.format(path=json.dumps(path)), encoding="utf-8")
    return brief


@pytest.fixture(scope="module")
def example() -> briefgen.Brief:
    return briefgen.load(EXAMPLE)


def structure_alts(data: bytes) -> list[str]:
    """Return the /Alt of every /Figure element of a tagged PDF's structure tree."""
    root = PdfReader(io.BytesIO(data)).root_object["/StructTreeRoot"].get_object()
    found: list[str] = []

    def walk(node: Any) -> None:
        node = node.get_object()
        if not hasattr(node, "get"):
            return
        if node.get("/S") == "/Figure" and "/Alt" in node:
            found.append(str(node["/Alt"]))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else ([kids] if kids is not None else []):
            walk(kid)

    walk(root)
    return found


def test_pdf_has_the_figures_with_alt_text_in_its_structure(example: briefgen.Brief) -> None:
    data = briefgen.render(example, "pdf")
    text = pdf_text(data)
    assert "Figure 1. Delegations expected, by region." in text
    assert "Figure 2. The road to the summit." in text
    # After the analysis and before the outlook (their headings, after the table of contents).
    assert text.rindex("Analysis") < text.index("Figure 1.") < text.rindex("Outlook")
    alts = structure_alts(data)
    assert PNG_ALT in alts and SVG_ALT in alts
    images = [img for page in PdfReader(io.BytesIO(data)).pages for img in page.images]
    assert any(img.image is not None and img.image.size == (640, 300) for img in images)


def test_html_embeds_each_figure_as_data_with_alt_and_caption(example: briefgen.Brief) -> None:
    html = briefgen.render(example, "html").decode()
    figures = re.findall(r'<figure class="figure".*?</figure>', html, re.S)
    assert len(figures) == 2
    assert f'alt="{PNG_ALT}"' in figures[0] and 'src="data:image/png;base64,' in figures[0]
    assert 'src="data:image/svg+xml;base64,' in figures[1]
    assert re.search(r"<figcaption>.*Figure 1\.</span> Delegations expected, by region\.</figcaption>", figures[0])
    assert "figures/delegations.png" not in html  # embedded, never a path a browser would fetch


def test_word_has_inline_pictures_with_alt_text_and_captions(example: briefgen.Brief) -> None:
    data = briefgen.render(example, "docx")
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        xml = package.read("word/document.xml").decode()
        names = package.namelist()
        types = package.read("[Content_Types].xml").decode()
    assert f'descr="{PNG_ALT}"' in xml and f'descr="{SVG_ALT}"' in xml
    # The SVG goes in as itself (svgBlip), with a PNG for readers that cannot draw SVG.
    assert "<asvg:svgBlip" in xml and "word/media/figure2.svg" in names
    assert 'PartName="/word/media/figure2.svg" ContentType="image/svg+xml"' in types
    assert re.search(r'<w:pStyle w:val="Caption"/>.*?Figure 1\..*?Delegations expected, by region\.', xml)
    text = docx_text(data)
    assert "Figure 2. The road to the summit." in text


def test_markdown_and_json_name_the_figures(example: briefgen.Brief) -> None:
    md = briefgen.render(example, "md").decode()
    assert "![Bar chart of delegations by region; Europe 44" in md
    assert "](<figures/delegations.png>)" in md
    data = json.loads(briefgen.render(example, "json"))
    assert data["figures"][1] == {
        "path": "figures/timeline.svg",
        "alt": SVG_ALT,
        "caption": "The road to the summit.",
        "portion": "U",
    }


def render_cli(brief: Path, out: Path) -> Any:
    return CliRunner().invoke(app, ["render", str(brief), "-o", str(out), "-f", "pdf,html"])


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("map.png", "figures[0].path: no such file 'map.png' in the brief's folder"),
        ("../outside.png", "figures[0].path: '../outside.png' leads outside the brief's folder"),
        ("/etc/hostname", "figures[0].path: '/etc/hostname' is an absolute path"),
        ("https://example.org/a.png", "figures[0].path: 'https://example.org/a.png' is an address"),
        ("notes.png", "figures[0].path: 'notes.png' is not a PNG, JPEG or SVG image (judged by its content"),
        ("sub", "figures[0].path: 'sub' is a folder, not an image"),
    ],
)
def test_a_figure_that_cannot_be_read_is_a_located_error_and_nothing_is_written(
    tmp_path: Path, path: str, message: str
) -> None:
    folder = tmp_path / "brief"
    folder.mkdir()
    png(tmp_path / "outside.png")
    (folder / "notes.png").write_text("not an image at all", encoding="utf-8")
    (folder / "sub").mkdir()
    brief = brief_with(folder, path)
    result = render_cli(brief, tmp_path / "out")
    assert result.exit_code == 2
    assert f"{brief}:5:11: {message}" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_a_link_that_leads_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "brief"
    folder.mkdir()
    (folder / "map.png").symlink_to(png(tmp_path / "secret.png"))
    result = render_cli(brief_with(folder, "map.png"), tmp_path / "out")
    assert result.exit_code == 2
    assert "figures[0].path: 'map.png' leads outside the brief's folder" in result.output


def test_images_too_large_in_bytes_or_pixels_are_refused(tmp_path: Path) -> None:
    huge = png(tmp_path / "huge.png", (12_000, 10))
    result = render_cli(brief_with(tmp_path, "huge.png"), tmp_path / "out")
    assert result.exit_code == 2
    assert "'huge.png' is 12,000 × 10 pixels; a figure may be at most 10,000 pixels across or down" in result.output
    with huge.open("r+b") as fh:  # the same picture padded past the limit in bytes
        fh.seek(MAX_FIGURE_BYTES + 10)
        fh.write(b"\0")
    result = render_cli(brief_with(tmp_path, "huge.png"), tmp_path / "out")
    assert result.exit_code == 2
    assert f"'huge.png' is {MAX_FIGURE_BYTES + 11:,} bytes; the most a figure may be is" in result.output


def test_a_png_named_jpg_is_read_by_its_content_and_a_damaged_png_is_refused(tmp_path: Path) -> None:
    png(tmp_path / "photo.jpg")
    brief = briefgen.load(brief_with(tmp_path, "photo.jpg"))
    assert 'src="data:image/png;base64,' in briefgen.render(brief, "html").decode()
    data = (tmp_path / "photo.jpg").read_bytes()
    (tmp_path / "broken.png").write_bytes(data[: len(data) // 2])
    result = render_cli(brief_with(tmp_path, "broken.png"), tmp_path / "out")
    assert result.exit_code == 2
    assert "figures[0].path: 'broken.png' is a damaged PNG image" in result.output


@pytest.mark.parametrize(
    ("svg", "reason"),
    [
        ('<image href="https://example.org/track.png" width="5" height="5"/>', "href='https://example.org/track.png'"),
        ('<image href="file:///etc/passwd" width="5" height="5"/>', "href='file:///etc/passwd'"),
        ('<use href="other.svg#shape"/>', "href='other.svg#shape'"),
        ("<script>alert(1)</script>", "a <script> element"),
        ("<style>@import url(https://example.org/a.css);</style>", "the style sheet's '@import'"),
        ('<rect width="5" height="5" style="fill: url(https://example.org/p)"/>', "style="),
        # CSS escapes do not hide an address
        ('<rect width="5" height="5" style="fill: \\75 rl(https://example.org/p)"/>', "style="),
        ('<style>@imp\\6f rt "https://example.org/a.css";</style>', "the style sheet's '@import'"),
        ("<style>rect { fill: u\\rl(https://example.org/p) }</style>", "the style sheet's 'url(https://example.org/p"),
    ],
)
def test_an_svg_that_refers_outside_itself_is_refused(tmp_path: Path, svg: str, reason: str) -> None:
    image = f'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">{svg}</svg>'
    (tmp_path / "fig.svg").write_text(image, encoding="utf-8")
    result = render_cli(brief_with(tmp_path, "fig.svg"), tmp_path / "out")
    assert result.exit_code == 2
    assert "figures[0].path: 'fig.svg' refers to something outside the image (" in result.output
    assert reason in result.output


def test_an_image_inside_an_svg_is_held_to_the_same_limits(tmp_path: Path) -> None:
    import base64

    inner = base64.b64encode(png(tmp_path / "inner.png", (12_000, 10)).read_bytes()).decode()
    image = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        f'<image href="data:image/png;base64,{inner}" width="10" height="10"/></svg>'
    )
    (tmp_path / "fig.svg").write_text(image, encoding="utf-8")
    result = render_cli(brief_with(tmp_path, "fig.svg"), tmp_path / "out")
    assert result.exit_code == 2
    assert "figures[0].path: 'fig.svg' embeds an image of 12,000 × 10 pixels; an image may be at most" in result.output
    assert not (tmp_path / "out").exists()


def test_xml_that_is_not_svg_and_entities_are_refused(tmp_path: Path) -> None:
    (tmp_path / "a.svg").write_text('<?xml version="1.0"?><html><body/></html>', encoding="utf-8")
    result = render_cli(brief_with(tmp_path, "a.svg"), tmp_path / "out")
    assert "'a.svg' is XML but not an SVG image (its root is <html>" in result.output
    bomb = '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>'
    (tmp_path / "b.svg").write_text(bomb, encoding="utf-8")
    result = render_cli(brief_with(tmp_path, "b.svg"), tmp_path / "out")
    assert result.exit_code == 2
    assert "'b.svg' declares a DTD or entities" in result.output


def test_text_has_no_folder_unless_given_and_standard_input_reads_the_current_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = BRIEF.format(path="square.png")
    png(tmp_path / "square.png")
    with pytest.raises(briefgen.ValidationError) as caught:
        briefgen.loads(text, name="<text>")
    assert str(caught.value) == (
        "<text>:5:11: figures[0].path: a brief read from text has no folder to take figures from; "
        "render the brief from its file"
    )
    assert len(briefgen.loads(text, folder=tmp_path).figures) == 1
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["render", "-", "-o", "out", "-f", "html"], input=text)
    assert result.exit_code == 0, result.output
    assert 'alt="A red square."' in (tmp_path / "out" / "brief.html").read_text(encoding="utf-8")


def test_a_brief_made_in_code_with_figures_says_how_to_load_it(example: briefgen.Brief) -> None:
    made = briefgen.Brief.model_validate(example.model_dump())
    with pytest.raises(briefgen.ValidationError) as caught:
        briefgen.render(made, "html")
    assert "figures: the images were not read; load the brief from its file (briefgen.load)" in str(caught.value)


def test_the_example_folder_renders_from_a_copy_elsewhere(tmp_path: Path) -> None:
    """Figures follow the brief's file, not the folder the command runs in."""
    shutil.copytree(EXAMPLES / "figures", tmp_path / "figures")
    shutil.copy(EXAMPLE, tmp_path / "brief.yaml")
    result = CliRunner().invoke(app, ["render", str(tmp_path / "brief.yaml"), "-o", str(tmp_path), "-f", "docx"])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(tmp_path / "brief.docx") as package:
        assert f'descr="{PNG_ALT}"' in package.read("word/document.xml").decode()


def test_a_pipe_named_as_a_figure_is_refused_without_waiting_for_it(tmp_path: Path) -> None:
    """Reading a FIFO would wait forever for a writer; the reader opens without blocking and refuses it."""
    os.mkfifo(tmp_path / "map.png")
    result = render_cli(brief_with(tmp_path, "map.png"), tmp_path / "out")
    assert result.exit_code == 2
    assert "figures[0].path: 'map.png' is not a regular file (a pipe, socket or device)" in result.output
    assert not (tmp_path / "out").exists()


def test_an_svg_that_multiplies_itself_through_use_is_refused(tmp_path: Path) -> None:
    """A few hundred bytes of nested <use> ask for ten million shapes: refused before any renderer sees it."""
    parts = '<g id="g0"><rect width="1" height="1"/></g>'
    for n in range(1, 8):
        parts += f'<g id="g{n}">' + f'<use href="#g{n - 1}"/>' * 10 + "</g>"
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    image = f'{svg}<defs>{parts}</defs><use href="#g7"/></svg>'
    (tmp_path / "fig.svg").write_text(image, encoding="utf-8")
    result = render_cli(brief_with(tmp_path, "fig.svg"), tmp_path / "out")
    assert result.exit_code == 2
    assert "'fig.svg' draws more than 100,000 elements once its <use> copies are counted" in result.output
    looped = '<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><g id="a"><use href="#a"/></g></svg>'
    (tmp_path / "fig.svg").write_text(looped, encoding="utf-8")
    result = render_cli(brief_with(tmp_path, "fig.svg"), tmp_path / "out")
    assert result.exit_code == 2
    assert "or uses a part of itself inside that part" in result.output


def test_an_svg_with_no_usable_size_is_a_located_error(tmp_path: Path) -> None:
    image = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 nan nan"><rect width="5" height="5"/></svg>'
    (tmp_path / "fig.svg").write_text(image, encoding="utf-8")
    result = CliRunner().invoke(app, ["render", str(brief_with(tmp_path, "fig.svg")), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert "figures[0].path: 'fig.svg' has no usable size (nan × nan pixels)" in result.output
    assert not (tmp_path / "out").exists()
