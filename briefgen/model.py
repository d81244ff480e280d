"""The Brief: the contract every input is turned into and every output is made from."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    NonNegativeInt,
    PrivateAttr,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

__all__ = [
    "LIKELIHOOD_RANGES",
    "MAX_FIGURES",
    "MAX_ITEMS",
    "MAX_TEXT",
    "TLP",
    "XML_FORBIDDEN",
    "Absent",
    "Annex",
    "Attendance",
    "AttendeeKind",
    "Brief",
    "Confidence",
    "Count",
    "Drafting",
    "Event",
    "Evidence",
    "Figure",
    "Handling",
    "Issue",
    "IssueStance",
    "KeyJudgment",
    "Level",
    "Likelihood",
    "Outlook",
    "Position",
    "Present",
    "Qualifier",
    "Quote",
    "Source",
    "ToCheck",
    "dotted",
]

# XML 1.0 allows TAB, LF, CR and everything from U+0020 up except surrogates and U+FFFE/U+FFFF.
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _refusing(pattern: re.Pattern[str], kind: str, message: str) -> AfterValidator:
    """Return a validator that refuses a string holding a character ``pattern`` finds (``message`` names it)."""

    def check(value: str) -> str:
        bad = pattern.search(value)
        if bad:
            raise PydanticCustomError(kind, message, {"code": f"{ord(bad.group()):04X}", "pos": bad.start()})
        return value

    return AfterValidator(check)


_printable = _refusing(
    XML_FORBIDDEN,
    "forbidden_character",
    "contains the control character U+{code} at position {pos}, which documents cannot hold",
)


def _not_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("blank", "must not be empty")
    return value


MAX_TEXT = 100_000
"""The most characters one text field holds (a 20,000-character word fits; a 10 MB string does not)."""
MAX_ITEMS = 5_000
"""The most items one list holds (a brief with 2,000 positions fits)."""


def _at_most(limit: int) -> AfterValidator:
    """Return a validator that refuses a string of more than ``limit`` characters."""

    def check(value: str) -> str:
        if len(value) > limit:
            raise PydanticCustomError(
                "too_long",
                "is {length} characters long; the most this field holds is {limit}",
                {"length": f"{len(value):,}", "limit": f"{limit:,}"},
            )
        return value

    return AfterValidator(check)


Text = Annotated[str, _printable, _at_most(MAX_TEXT)]
"""Free text: any Unicode a document can hold."""

Name = Annotated[str, _printable, AfterValidator(_not_blank), _at_most(MAX_TEXT)]
"""A required, non-blank piece of text (a title, a name, a statement)."""


_address = _refusing(
    re.compile(r"[\s\x00-\x1f\x7f]"),
    "address_character",
    "contains a space or control character (U+{code}) at position {pos}; an address has none",
)


Address = Annotated[str, _printable, AfterValidator(_not_blank), _at_most(2_000), _address]
"""A web address: no spaces, no line breaks, no control characters."""

LanguageTag = Annotated[str, Field(pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")]
"""A BCP 47 language tag: en, fr, pt-BR, zh-Hant."""


class Likelihood(StrEnum):
    """The ICD 203 scale of estimative terms."""

    almost_no_chance = "almost no chance"
    very_unlikely = "very unlikely"
    unlikely = "unlikely"
    roughly_even_chance = "roughly even chance"
    likely = "likely"
    very_likely = "very likely"
    almost_certain = "almost certain"


LIKELIHOOD_RANGES: dict[Likelihood, tuple[int, int]] = {
    Likelihood.almost_no_chance: (1, 5),
    Likelihood.very_unlikely: (5, 20),
    Likelihood.unlikely: (20, 45),
    Likelihood.roughly_even_chance: (45, 55),
    Likelihood.likely: (55, 80),
    Likelihood.very_likely: (80, 95),
    Likelihood.almost_certain: (95, 99),
}
"""Each likelihood term with the range of probability (in per cent) it stands for."""


class Confidence(StrEnum):
    """How much the analyst trusts the judgment's basis."""

    low = "low"
    moderate = "moderate"
    high = "high"


class Qualifier(StrEnum):
    """How exact a reported count is."""

    exact = "exact"
    about = "about"
    more_than = "more than"
    at_least = "at least"
    as_many_as = "as many as"
    fewer_than = "fewer than"


