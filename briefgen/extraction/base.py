"""The article an extractor reads and the protocol every extractor follows."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from ..model import Brief

__all__ = ["Article", "Extractor"]


@dataclass(frozen=True)
class Article:
    """One news article as plain text, with what is known about where it came from."""

    id: str
    name: str
    text: str
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    date: datetime.date | None = None


@runtime_checkable
class Extractor(Protocol):
    """Draft a Brief from news articles about one diplomatic event.

    Inputs: a non-empty sequence of ``Article`` objects with distinct ``id`` values; every
    offset in the brief refers to ``Article.text``.
    Output: a valid ``Brief`` whose evidence and quotes are verbatim passages of the articles,
    each citing its article's ``id`` as a source, with ``drafting`` recording how it was made.
    Errors: ``InputError`` when the articles themselves are unusable (none given, duplicate
    ids); ``ExtractionError`` when drafting fails for an internal reason.
    """

    name: str

    def extract(self, articles: Sequence[Article]) -> Brief:
        """Return the brief drafted from ``articles``."""
        ...
