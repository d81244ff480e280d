"""The gazetteer: every surface form of a known party, built once per process."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from ..errors import ExtractionError
from ..model import AttendeeKind
from .tables import (
    ADJECTIVES,
    AMBIGUOUS_FORMS,
    BLOCKERS,
    COUNTRY_NAMES,
    EXTRA_CAPITALS,
    EXTRA_COUNTRY_FORMS,
    METONYMS,
    ORGANISATIONS,
)

__all__ = ["Entry", "Gazetteer", "gazetteer"]

_LATIN = re.compile(r"^[A-Z][A-Za-z .'’-]+$")
_SHORT_CODES = frozenset({"US", "USA", "UK", "UAE", "DRC"})
_EXTRA_NAMES = frozenset(
    {
        "U.S.",
        "U.S.A.",
        "U.K.",
        "America",
        "Britain",
        "Great Britain",
        "Burma",
        "Côte d'Ivoire",
        "Türkiye",
        "Czechia",
    }
)


@dataclass(frozen=True)
class Entry:
    """One surface form: the party it names and how it names it."""

    actor: str
    kind: AttendeeKind
    form: str  # "name", "capital", "demonym", "metonym" or "blocker"


@dataclass(frozen=True)
class Gazetteer:
    """Surface forms of countries, bodies and metonyms, with a lookup by canonical name."""

    forms: dict[str, Entry]
    kinds: dict[str, AttendeeKind]


def _country_rows() -> list[dict[str, Any]]:
    try:
        from countryinfo._cache import load_countries

        countries = load_countries()["countries"]
    except Exception:  # the private cache moved: fall back to the public listing
        try:
            from countryinfo import all_countries

            return [dict(c.info()) for c in all_countries()]
        except Exception as exc:
            raise ExtractionError(f"cannot load the country gazetteer (countryinfo): {exc}") from exc
    return [countries[key] for key in sorted(countries)]


def _add(forms: dict[str, Entry], surface: str, entry: Entry) -> None:
    surface = surface.strip()
    if surface and surface not in forms and surface not in AMBIGUOUS_FORMS:
        forms[surface] = entry


@functools.cache
def gazetteer() -> Gazetteer:
    """Build the gazetteer from countryinfo and the static tables (cached for the process)."""
    forms: dict[str, Entry] = {}
    kinds: dict[str, AttendeeKind] = {}
    for blocker in BLOCKERS:
        forms[blocker] = Entry("", AttendeeKind.other, "blocker")
    for name, kind, surfaces in ORGANISATIONS:
        kinds[name] = kind
        for surface in surfaces:
            forms[surface] = Entry(name, kind, "name")
    for surface, actor in METONYMS.items():
        forms[surface] = Entry(actor, AttendeeKind.state, "metonym")
    rows = _country_rows()
    names: list[tuple[str, dict[str, Any]]] = []
    for row in rows:
        raw = str(row.get("name") or "")
        name = COUNTRY_NAMES.get(raw, raw)
        if not name or not row.get("ISO"):
            continue
        names.append((name, row))
        kinds.setdefault(name, AttendeeKind.state)
    state = AttendeeKind.state
    # Names first, so that a demonym or capital never shadows a country's own name.
    for name, row in names:
        _add(forms, name, Entry(name, state, "name"))
        for alt in row.get("altSpellings") or []:
            if alt in _SHORT_CODES or (len(alt) > 3 and _LATIN.match(alt) and "," not in alt):
                _add(forms, alt, Entry(name, state, "name"))
    for name, extra in EXTRA_COUNTRY_FORMS.items():
        for surface in extra:
            form = "name" if surface in _EXTRA_NAMES else "capital"
            forms.setdefault(surface, Entry(name, state, form))
    # A demonym or capital shared with a territory goes to the most populous country.
    names.sort(key=lambda item: -int(item[1].get("population") or 0))
    for name, row in names:
        capital = row.get("capital")
        for cap in capital if isinstance(capital, list) else [capital]:
            if isinstance(cap, str) and cap:
                _add(forms, cap, Entry(name, state, "capital"))
        demonym = row.get("demonym")
        if isinstance(demonym, str) and demonym and _LATIN.match(demonym):
            _add(forms, demonym, Entry(name, state, "demonym"))
    forms["Burmese"] = Entry("Myanmar", state, "demonym")
    for surface, actor in ADJECTIVES.items():
        if actor in kinds:
            forms.setdefault(surface, Entry(actor, state, "demonym"))
    for surface, actor in EXTRA_CAPITALS.items():
        if actor in kinds:
            forms.setdefault(surface, Entry(actor, state, "capital"))
    # News text writes "Côte d’Ivoire" with a typographic apostrophe as often as with a straight one.
    for surface, entry in list(forms.items()):
        if "'" in surface:
            forms.setdefault(surface.replace("'", "’"), entry)
    return Gazetteer(forms=forms, kinds=kinds)