# The words news reporting puts before a figure, and the qualifier each says (lower case, single spaces).
QUALIFIER_WORDS: dict[str, Qualifier] = {
    "more than": Qualifier.more_than,
    "over": Qualifier.more_than,
    "upwards of": Qualifier.more_than,
    "about": Qualifier.about,
    "around": Qualifier.about,
    "roughly": Qualifier.about,
    "some": Qualifier.about,
    "approximately": Qualifier.about,
    "nearly": Qualifier.about,
    "almost": Qualifier.about,
    "close to": Qualifier.about,
    "at least": Qualifier.at_least,
    "as many as": Qualifier.as_many_as,
    "up to": Qualifier.as_many_as,
    "fewer than": Qualifier.fewer_than,
    "less than": Qualifier.fewer_than,
    "under": Qualifier.fewer_than,
}


class TLP(StrEnum):
    """Traffic Light Protocol 2.0 labels."""

    CLEAR = "CLEAR"
    GREEN = "GREEN"
    AMBER = "AMBER"
    AMBER_STRICT = "AMBER+STRICT"
    RED = "RED"


class AttendeeKind(StrEnum):
    """What sort of party attended or stayed away."""

    state = "state"
    organisation = "organisation"
    bloc = "bloc"
    armed_group = "armed_group"
    other = "other"


class Level(StrEnum):
    """The rank at which a party was represented."""

    head_of_state = "head_of_state"
    head_of_government = "head_of_government"
    foreign_minister = "foreign_minister"
    minister = "minister"
    vice_minister = "vice_minister"
    envoy = "envoy"
    ambassador = "ambassador"
    senior_official = "senior_official"
    observer = "observer"


class IssueStance(StrEnum):
    """A party's stance on one issue of the matrix; a missing entry means not stated."""

    supports = "supports"
    opposes = "opposes"
    conditional = "conditional"
    ambiguous = "ambiguous"


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid", use_enum_values=False, validate_default=True, use_attribute_docstrings=True
    )


class Handling(_Model):
    """The handling marking printed at the top and bottom of every page."""

    banner: Text | None = Field(
        None,
        title="Banner",
        description=(
            "Free text printed verbatim at the top and bottom of every page and on page 1, e.g. a "
            "classification or a distribution caveat."
        ),
        examples=["UNCLASSIFIED"],
    )
    tlp: TLP | None = Field(
        None,
        title="TLP label",
        description=(
            "Traffic Light Protocol 2.0 label printed with the banner; one of CLEAR, GREEN, AMBER, AMBER+STRICT, RED."
        ),
        examples=["AMBER"],
    )
    portions: bool = Field(
        default=False,
        title="Portion marks",
        description="Mark every paragraph and list item with its level, e.g. '(C)', in the scheme of the pack "
        "(U, C, S, TS unless the pack sets its own); the banner must be at least the highest level used.",
        examples=[True],
    )


class Event(_Model):
    """The diplomatic event the brief is about."""

    name: Name = Field(
        title="Event name",
        description="The event's name as reported: a summit, a round of talks, a vote.",
        examples=["Summit on Peace in Ukraine"],
    )
    location: Text | None = Field(
        None,
        title="Location",
        description="Where the event takes place: venue, city and/or country.",
        examples=["Bürgenstock, Switzerland"],
    )
    start: dt.date | None = Field(
        None,
        title="Start date",
        description="The event's first day, as YYYY-MM-DD; not after `end`.",
        examples=["2024-06-15"],
    )
    end: dt.date | None = Field(
        None,
        title="End date",
        description="The event's last day, as YYYY-MM-DD; not before `start`.",
        examples=["2024-06-16"],
    )
    host: Text | None = Field(
        None,
        title="Host",
        description="Who hosts or convenes the event: a state, an organisation or a person.",
        examples=["Switzerland"],
    )


class Source(_Model):
    """A piece of reporting the brief relies on; cited by its ``id``."""

    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]{1,64}$")] = Field(
        title="Source id",
        description=(
            "The short name other fields cite this source by, unique in the brief: 1–64 letters, "
            "digits, '_', '.' or '-'."
        ),
        examples=["s1"],
    )
    title: Name = Field(
        title="Source title",
        description="The headline or title of the article or document.",
        examples=["Leaders gather for peace summit in Switzerland"],
    )
    publisher: Text | None = Field(
        None,
        title="Publisher",
        description="Who published the source: a news outlet, agency or government.",
        examples=["Reuters"],
    )
    url: Address | None = Field(
        None,
        title="Address",
        description="The source's web address (no spaces); printed and linked, never fetched.",
        examples=["https://example.org/news/peace-summit"],
    )
    date: dt.date | None = Field(
        None,
        title="Publication date",
        description="The day the source was published, as YYYY-MM-DD.",
        examples=["2024-06-14"],
    )


