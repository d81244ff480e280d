"""Find unnamed officials ("Russia's envoy", "a spokesman for the group") and what "he"/"she" refers to."""

from __future__ import annotations

import re

from .mentions import Mention
from .text import Sentence

__all__ = ["officials", "pronouns"]

# "a spokesman for the group", "an official of the alliance": an unnamed official of the party named after.
_OFFICIAL_FOR = re.compile(
    r"\b(?:[Aa]n?|[Tt]he)\s+(?:[a-z-]+\s+){0,2}?(?:spokesman|spokeswoman|spokesperson|official|envoy|negotiator|"
    r"representative|delegate|diplomat)\s+(?:for|of|from)\s+(?:the\s+)?$"
)
_OFFICIAL = re.compile(
    r"(?:['’]s)?\s+(?P<title>(?:[a-z-]+\s+){0,2}?(?:envoy|ambassador|representative|director[\s-]general|"
    r"spokesman|spokeswoman|spokesperson|minister|negotiator|delegate|president|prime\s+minister|"
    r"secretary[\s-]general|official))\b(?!\s*,?\s*[A-ZÀ-Þ][a-z])"
)
_PRONOUN = re.compile(r"\b(?:[Hh]e|[Ss]he)\b")


def officials(text: str, mentions: list[Mention]) -> list[Mention]:
    """Return unnamed officials such as "Russia's envoy" or "the agency's director general"."""
    out = []
    for m in mentions:
        if not m.actor or m.is_person:
            continue
        before = _OFFICIAL_FOR.search(text, max(0, m.start - 60), m.start)
        if before is not None:
            title = " ".join(before.group().split()[1:-1])
            out.append(
                Mention(before.start(), m.end, text[before.start() : m.end], m.actor, m.kind, "official", title=title)
            )
            continue
        match = _OFFICIAL.match(text, m.end, min(len(text), m.end + 60))
        if match:
            end = match.end()
            out.append(
                Mention(m.start, end, text[m.start : end], m.actor, m.kind, "official", title=match.group("title"))
            )
    return out


def pronouns(text: str, speakers: list[Mention], sentences: list[Sentence]) -> list[Mention]:
    """Resolve each he/she outside quotation marks to the last person or official before it."""
    out = []
    for sent in sentences:
        for m in _PRONOUN.finditer(text, sent.start, sent.end):
            if sent.quoted(m.start()):
                continue
            earlier = [s for s in speakers if s.end <= m.start() and not sent.quoted(s.start)]
            if not earlier:
                continue
            ref = earlier[-1]
            out.append(Mention(m.start(), m.end(), m.group(), ref.actor, ref.kind, "pronoun", ref.person, ref.title))
    return out
