"""Name the event, its place, host and date, and write the brief's title and bottom line."""

from __future__ import annotations

import datetime
import re

from ..model import Event, Likelihood, Outlook, Position
from .naming import dateline
from .tables import MONTHS

__all__ = ["event_date", "summary"]


_MONTH = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December)"
_DATES = (
    re.compile(rf"\b(?P<day>\d{{1,2}})\s+{_MONTH}\s+(?P<year>\d{{4}})\b"),
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})\b"),
    re.compile(r"\b(?P<year>\d{4})-(?P<num>\d{2})-(?P<day>\d{2})\b"),
)


def event_date(texts: list[str], published: datetime.date | None) -> tuple[datetime.date | None, str]:
    """Return the event's date as the articles give it, and how it was found.

    A date written in full in the text comes first; then a dateline's day and month, in the year
    the article was published (from the web page's metadata); then the publication date itself.
    Without any of these the date is left empty: the drafting day is never the event's date.
    """
    for text in texts:
        hits: list[tuple[int, datetime.date]] = []
        for pattern in _DATES:
            for m in pattern.finditer(text):
                month = int(m.group("num")) if "num" in m.groupdict() else MONTHS.index(m.group("month").lower()) + 1
                try:
                    hits.append((m.start(), datetime.date(int(m.group("year")), month, int(m.group("day")))))
                except ValueError:
                    continue
        if hits:
            return min(hits)[1], "stated in the reporting"
    if published is None:
        return None, "not stated in the sources; set the event's date before the brief is final"
    for text in texts:
        line = dateline(text)
        if line is None or line.month is None or line.day is None:
            continue
        # "SEOUL, Nov 18 -": the day and month of the dateline, in the year of publication (the year
        # before when that would put the dateline after the publication).
        year = published.year
        try:
            if datetime.date(year, line.month, line.day) > published:
                year -= 1
            return datetime.date(year, line.month, line.day), "the dateline's day and month, in the year of publication"
        except ValueError:
            continue
    return published, "the publication date of the first dated article (no event date stated)"


def _names(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


_COUNT_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
# An outlook that opens with its likelihood ("Unlikely that ...", "Now very unlikely that ..."), or with "was".
_BARE_TERM = re.compile(
    r"^(?:(?P<adv>now|still)\s+)?(?P<term>(?:almost\s+|very\s+|highly\s+)?(?:un)?likely|"
    r"almost\s+certain|almost\s+no\s+chance)(?:\s+that)?\b",
    re.I,
)
_MIN_STANCE_WORDS = 8
# The common words an event name may open with, written in lower case inside a sentence.
_COMMON_OPENERS = re.compile(
    r"^(?:talks|negotiations|consultations|summit|conference|meeting|session|vote|assembly|dialogue|round|"
    r"peace|ceasefire|truce|climate|trade|nuclear|finance|security|ministerial|emergency|review|annual|online|"
    r"virtual|indirect|direct|bilateral|regional|special|extraordinary|first|second|third|fourth|fifth|final|"
    r"new|fresh|latest|[a-z]+-way|[a-z]+-party)$"
)


def _tidy(sentence: str, *, quoted_opening: bool) -> str:
    """Return ``sentence`` with its quotation marks paired and a capital and a full stop at its ends."""
    sentence = " ".join(sentence.split()).rstrip(" .")
    opened, closed = sentence.count("“"), sentence.count("”")
    if closed > opened:
        # "... unless the crossings open,” said X": the quotation began before the extract.
        sentence = "“" + sentence if quoted_opening else sentence.replace("”", "", closed - opened)
    elif opened > closed:
        sentence += "”"
    if sentence.count('"') % 2:
        sentence = ('"' + sentence) if quoted_opening and not sentence.startswith('"') else sentence + '"'
    if sentence.endswith(('"', "”")):
        return sentence[:-1].rstrip(" ,.") + "." + sentence[-1]
    return sentence[:1].upper() + sentence[1:] + "."


def _others(count: int) -> str:
    word = _COUNT_WORDS[count - 1] if count <= len(_COUNT_WORDS) else str(count)
    return f" and {word} other {'party' if count == 1 else 'parties'}"


def summary(event: Event | None, positions: list[Position], absent: list[str], outlook: list[Outlook]) -> str:
    """Return the bottom line in at most three sentences: the lead party's stance; who else spoke and who
    stayed away; the firmest outlook."""
    parts = []
    if positions:
        lead = next((p for p in positions if len((p.stance or "").split()) >= _MIN_STANCE_WORDS), positions[0])
        stance = lead.stance if lead.stance and len(lead.stance.split()) >= _MIN_STANCE_WORDS else None
        parts.append(_tidy(stance or f"{lead.actor} set out its position", quoted_opening=False))
    middle = []
    others = [p.actor for p in positions if p is not (lead if positions else None)]
    if others:
        listed = f"{', '.join(others[:4])}{_others(len(others) - 4)}" if len(others) > 4 else _names(others)
        middle.append(f"{listed} also set out positions")
    if absent:
        verb = "was" if len(absent) == 1 else "were"
        where = f" from {_the(event.name)}" if event else ""
        middle.append(f"{_names(absent[:5])} {verb} reported absent{where}")
    if middle:
        parts.append(_tidy("; ".join(middle), quoted_opening=False))
    rated = [o for o in outlook if o.likelihood is not None]
    if rated:
        order = list(Likelihood)
        firm = max(rated, key=lambda o: abs(order.index(o.likelihood or Likelihood.likely) - 3))
        statement = re.sub(r"^[Tt]hat\s+", "", firm.statement.strip())
        term = firm.likelihood.value if firm.likelihood else ""
        bare = _BARE_TERM.match(statement)
        if bare:
            adverb = f"{bare.group('adv').lower()} " if bare.group("adv") else ""
            rest = statement[bare.start("term") :]
            statement = f"It is {adverb}{rest[:1].lower()}{rest[1:]}"
        elif re.match(r"^[Ww]as\b", statement):
            statement = f"There {statement[:1].lower()}{statement[1:]}"
        elif term not in statement.lower():
            statement = f"Judged {term}: {statement}"
        parts.append(_tidy(statement, quoted_opening=True))
    if not parts:
        return "The reporting names no party positions, attendance or outlook that the rules could extract."
    return " ".join(parts)


def _the(name: str) -> str:
    """Return an event name as it reads inside a sentence ("the Ukraine peace summit")."""
    first = name.split(" ", 1)[0]
    if first.lower() in {"the", "a", "an"}:
        return first.lower() + name[len(first) :]
    if _COMMON_OPENERS.match(first.lower()):
        name = first.lower() + name[len(first) :]  # "the talks in Nairobi", not "the Talks in Nairobi"
    return name if first.isupper() and len(first) > 1 and name.count(" ") == 0 else f"the {name}"