class Evidence(_Model):
    """A verbatim passage of a source; ``start``/``end`` are character offsets in it."""

    text: Name = Field(
        title="Verbatim text",
        description="A passage copied word for word from its source.",
        examples=["Russia was not invited to the summit."],
    )
    source: str | None = Field(
        None, title="Source id", description="The id of the entry in `sources` it comes from, e.g. s1.", examples=["s1"]
    )
    start: NonNegativeInt | None = Field(
        None,
        title="Start offset",
        description=(
            "Where the passage starts in the source's text, in characters from 0; written by `briefgen extract`."
        ),
        examples=[1042],
    )
    end: NonNegativeInt | None = Field(
        None,
        title="End offset",
        description=(
            "Where the passage ends in the source's text (the character after it); written by `briefgen extract`."
        ),
        examples=[1079],
    )


class Quote(_Model):
    """Words a spokesperson said, verbatim."""

    text: Name = Field(
        title="Quoted words",
        description="What the speaker said, verbatim from the source.",
        examples=["Peace cannot be achieved by one side alone."],
    )
    speaker: Text | None = Field(
        None, title="Speaker", description="Who said it, as named in the source.", examples=["Volodymyr Zelensky"]
    )
    source: str | None = Field(
        None, title="Source id", description="The id of the entry in `sources` it comes from, e.g. s1.", examples=["s1"]
    )
    start: NonNegativeInt | None = Field(
        None,
        title="Start offset",
        description=(
            "Where the quote starts in the source's text, in characters from 0; written by `briefgen extract`."
        ),
        examples=[2210],
    )
    end: NonNegativeInt | None = Field(
        None,
        title="End offset",
        description=(
            "Where the quote ends in the source's text (the character after it); written by `briefgen extract`."
        ),
        examples=[2254],
    )
    language: LanguageTag | None = Field(
        None,
        title="Quote language",
        description=(
            "The quote's language as a BCP 47 tag (en, fr, pt-BR), when it is not the brief's; screen "
            "readers and hyphenation follow it."
        ),
        examples=["uk"],
    )


class KeyJudgment(_Model):
    """An analytic judgment with its estimative likelihood and the analyst's confidence."""

    statement: Name = Field(
        title="Judgment",
        description="The analytic judgment in one or two sentences, without the likelihood term or the confidence.",
        examples=["Moscow will reject the summit's communiqué."],
    )
    likelihood: Likelihood | None = Field(
        None,
        title="Likelihood",
        description=(
            "How likely the judgment is, on the ICD 203 scale: almost no chance, very unlikely, "
            "unlikely, roughly even chance, likely, very likely, almost certain."
        ),
        examples=["likely"],
    )
    confidence: Confidence | None = Field(
        None,
        title="Confidence",
        description=(
            "How much the analyst trusts the judgment's basis: low, moderate or high (printed apart "
            "from the likelihood)."
        ),
        examples=["moderate"],
    )
    sources: list[str] = Field(
        default_factory=list,
        max_length=MAX_ITEMS,
        title="Sources",
        description="The ids of the sources the judgment rests on.",
        examples=[["s1", "s2"]],
    )
    portion: Text | None = Field(
        default=None,
        title="Portion mark",
        description="This item's level in the pack's scheme (e.g. 'C'), printed as '(C)' when handling.portions is on.",
        examples=["C"],
    )


class Issue(_Model):
    """A question on which parties take sides: a column of the positions matrix."""

    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]{1,64}$")] = Field(
        title="Issue id",
        description="The short name positions use in `issue_stances`: 1–64 letters, digits, '_', '.' or '-'.",
        examples=["ceasefire"],
    )
    label: Name = Field(
        title="Issue label",
        description="The question as printed at the head of its column of the positions matrix.",
        examples=["Ceasefire first"],
    )


Sureness = Annotated[float, Field(ge=0.0, le=1.0)]
"""How sure the drafting tool is of a drafted item, from 0 to 1."""


