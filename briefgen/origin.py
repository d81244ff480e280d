"""Where a brief was read from: its file's name and folder, where each field stands, and its figures' images.

Loading a file records this on the brief, so that checks made later (when the template pack is
known) still name the file and line, and figures are read once, from the brief's own folder.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import Problem

if TYPE_CHECKING:
    from .figures import Picture
    from .model import Brief

__all__ = ["Loc", "Origin", "origin_of", "problem"]

Loc = tuple[str | int, ...]


@dataclass(frozen=True, eq=False)
class Origin:
    """A brief's file name, its folder (None for text with no folder), and how to locate a field in it."""

    name: str
    folder: Path | None
    locate: Callable[[Loc, str], Problem]
    pictures: tuple[Picture, ...] = field(default=())

    # Briefs compare by what they say: where one was read from is not part of that, its images are. A brief
    # made in code (no origin) equals one read from a file when neither has images.
    def __eq__(self, other: object) -> bool:
        if other is None:
            return not self.pictures
        if isinstance(other, Origin):
            return self.pictures == other.pictures
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.pictures)


def origin_of(brief: Brief) -> Origin | None:
    """Return where a brief was read from, or None for one made in code."""
    found = brief._origin
    return found if isinstance(found, Origin) else None


def problem(brief: Brief, loc: Loc, message: str) -> Problem:
    """Return a fault of a brief at a field, with its file and line where the brief was read from a file."""
    from .model import dotted

    origin = origin_of(brief)
    if origin is not None:
        return origin.locate(loc, message)
    return Problem("<brief>", None, None, dotted(loc), message)
