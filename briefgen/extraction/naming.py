"""Name the event an article reports: its kind, its convener, its place, from the article's own words."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import AttendeeKind, Event
from .mentions import Mention
from .tables import MONTHS, WEEKDAYS

__all__ = ["Dateline", "dateline", "find_event"]

_MON = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_PLACE_WORD = r"[A-ZÀ-Þ][A-Za-zÀ-ÿ'’.-]*"
# "GENEVA (AP) —", "ISTANBUL, Oct 14 (Reuters) -", "Velgrad (AFP) -", "BUSAN, South Korea —",
# "BAGHDAD, May 16, 2026 —", "TROMSØ, Norway, May 12 (Wire) —": the place (and date) the report is filed from.
_DATELINE = re.compile(
    rf"^(?P<place>{_PLACE_WORD}(?:[ /]{_PLACE_WORD}){{0,3}})"
    rf"(?:,\s+(?P<region>[A-Z][a-z]+(?:\s+[A-Z][a-z]+){{0,2}}))?"
    rf"(?:,\s+(?P<month>{_MON})\s+(?P<day>\d{{1,2}})(?:,\s+(?P<year>\d{{4}}))?)?"
    r"\s*(?:\([^()\n]{1,30}\))?\s*[—–-]{1,2}\s"
)
_PARTICLES = frozenset({"de", "del", "la", "le", "les", "du", "des", "al", "el", "of", "the", "sur", "en"})
# What kind of event: its head noun, with the modifiers news writing puts before it.
_MODS = (
    r"peace|ceasefire|truce|climate|trade|nuclear|finance|security|ministerial|emergency|donors['’]?|donor|"
    r"humanitarian|relief|aid|debt|energy|treaty|leaders['’]?|ministers['’]?|annual|extraordinary|special|"
    r"indirect|direct|bilateral|regional|review|online|virtual|plenary|[a-z]+-way|[a-z]+-party|[a-z]+-nation|"
    r"(?:foreign|finance|trade|defen[cs]e|energy|environment|health)\s+ministers['’]?"
)
_REGIONAL = (
    r"(?:(?:South|North|East|West|Southeast|Central)\s*)?"
    r"(?:Arab|African|European|Asian|Pacific|Nordic|Arctic|Gulf|Caribbean|Balkan|Andean|Baltic|Latin\s+American)"
)
# "Arab leaders ended a summit", "Southeast Asian foreign ministers meeting in Manila": who meets, by region.
_REGION_WHO = re.compile(
    rf"\b(?P<who>(?:{_REGIONAL})\s+(?:leaders|heads\s+of\s+(?:state|government)|(?:[a-z]+\s+)?ministers))\b"
)
_KIND = re.compile(
    rf"(?P<mods>(?:(?:{_REGIONAL}|(?i:{_MODS}))\s+){{0,3}})"
    r"(?P<noun>summit|talks|conference|meeting|session|negotiations|consultations|vote|General\s+Assembly|"
    r"assembly|dialogue)\b"
)
_ROUND = re.compile(
    r"\b(?:(?P<ord>first|second|third|fourth|fifth|sixth|new|final|latest|fresh)\s+)?round\s+of\s+"
    rf"(?P<mods>(?:(?:{_MODS})\s+){{0,2}})(?P<noun>talks|negotiations|consultations)\b",
    re.I,
)
_BODY_OF = re.compile(r"^\s+(?:of|by)\s+(?:the\s+)?")
_MEMBERS_AFTER = re.compile(
    r"^\s+(?P<who>leaders|heads\s+of\s+(?:state|government)|(?:(?:foreign|finance|trade|defen[cs]e|energy|"
    r"environment|health)\s+)?ministers)\b"
)
_CONVENED = re.compile(
    r"\b(?:[Ll]eaders|[Mm]inisters|[Hh]eads\s+of\s+(?:state|government))\s+(?:of|from)\s+(?:the\s+)?$|"
    r"\b(?:hosted|convened|organi[sz]ed|chaired)\s+by\s+(?:the\s+)?$"
)
# "talks mediated by the Church", "mediators from the Coral Rim Community": the go-between, named as such.
_MEDIATED = re.compile(r"\b(?:mediated|brokered|facilitated)\s+by\s+(?:the\s+)?$|\bmediators\s+from\s+(?:the\s+)?$")
_AGENT = re.compile(r"-(?:facilitated|brokered|backed|led|hosted|sponsored|mediated|convened)\s+")
_TOPIC = re.compile(r"\s+(?P<prep>on|over|with)\s+(?P<on>[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,2})\b")
_ONLINE = re.compile(r"\b(?:online|virtual|video\s*conference|by\s+video\s+link)\b", re.I)
_IN_PLACE = re.compile(r"\b(?:in|at)\s+(?P<place>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2})")
_NOT_PLACES = (
    frozenset(m.capitalize() for m in MONTHS)
    | set(WEEKDAYS)
    | {
        "The",
        "A",
        "An",
    }
)
_FORUMS = frozenset({AttendeeKind.bloc, AttendeeKind.organisation})


@dataclass(frozen=True)
class Dateline:
    """The place and (partial) date an article is filed from, and where its body starts."""

    place: str | None
    month: int | None
    day: int | None
    year: int | None
    end: int


def _place_name(raw: str) -> str | None:
    if "/" in raw:
        return None  # "DUBAI/LONDON": filed from several places, none of them the meeting's
    if not raw.isupper():
        return raw
    words = []
    for word in raw.split():
        parts = [p.lower() if p.lower() in _PARTICLES and i else p.capitalize() for i, p in enumerate(word.split("-"))]
        words.append("-".join(parts))
    name = " ".join(words)
    return "United Nations headquarters" if name == "United Nations" else name


def dateline(text: str) -> Dateline | None:
    """Return the dateline of the article (in its first three lines), or None."""
    pos = 0
    for line in text.split("\n")[:3]:
        m = _DATELINE.match(line)
        if m:
            abbr = (m.group("month") or "")[:3].lower()
            month = next((i + 1 for i, n in enumerate(MONTHS) if abbr and n.startswith(abbr)), None)
            return Dateline(
                place=_place_name(m.group("place")),
                month=month,
                day=int(m.group("day")) if m.group("day") else None,
                year=int(m.group("year")) if m.group("year") else None,
                end=pos + m.end(),
            )
        pos += len(line) + 1
    return None


def _lead(text: str, start: int) -> list[tuple[int, int]]:
    """Return the spans of the first two substantial paragraphs from ``start``."""
    spans: list[tuple[int, int]] = []
    pos = start
    for line in text[start:].split("\n"):
        if len(line.split()) >= 8:
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
        if len(spans) == 2:
            break
    return spans


def _convener(text: str, kind: re.Match[str], lead: list[tuple[int, int]], forums: list[Mention]) -> str | None:
    """Return the bloc or organisation whose event it is, as the lead writes it."""
    for m in reversed(forums):
        gap = text[m.end : kind.start()]
        if m.end <= kind.start() and not gap.strip(" ’'s"):
            return m.actor  # "the Shanghai Cooperation Organisation summit", "a U.N. conference"
        if m.end <= kind.start() and _AGENT.fullmatch(gap):
            return f"{m.actor}{gap.strip()}"  # "United Nations-facilitated talks"
    after = _BODY_OF.match(text[kind.end() : kind.end() + 12])
    if after:
        body = next((m for m in forums if m.start == kind.end() + after.end()), None)
        if body is not None:
            return body.actor  # "the final round of talks of the Intergovernmental Negotiating Committee"
    for para in lead:
        for m in forums:
            if not para[0] <= m.start < para[1]:
                continue
            floor = max(para[0], m.start - 30)
            if _MEMBERS_AFTER.match(text[m.end : m.end + 40]) or _CONVENED.search(text, floor, m.start):
                return m.actor  # "Group of 20 finance ministers failed", "mediators from the Coral Rim Community"
    for para in lead:
        for m in forums:
            if para[0] <= m.start < para[1] and _MEDIATED.search(text, max(para[0], m.start - 30), m.start):
                return f"{m.actor}-mediated"
    first = lead[0] if lead else None
    subject = next((m for m in forums if first and first[0] <= m.start < first[1] and m.form != "group"), None)
    if first and subject and len(text[first[0] : subject.start].split()) <= 1:
        return subject.actor  # "OPEC+ agreed at an online meeting", "The U.N. Security Council on Thursday demanded"
    return None


def _members_kind(text: str, forums: list[Mention], lead: list[tuple[int, int]], actor: str) -> str | None:
    for m in forums:
        if m.actor == actor and any(a <= m.start < b for a, b in lead):
            who = _MEMBERS_AFTER.match(text[m.end : m.end + 40])
            if who:
                return " ".join(who.group("who").split())
    return None


_CAPTION = re.compile(r"\((?:[A-Z]+ )?(?:File )?[Pp]hoto\b|\bPhoto (?:by|credit)\b|\bPhotograph:")


def _place(text: str, lead: list[tuple[int, int]], mentions: list[Mention]) -> str | None:
    """Return the city the lead says the event is in ("in Bonn"), else the country ("in Switzerland")."""
    parties = {m.start: m for m in mentions}
    country = None
    for para in lead:
        if _CAPTION.search(text, para[0], para[1]):
            continue  # a photo caption's place is where the picture was taken
        for m in _IN_PLACE.finditer(text, para[0], para[1]):
            words = [w for w in m.group("place").split() if w not in _NOT_PLACES]
            party = parties.get(m.start("place"))
            if not words or (party is not None and party.kind != AttendeeKind.state):
                continue
            place = " ".join(words).rstrip("’'s")
            if party is not None and party.form in {"name", "demonym"}:
                country = country or (party.text if party.form == "name" else None)
                continue
            return place
    return country


def _count(text: str, noun: str) -> int:
    """Return how often the article names an event kind (singular or plural)."""
    return len(re.findall(rf"\b{re.escape(noun)}s?\b", text, re.IGNORECASE))


def find_event(text: str, hosts: list[str], mentions: list[Mention]) -> Event | None:
    """Return the event the article reports: a name from its kind, convener and place; its location and host."""
    line = dateline(text)
    lead = _lead(text, line.end if line else 0)
    forums = [m for m in mentions if m.kind in _FORUMS and not m.is_person and m.actor]
    best: tuple[int, re.Match[str], tuple[int, int], bool, str | None] | None = None
    for rank, para in enumerate(lead):
        for pattern, is_round in ((_ROUND, True), (_KIND, False)):
            for m in pattern.finditer(text, para[0], para[1]):
                convener = _convener(text, m, lead, forums)
                score = 2 * is_round + len(m.group("mods").split()) - 2 * rank + 2 * (convener is not None)
                score += m.group("noun") in {"summit", "conference", "consultations", "General Assembly"}
                if best is None or score > best[0]:
                    best = (score, m, para, is_round, convener)
    # A summit or conference the article keeps naming is the event even when the lead opens on something else
    # ("his price for entering peace talks", then "delegations were headed to … for a peace summit").
    lead_names_one = best is not None and best[1].group("noun") in {"summit", "conference"}
    for m in [] if lead_names_one else _KIND.finditer(text):
        noun = m.group("noun")
        if noun in {"summit", "conference"} and _count(text, noun) >= 3 and m.group("mods").strip():
            convener = _convener(text, m, lead, forums)
            score = len(m.group("mods").split()) + 2 * (convener is not None) + min(_count(text, noun), 5) - 1
            if best is None or score > best[0]:
                start = text.rfind("\n", 0, m.start()) + 1
                end = text.find("\n", m.end())
                best = (score, m, (start, end if end >= 0 else len(text)), False, convener)
    if best is None:
        # The lead names no event: the first the article names anywhere.
        anywhere = _ROUND.search(text) or _KIND.search(text)
        if anywhere is None:
            return None
        best = (0, anywhere, (0, len(text)), anywhere.re is _ROUND, _convener(text, anywhere, lead, forums))
    _, kind, para, is_round, convener = best
    forum_hosts = [m.actor for m in forums if hosts and m.actor == hosts[0]]
    if forum_hosts and (convener is None or convener.endswith("-mediated")):
        convener = forum_hosts[0]  # "the regional bloc hosting the conference"
    mods = " ".join(kind.group("mods").split())
    mods = mods[:1].lower() + mods[1:] if mods[:1].isupper() and not re.match(_REGIONAL, mods) else mods
    noun = " ".join(kind.group("noun").split())
    who = None
    if convener and not mods and noun in {"meeting", "talks", "session"}:
        who = _members_kind(text, forums, lead, convener)
    if convener is None and not re.match(_REGIONAL, mods):
        region = _REGION_WHO.search(text, lead[0][0], lead[0][1]) if lead else None
        who = region.group("who") if region else None  # "Arab leaders", "Southeast Asian foreign ministers"
    if who:
        mods = f"{who}’ {mods}".strip() if who.endswith("s") else f"{who} {mods}".strip()
        mods = re.sub(r"\s+ministers’\s+ministers\b", " ministers", mods)
    if convener and convener.lower() in mods.lower():
        convener = None
    if convener and re.match(_REGIONAL, mods):
        mods = re.sub(rf"^(?:{_REGIONAL})\s+", "", mods)  # "ASEAN foreign ministers", not "ASEAN Southeast Asian ..."
    before = re.search(r"([A-Z][\w’'-]+)\s+$", text[max(0, kind.start() - 40) : kind.start()])
    named = {mt.text for mt in mentions if mt.actor and not mt.is_person}
    if before and before.group(1) in named and convener is None and not mods.startswith(before.group(1)):
        mods = f"{before.group(1)} {mods}".strip()  # "a Ukraine peace summit": the party it is about
    body = " ".join(w for w in (convener, mods, noun) if w)
    name = body
    if is_round:
        order = (kind.group("ord") or "").lower()
        name = f"{order} round of {body}" if order else f"round of {body}"
    if convener is None and noun in {"talks", "negotiations", "consultations"}:
        topic = _TOPIC.match(text[kind.end() :])
        if topic and any(m.start == kind.end() + topic.start("on") for m in mentions):
            name = f"{name} {topic.group('prep')} {topic.group('on')}"  # "four-way consultations on North Korea"
    location = line.place if line and line.place else _place(text, lead, mentions)
    if location is None and para not in lead:
        location = _place(text, [para], mentions)  # an event named outside the lead: look where it is named
    if location is None and _ONLINE.search(text, para[0], para[1]):
        location = "online"
    name = name[:1].upper() + name[1:]
    at_home = convener == "United Nations" and location == "United Nations headquarters"
    if location and location not in name and not at_home:
        joiner = "at" if location.endswith("headquarters") else ("held" if location == "online" else "in")
        name = f"{name} {joiner} {location}"
    return Event(name=name, location=location, host=hosts[0] if hosts else None)
