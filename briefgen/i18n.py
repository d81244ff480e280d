"""Labels in the brief's language, from gettext catalogues, and dates formatted with Babel."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from importlib import resources

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as babel_format_date
from babel.dates import format_interval
from babel.numbers import format_decimal

from .model import Likelihood

__all__ = ["ENGLISH", "Labels", "format_date", "format_date_range", "labels_for"]

ENGLISH: dict[str, str] = {
    "bottom_line": "Bottom line",
    "background": "Background",
    "analysis": "Analysis",
    "annexes": "Annexes",
    "annex": "Annex",
    "figures": "Figures",
    "figure": "Figure {n}.",
    "prepared_for": "Prepared for",
    "distribution": "Distribution",
    "contents": "Contents",
    "key_judgments": "Key judgments",
    "attendance": "Attendance",
    "present": "Present",
    "absent": "Absent",
    "counts": "Reported figures",
    "count_what": "What was counted",
    "count_figure": "Figure",
    "note": "Note",
    "positions": "Positions",
    "positions_matrix": "Positions on the issues",
    "actor": "Party",
    "stance": "Stance",
    "demands": "Demands and conditions",
    "spokespeople": "Spokespeople",
    "key_quote": "Key quote",
    "evidence": "In the reporting",
    "outlook": "Outlook",
    "watch": "What to watch",
    "sources": "Sources",
    "event": "Event",
    "location": "Location",
    "host": "Host",
    "dates": "Dates",
    "prepared_by": "Prepared by",
    "as_of": "Information as of",
    "page": "Page",
    "of": "of",
    "likelihood": "Likelihood",
    "confidence": "Confidence",
    "confidence_sentence": "Confidence in this judgment: {level}.",
    "legend": "Estimative language",
    "legend_note": "Likelihood terms follow the ICD 203 scale; confidence is stated separately.",
    "reason": "reason",
    "no_reason": "no reason given",
    "none_reported": "None reported in the sources.",
    "not_stated": "not stated",
    "matrix_legend": "Cells give each party's stance in words; colour is only an aid. "
    "“not stated” means the sources say nothing, not that the party is neutral.",
    "draft_notice": "DRAFT — machine-extracted; verify against sources",
    "date_not_stated": "date not stated in the sources",
    "to_check": "To check",
    "to_check_note": "The drafting tool was not sure enough of these to assert them; confirm or drop each.",
    "retrieved": "published",
    "source_name": "Source {n}: {title}",
    "attendance_chart": "Attendance at a glance",
    "named_present": "Named as present",
    "named_absent": "Named as absent",
    "chart_alt": "Bar chart of attendance: {details}.",
    "supports": "supports",
    "opposes": "opposes",
    "conditional": "conditional",
    "ambiguous": "ambiguous",
    "low": "low",
    "moderate": "moderate",
    "high": "high",
    "exact": "{n}",
    "about": "about {n}",
    "more than": "more than {n}",
    "at least": "at least {n}",
    "as many as": "as many as {n}",
    "fewer than": "fewer than {n}",
    "state": "state",
    "organisation": "organisation",
    "bloc": "bloc",
    "armed_group": "armed group",
    "other": "other",
    "head_of_state": "head of state",
    "head_of_government": "head of government",
    "foreign_minister": "foreign minister",
    "minister": "minister",
    "vice_minister": "vice-minister",
    "envoy": "envoy",
    "ambassador": "ambassador",
    "senior_official": "senior official",
    "observer": "observer",
    **{term.value: term.value for term in Likelihood},
}


class Labels:
    """The printed labels of one language; ``t["key"]`` gives a label."""

    def __init__(self, language: str, translations: dict[str, str]) -> None:
        self.language = language
        self._translations = translations

    def __getitem__(self, key: str) -> str:
        english = ENGLISH[key]
        return self._translations.get(english) or english

    def likelihood(self, term: Likelihood) -> str:
        """Return an estimative term as printed."""
        return self[term.value]

    def qualified(self, qualifier: str, value: int) -> str:
        """Return a count with its qualifier, e.g. "more than 70"."""
        return self[qualifier].format(n=format_decimal(value, locale=_locale(self.language)))


@cache
def _catalogue(language: str) -> dict[str, str]:
    from babel.messages.pofile import read_po

    path = resources.files("briefgen") / "locales" / f"{language}.po"
    if not path.is_file():
        return {}
    with path.open("rb") as fh:
        catalog = read_po(fh)
    return {str(m.id): str(m.string) for m in catalog if m.id and m.string and not m.fuzzy}


def labels_for(language: str) -> Labels:
    """Return the labels for a BCP 47 language tag, falling back to English."""
    base = language.replace("_", "-").split("-")[0].lower()
    return Labels(language, _catalogue(base) if base != "en" else {})


@cache
def _locale(language: str) -> Locale:
    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def format_date(value: dt.date, language: str) -> str:
    """Return a date written out in the conventions of the language (e.g. "14 June 2024")."""
    return babel_format_date(value, format="long", locale=_locale(language))


def format_date_range(start: dt.date, end: dt.date | None, language: str) -> str:
    """Return the dates of an event as one interval in the language's conventions ("15–16 June 2024").

    The interval pattern is CLDR's for day, month and year; its month is written out in full, as a
    single date is (Babel would otherwise keep the abbreviated month of the pattern it matched).
    """
    if end is None or end == start:
        return format_date(start, language)
    locale = _locale(language)
    formats = locale.interval_formats.get("yMMMd")
    if start > end or not formats:
        return format_interval(start, end, skeleton="yMMMd", locale=locale)
    differs = "y" if start.year != end.year else "M" if start.month != end.month else "d"
    first, second = formats.get(differs, (None, None))
    if first is None or second is None:
        return format_interval(start, end, skeleton="yMMMd", locale=locale)
    return babel_format_date(start, _full_month(first), locale=locale) + babel_format_date(
        end, _full_month(second), locale=locale
    )


def _full_month(pattern: str) -> str:
    return re.sub(r"(?<![ML])[ML]{3}(?![ML])", lambda m: m.group(0) + m.group(0)[0], pattern)