class _Drafted(_Model):
    """An item a machine may have drafted: the rule (or model) behind it and how sure it is."""

    confidence: Sureness | None = Field(
        None,
        title="Drafting confidence",
        description=(
            "How sure the drafting tool is of this item, from 0 (a guess) to 1 (certain); absent in a "
            "brief a person wrote."
        ),
        examples=[0.85],
    )
    rule: Text | None = Field(
        None,
        title="Drafting rule",
        description="The rule or model that drafted this item, so an analyst can see why it is there.",
        examples=["pattern: a number before what it counts"],
    )


class Position(_Drafted):
    """What one party wants, says and insists on."""

    actor: Name = Field(
        title="Actor",
        description="The party's canonical short English name: a state, bloc or organisation.",
        examples=["Russia"],
    )
    aliases: list[Text] = Field(
        default_factory=list,
        max_length=MAX_ITEMS,
        title="Aliases",
        description="Other names the reporting uses for the actor: its capital, its government's seat.",
        examples=[["Moscow", "Kremlin"]],
    )
    spokespeople: list[Name] = Field(
        default_factory=list,
        max_length=MAX_ITEMS,
        title="Spokespeople",
        description="The people who speak for the actor in the sources.",
        examples=[["Vladimir Putin"]],
    )
    stance: Text | None = Field(
        None,
        title="Stance",
        description="The actor's position in one sentence.",
        examples=["Talks only if Ukraine withdraws from four regions."],
    )
    demands: list[Name] = Field(
        default_factory=list,
        max_length=MAX_ITEMS,
        title="Demands",
        description="What the actor insists on, one demand an item.",
        examples=[["Ukraine withdraws from four regions", "No NATO membership"]],
    )
    quotes: list[Quote] = Field(
        default_factory=list,
        max_length=MAX_ITEMS,
        title="Quotes",
        description="Words the actor's spokespeople said, verbatim, with their source; the first is the key quote.",
        examples=[[{"text": "We are ready to talk.", "speaker": "Vladimir Putin", "source": "s1"}]],
    )
    evidence: list[Evidence] = Field(
        default_factory=list,
        max_length=MAX_ITEMS,
        title="Evidence",
        description="Verbatim passages of the sources that show the position.",
        examples=[[{"text": "Moscow demanded a withdrawal.", "source": "s1"}]],
    )
    issue_stances: dict[str, IssueStance] = Field(
        default_factory=dict,
        max_length=MAX_ITEMS,
        title="Stances on issues",
        description=(
            "The actor's stance on each issue by issue id: supports, opposes, conditional or ambiguous;"
            " an issue left out means not stated."
        ),
        examples=[{"ceasefire": "opposes"}],
    )
    portion: Text | None = Field(
        default=None,
        title="Portion mark",
        description="This item's level in the pack's scheme (e.g. 'C'), printed as '(C)' when handling.portions is on.",
        examples=["C"],
    )


class Present(_Drafted):
    """A party reported as attending."""

    name: Name = Field(
        title="Party", description="The attending party's canonical short English name.", examples=["Ukraine"]
    )
    kind: AttendeeKind | None = Field(
        None,
        title="Kind of party",
        description="What sort of party it is: state, organisation, bloc, armed_group or other.",
        examples=["state"],
    )
    level: Level | None = Field(
        None,
        title="Level",
        description=(
            "The rank it was represented at: head_of_state, head_of_government, foreign_minister, "
            "minister, vice_minister, envoy, ambassador, senior_official or observer."
        ),
        examples=["head_of_state"],
    )
    aliases: list[Text] = Field(
        default_factory=list,
        max_length=MAX_ITEMS,
        title="Aliases",
        description="Other names the reporting uses for the party.",
        examples=[["Kyiv"]],
    )
    source: str | None = Field(
        None, title="Source id", description="The id of the entry in `sources` it comes from, e.g. s1.", examples=["s1"]
    )
    evidence: Evidence | None = Field(
        None,
        title="Evidence",
        description="The verbatim passage that reports the party attending.",
        examples=[{"text": "Ukraine's president attended.", "source": "s1"}],
    )


