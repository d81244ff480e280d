"""Find every reference to a party in an article: names, metonyms, demonyms, nominals."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from typing import Any

from ..model import AttendeeKind
from .gazetteer import Entry, gazetteer
from .lexicon import Lexicon
from .text import Paragraph

__all__ = ["PREPOSITIONS", "Mention", "find_mentions"]

PREPOSITIONS = frozenset(
    {
        "in",
        "at",
        "to",
        "into",
        "from",
        "for",
        "of",
        "on",
        "by",
        "with",
        "against",
        "over",
        "near",
        "under",
        "across",
        "toward",
        "towards",
        "about",
        "after",
        "before",
        "during",
        "without",
        "within",
        "between",
        "among",
        "amid",
        "outside",
        "inside",
        "through",
        "via",
        "than",
        "like",
        "upon",
        "onto",
    }
)
_DETERMINERS = frozenset({"the", "its", "their", "both", "a", "an", "his", "her", "our", "this", "that"})
_BASED = re.compile(r"-(?:based|born|headquartered)\b")
_KNOWN_AS = re.compile(
    r"(?:,|\s+[—–-])?\s+(?:(?:known|referred to|collectively known)\s+as\s+(?:the\s+)?|(?:the\s+)?so-called\s+)$"
)
_NOMINAL = re.compile(
    r"\b(?P<det>[Tt]he|[Ii]ts|[Tt]heir)\s+(?:(?P<poss>country|nation)['’]s\s+)?"
    r"(?P<mod>(?:[A-Za-z]+\s+){0,2}?)(?P<head>bloc|group|alliance|coalition|agency|ministry|army|military|"
    r"movement|organi[sz]ation|host|hosts|government|union|island states|rebels|junta|[Ff]ront|militia|council|board|"
    r"federation|network|bank|[Ff]und)\b"
)
# "the rebel delegation", "rebel negotiators": the one armed group of the article.
_REBEL = re.compile(r"\b[Tt]he\s+(?P<head>rebel)\s+(?:delegation|movement|group|side|forces|fighters|negotiators)\b")
# "the three European countries" after "Britain, France and Germany, known as the E3".
_NUMBERED = re.compile(
    r"\b[Tt]he\s+(?P<num>two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(?:[A-Z][a-z]+\s+)?"
    r"(?:countries|nations|powers|governments|states|members)\b(?!\s+(?:that|who|which))"
)
# "member states demanded", "its member countries": the bloc whose members speak together, the one named last.
_MEMBER_STATES = re.compile(
    r"(?<![\w-])(?:(?:[Tt]he|[Ii]ts|[Tt]heir|[Aa]ll)\s+)?(?:[Mm]ember|[Ff]ellow\s+member)\s+(?:states|countries|"
    r"governments|nations)\b(?!\s+(?:of|from|in|that|who|which)\b)"
)
_SMALL = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_BARE_ARMY = re.compile(
    r"\b(?P<head>[Aa]rmy|[Mm]ilitary|[Gg]overnment)(?=\s+(?:spokes|chief|commander|leader|officer|negotiator|"
    r"delegation|minister|troops|forces))"
)
# "the leaders", "the ministers": the bloc whose leaders or ministers the article introduced them as.
_MEMBERS = re.compile(
    r"\b[Tt]he\s+(?:(?:foreign|trade|finance|energy|defen[cs]e)\s+)?(?P<who>leaders|ministers)\b(?!['’])"
)
_MEMBERS_OF = r"(?:leaders|ministers)\s+(?:of|from)\s+(?:the\s+)?$"
_ARMY_NAME = re.compile(r"\b(?:Army|Armed Forces|Military|Defen[cs]e Forces)\b")
_INSTITUTION = re.compile(
    r"\s*(?:['’]s\s+)?(?:(?:foreign|defen[cs]e|trade|finance|interior|economy|affairs|state|federal|"
    r"national|central|new|interim|transitional|oil|energy|health|justice|military|civilian)\s+){0,3}"
    r"(?P<head>ministry|government|delegation|army|military|junta|rulers)\b"
)
_FORUM_KINDS = frozenset({AttendeeKind.bloc, AttendeeKind.organisation})
_HEAD_KIND: dict[str, tuple[AttendeeKind, ...]] = {
    "bloc": (AttendeeKind.bloc,),
    "group": (AttendeeKind.bloc, AttendeeKind.organisation, AttendeeKind.armed_group),
    "alliance": (AttendeeKind.bloc,),
    "coalition": (AttendeeKind.bloc,),
    "union": (AttendeeKind.bloc,),
    "agency": (AttendeeKind.organisation,),
    "organisation": (AttendeeKind.organisation,),
    "organization": (AttendeeKind.organisation,),
    "movement": (AttendeeKind.armed_group,),
    "rebels": (AttendeeKind.armed_group,),
    "council": (AttendeeKind.organisation, AttendeeKind.bloc),
    "board": (AttendeeKind.organisation,),
    "bank": (AttendeeKind.organisation,),
    "fund": (AttendeeKind.organisation,),
    "rebel": (AttendeeKind.armed_group,),
    "front": (AttendeeKind.armed_group,),
    "militia": (AttendeeKind.armed_group,),
    "island states": (AttendeeKind.bloc,),
}


@dataclass(frozen=True)
class Mention:
    """A stretch of the article that refers to a party (or to a person speaking for one)."""

    start: int
    end: int
    text: str
    actor: str
    kind: AttendeeKind
    form: str
    person: str | None = None
    title: str | None = None

    @property
    def is_person(self) -> bool:
        """Return whether this mention refers to a person or an unnamed official."""
        return self.form in {"person", "official", "pronoun"}


@functools.cache
def _matcher() -> Any:
    from spacy.matcher import PhraseMatcher

    from .text import nlp

    pipeline = nlp()
    matcher = PhraseMatcher(pipeline.vocab, attr="ORTH")
    forms = gazetteer().forms
    for surface in sorted(forms):
        matcher.add(surface, [pipeline.make_doc(surface)])
    return matcher


def _base_mentions(paragraphs: list[Paragraph], lexicon: Lexicon, text: str) -> list[Mention]:
    forms = gazetteer().forms
    matcher = _matcher()
    found: list[Mention] = []
    for para in paragraphs:
        doc = para.doc
        for match_id, a, b in matcher(doc):
            surface = doc.vocab.strings[match_id]
            span = doc[a:b]
            entry: Entry = forms[surface]
            start = para.start + span.start_char
            found.append(Mention(start, start + len(span.text), span.text, entry.actor, entry.kind, entry.form))
    for surface in sorted(lexicon.forms, key=len, reverse=True):
        name = lexicon.forms[surface]
        for m in re.finditer(rf"(?<![\w-]){re.escape(surface)}(?![\w-])", text):
            found.append(Mention(m.start(), m.end(), surface, name, lexicon.kinds[name], "name"))
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    chosen: list[Mention] = []
    for mention in found:
        if chosen and mention.start < chosen[-1].end:
            continue
        chosen.append(mention)
    return [m for m in chosen if m.form != "blocker"]


def _is_locative(text: str, mention: Mention) -> bool:
    """Return whether a capital is named as a place ("in Vienna"), not as a government."""
    before = text[max(0, mention.start - 30) : mention.start].split()
    while before and before[-1].lower() in _DETERMINERS:
        before.pop()
    return bool(before) and before[-1].lower().strip(",") in PREPOSITIONS


def _merge_known_as(mentions: list[Mention], text: str, lexicon: Lexicon) -> list[Mention]:
    """Fold "Britain, France and Germany, known as the E3" into one mention of the group."""
    out = list(mentions)
    i = 0
    while i < len(out):
        group = out[i]
        gap = text[out[i - 1].end : group.start] if i else ""
        if i and _KNOWN_AS.search(gap):
            j = i - 1
            while j > 0 and re.fullmatch(r",\s*|\s+and\s+|,\s+and\s+", text[out[j - 1].end : out[j].start]):
                j -= 1
            members = [m.actor for m in out[j:i]]
            lexicon.groups[group.actor] = members
            merged = replace(
                group, start=out[j].start, end=group.end, text=text[out[j].start : group.end], form="group"
            )
            out[j : i + 1] = [merged]
            i = j
        i += 1
    return out


def _merge_parent(mentions: list[Mention], text: str) -> list[Mention]:
    """Fold "U.N. Office for X" into one mention of the office: the parent body only qualifies it."""
    out: list[Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if (
            prev is not None
            and text[prev.end : m.start] == " "
            and prev.kind in {AttendeeKind.organisation, AttendeeKind.bloc}
            and m.kind == AttendeeKind.organisation
            and prev.form == "name"
            and m.form == "name"
            and prev.actor != m.actor
        ):
            out[-1] = replace(m, start=prev.start, text=text[prev.start : m.end])
            continue
        out.append(m)
    return out


def _merge_acronym(mentions: list[Mention], text: str) -> list[Mention]:
    """Fold "Shanghai Cooperation Organisation (SCO)" into one mention: the acronym only restates the name."""
    out: list[Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.actor == m.actor
            and text[prev.end : m.start] == " ("
            and text[m.end : m.end + 1] == ")"
        ):
            out[-1] = replace(prev, end=m.end + 1, text=text[prev.start : m.end + 1])
            continue
        out.append(m)
    return out


# "the Forum's secretariat": the body's permanent staff, a party of its own ("the OPEC Secretariat", a
# name, speaks for the body itself).
_SECRETARIAT = re.compile(r"['’]s[ \t]+secretariat\b")


def _merge_secretariat(mentions: list[Mention], text: str, lexicon: Lexicon) -> list[Mention]:
    out: list[Mention] = []
    for m in mentions:
        tail = _SECRETARIAT.match(text, m.end)
        if tail and m.kind in {AttendeeKind.organisation, AttendeeKind.bloc} and m.form in {"name", "nominal"}:
            name = f"{m.actor} Secretariat"
            lexicon.kinds.setdefault(name, AttendeeKind.organisation)
            m = replace(m, end=tail.end(), text=text[m.start : tail.end()], actor=name, kind=AttendeeKind.organisation)
        out.append(m)
    return out


# A meeting of the EU's own leaders, where the Commission sits beside the member states as a party of its own;
# elsewhere (trade rounds, talks with outsiders) the Commission speaks and negotiates for the EU.
_EU_INTERNAL = re.compile(
    r"\b(?:EU|European\s+Union)\s+(?:leaders|summit|heads\s+of\s+(?:state|government))\b|\bEuropean\s+Council\b|"
    r"\bleaders\s+of\s+the\s+(?:EU|European\s+Union)\b"
)


def find_mentions(paragraphs: list[Paragraph], text: str, lexicon: Lexicon) -> list[Mention]:
    """Return the party mentions of an article (persons are added by ``persons``), in order."""
    mentions = _base_mentions(paragraphs, lexicon, text)
    if not _EU_INTERNAL.search(text):
        mentions = [
            replace(m, actor="European Union", kind=AttendeeKind.bloc) if m.actor == "European Commission" else m
            for m in mentions
        ]
    mentions = [m for m in mentions if not (m.form == "capital" and _is_locative(text, m))]
    # "a Cairo-based analyst", "Geneva-based agencies": a place, not a party.
    mentions = [m for m in mentions if not _BASED.match(text, m.end)]
    mentions = _merge_known_as(mentions, text, lexicon)
    mentions = _own_names(mentions)
    return _merge_secretariat(_merge_acronym(_merge_parent(mentions, text), text), text, lexicon)


def _own_names(mentions: list[Mention]) -> list[Mention]:
    """Name a state as the article does: "Côte d’Ivoire", written only so, is not renamed "Ivory Coast"."""
    used: dict[str, list[str]] = {}
    forms = gazetteer().forms
    for m in mentions:
        if m.kind == AttendeeKind.state and m.form == "name" and m.text in forms:
            used.setdefault(m.actor, []).append(m.text)
    renamed: dict[str, str] = {}
    for actor, surfaces in used.items():
        own = [s for s in surfaces if len(s) > 4 and not s.isupper() and "." not in s]
        if actor not in surfaces and own and len(set(own)) == 1:
            renamed[actor] = own[0]
    return [replace(m, actor=renamed[m.actor]) if m.actor in renamed else m for m in mentions]


def institution_heads(mentions: list[Mention], text: str) -> dict[str, str]:
    """Map "ministry", "delegation", "army"... to the party whose institution the text named."""
    heads: dict[str, str] = {}
    for m in mentions:
        if m.is_person or not m.actor:
            continue
        inst = _INSTITUTION.match(text, m.end, min(len(text), m.end + 60))
        if inst:
            heads[inst.group("head")] = m.actor
            if "military" in inst.group() and inst.group("head") in {"government", "rulers"}:
                heads["junta"] = m.actor  # a military government is what "the junta" refers back to
    return heads


def nominal_mentions(
    text: str, mentions: list[Mention], lexicon: Lexicon, hosts: list[str], heads: dict[str, str]
) -> list[Mention]:
    """Resolve "the bloc", "the agency", "the ministry", "the host", "the army" to a party."""
    kinds = dict(gazetteer().kinds)
    kinds.update(lexicon.kinds)
    taken = [(m.start, m.end) for m in mentions]
    out: list[Mention] = []
    matches = [
        (m.start(), m.end(), m.group("head").lower(), m.groupdict().get("mod") or "") for m in _NOMINAL.finditer(text)
    ]
    matches += [(m.start(), m.end(), m.group("head").lower(), "") for m in _BARE_ARMY.finditer(text)]
    matches += [(m.start(), m.end(), "rebels", "") for m in _REBEL.finditer(text)]
    for m in _NUMBERED.finditer(text):
        size = _SMALL.get(m.group("num").lower()) or (int(m.group("num")) if m.group("num").isdigit() else 0)
        sized = [g for g, members in lexicon.groups.items() if len(members) == size]
        if len(sized) == 1 and not any(a < m.end() and m.start() < b for a, b in taken):
            taken.append((m.start(), m.end()))
            out.append(
                Mention(m.start(), m.end(), m.group(), sized[0], kinds.get(sized[0], AttendeeKind.bloc), "nominal")
            )
    for m in _MEMBER_STATES.finditer(text):
        # Only as a subject: after a clause boundary or a determiner; not "from 32 member states", "Council member
        # states".
        before = text[max(0, m.start() - 20) : m.start()].split()
        prev = before[-1].lower() if before else ""
        if prev and not prev.endswith((",", ".", ";", ":")) and (prev in PREPOSITIONS or m.group()[0] not in "TtIiAa"):
            continue
        blocs = [x for x in mentions if x.end <= m.start() and kinds.get(x.actor) in _FORUM_KINDS and x.actor]
        if blocs and not any(a < m.end() and m.start() < b for a, b in taken):
            taken.append((m.start(), m.end()))
            out.append(Mention(m.start(), m.end(), m.group(), blocs[-1].actor, kinds[blocs[-1].actor], "nominal"))
    for m in _MEMBERS.finditer(text):
        actor = _bloc_of_members(text, m.start(), m.group("who"), mentions, kinds)
        if actor and not any(a < m.end() and m.start() < b for a, b in taken):
            taken.append((m.start(), m.end()))
            out.append(Mention(m.start(), m.end(), m.group(), actor, kinds.get(actor, AttendeeKind.bloc), "nominal"))
    for start, end, head, mod in sorted(matches):
        if any(a < end and start < b for a, b in taken):
            continue
        actor = _resolve_nominal(head, mod.split(), start, mentions, kinds, hosts, heads)
        if actor:
            taken.append((start, end))
            out.append(Mention(start, end, text[start:end], actor, kinds.get(actor, AttendeeKind.other), "nominal"))
    return out


def _bloc_of_members(
    text: str, pos: int, who: str, mentions: list[Mention], kinds: dict[str, AttendeeKind]
) -> str | None:
    """Return the bloc introduced earlier as "leaders of X", "ministers from X" or "X leaders"."""
    for m in reversed([m for m in mentions if m.end <= pos and m.actor and not m.is_person]):
        if kinds.get(m.actor) not in {AttendeeKind.bloc, AttendeeKind.organisation}:
            continue
        before = re.search(_MEMBERS_OF.replace("leaders|ministers", who), text[max(0, m.start - 40) : m.start], re.I)
        after = re.match(rf"\s+(?:[a-z]+\s+)?{who}\b", text[m.end : m.end + 30])
        if before or after:
            return m.actor
    return None


def _resolve_nominal(
    head: str,
    mods: list[str],
    pos: int,
    mentions: list[Mention],
    kinds: dict[str, AttendeeKind],
    hosts: list[str],
    heads: dict[str, str],
) -> str | None:
    if head in {"host", "hosts"}:
        return hosts[0] if hosts else None
    if head in {"army", "military"}:
        armies = [m.actor for m in mentions if _ARMY_NAME.search(m.actor)]
        return armies[0] if len(set(armies)) == 1 else heads.get(head)
    if head in {"ministry", "government", "delegation", "junta"}:
        return heads.get(head)
    if head == "movement" and not any("movement" in m.actor.lower() for m in mentions) and "rebel" in mods:
        head = "rebels"
    if head in {"rebels", "front", "militia"}:
        # Only when the article names exactly one armed group other than a state's own army.
        armed = {m.actor for m in mentions if kinds.get(m.actor) == AttendeeKind.armed_group}
        armed = {a for a in armed if not _ARMY_NAME.search(a)} or armed
        if head == "front":
            armed = {a for a in armed if "Front" in a}
        return next(iter(armed)) if len(armed) == 1 else None
    earlier = [m for m in mentions if m.end <= pos and m.actor and not m.is_person]
    wanted = _HEAD_KIND.get(head, ())
    words = [w[:5].lower() for w in mods if len(w) > 3] + ([head.split()[0][:5]] if " " in head else [])
    if words:
        for m in reversed(earlier):
            if any(w in m.actor.lower() or w in m.text.lower() for w in words):
                return m.actor
        for m in mentions:
            if m.actor and any(w in m.actor.lower() for w in words):
                return m.actor
        return None
    for m in reversed(earlier):
        if kinds.get(m.actor) in wanted and (head in m.actor.lower() or head in {"bloc", "group", "union"}):
            return m.actor
    return None
