"""The HTML brief as a web page, in a real browser: Debian's headless Chromium."""

from __future__ import annotations

import io
import shutil
import struct
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

import briefgen
from briefgen.model import Brief

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-headless-shell")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install chromium)"
)


def chromium(*args: str) -> None:
    assert CHROMIUM is not None
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", *args],
        check=True,
        capture_output=True,
        timeout=120,
    )


def png_size(path: Path) -> tuple[int, int]:
    width, height = struct.unpack(">II", path.read_bytes()[16:24])
    return width, height


def test_page_has_viewport_main_and_one_marking_bar(example_brief: Brief) -> None:
    html = briefgen.render(example_brief, "html").decode()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert html.count("<main>") == 1 and html.count("</main>") == 1
    assert "max-width: 48rem" in html  # about 75 characters a line


@needs_chromium
@pytest.mark.parametrize("template", ["standard", "memo"])
def test_printed_from_chromium_every_page_carries_the_marking(
    example_brief: Brief, template: str, tmp_path: Path
) -> None:
    page = tmp_path / "brief.html"
    page.write_bytes(briefgen.render(example_brief, "html", template=template))
    printed = tmp_path / "brief.pdf"
    chromium("--no-pdf-header-footer", f"--print-to-pdf={printed}", page.as_uri())
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(printed.read_bytes())).pages]
    assert pages
    for number, text in enumerate(pages, start=1):
        # pypdf drops some spaces between runs of text; compare without them.
        squeezed = "".join(text.split())
        assert "TLP:AMBER" in squeezed, f"page {number} has no TLP label"
        assert "UNCLASSIFIED//FORTRAINING" in squeezed, f"page {number} has no banner"


@needs_chromium
@pytest.mark.parametrize("width", [390, 1200])
def test_screenshots_at_phone_and_desktop_width(example_brief: Brief, width: int, tmp_path: Path) -> None:
    page = tmp_path / "brief.html"
    page.write_bytes(briefgen.render(example_brief, "html"))
    shot = tmp_path / f"brief-{width}.png"
    chromium(f"--window-size={width},1600", f"--screenshot={shot}", page.as_uri())
    assert png_size(shot) == (width, 1600)
    # Nothing wider than the window: the layout (chart included) fits, checked by the browser's own layout.
    script = tmp_path / "measure.html"
    script.write_text(
        page.read_text(encoding="utf-8").replace(
            "</body>",
            "<script>document.title = [document.documentElement.scrollWidth,"
            " document.querySelector('figure.chart img').getBoundingClientRect().right,"
            " window.innerWidth].join(' ');</script></body>",
        ),
        encoding="utf-8",
    )
    assert CHROMIUM is not None
    result = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--window-size={width},1600",
            "--dump-dom",
            script.as_uri(),
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    title = result.stdout.split("<title>", 1)[1].split("</title>", 1)[0]
    scroll_width, chart_right, viewport = (float(v) for v in title.split())
    assert viewport <= max(width, 500)  # headless Chromium lays out no narrower than about 500 px here
    assert scroll_width <= viewport, "the page scrolls sideways"
    assert chart_right <= viewport, "the chart is clipped"
