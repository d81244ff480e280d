"""Write output files so that a reader never sees half a file and a good file is never lost."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from .errors import InputError, RenderError

__all__ = ["prepare_directory", "write_atomic"]


def prepare_directory(directory: Path) -> Path:
    """Create the output directory if needed and check that files can be written in it.

    Raises:
        InputError: the path is a file, or the directory cannot be created or written to.
    """
    if directory.exists() and not directory.is_dir():
        raise InputError(f"{directory}: is a file, not an output directory")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{directory}: cannot create the output directory ({exc.strerror})") from exc
    if not os.access(directory, os.W_OK | os.X_OK):
        raise InputError(f"{directory}: the output directory is not writable")
    return directory


def _mode_for(path: Path) -> int:
    """Return the permissions a written file gets: those of the file it replaces, else what the umask allows."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def write_atomic(path: Path, data: bytes) -> None:
    """Write bytes to a temporary file beside ``path`` and rename it into place.

    An existing file at ``path`` is replaced only once the new one is complete, and keeps its
    permissions; a new file gets those the user's umask allows. On any failure (including
    Ctrl-C) the temporary file is removed.

    Raises:
        RenderError: the file could not be written (disk full, permissions…).
    """
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _mode_for(path))
        os.replace(tmp, path)
    except BaseException as exc:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            reason = "the disk is full" if exc.errno == errno.ENOSPC else exc.strerror or str(exc)
            raise RenderError(f"{path}: could not be written: {reason}") from exc
        raise
