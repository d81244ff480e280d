"""Validation that teaches: common mistakes, each with the exact message `briefgen validate` prints."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefgen.cli import app

GOOD = "title: T\ndate: 2024-06-14\nsummary: S\n"

# (name, brief, exit code, what validate prints on standard error, FILE standing for the file's path)
MISTAKES: list[tuple[str, str, int, str]] = [
    (
        "indented key",
        "title: T\ndate: 2024-06-14\nsummary: S\nevent:\n  name: N\n    location: L\n",
        2,
        "FILE:6:13: invalid YAML: a ': ' where none can be: if this line is indented under the line above by "
        "mistake, line its key up with the others; if a value contains ': ', put it in quotes, e.g. "
        'title: "Talks: day two"',
    ),
    (
        "dedented list",
        GOOD + "watch:\n  - a\n - b\n",
        2,
        "FILE:6:2: invalid YAML: this line is indented differently from the lines above it; line it up with the "
        "other keys of its mapping (spaces, the same number for each level)",
    ),
    (
        "list item without its space",
        GOOD + "watch:\n  - a\n  -b\nauthor: X\n",
        2,
        "FILE:6:3: invalid YAML: a line without ':' inside a mapping; write key: value, or start a list item with '- '",
    ),
    (
        "tab",
        "title:\tT\n",
        2,
        "FILE:1:7: invalid YAML: a tab character; YAML is indented with spaces only",
    ),
    (
        "day/month/year",
        "title: T\ndate: 14/03/2026\nsummary: S\n",
        2,
        "FILE:2:7: date: '14/03/2026' is not a date in the form YYYY-MM-DD; write 2026-03-14",
    ),
    (
        "date in words",
        'title: T\ndate: "14 March 2026"\nsummary: S\n',
        2,
        "FILE:2:7: date: '14 March 2026' is not a date in the form YYYY-MM-DD; write 2026-03-14",
    ),
    (
        "date read two ways",
        "title: T\ndate: 03/04/2026\nsummary: S\n",
        2,
        "FILE:2:7: date: '03/04/2026' is not a date in the form YYYY-MM-DD and reads two ways; "
        "write 2026-04-03 or 2026-03-04",
    ),
    (
        "misspelt field",
        GOOD + "subtitel: x\n",
        2,
        "FILE:4:1: subtitel: unknown field (not part of the brief contract); did you mean 'subtitle'?",
    ),
    (
        "misspelt value",
        GOOD + "key_judgments:\n  - {statement: X, likelihood: likley, sources: [s1]}\nsources: [{id: s1, title: A}]\n",
        2,
        "FILE:5:32: key_judgments[0].likelihood: 'likley' is not one of: 'almost no chance', 'very unlikely', "
        "'unlikely', 'roughly even chance', 'likely', 'very likely' or 'almost certain'; did you mean 'likely'?",
    ),
    (
        "event ends before it starts",
        GOOD + "event: {name: N, start: 2024-06-15, end: 2024-06-14}\n",
        2,
        "FILE:4:42: event.end: the event ends (2024-06-14) before it starts (2024-06-15)",
    ),
    (
        "present and absent",
        GOOD + "attendance:\n  present: [{name: Russia}]\n  absent: [{name: russia}]\n",
        2,
        "FILE:6:19: attendance.absent[0].name: 'russia' is listed both as present (attendance.present[0]) and "
        "absent; keep it in one list, or give as its reason how it left (e.g. 'walked out on the second day')",
    ),
    (
        "two exact figures for one count",
        GOOD + "attendance:\n  counts:\n    - {label: countries invited, value: 160}\n"
        "    - {label: Countries invited, value: 150}\n",
        2,
        "FILE:7:41: attendance.counts[1].value: 'Countries invited' is exactly 150 here but exactly 160 at "
        "attendance.counts[0]; two exact figures for one thing cannot both be true: keep one, or label them apart",
    ),
    (
        "a floor above an exact figure",
        GOOD + "attendance:\n  counts:\n    - {label: countries invited, value: 160, source: s1}\n"
        "    - {label: countries invited, value: 170, qualifier: at least, source: s2}\n"
        "sources: [{id: s1, title: A}, {id: s2, title: B}]\n",
        0,
        "warning: FILE:7:41: attendance.counts[1].value: 'countries invited' is at least 170 here but exactly 160 at "
        "attendance.counts[0]; both cannot be true: check the figures, or qualify one (about, as many as)",
    ),
    (
        "fewer leaders counted than listed",
        GOOD + "event: {name: N, host: Switzerland}\nattendance:\n  present:\n"
        "    - {name: Switzerland, level: head_of_state}\n    - {name: France, level: head_of_state}\n"
        "    - {name: Japan, level: head_of_government}\n    - {name: Chile, level: head_of_state}\n"
        "  counts: [{label: leaders attending, value: 2}]\n",
        0,
        "warning: FILE:11:46: attendance.counts[0].value: 'leaders attending' is exactly 2, but attendance.present "
        "lists 3 parties at head of state or government level besides the host; check the figure or the list",
    ),
    (
        "capital letter in a value",
        GOOD + "key_judgments:\n  - {statement: X, likelihood: Likely, sources: [s1]}\nsources: [{id: s1, title: A}]\n",
        0,
        "warning: FILE:5:32: key_judgments[0].likelihood: 'Likely' read as 'likely' (write it as shown)",
    ),
    (
        "language name",
        GOOD + "language: English\n",
        0,
        "warning: FILE:4:11: language: 'English' read as the language tag 'en' (write the tag)",
    ),
    (
        "likelihood without sources",
        GOOD + "key_judgments:\n  - {statement: X, likelihood: likely}\n",
        0,
        "warning: FILE:5:5: key_judgments[0]: a likelihood without sources; cite what the judgment rests on: "
        "sources: [s1]",
    ),
    (
        "a list where a mapping is expected",
        GOOD + "handling:\n  - banner: SECRET\n",
        2,
        "FILE:5:3: handling: key: value fields are expected here, not a list; remove the '- ' before the first field",
    ),
    (
        "positions as a mapping",
        GOOD + "positions:\n  actor: Russia\n  stance: No talks.\n",
        2,
        "FILE:5:3: positions: a list is expected here, not a mapping; put '- ' before the first field of each "
        "item, e.g. - actor: ...",
    ),
    (
        "a list left empty",
        GOOD + "positions:\n",
        2,
        "FILE:4:11: positions: nothing is written after the colon; list the items below it, one per line starting "
        "with '- ', write [] for none, or delete the line",
    ),
    (
        "bare names where parties are expected",
        GOOD + "attendance:\n  present:\n    - Russia\n",
        2,
        "FILE:6:7: attendance.present[0]: 'Russia' alone is not enough: this item has fields; write - name: Russia",
    ),
    (
        "ICD 203's other likelihood word",
        GOOD + "key_judgments:\n  - statement: X will happen.\n    likelihood: probable\n",
        2,
        "FILE:6:17: key_judgments[0].likelihood: 'probable' is ICD 203's other word for 'likely'; "
        "write likelihood: likely",
    ),
    (
        "date without leading zeros",
        GOOD + "event:\n  name: N\n  start: 2024-6-1\n",
        2,
        "FILE:6:10: event.start: '2024-6-1' is not a date in the form YYYY-MM-DD; write 2024-06-01",
    ),
    (
        "a word YAML reads as true",
        GOOD + "positions:\n  - actor: Russia\n    stance: yes\n",
        2,
        "FILE:6:13: positions[0].stance: read as true/false where text is expected (YAML reads yes, no, on, "
        'off, true and false so); put the text in quotes, e.g. "yes"',
    ),
    (
        "a number where text is expected",
        "title: 2024\ndate: 2024-06-14\nsummary: S\n",
        2,
        'FILE:1:8: title: read as the number 2024 where text is expected; put it in quotes, e.g. "2024"',
    ),
    (
        "a count with its qualifier in the number",
        GOOD + "attendance:\n  counts:\n    - label: delegations\n      value: about 40\n",
        2,
        "FILE:7:14: attendance.counts[0].value: 'about 40' is not a whole number; write value: 40 and qualifier: about",
    ),
    (
        "a count with a thousands separator",
        GOOD + "attendance:\n  counts:\n    - label: troops\n      value: 1,200\n",
        2,
        "FILE:7:14: attendance.counts[0].value: '1,200' is not a whole number as YAML reads it; write it without "
        "commas: 1200",
    ),
    (
        "TLP in lower case",
        GOOD + "handling:\n  tlp: amber\n",
        0,
        "warning: FILE:5:8: handling.tlp: 'amber' read as 'AMBER' (write it as shown)",
    ),
    (
        "an unknown source cited",
        GOOD + "key_judgments:\n  - {statement: X, likelihood: likely, sources: [s9]}\nsources: [{id: s1, title: A}]\n",
        2,
        "FILE:5:50: key_judgments[0].sources[0]: unknown source id 's9' (sources listed: s1)",
    ),
    (
        "duplicated key",
        GOOD + "summary: Again.\n",
        2,
        "FILE:4:1: summary: duplicate key (first at line 3)",
    ),
    (
        "a quote without text",
        GOOD + "positions:\n  - actor: Russia\n    quotes:\n      - speaker: Lavrov\n",
        2,
        "FILE:7:9: positions[0].quotes[0].text: field required",
    ),
    (
        "a stance with an unquoted colon",
        GOOD + "positions:\n  - actor: Russia\n    stance: Demands: withdrawal\n",
        2,
        "FILE:6:20: invalid YAML: a ': ' where none can be: if this line is indented under the line above by "
        "mistake, line its key up with the others; if a value contains ': ', put it in quotes, e.g. "
        'title: "Talks: day two"',
    ),
    (
        "starter placeholder",
        GOOD + "positions:\n  - actor: Party A\n",
        0,
        "warning: FILE:5:12: positions[0].actor: 'Party A' is the starter's placeholder; replace it or delete the item",
    ),
]


@pytest.mark.parametrize(("name", "content", "code", "expected"), MISTAKES, ids=[m[0] for m in MISTAKES])
def test_validate_teaches(runner: CliRunner, tmp_path: Path, name: str, content: str, code: int, expected: str) -> None:
    path = tmp_path / "brief.yaml"
    path.write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == code, result.output
    assert result.stderr == expected.replace("FILE", str(path)) + "\n"
    assert result.stdout == (f"{path}: ok\n" if code == 0 else "")


def test_a_read_value_is_used_as_meant(tmp_path: Path) -> None:
    import briefgen

    path = tmp_path / "brief.yaml"
    path.write_text(GOOD + "language: french\nhandling: {tlp: amber}\n", encoding="utf-8")
    brief = briefgen.load(path)
    assert (brief.language, brief.handling and brief.handling.tlp) == ("fr", "AMBER")


def test_the_untouched_starter_names_its_placeholders(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "brief.yaml"
    assert runner.invoke(app, ["new", "-o", str(path)]).exit_code == 0
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0
    assert "positions[0].actor: 'Party A' is the starter's placeholder" in result.stderr
    assert "title: 'Event: the one-line headline of your brief' is the starter's placeholder" in result.stderr


ROOT = Path(__file__).resolve().parent.parent
ARTICLES = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "bench" / "heldout").glob("*.txt"))
GOLD = sorted((ROOT / "bench").glob("*/*.gold.json"))


@pytest.mark.parametrize("article", ARTICLES, ids=[a.stem for a in ARTICLES])
def test_a_draft_of_real_reporting_raises_no_count_alarm(article: Path) -> None:
    import briefgen
    from briefgen.teaching import cross_checks

    draft = briefgen.extract([article])
    assert draft.attendance.counts or article.stem != "000_5b5992d54111de5f"
    errors, warnings = cross_checks(draft, draft.model_dump(mode="json"))
    assert errors == []  # a draft the tool wrote can be rendered and reviewed
    assert [p for p in errors + warnings if p[0][:2] == ("attendance", "counts")] == []


def test_a_party_that_walked_out_is_present_and_absent(tmp_path: Path) -> None:
    brief = tmp_path / "brief.yaml"
    brief.write_text(
        GOOD + "attendance:\n  present: [{name: Northern Front}, {name: Kestrava}]\n"
        "  absent: [{name: Northern Front, reason: walked out on the second day}]\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["validate", str(brief)])
    assert (result.exit_code, result.stderr) == (0, "")


@pytest.mark.parametrize("gold", GOLD, ids=[g.parent.name + "/" + g.stem for g in GOLD])
def test_counts_an_analyst_wrote_from_real_reporting_raise_no_alarm(gold: Path) -> None:
    import json

    from briefgen.model import Brief
    from briefgen.teaching import cross_checks

    found = json.loads(gold.read_text(encoding="utf-8"))["attendance"]
    data = {
        "title": "T",
        "date": "2024-06-14",
        "summary": "S",
        "attendance": {
            side: [{"name": p["name"], "aliases": p.get("aliases", [])} for p in found.get(side, [])]
            for side in ("present", "absent")
        }
        | {"counts": [{k: c[k] for k in ("label", "value", "qualifier") if k in c} for c in found.get("counts", [])]},
    }
    errors, warnings = cross_checks(Brief.model_validate(data), data)
    assert [p for p in errors + warnings if p[0][:2] == ("attendance", "counts")] == []


def test_counts_the_tool_drafted_are_not_compared_by_their_rough_labels(tmp_path: Path) -> None:
    import briefgen

    counts = [
        {"label": "members of the delegation", "value": value, "rule": "pattern: a number before what it counts"}
        for value in (14, 9)
    ]
    brief = briefgen.load({"title": "T", "date": "2024-06-14", "summary": "S", "attendance": {"counts": counts}})
    assert [c.value for c in brief.attendance.counts] == [14, 9]
    for count in counts:
        del count["rule"]  # an analyst who keeps both counts under one label says they count one thing
    with pytest.raises(briefgen.ValidationError) as caught:
        briefgen.load({"title": "T", "date": "2024-06-14", "summary": "S", "attendance": {"counts": counts}})
    assert str(caught.value.problems[0]).endswith(
        "attendance.counts[1].value: 'members of the delegation' is exactly 9 here but exactly 14 at "
        "attendance.counts[0]; two exact figures for one thing cannot both be true: keep one, or label them apart"
    )


@pytest.mark.parametrize(
    ("label", "value", "qualifier", "warned"),
    [
        ("countries attending", 3, "exact", False),
        ("countries attending", 2, "exact", True),
        ("countries taking part in the talks", 2, "as many as", True),
        ("countries taking part in the talks", 2, "about", False),  # "about" sets no sure bound
        ("countries attending", 2, "more than", False),
        ("African countries attending", 1, "exact", False),  # a part of the list, not all of it
        ("other countries attending", 1, "exact", False),
        ("countries invited", 1, "exact", False),
        ("delegations", 1, "exact", False),  # mediators and observers may be listed without being counted
        ("heads of state present", 1, "exact", True),
        ("countries that stayed away", 1, "fewer than", True),
        ("countries that stayed away", 1, "exact", False),
    ],
)
def test_a_count_is_held_against_the_list_only_when_its_label_says_it_counts_all_of_it(
    label: str, value: int, qualifier: str, warned: bool, caplog: pytest.LogCaptureFixture
) -> None:
    import briefgen

    briefgen.load(
        {
            "title": "T",
            "date": "2024-06-14",
            "summary": "S",
            "event": {"name": "Talks", "host": "Qatar"},
            "attendance": {
                "present": [
                    {"name": "Qatar", "kind": "state", "level": "head_of_state"},
                    {"name": "Kenya", "kind": "state", "level": "head_of_state"},
                    {"name": "Chile", "kind": "state", "level": "head_of_government"},
                    {"name": "Peru", "kind": "state"},
                    {"name": "United Nations", "kind": "organisation"},
                ],
                "absent": [{"name": "Fiji", "kind": "state"}],
                "counts": [{"label": label, "value": value, "qualifier": qualifier}],
            },
        }
    )
    assert any("attendance.counts[0].value" in r.getMessage() for r in caplog.records) is warned
