"""Shared fixtures: the example brief, a CLI runner, and readers that see what a person sees."""

from __future__ import annotations

import functools
import io
import logging
import os
import re
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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


_WORD_ERRORS: list[str] = []
"""Schema errors of the Word documents rendered in this process since the current test began."""


@pytest.fixture(scope="session", autouse=True)
def _validate_rendered_word_documents() -> Iterator[None]:
    """Check every Word document the library renders in the test process against the ECMA-376 schema."""
    from briefgen.renderers.docx import DocxRenderer

    render = DocxRenderer.render

    def checked(self: DocxRenderer, *args: Any, **kwargs: Any) -> bytes:
        data = render(self, *args, **kwargs)
        _WORD_ERRORS.extend(docx_schema_errors(data))
        return data

    DocxRenderer.render = checked  # type: ignore[method-assign]
    yield
    DocxRenderer.render = render  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def valid_word_documents(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail any test that produced a Word document the ECMA-376 transitional schema refuses.

    Rendered in this process, or written by a subprocess into the test's temporary folder (those whose
    app properties name briefgen): both are checked.
    """
    # Asked for now: by this fixture's teardown, tmp_path's own is over (the folder itself stays).
    folder: Path | None = request.getfixturevalue("tmp_path") if "tmp_path" in request.fixturenames else None
    _WORD_ERRORS.clear()
    yield
    errors = list(_WORD_ERRORS)
    if folder is not None:
        for path in sorted(folder.rglob("*.docx")):
            if not path.is_symlink() and path.is_file() and _made_by_briefgen(path):
                errors += [f"{path.name}: {e}" for e in docx_schema_errors(path.read_bytes())]
    assert not errors, "a Word document is not valid against ECMA-376:\n" + "\n".join(errors[:20])


def _made_by_briefgen(path: Path) -> bool:
    """Tell a Word document briefgen wrote from one a test made as input (a pack's own template)."""
    if not zipfile.is_zipfile(path):
        return False
    with zipfile.ZipFile(path) as package:
        if "docProps/app.xml" not in package.namelist():
            return False
        return b"<Application>briefgen</Application>" in package.read("docProps/app.xml")


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


XSD = Path(__file__).resolve().parent / "ooxml-xsd"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
# The parts of a Word package with a schema here, and the schema that holds each one's root element.
_PART_SCHEMAS = (
    (re.compile(r"word/(?!theme/)[^/]+\.xml"), "wml.xsd"),
    (re.compile(r"docProps/app\.xml"), "shared-documentPropertiesExtended.xsd"),
)


@functools.cache
def _schema(name: str) -> Any:
    from lxml import etree

    return etree.XMLSchema(etree.parse(str(XSD / name)))


def _without_ignorable(root: Any) -> None:
    """Remove what a consumer may ignore (mc:Ignorable namespaces), as a reader that knows none of them does."""
    from lxml import etree

    for alternate in list(root.iter(f"{{{_MC}}}AlternateContent")):
        fallback = alternate.find(f"{{{_MC}}}Fallback")
        parent = alternate.getparent()
        at = parent.index(alternate)
        parent.remove(alternate)
        for offset, child in enumerate(list(fallback) if fallback is not None else []):
            parent.insert(at + offset, child)
    ignorable = {root.nsmap.get(prefix) for prefix in root.get(f"{{{_MC}}}Ignorable", "").split()} | {_MC}
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        if etree.QName(element).namespace in ignorable:
            element.getparent().remove(element)
            continue
        for name in list(element.attrib):
            if etree.QName(name).namespace in ignorable:
                del element.attrib[name]


def docx_schema_errors(data: bytes) -> list[str]:
    """Return where and why a .docx's WordprocessingML and app properties break the ECMA-376 transitional schema."""
    from lxml import etree

    errors: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            schema_name = next((xsd for pattern, xsd in _PART_SCHEMAS if pattern.fullmatch(name)), None)
            if schema_name is None:
                continue
            root = etree.fromstring(package.read(name))
            _without_ignorable(root)
            schema = _schema(schema_name)
            if not schema.validate(root):
                errors += [f"{name}:{e.line}: {e.message}" for e in schema.error_log]
    return errors


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
