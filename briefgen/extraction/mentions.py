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
_KNOWN_AS = re.compile(r",?\s+(?:known|referred to|collectively known)\s+as\s+(?:the\s+)?$")
_NOMINAL = re.compile(
    r"\b(?P<det>[Tt]he|[Ii]ts|[Tt]heir)\s+(?:(?P<poss>country|nation)['’]s\s+)?"
    r"(?P<mod>(?:[a-z]+\s+){0,2}?)(?P<head>bloc|group|alliance|coalition|agency|ministry|army|military|"
    r"movement|organi[sz]ation|host|hosts|government|union|island states)\b"
)
_BARE_ARMY = re.compile(r"\b(?P<head>[Aa]rmy|[Mm]ilitary)(?=\s+(?:spokes|chief|commander|leader|officer))")
_ARMY_NAME = re.compile(r"\b(?:Army|Armed Forces|Military|Defen[cs]e Forces)\b")
_INSTITUTION = re.compile(
    r"\s*(?:['’]s\s+)?(?:(?:foreign|defen[cs]e|trade|finance|interior|economy|affairs|state|federal|"
    r"national|central|new|interim|transitional)\s+){0,3}(?P<head>ministry|government|delegation|army|military)\b"
)
_HEAD_KIND: dict[str, tuple[AttendeeKind, ...]] = {
    "bloc": (AttendeeKind.bloc,),
    "group": (AttendeeKind.bloc, AttendeeKind.organisation),
    "alliance": (AttendeeKind.bloc,),
    "coalition": (AttendeeKind.bloc,),
    "union": (AttendeeKind.bloc,),
    "agency": (AttendeeKind.organisation,),
    "organisation": (AttendeeKind.organisation,),
    "organization": (AttendeeKind.organisation,),
    "movement": (AttendeeKind.armed_group,),
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
            merged = replace(group, start=out[j].start, end=group.end, text=text[out[j].start : group.end])
            out[j : i + 1] = [merged]
            i = j
        i += 1
    return out


def find_mentions(paragraphs: list[Paragraph], text: str, lexicon: Lexicon) -> list[Mention]:
    """Return the party mentions of an article (persons are added by ``persons``), in order."""
    mentions = _base_mentions(paragraphs, lexicon, text)
    mentions = [m for m in mentions if not (m.form == "capital" and _is_locative(text, m))]
    mentions = _merge_known_as(mentions, text, lexicon)
    return mentions


def institution_heads(mentions: list[Mention], text: str) -> dict[str, str]:
    """Map "ministry", "delegation", "army"... to the party whose institution the text named."""
    heads: dict[str, str] = {}
    for m in mentions:
        if m.is_person or not m.actor:
            continue
        inst = _INSTITUTION.match(text, m.end, min(len(text), m.end + 60))
        if inst:
            heads[inst.group("head")] = m.actor
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
    for start, end, head, mod in sorted(matches):
        if any(a < end and start < b for a, b in taken):
            continue
        actor = _resolve_nominal(head, mod.split(), start, mentions, kinds, hosts, heads)
        if actor:
            out.append(Mention(start, end, text[start:end], actor, kinds.get(actor, AttendeeKind.other), "nominal"))
    return out


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
    if head in {"ministry", "government", "delegation"}:
        return heads.get(head)
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
