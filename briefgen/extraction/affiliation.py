"""Say which party a named person speaks for: from the title, an appositive, the delegation led, the context."""

from __future__ import annotations

import re

from .mentions import PREPOSITIONS, Mention
from .tables import TITLE_WORDS
from .text import Sentence

__all__ = ["APPOSITIVE_HEAD", "affiliation", "named_earlier", "reported_party"]

# "Amina Farouk, director of operations at the agency," names the party after the name; a period
# inside an abbreviation ("U.N.") does not end the appositive.
APPOSITIVE_HEAD = (
    r",\s+(?:who|the|a|an|its|their|(?:[a-z-]+\s+){0,2}?(?:director|head|chief|spokesman|spokeswoman|"
    r"spokesperson|envoy|ambassador|representative|minister|adviser|advisor|negotiator|coordinator|chair|"
    r"chairman|chairwoman|president|secretary))\b"
)
_APPOSITIVE_SPAN = re.compile(rf"{APPOSITIVE_HEAD}(?:[^,.;:]|(?<=\b[A-Z])\.)*")
# "a delegation led by Deputy Foreign Minister X": X speaks for the party that sent the delegation.
_LED_BY = re.compile(r"\b(?:led|headed|chaired|represented)\s+by\s+(?:[\w-]+,?\s+){0,4}$")
# A sentence that opens with a quotation and names its speaker after it.
_QUOTED_LEAD = re.compile(r"[“\"][^“”\"]+[,.?!]?[”\"],?\s+(?:[A-Z][\w-]*\s+){1,6}$")
# "Algeria's president sent Prime Minister X in his place": X speaks for the party that sent him.
_SENT = re.compile(r"\b(?:sent|dispatched)\s+(?:[A-Z][\w-]*,?\s+){0,4}$")
# "Foreign Secretary Vikram Sethi said New Delhi would not endorse": an official whose title names no party
# speaks for the party whose intention he reports.
_REPORTS_FOR = re.compile(r"\b(?:said|says|told\s+\w+|added|insisted|stressed)\s+(?:that\s+)?(?:the\s+)?$")
_PARTY_VERB = re.compile(
    r"\s+(?:would|will|was|is|were|are|wanted|wants|backed|backs|supported|supports|expected|expects|could|must|"
    r"should|had|has|did|does|remained|remains|planned|plans|intended|intends|opposed|opposes|rejected|rejects)\b"
)
_OWNER = re.compile(r"\b(?:[Ii]ts|[Tt]heir)\s+(?:[a-z-]+\s+){0,3}[a-z-]+,?\s*$")
_STRETCH_OK = frozenset({"of", "for", "and", "the", "to", "on", "’s", "'s", "special", "chief", "deputy", "former"})
# Words between a party and a named official that still make the official speak for the party:
# "Chinese foreign ministry spokesperson X", "the U.N. envoy for the region, X".
_MAX_OTHER_WORDS = 3


def named_earlier(text: str, start: int, title: list[str], mentions: list[Mention]) -> str | None:
    """Return the party whose unnamed official the text introduced earlier under the same title.

    "Russia's deputy foreign minister rose to speak ... Deputy Foreign Minister Viktor Lebedev began".
    """
    if not any(w in TITLE_WORDS for w in title):
        return None
    phrase = r"\s+".join(re.escape(w) for w in title)
    for m in mentions:
        if m.end > start or m.is_person or not m.actor:
            continue
        if re.match(rf"['’]s\s+{phrase}\b", text[m.end : m.end + 60], re.I):
            return m.actor
    return None


def reported_party(text: str, sent: Sentence, end: int, mentions: list[Mention]) -> str | None:
    """Return the party an official without a party reports the intention of ("X said Russia would ...")."""
    for m in mentions:
        if m.start < end or m.end > sent.end or not m.actor or m.is_person or sent.quoted(m.start):
            continue
        reported = m.form in {"name", "capital", "metonym"} and _REPORTS_FOR.search(text, end, m.start)
        if reported and _PARTY_VERB.match(text, m.end, sent.end):
            return m.actor
    return None


def affiliation(
    text: str, sent: Sentence, start: int, end: int, mentions: list[Mention], previous: Sentence | None = None
) -> str | None:
    """Return the party a named person speaks for, from the title before or the appositive after.

    "Its leader, X," at the start of a sentence speaks for the subject of the sentence before.
    """
    window = [m for m in mentions if sent.start <= m.start and m.end <= start and m.actor and not m.is_person]
    best: Mention | None = None
    for m in reversed(window):
        stretch = text[m.end : start]
        words = [w.strip(",") for w in stretch.split() if w.strip(",")]
        other = [w for w in words if not (w in _STRETCH_OK or w.lower() in TITLE_WORDS or w[:1].isupper())]
        titled = any(w.lower() in TITLE_WORDS for w in words)
        if other and not (titled and len(other) <= _MAX_OTHER_WORDS and not _LED_BY.search(stretch)):
            break
        prev = text[max(sent.start, m.start - 12) : m.start].split()
        prev_word = prev[-1].lower() if prev else ""
        if prev_word == "the" and len(prev) > 1:
            prev_word = prev[-2].lower()
        # "former Ghanaian foreign minister X" no longer speaks for Ghana.
        if prev_word in {"to", "for", "on", "in", "former", "ex"}:
            continue
        best = m
        if stretch.startswith(("’s", "'s")) or not stretch.strip() or stretch.split()[0].lower() in TITLE_WORDS:
            break
    if best is None:
        floor = max(sent.start, start - 60)
        cue = _OWNER.search(text, floor, start) or _LED_BY.search(text, floor, start)
        cue = cue or _SENT.search(text, floor, start)
        if cue is not None:
            best = _clause_subject(text, sent, mentions, cue.start())
            if best is None and previous is not None and not text[sent.start : cue.start()].strip():
                best = _clause_subject(text, previous, mentions, previous.end)
    same_paragraph = previous is not None and "\n" not in text[previous.end : sent.start]
    if best is None and previous is not None and same_paragraph and _QUOTED_LEAD.match(text, sent.start, start):
        # "“Egypt will not accept ...,” Irrigation Minister X said": a quotation that follows a party's
        # position in the same paragraph is that party's word.
        best = _sentence_subject(text, previous, mentions)
    if best is not None:
        return best.actor
    tail = _APPOSITIVE_SPAN.match(text, end, sent.end)
    if tail:
        for m in mentions:
            if tail.start() <= m.start and m.end <= tail.end() and m.actor and not m.is_person:
                return m.actor
    return None


def _sentence_subject(text: str, sent: Sentence, mentions: list[Mention]) -> Mention | None:
    """Return the first party of a sentence that is not the object of a preposition."""
    for m in mentions:
        if sent.start <= m.start and m.end <= sent.end and m.actor and not m.is_person and not sent.quoted(m.start):
            prev = text[sent.start : m.start].split()
            if not prev or prev[-1].lower().strip(",") not in PREPOSITIONS:
                return m
            return None
    return None


def _clause_subject(text: str, sent: Sentence, mentions: list[Mention], limit: int) -> Mention | None:
    """Return the nearest party before ``limit`` that is not the object of a preposition."""
    for m in reversed(mentions):
        if sent.start <= m.start and m.end <= limit and m.actor and not m.is_person:
            prev = text[sent.start : m.start].split()
            while prev and prev[-1].lower() in {"the", "its", "their", "a"}:
                prev.pop()
            if not prev or prev[-1].lower().strip(",") not in PREPOSITIONS:
                return m
    return None
