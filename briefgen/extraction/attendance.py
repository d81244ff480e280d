"""Find who attended the event and who stayed away, and why."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..model import AttendeeKind
from .analysis import MONEY, Analysis, adjacent_subjects, clauses, subjects
from .mentions import Mention
from .syntax import attendance_clauses, off_topic
from .text import Sentence

__all__ = ["ASSERT", "Attendee", "find_attendance", "forums"]

ASSERT = 0.5
"""Findings at least this sure are asserted in a draft; the others go to its "To check" list."""

# The opening words of an absence's reason, by the action of the parsed clause that reported it.
_CAUSES = {
    "not invited": "not invited",
    "walked out": "walked out",
    "boycott": "boycotted the talks",
    "stayed away": "stayed away",
    "pulled out": "pulled out",
    "exclude": "excluded",
    "bar": "barred",
    "suspend": "membership suspended",
}

_PRESENT = re.compile(
    r"\b(?:attended|attending|attends|took\s+part|take\s+part|taking\s+part|participated|participating|"
    r"joined|sat\s+through|mediated|co-chaired|chaired\s+the|held\s+(?:a\s+|an\s+)?(?:separate\s+|joint\s+|"
    r"bilateral\s+|video\s+|phone\s+)?(?:call|talks|meeting|session|consultations)|(?:were|was|are|is)\s+(?:among\s+those\s+)?represented|(?:were|was|are|is)\s+headed\s+to|"
    r"headed\s+to|arrived\s+(?:in|at|for)|abstained|voted\s+(?:for|against|in\s+favou?r)|"
    r"met\s+(?:behind|in|at|on|for|face|privately|separately)|(?:stayed|remained)\s+(?:in\s+(?:the|its|their)\s+(?:room|hall|chamber|seats?)|seated)|(?:is|was|are|were)\s+hosting|hosted\s+the|"
    r"sent\s+(?:a\s+|an\s+|its\s+|their\s+)?(?:\d+\s+|(?:two|three|four|five|six|seven|eight|nine|ten|eleven|"
    r"twelve|several)\s+)?(?:[\w-]+-member\s+|high-level\s+|large\s+|small\s+)?"
    r"(?:delegations?|ministers|deputy\s+ministers|representatives?|envoys?|observers?|officials?|senior\s+officials|"
    r"negotiators?|teams?))\b"
)
# "welcomed delegations from Canada, Denmark and Finland", "Negotiators from the EU and the four Mercosur
# countries opened": the parties whose delegations are at the meeting.
_SENT_FROM = re.compile(r"\b(?:[Dd]elegations?|[Dd]elegates|[Nn]egotiators|[Oo]bservers)\s+from\s+")
# "the refusal of neighbouring Ardelan, which controls the crossings, to take part": the party stayed away.
_REFUSAL = re.compile(r"\b(?:refusal|decision\s+not)\s+(?:of|by)\s+(?:the\s+)?(?:[a-z]+\s+)?(?=[A-Z])")
_REFUSED_TO = re.compile(r"(?:,[^,]{0,120},)?\s+to\s+(?:attend|take\s+part|participate|join)\b")
_PLEDGE = re.compile(r"\b(?:pledged|announced|promised|committed|offered)\b")
_HEADS_OF = re.compile(
    r"(?:,|\s+and)\s+(?:the\s+)?(?:heads?|leaders?|representatives?|delegations?|envoys?|ministers?)\s+(?:of|from)\s+"
)
_NO_SENT = re.compile(r"\b(?:no|without|any)\s+$")
# Protesters outside the venue are not at the meeting, whoever joins them.
_OUTSIDE = re.compile(
    r"\b(?:protest(?:ed|ing|ers)?|demonstrat(?:ed|ing|ors)|rall(?:y|ied)|vigil|outside\s+the)\b", re.I
)
# "would not join" is an absence only when what is not joined is the meeting, not "any effort to ...".
_JOINED = r"(?=\s*(?:[,.;]|$|the\s+(?:talks|meeting|summit|session|conference|negotiations|round|call|gathering)|"
_JOINED += r"them|in\b|on\b))"
_ABSENT = re.compile(
    r"\b(?:(?:had\s+|has\s+|have\s+|was\s+|were\s+|is\s+|are\s+)?(?:[Nn]ot|[Nn]ever)\s+(?:been\s+|being\s+)?(?:\w+ly\s+)?invited|"
    r"uninvited|boycott(?:ed|ing|s)?|stay(?:ed|ing|s)?\s+away|walk(?:ed|ing|s)?\s+out|walkout|walk-out|"
    r"(?:left|leaving|leave)\s+(?:their|its|the)\s+(?:seats?|hall|room|chamber|plenary|negotiating\s+table)|"
    r"(?:did\s+not|didn't|does\s+not|do\s+not|will\s+not|would\s+not|won't|chose\s+not\s+to|decided\s+not\s+to)"
    rf"\s+(?:send|attend|take\s+part|participate|join{_JOINED})|sent\s+no|skipp(?:ed|ing)|absence|"
    rf"(?:declined|refused)\s+to\s+(?:attend|take\s+part|participate|send|join{_JOINED})|"
    r"(?:declined|rejected|turned\s+down|refused)\s+(?:the|an|its|their)\s+invitation|"
    r"pulled\s+out|not\s+attending|(?:was|were|been)\s+not\s+(?:admitted|allowed\s+in)|"
    r"(?:was|were|been)\s+(?:refused|denied)\s+(?:entry|admission|access|a\s+seat)|"
    r"(?:was|were|is|are)\s+(?:the\s+only\s+)?(?:[\w-]+\s+){0,2}?(?:party|parties|member|members|country|"
    r"countries|state|states|delegation)?\s*without\s+(?:a\s+|any\s+)?(?:delegation|representation|representatives?|"
    r"seat)|(?:was|were)\s+absent|(?:was|were|is|are)\s+not\s+represented|"
    r"(?:was|were|had\s+been|has\s+been)\s+(?:excluded|barred|shut\s+out)|stay(?:ed|ing|s)?\s+(?:at\s+)?home|"
    r"(?:left|quit)\s+the\s+(?:group|bloc|alliance|organi[sz]ation|talks|meeting|summit|negotiations)|"
    r"seat\s+(?:at\s+the\s+(?:table|summit|meeting|talks)\s+)?(?:was|were|remained|sat|stood|lay|stayed)\s+"
    r"(?:left\s+)?(?:empty|vacant)|"
    r"(?:membership|seat|participation)\s+(?:(?:was|were|is|are|remains|remained|has\s+been|had\s+been)\s+)"
    r"(?:\w+ly\s+)?suspended|(?:was|were|has\s+been|had\s+been|remains|remained)\s+suspended\s+from)\b"
)
# "X did not invite Y", "X has barred Y from": the party left out is the object, not the subject.
_ABSENT_OBJECT = re.compile(
    r"\b(?:(?:did\s+not|didn't|chose\s+not\s+to|decided\s+not\s+to|declined\s+to|refused\s+to)\s+invite|"
    r"(?:has\s+|had\s+|have\s+)?(?:excluded|barred|disinvited)|left\s+out)\b"
)
_AFTER_LIST = re.compile(
    r"\b(?:among\s+them|including|such\s+as|alongside|as\s+well\s+as|along\s+with|together\s+with)\b"
)
# "three guests — A, B and C — whose leaders joined": the list between dashes is the subject.
_DASH_LIST = re.compile(r"[—–]\s*(?P<list>[^—–]{2,160}?)\s*[—–]\s*(?:(?:which|who|whose\s+[a-z]+)\s+)?$")
# "Six G7 leaders attended": some leaders of the bloc attended, not the bloc as such.
_MEMBERS_OF = re.compile(r"\s+(?:leaders|ministers|members|member\s+states|countries|delegates|heads)\b")
_COUNTED = re.compile(
    r"\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|some|all)\s+$", re.I
)
_DELEGATIONS_FROM = re.compile(
    r"\b(?:delegations?|delegates|representatives|envoys|officials|ministers|leaders|observers)\s+(?:from|of)\s+",
    re.I,
)
_BY = re.compile(r"\s+(?:by|of)\s+(?:the\s+|both\s+)?")
_LED_BY = re.compile(r",\s+(?:led|headed)\s+by\s+")
_POSSESSIVE_OBJECT = re.compile(r"\b(?:its|their)\s+absence\b")
# The body whose meeting it is: parties "tell the council", "join the G7", "return to the group".
_TO_FORUM = re.compile(
    r"\b(?:told|tells|addressed|addresses|briefed|joined|rejoin(?:ed)?|quit|left|(?:return|returned)\s+to)\s+(?:the\s+)?$"
)
_FORUM_KINDS = frozenset({AttendeeKind.organisation, AttendeeKind.bloc})
_SMALL_NUMBER = r"(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,3})"
_REASON = re.compile(r"\b(?:because|as|after|since|saying|citing|in\s+protest|over)\b.*$")
# "skipped the summit dinner": staying away from a side event of a meeting one attends.
_SIDE_EVENT = re.compile(
    r"\s+(?:the\s+)?(?:[\w’'-]+\s+){0,2}?(?:dinner|lunch|luncheon|reception|banquet|breakfast|(?:family\s+)?photo)\b"
)
# "Absent were ...", "Not invited at all was ...": an inverted clause whose subject follows the verb.
_INVERTED = re.compile(r"(?:\s+(?:at\s+all|either|this\s+time|from\s+the\s+[a-z]+))?\s*,?\s*(?:was|were)\s+")
_ASIDE = re.compile(r"\s+(?:--|—|–)\s+|;")
_NO_REASON = re.compile(r"\b(?:gave|give|giving|offered)\s+no\s+(?:reason|explanation)\b")


@dataclass(frozen=True)
class Attendee:
    """A party reported as present or absent, with the reason for an absence."""

    actor: str
    present: bool
    reason: str | None
    sentence: Sentence
    partial: bool = False
    rule: str = "pattern"
    confidence: float = 0.7
    walked_out: bool = False
    by_leader: bool = False
    """Whether the finding is about the party's leader in person ("the king stayed away")."""
    delegated: bool = False
    """Whether the party is there through a delegation it sent."""


