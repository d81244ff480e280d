"""The view of a brief every renderer draws from: built once per render, handed to each format."""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from .i18n import Labels, format_date, format_date_range, labels_for
from .model import LIKELIHOOD_RANGES, TLP, Brief, Count, Evidence, Likelihood, Position, Quote
from .review import ReviewItem, review_items, to_check_items
from .typography import typeset

if TYPE_CHECKING:
    from .chart import Chart
    from .figures import Picture
    from .portions import PortionScheme
    from .theme import Theme

__all__ = [
    "TLP_COLOURS",
    "BriefView",
    "FigureView",
    "build_view",
    "keywords",
    "note_numbers",
    "safe_link",
    "source_date_epoch",
]

# TLP 2.0: the label is shown on black, in these colours (CLEAR is white).
TLP_COLOURS: dict[TLP, str] = {
    TLP.CLEAR: "#FFFFFF",
    TLP.GREEN: "#33FF00",
    TLP.AMBER: "#FFC000",
    TLP.AMBER_STRICT: "#FFC000",
    TLP.RED: "#FF2B2B",
}

STANCE_COLOURS = {
    "supports": "#d8ecd3",
    "opposes": "#f6d5d1",
    "conditional": "#fbe9c6",
    "ambiguous": "#e3e3ef",
}


@dataclass(frozen=True)
class Marking:
    """The handling line printed at the top and bottom of every page."""

    banner: str | None
    tlp: str | None
    tlp_colour: str | None

    @property
    def text(self) -> str:
        """Return the marking as one line of plain text."""
        return "  ·  ".join(part for part in (self.tlp, self.banner) if part)


@dataclass(frozen=True)
class Cited:
    """A piece of text with the note numbers of the sources it cites."""

    text: str
    notes: list[int]


@dataclass(frozen=True)
class PositionView:
    """One actor's block, ready to print."""

    actor: str
    stance: str | None
    demands: list[str]
    spokespeople: list[str]
    key_quote: Quote | None
    quote_note: int | None
    evidence: list[Cited]
    notes: list[int]
    aliases: list[str]
    issue_stances: dict[str, str]
    portion: str | None = None


@dataclass(frozen=True)
class FigureView:
    """One figure, ready to print: its number, texts and image."""

    number: int
    alt: str
    caption: str | None
    path: str
    picture: Picture
    portion: str | None = None

    @property
    def src(self) -> str:
        """Return the image as a data: URI (embedded: nothing is fetched)."""
        return self.picture.data_uri


