"""Validation that teaches: the likely fix for a YAML slip, a date or value in another common form, a near miss.

``loading`` asks this module three things: how to say a YAML syntax error, whether a refused value has one
sure reading (``Likely`` for ``likely``, ``english`` for ``en``: used, with a warning), and what else is wrong
across fields once each field is valid (an event that ends before it starts, a party both present and absent).
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from pydantic import BaseModel

from .model import QUALIFIER_WORDS, Absent, Brief, Count, Present, Qualifier

__all__ = ["cross_checks", "explain", "field_names", "repair", "yaml_hint"]

Loc = tuple[str | int, ...]

_YAML_HINTS = (
    (
        re.compile(r"expected <block end>, but found '<(block mapping start|block sequence start|scalar)>'"),
        "this line is indented differently from the lines above it; line it up with the other keys of its "
        "mapping (spaces, the same number for each level)",
    ),
    (
        re.compile(r"mapping values are not allowed here"),
        "a ': ' where none can be: if this line is indented under the line above by mistake, line its key up "
        "with the others; if a value contains ': ', put it in quotes, e.g. title: \"Talks: day two\"",
    ),
    (
        re.compile(r"found character '\\t' that cannot start any token"),
        "a tab character; YAML is indented with spaces only",
    ),
    (
        re.compile(r"found unexpected end of stream|found unexpected end of stream while scanning a quoted scalar"),
        "a quoted value is not closed; add the closing quote",
    ),
    (
        re.compile(r"could not find expected ':'"),
        "a line without ':' inside a mapping; write key: value, or start a list item with '- '",
    ),
    (
        re.compile(r"expected ',' or '\]', but got|expected ',' or '\}', but got"),
        "an inline list or mapping is not closed; check the brackets [ ] and braces { }",
    ),
)


def yaml_hint(problem: str) -> str | None:
    """Return what a PyYAML problem means for someone writing a brief, with the likely fix; None if unknown."""
    for pattern, hint in _YAML_HINTS:
        if pattern.search(problem):
            return hint
    return None


_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y", "%d-%m-%Y", "%Y/%m/%d", "%d %B %Y", "%d %b %Y",
                 "%B %d, %Y", "%B %d %Y", "%b %d, %Y", "%d %B, %Y")  # fmt: skip


def _readings(text: str) -> list[dt.date]:
    found: list[dt.date] = []
    for fmt in _DATE_FORMATS:
        try:
            day = dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
        if day not in found:
            found.append(day)
    return found


@cache
def _language_tags() -> dict[str, str]:
    from babel import Locale

    tags: dict[str, str] = {}
    for code, name in Locale("en").languages.items():
        if ("_" not in code and name.casefold() not in tags) or (
            "_" not in code and len(code) < len(tags[name.casefold()])
        ):
            tags[name.casefold()] = code
    return tags


def _expected(err: Any) -> list[str]:
    return re.findall(r"'((?:[^'\\]|\\.)*)'", str((err.get("ctx") or {}).get("expected", "")))


def repair(err: Any) -> tuple[Any, str] | None:
    """Return the one sure reading of a refused value and the note that says so, or None.

    An enum value in another case (``Likely``) and a language's English name (``english``) have one.
    """
    value = err.get("input")
    if not isinstance(value, str):
        return None
    if err["type"] == "enum":
        matches = [v for v in _expected(err) if v.casefold() == value.strip().casefold()]
        if len(matches) == 1:
            return matches[0], f"{value!r} read as {matches[0]!r} (write it as shown)"
    if err["type"] == "string_pattern_mismatch" and err["loc"] and err["loc"][-1] == "language":
        tag = _language_tags().get(value.strip().casefold())
        if tag:
            return tag, f"{value!r} read as the language tag {tag!r} (write the tag)"
    return None


@cache
def _contract_models() -> dict[str, type[BaseModel]]:
    """Return every model of the contract, at any depth, by its class name."""
    found: dict[str, type[BaseModel]] = {}
    stack: list[type[BaseModel]] = [Brief]
    while stack:
        model = stack.pop()
        if model.__name__ in found:
            continue
        found[model.__name__] = model
        for info in model.model_fields.values():
            stack.extend(_models_in(info.annotation))
    return found


@cache
def field_names() -> tuple[str, ...]:
    """Return the name of every field of the contract, at any depth."""
    return tuple(sorted({name for model in _contract_models().values() for name in model.model_fields}))


def _models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        yield from _models_in(arg)


def explain(err: Any, message: str) -> str:
    """Return a validation message with what teaches the fix: the ISO form of a date, a "did you mean"."""
    kind = err["type"]
    value = err.get("input")
    if kind.startswith("date_") and isinstance(value, str):
        days = _readings(value)
        if len(days) == 1:
            return f"{value!r} is not a date in the form YYYY-MM-DD; write {days[0].isoformat()}"
        if len(days) > 1:
            forms = " or ".join(d.isoformat() for d in days)
            return f"{value!r} is not a date in the form YYYY-MM-DD and reads two ways; write {forms}"
        return f"{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-03-14"
    if kind == "extra_forbidden" and err["loc"]:
        close = difflib.get_close_matches(str(err["loc"][-1]), field_names(), n=1, cutoff=0.75)
        if close:
            return f"unknown field (not part of the brief contract); did you mean {close[0]!r}?"
    if kind == "enum" and isinstance(value, str):
        folded = {v.casefold(): v for v in _expected(err)}
        close = difflib.get_close_matches(value.casefold(), list(folded), n=1, cutoff=0.6)
        if close:
            return f"{message}; did you mean {folded[close[0]]!r}?"
    if kind == "string_pattern_mismatch" and err["loc"] and err["loc"][-1] == "language":
        return f"{value!r} is not a language tag; write a BCP 47 tag such as en, fr or pt-BR"
    return _shape(kind, value, err) or message


# ICD 203 pairs each likelihood term with a second one; briefs use the first, so the second is taught.
_ICD_203_SYNONYMS = {
    "remote": "almost no chance",
    "highly improbable": "very unlikely",
    "improbable": "unlikely",
    "roughly even odds": "roughly even chance",
    "even chance": "roughly even chance",
    "probable": "likely",
    "probably": "likely",
    "highly probable": "very likely",
    "nearly certain": "almost certain",
    "almost certainly": "almost certain",
}
_QUALIFIED = re.compile(
    rf"(?P<word>{'|'.join(sorted(QUALIFIER_WORDS, key=len, reverse=True))})\s+(?P<number>\d[\d,]*)", re.IGNORECASE
)


def _shape(kind: str, value: Any, err: Any) -> str | None:
    """Return the fix for a value of the wrong shape or kind: a list for a mapping, a word YAML read as true."""
    if kind == "enum" and isinstance(value, str) and err["loc"] and err["loc"][-1] == "likelihood":
        term = _ICD_203_SYNONYMS.get(" ".join(value.casefold().split()))
        if term:
            return f"{value!r} is ICD 203's other word for {term!r}; write likelihood: {term}"
    if kind == "list_type":
        if value is None:
            return (
                "nothing is written after the colon; list the items below it, one per line starting with '- ', "
                "write [] for none, or delete the line"
            )
        if isinstance(value, dict):
            first = next(iter(value), None)
            example = f", e.g. - {first}: ..." if isinstance(first, str) else ""
            return f"a list is expected here, not a mapping; put '- ' before the first field of each item{example}"
        return "a list is expected here; write each item on its own line starting with '- ', or [a, b] on one line"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        if isinstance(value, list):
            return "key: value fields are expected here, not a list; remove the '- ' before the first field"
        if value is None:
            return "nothing is written after the colon; give its fields below it (key: value), or delete the line"
        required = _first_required(str((err.get("ctx") or {}).get("class_name", "")))
        if isinstance(value, str) and required:
            dash = "- " if err["loc"] and isinstance(err["loc"][-1], int) else ""
            return f"{value!r} alone is not enough: this item has fields; write {dash}{required}: {value}"
        return "key: value fields are expected here"
    if kind == "string_type" and isinstance(value, bool):
        return (
            "read as true/false where text is expected (YAML reads yes, no, on, off, true and false so); "
            'put the text in quotes, e.g. "yes"'
        )
    if kind == "string_type" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return f'read as the number {value!r} where text is expected; put it in quotes, e.g. "{value}"'
    if kind == "int_parsing" and isinstance(value, str):
        match = _QUALIFIED.fullmatch(value.strip())
        if match:
            number = match["number"].replace(",", "")
            qualifier = QUALIFIER_WORDS[" ".join(match["word"].casefold().split())].value
            return f"{value!r} is not a whole number; write value: {number} and qualifier: {qualifier}"
        if re.fullmatch(r"\d{1,3}(,\d{3})+", value.strip()):
            return (
                f"{value!r} is not a whole number as YAML reads it; write it without commas: {value.replace(',', '')}"
            )
    return None


@cache
def _first_required(class_name: str) -> str | None:
    """Return the first required field of the contract's model of that name, if any."""
    model = _contract_models().get(class_name)
    if model is None:
        return None
    return next((name for name, info in model.model_fields.items() if info.is_required()), None)


