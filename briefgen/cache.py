"""Where briefgen keeps what it can reuse between runs: drawn charts and compiled templates.

The cache is the user's own: its folders are made readable by the user alone (a chart of a TLP:RED
brief holds its figures), a folder another user could write to is never used, and each folder is
pruned to a bounded number of files, the least recently used first.
"""

from __future__ import annotations

import contextlib
import functools
import os
import stat
from pathlib import Path

__all__ = ["MAX_CACHED_FILES", "cache_folder", "prune"]

MAX_CACHED_FILES = 500
"""The most files one cache folder keeps; older ones are removed as new ones are written."""


def cache_folder(name: str) -> Path | None:
    """Return (creating it, private to the user) a folder of the cache: $BRIEFGEN_CACHE_DIR/NAME, else
    ~/.cache/briefgen/NAME.

    An empty BRIEFGEN_CACHE_DIR turns caching off, and so does a folder that cannot be created or
    that someone other than the user could write to: then None is returned and everything is
    computed afresh.
    """
    configured = os.environ.get("BRIEFGEN_CACHE_DIR")
    if configured is not None and not configured:
        return None
    base = (
        Path(configured)
        if configured
        else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "briefgen"
    )
    folder = _private_folder(str(base), name)
    if folder is not None and not folder.is_dir():  # removed while the process runs: make it again
        _private_folder.cache_clear()
        folder = _private_folder(str(base), name)
    return folder


@functools.cache
def _private_folder(base: str, name: str) -> Path | None:
    """Make, check and prune one cache folder, once per process (not once per chart or template)."""
    root = Path(base)
    folder = root / name
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        for made in (root, folder):
            info = made.stat()
            if info.st_uid != os.getuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
                return None  # someone else could have put files there: nothing in it is trusted
            if info.st_mode & (stat.S_IRGRP | stat.S_IROTH | stat.S_IXGRP | stat.S_IXOTH):
                made.chmod(0o700)
    except OSError:
        return None
    prune(folder)
    return folder


def prune(folder: Path, keep: int = MAX_CACHED_FILES) -> None:
    """Remove the least recently used files of ``folder`` beyond the ``keep`` most recent."""
    try:
        files = [e for e in os.scandir(folder) if e.is_file(follow_symlinks=False)]
        if len(files) <= keep:
            return
        entries = [(e.stat().st_atime, e.path) for e in files]
    except OSError:
        return
    entries.sort(reverse=True)
    for _, path in entries[keep:]:
        with contextlib.suppress(OSError):
            os.unlink(path)