def _listed(analysis: Analysis, start: int, end: int, sent: Sentence) -> list[Mention]:
    return [m for m in analysis.in_span(start, end, people=False) if not sent.quoted(m.start)]


def _cause(trigger: str) -> str:
    """Return the reason's opening words for the words that reported the absence ("" when they say none)."""
    base = re.sub(r"\s+", " ", trigger.lower())
    if "invited" in base:
        return "not invited"
    if "empty" in base or "vacant" in base:
        return "seat left empty"
    if "suspended" in base:
        return "membership suspended"
    if "walk" in base or "seat" in base or base.startswith(("left", "leav")):
        return "walked out"
    if "boycott" in base:
        return "boycotted the talks"
    if base in {"absence"} or base.startswith(("did not", "didn't", "sent no")):
        return ""
    return base


def _reason(text: str, cause: str, start: int, end: int) -> str | None:
    """Return the reason for an absence: its cause and the "because ..." that follows in the clause."""
    clause = " ".join(text[start:end].split())
    if _NO_REASON.search(clause):
        return None
    # "... pulled out -- a reference to the row over X -- ...": an aside is no reason.
    why = _REASON.search(_ASIDE.split(text[start:end], maxsplit=1)[0])
    reason = cause
    if why:
        detail = " ".join(why.group().split()).rstrip(".")
        reason = f"{cause}: {detail}" if cause else detail
    return reason or None


