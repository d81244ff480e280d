"""Analyse one article: sentences, party mentions, people, and who is the subject of a clause."""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from typing import Any

from .base import Article
from .lexicon import Lexicon
from .mentions import (
    PREPOSITIONS,
    Mention,
    find_mentions,
    institution_heads,
    nominal_mentions,
)
from .naming import dateline
from .officials import officials, pronouns
from .persons import People, find_people
from .syntax import parse
from .text import Paragraph, Sentence, segment

__all__ = ["MONEY", "Analysis", "adjacent_subjects", "analyse", "clauses", "subjects"]

MONEY = re.compile(
    r"\s+(?:a\s+further\s+|an\s+additional\s+|another\s+|about\s+|some\s+|nearly\s+|almost\s+|more\s+than\s+|"
    r"over\s+|up\s+to\s+|roughly\s+)?(?:(?:US)?[$€£¥]\s?\d|\d[\d.,]*\s+(?:million|billion|euros|dollars|pounds|yen))"
)
"""An amount of money right after a verb: "pledged $150 million", "announced 650 million euros"."""

_CLAUSE_BREAK = re.compile(
    r";\s+|,\s+(?:while|whereas|but|although|though)\s+|\s+(?:while|whereas)\s+|,\s+and\s+(?=(?:that|warned|said|"
    r"added|urged|called|he|she|it|they)\b)"
)
_RELATIVE = re.compile(r",\s+(?:which|who|whose|where)\b[^,]*(?:,|$)")
# ", the host," ", speaking later on behalf of the Arab states,": asides between a subject and its verb.
_APPOSITION = re.compile(
    r",\s+(?:the|a|an|known\s+as|[a-z]{3,}ing|[A-Z][\w-]+['’]s(?=\s+(?:main|closest|key|chief|only|old)\s))\b[^,]*,|"
    r"\([^)]*\)|“[^”]*”"
)
_MAX_GAP_WORDS = 12
# A relative clause still open at the verb: ", which creditors say", ", where Nkosi said".
_OPEN_RELATIVE = re.compile(r",\s+(?:which|who|whom|where|when)\s+(?=[^,;]*$)")
_AUXILIARIES = frozenset(
    {"has", "have", "had", "is", "was", "were", "are", "would", "will", "also", "could", "may", "might", "can"}
    | {"did", "does", "do", "should", "must", "long", "now", "still", "then", "later", "not", "never", "once"}
)
_SELF = re.compile(
    r"\s*(?:(?:in\s+)?(?:a|an|the)\s+[\w\s]{0,20}?(?:statement|release|interview)\s+)?(?:(?:on\s+)?[A-Z][a-z]+day\s+)?"
    r"(?:that\s+)?(?:it|they|we)\b"
)
_RELATIVE_HEAD = re.compile(r",\s+(?:which|that|whom)\s+(?:the\s+)?$")
_HOST_BY = re.compile(r"\b(?:hosted|convened|organi[sz]ed|chaired)\s+by\s+(?:the\s+)?$")
_HOSTING = re.compile(r"\b(?:is|was|are|were|has\s+been)?\s*hosting\b|(?<!\bto\s)\bhosts?\b(?=\s+(?:the|a|an)\s)")
# "Iraq's oil ministry said": the party speaks through its institution.
_OWNED_SPEAKER = re.compile(
    r"['’]s\s+(?:[A-Za-z-]+\s+){0,3}?(?i:ministry|government|office|delegation|mission|embassy|secretariat|cabinet|"
    r"presidency)\b"
)
# "X were thrown into disarray when the rebel delegation walked out": the verb's subject follows the subordinator.
_SUBORDINATE = re.compile(r"\b(?:when|after|because|since|until|once|as\s+soon\s+as)\s+")
_COORDINATE = re.compile(r",\s+(?:and|but)\s+")
_FINITE = re.compile(r"\b(?:did|does|do|was|were|is|are|has|had|have|will|would|said|says)\b|\b[a-z]{3,}ed\b")
_SPEECH_SPLIT = re.compile(r"\b(?:said|says|told|added|argued|insisted|warned)\b(?:\s+(?:that|on|in|a|the)\b)?")


@dataclass
class Analysis:
    """An article with its sentences and every mention of a party or a person in it."""

    article: Article
    paragraphs: list[Paragraph]
    sentences: list[Sentence]
    parties: list[Mention]
    speakers: list[Mention]
    hosts: list[str]
    people: People
    groups: dict[str, list[str]]
    docs: list[Any]
    """The parse of each sentence, in the order of ``sentences``."""

    def in_span(self, start: int, end: int, *, people: bool = True) -> list[Mention]:
        """Return the mentions inside ``[start, end)``, parties and (optionally) people, in order."""
        found = _within(self._party_index, start, end)
        if people:
            found += _within(self._speaker_index, start, end)
        return sorted(found, key=lambda m: m.start)

    @functools.cached_property
    def _party_index(self) -> tuple[list[int], list[Mention]]:
        return _by_start(self.parties)

    @functools.cached_property
    def _speaker_index(self) -> tuple[list[int], list[Mention]]:
        return _by_start(self.speakers)


def _by_start(mentions: list[Mention]) -> tuple[list[int], list[Mention]]:
    """Return ``mentions`` ordered by start, with their starts (an index for span look-ups)."""
    ordered = sorted(mentions, key=lambda m: m.start)
    return [m.start for m in ordered], ordered


def _within(index: tuple[list[int], list[Mention]], start: int, end: int) -> list[Mention]:
    starts, ordered = index
    first = bisect.bisect_left(starts, start)
    last = bisect.bisect_left(starts, end, lo=first)
    return [m for m in ordered[first:last] if m.end <= end and m.actor]


def analyse(article: Article, lexicon: Lexicon, people: People) -> Analysis:
    """Return the analysis of ``article`` using the parties and people learnt from all articles."""
    text = article.text
    paragraphs = segment(text)
    # The headline and the dateline say where and when, never who took part or what was said.
    furniture = _furniture(article, paragraphs)
    sentences = [s for p in paragraphs for s in p.sentences if not _inside(s.start, furniture[:1])]
    parties = [
        m
        for m in find_mentions(paragraphs, text, lexicon)
        if any(s.start <= m.start < s.end for s in sentences) and not _inside(m.start, furniture)
    ]
    hosts = _hosts(text, sentences, parties)
    heads = institution_heads(parties, text)
    parties = sorted(parties + nominal_mentions(text, parties, lexicon, hosts, heads), key=lambda m: m.start)
    find_people(text, sentences, parties, lexicon, people)
    named = [m for m in people.mentions if m.start < len(text)]
    # A capital read as a given name ("Foreign Minister Santiago Ferreyra") is no longer a party.
    parties = [m for m in parties if not (m.form == "capital" and any(p.start == m.start for p in named))]
    speakers = sorted(named + officials(text, parties), key=lambda m: m.start)
    speakers = sorted(speakers + pronouns(text, speakers, sentences), key=lambda m: m.start)
    docs = parse(sentences)
    return Analysis(article, paragraphs, sentences, parties, speakers, hosts, people, lexicon.groups, docs)


def _furniture(article: Article, paragraphs: list[Paragraph]) -> list[tuple[int, int]]:
    """Return the spans of the headline (first; empty when there is none) and of the dateline."""
    text = article.text
    spans = [(0, 0)]
    first = paragraphs[0] if paragraphs else None
    if first is not None and article.title and text[first.start : first.end].strip().lstrip("# ") == article.title:
        spans[0] = (first.start, first.end)
    line = dateline(text)
    if line is not None:
        spans.append((text.rfind("\n", 0, line.end) + 1, line.end))
    return spans


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def _hosts(text: str, sentences: list[Sentence], parties: list[Mention]) -> list[str]:
    hosts: list[str] = []
    for m in parties:
        if _HOST_BY.search(text, max(0, m.start - 40), m.start) and m.actor not in hosts:
            hosts.append(m.actor)
    for sent in sentences:
        for hit in _HOSTING.finditer(text, sent.start, sent.end):
            before = [m for m in parties if sent.start <= m.start and m.end <= hit.start() and m.actor]
            if before:
                last = before[-1]
                between = text[last.end : hit.start()].strip(" \t")
                if _RELATIVE_HEAD.search(text, sent.start, last.start) and not between:
                    # ", which Japan is hosting": the subject of the relative clause hosts the meeting.
                    subject: Mention | None = last
                else:
                    subject = _first_subject(text, sent.start, hit.start(), before)
                if subject and subject.actor not in hosts:
                    hosts.append(subject.actor)
    return hosts


def clauses(text: str, sent: Sentence) -> list[tuple[int, int]]:
    """Split a sentence into clauses at semicolons and contrastive or reporting conjunctions."""
    out: list[tuple[int, int]] = []
    start = sent.start
    for m in _CLAUSE_BREAK.finditer(text, sent.start, sent.end):
        if not sent.quoted(m.start()) and m.start() > start:
            out.append((start, m.start()))
            start = m.end()
    out.append((start, sent.end))
    return [(a, b) for a, b in out if b > a]


def _preceded_by_preposition(text: str, start: int, floor: int) -> bool:
    before = text[max(floor, start - 40) : start].split()
    while before and before[-1].lower() in {"the", "its", "their", "both", "a", "an"}:
        before.pop()
    return bool(before) and before[-1].lower().strip(",") in PREPOSITIONS


def _first_subject(text: str, start: int, end: int, mentions: list[Mention]) -> Mention | None:
    hidden = [(m.start() + start, m.end() + start) for m in _RELATIVE.finditer(text[start:end])]
    for m in mentions:
        if any(a <= m.start < b for a, b in hidden):
            continue
        if not _preceded_by_preposition(text, m.start, start):
            return m
    return None


