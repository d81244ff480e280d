"""Find the numbers of participants, invitees, absentees and delegations an article reports."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..model import Qualifier
from .text import Sentence

__all__ = ["CountFinding", "find_counts", "to_number"]

_UNIT = (
    r"zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    r"seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand"
)
_WORDS = rf"(?:{_UNIT})(?:(?:\s+|-)(?:and\s+)?(?:{_UNIT}))*"
_NUMBER = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+|(?:a|an|{_WORDS})\s+dozen|{_WORDS})"
_QUAL = (
    r"(?P<qual>more\s+than|over|upwards\s+of|about|around|roughly|some|approximately|nearly|almost|close\s+to|"
    r"at\s+least|as\s+many\s+as|up\s+to|fewer\s+than|less\s+than|under|only|just)\s+"
)
_NOUN = (
    r"(?P<noun>(?:(?:[a-z]+-)?[a-z]+\s+){0,2}?(?:countries|nations|states|member\s+states|members|delegations|"
    r"delegates|economies|organi[sz]ations|governments|leaders|heads\s+of\s+state|ministers|parties|participants|"
    r"observers|representatives|signatories|envoys|foreign\s+ministers))\b"
)
_BLOCKED_ADJ = re.compile(r"\b(?:million|billion|trillion|percent|per|year|years|month|months|day|days)\b")
_PLAIN = re.compile(rf"(?<![\w$€£.,-])(?:{_QUAL})?(?P<num>{_NUMBER})\s+{_NOUN}", re.I)
_MEMBER = re.compile(
    rf"(?<![\w$€£.,-])(?:{_QUAL})?(?P<num>{_NUMBER})-member\s+(?P<noun>[a-z]+(?:\s+of\s+[A-Za-z]+)?)", re.I
)
_PARTITIVE = re.compile(
    rf"(?<![\w$€£.,-])(?:{_QUAL})?(?P<num>{_NUMBER})\s+of\s+(?:the\s+|its\s+|their\s+)?(?:[\w’']+['’]s\s+)?"
    rf"(?P<whole>{_NUMBER})\s+{_NOUN}",
    re.I,
)
_ELLIPTIC = re.compile(
    rf"(?:(?<=\bonly\s)|(?<=\bjust\s)|(?<=\bremaining\s))(?P<num>{_NUMBER})\b(?=,|\s+(?:sent|took\s+part|attended|"
    r"were\s+represented|came|joined|stayed\s+away|boycotted))",
    re.I,
)
_ABSENT_HINT = re.compile(
    r"\b(?:not\s+attend\w*|did\s+not|stayed\s+away|walked\s+out|left\s+the\s+room|absent|boycott\w*)\b"
)
_QUALIFIERS = {
    "more than": Qualifier.more_than,
    "over": Qualifier.more_than,
    "upwards of": Qualifier.more_than,
    "about": Qualifier.about,
    "around": Qualifier.about,
    "roughly": Qualifier.about,
    "some": Qualifier.about,
    "approximately": Qualifier.about,
    "nearly": Qualifier.about,
    "almost": Qualifier.about,
    "close to": Qualifier.about,
    "at least": Qualifier.at_least,
    "as many as": Qualifier.as_many_as,
    "up to": Qualifier.as_many_as,
    "fewer than": Qualifier.fewer_than,
    "less than": Qualifier.fewer_than,
    "under": Qualifier.fewer_than,
}


@dataclass(frozen=True)
class CountFinding:
    """A reported count with its qualifier, a label saying what is counted, and its sentence."""

    value: int
    qualifier: Qualifier
    label: str
    sentence: Sentence


def to_number(span: str) -> int | None:
    """Return the value of a number written in digits or English words ("two dozen", "eighty")."""
    span = " ".join(span.lower().split())
    if re.fullmatch(r"[\d,]+", span):
        return int(span.replace(",", ""))
    dozen = re.fullmatch(r"(.+?)\s+dozen", span)
    if dozen:
        base = 1 if dozen.group(1) in {"a", "an"} else to_number(dozen.group(1))
        return base * 12 if base is not None else None
    try:
        from text_to_num import text2num

        return int(text2num(span, "en"))
    except (ValueError, ImportError):
        return None


def _qualifier(match: re.Match[str]) -> Qualifier:
    qual = match.group("qual")
    return _QUALIFIERS.get(" ".join(qual.lower().split()), Qualifier.exact) if qual else Qualifier.exact


def _add(
    out: list[CountFinding],
    seen: list[tuple[int, int]],
    sent: Sentence,
    value: int | None,
    qual: Qualifier,
    label: str,
    span: tuple[int, int],
) -> None:
    if value is None or value <= 1 or any(a < span[1] and span[0] < b for a, b in seen):
        return
    seen.append(span)
    out.append(CountFinding(value, qual, " ".join(label.split()), sent))


def find_counts(text: str, sentences: list[Sentence]) -> list[CountFinding]:
    """Return every count of parties, delegations or members in ``sentences``."""
    out: list[CountFinding] = []
    for sent in sentences:
        seen: list[tuple[int, int]] = []
        absent = bool(_ABSENT_HINT.search(sent.text))

        add = functools.partial(_add, out, seen, sent)
        for m in _PARTITIVE.finditer(text, sent.start, sent.end):
            noun = m.group("noun")
            if _BLOCKED_ADJ.search(noun):
                continue
            tail = text[m.end() : m.end() + 12].strip()
            invited = " invited" if tail.startswith("invited") else ""
            part = f"{noun}{invited} {'absent' if absent else 'counted'}"
            whole_span = (m.start("whole"), m.end())
            add(to_number(m.group("num")), _qualifier(m), part, (m.start("num"), m.end("num")))
            add(to_number(m.group("whole")), Qualifier.exact, f"{noun}{invited}", whole_span)
        for m in _MEMBER.finditer(text, sent.start, sent.end):
            add(to_number(m.group("num")), _qualifier(m), f"members of the {m.group('noun')}", (m.start(), m.end()))
        for m in _PLAIN.finditer(text, sent.start, sent.end):
            noun = m.group("noun")
            if _BLOCKED_ADJ.search(noun):
                continue
            label = f"{noun} {'absent' if absent else ''}".strip()
            add(to_number(m.group("num")), _qualifier(m), label, (m.start("num"), m.end()))
        for m in _ELLIPTIC.finditer(text, sent.start, sent.end):
            remaining = text[max(0, m.start() - 10) : m.start()].strip().lower().endswith("remaining")
            verb = " ".join(text[m.end() : m.end() + 30].split()[:2]) if not remaining else ""
            label = "remaining participants" if remaining else f"participants that {verb}"
            add(to_number(m.group("num")), Qualifier.exact, label, (m.start(), m.end()))
    return out
