"""An organisation's own look, set in pack.toml only: logo, colours, a bundled font, Letter paper."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import EXAMPLE
from typer.testing import CliRunner

import briefgen
from briefgen.cli import app
from briefgen.model import Brief

FONTS = Path("/usr/share/fonts/truetype/noto")
GREEN = "#0b6e4f"  # primary
ORANGE = "#d9480f"  # table headings
LOGO_SIZE = (61, 23)  # an unusual size, so the logo is told from any other picture


def _logo(path: Path) -> None:
    from PIL import Image

    Image.new("RGB", LOGO_SIZE, (200, 30, 120)).save(path)


THEME = f"""
[theme]
paper = "Letter"
logo = "art/logo.png"
logo_alt = "Ministry crest"
letterhead = "Ministry of Examples · Policy Planning Staff"

[theme.colours]
primary = "{GREEN}"
table_header = "{ORANGE}"

[theme.fonts]
headings = "Noto Serif Display"
files = ["fonts/NotoSerifDisplay-Regular.ttf", "fonts/NotoSerifDisplay-Bold.ttf"]
"""


@pytest.fixture(scope="module")
def themed_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pack = tmp_path_factory.mktemp("packs") / "ministry"
    assert CliRunner().invoke(app, ["templates", "new", str(pack)]).exit_code == 0
    (pack / "art").mkdir()
    _logo(pack / "art" / "logo.png")
    (pack / "fonts").mkdir()
    for name in ("NotoSerifDisplay-Regular.ttf", "NotoSerifDisplay-Bold.ttf"):
        shutil.copy(FONTS / name, pack / "fonts" / name)
    with (pack / "pack.toml").open("a", encoding="utf-8") as manifest:
        manifest.write(THEME)
    return pack


@pytest.fixture(scope="module")
def themed_pdf(themed_pack: Path, example_brief: Brief) -> bytes:
    return briefgen.render(example_brief, "pdf", template=str(themed_pack))


@pytest.fixture(scope="module")
def themed_docx(themed_pack: Path, example_brief: Brief) -> bytes:
    return briefgen.render(example_brief, "docx", template=str(themed_pack))


def test_new_pack_documents_every_theme_key(tmp_path: Path) -> None:
    pack = tmp_path / "mine"
    assert CliRunner().invoke(app, ["templates", "new", str(pack)]).exit_code == 0
    text = (pack / "pack.toml").read_text(encoding="utf-8")
    for key in (
        "paper", "logo", "logo_word", "logo_alt", "logo_height", "letterhead", "top", "right", "bottom", "left",
        "primary", "accent", "text", "table_header", "table_header_text", "chart", "tlp", "body", "headings", "files",
    ):  # fmt: skip
        assert re.search(rf"(?m)^# {key} = ", text), key


def test_pdf_is_letter_with_logo_font_and_colours(themed_pdf: bytes, tmp_path: Path) -> None:
    from PIL import Image
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(themed_pdf))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)  # 8.5 × 11 in
    images = [(image.image.width, image.image.height) for image in reader.pages[0].images]
    assert LOGO_SIZE in images
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in (page["/Resources"].get("/Font") or {}).values()  # type: ignore[union-attr]
        if "/BaseFont" in font.get_object()
    }
    assert any("Noto-Serif-Display-Bold" in name for name in fonts), fonts
    assert "Ministry of Examples" in " ".join((reader.pages[0].extract_text() or "").split())
    # The colours as a reader sees them: pixels of the first page in the heading and table colours.
    (tmp_path / "brief.pdf").write_bytes(themed_pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(tmp_path / "brief.pdf"), str(tmp_path / "page")], check=True)
    seen: set[tuple[int, int, int]] = set()
    for png in sorted(tmp_path.glob("page-*.png")):
        seen |= {pixel for _, pixel in Image.open(png).convert("RGB").getcolors(1_000_000) or []}
    for colour in (GREEN, ORANGE):
        rgb = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
        assert any(all(abs(a - b) <= 2 for a, b in zip(pixel, rgb, strict=True)) for pixel in seen), colour


def test_docx_is_letter_with_logo_in_header_and_colours(themed_docx: bytes, themed_pack: Path) -> None:
    with zipfile.ZipFile(io.BytesIO(themed_docx)) as package:
        names = package.namelist()
        document = package.read("word/document.xml").decode()
        styles = package.read("word/styles.xml").decode()
        headers = [n for n in names if re.fullmatch(r"word/header\d*\.xml", n)]
        header_xml = "".join(package.read(n).decode() for n in headers)
        rels = "".join(package.read(f"word/_rels/{n.split('/')[1]}.rels").decode() for n in headers)
        media = {n: package.read(n) for n in names if n.startswith("word/media/")}
    assert re.search(r'<w:pgSz w:w="12240" w:h="15840"', document)  # Letter, in twentieths of a point
    assert "<wp:docPr" in header_xml and 'descr="Ministry crest"' in header_xml
    assert "Ministry of Examples" in header_xml
    target = re.search(r'Target="(media/[^"]+)"', rels)
    assert target is not None
    assert media[f"word/{target.group(1)}"] == (themed_pack / "art" / "logo.png").read_bytes()
    assert f'w:fill="{ORANGE[1:].upper()}"' in document
    assert f'w:val="{GREEN[1:].upper()}"' in styles
    assert 'w:ascii="Noto Serif Display"' in styles


def test_html_carries_the_theme(themed_pack: Path, example_brief: Brief) -> None:
    html = briefgen.render(example_brief, "html", template=str(themed_pack)).decode()
    assert f"--brief-primary: {GREEN};" in html
    assert 'alt="Ministry crest"' in html and 'src="data:image/png;base64,' in html
    assert "@font-face" in html and "size: Letter;" in html


def test_missing_logo_is_an_error_naming_the_pack_file_and_key(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    runner = CliRunner()
    assert runner.invoke(app, ["templates", "new", str(pack)]).exit_code == 0
    with (pack / "pack.toml").open("a", encoding="utf-8") as manifest:
        manifest.write('\n[theme]\nlogo = "crest.png"\n')
    result = runner.invoke(app, ["render", str(EXAMPLE), "-o", str(tmp_path / "out"), "-t", str(pack)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {pack / 'pack.toml'}: theme.logo: 'crest.png' is missing; put the file in the pack or change the key\n"
    )


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('logo = "../outside.png"', "theme.logo: '../outside.png' is outside the pack"),
        ('logo = "pack.toml"', "theme.logo: 'pack.toml' is not one of .svg, .png, .jpg, .jpeg"),
        ('paper = "A3"', "theme.paper: input should be 'A4' or 'Letter'"),
    ],
)
def test_bad_theme_keys_are_named(tmp_path: Path, line: str, message: str) -> None:
    pack = tmp_path / "pack"
    runner = CliRunner()
    assert runner.invoke(app, ["templates", "new", str(pack)]).exit_code == 0
    (tmp_path / "outside.png").write_bytes(b"\x89PNG")
    with (pack / "pack.toml").open("a", encoding="utf-8") as manifest:
        manifest.write(f"\n[theme]\n{line}\n")
    result = runner.invoke(app, ["render", str(EXAMPLE), "-o", str(tmp_path / "out"), "-t", str(pack)])
    assert result.exit_code == 2
    assert message in result.stderr
    assert str(pack / "pack.toml") in result.stderr
