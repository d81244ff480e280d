"""Find the people in an article, the party each speaks for, and what "he"/"she" refers to."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import AttendeeKind, Level
from .affiliation import APPOSITIVE_HEAD, affiliation, named_earlier, reported_party
from .gazetteer import gazetteer
from .lexicon import Lexicon
from .mentions import Mention
from .tables import MONTHS, TITLE_WORDS, TITLES, WEEKDAYS
from .text import Sentence

__all__ = ["People", "find_people"]

_CAP = re.compile(r"^[A-ZÀ-Þ][a-zà-ÿ][\w'’-]*$")
_PARTICLES = frozenset({"van", "von", "de", "der", "den", "da", "di", "du", "la", "le", "al", "el", "bin", "ibn"})
_NOT_NAMES = (
    frozenset(WEEKDAYS)
    | frozenset(m.capitalize() for m in MONTHS)
    | frozenset(
        {
            "The",
            "A",
            "An",
            "In",
            "On",
            "At",
            "But",
            "And",
            "If",
            "As",
            "When",
            "While",
            "After",
            "Before",
            "It",
            "He",
            "She",
            "They",
            "We",
            "I",
            "This",
            "That",
            "These",
            "Those",
            "However",
            "Instead",
            "Meanwhile",
            "Several",
            "Both",
            "Some",
            "Diplomats",
            "Observers",
            "Officials",
            "Analysts",
            "Delegates",
            "Their",
            "Its",
            "His",
            "Her",
            "Our",
            "Presenting",
            "Because",
            "Although",
            "Neither",
            "Tariffs",
            "Talks",
        }
    )
)
# Words that end the name of a body or a group, never a person's surname ("Polar Affairs", "Permanent Participants").
_NOT_SURNAMES = frozenset(
    {"Affairs", "Studies", "Institute", "Council", "Relations", "Centre", "Center", "University", "Foundation"}
    | {"Participants", "Members", "Observers", "Parties", "States", "Nations", "Ministry", "Office", "Agency"}
    | {"Committee", "Forces", "Policy", "Programme", "Program", "Group", "Network", "Federation", "Alliance"}
    | {"Treaty", "Conference", "Convention", "Agreement", "Protocol", "Accord", "Summit", "Assembly", "Court"}
    | {"Commission", "Secretariat", "Church", "Bank", "Fund", "Initiative", "Facility", "Corridor", "Union"}
    | {"Framework", "Mechanism", "Declaration", "Charter", "Compact", "Pact", "Roadmap", "Plan", "Strategy"}
)
# The capitalised tail of a title: "Secretary of State Richard Hale", "Under-Secretary-General for Humanitarian
# Affairs Rosa Quintanilla".
_TITLE_TAILS = frozenset({"State", "Affairs", "Humanitarian", "Political", "Economic", "European", "Foreign"})
_TITLE_OF = re.compile(
    r"\b(?:[Ss]ecretary|[Mm]inister|[Uu]nder-[Ss]ecretary-[Gg]eneral|[Cc]ommissioner|[Ee]nvoy|[Rr]epresentative)"
    r"\s+(?:of|for)\s+(?:[A-Z][\w’'-]+\s+){1,3}$"
)
SPEECH = (
    r"(?:said|says|told|tells|added|adds|argued|argues|urged|urges|warned|warns|insisted|insists|rejected|"
    r"rejects|demanded|demands|called|calls|pledged|defended|defends|described|acknowledged|stated|announced|"
    r"noted|stressed|wrote|posted|put\s+forward|proposed|proposes|accused|expressed|declined|explained|"
    r"confirmed|replied|responded|singled|dismissed|denied|vowed|threatened|offered|welcomed|condemned)"
)
_AFTER_SPEECH = re.compile(rf"^,?\s+(?:has\s+|had\s+|also\s+|then\s+|later\s+|again\s+)?{SPEECH}\b")
_BEFORE_SPEECH = re.compile(r"\b(?:said|says|told|added|according\s+to|wrote)\s*$")
_APPOSITIVE_AFTER = re.compile(rf"^{APPOSITIVE_HEAD}")
_PREFIXED = re.compile(
    r"^(?:al|el|ul|as|ash|ad|ibn|bin|bint|abu|ben|van|von|de|di|da|du|la|le)-[A-ZÀ-Þ][a-zà-ÿ][\w'’-]*$"
)
_OFFICIAL_TITLES = frozenset(t for t, level in TITLES.items() if level is not None)


@dataclass
class People:
    """People of an article: each name's party and rank, and their mentions in order."""

    actor: dict[str, str] = field(default_factory=dict)
    level: dict[str, Level] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)


