"""Portion marks: each paragraph and list item of a brief marked with its level, "(C) …", as government briefs are.

A pack sets the scheme in pack.toml (``[portions] levels``, lowest first, and the banner word of each
level); without one it is U < C < S < TS. A brief turns marking on with ``handling.portions: true``.
Then every portion is marked, as offices expect: a paragraph or list item of free text (and a
``watch`` line) starts with its mark, ``(C) …``; a key judgment, position, outlook item and figure
has a ``portion`` field. A missing or unknown mark is a located error, and so is a banner lower
than the highest mark used.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pydantic
from pydantic import BaseModel, ConfigDict, Field

from .origin import Loc

if TYPE_CHECKING:
    from .model import Brief
    from .prose import Block

__all__ = ["PortionScheme", "check_portions", "leading_mark"]

_LEVEL = r"^[A-Za-z0-9/\-]{1,16}$"
_MARK = re.compile(r"^\s*\(([^()\s]{1,16})\)(?=\s)")


class PortionScheme(BaseModel):
    """A pack's portion-marking scheme: the levels, lowest first, and the banner word of each."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    levels: list[str] = Field(
        default_factory=lambda: ["U", "C", "S", "TS"],
        min_length=1,
        description="The marks, lowest level first, as printed in brackets: (U), (C), (S), (TS).",
    )
    banners: list[str] = Field(
        default_factory=lambda: ["UNCLASSIFIED", "CONFIDENTIAL", "SECRET", "TOP SECRET"],
        min_length=1,
        description="The banner word of each level, in the same order; a banner starts with one of them.",
    )

    @pydantic.model_validator(mode="after")
    def _consistent(self) -> PortionScheme:
        if len(self.levels) != len(self.banners):
            raise ValueError("levels and banners must name the same number of levels")
        for level in self.levels:
            if not re.match(_LEVEL, level):
                raise ValueError(f"the level {level!r} is not a mark (letters, digits, / and - only)")
        if len({level.upper() for level in self.levels}) != len(self.levels):
            raise ValueError("a level is named twice")
        words = [" ".join(word.split()).upper() for word in self.banners]
        if not all(words):
            raise ValueError("a banner word is empty")
        if len(set(words)) != len(words):
            raise ValueError("a banner word is named twice; each level needs its own")
        return self

    def rank(self, mark: str) -> int | None:
        """Return a mark's level, 0 the lowest, or None when the scheme has no such mark."""
        # Marks are written as the scheme spells them: "(c)" is not "(C)" (the message suggests it).
        return self.levels.index(mark) if mark in self.levels else None

    def banner_rank(self, banner: str) -> int | None:
        """Return the level a banner starts with ("SECRET//NOFORN", "SECRET NOFORN" name SECRET), or None."""
        head = " ".join(banner.split("//")[0].split()).upper()
        named = [
            (" ".join(word.split()).upper(), level.upper(), rank)
            for rank, (word, level) in enumerate(zip(self.banners, self.levels, strict=True))
        ]
        for word, level, rank in named:
            if head in (word, level):
                return rank
        # Words after the level ("SECRET NOFORN"): the longest banner word it starts with names it.
        for word, _, rank in sorted(named, key=lambda entry: -len(entry[0])):
            if head.startswith(word + " "):
                return rank
        return None

    def listed(self) -> str:
        """Return the marks as a reader writes them: (U), (C), (S), (TS)."""
        return ", ".join(f"({level})" for level in self.levels)


def leading_mark(text: str) -> str | None:
    """Return the mark a paragraph starts with, ``C`` for "(C) text", or None."""
    match = _MARK.match(text)
    return match.group(1) if match else None


