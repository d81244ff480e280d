"""The defaults of a render, in one place for the library, the command line and batch workers.

Plain constants, so that the command line can show them in its help without importing anything.
"""

from __future__ import annotations

__all__ = ["DEFAULT_FORMATS", "DEFAULT_TEMPLATE", "MAX_JOBS"]

DEFAULT_TEMPLATE = "standard"
"""The template pack a brief is drawn with unless another is named."""

DEFAULT_FORMATS: tuple[str, ...] = ("pdf", "docx")
"""The formats ``render_to``, ``build`` and the CLI write unless others are named."""

MAX_JOBS = 64
"""The most worker processes a batch starts (each holds a rendering engine: about 200 MB)."""
