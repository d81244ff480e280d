"""The browser workspace, driven in Debian's headless Chromium through Playwright against the real service."""

from __future__ import annotations

import io
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from test_serve import SEED, Service, start_service

# Screenshots to look at after a run (the folder in BRIEFGEN_SCREENSHOTS, else one in the temporary folder).
SHOTS = Path(os.environ.get("BRIEFGEN_SCREENSHOTS") or Path(tempfile.gettempdir()) / "briefgen-workspace")
CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-headless-shell")) if p), None)

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install chromium)"
)


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    yield from start_service(tmp_path_factory.mktemp("workspace"), "--workers", "1")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # Debian's own build; no browser is ever downloaded. No sandbox: tests may run as root.
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser: object, service: Service) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1200, "height": 900}, accept_downloads=True)  # type: ignore[attr-defined]
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("dialog", lambda dialog: errors.append(f"dialog: {dialog.message}"))
    page.goto(service.url + "/")
    yield page
    context.close()
    assert errors == []


def _draft(page: object) -> None:
    from playwright.sync_api import expect

    page.fill("#article-text", SEED.read_text())  # type: ignore[attr-defined]
    page.click("#draft-button")  # type: ignore[attr-defined]
    expect(page.locator("#status")).to_have_text(  # type: ignore[attr-defined]
        "Draft ready: review each item against its evidence below.", timeout=60_000
    )
    expect(page.locator("#preview-status")).to_have_text("Preview up to date.", timeout=60_000)  # type: ignore[attr-defined]


def _preview_text(page: object) -> str:
    return str(page.locator("#preview").get_attribute("srcdoc") or "")  # type: ignore[attr-defined]


def test_draft_review_edit_preview_download(page: object, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    _draft(page)
    # The review view: each drafted item beside its evidence sentence, source, rule and confidence.
    russia = page.locator(".review-item", has_text="Russia").first  # type: ignore[attr-defined]
    expect(russia).to_contain_text("President Vladimir Putin told a meeting of Foreign Ministry top brass Friday")
    expect(russia).to_contain_text("Source: ")
    expect(russia).to_contain_text("Rule: ")
    expect(russia).to_contain_text("Confidence: ")
    expect(page.locator("#review")).to_contain_text("Machine-drafted by rules")  # type: ignore[attr-defined]

    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "workspace-1200.png"), full_page=False)  # type: ignore[attr-defined]

    # Edit a field of the form generated from the schema: the preview follows.
    page.fill("#f-title", "Bürgenstock talks: an edited title")  # type: ignore[attr-defined]
    expect(page.locator("#preview-status")).to_have_text("Preview up to date.", timeout=30_000)  # type: ignore[attr-defined]
    preview = page.locator("#preview")  # type: ignore[attr-defined]
    expect(preview).to_have_attribute("srcdoc", re.compile("Bürgenstock talks: an edited title"), timeout=30_000)
    heading = page.frame_locator("#preview").locator("h1").first  # type: ignore[attr-defined]
    expect(heading).to_contain_text("Bürgenstock talks: an edited title")
    page.locator(".review-list").first.scroll_into_view_if_needed()  # type: ignore[attr-defined]
    page.screenshot(path=str(SHOTS / "workspace-1200-review.png"))  # type: ignore[attr-defined]
    page.locator("#work").scroll_into_view_if_needed()  # type: ignore[attr-defined]
    page.evaluate("document.getElementById('work').scrollIntoView()")  # type: ignore[attr-defined]
    expect(heading).to_be_visible()  # the preview painted before the picture is taken
    page.screenshot(path=str(SHOTS / "workspace-1200-edit.png"))  # type: ignore[attr-defined]

    # An emptied required field: the server's message appears beside it.
    page.fill("#f-summary", "")  # type: ignore[attr-defined]
    error = page.locator("#f-summary + .field-error")  # type: ignore[attr-defined]
    expect(error).to_have_text("field required", timeout=30_000)
    expect(page.locator("#f-summary")).to_have_attribute("aria-invalid", "true")  # type: ignore[attr-defined]
    expect(page.locator("#problems")).to_contain_text("summary: field required")  # type: ignore[attr-defined]
    page.fill("#f-summary", "The edited bottom line.")  # type: ignore[attr-defined]
    expect(error).to_have_count(0, timeout=30_000)

    # Download the PDF and read it.
    with page.expect_download(timeout=60_000) as info:  # type: ignore[attr-defined]
        page.click("#download-pdf")  # type: ignore[attr-defined]
    saved = tmp_path / "brief.pdf"
    info.value.save_as(saved)
    assert info.value.suggested_filename == "brief.pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(saved.read_bytes())).pages)
    assert "Bürgenstock talks: an edited title" in text
    assert "The edited bottom line." in text
    with page.expect_download(timeout=60_000) as info:  # type: ignore[attr-defined]
        page.click("#download-docx")  # type: ignore[attr-defined]
    assert info.value.suggested_filename == "brief.docx"