def find_attendance(analysis: Analysis) -> list[Attendee]:
    """Return the parties the article reports as present or absent, each with its rule and confidence.

    The parse of each sentence is read first; a pattern's finding about a party in a sentence
    whose parse says the opposite is dropped, and one the parse confirms is surer.
    """
    text = analysis.article.text
    parsed: list[Attendee] = []
    for sent, doc in zip(analysis.sentences, analysis.docs, strict=True):
        for c in attendance_clauses(sent, doc, analysis.parties, analysis.speakers):
            if sent.quoted(c.start):
                continue
            reason = None
            if not c.present:
                reason = _reason(text, _CAUSES.get(c.action, ""), c.end, sent.end)
            walked = not c.present and c.action == "walked out"
            sent_one = c.present and c.action in {"sent a delegation", "led the delegation"}
            parsed.append(
                Attendee(c.actor, c.present, reason, sent, False, c.rule, c.confidence, walked, c.by_person, sent_one)
            )
    said: dict[tuple[str, int], bool] = {}
    for a in parsed:
        if a.confidence >= ASSERT:
            # "Talks between A and B broke down when A walked out": the absence is the news.
            key = (a.actor, a.sentence.index)
            said[key] = said.get(key, True) and a.present
    # "The king did not attend but sent his foreign minister": both stand, and the state was there.
    delegation = {(a.actor, a.sentence.index) for a in parsed if a.present and a.delegated}
    leader_away = {(a.actor, a.sentence.index) for a in parsed if not a.present and a.by_leader}
    out = [
        a
        for a in parsed
        if a.confidence < ASSERT
        or said[(a.actor, a.sentence.index)] == a.present
        or (a.actor, a.sentence.index) in delegation & leader_away
    ]
    aside = {s.index for s, doc in zip(analysis.sentences, analysis.docs, strict=True) if off_topic(doc)}
    for a in _patterned(analysis):
        verdict = said.get((a.actor, a.sentence.index))
        if verdict is None and not (a.sentence.index in aside and not a.present):
            out.append(a)
        elif verdict == a.present:
            out.append(replace(a, rule=f"{a.rule} and parse", confidence=0.95))
    # "Britain, France and Germany — the E3 — stayed away": the members are listed, the group is not.
    stated = {(a.actor, a.sentence.index, a.present) for a in out}
    out = [
        a for a in out if not any((m, a.sentence.index, a.present) in stated for m in analysis.groups.get(a.actor, ()))
    ]
    return out


