"""Name the event, its place, host and date, and write the brief's title and bottom line."""

from __future__ import annotations

import datetime
import os
import re

from ..model import Event, Likelihood, Outlook, Position

__all__ = ["drafting_date", "event_date", "find_event", "summary"]

"""Date given to a brief when no article states or carries one (kept fixed for determinism)."""

_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MONTH = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December)"
_DATES = (
    re.compile(rf"\b(?P<day>\d{{1,2}})\s+{_MONTH}\s+(?P<year>\d{{4}})\b"),
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})\b"),
    re.compile(r"\b(?P<year>\d{4})-(?P<num>\d{2})-(?P<day>\d{2})\b"),
)
_EVENT = re.compile(
    r"(?P<mods>(?:(?:[A-Z][\w.’'-]*|peace|ceasefire|climate|trade|nuclear|finance|security|ministerial|"
    r"closed-door|emergency|bilateral|regional|board|leaders['’]?|ministers['’]?)\s+){0,3})"
    r"(?P<noun>summit|talks|conference|meeting|session|negotiations|gathering)\b"
)
_PLACE = re.compile(r"\b(?:in|at)\s+(?P<place>(?:[A-Z][\w’'-]+)(?:\s+[A-Z][\w’'-]+){0,2})")
_NOT_PLACES = frozenset(_m.capitalize() for _m in _MONTHS) | {
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "The",
    "A",
    "An",
}


def event_date(texts: list[str], fallback: datetime.date | None) -> tuple[datetime.date, str]:
    """Return the first explicit date in the articles, else ``fallback``, else the drafting date, and how."""
    for text in texts:
        hits: list[tuple[int, datetime.date]] = []
        for pattern in _DATES:
            for m in pattern.finditer(text):
                month = int(m.group("num")) if "num" in m.groupdict() else _MONTHS.index(m.group("month").lower()) + 1
                try:
                    hits.append((m.start(), datetime.date(int(m.group("year")), month, int(m.group("day")))))
                except ValueError:
                    continue
        if hits:
            return min(hits)[1], "stated in the reporting"
    if fallback is not None:
        return fallback, "the publication date of the first dated article (no event date stated)"
    return drafting_date(), "no date stated in the articles; set to the drafting date"


def drafting_date() -> datetime.date:
    """Return today's date in UTC, or the date of SOURCE_DATE_EPOCH when set (for reproducible drafts)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC).date()
    return datetime.datetime.now(tz=datetime.UTC).date()


def find_event(text: str, hosts: list[str]) -> Event | None:
    """Return the event named in the opening of ``text`` (name, location, host), or None."""
    head = " ".join(text.split("\n"))
    best: re.Match[str] | None = None
    for m in _EVENT.finditer(head):
        if best is None or _weight(m) > _weight(best):
            best = m
    if best is None:
        return None
    mods = [w for w in best.group("mods").split() if w.rstrip("’'s") not in _NOT_PLACES]
    name = " ".join([*mods, best.group("noun")])
    name = name[:1].upper() + name[1:]
    location = None
    for m in _PLACE.finditer(head):
        words = [w for w in m.group("place").split() if w not in _NOT_PLACES]
        if words and m.start() >= best.start() - 80:
            location = " ".join(words).rstrip("’'s")
            break
    if location and location not in name:
        name = f"{name} in {location}"
    return Event(name=name, location=location, host=hosts[0] if hosts else None)


def _weight(match: re.Match[str]) -> int:
    mods = [w for w in match.group("mods").split() if w.rstrip("’'s") not in _NOT_PLACES]
    return len(mods) + sum(1 for w in mods if w[:1].isupper()) + (match.group("noun") in {"summit", "conference"})


def _names(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def summary(event: Event | None, positions: list[Position], absent: list[str], outlook: list[Outlook]) -> str:
    """Return the bottom line: the lead party's stance, who else spoke, who stayed away, the firmest outlook."""
    parts = []
    if positions:
        lead = positions[0]
        stance = (lead.stance or f"{lead.actor} set out its position").rstrip(".")
        parts.append(f"{stance}.")
        others = [p.actor for p in positions[1:5]]
        if others:
            more = f" and {len(positions) - 5} other parties" if len(positions) > 5 else ""
            parts.append(f"{_names(others)}{more} also set out positions.")
    if absent:
        verb = "was" if len(absent) == 1 else "were"
        where = f" from {_the(event.name)}" if event else ""
        parts.append(f"{_names(absent[:5])} {verb} reported absent{where}.")
    rated = [o for o in outlook if o.likelihood is not None]
    if rated:
        order = list(Likelihood)
        firm = max(rated, key=lambda o: abs(order.index(o.likelihood or Likelihood.likely) - 3))
        statement = firm.statement.rstrip(".")
        term = firm.likelihood.value if firm.likelihood else ""
        statement = re.sub(r"^[Tt]hat\s+", "", statement)
        parts.append(f"{statement}." if term in statement.lower() else f"Judged {term}: {statement}.")
    if not parts:
        return "The reporting names no party positions, attendance or outlook that the rules could extract."
    return " ".join(parts)


def _the(name: str) -> str:
    """Return an event name as it reads inside a sentence ("the Ukraine peace summit")."""
    first = name.split(" ", 1)[0]
    if first.lower() in {"the", "a", "an"}:
        return first.lower() + name[len(first) :]
    return name if first.isupper() and len(first) > 1 and name.count(" ") == 0 else f"the {name}"
