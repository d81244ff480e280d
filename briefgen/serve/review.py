"""The review view of a draft: every machine-drafted item beside the evidence it was drafted from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..model import Brief, Evidence

__all__ = ["ReviewItem", "review_html", "review_items"]


@dataclass(frozen=True)
class ReviewItem:
    """One drafted item: what it says, where it is in the brief, and why the drafting tool wrote it."""

    section: str
    path: str
    label: str
    detail: str | None
    evidence: list[tuple[str, str]] = field(default_factory=list)
    """Each evidence sentence with the source it comes from (title, or id when the source is not listed)."""
    rule: str | None = None
    confidence: float | None = None


def _cited(brief: Brief, items: list[Evidence]) -> list[tuple[str, str]]:
    titles = {s.id: s.title + (f" ({s.publisher})" if s.publisher else "") for s in brief.sources}
    return [(e.text, titles.get(e.source or "", e.source or "source not given")) for e in items]


def review_items(brief: Brief) -> list[ReviewItem]:
    """Return the drafted items of a brief in reading order."""
    items: list[ReviewItem] = []
    for i, p in enumerate(brief.positions):
        ev = _cited(brief, p.evidence)
        items.append(ReviewItem("Positions", f"positions[{i}]", p.actor, p.stance, ev, p.rule, p.confidence))
    for side, title in (("present", "Present"), ("absent", "Absent")):
        for i, party in enumerate(getattr(brief.attendance, side)):
            detail = getattr(party, "reason", None) or (party.kind.value.replace("_", " ") if party.kind else None)
            ev = _cited(brief, [party.evidence] if party.evidence else [])
            items.append(
                ReviewItem(title, f"attendance.{side}[{i}]", party.name, detail, ev, party.rule, party.confidence)
            )
    for i, count in enumerate(brief.attendance.counts):
        label = f"{count.label}: {count.qualifier.value} {count.value}"
        ev = _cited(brief, [count.evidence] if count.evidence else [])
        items.append(ReviewItem("Counts", f"attendance.counts[{i}]", label, None, ev, count.rule, count.confidence))
    for i, o in enumerate(brief.outlook):
        detail = o.likelihood.value if o.likelihood else None
        ev = _cited(brief, o.evidence)
        items.append(ReviewItem("Outlook", f"outlook[{i}]", o.statement, detail, ev, o.rule, o.confidence))
    return items


def _environment() -> Any:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("briefgen.serve", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )


def review_html(brief: Brief) -> str:
    """Return the review view as an HTML fragment; every piece of the brief's text is escaped."""
    to_check = []
    if brief.drafting:
        for item in brief.drafting.to_check:
            evidence = _cited(brief, item.evidence)
            to_check.append(ReviewItem("To check", item.field, item.item, None, evidence, item.rule, item.confidence))
    template = _environment().get_template("review.html.j2")
    html: str = template.render(
        items=review_items(brief),
        to_check=to_check,
        notes=brief.drafting.notes if brief.drafting else [],
        drafted=brief.drafting is not None,
    )
    return html
