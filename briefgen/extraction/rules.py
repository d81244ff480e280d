"""The default extractor: drafts a Brief from articles with gazetteers and hand-written rules."""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import TYPE_CHECKING

from ..errors import BriefgenError, ExtractionError, InputError
from ..model import (
    Absent,
    Attendance,
    AttendeeKind,
    Brief,
    Count,
    Drafting,
    Evidence,
    KeyJudgment,
    Level,
    Outlook,
    Position,
    Present,
    Quote,
    Source,
    ToCheck,
)
from .base import Article

if TYPE_CHECKING:
    from .attendance import Attendee

__all__ = ["BUDGET_SECONDS", "RulesExtractor"]

BUDGET_SECONDS = 60.0
"""The most time drafting one brief may take; a 100,000-character article takes about 3 s."""

_MAX_DEMANDS = 6
_MAX_ALIASES = 8


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("briefgen")
    except Exception:  # not installed (run from a checkout)
        return "0"


@dataclass
class _Party:
    actor: str
    kind: AttendeeKind | None
    aliases: list[str] = field(default_factory=list)
    spokespeople: list[str] = field(default_factory=list)
    stance: str | None = None
    stance_points_to_quotes: bool = False
    rule: str = "pattern: quotation attributed to the party"
    confidence: float = 0.6
    demands: list[str] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)

    def cite(self, article: Article, start: int, end: int) -> None:
        if all(not (e.source == article.id and e.start == start) for e in self.evidence):
            self.evidence.append(Evidence(text=article.text[start:end], source=article.id, start=start, end=end))


class RulesExtractor:
    """Draft a brief with rules: gazetteers, patterns of news reporting, no trained model."""

    name = "rules"

    def __init__(self, budget: float = BUDGET_SECONDS) -> None:
        """Create the extractor; the language pipeline is built on first use.

        ``budget``: the most seconds drafting one brief may take before it is abandoned with an InputError.
        """
        self.budget = budget

    def extract(self, articles: Sequence[Article]) -> Brief:
        """Return the brief drafted from ``articles`` (see ``Extractor`` for the contract).

        Raises:
            InputError: no articles, or two articles with the same id.
            ExtractionError: drafting failed for an internal reason.
        """
        if not articles:
            raise InputError("no articles given: pass at least one article to extract a brief from")
        ids = [a.id for a in articles]
        duplicate = next((i for i in ids if ids.count(i) > 1), None)
        if duplicate is not None:
            raise InputError(f"two articles share the source id {duplicate!r}; give each a distinct id")
        from .articles import within_limit

        for article in articles:
            within_limit(article)
        try:
            return _draft(list(articles), _Budget(self.budget, [a.name for a in articles]))
        except BriefgenError:
            raise
        except Exception as exc:  # a rule tripped on unexpected text: report it, never a traceback
            raise ExtractionError(f"drafting the brief failed: {type(exc).__name__}: {exc}") from exc


class _Budget:
    """The time drafting may take; checked between the steps of the work."""

    def __init__(self, seconds: float, names: list[str]) -> None:
        self.seconds = seconds
        self.names = names
        self.ends = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.ends:
            raise InputError(
                f"drafting from {', '.join(self.names)} took longer than its {self.seconds:g} s budget and was "
                "stopped; pass fewer or shorter articles"
            )


