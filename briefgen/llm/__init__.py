"""Optional drafting with a language model behind any OpenAI-compatible chat-completions server."""

from __future__ import annotations

from .extractor import LlmExtractor
from .settings import LlmSettings

__all__ = ["LlmExtractor", "LlmSettings"]