class Absent(_Drafted):
    """A party reported as not attending, with the reason where one is given."""

    name: Name = Field(
        title="Party", description="The absent party's canonical short English name.", examples=["Russia"]
    )
    kind: AttendeeKind | None = Field(
        None,
        title="Kind of party",
        description="What sort of party it is: state, organisation, bloc, armed_group or other.",
        examples=["state"],
    )
    reason: Text | None = Field(
        None,
        title="Reason",
        description="Why the party stayed away, as reported; leave it out when the sources do not say.",
        examples=["not invited"],
    )
    aliases: list[Text] = Field(
        default_factory=list,
        max_length=MAX_ITEMS,
        title="Aliases",
        description="Other names the reporting uses for the party.",
        examples=[["Moscow"]],
    )
    source: str | None = Field(
        None, title="Source id", description="The id of the entry in `sources` it comes from, e.g. s1.", examples=["s1"]
    )
    evidence: Evidence | None = Field(
        None,
        title="Evidence",
        description="The verbatim passage that reports the party's absence.",
        examples=[{"text": "Russia was not invited.", "source": "s1"}],
    )


class Count(_Drafted):
    """A reported number of participants, invitees or absentees."""

    label: Name = Field(
        title="Counted",
        description="What was counted, in a few words; counts with the same label are compared.",
        examples=["countries invited"],
    )
    value: NonNegativeInt = Field(
        title="Number", description="The reported number, a whole number from 0.", examples=[160]
    )
    qualifier: Qualifier = Field(
        Qualifier.exact,
        title="Count qualifier",
        description=(
            "How exact the number is: exact, about, more than, at least, as many as or fewer than (default exact)."
        ),
        examples=["about"],
    )
    source: str | None = Field(
        None, title="Source id", description="The id of the entry in `sources` it comes from, e.g. s1.", examples=["s1"]
    )
    evidence: Evidence | None = Field(
        None,
        title="Evidence",
        description="The verbatim passage that reports the number.",
        examples=[{"text": "About 160 countries were invited.", "source": "s1"}],
    )


class Attendance(_Model):
    """Who came, who stayed away, and how many."""

    present: list[Present] = Field(
        default_factory=list,
        max_length=MAX_ITEMS,
        title="Present",
        description="The parties reported as attending.",
        examples=[[{"name": "Ukraine", "kind": "state"}]],
    )
    absent: list[Absent] = Field(
        default_factory=list,
        max_length=MAX_ITEMS,
        title="Absent",
        description="The parties reported as staying away, with the reason where one is given.",
        examples=[[{"name": "Russia", "reason": "not invited"}]],
    )
    counts: list[Count] = Field(
        default_factory=list,
        max_length=MAX_ITEMS,
        title="Counts",
        description="Reported numbers of participants, invitees or absentees.",
        examples=[[{"label": "countries invited", "value": 160, "qualifier": "about"}]],
    )


class Outlook(_Drafted):
    """A forward-looking statement: what is expected or to be watched."""

    statement: Name = Field(
        title="Outlook statement",
        description="What is expected next or is to be watched, in one or two sentences.",
        examples=["A second summit is planned for the autumn."],
    )
    likelihood: Likelihood | None = Field(
        None,
        title="Likelihood",
        description=(
            "How likely it is, on the ICD 203 scale: almost no chance, very unlikely, unlikely, roughly"
            " even chance, likely, very likely, almost certain."
        ),
        examples=["roughly even chance"],
    )
    evidence: list[Evidence] = Field(
        default_factory=list,
        max_length=MAX_ITEMS,
        title="Evidence",
        description="Verbatim passages of the sources the outlook rests on.",
        examples=[[{"text": "A follow-up meeting is planned.", "source": "s1"}]],
    )
    portion: Text | None = Field(
        default=None,
        title="Portion mark",
        description="This item's level in the pack's scheme (e.g. 'C'), printed as '(C)' when handling.portions is on.",
        examples=["C"],
    )


class ToCheck(_Model):
    """A finding the drafting tool was not sure enough of to assert: the analyst decides."""

    item: Name = Field(
        title="Finding", description="What the drafting tool found but did not assert.", examples=["China attended"]
    )
    field: Text = Field(
        title="Field",
        description="Where the finding would go if the analyst keeps it, as a field path.",
        examples=["attendance.present"],
    )
    rule: Text | None = Field(
        None,
        title="Drafting rule",
        description="The rule or model that made the finding.",
        examples=["pattern: a number before what it counts"],
    )
    confidence: Sureness | None = Field(
        None,
        title="Drafting confidence",
        description="How sure the drafting tool is of the finding, from 0 to 1.",
        examples=[0.4],
    )
    evidence: list[Evidence] = Field(
        default_factory=list,
        max_length=MAX_ITEMS,
        title="Evidence",
        description="The verbatim passages the finding rests on.",
        examples=[[{"text": "China sent an observer.", "source": "s1"}]],
    )


