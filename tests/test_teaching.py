"""Validation that teaches: twelve common mistakes, each with the exact message `briefgen validate` prints."""

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
        "absent; keep it in one list",
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
