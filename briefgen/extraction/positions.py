"""Find who states, demands, proposes or rejects what: the positions of the parties."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .analysis import MONEY, Analysis, clauses, inverted_speaker, subjects
from .mentions import Mention
from .outlook import likelihood_of
from .text import Sentence

__all__ = ["Finding", "QuoteFinding", "find_positions"]

_STANCE = re.compile(
    r"\b(?:said|says|say|told|tells|argued|argues|has\s+argued|insisted|insists|demanded|demands|called\s+for|"
    r"called\s+on|calls\s+for|calls\s+on|urged|urges|rejected|rejects|warned|warns|wants|wanted|"
    r"(?:is\s+|are\s+)?pushing\s+for|pushed\s+for|pushed\s+back|pressed|presses|proposed|proposes|put\s+forward|"
    r"backed|backs|opposed|opposes|accused|accuses|stuck\s+to|defended|defends|added(?!\s+(?:his|her|its|their)\s)|acknowledged|agreed|"
    r"refused|refuses|threatened|threatens|vowed|pledged|pledges|offered|condemned|welcomed|critici[sz]ed|"
    r"announced|stated|declared|maintained|reiterated|stressed|emphasi[sz]ed|expressed|preferred|prefers|"
    r"sought|seeks|asked|asks|denied|dismissed|warning|insisting|demanding|arguing|accusing|urging|"
    r"its\s+(?:insistence|demand|position|call)|their\s+(?:insistence|demand|position|call))\b"
)
_STANCE_NOUN = re.compile(
    r"['’]s\s+(?:[a-z]+\s+){0,2}?(?:position|demands?|price|offer|proposal|insistence|stance|view|conditions?|"
    r"red\s+lines?|terms)\b"
)
_DEMAND = re.compile(
    r"\b(?:demanded|demands?\s+that|called\s+for|called\s+on|calls\s+for|calls\s+on|urged|urges|insisted(?:\s+that)?|"
    r"(?:is\s+|are\s+)?pushing\s+for|wants|price\s+for\b.*?\bwas|on\s+condition\s+that|only\s+if|rejected|"
    r"proposal\s+for|proposed|would\s+not\s+accept|will\s+not\s+accept|had\s+to|has\s+to|must|"
    r"stuck\s+to\s+its\s+demand\s+that)\b\s*"
)
_PRESENT = {
    "said": "says",
    "told": "tells",
    "argued": "argues",
    "has argued": "argues",
    "insisted": "insists",
    "demanded": "demands",
    "urged": "urges",
    "rejected": "rejects",
    "warned": "warns",
    "wanted": "wants",
    "pressed": "presses",
    "proposed": "proposes",
    "backed": "backs",
    "opposed": "opposes",
    "accused": "accuses",
    "defended": "defends",
    "added": "adds",
    "pledged": "pledges",
    "offered": "offers",
    "announced": "announces",
    "expressed": "expresses",
    "preferred": "prefers",
    "denied": "denies",
    "dismissed": "dismisses",
    "stuck to": "sticks to",
    "pushed back": "pushes back",
    "put forward": "puts forward",
    "called for": "calls for",
    "called on": "calls on",
    "welcomed": "welcomes",
    "condemned": "condemns",
    "vowed": "vows",
    "threatened": "threatens",
    "refused": "refuses",
    "acknowledged": "acknowledges",
    "agreed": "agrees",
}
_OBJECT_OF = re.compile(
    r"\b(?:accused|accuses|urged|urges|called\s+on|calls\s+on|pressed|presses|criticised|criticized|condemned|"
    r"warned|blamed|rejected|asked|told|invited|welcomed|thanked|praised)\s+(?:the\s+|its\s+|their\s+)?$"
)
# "Romania and Bulgaria were not invited, a Turkish diplomatic source said, because ...": the attribution set
# off by commas names who speaks; the subject of the sentence only is what is reported.
_PARENTHETICAL_BEFORE = re.compile(r",\s+(?:[\w’'-]+\s+){1,5}$")
_PARENTHETICAL_AFTER = re.compile(r"(?:\s+(?:on|late|early)\s+\w+)?\s*(?:[,.;]|$)")
_ATTRIBUTION_AFTER = re.compile(r"[\s,”\"]*(?:(?:he|she)\s+)?(?:said|says|told|added|wrote|posted)\b")
_ATTRIBUTION_BEFORE = re.compile(r"(?:said|says|told\s+\w+|added|wrote|posted)\s*[:,]\s*$")


@dataclass
class Finding:
    """One clause in which a party states or demands something."""

    actor: str
    sentence: Sentence
    clause: tuple[int, int]
    verb: str
    verb_end: int
    speaker: str | None
    demands: list[str] = field(default_factory=list)
    inverted: bool = False


@dataclass(frozen=True)
class QuoteFinding:
    """Words in quotation marks, with the party and person they are attributed to."""

    actor: str
    speaker: str | None
    start: int
    end: int


def _clean(fragment: str) -> str:
    fragment = fragment.strip(' ,.;:“”"')
    fragment = re.sub(r"\s+", " ", fragment)
    words = fragment.split()
    if len(words) > 40:
        fragment = " ".join(words[:40]) + " …"
    return fragment


def _demands(text: str, start: int, end: int) -> list[str]:
    out = []
    for m in _DEMAND.finditer(text, start, end):
        obj = _clean(text[m.end() : end])
        if len(obj.split()) < 3:
            continue
        trigger = " ".join(m.group().split()).lower()
        if trigger in {"only if", "on condition that"}:
            obj = f"{trigger} {obj}"
        elif trigger.startswith(("would not accept", "will not accept")):
            obj = f"no acceptance of {obj}"
        elif trigger == "rejected":
            obj = f"rejects {obj}"
        elif trigger in {"must", "had to", "has to"}:
            head = _clean(text[max(start, m.start() - 80) : m.start()]).split(" that ")[-1]
            obj = f"{head} {trigger.replace('had to', 'has to')} {obj}"
        out.append(obj[:1].upper() + obj[1:])
        break
    return out


def find_positions(analysis: Analysis) -> tuple[list[Finding], list[QuoteFinding]]:
    """Return every stance clause and every attributed quotation in the article."""
    text = analysis.article.text
    findings: list[Finding] = []
    for sent in analysis.sentences:
        for start, end in clauses(text, sent):
            findings.extend(_clause_findings(analysis, sent, start, end))
    return findings, _quotes(analysis, findings)


def _clause_findings(analysis: Analysis, sent: Sentence, start: int, end: int) -> list[Finding]:
    text = analysis.article.text
    for m in analysis.in_span(start, end, people=False):
        noun = _STANCE_NOUN.match(text, m.end, end)
        if noun and not sent.quoted(m.start):
            return [Finding(m.actor, sent, (start, end), "holds", noun.end(), None, _demands(text, m.start, end))]
    for verb in _STANCE.finditer(text, start, end):
        if sent.quoted(verb.start()) or MONEY.match(text, verb.end(), end):
            # "Japan pledged $150 million": a donation is an act at the meeting, not a stated position.
            continue
        who = inverted_speaker(analysis, verb.end() + 1) if verb.group().startswith(("said", "says")) else None
        aside = _aside(analysis, sent, start, verb) if who is None else None
        if aside is not None:
            found = aside
        else:
            found = [who] if who and who.actor else subjects(analysis, start, verb.start(), sent)
        # "The communiqué accused China of X and called on Beijing to Y": China is the object of the
        # first verb, not the subject of the second.
        found = [m for m in found if m.actor and not _OBJECT_OF.search(text, start, m.start)]
        if not found:
            continue
        if all(m.form == "official" for m in found) and likelihood_of(_unquoted_rest(text, sent, verb.end(), end)):
            # "A senior EU official said a deal was almost certain": an unnamed official's forecast is an
            # outlook, not the party's position.
            continue
        demands = _demands(text, verb.start(), end)
        verb_text = " ".join(verb.group().split())
        out: list[Finding] = []
        for m in found:
            if all(f.actor != m.actor for f in out):
                finding = Finding(m.actor, sent, (start, end), verb_text, verb.end(), m.person, demands)
                finding.inverted = who is not None
                out.append(finding)
        return out
    return []


def _unquoted_rest(text: str, sent: Sentence, start: int, end: int) -> str:
    return "".join(" " if sent.quoted(i) else text[i] for i in range(start, end))


def _aside(analysis: Analysis, sent: Sentence, start: int, verb: re.Match[str]) -> list[Mention] | None:
    """Return who speaks in an attribution set off by commas (", officials said."), or None if there is none.

    A named speaker ("..., he said,") is left to the usual subject rules; an attribution that names no
    person gives the party it names ("Lenorian officials"), or nobody.
    """
    text = analysis.article.text
    if verb.group() not in {"said", "says", "added"}:
        return None
    before = _PARENTHETICAL_BEFORE.search(text, start, verb.start())
    if before is None or not _PARENTHETICAL_AFTER.match(text, verb.end(), sent.end):
        return None
    if any(m.actor or m.is_person for m in analysis.speakers if before.start() <= m.start < verb.start()):
        return None
    if sent.quoted(before.start()) or re.search(r"\b(?:its|their|his|her)\b", before.group()):
        return None  # ", its foreign ministry said": the subject speaks through its own office
    return [m for m in analysis.in_span(before.start(), verb.start(), people=False)][:1]


def _quotes(analysis: Analysis, findings: list[Finding]) -> list[QuoteFinding]:
    text = analysis.article.text
    out: list[QuoteFinding] = []
    by_sentence = {f.sentence.index: f for f in findings}
    last: tuple[str, str | None, int] | None = None
    for para in analysis.paragraphs:
        for a, b in para.quotes:
            end = b
            while end > a and text[end - 1] in " ,.;:":
                end -= 1
            if len(text[a:end].split()) < 5:
                continue
            who = _attribution(analysis, a, b)
            if who is None:
                sent = next((s for s in para.sentences if s.start <= a < s.end + 1), None)
                finding = by_sentence.get(sent.index) if sent else None
                if finding is not None:
                    who = (finding.actor, finding.speaker)
            if who is None and last is not None and last[2] >= para.index - 1 and a <= para.start + 1:
                who = (last[0], last[1])
            if who is None:
                continue
            last = (who[0], who[1], para.index)
            out.append(QuoteFinding(who[0], who[1], a, end))
    return out


def _attribution(analysis: Analysis, a: int, b: int) -> tuple[str, str | None] | None:
    text = analysis.article.text
    after = _ATTRIBUTION_AFTER.match(text, b, min(len(text), b + 40))
    near = [m for m in analysis.speakers if b < m.start <= b + 40 and m.actor]
    if after:
        tail = [m for m in near if m.start <= after.end() + 2]
        if tail:
            return tail[0].actor, tail[0].person
    elif (
        near
        and _ATTRIBUTION_AFTER.match(text, near[0].end, near[0].end + 15)
        and near[0].start <= b + 4
        and "\n" not in text[b : near[0].start]  # a speaker who opens the next paragraph speaks there
    ):
        return near[0].actor, near[0].person
    if _ATTRIBUTION_BEFORE.search(text, max(0, a - 40), a - 1):
        before = [m for m in analysis.speakers + analysis.parties if a - 60 <= m.start < a and m.actor]
        if before:
            return before[-1].actor, before[-1].person
    return None


def stance_sentence(actor: str, finding: Finding, text: str) -> tuple[str, bool]:
    """Return a one-sentence stance in the brief's words for ``actor`` from its strongest finding.

    The flag says the stance only points to the party's quoted remarks (a weaker stance than one
    that states what the party wants).
    """
    verb = _PRESENT.get(finding.verb, finding.verb if finding.verb.endswith("s") else "states")
    if finding.verb == "holds":
        verb = "holds that"
    obj = _clean(text[finding.verb_end : finding.clause[1]])
    if len(obj.split()) < 4:
        obj = _clean(text[finding.verb_end : finding.sentence.end])
    obj = re.sub(r"^(?:was|is|were|are)\s+", "", obj)
    if finding.verb in {"told", "tells"}:
        obj = re.sub(r"^(?:\S+\s+){0,4}?that\s+", "", obj)
    obj = re.sub(
        r"^(?:that|reporters|the\s+\w+\s+that|on\s+\w+|in\s+a\s+[\w\s]{0,20}?(?:statement|release))\s+", "", obj
    )
    obj = re.sub(r"^that\s+", "", obj)
    if finding.demands:
        owner = f"{actor}’" if actor.endswith("s") else f"{actor}’s"
        demand = re.sub(r"^(?:said|says|insisted|insists)\s+(?:that\s+)?", "", finding.demands[0])
        return f"{owner} central demand: {demand[:1].lower()}{demand[1:]}.", False
    if len(obj.split()) < 3 or finding.inverted:
        return f"{actor} set out its position in on-the-record remarks (see quotes).", True
    return f"{actor} {verb} {obj}.", False
