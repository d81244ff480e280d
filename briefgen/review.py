"""The review of a draft: every machine-drafted item beside the evidence it was drafted from.

The browser workspace, ``briefgen build --review`` and ``render --review`` all list the items this
module finds, so an analyst sees the same notes wherever the draft is checked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from .errors import Problem, ValidationError
from .model import Brief, Evidence

__all__ = ["ReviewItem", "approve", "cited", "review_items", "to_check_items", "unresolved"]


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
    method: str | None = None
    """How the draft was made (the drafting block's method), named when the item records no rule of its own."""

    @property
    def summary(self) -> str:
        """Return the drafting facts in one line: rule or model, and confidence."""
        drafter = self.rule or (f"{self.method} (no rule recorded)" if self.method else "not recorded")
        parts = [f"drafted by: {drafter}"]
        if self.confidence is not None:
            parts.append(f"confidence: {self.confidence:.2f}")
        return "; ".join(parts)


def cited(brief: Brief, items: list[Evidence]) -> list[tuple[str, str]]:
    """Return each evidence sentence with the title (and publisher) of its source, or the source's id."""
    titles = {s.id: s.title + (f" ({s.publisher})" if s.publisher else "") + f" [{s.id}]" for s in brief.sources}
    return [(e.text, titles.get(e.source or "", e.source or "source not given")) for e in items]


def review_items(brief: Brief) -> list[ReviewItem]:
    """Return the drafted items of a brief (those that may carry evidence) in reading order."""
    method = brief.drafting.method if brief.drafting else None
    items: list[ReviewItem] = []
    for i, p in enumerate(brief.positions):
        ev = cited(brief, p.evidence)
        items.append(ReviewItem("Positions", f"positions[{i}]", p.actor, p.stance, ev, p.rule, p.confidence, method))
    for side, title in (("present", "Present"), ("absent", "Absent")):
        for i, party in enumerate(getattr(brief.attendance, side)):
            detail = getattr(party, "reason", None) or (party.kind.value.replace("_", " ") if party.kind else None)
            ev = cited(brief, [party.evidence] if party.evidence else [])
            items.append(
                ReviewItem(
                    title, f"attendance.{side}[{i}]", party.name, detail, ev, party.rule, party.confidence, method
                )
            )
    for i, count in enumerate(brief.attendance.counts):
        label = f"{count.label}: {count.qualifier.value} {count.value}"
        ev = cited(brief, [count.evidence] if count.evidence else [])
        items.append(
            ReviewItem("Counts", f"attendance.counts[{i}]", label, None, ev, count.rule, count.confidence, method)
        )
    for i, o in enumerate(brief.outlook):
        detail = o.likelihood.value if o.likelihood else None
        ev = cited(brief, o.evidence)
        items.append(ReviewItem("Outlook", f"outlook[{i}]", o.statement, detail, ev, o.rule, o.confidence, method))
    return items


def to_check_items(brief: Brief) -> list[ReviewItem]:
    """Return the "to check" items of a draft: what the drafting tool could not decide."""
    if brief.drafting is None:
        return []
    method = brief.drafting.method
    return [
        ReviewItem(
            "To check", item.field, item.item, None, cited(brief, item.evidence), item.rule, item.confidence, method
        )
        for item in brief.drafting.to_check
    ]


def unresolved(brief: Brief, name: str, marks: Mapping[tuple[str | int, ...], tuple[int, int]]) -> list[Problem]:
    """Return what stops a draft from being approved: each "to check" item left, and a missing date."""

    def where(loc: tuple[str | int, ...]) -> tuple[int | None, int | None]:
        return marks.get(loc, (None, None))

    problems = [
        Problem(
            name,
            *where(("drafting", "to_check", i)),
            f"drafting.to_check[{i}]",
            f"{item.item!r} is still to check: act on it in the brief, then delete the item from drafting.to_check",
        )
        for i, item in enumerate(brief.drafting.to_check if brief.drafting else [])
    ]
    if brief.date is None:
        problems.append(
            Problem(
                name, *where(("title", "<key>")), "date", "not set: an approved brief needs the date, e.g. 2026-03-14"
            )
        )
    return problems


def approve(
    brief: Brief,
    by: str,
    on: dt.date,
    *,
    name: str = "<brief>",
    marks: Mapping[tuple[str | int, ...], tuple[int, int]] | None = None,
) -> Brief:
    """Return the approved brief: who approved it and when recorded, the drafting block (the DRAFT mark) gone.

    Raises:
        ValidationError: "to check" items remain, or the date is not set (one Problem each).
    """
    problems = unresolved(brief, name, marks or {})
    if problems:
        raise ValidationError(problems)
    return brief.model_copy(update={"drafting": None, "approved_by": by, "approved_on": on})
