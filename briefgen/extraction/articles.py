"""Read an article file (plain text, Markdown or HTML) into an Article."""

from __future__ import annotations

import datetime
import re

from ..errors import InputError
from ..loading import read_text
from .base import Article

__all__ = ["MAX_ARTICLE_BYTES", "MAX_ARTICLE_CHARS", "read_article", "within_limit"]

MAX_ARTICLE_BYTES = 5 * 1024 * 1024
"""Largest article file accepted (a saved web page is mostly markup); larger files are refused before decoding."""
MAX_ARTICLE_CHARS = 100_000
"""Longest article text drafted from (about 16,000 words, several times a long feature)."""

_HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_HTML_START = re.compile(r"^\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])", re.IGNORECASE)
_HEADLINE_WORDS = 25
_SENTENCE_END = re.compile(r"[.!?:;,]['’\"”)]?$")
_MD_HEADING = re.compile(r"^\s*#{1,6}\s+(?P<title>\S.*?)\s*#*\s*$")


def read_article(data: bytes, name: str, source_id: str) -> Article:
    """Return the article in ``data``: .txt/.md as text, .html/.htm through trafilatura.

    Raises:
        InputError: the file is empty, binary, not UTF-8, larger than MAX_ARTICLE_BYTES,
            or an HTML page in which no main text can be found.
    """
    text = read_text(data, name, limit=MAX_ARTICLE_BYTES, what="article")
    if name.lower().endswith(_HTML_SUFFIXES) or _HTML_START.match(text):
        return within_limit(_read_html(text, name, source_id))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    first = lines[0] if lines else ""
    heading = _MD_HEADING.match(first)
    if heading:
        title: str | None = heading.group("title")
    else:
        # A plain first line, short and without a sentence's final stop, above more text is the headline.
        title = (
            first
            if len(lines) > 1 and len(first.split()) <= _HEADLINE_WORDS and not _SENTENCE_END.search(first)
            else None
        )
    return within_limit(Article(id=source_id, name=name, text=text, title=title))


def within_limit(article: Article) -> Article:
    """Return ``article``, or raise InputError if its text is longer than MAX_ARTICLE_CHARS."""
    if len(article.text) > MAX_ARTICLE_CHARS:
        raise InputError(
            f"{article.name}: the article's text is {len(article.text):,} characters long; briefgen drafts "
            f"from at most {MAX_ARTICLE_CHARS:,} characters per article: split it into several articles"
        )
    return article


def _read_html(html: str, name: str, source_id: str) -> Article:
    try:
        import trafilatura

        text = trafilatura.extract(
            html, output_format="txt", include_comments=False, include_tables=False, deduplicate=False
        )
        meta = trafilatura.extract_metadata(html)
    except Exception as exc:  # trafilatura fails in many ways on broken markup
        raise InputError(f"{name}: the HTML page cannot be read ({exc})") from exc
    if not text or not text.strip():
        raise InputError(f"{name}: no main text found in this HTML page; save the article as plain text")
    title = publisher = url = None
    date: datetime.date | None = None
    if meta is not None:
        title = _clean(getattr(meta, "title", None))
        publisher = _clean(getattr(meta, "sitename", None))
        url = _clean(getattr(meta, "url", None))
        date = _parse_date(getattr(meta, "date", None))
    return Article(id=source_id, name=name, text=text, title=title, publisher=publisher, url=url, date=date)


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def _parse_date(value: object) -> datetime.date | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        return None