def test_works_at_390_px_and_every_control_has_a_label(page: object) -> None:
    from playwright.sync_api import expect

    page.set_viewport_size({"width": 390, "height": 844})  # type: ignore[attr-defined]
    _draft(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "workspace-390.png"), full_page=False)  # type: ignore[attr-defined]
    page.locator("#work").scroll_into_view_if_needed()  # type: ignore[attr-defined]
    page.screenshot(path=str(SHOTS / "workspace-390-form.png"), full_page=False)  # type: ignore[attr-defined]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # type: ignore[attr-defined]
    unlabelled = page.evaluate(  # type: ignore[attr-defined]
        """[...document.querySelectorAll('input, select, textarea, button')]
            .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.textContent.trim())
            .map(e => e.id || e.outerHTML.slice(0, 60))"""
    )
    assert unlabelled == []
    expect(page.locator("#f-title")).to_be_visible()  # type: ignore[attr-defined]
    expect(page.locator("#pack")).to_have_value("standard")  # type: ignore[attr-defined]


def test_keyboard_only_drafting(page: object) -> None:
    from playwright.sync_api import expect

    page.keyboard.press("Tab")  # type: ignore[attr-defined]
    assert page.evaluate("document.activeElement.textContent") == "Skip to the workspace"  # type: ignore[attr-defined]
    # Walk with Tab to the article box, type, and reach the Draft button by Tab alone.
    for _ in range(10):
        if page.evaluate("document.activeElement.id") == "article-text":  # type: ignore[attr-defined]
            break
        page.keyboard.press("Tab")  # type: ignore[attr-defined]
    assert page.evaluate("document.activeElement.id") == "article-text"  # type: ignore[attr-defined]
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")  # type: ignore[attr-defined]
    assert outline != "none"  # focus is visible
    page.keyboard.insert_text(SEED.read_text())  # type: ignore[attr-defined]
    for _ in range(6):
        page.keyboard.press("Tab")  # type: ignore[attr-defined]
        if page.evaluate("document.activeElement.id") == "draft-button":  # type: ignore[attr-defined]
            break
    assert page.evaluate("document.activeElement.id") == "draft-button"  # type: ignore[attr-defined]
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    expect(page.locator("#review .review-item").first).to_be_visible(timeout=60_000)  # type: ignore[attr-defined]
    assert page.evaluate("document.activeElement.id") == "review-title"  # type: ignore[attr-defined]


def test_brief_text_is_shown_as_text_never_run(page: object, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    hostile = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
    brief = tmp_path / "hostile.yaml"
    brief.write_text(
        f"title: '{hostile}'\ndate: 2024-06-14\nsummary: 'Bottom line {hostile}'\n"
        f"positions:\n  - actor: '{hostile}'\n    stance: x\n"
        "drafting: {method: rules}\n",
        encoding="utf-8",
    )
    page.set_input_files("#open-brief", str(brief))  # type: ignore[attr-defined]
    expect(page.locator("#preview-status")).to_have_text("Preview up to date.", timeout=60_000)  # type: ignore[attr-defined]
    expect(page.locator("#f-title")).to_have_value(hostile)  # type: ignore[attr-defined]
    expect(page.locator("#review .review-item .label").first).to_have_text(hostile)  # type: ignore[attr-defined]
    assert page.locator("main img").count() == 0  # type: ignore[attr-defined]
    frame = page.frame_locator("#preview")  # type: ignore[attr-defined]
    expect(frame.locator("h1").first).to_contain_text(hostile)
    assert frame.locator("img[src=x]").count() == 0
