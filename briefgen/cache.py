"""Where briefgen keeps what it can reuse between runs: drawn charts and compiled templates."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["cache_folder"]


def cache_folder(name: str) -> Path | None:
    """Return (creating it) a folder of the cache: $BRIEFGEN_CACHE_DIR/NAME, else ~/.cache/briefgen/NAME.

    An empty BRIEFGEN_CACHE_DIR turns caching off, and so does a folder that cannot be created:
    then None is returned and everything is computed afresh.
    """
    configured = os.environ.get("BRIEFGEN_CACHE_DIR")
    if configured is not None and not configured:
        return None
    base = (
        Path(configured)
        if configured
        else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "briefgen"
    )
    folder = base / name
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder
