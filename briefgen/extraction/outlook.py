"""Find forward-looking statements and map their wording to the ICD 203 likelihood scale."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Likelihood
from .analysis import clauses
from .text import Sentence

__all__ = ["OutlookFinding", "find_outlook", "likelihood_of"]

_TERMS: tuple[tuple[str, Likelihood], ...] = (
    (
        r"almost\s+no\s+chance|no\s+chance|remote\s+(?:chance|possibility|prospect)|virtually\s+impossible|"
        r"all\s+but\s+impossible",
        Likelihood.almost_no_chance,
    ),
    (
        r"(?:very|highly|extremely)\s+unlikely|(?:very\s+)?slim\s+(?:chance|prospects?)|little\s+chance|"
        r"very\s+improbable|highly\s+improbable",
        Likelihood.very_unlikely,
    ),
    (
        r"almost\s+certain(?:ly)?|virtually\s+certain(?:ly)?|near(?:ly)?\s+certain(?:ly)?|all\s+but\s+certain",
        Likelihood.almost_certain,
    ),
    (r"(?:very|highly)\s+likely|very\s+probabl[ey]|most\s+likely", Likelihood.very_likely),
    (
        r"(?:roughly\s+)?even\s+chance|50-50|fifty-fifty|50/50|toss-up|coin\s+(?:toss|flip)",
        Likelihood.roughly_even_chance,
    ),
    (r"unlikely|improbable|probably\s+not|doubtful|not\s+likely", Likelihood.unlikely),
    (r"likely|probably|probable", Likelihood.likely),
)
_TERM_RES = [(re.compile(rf"\b(?:{pattern})\b", re.I), value) for pattern, value in _TERMS]
_SCHEDULE = re.compile(
    r"\b(?:(?:is|are|was|were)\s+(?:due|scheduled|slated|set|expected|planned|poised)\s+(?:to|for|on|in|by)|"
    r"(?<!\bno\s)(?<!\bany\s)(?<!ed\s)(?<!\bits\s)(?<!\btheir\s)(?<!\bthe\s)plans?\s+to|planning\s+to|"
    r"intends?\s+to|deadline\s+(?:is|was|of|for|expires|falls)|(?:next|second|third|new)\s+round\s+(?:of\s+\w+\s+)?"
    r"(?:is|will|would|could))\b",
    re.I,
)
_AIM = re.compile(r"\b(?:aim|objective|goal|purpose)\s+(?:of\s+[^,]{1,60}?\s+)?(?:is|was)\s+to\b", re.I)
_MODAL = re.compile(r"\b(?:could|may|might)\s+(?!not\b|have\b|be\s+done\b)(?:\w+ly\s+)?[a-z]+", re.I)
# A modal inside a question, a purpose or a reason ("abstained because the text contained language
# that could pave the way") describes the past, not what lies ahead.
_MODAL_BLOCK = re.compile(
    r"(?:\b(?:so\s+that|how|what|whether|where|why|which|because)\b[^,;]*|\b(?!(?:said|says|warned|added|noted|"
    r"believe[sd]?|think|thinks|thought|fear(?:ed|s)?|hope[sd]?|expect(?:ed|s)?|cautioned|argued|predicted)\b)"
    r"[a-z]+\s+that\s+)$",
    re.I,
)
_WILL = re.compile(r"\bwill\s+(?!not\b)[a-z]+")
_WOULD = re.compile(r"\bwould\s+(?!not\b|be\s+required\b|have\b)(?P<first>[a-z]+)(?:\s+(?P<verb>[a-z]+))?")
_PROCEDURAL = frozenset(
    {
        "issue",
        "circulate",
        "convene",
        "reconvene",
        "resume",
        "hold",
        "host",
        "publish",
        "sign",
        "meet",
        "open",
        "run",
        "table",
        "submit",
        "visit",
        "travel",
        "announce",
        "present",
        "press",
        "release",
        "continue",
        "review",
        "discuss",
        "consider",
        "decide",
    }
)
_TIME = re.compile(
    r"\b(?:on|by|before|after|until|within|from)\s+(?:the\s+end\s+of\s+)?(?:the\s+)?(?:Monday|Tuesday|Wednesday|"
    r"Thursday|Friday|Saturday|Sunday|week|month|year|January|February|March|April|May|June|July|August|"
    r"September|October|November|December|\d+\s+(?:days|weeks|months))|\b(?:next|later\s+this|this\s+coming)\s+"
    r"(?:week|month|year|spring|summer|autumn|fall|winter)|\bfor\s+up\s+to\s+\w+\s+(?:days|weeks|months)|"
    r"\bas\s+early\s+as\b|\btomorrow\b|\b(?:over|in)\s+the\s+(?:coming|next)\s+(?:days|weeks|months)\b|"
    r"\bin\s+the\s+(?:spring|summer|autumn|fall|winter)\b|\blater\s+this\s+(?:week|month|year)\b"
)
_ATTRIBUTION = re.compile(
    r"^(?:[A-Z][\w’'. -]{0,60}?\s+)?(?:said|says|warned|added|acknowledged|noted|told\s+\w+(?:\s+\w+)?)\s+"
    r"(?:in\s+a\s+(?:written\s+)?(?:statement|news\s+release)\s+|on\s+\w+\s+)?(?:that\s+)?(?:it\s+was\s+)?",
)
_QUOTED_JUDGMENT = re.compile(r"[“\"](?:It\s+is|It['’]s|That\s+is|This\s+is)\s+(?:\w+\s+){0,2}?(?:un)?likely\b")
_LEAD = re.compile(r"^(?:and|but|while|however|instead|so)\b[,\s]*", re.I)


@dataclass(frozen=True)
class OutlookFinding:
    """A forward-looking clause, its likelihood if the wording gives one, and its sentence."""

    statement: str
    likelihood: Likelihood | None
    sentence: Sentence


def likelihood_of(text: str) -> Likelihood | None:
    """Return the ICD 203 term that the wording of ``text`` expresses, or None."""
    for pattern, value in _TERM_RES:
        if pattern.search(text):
            return value
    return None


def _statement(clause: str) -> str:
    clause = " ".join(clause.split()).strip(' ,;“”"')
    clause = _LEAD.sub("", clause)
    trimmed = _ATTRIBUTION.sub("", clause, count=1)
    if len(trimmed.split()) >= 4:
        clause = trimmed
    clause = clause.rstrip(".")
    return clause[:1].upper() + clause[1:] + "." if clause else ""


def _unquoted(text: str, sent: Sentence, start: int, end: int) -> str:
    """Return the clause with quoted words blanked out (offsets kept)."""
    chars = list(text[start:end])
    for a, b in sent.quotes:
        for i in range(max(a, start), min(b, end)):
            chars[i - start] = " "
    return "".join(chars)


def _forward(text: str, sent: Sentence, start: int, end: int) -> tuple[bool, Likelihood | None]:
    term = likelihood_of(_unquoted(text, sent, start, end))
    if term is None and _QUOTED_JUDGMENT.match(text, sent.start, sent.end):
        # A sentence that is one attributed quotation ("“It is unlikely ...,” said an analyst") is a
        # judgment in its speaker's words.
        term = likelihood_of(text[start:end])
    if term is not None:
        return True, term
    if _SCHEDULE.search(_unquoted(text, sent, start, end)) or _AIM.search(text, start, end):
        return True, None
    for m in _MODAL.finditer(text, start, end):
        if sent.quoted(m.start()):
            continue
        blocked = _MODAL_BLOCK.search(text[start : m.start()][-60:])
        if not blocked or (not blocked.group().lower().startswith("because") and _TIME.search(text, m.end(), end)):
            return True, None
    for m in _WILL.finditer(text, start, end):
        if not sent.quoted(m.start()):
            return True, None
    for m in _WOULD.finditer(text, start, end):
        if sent.quoted(m.start()):
            continue
        if m.group("first") in _PROCEDURAL or m.group("verb") in _PROCEDURAL or _TIME.search(text, m.end(), end):
            return True, None
    return False, None


def find_outlook(text: str, sentences: list[Sentence]) -> list[OutlookFinding]:
    """Return the forward-looking clauses of the article, one finding per clause."""
    out: list[OutlookFinding] = []
    for sent in sentences:
        for start, end in clauses(text, sent):
            forward, term = _forward(text, sent, start, end)
            if not forward:
                continue
            statement = _statement(text[start:end])
            if statement:
                out.append(OutlookFinding(statement, term, sent))
    return out