def _draft(articles: list[Article], budget: _Budget) -> Brief:
    from .analysis import analyse
    from .attendance import ASSERT, find_attendance, forums
    from .commentary import commentary
    from .counts import find_counts
    from .event import event_date, summary
    from .gazetteer import gazetteer
    from .lexicon import Lexicon, learn
    from .naming import find_event
    from .outlook import find_outlook
    from .persons import People
    from .positions import find_positions, stance_sentence

    lexicon = Lexicon()
    for article in articles:
        learn(article.text, lexicon)
    kinds = dict(gazetteer().kinds)
    people = People()
    parties: dict[str, _Party] = {}
    present: dict[str, Present] = {}
    absent: dict[str, Absent] = {}
    counts: list[Count] = []
    outlook: list[Outlook] = []
    hosts: list[str] = []
    unsure: list[tuple[Attendee, Article]] = []
    walked: set[str] = set()
    leader_only: set[str] = set()
    delegated: set[str] = set()
    groups: dict[str, list[str]] = {}
    forum: list[str] = []
    event = None
    for article in articles:
        budget.check()
        analysis = analyse(article, lexicon, people)
        budget.check()
        kinds.update(lexicon.kinds)
        hosts += [h for h in analysis.hosts if h not in hosts]
        groups.update(analysis.groups)
        forum += [f for f in forums(analysis) if f not in forum]
        if event is None:
            event = find_event(article.text, analysis.hosts, analysis.parties)
        findings, quotes = find_positions(analysis)
        for f in findings:
            party = parties.setdefault(f.actor, _Party(f.actor, kinds.get(f.actor)))
            had = bool(party.demands)
            party.cite(article, f.sentence.start, f.sentence.end)
            if f.speaker and f.speaker not in party.spokespeople:
                party.spokespeople.append(f.speaker)
            party.demands += [d for d in f.demands if d not in party.demands]
            stance, weak = stance_sentence(f.actor, f, article.text)
            if party.stance is None or (party.stance_points_to_quotes and not weak) or (f.demands and not had):
                party.stance, party.stance_points_to_quotes = stance, weak
                party.rule = f"pattern: {f.verb}" + (" with a demand" if f.demands else "")
                party.confidence = 0.6 if f.inverted or weak else (0.8 if f.demands else 0.7)
        for q in quotes:
            party = parties.setdefault(q.actor, _Party(q.actor, kinds.get(q.actor)))
            speaker = q.speaker or q.actor
            party.quotes.append(
                Quote(text=article.text[q.start : q.end], speaker=speaker, source=article.id, start=q.start, end=q.end)
            )
            sentence = next((s for s in analysis.sentences if s.start <= q.start < s.end + 1), None)
            if sentence is not None:
                party.cite(article, sentence.start, sentence.end)
            if q.speaker and q.speaker not in party.spokespeople:
                party.spokespeople.append(q.speaker)
        for m in analysis.parties:
            known = parties.get(m.actor)
            surface = m.text.strip()
            if known and surface != m.actor and surface not in known.aliases and len(known.aliases) < _MAX_ALIASES:
                known.aliases.append(surface)
        budget.check()
        attendees = find_attendance(analysis)
        # A party reported at the meeting that skipped only its dinner or photo did not stay away.
        attending = {a.actor for a in attendees if a.present and a.confidence >= ASSERT}
        for a in attendees:
            if a.partial and a.actor in attending:
                continue
            if a.confidence < ASSERT:
                unsure.append((a, article))
                continue
            sure = round(a.confidence, 2)
            said = Evidence(text=a.sentence.text, source=article.id, start=a.sentence.start, end=a.sentence.end)
            if a.present:
                present.setdefault(
                    a.actor,
                    Present(
                        name=a.actor,
                        kind=kinds.get(a.actor),
                        source=article.id,
                        confidence=sure,
                        rule=a.rule,
                        evidence=said,
                    ),
                )
            elif a.actor not in absent or (a.reason and not absent[a.actor].reason):
                absent[a.actor] = Absent(
                    name=a.actor,
                    kind=kinds.get(a.actor),
                    reason=a.reason,
                    source=article.id,
                    confidence=sure,
                    rule=a.rule,
                    evidence=said,
                )
                if a.walked_out:
                    walked.add(a.actor)
                if a.by_leader:
                    leader_only.add(a.actor)
            if a.present and a.delegated:
                delegated.add(a.actor)
        seen_values: set[tuple[int, str]] = set()
        for c in find_counts(article.text, analysis.sentences):
            key = (c.value, c.qualifier.value)
            if key in seen_values or any(x.value == c.value and x.qualifier == c.qualifier for x in counts):
                continue
            seen_values.add(key)
            s = c.sentence
            ev = Evidence(text=s.text, source=article.id, start=s.start, end=s.end)
            counts.append(
                Count(
                    label=c.label,
                    value=c.value,
                    qualifier=c.qualifier,
                    source=article.id,
                    evidence=ev,
                    rule="pattern: a number before what it counts",
                    confidence=0.8,
                )
            )
        budget.check()
        voiced = commentary(analysis)
        for o in find_outlook(article.text, analysis.sentences, voiced, analysis.parties):
            if any(x.statement == o.statement for x in outlook):
                continue
            s = o.sentence
            ev = Evidence(text=s.text, source=article.id, start=s.start, end=s.end)
            rated = o.likelihood is not None
            outlook.append(
                Outlook(
                    statement=o.statement,
                    likelihood=o.likelihood,
                    evidence=[ev],
                    rule="pattern: likelihood wording" if rated else "pattern: future or scheduled wording",
                    confidence=0.8 if rated else 0.65,
                )
            )
    for name, full_actor in people.actor.items():
        linked = parties.get(full_actor)
        if linked and name not in linked.spokespeople and any(name in a.text for a in articles):
            linked.spokespeople.append(name)
    positions = [_position(p) for p in parties.values() if p.evidence or p.quotes]
    to_check = _unsure_attendance(unsure, present, absent)
    for p in positions:
        if p.actor in forum or p.actor in absent or p.actor in present or _remote(p, groups, absent):
            continue
        # Stating a position is not attending: only a party heard at the meeting itself, or through
        # its delegation, is placed there; for the others the analyst decides, from the evidence.
        sure, rule = _heard_at_meeting(p)
        if sure >= ASSERT:
            source = p.evidence[0].source if p.evidence else articles[0].id
            present[p.actor] = Present(
                name=p.actor,
                kind=kinds.get(p.actor),
                source=source,
                confidence=sure,
                rule=rule,
                evidence=p.evidence[0] if p.evidence else None,
            )
            continue
        to_check.append(
            ToCheck(
                item=f"{p.actor} attended",
                field="attendance.present",
                rule=rule,
                confidence=sure,
                evidence=p.evidence[:2],
            )
        )
    for name in list(present):
        if name not in absent:
            continue
        if name in leader_only and name in delegated:
            # "The king stayed away and sent his foreign minister": the state was there, at a lower level.
            del absent[name]
        elif name not in walked:
            # A party reported as attending that later walked out stays listed as present too.
            del present[name]
    levels = _levels(people)
    present_list = [
        p.model_copy(update={"level": levels.get(p.name), "aliases": _aliases(parties, p.name)})
        for p in present.values()
    ]
    absent_list = [a.model_copy(update={"aliases": _aliases(parties, a.name)}) for a in absent.values()]
    date, how = event_date([a.text for a in articles], next((a.date for a in articles if a.date), None))
    if event is not None and date and how.startswith("stated"):
        event = event.model_copy(update={"start": date})
    title = event.name if event else (articles[0].title or f"Briefing: {articles[0].name}")
    return Brief(
        title=title,
        date=date,
        summary=summary(event, positions, [a.name for a in absent_list], outlook),
        event=event,
        key_judgments=[
            KeyJudgment(
                statement=o.statement, likelihood=o.likelihood, sources=[e.source for e in o.evidence if e.source]
            )
            for o in outlook
            if o.likelihood is not None
        ],
        positions=positions,
        attendance=Attendance(present=present_list, absent=absent_list, counts=counts),
        outlook=outlook,
        sources=[
            # Without a headline, the file's own name (never the folders above it) stands for the article.
            Source(id=a.id, title=a.title or PurePath(a.name).name, publisher=a.publisher, url=a.url, date=a.date)
            for a in articles
        ],
        drafting=Drafting(
            method="rules",
            version=_version(),
            to_check=to_check,
            notes=[
                "Machine-drafted by rules (gazetteers and patterns of news reporting); check every item "
                "against the cited sources before use.",
                f"Date: {how}.",
            ],
        ),
    )