def subjects(analysis: Analysis, start: int, verb: int, sent: Sentence) -> list[Mention]:
    """Return who is the subject of the verb at ``verb`` in the clause starting at ``start``."""
    text = analysis.article.text
    outer = start
    speech: re.Match[str] | None = None
    for split in _SPEECH_SPLIT.finditer(text, start, verb):
        if not sent.quoted(split.start()) and split.end() < verb:
            start, speech = split.end(), split
    if speech is not None and _SELF.match(text, start, verb):
        # "Russia said it would not attend": "it" is the party that speaks.
        return subjects(analysis, outer, speech.start(), sent)
    for sub in _SUBORDINATE.finditer(text, start, verb):
        if not sent.quoted(sub.start()) and analysis.in_span(sub.end(), verb):
            start = sub.end()
    for join in _COORDINATE.finditer(text, start, verb):
        # "X did not attend, and Afghanistan, an observer state, was not invited": a second clause's subject.
        after = analysis.in_span(join.end(), verb)
        if sent.quoted(join.start()) or not after or not _FINITE.search(text, start, join.start()):
            continue
        gap = _APPOSITION.sub(" ", text[after[0].end : verb] + " ")
        if after[0].start - join.end() <= 4 and len(gap.split()) <= 2:
            start = join.end()
    inner = _OPEN_RELATIVE.search(text, start, verb)
    inside = text[inner.end() : verb].split() if inner else []
    own = [m for m in analysis.in_span(inner.end(), verb) if not sent.quoted(m.start)] if inner else []
    subject_of_its_own = len(inside) > 1 and inside[0].lower() not in _AUXILIARIES
    if inner and (own or (subject_of_its_own and not inside[0].endswith(("ly", "ed")))):
        # "the mechanism, which creditors say ...", "in Cape Town, where Nkosi said ...": the verb has its own
        # subject inside the relative clause.
        named = [m for m in own if m.is_person]
        if named:
            return named[-1:]
        return [m for m in own if not _preceded_by_preposition(text, m.start, inner.end())][:1]
    hidden = [(m.start() + start, m.end() + start) for m in _RELATIVE.finditer(text[start:verb])]
    pool = [
        m
        for m in analysis.in_span(start, verb)
        if not sent.quoted(m.start) and not any(a <= m.start < b for a, b in hidden)
    ]
    persons = [m for m in pool if m.is_person]
    if persons:
        return [persons[-1]]
    parties = [
        m
        for m in pool
        if not _preceded_by_preposition(text, m.start, start)
        and (text[m.end : m.end + 2] not in {"’s", "'s"} or _OWNED_SPEAKER.match(text, m.end, verb))
    ]
    if not parties:
        return []
    gap = _APPOSITION.sub(" ", _RELATIVE.sub(" ", text[parties[0].end : verb]))
    if len(gap.split()) > _MAX_GAP_WORDS:
        return []
    chosen = [parties[0]]
    for m in pool[pool.index(parties[0]) + 1 :]:
        if text[m.end : m.end + 2] in {"’s", "'s"} and not _OWNED_SPEAKER.match(text, m.end, verb):
            continue  # "Ostra, Velia's main ally, stayed away": the owner only qualifies the subject
        gap = text[chosen[-1].end : m.start]
        if re.fullmatch(r"\s*(?:,|and|,\s*and|\(|\)|\)\s*,|\)\s*and|as\s+well\s+as)?\s*(?:the\s+|both\s+)?", gap):
            chosen.append(m)
        elif m.start >= chosen[-1].end:
            break
    return chosen


def adjacent_subjects(analysis: Analysis, sent: Sentence, verb: int) -> list[Mention]:
    """Return the parties written right before the verb at ``verb`` ("... and Japan pledged"), with their
    coordinated companions ("Saudi Arabia and the United Arab Emirates each announced")."""
    text = analysis.article.text
    pool = [m for m in analysis.in_span(sent.start, verb, people=False) if not sent.quoted(m.start)]
    if not pool or not re.fullmatch(
        r"\s*(?:each|also|jointly|together|separately|alone)?\s*", text[pool[-1].end : verb]
    ):
        return []
    chosen = [pool[-1]]
    for m in reversed(pool[:-1]):
        if not re.fullmatch(r"\s*(?:,|and|,\s*and)\s*(?:the\s+)?", text[m.end : chosen[0].start]):
            break
        chosen.insert(0, m)
    return chosen


def inverted_speaker(analysis: Analysis, verb_end: int) -> Mention | None:
    """Return the person named right after "said" in "..., said Leilani Tuilagi"."""
    text = analysis.article.text
    for m in analysis.speakers:
        if verb_end <= m.start <= verb_end + 2 and m.form in {"person", "official"}:
            # "... officials said.\nKosta warned": a name after the sentence ends is not the speaker.
            if text[verb_end - 1 : m.start].strip(" \t"):
                continue
            return m
    return None
