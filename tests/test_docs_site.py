"""The documentation site: built by MkDocs in strict mode, with its generated pages as a reader sees them."""

from __future__ import annotations

import inspect
import os
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest
from conftest import ROOT

import briefgen


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert run.returncode == 0, run.stderr
    assert "WARNING" not in run.stderr
    return out


def page_text(site: Path, page: str) -> str:
    """Return the text a reader sees in the main column of a page (navigation left out)."""
    document = lxml.html.parse(str(site / f"{page}.html"))
    (article,) = document.xpath("//article")
    return " ".join(article.text_content().split())


def test_cli_page_lists_the_commands_and_their_options(site: Path) -> None:
    text = page_text(site, "reference/cli")
    for command in ("build", "render", "approve", "serve", "extract", "validate", "templates new"):
        assert f"briefgen {command}" in text
    for option in ("--review", "--by", "--force", "--format", "--output", "--template", "--port", "--jobs"):
        assert option in text
    assert "Example: briefgen render examples/ukraine-peace-summit.yaml -o out -f pdf,docx" in text
    assert "Approve a checked draft" in text


def test_contract_page_lists_nested_fields_with_their_descriptions(site: Path) -> None:
    text = page_text(site, "reference/contract")
    schema = briefgen.json_schema()
    for field in ("title", "attendance.absent[].reason", "positions[].quotes[].text", "handling.tlp", "annexes[].body"):
        assert f"{field} " in text
    assert "One of: CLEAR, GREEN, AMBER, AMBER+STRICT, RED." in text
    # Descriptions as a reader sees them: Markdown code spans lose their backticks.
    for description in (schema["$defs"]["Absent"]["description"], schema["properties"]["approved_by"]["description"]):
        assert " ".join(description.replace("`", "").split()) in text


def test_api_page_carries_the_docstrings(site: Path) -> None:
    text = page_text(site, "reference/python")
    assert inspect.getdoc(briefgen.render).splitlines()[0] in text
    assert "Raises: Type Description InputError an unknown option or output format. TemplateError the pack" in text
    for name in ("load", "loads", "dump", "render_to", "extract", "build", "render_many", "warm_up"):
        assert name in text


def test_pages_are_linked_and_need_no_network(site: Path) -> None:
    home = page_text(site, "index")
    assert "Getting started" in home and "The brief contract" in home
    assert "briefgen approve draft.yaml -o brief.yaml" in page_text(site, "getting-started")
    assert "pack.toml" in page_text(site, "templates")
    for page in site.rglob("*.html"):
        html = page.read_text()
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html, page
        assert '<script src="http' not in html, page
