"""The review view of a draft: every machine-drafted item beside the evidence it was drafted from."""

from __future__ import annotations

from typing import Any

from ..model import Brief
from ..review import ReviewItem, review_items, to_check_items

__all__ = ["ReviewItem", "review_html", "review_items"]


def _environment() -> Any:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("briefgen.serve", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )


def review_html(brief: Brief) -> str:
    """Return the review view as an HTML fragment; every piece of the brief's text is escaped."""
    to_check = to_check_items(brief)
    template = _environment().get_template("review.html.j2")
    html: str = template.render(
        items=review_items(brief),
        to_check=to_check,
        notes=brief.drafting.notes if brief.drafting else [],
        drafted=brief.drafting is not None,
    )
    return html
