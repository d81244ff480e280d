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
    model_config = ConfigDict(extra="forbid", use_enum_values=False, validate_default=True)


class Handling(_Model):
    """The handling marking printed at the top and bottom of every page."""

    banner: Text | None = None
    tlp: TLP | None = None
    portions: bool = Field(
        default=False,
        title="Portion marks",
        description="Mark every paragraph and list item with its level, e.g. '(C)', in the scheme of the pack "
        "(U, C, S, TS unless the pack sets its own); the banner must be at least the highest level used.",
    )


class Event(_Model):
    """The diplomatic event the brief is about."""

    name: Name
    location: Text | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    host: Text | None = None


class Source(_Model):
    """A piece of reporting the brief relies on; cited by its ``id``."""

    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]{1,64}$")]
    title: Name
    publisher: Text | None = None
    url: Address | None = None
    date: dt.date | None = None


class Evidence(_Model):
    """A verbatim passage of a source; ``start``/``end`` are character offsets in it."""

    text: Name
    source: str | None = None
    start: NonNegativeInt | None = None
    end: NonNegativeInt | None = None


class Quote(_Model):
    """Words a spokesperson said, verbatim."""

    text: Name
    speaker: Text | None = None
    source: str | None = None
    start: NonNegativeInt | None = None
    end: NonNegativeInt | None = None
    language: LanguageTag | None = None
    """The quote's language (BCP 47) when it is not the brief's: screen readers and hyphenation follow it."""


class KeyJudgment(_Model):
    """An analytic judgment with its estimative likelihood and the analyst's confidence."""

    statement: Name
    likelihood: Likelihood | None = None
    confidence: Confidence | None = None
    sources: list[str] = Field(default_factory=list, max_length=MAX_ITEMS)
    portion: Text | None = Field(
        default=None,
        title="Portion mark",
        description="This item's level in the pack's scheme (e.g. 'C'), printed as '(C)' when handling.portions is on.",
    )


class Issue(_Model):
    """A question on which parties take sides: a column of the positions matrix."""

    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]{1,64}$")]
    label: Name


Sureness = Annotated[float, Field(ge=0.0, le=1.0)]
"""How sure the drafting tool is of a drafted item, from 0 to 1."""


class _Drafted(_Model):
    """An item a machine may have drafted: the rule (or model) behind it and how sure it is."""

    confidence: Sureness | None = None
    rule: Text | None = None


class Position(_Drafted):
    """What one party wants, says and insists on."""

    actor: Name
    aliases: list[Text] = Field(default_factory=list, max_length=MAX_ITEMS)
    spokespeople: list[Name] = Field(default_factory=list, max_length=MAX_ITEMS)
    stance: Text | None = None
    demands: list[Name] = Field(default_factory=list, max_length=MAX_ITEMS)
    quotes: list[Quote] = Field(default_factory=list, max_length=MAX_ITEMS)
    evidence: list[Evidence] = Field(default_factory=list, max_length=MAX_ITEMS)
    issue_stances: dict[str, IssueStance] = Field(default_factory=dict, max_length=MAX_ITEMS)
    portion: Text | None = Field(
        default=None,
        title="Portion mark",
        description="This item's level in the pack's scheme (e.g. 'C'), printed as '(C)' when handling.portions is on.",
    )


class Present(_Drafted):
    """A party reported as attending."""

    name: Name
    kind: AttendeeKind | None = None
    level: Level | None = None
    aliases: list[Text] = Field(default_factory=list, max_length=MAX_ITEMS)
    source: str | None = None
    evidence: Evidence | None = None


class Absent(_Drafted):
    """A party reported as not attending, with the reason where one is given."""

    name: Name
    kind: AttendeeKind | None = None
    reason: Text | None = None
    aliases: list[Text] = Field(default_factory=list, max_length=MAX_ITEMS)
    source: str | None = None
    evidence: Evidence | None = None


class Count(_Drafted):
    """A reported number of participants, invitees or absentees."""

    label: Name
    value: NonNegativeInt
    qualifier: Qualifier = Qualifier.exact
    source: str | None = None
    evidence: Evidence | None = None


class Attendance(_Model):
    """Who came, who stayed away, and how many."""

    present: list[Present] = Field(default_factory=list, max_length=MAX_ITEMS)
    absent: list[Absent] = Field(default_factory=list, max_length=MAX_ITEMS)
    counts: list[Count] = Field(default_factory=list, max_length=MAX_ITEMS)