# Reporting that places a party's words away from the meeting: a statement, a ministry spokesperson
# at home, officials speaking privately, state media, a dateline in another city.
_REMOTE = re.compile(
    r"\b(?:in\s+a\s+(?:joint\s+|written\s+|separate\s+)?statement(?!\s+to\s+the\s+(?:plenary|meeting|summit|conference|"
    r"session|assembly|talks|delegates))|statement\s+(?:posted|issued|released|"
    r"carried|published)|(?:foreign|oil|energy)\s+ministry|spokes(?:man|woman|person)|speaking\s+privately|"
    r"(?<=,\s)based\s+in(?=\s+[A-Z])|"
    r"state\s+(?:media|television|TV|news\s+agency)|posted\s+on)\b|^In\s+[A-Z][\w-]+,"
)


# A party that protests outside the meeting or holds a vigil there is not among its participants.
_PROTEST = re.compile(
    r"\b(?:organi[sz]ed\s+the\s+(?:protest|rally|demonstration)|held\s+a\s+(?:vigil|rally|protest|demonstration)|"
    r"protested\s+(?:against|outside)|staged\s+a\s+(?:protest|rally|demonstration))\b"
)


def _remote(position: Position, groups: dict[str, list[str]], absent: dict[str, Absent]) -> bool:
    """Return whether a party's stated position says nothing about its attending the meeting.

    A coalition some of whose members stayed away did not attend as such; a party heard only
    through statements and spokespeople at home spoke from afar.
    """
    if any(member in absent for member in groups.get(position.actor, [])):
        return True
    # A quotation that follows a remote statement ("“...,” she said") does not place the party at the meeting.
    stated = [e.text for e in position.evidence if not e.text.startswith(("“", '"'))]
    if any(_PROTEST.search(e.text) for e in position.evidence):
        return True
    return bool(stated) and all(_REMOTE.search(t) for t in stated)