def _patterned(analysis: Analysis) -> list[Attendee]:
    """Return what the patterns of news reporting say about attendance."""
    text = analysis.article.text
    out: list[Attendee] = []
    for sent in analysis.sentences:
        for start, end in clauses(text, sent):
            for hit in _ABSENT.finditer(text, start, end):
                if sent.quoted(hit.start()):
                    continue
                cause = _cause(hit.group())
                reason = _reason(text, cause, hit.end(), end)
                partial = bool(_SIDE_EVENT.match(text, hit.end(), end))
                walked = cause == "walked out"
                for actor in _members(analysis, _absent_parties(analysis, sent, start, end, hit)):
                    out.append(Attendee(actor, False, reason, sent, partial, walked_out=walked))
            for hit in _ABSENT_OBJECT.finditer(text, start, end):
                if sent.quoted(hit.start()):
                    continue
                cause = _cause("not invited" if "invite" in hit.group() else hit.group())
                reason = _reason(text, cause, hit.end(), end)
                for actor in _members(analysis, _coordinated(text, _listed(analysis, hit.end(), end, sent), hit.end())):
                    out.append(Attendee(actor, False, reason, sent))
            for hit in _PRESENT.finditer(text, start, end):
                if sent.quoted(hit.start()) or _ABSENT.search(text, max(start, hit.start() - 25), hit.start()):
                    continue
                if _OUTSIDE.search(text, start, end) or _REFUSAL.search(text, start, hit.start()):
                    continue
                for actor in _members(analysis, _present_parties(analysis, sent, start, end, hit)):
                    out.append(Attendee(actor, True, None, sent))
    for sent in analysis.sentences:
        for hit in _REFUSAL.finditer(text, sent.start, sent.end):
            if sent.quoted(hit.start()):
                continue
            listed = _listed(analysis, hit.end(), sent.end, sent)[:1]
            if listed and _REFUSED_TO.match(text, listed[0].end, sent.end):
                out.append(Attendee(listed[0].actor, False, "refused to take part", sent))
        for hit in _PLEDGE.finditer(text, sent.start, sent.end):
            # Donors announcing money at the meeting take part in it.
            if sent.quoted(hit.start()) or not MONEY.match(text, hit.end(), sent.end) or _OUTSIDE.search(sent.text):
                continue
            for actor in _members(analysis, adjacent_subjects(analysis, sent, hit.start())):
                out.append(Attendee(actor, True, None, sent))
        for hit in _SENT_FROM.finditer(text, sent.start, sent.end):
            if sent.quoted(hit.start()) or _NO_SENT.search(text, max(sent.start, hit.start() - 10), hit.start()):
                continue
            if any(
                _ABSENT.search(text, a, b) or _OUTSIDE.search(text, a, b)
                for a, b in clauses(text, sent)
                if a <= hit.start() < b
            ):
                continue
            listed = _coordinated(text, _listed(analysis, hit.end(), sent.end, sent), hit.end())
            for actor in _members(analysis, listed):
                out.append(Attendee(actor, True, None, sent))
    for host in analysis.hosts:
        first = analysis.sentences[0] if analysis.sentences else None
        if first is not None:
            out.append(Attendee(host, True, None, first, rule="host", confidence=0.6))
    return out


def forums(analysis: Analysis) -> list[str]:
    """Return the bodies the article treats as the forum of the meeting rather than as attendees."""
    text = analysis.article.text
    out: list[str] = []
    for m in analysis.parties:
        if m.kind in _FORUM_KINDS and m.actor not in out and _TO_FORUM.search(text, max(0, m.start - 30), m.start):
            out.append(m.actor)
    return out