class Drafting(_Model):
    """Records that a machine drafted the brief, and how; a rendered draft says so."""

    method: Text = Field(
        title="Method",
        description="How the brief was drafted: rules, or rules+llm when a language model helped.",
        examples=["rules"],
    )
    tool: Text = Field("briefgen", title="Tool", description="The program that drafted it.", examples=["briefgen"])
    version: Text | None = Field(
        None, title="Tool version", description="The version of the program that drafted it.", examples=["0.1.0"]
    )
    model: Text | None = Field(
        None, title="Model", description="The language model used, when one was.", examples=["llama3.1:8b"]
    )
    notes: list[Text] = Field(
        default_factory=list,
        max_length=MAX_ITEMS,
        title="Drafting notes",
        description="What the analyst should know about how the draft was made.",
        examples=[["The date is not stated in the sources."]],
    )
    to_check: list[ToCheck] = Field(
        default_factory=list,
        max_length=MAX_ITEMS,
        title="To check",
        description=(
            "Findings not asserted, for the analyst to keep or drop; `briefgen approve` refuses while any remain."
        ),
        examples=[[{"item": "China attended", "field": "attendance.present"}]],
    )


_NO_DATE = object()


class Annex(_Model):
    """An annex at the end of the brief: a title and a body in the Markdown subset."""

    title: Name = Field(
        title="Annex title", description="The annex's heading.", examples=["Text of the joint communiqué"]
    )
    body: Text = Field(
        title="Annex body",
        description=(
            "The annex's text in the Markdown subset: paragraphs, bold, italic, links, lists, [s1] citations."
        ),
        examples=["The participants **reaffirm** their commitment [s1]."],
    )


MAX_FIGURES = 50
"""The most figures one brief holds."""


class Figure(_Model):
    """An image in the brief: a PNG, JPEG or SVG file in the brief's folder (or below it)."""

    path: Name = Field(
        title="Image file",
        description="The image's file, relative to the brief's folder and inside it, e.g. 'figures/map.png'.",
        examples=["figures/map.png"],
    )
    alt: Name = Field(
        title="Alternative text",
        description="What the image shows, for readers who cannot see it (screen readers, text extraction).",
        examples=["Map of the summit venue and the delegations' hotels"],
    )
    caption: Text | None = Field(
        default=None,
        title="Caption",
        description="Printed under the image as 'Figure 1. <caption>'.",
        examples=["Delegations expected, by region"],
    )
    portion: Text | None = Field(
        default=None,
        title="Portion mark",
        description="The caption's level in the pack's scheme (e.g. 'U'), printed when handling.portions is on.",
        examples=["U"],
    )


