"""Find the quotations in which an independent commentator (an analyst, a researcher) judges what lies ahead."""

from __future__ import annotations

import re

from .analysis import Analysis

__all__ = ["commentary"]

# "Petra Lindqvist, a conflict researcher at ...", "said Omar Khalidi, a Cairo-based humanitarian analyst".
_ROLE = (
    r"(?:analyst|researcher|fellow|expert|professor|scholar|economist|academic|commentator|consultant|lecturer|"
    r"strategist|historian)s?"
)
_DESCRIBED_AFTER = re.compile(rf",\s+(?:a|an|the)\s+(?:[\w’'-]+\s+){{0,5}}?{_ROLE}\b")
_DESCRIBED_BEFORE = re.compile(rf"\b{_ROLE}\s+$", re.I)
_OPENING = '“"'
_SAID_AFTER = re.compile(r"[\s,”\"]*(?:(?:he|she)\s+)?(?:said|says|added|told\s+\w+|wrote|noted|warned)\b\s*")


def _commentators(analysis: Analysis) -> set[str]:
    """Return the people the article introduces as analysts or researchers and ties to no party."""
    text = analysis.article.text
    out: set[str] = set()
    for m in analysis.speakers:
        if m.form != "person" or not m.person or analysis.people.actor.get(m.person):
            continue
        if _DESCRIBED_AFTER.match(text, m.end, min(len(text), m.end + 80)) or _DESCRIBED_BEFORE.search(
            text, max(0, m.start - 30), m.start
        ):
            out.add(m.person)
    return out


def commentary(analysis: Analysis) -> frozenset[int]:
    """Return the indices of the sentences that quote an independent commentator.

    A sentence counts when it opens with a quotation attributed to a commentator (by name or by
    "he said" after one was named), or when it is a further quotation right after such a sentence.
    """
    text = analysis.article.text
    people = _commentators(analysis)
    if not people:
        return frozenset()
    out: set[int] = set()
    previous: int | None = None
    for sent in analysis.sentences:
        if not sent.quotes or text[sent.start] not in _OPENING:
            previous = None
            continue
        last = max(b for _, b in sent.quotes)
        said = _SAID_AFTER.match(text, min(last + 1, sent.end), sent.end)
        pos = said.end() if said else last + 1
        speaker = next(
            (s for s in analysis.speakers if s.person and last < s.start <= pos + 2 and s.start < sent.end), None
        )
        whole = last >= sent.end - 3 and speaker is None
        named = speaker is not None and speaker.person in people
        follows = whole and previous is not None and previous == sent.index - 1
        if named or follows:
            out.add(sent.index)
            previous = sent.index
        else:
            previous = None
    return frozenset(out)