def _words(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in re.compile(r"\S+").finditer(text, start, end)]


def _core(word: str) -> tuple[str, bool]:
    """Return a word without quotes, trailing punctuation and possessive, and whether a break follows."""
    core = word.lstrip("“‘\"'([")
    stripped = core.rstrip(',.;:!?”’")]')
    broke = stripped != core
    for poss in ("’s", "'s"):
        if stripped.endswith(poss):
            return stripped[: -len(poss)], True
    return stripped, broke


def _title_of(words: list[str]) -> str | None:
    low = " ".join(w.lower() for w in words)
    best = None
    for title in TITLES:
        if re.search(rf"\b{re.escape(title)}\b", low) and (best is None or len(title) > len(best)):
            best = title
    return best


def _runs(text: str, sent: Sentence) -> list[list[tuple[int, int, str]]]:
    """Return the runs of capitalised words (names and titles) in a sentence."""
    runs: list[list[tuple[int, int, str]]] = []
    current: list[tuple[int, int, str]] = []
    words = _words(text, sent.start, sent.end)
    for i, (a, _b, word) in enumerate(words):
        core, broke = _core(word)
        lead = len(word) - len(word.lstrip("“‘\"'(["))
        a += lead
        nxt = _core(words[i + 1][2])[0] if i + 1 < len(words) else ""
        # "al-Harthy" after a given name is a surname, though it starts in lower case.
        is_cap = bool(_CAP.match(core)) or (bool(current) and bool(_PREFIXED.match(core)))
        is_particle = core in _PARTICLES and bool(_CAP.match(nxt)) and bool(current)
        if (is_cap or is_particle) and not (lead and current):
            current.append((a, a + len(core), core))
        else:
            if current:
                runs.append(current)
            current = [(a, a + len(core), core)] if is_cap else []
        if broke and current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def _candidate(run: list[tuple[int, int, str]], lexicon: Lexicon, text: str) -> tuple[int, list[tuple[int, int, str]]]:
    """Split a run into its leading title/party words and the name that follows them."""
    forms = gazetteer().forms
    i = 0
    while i < len(run):
        word = run[i][2]
        if _given_name_capital(run, i, lexicon, text):
            break
        titled = word.lower() in TITLE_WORDS or all(p in TITLE_WORDS for p in word.lower().split("-"))
        if titled or word in forms or word in lexicon.forms or word in _NOT_NAMES:
            i += 1
            continue
        if word in _TITLE_TAILS and (i > 0 or len(run) >= 3):
            i += 1
            continue
        break
    name = run[i:]
    # Three-part names ("Ruth Achieng Okello", "Faisal bin Turki") are common; longer runs hold a title.
    if len(name) > 3:
        keep = 3 if name[-2][2] in _PARTICLES or _PREFIXED.match(name[-1][2]) else 2
        name = name[-keep:]
    return i, name


