"""Learn the parties an article introduces itself: acronyms, "known as" groups, named bodies."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import AttendeeKind
from .gazetteer import Entry, gazetteer

__all__ = ["Lexicon", "learn"]

_WORD = r"[A-ZÀ-Þ][\w’'.&-]*"
_LINK = r"(?:of|for|on|and|the|de|du|des|la|le|in|to|al|el)"
_ACRONYM = re.compile(
    # At most 15 words before the brackets: a longer run of capitalised words is no name, and an
    # unbounded one would be read again from each of its words.
    rf"((?:{_WORD}|{_LINK})(?:[ \t]+(?:{_WORD}|{_LINK})){{0,14}})[ \t]+\((?P<acr>[A-Z][A-Za-z0-9&]{{1,9}})\)"
    r"(?P<head>[ \t]+(?:group|bloc|alliance|coalition|movement))?"
)
_NAMED_BODY = re.compile(
    r"\b((?:[A-Z][\w’'-]+[ \t]+)(?:(?:[A-Z][\w’'-]+|and|of|for)[ \t]+){0,4}(?:Forces|Army|Militia|Front|Movement|"
    r"Brigades?|Coalition|Alliance|Party|League|Council|Union|Organi[sz]ation|Authority|Commission|Group|Federation|"
    r"Network|Association|Church|Command|Delegation|Secretariat))\b"
)
_ARMED = re.compile(r"\b(?:Forces|Army|Militia|Front|Movement|Brigades?|Guard|Rebels?)\b")
_BLOC = re.compile(r"\b(?:Group|Alliance|Bloc|Coalition|Union|League|Community|group|bloc|alliance|coalition)\b")
# A capitalised word that the reporting treats as a state ("the government of X", "X's army") but
# that no gazetteer knows: small or new states, or states the gazetteer spells otherwise.
_STATE_OF = re.compile(
    r"\b(?:government|president|army|armed\s+forces|parliament|prime\s+minister|foreign\s+minister|"
    r"capital|military)\s+of\s+(?P<of>[A-Z][a-z]{3,})\b(?![ \t]+[A-Z])"
)
_STATE_POSS = re.compile(
    r"(?<![\w’'-])(?P<poss>[A-Z][a-z]{3,})['’]s\s+(?i:(?:military|civilian|interim|transitional|federal|national)\s+)?"
    r"(?i:government|army|armed\s+forces|parliament|prime\s+minister|(?:[a-z]+\s+)?minist(?:er|ry)|"
    r"president|capital|delegation|envoy|negotiators|ambassador|state\s+(?:news\s+agency|media|television))\b"
)
# "the Velish delegation", "delegations of Velia and Ostra", "Ostra, Velia's main ally": how reports
# introduce a state at talks; an adjective gives its state when the text names that state too.
_STATE_DELEGATION = re.compile(r"\b[Tt]he\s+(?P<x>[A-Z][a-z]{3,})\s+(?:delegation|negotiating\s+team)\b")
_STATE_DELEGATIONS = re.compile(
    r"\bdelegations\s+(?:of|from)\s+(?P<list>[A-Z][a-z]{3,}(?:,\s+[A-Z][a-z]{3,})*,?\s+and\s+[A-Z][a-z]{3,})\b"
)
_STATE_ALLY = re.compile(
    r"(?:^|(?<=[.!?]\s))(?P<x>[A-Z][a-z]{3,}),\s+(?:[A-Z][a-z]+['’]s\s+)?(?:main\s+|closest\s+|key\s+|chief\s+|"
    r"only\s+|northern\s+|southern\s+|eastern\s+|western\s+)?(?:ally|neighbou?r|rival|patron|backer)\b",
    re.M,
)
# "the Kestravan government", "Ardelani inspection points": an adjective of a state the text also names.
_STATE_ADJ_OF = re.compile(
    r"\b(?P<adj>[A-Z][a-z]{3,}(?:n|an|ian|ese|i))\s+(?:government|army|armed\s+forces|authorities|soil|territory|"
    r"troops|forces|officials|president|foreign\s+minist(?:er|ry)|delegation|border|parliament)\b"
)
_STATE_ADJ = ("n", "an", "ian", "ese", "i")
# "the Dravanian government" in a text that never names Dravania: the adjective of an institution of state
# still gives the state ("-ian" adjectives are formed from names in "-ia").
_STATE_INSTITUTION = re.compile(
    r"\b(?P<adj>[A-Z][a-z]{3,}ian)\s+(?:government|army|armed\s+forces|president|prime\s+minister|parliament|"
    r"foreign\s+minist(?:er|ry)|state\s+(?:television|media|news\s+agency))\b"
)
_REGIONS = frozenset({"Asian", "Eurasian", "Caucasian", "Arabian", "Scandinavian", "Christian", "Indian", "Civilian"})
_NOT_STATES = frozenset(
    {"This", "That", "These", "Those", "There", "Their", "When", "While", "After", "Before", "Monday", "Tuesday"}
    | {"Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Today", "Last", "Next", "Interim", "National"}
    | {"Africa", "Asia", "Europe", "America", "Americas", "Oceania", "Antarctica", "Arctic", "Pacific", "Atlantic"}
    | {"Caribbean", "Balkans", "Gulf", "Sahel", "Maghreb", "Levant", "Caucasus", "Scandinavia", "Both", "Each"}
)
# "the Forum", "the Church": a body's head noun written alone, capitalised, stands for the one body of the
# article with that head.
_HEAD_NOUNS = frozenset(
    {"Forum", "Church", "Commission", "Council", "Movement", "Front", "Union", "Alliance", "Agency", "Court"}
    | {"Organisation", "Organization", "Community", "League", "Federation", "Authority", "Conference"}
)
# A news agency or broadcaster carries a party's words; it is no party ("the Korean Central News Agency (KCNA)").
_MEDIA = re.compile(
    r"\b(?:News\s+Agency|Press\s+Agency|News\s+Service|Broadcasting(?:\s+\w+)?|Television|Radio|Newspaper)$"
)
_LEADING = {"The", "A", "An", "Their", "Its", "His", "Her", "Our", "But", "And", "In", "On", "At", "By"}


@dataclass
class Lexicon:
    """Parties named in the articles themselves, with every form that names them."""

    forms: dict[str, str] = field(default_factory=dict)
    kinds: dict[str, AttendeeKind] = field(default_factory=dict)
    groups: dict[str, list[str]] = field(default_factory=dict)

    def add(self, name: str, kind: AttendeeKind, *surfaces: str) -> None:
        """Record ``name`` as a party of ``kind`` known by each of ``surfaces``."""
        self.kinds.setdefault(name, kind)
        for surface in (name, *surfaces):
            self.forms.setdefault(surface, name)


def _kind(name: str) -> AttendeeKind:
    if _ARMED.search(name):
        return AttendeeKind.armed_group
    if _BLOC.search(name):
        return AttendeeKind.bloc
    return AttendeeKind.organisation


def _expansion(words: list[str], acronym: str) -> list[str] | None:
    """Return the longest tail of ``words`` whose letters spell ``acronym`` in order."""
    letters = acronym.lower()
    for i in range(len(words)):
        tail = words[i:]
        if not tail[0][:1].isupper() or tail[0] in _LEADING or tail[0][:1].lower() != letters[0]:
            continue
        if not tail[-1][:1].isupper():
            continue
        joined = " ".join(tail).lower()
        pos = 0
        for ch in letters:
            pos = joined.find(ch, pos)
            if pos < 0:
                break
            pos += 1
        else:
            return tail
    return None


def _stems(adjective: str, text: str) -> list[str]:
    """Return the state name that ``adjective`` derives from, if the text names it ("Kestravan" -> "Kestrava")."""
    for end in sorted(_STATE_ADJ, key=len, reverse=True):
        if not adjective.endswith(end):
            continue
        base = adjective[: -len(end)]
        for name in (base, base + "a", base + "ia"):
            if len(name) > 3 and re.search(rf"(?<![\w-]){name}(?![\w-])(?![ \t]+[A-Z])", text):
                return [name]
    return []


def _states(text: str, lexicon: Lexicon, known: dict[str, object]) -> None:
    """Learn the states the gazetteer lacks from how the reporting speaks of their institutions."""
    found = [m.group("of") for m in _STATE_OF.finditer(text)] + [m.group("poss") for m in _STATE_POSS.finditer(text)]
    for m in _STATE_DELEGATION.finditer(text):
        if m.group("x") in known:
            continue  # "the Saudi delegation": a known adjective, not the stem of an unknown state
        found += _stems(m.group("x"), text) or ([] if m.group("x").endswith(_STATE_ADJ) else [m.group("x")])
    for m in _STATE_DELEGATIONS.finditer(text):
        found += re.findall(r"[A-Z][a-z]{3,}", m.group("list"))
    found += [m.group("x") for m in _STATE_ALLY.finditer(text)]
    found += [
        name
        for m in _STATE_ADJ_OF.finditer(text)
        if m.group("adj") not in known
        for name in _stems(m.group("adj"), text)
    ]
    found += [
        m.group("adj")[:-1]
        for m in _STATE_INSTITUTION.finditer(text)
        if m.group("adj") not in known and m.group("adj") not in _REGIONS and not _stems(m.group("adj"), text)
    ]
    for name in dict.fromkeys(found):
        if name in known or name in lexicon.forms or name in _NOT_STATES:
            continue
        stem = name[:-1] if name[-1] in "aeiouy" else name
        adjectives = {name + end for end in _STATE_ADJ} | {stem + end for end in _STATE_ADJ}
        # Skip people: a surname is written after a given name ("Joseph Mwale's government"); a place that
        # also has an adjective ("the Velangan government") or is a republic or kingdom is no person.
        statelike = re.search(rf"\b(?:Republic|Kingdom|State|Federation)\s+of\s+{name}\b", text) or any(
            re.search(rf"\b{a}\b", text) for a in adjectives
        )
        given = [g for g in re.findall(rf"\b([A-Z][a-z]+)[ \t]+{name}\b", text) if g not in _LEADING]
        if not statelike and given:
            continue
        lexicon.add(name, AttendeeKind.state, *sorted(a for a in adjectives if re.search(rf"\b{a}\b", text)))


def learn(text: str, lexicon: Lexicon) -> None:
    """Add to ``lexicon`` the acronyms, named bodies and unknown states that ``text`` introduces."""
    known = gazetteer().forms
    _states(text, lexicon, dict(known))
    for match in _ACRONYM.finditer(text):
        acronym = match.group("acr")
        if acronym in known and known[acronym].form != "blocker":
            continue
        words = match.group(1).split()
        tail = _expansion(words, acronym)
        if tail is None:
            continue
        full = " ".join(tail)
        if _MEDIA.search(full):
            continue
        head = (match.group("head") or "").strip()
        name = f"{full} {head}" if head else full
        surfaces = [acronym, full, f"{full} ({acronym})"]
        if head:
            surfaces += [f"{acronym} {head}", f"{full} ({acronym}) {head}"]
        lexicon.add(name, _kind(name), *surfaces)
    for match in _NAMED_BODY.finditer(text):
        words = match.group(1).split()
        # "The Vienna-based Energy Community Secretariat": the place it is based in is no part of its name.
        while words and (words[0] in _LEADING or words[0].endswith(("-based", "-led", "-backed"))):
            words = words[1:]
        # "the Antarctic and Southern Ocean Coalition": a name may hold lower-case links; when the whole
        # fails (it joins a known party: "Germany and the Southern Ocean Coalition"), try what follows the link.
        links = [i for i, w in enumerate(words) if w in _BODY_LINKS]
        if links and not _body_name(words, known, lexicon):
            words = words[links[-1] + 1 :]
        if any(w in _BODY_LINKS for w in words[-2:-1]) or not _body_name(words, known, lexicon):
            continue
        lexicon.add(" ".join(words), _kind(" ".join(words)))
    _heads(text, lexicon, known)


_BODY_LINKS = frozenset({"and", "of", "for"})


def _body_name(words: list[str], known: dict[str, Entry], lexicon: Lexicon) -> bool:
    name = " ".join(words)
    if len(words) < 2 or name in known or name in lexicon.forms or _MEDIA.search(name) or words[0] in _BODY_LINKS:
        return False
    if any(w.rstrip("’'s") in known for w in words):
        return False
    return not any(name in form for form in (*known, *lexicon.forms) if len(form) > len(name))


def _heads(text: str, lexicon: Lexicon, known: dict[str, Entry]) -> None:
    """Learn "the Forum" for the Pacific Islands Forum when the article names one body with that head."""
    bodies: dict[str, set[str]] = {}
    names = [(n, lexicon.kinds.get(n)) for n in lexicon.kinds] + [
        (e.actor, e.kind) for f, e in known.items() if e.form == "name" and f == e.actor
    ]
    for name, kind in names:
        words = name.split()
        if len(words) < 2 or kind == AttendeeKind.state or words[-1] not in _HEAD_NOUNS:
            continue
        if name in lexicon.kinds or re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
            bodies.setdefault(words[-1], set()).add(name)
    for head, owners in bodies.items():
        if len(owners) != 1 or head in lexicon.forms or head in known:
            continue
        alone = rf"\b[Tt]he\s+{head}\b(?![ \t]+(?:[A-Z]|of\b))|\b{head}[ \t]+(?:President|Chair|Secretary|spokes)"
        if re.search(alone, text):
            owner = next(iter(owners))
            lexicon.add(owner, lexicon.kinds.get(owner) or known[owner].kind, head)