@dataclass(frozen=True)
class BriefView:
    """Everything a renderer and its templates need, computed once per render of a brief.

    The chart is drawn on first use, so formats without one (Markdown, JSON) never pay for it.
    """

    brief: Brief
    t: Labels
    lang: str
    direction: str
    marking: Marking
    draft_notice: str | None
    date_text: str
    as_of_text: str
    event_dates: str | None
    counts: list[tuple[Count, str, int | None]]
    positions: list[PositionView]
    legend: list[tuple[str, str]]
    kj_notes: list[list[int]]
    outlook_notes: list[list[int]]
    stamp: dt.datetime
    keywords: list[str]
    sections: list[str] = field(default_factory=list)
    with_chart: bool = True
    stance_colours: dict[str, str] = field(default_factory=lambda: dict(STANCE_COLOURS))
    source_numbers: dict[str, int] = field(default_factory=dict)
    # Per note number: the accessible name of a citation ("Source 1: <title>") and the anchor it links to.
    source_names: dict[int, str] = field(default_factory=dict)
    source_anchors: dict[int, str] = field(default_factory=dict)
    # The review rendering of a draft: each drafted item's notes by its path ("positions[0]"), and the
    # "to check" items; empty in an ordinary render.
    review: dict[str, ReviewItem] = field(default_factory=dict)
    review_to_check: list[ReviewItem] = field(default_factory=list)
    # The bars' colours, from the pack's theme (empty: the chart's own).
    chart_colours: tuple[str, ...] = ()
    figures: list[FigureView] = field(default_factory=list)

    @cached_property
    def chart(self) -> Chart | None:
        """Return the attendance chart (SVG and PNG), or None when there is none to draw or it is turned off."""
        if not self.with_chart:
            return None
        from .chart import attendance_chart

        if self.chart_colours:
            return attendance_chart(self.brief, self.t, self.chart_colours)
        return attendance_chart(self.brief, self.t)

    @property
    def event_place(self) -> str | None:
        """Return where the event is, for after its name: None when the name already says it ("Summit in Rome")."""
        event = self.brief.event
        if not (event and event.location):
            return None
        return None if event.location.casefold() in event.name.casefold() else event.location

    @property
    def timestamp(self) -> str:
        """Return the time written into files, in ISO form."""
        return self.stamp.strftime("%Y-%m-%dT%H:%M:%SZ")

    def variables(self, *, chart: bool = True) -> dict[str, Any]:
        """Return the view as the variables of a Jinja template (without the chart where ``chart`` is false)."""
        drawn = self.chart if chart else None
        variables = {name: getattr(self, name) for name in self.__dataclass_fields__}
        return {
            **variables,
            "keywords": ", ".join(self.keywords),
            "timestamp": self.timestamp,
            "note_for": self.note_for,
            "format_date": partial(format_date, language=self.lang),
            "link": safe_link,
            "typeset": partial(typeset, language=self.lang),
            "chart_svg": drawn.svg if drawn else None,
            "chart_png": drawn.png if drawn else None,
            "chart_alt": drawn.alt if drawn else None,
            "chart_uri": _data_uri(drawn.svg) if drawn else None,
            "contents": self.contents,
            "event_place": self.event_place,
            "prose": self.prose_html,
            "prose_md": self.prose_markdown,
            "mark": self.portion_mark,
        }

    def portion_mark(self, portion: str | None) -> str:
        """Return an item's portion mark as printed before its text, "(C) ", or "" when marks are off."""
        handling = self.brief.handling
        if not (handling and handling.portions and portion):
            return ""
        return f"({portion.strip()}) "

    @property
    def contents(self) -> list[tuple[str, str]]:
        """Return the table of contents: (section name, heading) of each section the brief prints, in order."""
        brief = self.brief
        printed = {
            "bottom_line": True,
            "key_judgments": bool(brief.key_judgments),
            "background": bool(brief.background),
            "attendance": True,
            "positions": bool(brief.positions),
            "positions_table": bool(brief.positions),
            "analysis": bool(brief.analysis),
            "figures": bool(brief.figures),
            "outlook": bool(brief.outlook or brief.watch),
            "to_check": bool(brief.drafting and brief.drafting.to_check),
            "sources": bool(brief.sources),
            "annexes": bool(brief.annexes),
        }
        labels = {"positions_table": "positions"}
        return [(name, self.t[labels.get(name, name)]) for name in self.sections if printed.get(name)]

    def prose_html(self, text: str | None) -> Markup:
        """Return free text in the Markdown subset as HTML (paragraphs, lists, links, citations)."""
        from .prose import parse, to_html

        return to_html(parse(text or "", self.source_numbers), self._html_cite)

    def prose_markdown(self, text: str | None) -> Markup:
        """Return free text in the Markdown subset as Markdown, with the brief's text escaped."""
        from .prose import parse, to_markdown

        return to_markdown(parse(text or "", self.source_numbers))

    def _html_cite(self, number: int) -> str:
        from jinja2.utils import url_quote

        anchor = url_quote(self.source_anchors.get(number, ""))
        name = escape(self.source_names.get(number, ""))
        return f'<a class="cite" href="#{anchor}" aria-label="{name}">[{number}]</a>'

    def likelihood(self, term: Likelihood | None) -> str:
        """Return the printed form of a likelihood term, in the brief's language."""
        return self.t.likelihood(term) if term else ""

    def note_for(self, source_id: str | None) -> int | None:
        """Return the note number of a source id."""
        return self.source_numbers.get(source_id) if source_id else None


RTL_LANGUAGES = {"ar", "fa", "he", "ur", "ps", "yi"}


def build_view(
    brief: Brief,
    *,
    sections: list[str] | None = None,
    chart: bool = True,
    review: bool = False,
    theme: Theme | None = None,
    portions: PortionScheme | None = None,
) -> BriefView:
    """Return the view of a brief; ``sections`` are the pack's, in order; ``chart`` draws the attendance chart.

    ``review`` adds the drafting notes beside each drafted item (the review rendering of a draft).
    ``theme`` is the pack's: its TLP colours and chart colours replace the standard ones.
    ``portions`` is the pack's portion-marking scheme (the standard U < C < S < TS without one).

    Raises:
        ValidationError: the portion marks break the scheme, or the figures' images were never read.
    """
    from .portions import PortionScheme, check_portions

    check_portions(brief, portions or PortionScheme())
    t = labels_for(brief.language)
    lang = brief.language
    handling = brief.handling
    tlp = handling.tlp if handling else None
    marking = Marking(
        banner=handling.banner if handling else None,
        tlp=f"TLP:{tlp.value}" if tlp else None,
        tlp_colour=(_tlp_colour(tlp, theme)) if tlp else None,
    )
    event_dates = None
    if brief.event and brief.event.start:
        event_dates = format_date_range(brief.event.start, brief.event.end, lang)
    # Note numbers looked up once per brief, not by scanning the sources for every citation.
    numbers = {source.id: n for n, source in enumerate(brief.sources, start=1)}
    counts = [
        (c, t.qualified(c.qualifier.value, c.value), numbers.get(c.source or _ev_source(c.evidence) or ""))
        for c in brief.attendance.counts
    ]
    names = {n: typeset(t["source_name"].format(n=n, title=s.title), lang) for n, s in enumerate(brief.sources, 1)}
    legend = [(t.likelihood(term), f"{low}–{high} %") for term, (low, high) in LIKELIHOOD_RANGES.items()]
    return BriefView(
        brief=brief,
        t=t,
        lang=lang,
        direction="rtl" if lang.split("-")[0].lower() in RTL_LANGUAGES else "ltr",
        marking=marking,
        draft_notice=t["draft_notice"] if brief.drafting else None,
        date_text=format_date(brief.date, lang) if brief.date else t["date_not_stated"],
        as_of_text=format_date(as_of, lang) if (as_of := brief.as_of or brief.date) else t["date_not_stated"],
        event_dates=event_dates,
        counts=counts,
        positions=[_position_view(numbers, p) for p in brief.positions],
        legend=legend if brief.likelihoods_used() else [],
        kj_notes=[note_numbers(numbers, list(kj.sources)) for kj in brief.key_judgments],
        outlook_notes=[note_numbers(numbers, [e.source for e in o.evidence]) for o in brief.outlook],
        stamp=source_date_epoch(brief),
        keywords=keywords(brief),
        sections=list(sections or []),
        with_chart=chart,
        source_numbers=numbers,
        source_names=names,
        source_anchors={n: _anchor(name) for n, name in names.items()},
        review={item.path: item for item in review_items(brief) if item.evidence or item.rule} if review else {},
        review_to_check=to_check_items(brief) if review else [],
        chart_colours=tuple(theme.colours.chart) if theme else (),
        figures=_figure_views(brief),
    )


