"""Draft a Brief from news articles: the article reader and the built-in rules extractor."""

from __future__ import annotations

from .articles import MAX_ARTICLE_BYTES, read_article
from .base import Article, Extractor
from .rules import RulesExtractor

__all__ = ["MAX_ARTICLE_BYTES", "Article", "Extractor", "RulesExtractor", "read_article"]