class Brief(_Model):
    """A briefing on one diplomatic event."""

    title: Name = Field(
        title="Title", description="The brief's headline.", examples=["Ukraine peace summit: Moscow sets its terms"]
    )
    date: dt.date | None = Field(
        None,
        title="Date",
        description=(
            "The event's date as YYYY-MM-DD; only a draft may leave it empty (when the sources do not state it)."
        ),
        examples=["2024-06-14"],
    )
    summary: Name = Field(
        title="Bottom line",
        description="The bottom line up front: one to three sentences, or several paragraphs in the Markdown subset.",
        examples=["Moscow set terms that Kyiv and its partners rejected."],
    )
    subtitle: Text | None = Field(
        None, title="Subtitle", description="A line printed under the title.", examples=["Situation report"]
    )
    author: Text | None = Field(None, title="Author", description="Who wrote the brief.", examples=["J. Analyst"])
    organisation: Text | None = Field(
        None,
        title="Organisation",
        description="The organisation the brief comes from.",
        examples=["Policy Planning Staff"],
    )
    language: LanguageTag = Field(
        "en",
        title="Language",
        description="The brief's language as a BCP 47 tag (en, fr, pt-BR); default en.",
        examples=["en"],
    )
    as_of: dt.date | None = Field(
        None,
        title="Information as of",
        description="The day the information was last brought up to date, as YYYY-MM-DD.",
        examples=["2024-06-16"],
    )
    handling: Handling | None = Field(
        None,
        title="Handling",
        description="The banner text and/or TLP label printed at the top and bottom of every page.",
        examples=[{"banner": "UNCLASSIFIED", "tlp": "AMBER"}],
    )
    event: Event | None = Field(
        None,
        title="Event",
        description="The event the brief is about: name, location, start and end dates, host.",
        examples=[{"name": "Summit on Peace in Ukraine", "start": "2024-06-15"}],
    )
    key_judgments: list[KeyJudgment] = Field(
        default_factory=list,
        max_length=MAX_ITEMS,
        title="Key judgments",
        description="The analyst's judgments, each with a likelihood, a confidence and the sources it rests on.",
        examples=[
            [
                {
                    "statement": "Moscow will reject the communiqué.",
                    "likelihood": "likely",
                    "confidence": "moderate",
                    "sources": ["s1"],
                }
            ]
        ],
    )
    issues: list[Issue] = Field(
        default_factory=list,
        max_length=MAX_ITEMS,
        title="Issues",
        description="The questions parties take sides on: the columns of the positions matrix.",
        examples=[[{"id": "ceasefire", "label": "Ceasefire first"}]],
    )
    positions: list[Position] = Field(
        default_factory=list,
        max_length=MAX_ITEMS,
        title="Positions",
        description="One entry per party: its stance, demands, spokespeople, quotes and evidence.",
        examples=[[{"actor": "Russia", "stance": "Talks only on its terms."}]],
    )
    attendance: Attendance = Field(
        default_factory=Attendance,
        title="Attendance and counts",
        description="Who came, who stayed away and why, and the reported counts.",
        examples=[{"present": [{"name": "Ukraine"}], "absent": [{"name": "Russia", "reason": "not invited"}]}],
    )
    outlook: list[Outlook] = Field(
        default_factory=list,
        max_length=MAX_ITEMS,
        title="Outlook",
        description="What is expected next, each with a likelihood and its evidence.",
        examples=[[{"statement": "A second summit is planned.", "likelihood": "likely"}]],
    )
    watch: list[Name] = Field(
        default_factory=list,
        max_length=MAX_ITEMS,
        title="What to watch",
        description="Signs to look out for, one an item.",
        examples=[["Whether China joins the follow-up meeting"]],
    )
    sources: list[Source] = Field(
        default_factory=list,
        max_length=MAX_ITEMS,
        title="Sources",
        description="The reporting the brief relies on, cited elsewhere by id and printed as numbered notes.",
        examples=[[{"id": "s1", "title": "Leaders gather for peace summit", "publisher": "Reuters"}]],
    )
    drafting: Drafting | None = Field(
        None,
        title="Drafting record",
        description=(
            "Present when a machine drafted the brief: how, and what is left to check; a brief with it "
            "renders as a DRAFT."
        ),
        examples=[{"method": "rules", "tool": "briefgen"}],
    )
    background: Text | None = Field(
        None,
        title="Background",
        description=(
            "What led to the event, in the Markdown subset (paragraphs, bold, italic, links, lists, [s1] citations)."
        ),
        examples=["Talks stalled in **2023** [s1]."],
    )
    analysis: Text | None = Field(
        None,
        title="Analysis",
        description="The analyst's reading of the event, in the same Markdown subset.",
        examples=["The summit showed *broad* but shallow support [s2]."],
    )
    annexes: list[Annex] = Field(
        default_factory=list,
        max_length=MAX_ITEMS,
        title="Annexes",
        description="Material at the end of the brief, each with a title and a body in the Markdown subset.",
        examples=[[{"title": "Communiqué", "body": "The participants agree…"}]],
    )
    prepared_for: Text | None = Field(
        None,
        title="Prepared for",
        description="Who the brief is for (a person, an office or a meeting), printed in the title block.",
        examples=["The Minister"],
    )
    distribution: list[Name] = Field(
        default_factory=list,
        max_length=MAX_ITEMS,
        title="Distribution",
        description="Who receives the brief, printed in the title block.",
        examples=[["Private Office", "Europe Directorate"]],
    )
    toc: bool = Field(
        False,
        title="Table of contents",
        description="Print a table of contents after the title block: true or false (default false).",
        examples=[True],
    )
    figures: list[Figure] = Field(
        default_factory=list,
        max_length=MAX_FIGURES,
        title="Figures",
        description="Images printed after the analysis, numbered 'Figure 1', 'Figure 2'; read from the brief's folder.",
        examples=[[{"path": "figures/map.png", "alt": "Map of the venue", "caption": "The venue"}]],
    )
    _origin: Any = PrivateAttr(default=None)
    """Where the brief was read from and the images of its figures (briefgen.origin.Origin), set by loading."""
    approved_by: Text | None = Field(
        default=None,
        title="Approved by",
        description="Who approved the brief for release (set by `briefgen approve`).",
        examples=["J. Analyst"],
    )
    approved_on: dt.date | None = Field(
        default=None,
        title="Approved on",
        description="The day the brief was approved (set by `briefgen approve`), as YYYY-MM-DD.",
        examples=["2026-03-14"],
    )

    @model_validator(mode="before")
    @classmethod
    def _date_required_unless_draft(cls, data: Any) -> Any:
        # Only a draft may leave the date out; for any other brief it is as required as the title.
        if isinstance(data, dict) and data.get("date") is None and data.get("drafting") is None:
            return {**data, "date": _NO_DATE}
        return data

    @field_validator("date", mode="before")
    @classmethod
    def _date_given(cls, value: Any) -> Any:
        if value is _NO_DATE:
            raise PydanticCustomError("missing", "Field required")
        return value

    @model_validator(mode="after")
    def _references_resolve(self) -> Brief:
        problems = list(_reference_problems(self))
        if problems:
            raise PydanticCustomError(
                "unknown_reference",
                "{first}",
                {"first": f"{dotted(problems[0][0])}: {problems[0][1]}", "problems": problems},
            )
        return self

    def likelihoods_used(self) -> bool:
        """Return whether any judgment or outlook uses an estimative term."""
        return any(k.likelihood for k in self.key_judgments) or any(o.likelihood for o in self.outlook)


