"""The attendance chart: figures of one kind, their qualifiers kept, labels whole."""

from __future__ import annotations

import re

import briefgen
from briefgen.chart import attendance_chart, chart_rows
from briefgen.i18n import labels_for
from briefgen.model import Brief


def with_counts(brief: Brief, counts: list[dict[str, object]]) -> Brief:
    data = brief.model_dump(mode="json", exclude_none=True)
    data["attendance"]["counts"] = counts
    return Brief.model_validate(data)


def test_bars_labels_and_qualifiers_match_the_brief(example_brief: Brief) -> None:
    t = labels_for(example_brief.language)
    rows = chart_rows(example_brief, t)
    assert rows == [
        ("Countries invited", 160, "160"),
        ("Invited countries not attending", 80, "as many as 80"),
        ("Other countries sending delegations besides the G20", 70, "more than 70"),
    ]
    chart = attendance_chart(example_brief, t)
    assert chart is not None
    assert chart.alt == (
        "Bar chart of attendance: Countries invited: 160; Invited countries not attending: as many as 80; "
        "Other countries sending delegations besides the G20: more than 70."
    )
    # The named lists are another kind of figure: never on this axis.
    assert "Named as" not in chart.alt
    assert re.search(r"<title>Bar chart of attendance: .*as many as 80", chart.svg)


def test_figures_of_different_kinds_never_share_an_axis(example_brief: Brief) -> None:
    brief = with_counts(
        example_brief,
        [
            {"label": "delegations", "value": 40},
            {"label": "ships", "value": 12},
            {"label": "delegations absent", "value": 5},
        ],
    )
    rows = chart_rows(brief, labels_for("en"))
    assert [label for label, _, _ in rows] == ["delegations", "delegations absent"]


def test_no_chart_without_two_comparable_figures(example_brief: Brief) -> None:
    t = labels_for("en")
    one_kind_each = with_counts(example_brief, [{"label": "ships", "value": 12}, {"label": "delegations", "value": 40}])
    assert attendance_chart(one_kind_each, t) is None
    html = briefgen.render(one_kind_each, "html").decode()
    assert '<figure class="chart">' not in html


def test_long_labels_are_wrapped_not_cut(example_brief: Brief) -> None:
    label = "Countries sending a delegation led by a head of state or government to the opening plenary"
    brief = with_counts(example_brief, [{"label": label, "value": 30}, {"label": "Countries invited", "value": 90}])
    chart = attendance_chart(brief, labels_for("en"))
    assert chart is not None
    assert label in chart.alt
    assert "…" not in chart.alt
    from briefgen.chart import _wrap

    assert " ".join(_wrap(label).split("\n")) == label