# Counts whose label this reads as "how many of the listed parties came (or stayed away)": only labels made of
# the words below, so that "African countries attending" or "other countries" (a part of the list) never are.
_PHRASES = (
    (re.compile(r"\bheads? of (state|government)s?\b"), " leaders "),
    (re.compile(r"\b(taking|took|take|takes) part\b"), " attending "),
    (re.compile(r"\b(did not|do not|does not|not|failed to|who did not) attend(ed|ing)?\b"), " absent "),
    (re.compile(r"\b(stayed|stay|staying|kept) away\b"), " absent "),
)
_KINDS: dict[str, tuple[str, Any]] = {
    **dict.fromkeys(("countries", "states", "nations", "governments"), ("states", lambda p: p.kind == "state")),
    **dict.fromkeys(("organisations", "organizations"), ("organisations", lambda p: p.kind == "organisation")),
    "blocs": ("blocs", lambda p: p.kind == "bloc"),
    "leaders": (
        "parties at head of state or government level",
        lambda p: getattr(p, "level", None) in ("head_of_state", "head_of_government"),
    ),
    "ministers": (
        "parties at minister level",
        lambda p: getattr(p, "level", None) in ("foreign_minister", "minister"),
    ),
}
_PRESENT_WORDS = frozenset(
    {"attending", "attended", "attend", "present", "participating", "participated", "represented", "sent", "sending",
     "came", "gathered", "delegations", "participants", "attendees"}
)  # fmt: skip
_ABSENT_WORDS = frozenset({"absent", "absentees", "boycotting", "boycotted", "skipped", "skipping"})
_FILLER = frozenset(
    {"the", "a", "an", "at", "in", "of", "to", "that", "who", "which", "were", "was", "are", "is", "have", "has",
     "had", "total", "all", "summit", "meeting", "talks", "conference", "session", "event", "gathering",
     "negotiations", "round", "opening", "their", "from", "by"}
)  # fmt: skip