def check_portions(brief: Brief, scheme: PortionScheme) -> None:
    """Check a brief's portion marks against a scheme (nothing to check when marking is off).

    Raises:
        ValidationError: a portion unmarked, a mark not in the scheme, or a banner lower than a mark used
            (each fault located by file, line and field).
    """
    from .errors import ValidationError
    from .origin import problem

    handling = brief.handling
    if handling is None or not handling.portions:
        return
    faults: list[tuple[Loc, str]] = []
    highest: tuple[int, str, Loc] | None = None
    for loc, mark, where in _portions(brief):
        if mark is None:
            faults.append((loc, f"{where}no portion mark; every portion is marked, with one of {scheme.listed()}"))
            continue
        rank = scheme.rank(mark)
        if rank is None:
            faults.append((loc, f"{where}{_unknown(mark, scheme)}"))
        elif highest is None or rank > highest[0]:
            highest = (rank, mark, loc)
    if highest is not None:
        faults += _banner_faults(handling.banner, highest, scheme)
    if faults:
        raise ValidationError([problem(brief, loc, message) for loc, message in faults])


def _unknown(mark: str, scheme: PortionScheme) -> str:
    close = difflib.get_close_matches(mark.upper(), [level.upper() for level in scheme.levels], n=1, cutoff=0.5)
    same_case = next((level for level in scheme.levels if close and level.upper() == close[0]), None)
    hint = f"; did you mean ({same_case})?" if same_case else ""
    return f"the mark ({mark}) is not in the scheme {scheme.listed()}{hint}"


def _banner_faults(banner: str | None, highest: tuple[int, str, Loc], scheme: PortionScheme) -> list[tuple[Loc, str]]:
    rank, mark, where = highest
    from .model import dotted

    needed = scheme.banners[rank]
    if not banner:
        return [(("handling",), f"portion marks need a banner at least as high as the highest mark ({mark}) at "
                 f"{dotted(where)}: set handling.banner to {needed!r}")]  # fmt: skip
    named = scheme.banner_rank(banner)
    if named is None:
        return [(("handling", "banner"), f"{banner!r} names no level of the scheme; start it with one of "
                 f"{', '.join(scheme.banners)}")]  # fmt: skip
    if named < rank:
        return [(("handling", "banner"), f"{banner!r} is lower than the highest portion mark, ({mark}) at "
                 f"{dotted(where)}; the banner must be at least {needed!r}")]  # fmt: skip
    return []


def _portions(brief: Brief) -> Iterator[tuple[Loc, str | None, str]]:
    """Yield each portion of a brief: its field, its mark (None: unmarked) and how to name it in a message."""
    yield from _prose(("summary",), brief.summary, brief)
    for i, kj in enumerate(brief.key_judgments):
        yield ("key_judgments", i, "portion"), kj.portion, ""
    if brief.background:
        yield from _prose(("background",), brief.background, brief)
    for i, position in enumerate(brief.positions):
        if position.stance or position.demands or position.quotes:
            yield ("positions", i, "portion"), position.portion, ""
    if brief.analysis:
        yield from _prose(("analysis",), brief.analysis, brief)
    for i, figure in enumerate(brief.figures):
        yield ("figures", i, "portion"), figure.portion, ""
    for i, item in enumerate(brief.outlook):
        yield ("outlook", i, "portion"), item.portion, ""
    for i, line in enumerate(brief.watch):
        yield ("watch", i), leading_mark(line), ""
    for i, annex in enumerate(brief.annexes):
        yield from _prose(("annexes", i, "body"), annex.body, brief)


def _prose(loc: Loc, text: str, brief: Brief) -> Iterator[tuple[Loc, str | None, str]]:
    from .prose import parse

    numbers = {source.id: n for n, source in enumerate(brief.sources, start=1)}
    counted = {"paragraph": 0, "list item": 0}
    for kind, first in _first_texts(parse(text, numbers)):
        counted[kind] += 1
        words = " ".join(first.split()[:5])
        yield loc, leading_mark(first), f"{kind} {counted[kind]} ({words!r}…): "


def _first_texts(blocks: list[Block]) -> Iterator[tuple[str, str]]:
    """Yield each paragraph and list item of free text as ("paragraph" or "list item", its text)."""
    from .prose import ListBlock, Paragraph

    for block in blocks:
        if isinstance(block, Paragraph):
            yield "paragraph", "".join(run.text for run in block.runs)
        else:
            for item in block.items:
                first = item[0] if item else None
                if isinstance(first, Paragraph):
                    yield "list item", "".join(run.text for run in first.runs)
                yield from _first_texts([b for b in item[1:] if isinstance(b, ListBlock)])
