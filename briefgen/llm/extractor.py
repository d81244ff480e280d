"""The ``llm`` extractor: a model reads numbered sentences; briefgen keeps only what it can ground."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import ExtractionError
from ..model import Absent, Brief, Evidence, Likelihood, Outlook, Position, Present

__all__ = ["LlmExtractor", "findings_schema"]

log = logging.getLogger("briefgen")

_MAX_NOTES = 100
"""The most notes on what was dropped from an answer; the rest are summed up in one line."""
_MAX_IDS = 50
"""The most sentence ids read for one item of an answer."""

NAME = {"type": "string", "minLength": 1, "maxLength": 80}
TEXT = {"type": "string", "maxLength": 400}
IDS = {"type": "array", "items": {"type": "integer", "minimum": 1}, "maxItems": 8}


def findings_schema() -> dict[str, Any]:
    """Return the JSON Schema the model must answer with (bounded so small models cannot loop)."""

    def obj(props: dict[str, Any]) -> dict[str, Any]:
        return {"type": "object", "properties": props, "required": list(props), "additionalProperties": False}

    likelihood = {"enum": [term.value for term in Likelihood] + [None]}
    return obj(
        {
            "positions": {
                "type": "array",
                "maxItems": 20,
                "items": obj(
                    {
                        "actor": NAME,
                        "stance": TEXT,
                        "demands": {"type": "array", "items": TEXT, "maxItems": 8},
                        "spokespeople": {"type": "array", "items": NAME, "maxItems": 6},
                        "sentences": IDS,
                    }
                ),
            },
            "present": {"type": "array", "maxItems": 40, "items": obj({"name": NAME, "sentences": IDS})},
            "absent": {
                "type": "array",
                "maxItems": 40,
                "items": obj(
                    {"name": NAME, "reason": {"type": ["string", "null"], "maxLength": 200}, "sentences": IDS}
                ),
            },
            "outlook": {
                "type": "array",
                "maxItems": 12,
                "items": obj({"statement": TEXT, "likelihood": likelihood, "sentences": IDS}),
            },
        }
    )


SYSTEM = (
    "You extract facts for a diplomatic briefing from a news article given as numbered sentences. "
    "Answer only with JSON that follows the schema. Use only what the article says. "
    "positions: parties (states, blocs, organisations, armed groups; short English names such as 'Russia', "
    "'European Union') that state, demand, propose, insist on or reject something: a one-sentence stance in your "
    "own words, each concrete demand or condition, named spokespeople, and the ids of the sentences that carry it. "
    "present: parties reported attending, taking part, sending delegations or hosting. absent: parties reported "
    "not attending, not invited, boycotting, walking out or staying away, with the reason if given. outlook: "
    "forward-looking statements; likelihood is one of the listed terms only when the article uses such a word, "
    "else null. Every item must cite sentence ids that exist."
)


@dataclass(frozen=True)
class _Sentence:
    number: int
    article: Any
    start: int
    end: int
    text: str


class LlmExtractor:
    """Draft a brief with the rule extractor, then let a language model add stances, demands and parties.

    Input: articles (``briefgen.extraction.Article``). Output: a Brief whose every evidence string is a
    verbatim sentence of an article, chosen by id from the model's answer. Raises ``InputError`` for bad
    settings and ``ExtractionError`` when the server fails (down, time-out, garbage).
    """

    name = "llm"

    def __init__(self, settings: Any = None, **options: Any) -> None:
        from .settings import LlmSettings

        self.settings = settings if isinstance(settings, LlmSettings) else LlmSettings.resolve(**options)
        self.dropped: list[str] = []

    def extract(self, articles: Sequence[Any]) -> Brief:
        """Return the merged draft brief."""
        from ..extraction import RulesExtractor
        from .client import ChatClient

        base = RulesExtractor().extract(articles)
        sentences = _number(articles, self.settings.max_sentences)
        if not sentences:
            return base
        listing = "\n".join(f"[{s.number}] {s.text}" for s in sentences)
        messages = [{"role": "system", "content": SYSTEM}, {"role": "user", "content": listing}]
        client = ChatClient(self.settings)
        answer = client.complete_json(messages, findings_schema())
        self.dropped = []
        merged = self._merge(base, answer, {s.number: s for s in sentences})
        notes = [*(base.drafting.notes if base.drafting else []), *self.dropped]
        if client.used_fallback:
            notes.append("the server rejected json_schema; the json_object form was used")
        drafting = (base.drafting or _drafting()).model_copy(
            update={"method": "rules+llm", "model": self.settings.model, "notes": notes}
        )
        return merged.model_copy(update={"drafting": drafting})

    def _drop(self, what: str) -> None:
        if len(self.dropped) < _MAX_NOTES:
            self.dropped.append(f"dropped from the model's answer: {what}")
            log.warning("dropped from the model's answer: %s", what)
        elif len(self.dropped) == _MAX_NOTES:
            self.dropped.append("dropped from the model's answer: more items, not listed one by one")

    def _evidence(self, ids: Any, where: str, by_id: dict[int, _Sentence]) -> list[Evidence]:
        out: list[Evidence] = []
        for value in ids[:_MAX_IDS] if isinstance(ids, list) else []:
            sentence = by_id.get(value) if isinstance(value, int) and not isinstance(value, bool) else None
            if sentence is None:
                self._drop(f"{where}: unknown sentence id {value!r}")
                continue
            out.append(Evidence(text=sentence.text, source=sentence.article.id, start=sentence.start, end=sentence.end))
        return out

    def _merge(self, base: Brief, answer: Any, by_id: dict[int, _Sentence]) -> Brief:
        from ..model import MAX_ITEMS

        if not isinstance(answer, dict):
            raise ExtractionError("the model's answer is not a JSON object")
        positions = {p.actor.casefold(): p for p in base.positions}
        aliases = {a.casefold(): p.actor.casefold() for p in base.positions for a in p.aliases}
        for i, item in enumerate(_items(answer, "positions")):
            actor = _text(item.get("actor"), 80)
            if not actor:
                self._drop(f"positions[{i}]: empty actor")
                continue
            evidence = self._evidence(item.get("sentences"), f"positions[{i}] ({actor})", by_id)
            key = aliases.get(actor.casefold(), actor.casefold())
            stance = _text(item.get("stance"), 400) or None
            demands = [d for d in (_text(x, 400) for x in _list(item.get("demands"))[:8]) if d]
            people = [p for p in (_text(x, 80) for x in _list(item.get("spokespeople"))[:6]) if p]
            old = positions.get(key)
            if old is None:
                if not evidence:
                    self._drop(f"positions[{i}] ({actor}): no sentence supports it")
                    continue
                positions[key] = Position(
                    actor=actor, stance=stance, demands=demands, spokespeople=people, evidence=evidence
                )
                continue
            known = {(e.source, e.start) for e in old.evidence}
            positions[key] = old.model_copy(
                update={
                    "stance": stance or old.stance,
                    "demands": list(dict.fromkeys([*demands, *old.demands])) if demands else old.demands,
                    "spokespeople": list(dict.fromkeys([*old.spokespeople, *people])),
                    "evidence": [*old.evidence, *(e for e in evidence if (e.source, e.start) not in known)],
                }
            )
        present = {p.name.casefold(): p for p in base.attendance.present}
        absent = {a.name.casefold(): a for a in base.attendance.absent}
        for i, item in enumerate(_items(answer, "present")):
            name = _text(item.get("name"), 80)
            if not name:
                self._drop(f"present[{i}]: empty name")
            elif name.casefold() not in present and name.casefold() not in absent:
                cited = self._evidence(item.get("sentences"), f"present[{i}] ({name})", by_id)
                present[name.casefold()] = Present(name=name, source=cited[0].source if cited else None)
        for i, item in enumerate(_items(answer, "absent")):
            name = _text(item.get("name"), 80)
            if not name:
                self._drop(f"absent[{i}]: empty name")
            elif name.casefold() not in absent:
                cited = self._evidence(item.get("sentences"), f"absent[{i}] ({name})", by_id)
                absent[name.casefold()] = Absent(
                    name=name, reason=_text(item.get("reason"), 200) or None, source=cited[0].source if cited else None
                )
        outlook = list(base.outlook)
        seen = {(e.source, e.start) for o in outlook for e in o.evidence}
        terms = {term.value: term for term in Likelihood}
        for i, item in enumerate(_items(answer, "outlook")):
            statement = _text(item.get("statement"), 400)
            raw = item.get("likelihood")
            if raw is not None and raw not in terms:
                self._drop(f"outlook[{i}]: likelihood {raw!r} is not an ICD 203 term")
                raw = None
            evidence = self._evidence(item.get("sentences"), f"outlook[{i}]", by_id)
            if not statement or not evidence:
                self._drop(f"outlook[{i}]: no statement or no supporting sentence")
                continue
            if any((e.source, e.start) in seen for e in evidence):
                continue  # the rules already found this one, with their own likelihood reading
            outlook.append(Outlook(statement=statement, likelihood=terms.get(raw) if raw else None, evidence=evidence))
        attendance = base.attendance.model_copy(
            update={
                "present": [p for k, p in present.items() if k not in absent][:MAX_ITEMS],
                "absent": list(absent.values())[:MAX_ITEMS],
            }
        )
        return base.model_copy(
            update={
                "positions": list(positions.values())[:MAX_ITEMS],
                "attendance": attendance,
                "outlook": outlook[:MAX_ITEMS],
            }
        )


def _drafting() -> Any:
    from ..model import Drafting

    return Drafting(method="rules+llm")


def _number(articles: Sequence[Any], limit: int) -> list[_Sentence]:
    from ..extraction.text import segment

    out: list[_Sentence] = []
    for article in articles:
        for paragraph in segment(article.text):
            for sentence in paragraph.sentences:
                if len(out) >= limit:
                    return out
                out.append(_Sentence(len(out) + 1, article, sentence.start, sentence.end, sentence.text))
    return out


def _items(answer: dict[str, Any], key: str) -> list[dict[str, Any]]:
    """Return the objects of the answer's list ``key``, at most as many as a brief's list holds."""
    from ..model import MAX_ITEMS

    value = answer.get(key)
    return [x for x in value[:MAX_ITEMS] if isinstance(x, dict)] if isinstance(value, list) else []


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _text(value: Any, limit: int) -> str:
    if not isinstance(value, str):
        return ""
    text = " ".join(value.split())
    from ..model import XML_FORBIDDEN

    return XML_FORBIDDEN.sub("", text)[:limit]