def dotted(loc: tuple[str | int, ...]) -> str:
    """Return a field's location as written in a message: ``positions[0].quotes[1].text``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _references(brief: Brief) -> Iterator[tuple[tuple[str | int, ...], str | None]]:
    for i, kj in enumerate(brief.key_judgments):
        for j, ref in enumerate(kj.sources):
            yield ("key_judgments", i, "sources", j), ref
    for i, pos in enumerate(brief.positions):
        for j, quote in enumerate(pos.quotes):
            yield ("positions", i, "quotes", j, "source"), quote.source
        for j, ev in enumerate(pos.evidence):
            yield ("positions", i, "evidence", j, "source"), ev.source
    for side in ("present", "absent"):
        for i, party in enumerate(getattr(brief.attendance, side)):
            yield ("attendance", side, i, "source"), party.source
    for i, count in enumerate(brief.attendance.counts):
        yield ("attendance", "counts", i, "source"), count.source
        if count.evidence:
            yield ("attendance", "counts", i, "evidence", "source"), count.evidence.source
    for i, item in enumerate(brief.outlook):
        for j, ev in enumerate(item.evidence):
            yield ("outlook", i, "evidence", j, "source"), ev.source


def _reference_problems(brief: Brief) -> Iterator[tuple[tuple[str | int, ...], str]]:
    known = [s.id for s in brief.sources]
    seen: set[str] = set()
    for i, source in enumerate(brief.sources):
        if source.id in seen:
            yield ("sources", i, "id"), f"duplicate source id {source.id!r}"
        seen.add(source.id)
    listed = ", ".join(known) if known else "none"
    for loc, ref in _references(brief):
        if ref is not None and ref not in seen:
            yield loc, f"unknown source id {ref!r} (sources listed: {listed})"
    issue_ids = {issue.id for issue in brief.issues}
    for i, pos in enumerate(brief.positions):
        for issue_id in pos.issue_stances:
            if issue_id not in issue_ids:
                yield ("positions", i, "issue_stances", issue_id), f"unknown issue id {issue_id!r}"


SCHEMA_ID = "urn:briefgen:schema:brief:1"
"""The schema's identifier; the same schema ships in the package as brief.schema.json."""


def json_schema() -> dict[str, Any]:
    """Return the JSON Schema of the Brief."""
    schema = Brief.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = SCHEMA_ID
    schema["title"] = "Brief"
    return schema