# A position stated at the meeting itself, or by a party's delegation to it.
_AT_MEETING = re.compile(
    r"\b(?:at|during|told|addressed|opened|chaired|chairing|into|in)\s+(?:the|this|that|a|its|their|today['’]s|"
    r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day['’]s)\s+(?:[\w-]+\s+){0,3}?(?:summit|talks|meeting|meetings|"
    r"conference|session|negotiations|ministerial|plenary|gathering|round|forum|delegates)\b|"
    r"\b(?:negotiators?|delegates?|delegations?|envoys?|chair(?:man|woman|person)?|mediators?)\b",
    re.IGNORECASE,
)
_SPEAKS = 0.55
"""How sure a party is present when its named people state its position, with nothing placing them away."""


def _heard_at_meeting(position: Position) -> tuple[float, str]:
    """Return how sure it is that a party stating a position attended, and the rule that says so."""
    if any(_AT_MEETING.search(e.text) for e in position.evidence):
        return 0.65, "states a position at the meeting or through its delegation"
    if position.spokespeople:
        return _SPEAKS, "its representatives state its position; no report places them away"
    return 0.3, "states a position; its attendance is not reported"


def _unsure_attendance(
    unsure: list[tuple[Attendee, Article]], present: dict[str, Present], absent: dict[str, Absent]
) -> list[ToCheck]:
    """Return the attendance findings too unsure to assert about parties nothing else places."""
    out: list[ToCheck] = []
    for a, article in unsure:
        if a.actor in present or a.actor in absent:
            continue
        item = f"{a.actor} attended" if a.present else f"{a.actor} stayed away"
        if any(c.item == item for c in out):
            continue
        s = a.sentence
        out.append(
            ToCheck(
                item=item,
                field="attendance.present" if a.present else "attendance.absent",
                rule=a.rule,
                confidence=round(a.confidence, 2),
                evidence=[Evidence(text=s.text, source=article.id, start=s.start, end=s.end)],
            )
        )
    return out


def _aliases(parties: dict[str, _Party], actor: str) -> list[str]:
    party = parties.get(actor)
    return list(party.aliases) if party else []


def _levels(people: object) -> dict[str, Level]:
    from .persons import People

    assert isinstance(people, People)
    out: dict[str, Level] = {}
    for name, actor in people.actor.items():
        level = people.level.get(name)
        if level is not None:
            out.setdefault(actor, level)
    return out


def _position(party: _Party) -> Position:
    return Position(
        actor=party.actor,
        aliases=party.aliases,
        spokespeople=party.spokespeople,
        stance=party.stance,
        demands=party.demands[:_MAX_DEMANDS],
        quotes=party.quotes,
        evidence=party.evidence,
        rule=party.rule,
        confidence=party.confidence,
    )
