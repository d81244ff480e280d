"""Find forward-looking statements and map their wording to the ICD 203 likelihood scale."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Likelihood
from .analysis import clauses
from .mentions import Mention
from .tables import MONTHS
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
    r"(?:is|will|would|could)|(?:is|are|was|were)\s+to\s+be\s+[a-z]+(?:ed|en|wn)|"
    r"(?<=,\s)(?:scheduled|slated|due|set)\s+(?:to|for))\b",
    re.I,
)
_AIM = re.compile(r"\b(?:aim|objective|goal|purpose)\s+(?:of\s+[^,]{1,60}?\s+)?(?:is|was)\s+to\b", re.I)
_MODAL = re.compile(r"\b(?:could|may|might|can)\s+(?!not\b|have\b|be\s+done\b)(?:\w+ly\s+)?[a-z]+", re.I)
# A modal inside a question, a purpose or a reason ("abstained because the text contained language
# that could pave the way") describes the past, not what lies ahead.
_MODAL_BLOCK = re.compile(
    r"(?:\b(?:so\s+that|how|what|whether|where|why|which|because)\b[^,;]*|\b(?!(?:said|says|warned|added|noted|"
    r"believe[sd]?|think|thinks|thought|fear(?:ed|s)?|hope[sd]?|expect(?:ed|s)?|cautioned|argued|predicted)\b)"
    r"[a-z]+\s+that\s+)$",
    re.I,
)
_WILL = re.compile(r"\b(?:will|won['’]t)\s+[a-z]+")
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
_MONTH_NAMES = "|".join(month.capitalize() for month in MONTHS)
_TIME = re.compile(
    r"\b(?:on|by|before|after|until|within|from)\s+(?:the\s+end\s+of\s+)?(?:the\s+)?(?:Monday|Tuesday|Wednesday|"
    rf"Thursday|Friday|Saturday|Sunday|week|month|year|{_MONTH_NAMES}|\d+\s+(?:days|weeks|months))|"
    rf"\bin\s+(?:{_MONTH_NAMES})\b|\b(?:next|later\s+this|this\s+coming)\s+"
    r"(?:week|month|year|spring|summer|autumn|fall|winter)|\bfor\s+up\s+to\s+\w+\s+(?:days|weeks|months)|"
    r"\bas\s+early\s+as\b|\btomorrow\b|\bin\s+the\s+future\b|\bsoon\b|\b(?:over|in)\s+the\s+(?:coming|next)\s+(?:days|weeks|months)\b|"
    r"\bin\s+the\s+(?:spring|summer|autumn|fall|winter)\b|\blater\s+this\s+(?:week|month|year)\b|"
    rf"\b(?:in|before|by)\s+(?:the\s+)?(?:[\w’'-]+\s+){{0,3}}?(?:summit|meeting|session)\s+in\s+(?:{_MONTH_NAMES})\b"
)
_ATTRIBUTION = re.compile(
    r"^(?:[A-Z][\w’'. -]{0,60}?\s+)?(?:said|says|warned|added|acknowledged|noted|told\s+\w+(?:\s+\w+)?)\s+"
    r"(?:in\s+a\s+(?:written\s+)?(?:statement|news\s+release)\s+|on\s+\w+\s+)?(?:that\s+)?(?:it\s+was\s+)?",
)
_QUOTED_JUDGMENT = re.compile(r"[“\"](?:It\s+is|It['’]s|That\s+is|This\s+is)\s+(?:\w+\s+){0,2}?(?:un)?likely\b")
_LEAD = re.compile(r"^(?:and|but|while|however|instead|so)\b[,\s]*", re.I)
# "said X was unlikely and that Y could follow": reported speech that holds two judgments.
_SUBCLAUSE = re.compile(
    r",?\s+and\s+that\s+|,\s+and\s+(?=(?:even\s+)?(?:[\w’'-]+\s+){1,4}?(?:will|would|could|may|might)\s)"
)
# A quoted likelihood term ("was “very unlikely”") is the speaker's judgment, not a quotation of a party.
_MAX_TERM_WORDS = 6
# "would consider joining only if ...", "could accept X in return": a party's condition or offer is a position.
_CONDITION = re.compile(
    r"\b(?:only\s+(?:if|after|when|once|until)|in\s+return|in\s+exchange|on\s+condition\s+that|provided\s+that)\b",
    re.I,
)
_OWN_BODY = re.compile(r"(?:\s+(?:government|delegation|ministry|side|authorities|leadership|team))?")
_PARTY_MODAL = re.compile(
    r"(?:\b(?P<pronoun>it|they|we)|(?=\s))(?P<gap>\s+)(?:would|could|will|might|may)\b(?:\s+\w+)?"
)
# "said a nationwide ceasefire would take longer": reported future about a matter, not a party's intention.
_REPORTED_WOULD = re.compile(
    r"\b(?:said|says|told\s+\w+|warned|predicted|expected|believed?|thinks?|thought)\s+(?:that\s+)?"
    r"(?P<np>(?:a|an|the|any|this|that|such)\s+(?:[\w’'-]+\s+){1,9}?)(?:would|will)\s+(?!not\b|be\b)[a-z]+"
)
# "the cable plan, to be drawn up by military planners before the summit in July": a scheduled step.
_TO_BE_DONE = re.compile(r"\bto\s+be\s+[a-z]+(?:ed|en|wn)\b")


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


def _quoted_term(text: str, sent: Sentence, start: int, end: int) -> Likelihood | None:
    """Return the likelihood of a short quoted judgment inside the clause ("was “very unlikely”")."""
    for a, b in sent.quotes:
        if start <= a and b <= end and len(text[a:b].split()) <= _MAX_TERM_WORDS:
            term = likelihood_of(text[a:b])
            if term is not None:
                return term
    return None


def _party_modal(text: str, start: int, end: int, parties: list[Mention]) -> bool:
    """Return whether a modal in the clause has a party (or "it", "they", "we") as its subject."""
    for m in _PARTY_MODAL.finditer(text, start, end):
        gap = m.start("gap")
        if m.group("pronoun") or any(p.end <= gap and _OWN_BODY.fullmatch(text, p.end, gap) for p in parties):
            return True
    return False


def _reported_would(text: str, start: int, end: int, parties: list[Mention]) -> bool:
    for m in _REPORTED_WOULD.finditer(text, start, end):
        a, b = m.start("np"), m.end("np")
        if not any(a <= p.start < b for p in parties):
            return True
    return False


def _forward(
    text: str, sent: Sentence, start: int, end: int, voiced: bool, parties: list[Mention]
) -> tuple[bool, Likelihood | None]:
    """Return whether the clause looks ahead and the likelihood its wording gives.

    ``voiced``: the sentence quotes an independent commentator, so its quoted words count as the
    judgment itself rather than as a party's words.
    """
    plain = text[start:end] if voiced else _unquoted(text, sent, start, end)
    term = likelihood_of(plain) or _quoted_term(text, sent, start, end)
    if term is None and _QUOTED_JUDGMENT.match(text, sent.start, sent.end):
        # A sentence that is one attributed quotation ("“It is unlikely ...,” said an analyst") is a
        # judgment in its speaker's words.
        term = likelihood_of(text[start:end])
    if term is not None:
        return True, term
    if _CONDITION.search(plain) and _party_modal(text, start, end, parties):
        return False, None
    if _SCHEDULE.search(plain) or _AIM.search(text, start, end):
        return True, None
    for m in _TO_BE_DONE.finditer(text, start, end):
        if not sent.quoted(m.start()) and _TIME.search(text, m.end(), end):
            return True, None
    for m in _MODAL.finditer(text, start, end):
        if sent.quoted(m.start()) and not voiced:
            continue
        if m.group().lower().startswith("can") and not _TIME.search(text, m.end(), end):
            continue  # "any member can block": an ability, unless a time ahead is named
        blocked = _MODAL_BLOCK.search(text[start : m.start()][-60:])
        if not blocked or (not blocked.group().lower().startswith("because") and _TIME.search(text, m.end(), end)):
            return True, None
    for m in _WILL.finditer(text, start, end):
        if not sent.quoted(m.start()) or voiced or _TIME.search(text, m.end(), end):
            return True, None
    for m in _WOULD.finditer(text, start, end):
        if sent.quoted(m.start()):
            continue
        if m.group("first") in _PROCEDURAL or m.group("verb") in _PROCEDURAL or _TIME.search(text, m.end(), end):
            return True, None
    return _reported_would(text, start, end, parties), None


def _pieces(text: str, sent: Sentence, voiced: bool) -> list[tuple[int, int]]:
    """Split each clause where reported speech joins a rated judgment to another ("... and that ...")."""
    out: list[tuple[int, int]] = []
    spans = clauses(text, sent) if not voiced else [(sent.start, sent.end)]
    for start, end in spans:
        for m in _SUBCLAUSE.finditer(text, start, end):
            if m.start() <= start or (sent.quoted(m.start()) and not voiced):
                continue
            # Only a judgment with its own likelihood stands apart from what follows it.
            if likelihood_of(text[start : m.start()]) or _quoted_term(text, sent, start, m.start()):
                out.append((start, m.start()))
                start = m.end()
        out.append((start, end))
    return [(a, b) for a, b in out if b > a]


def find_outlook(
    text: str,
    sentences: list[Sentence],
    voiced: frozenset[int] = frozenset(),
    parties: list[Mention] | None = None,
) -> list[OutlookFinding]:
    """Return the forward-looking clauses of the article, one finding per clause.

    ``voiced``: indices of the sentences that quote an independent commentator; ``parties``: the
    party mentions of the article (a reported "would" about a party is its intention, not a forecast).
    """
    out: list[OutlookFinding] = []
    for sent in sentences:
        voice = sent.index in voiced
        for start, end in _pieces(text, sent, voice):
            forward, term = _forward(text, sent, start, end, voice, parties or [])
            if not forward:
                continue
            statement = _statement(text[start:end])
            if statement:
                out.append(OutlookFinding(statement, term, sent))
    return out
