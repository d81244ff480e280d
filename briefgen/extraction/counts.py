"""Find the numbers of participants, invitees, absentees and delegations an article reports."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..model import QUALIFIER_WORDS, Qualifier
from .text import Sentence

__all__ = ["CountFinding", "find_counts", "to_number"]

_UNIT = (
    r"zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    r"seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand"
)
# At most eight words ("one hundred and twenty-five thousand"): an unbounded run would be read again
# from each of its words.
_WORDS = rf"(?:{_UNIT})(?:(?:\s+|-)(?:and\s+)?(?:{_UNIT})){{0,7}}"
_NUMBER = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+|(?:a|an|{_WORDS})\s+dozen|{_WORDS})"
_QUAL = (
    r"(?P<qual>more\s+than|over|upwards\s+of|about|around|roughly|some|approximately|nearly|almost|close\s+to|"
    r"at\s+least|as\s+many\s+as|up\s+to|fewer\s+than|less\s+than|under|only|just)\s+"
)
_HEADS = (
    r"countries|nations|states|member\s+states|members|delegations|delegates|economies|organi[sz]ations|"
    r"governments|leaders|heads\s+of\s+state|ministers|parties|participants|observers|representatives|"
    r"signatories|envoys|foreign\s+ministers|negotiators|officials|guests|invitees|attendees|mediators|allies|"
    r"Participants|Members|Parties|Observers|Member\s+States"
)
# The counted noun is written in lower case, after at most one capitalised qualifier ("six G7 leaders"):
# so "1982 United Nations Convention" is a year, not a count of nations.
_NOUN = rf"(?P<noun>(?:[A-Z][\w.+-]*\s+){{0,3}}?(?:(?:[a-z]+-)?[a-z]+\s+){{0,2}}?(?:{_HEADS}))\b"
_YEAR = re.compile(r"1[89]\d\d|20\d\d")
_BLOCKED_ADJ = re.compile(r"\b(?:million|billion|trillion|percent|per|year|years|month|months|day|days)\b")
_PLAIN = re.compile(rf"(?<![\w$€£.,-])(?i:{_QUAL})?(?P<num>(?i:{_NUMBER}))\s+{_NOUN}")
_MEMBER = re.compile(
    rf"(?<![\w$€£.,-])(?i:{_QUAL})?(?P<num>(?i:{_NUMBER}))-(?:member|nation|country|state)\s+"
    r"(?P<noun>(?:[A-Z][\w.]*\s+){0,3}?[A-Za-z]+(?:\s+of\s+[A-Za-z]+)?)"
)
_PARTITIVE = re.compile(
    rf"(?<![\w$€£.,-])(?i:{_QUAL})?(?P<num>(?i:{_NUMBER}))\s+of\s+(?:the\s+|its\s+|their\s+)?(?:[\w’']+['’]s\s+)?"
    rf"(?P<whole>(?i:{_NUMBER}))\s+{_NOUN}"
)
# "bringing to 10 the number of member states", "the number of people in the room rose to about 40".
_PEOPLE = rf"(?:{_HEADS}|people|heads\s+of\s+\w+(?:\s+\w+)?)"
_TOTAL = re.compile(
    rf"\bnumber\s+of\s+(?P<noun>(?:[\w-]+\s+){{0,2}}?{_PEOPLE}(?:\s+(?:in|at|on)\s+(?:the\s+)?[a-z]+)?)\s+"
    rf"(?:to|at|was|is|stood\s+at|reached|rose\s+to|grew\s+to)\s+(?i:{_QUAL})?(?P<num>{_NUMBER})\b"
)
_TOTAL_FRONT = re.compile(
    rf"\bto\s+(?i:{_QUAL})?(?P<num>{_NUMBER})\s+the\s+(?:total\s+)?number\s+of\s+"
    rf"(?P<noun>(?:[\w-]+\s+){{0,2}}?{_PEOPLE})\b"
)
# "All 32 allies were represented, although two of them, Portugal and Slovakia, sent deputies": a part of a
# count given just before.
_OF_THEM = re.compile(rf"(?<![\w$€£.,-])(?P<num>(?i:{_NUMBER}))\s+of\s+(?:them|those)\b")
# "the four Mercosur countries": a bloc's membership counted, though written with "the".
_BLOC_QUALIFIER = re.compile(r"^(?P<q>[A-Z][\w.+-]*)\s")
# A count whose people are the source of the report is not a count of participants:
# "two diplomats said", "three officials told Reuters".
_SOURCES = re.compile(r"\s*(?:[\w-]+\s+){0,4}?(?:said|say|says|told|added|spoke|speaking)\b")
_NAMED_GROUP = re.compile(r"\b(?:Group|G)\s+of\s+$|\bG-?$")
_ACCORDING = re.compile(r"\baccording\s+to\s+$|\b(?:citing|quoting)\s+$")
# "brought together the chief envoys of the four governments": the participants of the meeting, counted.
_GATHERED = re.compile(
    r"\b(?:brought|bringing|brings)\s+together\s+(?:[\w-]+\s+){0,5}?(?:of|from)\s+$|\bbrought\s+together\s+$"
)
# "the two delegations, which sat apart" refers back to parties already named; "the eight countries
# that have cut output" defines a set and is a count.
_ANAPHORIC = re.compile(r"(?:\b[Tt]he|\bboth|\bthese|\bthose)\s+$")
_DEFINING = re.compile(r"\s+(?:that|who|whose|from|of|invited|attending|taking|present|represented)\b")
_ELLIPTIC = re.compile(
    rf"(?:(?<=\bonly\s)|(?<=\bjust\s)|(?<=\bremaining\s))(?P<num>{_NUMBER})\b(?=,|\s+(?:sent|took\s+part|attended|"
    r"were\s+represented|came|joined|stayed\s+away|boycotted))",
    re.I,
)
# "the six countries that abstained", "three countries voted against": a vote tally, not a count of participants.
_VOTED = re.compile(
    r"\s+(?:(?:that|which|who)\s+)?(?:abstained|voted|backed\s+the\s+(?:resolution|text|motion|draft)|"
    r"opposed\s+the\s+(?:resolution|text|motion|draft))\b"
)
# A vote's tally: "adopted by 128 to nine with 35 abstentions", "10 to zero in favour", "seven in favour,
# three against and five abstentions", "35 countries abstained and 21 were absent".


def _n(name: str) -> str:
    return rf"(?P<{name}>{_NUMBER})"


_TALLY_TO = re.compile(
    rf"\bby\s+(?:a\s+vote\s+of\s+)?{_n('yes')}\s+(?:votes\s+)?to\s+(?P<no>{_NUMBER}|none|nil)\b|"
    rf"(?<![\w-]){_n('yes2')}\s+(?:votes\s+)?to\s+{_n('no2')}\s+in\s+favou?r\b",
    re.IGNORECASE,
)
_TALLY_PARTS = (
    (re.compile(rf"(?<![\w-]){_n('n')}\s+(?:votes\s+)?in\s+favou?r\b", re.I), "voting in favour"),
    (re.compile(rf"(?<![\w-]){_n('n')}\s+(?:votes\s+)?against\b", re.I), "voting against"),
    (
        re.compile(
            rf"(?<![\w-]){_n('n')}\s+(?:abstentions\b|(?:[a-z]+\s+){{0,2}}?(?:abstained|abstaining)\b)|"
            rf"\babstentions?\s+of\s+{_n('m')}\s+(?:countries|members|states|nations)\b",
            re.I,
        ),
        "abstaining",
    ),
    (
        re.compile(rf"(?<![\w-]){_n('n')}\s+(?:[a-z]+\s+){{0,2}}?(?:were|was)\s+absent\b", re.I),
        "absent from the vote",
    ),
    (
        re.compile(rf"(?<![\w-]){_n('n')}\s+(?:[a-z]+\s+){{0,2}}?voted\s+(?:against|in\s+favou?r|for)\b", re.I),
        "voting",
    ),
)
_VOTE_WORDS = re.compile(r"\b(?:vot\w*|resolution|abstain\w*|abstention\w*|ballot|motion|adopted)\b", re.I)
# "the two invited leaders": a set defined by its participle, though written with "the".
_DEFINED_SET = re.compile(r"\b(?:invited|visiting|attending|participating|absent|guest)\b")
# "the KVLM was represented by nine people".
_REPRESENTED = re.compile(
    rf"\brepresented\s+by\s+(?i:{_QUAL})?(?P<num>{_NUMBER})\s+(?:people|delegates|officials|negotiators|members|"
    r"envoys|representatives)\b"
)
_ABSENT_HINT = re.compile(
    r"\b(?:not\s+attend\w*|did\s+not|stayed\s+away|walked\s+out|left\s+the\s+room|absent|boycott\w*)\b"
)


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
    return QUALIFIER_WORDS.get(" ".join(qual.lower().split()), Qualifier.exact) if qual else Qualifier.exact


def _add(
    out: list[CountFinding],
    seen: list[tuple[int, int]],
    sent: Sentence,
    value: int | None,
    qual: Qualifier,
    label: str,
    span: tuple[int, int],
    least: int = 2,
) -> None:
    if value is None or value < least or any(a < span[1] and span[0] < b for a, b in seen):
        return
    seen.append(span)
    out.append(CountFinding(value, qual, " ".join(label.split()), sent))


def _of_bloc(noun: str) -> bool:
    """Return whether a counted noun is qualified by a bloc or organisation ("Mercosur countries")."""
    from ..model import AttendeeKind
    from .gazetteer import gazetteer

    q = _BLOC_QUALIFIER.match(noun)
    entry = gazetteer().forms.get(q.group("q")) if q else None
    return entry is not None and entry.kind in {AttendeeKind.bloc, AttendeeKind.organisation}


def find_counts(text: str, sentences: list[Sentence]) -> list[CountFinding]:
    """Return every count of parties, delegations or members in ``sentences``."""
    out: list[CountFinding] = []
    for sent in sentences:
        seen: list[tuple[int, int]] = []
        absent = bool(_ABSENT_HINT.search(sent.text))

        add = functools.partial(_add, out, seen, sent)
        for m in _PARTITIVE.finditer(text, sent.start, sent.end):
            noun = m.group("noun")
            if _BLOCKED_ADJ.search(noun) or _VOTED.match(text, m.end()):
                continue
            tail = text[m.end() : m.end() + 12].strip()
            invited = " invited" if tail.startswith("invited") else ""
            part = f"{noun}{invited} {'absent' if absent else 'counted'}"
            whole_span = (m.start("whole"), m.end())
            add(to_number(m.group("num")), _qualifier(m), part, (m.start("num"), m.end("num")))
            add(to_number(m.group("whole")), Qualifier.exact, f"{noun}{invited}", whole_span)
        for m in _MEMBER.finditer(text, sent.start, sent.end):
            add(to_number(m.group("num")), _qualifier(m), f"members of the {m.group('noun')}", (m.start(), m.end()))
        for m in _REPRESENTED.finditer(text, sent.start, sent.end):
            add(to_number(m.group("num")), _qualifier(m), "members of the delegation", (m.start("num"), m.end()))
        for m in _TOTAL.finditer(text, sent.start, sent.end):
            add(to_number(m.group("num")), _qualifier(m), m.group("noun"), (m.start("num"), m.end("num")))
        for m in _TOTAL_FRONT.finditer(text, sent.start, sent.end):
            add(to_number(m.group("num")), _qualifier(m), m.group("noun"), (m.start("num"), m.end("num")))
        for m in _PLAIN.finditer(text, sent.start, sent.end):
            noun = m.group("noun")
            if _BLOCKED_ADJ.search(noun) or _SOURCES.match(text, m.end(), sent.end) or _VOTED.match(text, m.end()):
                continue
            if _NAMED_GROUP.search(text, max(sent.start, m.start() - 12), m.start()):
                continue  # "Group of 20 finance ministers": the number belongs to the bloc's name
            if _ACCORDING.search(text, max(sent.start, m.start() - 16), m.start()):
                continue  # "according to two officials familiar with the talks": the sources of the report
            if _YEAR.fullmatch(m.group("num")) and noun[:1].isupper():
                continue
            anaphoric = _ANAPHORIC.search(text, max(sent.start, m.start() - 8), m.start()) and not m.group("qual")
            defined = _DEFINING.match(text, m.end(), sent.end) or _DEFINED_SET.search(noun) or _of_bloc(noun)
            if anaphoric and not defined and not _GATHERED.search(text, max(sent.start, m.start() - 60), m.start() - 4):
                continue
            label = f"{noun} {'absent' if absent else ''}".strip()
            add(to_number(m.group("num")), _qualifier(m), label, (m.start("num"), m.end()))
        if _VOTE_WORDS.search(sent.text):
            for m in _TALLY_TO.finditer(text, sent.start, sent.end):
                yes, no = ("yes", "no") if m.group("yes") else ("yes2", "no2")
                add(to_number(m.group(yes)), Qualifier.exact, "voting in favour", (m.start(yes), m.end(yes)))
                against = 0 if m.group(no).lower() in {"none", "nil"} else to_number(m.group(no))
                add(against, Qualifier.exact, "voting against", (m.start(no), m.end(no)), 0)
            for pattern, label in _TALLY_PARTS:
                for m in pattern.finditer(text, sent.start, sent.end):
                    key = "n" if m.group("n") else "m"
                    add(to_number(m.group(key)), Qualifier.exact, label, (m.start(key), m.end(key)), 0)
        if out and out[-1].sentence == sent:
            for m in _OF_THEM.finditer(text, sent.start, sent.end):
                add(to_number(m.group("num")), Qualifier.exact, f"{out[-1].label} (part)", (m.start(), m.end()))
        for m in _ELLIPTIC.finditer(text, sent.start, sent.end):
            remaining = text[max(0, m.start() - 10) : m.start()].strip().lower().endswith("remaining")
            verb = " ".join(text[m.end() : m.end() + 30].split()[:2]) if not remaining else ""
            label = "remaining participants" if remaining else f"participants that {verb}"
            add(to_number(m.group("num")), Qualifier.exact, label, (m.start(), m.end()))
    return out