class Outlook(_Drafted):
    """A forward-looking statement: what is expected or to be watched."""

    statement: Name
    likelihood: Likelihood | None = None
    evidence: list[Evidence] = Field(default_factory=list, max_length=MAX_ITEMS)
    portion: Text | None = Field(
        default=None,
        title="Portion mark",
        description="This item's level in the pack's scheme (e.g. 'C'), printed as '(C)' when handling.portions is on.",
    )


class ToCheck(_Model):
    """A finding the drafting tool was not sure enough of to assert: the analyst decides."""

    item: Name
    field: Text
    rule: Text | None = None
    confidence: Sureness | None = None
    evidence: list[Evidence] = Field(default_factory=list, max_length=MAX_ITEMS)


class Drafting(_Model):
    """Records that a machine drafted the brief, and how; a rendered draft says so."""

    method: Text
    tool: Text = "briefgen"
    version: Text | None = None
    model: Text | None = None
    notes: list[Text] = Field(default_factory=list, max_length=MAX_ITEMS)
    to_check: list[ToCheck] = Field(default_factory=list, max_length=MAX_ITEMS)


_NO_DATE = object()


class Annex(_Model):
    """An annex at the end of the brief: a title and a body in the Markdown subset."""

    title: Name
    body: Text


MAX_FIGURES = 50
"""The most figures one brief holds."""


class Figure(_Model):
    """An image in the brief: a PNG, JPEG or SVG file in the brief's folder (or below it)."""

    path: Name = Field(
        title="Image file",
        description="The image's file, relative to the brief's folder and inside it, e.g. 'figures/map.png'.",
    )
    alt: Name = Field(
        title="Alternative text",
        description="What the image shows, for readers who cannot see it (screen readers, text extraction).",
    )
    caption: Text | None = Field(
        default=None, title="Caption", description="Printed under the image as 'Figure 1. <caption>'."
    )
    portion: Text | None = Field(
        default=None,
        title="Portion mark",
        description="The caption's level in the pack's scheme (e.g. 'U'), printed when handling.portions is on.",
    )


class Brief(_Model):
    """A briefing on one diplomatic event."""

    title: Name
    date: dt.date | None = None
    """The event's date; only a draft may leave it empty (when the sources do not state it)."""
    summary: Name
    subtitle: Text | None = None
    author: Text | None = None
    organisation: Text | None = None
    language: LanguageTag = "en"
    as_of: dt.date | None = None
    handling: Handling | None = None
    event: Event | None = None
    key_judgments: list[KeyJudgment] = Field(default_factory=list, max_length=MAX_ITEMS)
    issues: list[Issue] = Field(default_factory=list, max_length=MAX_ITEMS)
    positions: list[Position] = Field(default_factory=list, max_length=MAX_ITEMS)
    attendance: Attendance = Field(default_factory=Attendance)
    outlook: list[Outlook] = Field(default_factory=list, max_length=MAX_ITEMS)
    watch: list[Name] = Field(default_factory=list, max_length=MAX_ITEMS)
    sources: list[Source] = Field(default_factory=list, max_length=MAX_ITEMS)
    drafting: Drafting | None = None
    background: Text | None = None
    """What led to the event, in the Markdown subset (paragraphs, bold, italic, links, lists, [s1] citations)."""
    analysis: Text | None = None
    """The analyst's reading of the event, in the same Markdown subset."""
    annexes: list[Annex] = Field(default_factory=list, max_length=MAX_ITEMS)
    prepared_for: Text | None = None
    """Who the brief is for (a person, an office or a meeting), printed in the title block."""
    distribution: list[Name] = Field(default_factory=list, max_length=MAX_ITEMS)
    """Who receives the brief, printed in the title block."""
    toc: bool = False
    """Print a table of contents after the title block."""
    figures: list[Figure] = Field(
        default_factory=list,
        max_length=MAX_FIGURES,
        title="Figures",
        description="Images printed after the analysis, numbered 'Figure 1', 'Figure 2'; read from the brief's folder.",
    )
    _origin: Any = PrivateAttr(default=None)
    """Where the brief was read from and the images of its figures (briefgen.origin.Origin), set by loading."""
    approved_by: Text | None = Field(
        default=None,
        title="Approved by",
        description="Who approved the brief for release (set by `briefgen approve`), e.g. 'J. Analyst'.",
    )
    approved_on: dt.date | None = Field(
        default=None,
        title="Approved on",
        description="The day the brief was approved (set by `briefgen approve`), ISO form, e.g. 2026-03-14.",
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
