"""Shared fixtures: the example brief, a CLI runner, and readers that see what a person sees."""

from __future__ import annotations

import io
import logging
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

import briefgen
from briefgen.model import Brief

# Tests draw charts and compile templates afresh, into a cache of their own, never the user's.
os.environ["BRIEFGEN_CACHE_DIR"] = tempfile.mkdtemp(prefix="briefgen-test-cache-")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
EXAMPLE = EXAMPLES / "ukraine-peace-summit.yaml"


@pytest.fixture(scope="session")
def example_brief() -> Brief:
    return briefgen.load(EXAMPLE)


@pytest.fixture(scope="session")
def example_pdf(example_brief: Brief) -> bytes:
    return render_quietly(example_brief, "pdf")


@pytest.fixture(scope="session")
def example_docx(example_brief: Brief) -> bytes:
    return render_quietly(example_brief, "docx")


def render_quietly(brief: Brief, fmt: str) -> bytes:
    """Render, failing if WeasyPrint warns (session fixtures run outside the per-test check)."""
    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = records.append  # type: ignore[method-assign]
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        data = briefgen.render(brief, fmt)
    finally:
        logger.removeHandler(handler)
    assert not records, f"WeasyPrint warned: {[r.getMessage() for r in records]}"
    return data


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(autouse=True)
def no_weasyprint_warnings(caplog: pytest.LogCaptureFixture, request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail any test during which WeasyPrint logged a warning (missing fonts, slow subsetting…)."""
    caplog.set_level(logging.WARNING, logger="weasyprint")
    yield
    if request.node.get_closest_marker("weasyprint_warns"):
        return
    records = caplog.get_records("setup") + caplog.get_records("call")
    bad = [r.getMessage() for r in records if r.name.startswith("weasyprint") and r.levelno >= logging.WARNING]
    assert not bad, f"WeasyPrint warned: {bad}"


def pdf_pages(data: bytes) -> list[str]:
    """Return the text of each page of a PDF, with whitespace folded."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


def pdf_text(data: bytes) -> str:
    return " ".join(pdf_pages(data))


def docx_text(data: bytes) -> str:
    """Return all text of a .docx a reader sees: body paragraphs, tables, headers and footers."""
    from docx import Document

    doc = Document(io.BytesIO(data))
    parts: list[str] = []
    for block in doc.element.body.iter():
        if block.tag.endswith("}p"):
            parts.append("".join(t.text or "" for t in block.iter() if t.tag.endswith("}t")))
    for section in doc.sections:
        for part in (section.header, section.footer):
            parts.extend(p.text for p in part.paragraphs)
    return " ".join(" ".join(parts).split())


def fold(text: str) -> str:
    return " ".join(text.split())


def make_venv(tmp_path: Path, *, with_source: bool) -> tuple[Path, str]:
    """Create a fresh venv that sees this environment's packages through a .pth line; return (python, site).

    A .pth line adds a folder without running the .pth files inside it, so the development
    install of briefgen is not visible; ``with_source`` adds the source tree itself.
    """
    import subprocess
    import sys
    import sysconfig

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    lines = [sysconfig.get_paths()["purelib"], *([str(ROOT)] if with_source else [])]
    Path(site, "deps.pth").write_text("\n".join(lines) + "\n")
    return python, site