def _figure_views(brief: Brief) -> list[FigureView]:
    """Return the brief's figures with the images read when it was loaded.

    Raises:
        ValidationError: the brief has figures but was not loaded from a file (its images were never read).
    """
    from .errors import ValidationError
    from .origin import origin_of, problem

    if not brief.figures:
        return []
    origin = origin_of(brief)
    pictures = origin.pictures if origin else ()
    if len(pictures) != len(brief.figures):
        raise ValidationError(
            [
                problem(
                    brief,
                    ("figures",),
                    "the images were not read; load the brief from its file (briefgen.load) or give loads() "
                    "the folder its figures are in",
                )
            ]
        )
    return [
        FigureView(n, f.alt, f.caption, f.path, picture, f.portion)
        for n, (f, picture) in enumerate(zip(brief.figures, pictures, strict=True), start=1)
    ]


def _tlp_colour(tlp: TLP, theme: Theme | None) -> str:
    """Return a TLP label's colour: the organisation's own where its theme sets one, else TLP 2.0's."""
    own = theme.colours.tlp.get(tlp.value) if theme else None
    return own or TLP_COLOURS[tlp]


ANCHOR_LIMIT = 160
_ANCHOR_UNSAFE = re.compile(r"[^\w\s:,.'’()\-\u202f]")


def _anchor(name: str) -> str:
    """Return a citation's anchor: its accessible name, spaces made no-break (an HTML id has no spaces).

    WeasyPrint writes a link's target as the link annotation's /Contents, the text a screen reader
    speaks for it, so the target is the name ("Source 1: <title>"), not a code such as "src-1".
    """
    # Letters, digits and plain punctuation only: WeasyPrint reads the id back as a CSS string.
    plain = _ANCHOR_UNSAFE.sub("", name)
    short = plain if len(plain) <= ANCHOR_LIMIT else plain[: ANCHOR_LIMIT - 1].rstrip() + "…"
    return "\u00a0".join(short.split())


def _ev_source(evidence: Evidence | None) -> str | None:
    return evidence.source if evidence else None


def _position_view(numbers: dict[str, int], position: Position) -> PositionView:
    quote = position.quotes[0] if position.quotes else None
    evidence = [Cited(e.text, note_numbers(numbers, [e.source])) for e in position.evidence]
    refs = [q.source for q in position.quotes] + [e.source for e in position.evidence]
    return PositionView(
        actor=position.actor,
        stance=position.stance,
        demands=list(position.demands),
        spokespeople=list(position.spokespeople),
        key_quote=quote,
        quote_note=numbers.get(quote.source) if quote and quote.source else None,
        evidence=evidence,
        notes=note_numbers(numbers, refs),
        aliases=list(position.aliases),
        issue_stances={k: v.value for k, v in position.issue_stances.items()},
        portion=position.portion,
    )


def note_numbers(numbers: dict[str, int], refs: list[str | None]) -> list[int]:
    """Return the sorted note numbers of the sources a passage cites."""
    return sorted({numbers[r] for r in refs if r and r in numbers})


def source_date_epoch(brief: Brief) -> dt.datetime:
    """Return the timestamp written into files: SOURCE_DATE_EPOCH if set, else the brief's date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    day = brief.date or brief.as_of or dt.date(1980, 1, 1)  # the earliest date a ZIP entry can carry
    return dt.datetime.combine(day, dt.time(12, 0), tzinfo=dt.UTC)


SAFE_SCHEMES = {"http", "https", "mailto"}


def safe_link(url: str | None) -> str | None:
    """Return a URL fit to be a link target, or None (javascript:, file:, data: … are shown, never linked)."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in SAFE_SCHEMES else None


def keywords(brief: Brief) -> list[str]:
    """Return the brief's keywords: the event and the parties."""
    words = [brief.event.name] if brief.event else []
    words += [p.actor for p in brief.positions]
    return list(dict.fromkeys(words))


def _data_uri(svg: str) -> str:
    """Return an SVG as a data: URI, so it is drawn as an image and its styles are not read as page CSS."""
    import base64

    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