def _absent_parties(analysis: Analysis, sent: Sentence, start: int, end: int, hit: re.Match[str]) -> list[Mention]:
    text = analysis.article.text
    word = hit.group().lower()
    if word.startswith(("seat", "membership", "participation")):
        # "Myanmar's seat was left empty": the owner of the seat stayed away.
        return [
            m
            for m in _listed(analysis, start, hit.start(), sent)
            if re.fullmatch(r"\s*['’]s\s+(?:own\s+)?", text[m.end : hit.start()])
        ]
    if word in {"absence", "walkout", "walk-out", "boycott"}:
        if _POSSESSIVE_OBJECT.search(text, max(start, hit.start() - 8), hit.end()):
            return subjects(analysis, start, hit.start() - 4, sent)[:1]
        follow = _BY.match(text, hit.end(), end)
        if follow:
            listed = _listed(analysis, follow.end(), end, sent)
            return _coordinated(text, listed, follow.end())
        before = [
            m for m in _listed(analysis, start, hit.start(), sent) if text[m.end : hit.start()].strip() in {"’s", "'s"}
        ]
        return before
    dashed = _DASH_LIST.search(text, start, hit.start())
    if dashed and _listed(analysis, dashed.start("list"), dashed.end("list"), sent):
        # "the three states that quit the bloc — A, B and C — stayed away".
        return _listed(analysis, dashed.start("list"), dashed.end("list"), sent)
    found = subjects(analysis, start, hit.start(), sent)
    source = _DELEGATIONS_FROM.search(text, start, hit.start())
    if not found and source:
        # "delegates from all 39 members of the alliance rose and left the hall".
        found = _listed(analysis, source.end(), hit.start(), sent)
    inverted = _INVERTED.match(text, hit.end(), end)
    if not found and inverted and re.fullmatch(r"\s*(?:[Aa]lso|[Aa]nd|[Ss]imilarly)?\s*", text[start : hit.start()]):
        # "Not invited at all was the diaspora council": the subject follows the verb.
        return _coordinated(text, _listed(analysis, inverted.end(), end, sent), inverted.end())
    led = _LED_BY.search(text, start, hit.start())
    if found and led and not sent.quoted(led.start()):
        # "More than 40 delegations, led by Ukraine and including the United States, left their seats".
        found = _coordinated(text, _listed(analysis, led.end(), hit.start(), sent), led.end()) + found
    return found


def _members(analysis: Analysis, mentions: list[Mention]) -> list[str]:
    """Return the parties of ``mentions``; "A, B and C, known as G" attends as its named members."""
    out: list[str] = []
    for m in mentions:
        members = analysis.groups.get(m.actor, []) if m.form == "group" else []
        out += [a for a in (members or [m.actor]) if a not in out]
    return out


def _present_parties(analysis: Analysis, sent: Sentence, start: int, end: int, hit: re.Match[str]) -> list[Mention]:
    text = analysis.article.text
    found: list[Mention] = []
    source = _DELEGATIONS_FROM.search(text, start, hit.start())
    dashed = _DASH_LIST.search(text, start, hit.start())
    if source:
        found = _listed(analysis, source.end(), hit.start(), sent)
    elif dashed and _listed(analysis, dashed.start("list"), dashed.end("list"), sent):
        found = _listed(analysis, dashed.start("list"), dashed.end("list"), sent)
    else:
        found = [m for m in subjects(analysis, start, hit.start(), sent) if not m.is_person or m.actor]
    found = [
        m
        for m in found
        if not (_MEMBERS_OF.match(text, m.end) and _COUNTED.search(text, max(start, m.start - 12), m.start))
    ]
    heads = _HEADS_OF.search(text, start, hit.start())
    if heads and found and found[-1].end <= heads.start():
        # "The U.N. secretary-general and the heads of the CIS and ASEAN attended".
        found += _coordinated(text, _listed(analysis, heads.end(), hit.start(), sent), heads.end())
    after = _AFTER_LIST.search(text, hit.end(), end)
    if after:
        found += _listed(analysis, after.end(), end, sent)
    return found


def _coordinated(text: str, listed: list[Mention], start: int) -> list[Mention]:
    out: list[Mention] = []
    pos = start
    for m in listed:
        gap = text[pos : m.start]
        if out and not re.fullmatch(
            rf"\s*(?:,|and|,\s*and|\(|\)|\)\s*,|\)\s*and)?\s*(?:the\s+|both\s+)?(?:{_SMALL_NUMBER}\s+)?", gap
        ):
            break
        if not out and not re.fullmatch(rf"\s*(?:the\s+|both\s+)?(?:{_SMALL_NUMBER}\s+)?", gap):
            break
        out.append(m)
        pos = m.end
    return out