def _given_name_capital(run: list[tuple[int, int, str]], i: int, lexicon: Lexicon, text: str) -> bool:
    """Return whether a capital's name at ``run[i]`` is a given name ("Foreign Minister Santiago Ferreyra").

    It is when one unknown capitalised word (the surname) ends the run and either a title word comes right
    before it or the article goes on to call the person by that surname alone ("Yaren Kosta" ... "Kosta said").
    """
    forms = gazetteer().forms
    entry = forms.get(run[i][2])
    if entry is None or entry.form != "capital" or i != len(run) - 2:
        return False
    last = run[-1][2]
    if last in forms or last in lexicon.forms or last in _NOT_NAMES or last in _NOT_SURNAMES:
        return False
    if i > 0:
        return run[i - 1][2].lower() in TITLE_WORDS
    alone = len(re.findall(rf"(?<![\w-]){re.escape(last)}(?![\w-])", text))
    return alone > len(re.findall(rf"(?<![\w-]){re.escape(run[i][2])}\s+{re.escape(last)}(?![\w-])", text))


def find_people(
    text: str, sentences: list[Sentence], mentions: list[Mention], lexicon: Lexicon, people: People
) -> None:
    """Find named people and unnamed officials; record them and their parties in ``people``."""
    forms = gazetteer().forms
    found: list[Mention] = []
    for index, sent in enumerate(sentences):
        previous = sentences[index - 1] if index else None
        for run in _runs(text, sent):
            lead, name = _candidate(run, lexicon, text)
            given = bool(name) and _given_name_capital(run, lead, lexicon, text)
            words = name[1:] if given else name
            if len(name) < 2 or any(w in forms or w in lexicon.forms or w in _NOT_NAMES for _, _, w in words):
                continue
            if name[-1][2] in _NOT_SURNAMES:
                continue
            start, end = name[0][0], name[-1][1]
            if any(m.start < end and start < m.end and not (given and m.start == start) for m in mentions):
                continue
            full = text[start:end]
            before = text[max(sent.start, start - 80) : start]
            after = text[end : sent.end]
            titled = lead > 0 and any(w.lower() in TITLE_WORDS for _, _, w in run[:lead])
            titled = titled or bool(re.search(r"\b(?:" + "|".join(TITLE_WORDS) + r")[,\s]*$", before.lower()))
            titled = titled or bool(_TITLE_OF.search(before))
            titled = titled or bool(
                before.rstrip().endswith(",")
                and re.search(r"\b(?:" + "|".join(TITLES) + r")\b(?:\s+\S+){0,4},\s*$", before.lower())
            )
            if not (
                titled or _AFTER_SPEECH.match(after) or _BEFORE_SPEECH.search(before) or _APPOSITIVE_AFTER.match(after)
            ):
                continue
            title_words = [w for _, _, w in run[:lead]] + before.split()[-4:]
            title = _title_of(title_words)
            actor = affiliation(text, sent, start, end, mentions, previous)
            if actor is None and lead:
                actor = named_earlier(text, start, [w.lower() for _, _, w in run[:lead]], mentions)
            if actor is None and title in _OFFICIAL_TITLES:
                actor = reported_party(text, sent, end, mentions)
            if actor and full not in people.actor:
                people.actor[full] = actor
            if title and full not in people.level:
                level = TITLES[title]
                if level:
                    people.level[full] = level
            found.append(Mention(start, end, full, "", AttendeeKind.other, "person", person=full, title=title))
    people.mentions = _all_person_mentions(text, found, people)


def _all_person_mentions(text: str, found: list[Mention], people: People) -> list[Mention]:
    """Add later mentions by surname, then resolve he/she to the last person named."""
    names = sorted({m.person for m in found if m.person}, key=len, reverse=True)
    out = list(found)
    taken = [(m.start, m.end) for m in found]
    for full in names:
        surname = full.split()[-1]
        for pattern in (full, surname):
            for hit in re.finditer(rf"(?<![\w-]){re.escape(pattern)}(?![\w-])", text):
                if any(a <= hit.start() < b or a < hit.end() <= b for a, b in taken):
                    continue
                taken.append((hit.start(), hit.end()))
                out.append(Mention(hit.start(), hit.end(), hit.group(), "", AttendeeKind.other, "person", person=full))
    out.sort(key=lambda m: m.start)
    resolved = []
    for m in out:
        actor = people.actor.get(m.person or "", "")
        resolved.append(Mention(m.start, m.end, m.text, actor, m.kind, m.form, m.person, m.title))
    return resolved