def _counted(label: str) -> tuple[str, str, Any] | None:
    """Return which list a count's label counts (present or absent), what it calls them and which parties."""
    text = label.casefold()
    for pattern, word in _PHRASES:
        text = pattern.sub(word, text)
    words = re.findall(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", text)
    kinds = {w for w in words if w in _KINDS}
    absent = any(w in _ABSENT_WORDS for w in words)
    present = any(w in _PRESENT_WORDS for w in words)
    known = _FILLER | _PRESENT_WORDS | _ABSENT_WORDS | set(_KINDS)
    if len(kinds) != 1 or not (absent or present) or any(w not in known for w in words):
        return None
    if absent and present and not {"delegations", "participants", "attendees"} & set(words):
        return None
    name, chooses = _KINDS[kinds.pop()]
    side = "absent" if absent else "present"
    if side == "absent" and name.startswith("parties at"):
        return None  # an absent party has no level
    return side, name, chooses


def _hosts(brief: Brief, party: Present | Absent) -> bool:
    """Return whether a party is the event's host (which a count of guests may leave out)."""
    host = (brief.event.host or "").casefold().strip() if brief.event else ""
    names = {party.name.casefold(), *(alias.casefold() for alias in party.aliases)}
    return party.rule == "host" or (bool(host) and host in names)


def _bounds(count: Count) -> tuple[int, float] | None:
    """Return the range a count's true figure lies in; None for "about" (no sure bound)."""
    value = count.value
    return {
        Qualifier.exact: (value, value),
        Qualifier.more_than: (value + 1, math.inf),
        Qualifier.at_least: (value, math.inf),
        Qualifier.as_many_as: (0, value),
        Qualifier.fewer_than: (0, value - 1) if value else None,
    }.get(count.qualifier)


def _said(count: Count) -> str:
    how = "exactly" if count.qualifier == Qualifier.exact else count.qualifier.value
    return f"{how} {count.value:,}"


def _count_checks(brief: Brief, errors: list[tuple[Loc, str]], warnings: list[tuple[Loc, str]]) -> None:
    """Add the counts that contradict the list of parties they count, or another count of the same label.

    Only what is sure counts: "about" sets no bound, and only labels made of known words are read as counting a
    list (see ``_counted``). Two exact figures of one source for one label are an error; the rest are warnings.
    """
    counts = brief.attendance.counts
    bounds = [_bounds(count) for count in counts]
    # Per label, the count that sets the highest floor and the one that sets the lowest ceiling so far: a new
    # count contradicts one before it exactly when it lies wholly below that floor or above that ceiling.
    tightest: dict[str, tuple[int, int]] = {}
    listed: dict[tuple[str, str], tuple[int, str]] = {}  # (side, kind): how many parties of that kind are listed
    for j, count in enumerate(counts):
        here = bounds[j]
        if here is None:
            continue
        loc: Loc = ("attendance", "counts", j, "value")
        counted = _counted(count.label)
        if counted is not None:
            if counted[:2] not in listed:
                listed[counted[:2]] = _listed(brief, *counted)
            number, parties = listed[counted[:2]]
            if number > here[1]:
                warnings.append(
                    (
                        loc,
                        f"{count.label!r} is {_said(count)}, but attendance.{counted[0]} lists {number} {parties}; "
                        "check the figure or the list",
                    )
                )
        if count.rule is not None:
            continue  # a drafting tool's label is its rough reading, not a claim that two counts count one thing
        label = " ".join(count.label.casefold().split()).rstrip(".:;")
        floor, ceiling = tightest.setdefault(label, (j, j))
        floor_bounds, ceiling_bounds = bounds[floor], bounds[ceiling]
        assert floor_bounds is not None and ceiling_bounds is not None
        clash = floor if here[1] < floor_bounds[0] else ceiling if here[0] > ceiling_bounds[1] else None
        if clash is None:
            tightest[label] = (
                j if here[0] > floor_bounds[0] else floor,
                j if here[1] < ceiling_bounds[1] else ceiling,
            )
        else:
            other = counts[clash]
            said = f"{count.label!r} is {_said(count)} here but {_said(other)} at attendance.counts[{clash}]"
            if count.qualifier == other.qualifier == Qualifier.exact and count.source == other.source:
                errors.append(
                    (loc, f"{said}; two exact figures for one thing cannot both be true: keep one, or label them apart")
                )
            else:
                warnings.append(
                    (loc, f"{said}; both cannot be true: check the figures, or qualify one (about, as many as)")
                )


def _listed(brief: Brief, side: str, name: str, chooses: Any) -> tuple[int, str]:
    """Return how many parties of a kind a side lists (not the host), and the words for them."""
    chosen = [party for party in getattr(brief.attendance, side) if chooses(party)]
    listed = sum(1 for party in chosen if not _hosts(brief, party))
    return listed, f"{name} besides the host" if listed < len(chosen) else name


# A reason saying the party came and then left: such a party is rightly listed as present and absent.
_LEFT = re.compile(
    r"\b(walk(?:ed|s|ing)? ?out|walkout|stormed out|left|leaving|withdr[ea]w[ns]?|pulled out|quit|"
    r"suspended (?:its|their|his|her) participation)\b",
    re.IGNORECASE,
)

PLACEHOLDERS = ("Party A", "Party B", "Event: the one-line headline of your brief", "Name of the summit, talks or vote")


def _strings(data: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    if isinstance(data, str):
        yield loc, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*loc, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _strings(value, (*loc, i))


def cross_checks(brief: Brief, data: Any) -> tuple[list[tuple[Loc, str]], list[tuple[Loc, str]]]:
    """Return the faults across fields of a valid brief: (errors, warnings), each with where it is."""
    errors: list[tuple[Loc, str]] = []
    warnings: list[tuple[Loc, str]] = []
    event = brief.event
    if event and event.start and event.end and event.end < event.start:
        errors.append(
            (("event", "end"), f"the event ends ({event.end.isoformat()}) before it starts ({event.start.isoformat()})")
        )
    present = {p.name.casefold(): i for i, p in enumerate(brief.attendance.present)}
    for i, party in enumerate(brief.attendance.absent):
        if party.name.casefold() in present and not _LEFT.search(party.reason or ""):
            where = f"attendance.present[{present[party.name.casefold()]}]"
            errors.append(
                (
                    ("attendance", "absent", i, "name"),
                    f"{party.name!r} is listed both as present ({where}) and absent; keep it in one list, "
                    "or give as its reason how it left (e.g. 'walked out on the second day')",
                )
            )
    _count_checks(brief, errors, warnings)
    for i, kj in enumerate(brief.key_judgments):
        if kj.likelihood and not kj.sources:
            warnings.append(
                (("key_judgments", i), "a likelihood without sources; cite what the judgment rests on: sources: [s1]")
            )
    for loc, text in _strings(data):
        if text.strip() in PLACEHOLDERS:
            warnings.append((loc, f"{text.strip()!r} is the starter's placeholder; replace it or delete the item"))
    return errors, warnings
