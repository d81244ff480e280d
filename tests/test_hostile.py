"""Bad and hostile input: each bad brief gets exit code 2 and one exact message; hostile text stays text.

The catalogue goes through the command line, as a user meets it. Cases that test_loading.py already
checks through ``briefgen.load`` appear here only for the command line's side (exit code, stream, prefix).
"""

from __future__ import annotations

import http.server
import io
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import threading
import time
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import markupsafe
import pytest
from conftest import ROOT, docx_text, pdf_text
from typer.testing import CliRunner

import briefgen
from briefgen.cli import app
from briefgen.loading import MAX_BRIEF_BYTES

GOOD = "title: T\ndate: 2024-06-14\nsummary: S\n"
STANDARD_PACK = ROOT / "templates" / "standard"


def squash(text: str) -> str:
    """Drop all whitespace: PDF line breaks can split a phrase anywhere a space could go, and in long words."""
    return "".join(text.split())


def write(path: Path, content: str | bytes) -> Path:
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


# ---------------------------------------------------------------------------------------------------------------
# 1. The bad-input catalogue, through the command line
# ---------------------------------------------------------------------------------------------------------------

# (file name, content, what `briefgen render` prints on stderr with FILE standing for the file's path)
CATALOGUE: list[tuple[str, str | bytes, str]] = [
    # malformed YAML and JSON
    (
        "flow.yaml",
        "title: T\ndate: [2024\nsummary: S\n",
        "error: FILE:3:8: invalid YAML: an inline list or mapping is not closed; check the brackets [ ] and braces { }",
    ),
    (
        "indent.yaml",
        "title: T\n  date: x\n",
        "error: FILE:2:7: invalid YAML: a ': ' where none can be: if this line is indented under the line above by "
        "mistake, line its key up with the others; if a value contains ': ', put it in quotes, e.g. title: "
        '"Talks: day two"',
    ),
    (
        "quote.yaml",
        'title: "T\ndate: 2024-06-14\n',
        "error: FILE:3:1: invalid YAML: a quoted value is not closed; add the closing quote",
    ),
    (
        "tab.yaml",
        "title:\tT\ndate: 2024-06-14\n",
        "error: FILE:1:7: invalid YAML: a tab character; YAML is indented with spaces only",
    ),
    ("two-docs.yaml", GOOD + "---\n" + GOOD, "error: FILE:4:1: invalid YAML: but found another document"),
    ("value.json", '{"title": "T", "date": }', "error: FILE:1:24: invalid JSON: Expecting value"),
    (
        "comma.json",
        '{\n  "title": "T",\n}\n',
        "error: FILE:3:1: invalid JSON: Expecting property name enclosed in double quotes",
    ),
    (
        "quotes.json",
        "{'title': 'T'}",
        "error: FILE:1:2: invalid JSON: Expecting property name enclosed in double quotes",
    ),
    ("extra.json", '{"title": "T"} {}', "error: FILE:1:16: invalid JSON: Extra data"),
    (
        "control.json",
        '{"title": "T\x0bx", "date": "2024-06-14", "summary": "S"}',
        "error: FILE:1:13: invalid JSON: Invalid control character at",
    ),
    ("scalar.yaml", "just some text\n", "error: FILE:1:1: a brief must be a mapping of fields, found str"),
    ("array.json", "[1, 2]", "error: FILE:1:1: a brief must be a mapping of fields, found list"),
    # wrong types
    ("list-summary.yaml", GOOD.replace("S\n", "[a, b]\n"), "FILE:3:10: summary: input should be a valid string"),
    (
        "map-positions.yaml",
        GOOD + "positions: {actor: X}\n",
        "FILE:4:12: positions: a list is expected here, not a mapping; put '- ' before the first field of each item, "
        "e.g. - actor: ...",
    ),
    (
        "bool-title.yaml",
        "title: yes\ndate: 2024-06-14\nsummary: S\n",
        "FILE:1:8: title: read as true/false where text is expected (YAML reads yes, no, on, off, true and false "
        'so); put the text in quotes, e.g. "yes"',
    ),
    (
        "date-word.yaml",
        "title: T\ndate: tomorrow\nsummary: S\n",
        "FILE:2:7: date: 'tomorrow' is not a date; write it as YYYY-MM-DD, e.g. 2026-03-14",
    ),
    (
        "float-count.yaml",
        GOOD + "attendance: {counts: [{label: x, value: 1.5}]}\n",
        "FILE:4:41: attendance.counts[0].value: input should be a valid integer, got a number with a fractional part",
    ),
    (
        "nan-count.yaml",
        GOOD + "attendance: {counts: [{label: x, value: .nan}]}\n",
        "FILE:4:41: attendance.counts[0].value: input should be a finite number",
    ),
    ("blank-title.yaml", 'title: "   "\ndate: 2024-06-14\nsummary: S\n', "FILE:1:8: title: must not be empty"),
    (
        "source-id.yaml",
        GOOD + "sources:\n  - {id: bad id, title: A}\n",
        "FILE:5:10: sources[0].id: string should match pattern '^[A-Za-z0-9_.-]{1,64}$'",
    ),
    (
        "language.yaml",
        GOOD + "language: klingonese\n",
        "FILE:4:11: language: 'klingonese' is not a language tag; write a BCP 47 tag such as en, fr or pt-BR",
    ),
    # unknown enum values
    (
        "likelihood.yaml",
        GOOD + "key_judgments:\n  - statement: X\n    likelihood: plausible\n",
        "FILE:6:17: key_judgments[0].likelihood: 'plausible' is not one of: 'almost no chance', 'very unlikely', "
        "'unlikely', 'roughly even chance', 'likely', 'very likely' or 'almost certain'",
    ),
    (
        "stance.yaml",
        GOOD + "issues: [{id: i1, label: I}]\npositions:\n  - actor: X\n    issue_stances: {i1: neutral}\n",
        "FILE:7:25: positions[0].issue_stances.i1: 'neutral' is not one of: 'supports', 'opposes', 'conditional' "
        "or 'ambiguous'",
    ),
    (
        "level.yaml",
        GOOD + "attendance:\n  present:\n    - {name: X, level: king}\n",
        "FILE:6:24: attendance.present[0].level: 'king' is not one of: 'head_of_state', 'head_of_government', "
        "'foreign_minister', 'minister', 'vice_minister', 'envoy', 'ambassador', 'senior_official' or 'observer'",
    ),
    (
        "tlp-case.yaml",
        GOOD + "handling: {tlp: amberr}\n",
        "FILE:4:17: handling.tlp: 'amberr' is not one of: 'CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT' or 'RED'; "
        "did you mean 'AMBER'?",
    ),
    (
        "count.json",
        '{"title": "T", "date": "2024-06-14", "summary": "S", '
        '"attendance": {"counts": [{"label": "x", "value": -5, "qualifier": "roughly"}]}}',
        "FILE:1:104: attendance.counts[0].value: input should be greater than or equal to 0\n"
        "FILE:1:121: attendance.counts[0].qualifier: 'roughly' is not one of: 'exact', 'about', 'more than', "
        "'at least', 'as many as' or 'fewer than'",
    ),
    # missing required fields, unknown fields, references
    ("missing.json", '{"title": "T"}', "FILE:1:1: date: field required\nFILE:1:1: summary: field required"),
    ("no-actor.yaml", GOOD + "positions:\n  - stance: s\n", "FILE:5:5: positions[0].actor: field required"),
    (
        "typo.yaml",
        GOOD + "positions:\n  - actor: X\n    stanse: y\n",
        "FILE:6:5: positions[0].stanse: unknown field (not part of the brief contract); did you mean 'stance'?",
    ),
    (
        "dup-source.yaml",
        GOOD + "sources:\n  - {id: s1, title: A}\n  - {id: s1, title: B}\n",
        "FILE:6:10: sources[1].id: duplicate source id 's1'",
    ),
    (
        "issue-ref.yaml",
        GOOD + "positions:\n  - actor: X\n    issue_stances: {i9: supports}\n",
        "FILE:6:25: positions[0].issue_stances.i9: unknown issue id 'i9'",
    ),
    # duplicate keys
    (
        "dup.yaml",
        GOOD + "handling:\n  tlp: RED\n  banner: B\n  tlp: AMBER\n",
        "error: FILE:7:3: handling.tlp: duplicate key (first at line 5)",
    ),
    (
        "dup-date-key.yaml",
        GOOD + "2024-01-01: a\n2024-01-01: b\n",
        "error: FILE:5:1: 2024-01-01: duplicate key (first at line 4)",
    ),
    # empty, binary and mis-encoded files
    ("empty.json", "", "error: FILE: the file is empty"),
    ("blank.json", " \n\t\n", "error: FILE: the file is empty"),
    (
        "binary.yaml",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\x00\x00",
        "error: FILE: this is a binary file, not a UTF-8 text brief",
    ),
    ("utf16.yaml", GOOD.encode("utf-16"), "error: FILE: this is a binary file, not a UTF-8 text brief"),
    (
        "cp1252.yaml",
        "title: T\ndate: 2024-06-14\nsummary: \u201cquoted\u201d\n".encode("cp1252"),
        "error: FILE:3: the file is not UTF-8 text (byte 0x93 at offset 35); save it as UTF-8",
    ),
    # nesting too deep for any brief
    ("deep.json", '{"a": ' * 100_000 + "1" + "}" * 100_000, "error: FILE: the data is nested too deeply to be a brief"),
    ("deep.yaml", "- " * 5_000 + "x\n", "error: FILE: the data is nested too deeply to be a brief"),
    # characters XML 1.0 forbids, written as escapes so that they reach the model
    (
        "nul.yaml",
        GOOD.replace("S\n", '"a\\0b"\n'),
        "FILE:3:10: summary: contains the control character U+0000 at position 1, which documents cannot hold",
    ),
    (
        "vt.yaml",
        GOOD.replace("T\n", '"T\\vx"\n'),
        "FILE:1:8: title: contains the control character U+000B at position 1, which documents cannot hold",
    ),
    (
        "esc.yaml",
        GOOD + 'subtitle: "\\e[31m"\n',
        "FILE:4:11: subtitle: contains the control character U+001B at position 0, which documents cannot hold",
    ),
    (
        "fffe.yaml",
        GOOD + 'subtitle: "x\\uFFFE"\n',
        "FILE:4:11: subtitle: contains the control character U+FFFE at position 1, which documents cannot hold",
    ),
    (
        "ffff.yaml",
        GOOD + 'subtitle: "xy\\uFFFF"\n',
        "FILE:4:11: subtitle: contains the control character U+FFFF at position 2, which documents cannot hold",
    ),
    (
        "surrogate.yaml",
        GOOD + 'positions:\n  - actor: "A\\uD83D"\n',
        "FILE:5:12: positions[0].actor: contains the control character U+D83D at position 1, "
        "which documents cannot hold",
    ),
    (
        "nul.json",
        '{"title": "T", "date": "2024-06-14", "summary": "S", "watch": ["ok", "a\\u0000"]}',
        "FILE:1:70: watch[1]: contains the control character U+0000 at position 1, which documents cannot hold",
    ),
    (
        "vt.json",
        '{"title": "T", "date": "2024-06-14", "summary": "S", "author": "\\u000b"}',
        "FILE:1:64: author: contains the control character U+000B at position 0, which documents cannot hold",
    ),
    (
        "fffe.json",
        '{"title": "T", "date": "2024-06-14", "summary": "S", "author": "\\ufffe"}',
        "FILE:1:64: author: contains the control character U+FFFE at position 0, which documents cannot hold",
    ),
    (
        "url-newline.yaml",
        GOOD
        + 'sources:\n  - id: s1\n    title: A\n    url: "https://ex.org/a\\n[Verify](https://evil.example/login)"\n',
        "FILE:7:10: sources[0].url: contains a space or control character (U+000A) at position 16; an address has none",
    ),
    (
        "url-space.yaml",
        GOOD + "sources:\n  - id: s1\n    title: A\n    url: https://ex.org/a b\n",
        "FILE:7:10: sources[0].url: contains a space or control character (U+0020) at position 16; an address has none",
    ),
    (
        "too-long.yaml",
        GOOD.replace("summary: S", "summary: " + "x" * 100_001),
        "FILE:3:10: summary: is 100,001 characters long; the most this field holds is 100,000",
    ),
    (
        "too-many.yaml",
        GOOD + "watch:\n" + "  - w\n" * 5_001,
        "FILE:5:3: watch: list should have at most 5000 items after validation, not 5001",
    ),
]


@pytest.mark.parametrize(("name", "content", "expected"), CATALOGUE, ids=[c[0] for c in CATALOGUE])
def test_render_refuses_bad_brief(
    runner: CliRunner, tmp_path: Path, name: str, content: str | bytes, expected: str
) -> None:
    path = write(tmp_path / name, content)
    out = tmp_path / "out"
    result = runner.invoke(app, ["render", str(path), "-o", str(out), "-f", "pdf,docx"])
    assert result.exit_code == 2
    assert result.stderr == expected.replace("FILE", str(path)) + "\n"
    assert result.stdout == ""
    assert not out.exists()


@pytest.mark.parametrize(("name", "content", "expected"), CATALOGUE, ids=[c[0] for c in CATALOGUE])
def test_validate_reports_bad_brief(
    runner: CliRunner, tmp_path: Path, name: str, content: str | bytes, expected: str
) -> None:
    path = write(tmp_path / name, content)
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    # validate lists faults as file:line:column: field: message, without render's "error: " prefix.
    assert result.stderr == expected.removeprefix("error: ").replace("FILE", str(path)) + "\n"
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "error: <stdin>: the file is empty\n"),
        (b"\x7fELF\x02\x01\x01\x00\x00", "error: <stdin>: this is a binary file, not a UTF-8 text brief\n"),
        (
            b"title: caf\xe9\n",
            "error: <stdin>:1: the file is not UTF-8 text (byte 0xE9 at offset 10); save it as UTF-8\n",
        ),
        (b"title: [\n", "error: <stdin>:2:1: invalid YAML: expected the node content, but found '<stream end>'\n"),
        (b'{"title": "T"}', "<stdin>:1:1: date: field required\n<stdin>:1:1: summary: field required\n"),
    ],
    ids=["empty", "binary", "latin-1", "yaml", "json"],
)
def test_bad_brief_on_standard_input(runner: CliRunner, content: bytes, expected: str) -> None:
    result = runner.invoke(app, ["render", "-", "-o", "-", "-f", "html"], input=content)
    assert result.exit_code == 2
    assert result.stderr == expected
    assert result.stdout == ""


def test_file_over_the_size_limit(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path / "huge.yaml", GOOD + "watch:\n" + "  - x\n" * (MAX_BRIEF_BYTES // 6 + 1))
    assert path.stat().st_size > MAX_BRIEF_BYTES
    result = runner.invoke(app, ["render", str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert result.stderr == f"error: {path}: the file is larger than 16,777,216 bytes, the most a brief may be\n"


def test_alias_bomb_through_the_cli(runner: CliRunner, tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev, cur = chr(96 + i), chr(97 + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    path = write(tmp_path / "laughs.yaml", "\n".join(lines) + "\n")
    result = runner.invoke(app, ["render", str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {path}:7: the YAML aliases expand to more than 2,000,000 values; refused as a possible alias bomb\n"
    )


def test_wide_aliases_below_the_limit_are_a_brief_error_not_a_bomb(tmp_path: Path) -> None:
    # 1,000 references to a 1,000-item list: a million values, under MAX_NODES, so the model judges it.
    text = GOOD + "a: &a [" + ",".join(["x"] * 1000) + "]\nwatch: [" + ",".join(["*a"] * 1000) + "]\n"
    with pytest.raises(briefgen.ValidationError) as info:
        briefgen.loads(text, name="wide.yaml")
    lines = str(info.value).splitlines()
    assert len(lines) == 1001
    # An alias is reported where its anchor stands: the list at line 4, column 4.
    assert lines[0] == "wide.yaml:4:4: watch[0]: input should be a valid string"
    assert "wide.yaml:4:1: a: unknown field (not part of the brief contract; check the spelling)" in lines


def test_python_tags_are_never_executed(runner: CliRunner, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    path = write(tmp_path / "tag.yaml", GOOD + f"x: !!python/object/apply:os.system ['touch {marker}']\n")
    result = runner.invoke(app, ["render", str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    # The message's exact form is test_yaml_errors_are_one_located_line's business.
    assert result.stderr.startswith(f"error: {path}")
    assert "could not determine a constructor for the tag 'tag:yaml.org,2002:python/object/apply:os.system'" in (
        result.stderr
    )
    assert not marker.exists()


# --- Bugs found by the catalogue: each test asserts the behaviour a user should get --------------------------------

MULTI_LINE_YAML_ERRORS = [
    (
        "python-tag.yaml",
        GOOD + "x: !!python/object/apply:os.system ['true']\n",
        "error: FILE:4:4: invalid YAML: could not determine a constructor for the tag "
        "'tag:yaml.org,2002:python/object/apply:os.system'",
    ),
    ("unhashable.yaml", GOOD + "? [a, b]\n: x\n", "error: FILE:4:3: invalid YAML: found unhashable key"),
    (
        "set.yaml",
        GOOD + "watch: !!set [a]\n",
        "error: FILE:4:8: invalid YAML: expected a mapping node, but found sequence",
    ),
    (
        "raw-vt.yaml",
        "title: T\x0bx\ndate: 2024-06-14\nsummary: S\n",
        "error: FILE:1:9: invalid YAML: unacceptable character #x000b: special characters are not allowed",
    ),
    (
        "raw-fffe.yaml",
        "title: T\ufffex\ndate: 2024-06-14\nsummary: S\n",
        "error: FILE:1:9: invalid YAML: unacceptable character #xfffe: special characters are not allowed",
    ),
]


@pytest.mark.parametrize(
    ("name", "content", "expected"), MULTI_LINE_YAML_ERRORS, ids=[c[0] for c in MULTI_LINE_YAML_ERRORS]
)
def test_yaml_errors_are_one_located_line(
    runner: CliRunner, tmp_path: Path, name: str, content: str, expected: str
) -> None:
    path = write(tmp_path / name, content)
    result = runner.invoke(app, ["render", str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert result.stderr == expected.replace("FILE", str(path)) + "\n"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            '{"title": "T\ufffex", "date": "2024-06-14", "summary": "S"}',
            "FILE:1:11: title: contains the control character U+FFFE at position 1, which documents cannot hold",
        ),
        (
            '{"title": "T\x7f", "date": "2024-06-14", "summary": 5}',
            'FILE:1:50: summary: read as the number 5 where text is expected; put it in quotes, e.g. "5"',
        ),
    ],
    ids=["U+FFFE", "DEL"],
)
def test_raw_forbidden_character_in_json_is_located(
    runner: CliRunner, tmp_path: Path, content: str, expected: str
) -> None:
    path = write(tmp_path / "raw.json", content)
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert result.stderr == expected.replace("FILE", str(path)) + "\n"


def test_duplicate_key_in_json_is_located(runner: CliRunner, tmp_path: Path) -> None:
    path = write(
        tmp_path / "dup.json",
        '{"title": "T", "date": "2024-06-14", "summary": "S", "handling": {"tlp": "RED", "tlp": "RED"}}',
    )
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert result.stderr == f"{path}:1:81: handling.tlp: duplicate key (first at line 1)\n"


def test_non_string_key_is_located(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path / "key.yaml", GOOD + "2024: x\n")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{path}:4:1: 2024: ")
    assert result.stderr.count("\n") == 1


# Scalars PyYAML recognises but Python cannot convert: PyYAML raises ValueError, KeyError or AttributeError,
# which the loader does not catch, so the command line says "internal error" and exits 1.
UNCONVERTIBLE = [
    ("month.yaml", "title: T\ndate: 2024-13-45\nsummary: S\n", "2:7"),
    ("day.yaml", "title: T\ndate: 2024-02-30\nsummary: S\n", "2:7"),
    ("hour.yaml", GOOD + "event: {name: E, start: 2024-01-01 25:00:00}\n", "4:25"),
    ("int-tag.yaml", GOOD + "x: !!int abc\n", "4:4"),
    ("float-tag.yaml", GOOD + "x: !!float abc\n", "4:4"),
    ("bool-tag.yaml", GOOD + "x: !!bool maybe\n", "4:4"),
    ("timestamp-tag.yaml", GOOD + "x: !!timestamp abc\n", "4:4"),
    ("digits.yaml", GOOD + "attendance:\n  counts:\n    - label: x\n      value: " + "9" * 5000 + "\n", "7:14"),
    ("digits.json", '{"title": "T", "date": "2024-06-14", "summary": "S", "x": ' + "9" * 5000 + "}", None),
]


@pytest.mark.parametrize(("name", "content", "where"), UNCONVERTIBLE, ids=[c[0] for c in UNCONVERTIBLE])
def test_unconvertible_scalars_are_input_errors(
    runner: CliRunner, tmp_path: Path, name: str, content: str, where: str | None
) -> None:
    path = write(tmp_path / name, content)
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert "internal error" not in result.stderr
    location = re.escape(f":{where}") if where else r"(:\d+:\d+)?"
    assert re.fullmatch(re.escape(str(path)) + location + r": [^\n]+\n", result.stderr), result.stderr


RECURSIVE = [
    ("list.yaml", "a: &a [*a]\n"),
    ("map.yaml", GOOD + "a: &a {b: *a}\n"),
    ("merge.yaml", "a: &a\n  <<: *a\n"),
    ("field.yaml", GOOD + "watch: &w [x, *w]\n"),
]


def test_recursive_aliases_are_refused_quickly(tmp_path: Path) -> None:
    # In child processes with a 1 GiB address-space limit and a deadline, so that the bug cannot take the test
    # run down with it; all four run at once to keep the wait to one deadline.
    paths = [write(tmp_path / name, text) for name, text in RECURSIVE]

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    children = [
        subprocess.Popen(
            [sys.executable, "-c", "from briefgen.cli import main; main()", "validate", str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=limit,
        )
        for path in paths
    ]
    deadline = time.monotonic() + 6
    outcomes: list[tuple[int | None, str]] = []
    for child in children:
        try:
            _, err = child.communicate(timeout=max(0.1, deadline - time.monotonic()))
            outcomes.append((child.returncode, err))
        except subprocess.TimeoutExpired:
            child.kill()
            child.communicate()
            outcomes.append((None, "timed out"))
    for path, (code, err) in zip(paths, outcomes, strict=True):
        assert code == 2, f"{path.name}: {err[-300:]}"
        assert re.fullmatch(re.escape(str(path)) + r":\d+(:\d+)?: [^\n]*alias[^\n]*\n", err), err


# ---------------------------------------------------------------------------------------------------------------
# Big, long and many-scripted briefs render, and a reader finds the text
# ---------------------------------------------------------------------------------------------------------------


def test_two_thousand_positions(runner: CliRunner, tmp_path: Path) -> None:
    from pypdf import PdfReader

    actors = [f"Delegation {i:04d}" for i in range(1, 2001)]
    brief = {
        "title": "A very large conference",
        "date": "2024-06-14",
        "summary": "Two thousand parties took positions.",
        "positions": [{"actor": a, "stance": f"{a} supports the final text."} for a in actors],
    }
    path = write(tmp_path / "big.json", json.dumps(brief))
    result = runner.invoke(app, ["render", str(path), "-o", str(tmp_path), "-f", "pdf,docx"])
    assert result.exit_code == 0, result.stderr
    reader = PdfReader(tmp_path / "big.pdf")
    last = " ".join((reader.pages[-1].extract_text() or "").split())  # one page: extracting all takes seconds
    assert len(reader.pages) > 1
    assert "Delegation 2000 Delegation 2000 supports the final text." in last
    assert f"Page {len(reader.pages)} of {len(reader.pages)}" in last
    text = docx_text((tmp_path / "big.docx").read_bytes())
    assert [a for a in actors if f"{a} {a} supports the final text." not in text] == []


LONG_WORD = "".join(chr(ord("a") + (i * 7) % 26) for i in range(20_000))


def test_twenty_thousand_character_word(runner: CliRunner, tmp_path: Path) -> None:
    path = write(
        tmp_path / "word.json",
        json.dumps(
            {
                "title": "W" + LONG_WORD,
                "date": "2024-06-14",
                "summary": "S",
                "positions": [{"actor": "A", "stance": LONG_WORD}],
            }
        ),
    )
    result = runner.invoke(app, ["render", str(path), "-o", str(tmp_path), "-f", "pdf,docx"])
    assert result.exit_code == 0, result.stderr
    assert reader_text((tmp_path / "word.pdf").read_bytes()).count(LONG_WORD) == 2
    docx = docx_text((tmp_path / "word.docx").read_bytes())
    assert f"W{LONG_WORD}" in docx
    assert docx.count(LONG_WORD) == 2


def test_long_word_wraps_inside_the_page() -> None:
    from pypdf import PdfReader

    brief = briefgen.load(
        {"title": "T", "date": "2024-06-14", "summary": "S", "positions": [{"actor": "A", "stance": LONG_WORD}]}
    )
    lines: list[str] = []
    for page in PdfReader(io.BytesIO(briefgen.render(brief, "pdf"))).pages:
        page.extract_text(visitor_text=lambda text, *_: lines.append(text) if text.strip() else None)
    body = "".join(line.strip() for line in lines if not re.fullmatch(r"\s*Page \d+ of \d+\s*", line))
    assert LONG_WORD in body
    assert max(len(line.strip()) for line in lines) < 200


SCRIPTS = {
    "Arabic": ("جمهورية مصر العربية", "نريد سلاماً عادلاً"),
    "Hebrew": ("מדינת ישראל", "אנחנו רוצים שלום עכשיו"),
    "Chinese": ("中华人民共和国", "我们希望和平。"),
    "Japanese": ("日本国", "平和を望む"),
    "Korean": ("대한민국", "평화를 원한다"),
    "Emoji": ("🇺🇦 Україна 🕊️", "We want 🕊️ now 👍🏽"),
    "Emoji only": ("😀👍🏽🤝", "🙏"),
}


def test_right_to_left_cjk_and_emoji(runner: CliRunner, tmp_path: Path) -> None:
    positions = [
        {"actor": actor, "spokespeople": [f"{actor} spokesperson"], "quotes": [{"text": quote, "speaker": actor}]}
        for actor, quote in SCRIPTS.values()
    ]
    brief = {"title": "Scripts 世界 عالم עולם 🌍", "date": "2024-06-14", "summary": "S", "positions": positions}
    path = write(tmp_path / "scripts.yaml", json.dumps(brief, ensure_ascii=False))
    result = runner.invoke(app, ["render", str(path), "-o", str(tmp_path), "-f", "pdf,docx"])
    assert result.exit_code == 0, result.stderr
    pdf = pdf_text((tmp_path / "scripts.pdf").read_bytes())
    docx = docx_text((tmp_path / "scripts.docx").read_bytes())
    for text in (pdf, docx):
        missing = [s for pair in SCRIPTS.values() for s in pair if s not in text]
        assert missing == []
        assert "Scripts 世界 عالم עולם 🌍" in text
        assert "“平和を望む” — 日本国" in text


@pytest.mark.parametrize("language", ["ar", "he"])
def test_right_to_left_document(language: str) -> None:
    arabic, hebrew = SCRIPTS["Arabic"], SCRIPTS["Hebrew"]
    brief = briefgen.load(
        {
            "title": "قمة السلام",
            "date": "2024-06-14",
            "summary": "ملخص القمة",
            "language": language,
            "positions": [
                {"actor": arabic[0], "quotes": [{"text": arabic[1]}]},
                {"actor": hebrew[0], "quotes": [{"text": hebrew[1]}]},
                {"actor": "中华人民共和国 🕊️", "stance": "Supports the text."},
            ],
        }
    )
    html = briefgen.render(brief, "html").decode()
    assert f'<html lang="{language}" dir="rtl">' in html
    # In a right-to-left page, pypdf gives runs of mixed direction in visual order, so only single-direction
    # strings are compared in the PDF; the Word file keeps logical order and holds them all.
    pdf = pdf_text(briefgen.render(brief, "pdf"))
    for phrase in ("قمة السلام", "ملخص القمة", *arabic, *hebrew):
        assert phrase in pdf
    docx = docx_text(briefgen.render(brief, "docx"))
    for phrase in ("قمة السلام", "ملخص القمة", *arabic, *hebrew, "中华人民共和国 🕊️", "Supports the text."):
        assert phrase in docx


def test_chart_labels_have_glyphs_in_any_script() -> None:
    import warnings

    labels = ["中国代表团", "وفود عربية", "משלחות", "대표단"]
    brief = briefgen.load(
        {
            "title": "T",
            "date": "2024-06-14",
            "summary": "S",
            "attendance": {"counts": [{"label": label, "value": n} for n, label in enumerate(labels, start=3)]},
        }
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        briefgen.render(brief, "pdf")
    assert [str(w.message) for w in caught if "missing from font" in str(w.message)] == []


# ---------------------------------------------------------------------------------------------------------------
# 2. Hostile content is inert, and nothing is fetched
# ---------------------------------------------------------------------------------------------------------------


@dataclass
class Server:
    url: str
    requests: list[str] = field(default_factory=list)


@pytest.fixture
def server() -> Iterator[Server]:
    """An HTTP server on 127.0.0.1 that records every request; rendering must make none."""
    box = Server(url="")

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            box.requests.append(self.path)
            body = b"body { display: none }"
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    box.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield box
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def passwd_line() -> str:
    """The first line of /etc/passwd: it must never reach an output."""
    try:
        return Path("/etc/passwd").read_text().splitlines()[0]
    except (OSError, IndexError):
        pytest.skip("no /etc/passwd to guard")


def reader_text(data: bytes) -> str:
    """Return the text of a PDF's pages without the running head and foot or list markers, whitespace dropped.

    A field that breaks across pages is then read as one piece, as a reader reads it across the page turn.
    """
    from pypdf import PdfReader

    margin = 50.0  # points; the running head and foot sit in page margins of 18 mm (memo) or more (standard)
    parts: list[str] = []
    for page in PdfReader(io.BytesIO(data)).pages:
        top = float(page.mediabox.top)

        def keep(text: str, cm: list[float], tm: list[float], *_: Any, top: float = top) -> None:
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            if text.strip() and margin < y < top - margin and not re.fullmatch(r"\s*(•|\d+\.)\s*", text):
                parts.append(text)

        page.extract_text(visitor_text=keep)
    return squash("".join(parts))


def pdf_stream_bytes(data: bytes) -> bytes:
    """Return a PDF's bytes with every Flate stream inflated, so that a search also sees compressed content."""
    parts = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(parts)


def payload(url: str) -> str:
    return (
        "<script>alert(1)</script>"
        f'<img src="{url}/img.png" onerror="alert(2)">'
        '<img src="file:///etc/passwd">'
        f'<link rel="stylesheet" href="{url}/link.css">'
        f'<iframe src="{url}/frame"></iframe>'
        "</style><style>body{display:none}</style>"
        f"@import url({url}/import.css); "
        "javascript:alert(3) "
        "{{ 7*7 }} {% for x in range(3) %}X{% endfor %} {{ ''.__class__.__mro__ }} {# hidden #} ${7*7}"
    )


# The banner is repeated in every page's margin, where a long one would interleave with the text it shares a page
# with; it gets a short payload of its own.
BANNER = "[banner] <b>B</b></style> {{ 7*7 }}"


# An address holds no spaces: its payload is written without them.
ADDRESS = '[source3.url]<script>alert(1)</script>"><img/src=x/onerror=alert(2)>{{7*7}}{%raw%}${7*7}](javascript:x)'


def hostile_value(name: str, url: str) -> str:
    """The text the hostile brief holds in a field."""
    if name == "source3.url":
        return ADDRESS
    return BANNER if name == "banner" else f"[{name}] {payload(url)}"


def hostile_brief(url: str) -> dict[str, Any]:
    """A brief with the payload in every text field, each tagged with the field's name."""

    def v(name: str) -> str:
        return hostile_value(name, url)

    return {
        "title": v("title"),
        "date": "2024-06-14",
        "summary": v("summary"),
        "subtitle": v("subtitle"),
        "author": v("author"),
        "organisation": v("organisation"),
        "handling": {"banner": v("banner"), "tlp": "AMBER"},
        "event": {
            "name": v("event.name"),
            "location": v("event.location"),
            "host": v("event.host"),
            "start": "2024-06-14",
        },
        "key_judgments": [
            {"statement": v("kj.statement"), "likelihood": "likely", "confidence": "high", "sources": ["s1"]}
        ],
        "issues": [{"id": "i1", "label": v("issue.label")}],
        "positions": [
            {
                "actor": v("actor"),
                "aliases": [v("actor.alias")],
                "spokespeople": [v("spokesperson")],
                "stance": v("stance"),
                "demands": [v("demand")],
                "quotes": [{"text": v("quote.text"), "speaker": v("quote.speaker"), "source": "s1"}],
                "evidence": [{"text": v("evidence.text"), "source": "s1"}],
                "issue_stances": {"i1": "supports"},
            }
        ],
        "attendance": {
            "present": [{"name": v("present.name"), "aliases": [v("present.alias")], "source": "s1"}],
            "absent": [{"name": v("absent.name"), "reason": v("absent.reason"), "aliases": [v("absent.alias")]}],
            "counts": [
                {"label": v("count.label"), "value": 3, "evidence": {"text": v("count.evidence")}},
                {"label": "$x^2$ " + v("count2.label"), "value": 5},
            ],
        },
        "outlook": [
            {
                "statement": v("outlook.statement"),
                "likelihood": "unlikely",
                "evidence": [{"text": v("outlook.evidence")}],
            }
        ],
        "watch": [v("watch")],
        "sources": [
            {"id": "s1", "title": v("source.title"), "publisher": v("source.publisher"), "url": f"{url}/source"},
            {"id": "s2", "title": v("source2.title"), "url": "file:///etc/passwd"},
            {"id": "s3", "title": v("source3.title"), "url": v("source3.url")},
        ],
        "drafting": {"method": v("drafting.method"), "model": v("drafting.model"), "notes": [v("drafting.note")]},
    }


# The fields each pack prints (the others travel in the JSON, checked below).
PRINTED = {
    "standard": [
        "title", "subtitle", "author", "organisation", "banner", "event.name", "event.location",
        "event.host", "kj.statement", "issue.label", "actor", "spokesperson", "stance", "demand", "quote.text",
        "quote.speaker", "present.name", "absent.name", "absent.reason", "count.label", "count2.label",
        "outlook.statement", "watch", "source.title", "source.publisher", "source2.title", "source3.title",
        "source3.url",
    ],
    "memo": [
        "title", "author", "organisation", "banner", "event.name", "kj.statement", "actor", "stance",
        "demand", "source.title", "source.publisher", "source2.title", "source3.title", "source3.url",
    ],
}  # fmt: skip


@pytest.mark.parametrize("pack", ["standard", "memo"])
def test_hostile_text_is_printed_literally_and_nothing_is_fetched(server: Server, pack: str) -> None:
    brief = briefgen.load(hostile_brief(server.url))
    pdf_bytes = briefgen.render(brief, "pdf", template=pack)
    docx_bytes = briefgen.render(brief, "docx", template=pack)
    html = briefgen.render(brief, "html", template=pack).decode()
    pdf, docx = reader_text(pdf_bytes), docx_text(docx_bytes)

    def printed(value: str, text: str) -> bool:  # the standard pack sets the organisation in capitals
        return value in text or value.upper() in text

    for name in PRINTED[pack]:
        value = hostile_value(name, server.url)
        assert printed(squash(value), pdf), f"{name} not printed literally in the PDF"
        assert printed(value, docx), f"{name} not printed literally in the Word file"
        assert str(markupsafe.escape(value)) in html, f"{name} not escaped in the HTML"
    # The summary is in the Markdown subset, so its asterisks and underscores may be emphasis; its raw HTML,
    # links to files and Jinja are text all the same.
    literal = '[summary] <script>alert(1)</script><img src="'
    assert printed(squash(literal), pdf) and literal in docx and str(markupsafe.escape(literal)) in html
    for text in (pdf, docx, html):
        assert "XXX" not in text and "<class" not in text  # the Jinja in the data never ran
    # The only live tags that load anything are the pack's own: its stylesheet and the chart as a data: image.
    tags = re.findall(r"<(?:script|iframe|img|link|object|embed|style)\b[^>]*>", html)
    assert [t for t in tags if t != "<style>" and not t.startswith('<img src="data:image/')] == []
    assert "<style>body{display:none}" not in html
    assert "<link" not in html
    # The payload's stylesheet tricks hid nothing: the body of the brief is still there to read.
    assert "Bottomline" in pdf or "BOTTOMLINE" in pdf
    assert server.requests == []
    secret = passwd_line()
    assert secret not in pdf_text(pdf_bytes)
    assert secret.encode() not in pdf_stream_bytes(pdf_bytes)
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as docx_zip:
        assert all(secret.encode() not in docx_zip.read(n) for n in docx_zip.namelist())
    assert secret not in html


def test_hostile_text_round_trips_through_json_and_markdown_keeps_it(server: Server) -> None:
    brief = briefgen.load(hostile_brief(server.url))
    assert briefgen.load(briefgen.render(brief, "json"), name="again.json") == brief
    md = briefgen.render(brief, "md").decode()
    # Markdown escapes its special characters with a backslash; a reader of the rendered page sees the text.
    from briefgen.packs import markdown_escape

    assert f"# {markdown_escape(f'[title] {payload(server.url)}')}" in md
    assert server.requests == []


def test_hostile_text_through_the_cli(runner: CliRunner, server: Server, tmp_path: Path) -> None:
    path = write(tmp_path / "hostile.json", json.dumps(hostile_brief(server.url)))
    out = tmp_path / "out"
    result = runner.invoke(app, ["render", str(path), "-o", str(out), "-f", "pdf,docx,html,md,json"])
    assert result.exit_code == 0, result.stderr
    h = payload(server.url)
    assert squash(f"[actor] {h}") in squash(pdf_text((out / "hostile.pdf").read_bytes()))
    assert f"[actor] {h}" in docx_text((out / "hostile.docx").read_bytes())
    assert str(markupsafe.escape(f"[actor] {h}")) in (out / "hostile.html").read_text()
    assert server.requests == []


def test_markdown_output_keeps_html_inert() -> None:
    markdown_it = pytest.importorskip("markdown_it")
    brief = briefgen.load(
        {"title": "T <script>alert(1)</script>", "date": "2024-06-14", "summary": "<img src=x onerror=alert(2)>"}
    )
    html = markdown_it.MarkdownIt("commonmark").render(briefgen.render(brief, "md").decode())
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# --- Hostile template packs -----------------------------------------------------------------------------------------


def copy_pack(tmp_path: Path, *, html: str = "", head: str = "", css: str = "", md: str = "") -> Path:
    """Copy the standard pack and insert text at the start of the body, the end of the head, the stylesheet or
    the Markdown template."""
    pack = tmp_path / "pack"
    shutil.copytree(STANDARD_PACK, pack)
    template = pack / "brief.html.j2"
    source = template.read_text(encoding="utf-8")
    source = source.replace("<body>\n", f"<body>\n{html}\n", 1).replace("</head>", f"{head}</head>", 1)
    template.write_text(source, encoding="utf-8")
    if css:
        style = pack / "style.css"
        style.write_text(css + "\n" + style.read_text(encoding="utf-8"), encoding="utf-8")
    if md:
        markdown = pack / "brief.md.j2"
        markdown.write_text(md + "\n" + markdown.read_text(encoding="utf-8"), encoding="utf-8")
    return pack


SANDBOX = [
    ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "access to attribute '__class__' of 'str' object is unsafe."),
    (
        "{{ lipsum.__globals__['os'].popen('id').read() }}",
        "access to attribute '__globals__' of 'function' object is unsafe.",
    ),
    ("{{ cycler.__init__.__globals__.os }}", "access to attribute '__init__' of 'type' object is unsafe."),
    ("{{ format_date.func.__globals__ }}", "access to attribute '__globals__' of 'function' object is unsafe."),
    ("{{ brief.__dict__ }}", "access to attribute '__dict__' of 'Brief' object is unsafe."),
    ("{{ brief.positions.append(1) }}", "access to attribute 'append' of 'list' object is unsafe."),
]


@pytest.mark.parametrize(("code", "message"), SANDBOX, ids=[s[1].split("'")[1] for s in SANDBOX])
def test_pack_template_cannot_escape_the_sandbox(runner: CliRunner, tmp_path: Path, code: str, message: str) -> None:
    from conftest import EXAMPLE

    pack = copy_pack(tmp_path, html=f"<p>{code}</p>")
    out = tmp_path / "out"
    out.mkdir()
    (out / "ukraine-peace-summit.pdf").write_bytes(b"the previous brief")
    result = runner.invoke(app, ["render", str(EXAMPLE), "-o", str(out), "-f", "pdf,docx,html", "-t", str(pack)])
    assert result.exit_code == 1
    template = pack / "brief.html.j2"
    line = template.read_text(encoding="utf-8").splitlines().index(f"<p>{code}</p>") + 1
    assert result.stderr == f"error: {template}:{line}: template error: {message}\n"
    assert "Traceback" not in result.output
    # Every format is rendered before any is written: nothing new, and the old file intact.
    assert sorted(p.name for p in out.iterdir()) == ["ukraine-peace-summit.pdf"]
    assert (out / "ukraine-peace-summit.pdf").read_bytes() == b"the previous brief"


def test_markdown_template_is_sandboxed_too(runner: CliRunner, tmp_path: Path) -> None:
    from conftest import EXAMPLE

    pack = copy_pack(tmp_path, md="{{ ''.__class__.__mro__[1].__subclasses__() }}")
    result = runner.invoke(app, ["render", str(EXAMPLE), "-o", str(tmp_path / "out"), "-f", "md", "-t", str(pack)])
    assert result.exit_code == 1
    refusal = "access to attribute '__class__' of 'str' object is unsafe."
    assert result.stderr == f"error: {pack / 'brief.md.j2'}:1: template error: {refusal}\n"


def test_pack_template_cannot_include_files_outside_the_pack(runner: CliRunner, tmp_path: Path) -> None:
    from conftest import EXAMPLE

    pack = copy_pack(tmp_path, html="<pre>{% include '../../../../../../etc/passwd' %}</pre>")
    result = runner.invoke(app, ["render", str(EXAMPLE), "-o", str(tmp_path / "out"), "-f", "html", "-t", str(pack)])
    assert result.exit_code == 1
    template = pack / "brief.html.j2"
    line = (
        template.read_text(encoding="utf-8")
        .splitlines()
        .index("<pre>{% include '../../../../../../etc/passwd' %}</pre>")
    )
    assert result.stderr == (
        f"error: {template}:{line + 1}: template error: no template '../../../../../../etc/passwd' inside the pack\n"
    )
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


def weasyprint_refusals(caplog: pytest.LogCaptureFixture) -> list[str]:
    """Return (and clear) what WeasyPrint logged about the resources briefgen refused to load."""
    messages = sorted(
        {r.getMessage() for r in caplog.records if r.name.startswith("weasyprint") and r.levelname == "ERROR"}
    )
    caplog.clear()
    return messages


def test_pack_html_fetches_nothing(server: Server, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from conftest import EXAMPLE

    html = (
        '<img src="file:///etc/passwd" alt="">'
        f'<img src="{server.url}/img.png" alt="">'
        f'<object data="{server.url}/object"></object>'
        f'<embed src="{server.url}/embed">'
        f'<svg width="10" height="10"><image href="{server.url}/svg.png" width="10" height="10"/></svg>'
    )
    pack = copy_pack(tmp_path, html=html, head=f'<link rel="stylesheet" href="{server.url}/link.css">')
    brief = briefgen.load(EXAMPLE)
    pdf = briefgen.render(brief, "pdf", template=pack)
    for fmt in ("html", "docx", "md"):
        briefgen.render(brief, fmt, template=pack)
    assert server.requests == []
    assert "Bottom line" in pdf_text(pdf)  # the remote stylesheet's "body { display: none }" never applied
    assert passwd_line() not in pdf_text(pdf)
    assert passwd_line().encode() not in pdf_stream_bytes(pdf)
    refused = weasyprint_refusals(caplog)
    assert (
        "Failed to load image at 'file:///etc/passwd': ValueError: briefgen does not read files outside the "
        "template pack: file:///etc/passwd"
    ) in refused
    assert (
        f"Failed to load stylesheet at {server.url}/link.css: "
        f"ValueError: briefgen does not fetch resources: {server.url}/link.css" in refused
    )


def test_pack_css_background_urls_fetch_nothing(
    server: Server, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from conftest import EXAMPLE

    pack = copy_pack(
        tmp_path,
        css=f'body {{ background: url("{server.url}/bg.png") }} h1 {{ background: url("file:///etc/passwd") }}',
    )
    pdf = briefgen.render(briefgen.load(EXAMPLE), "pdf", template=pack)
    assert server.requests == []
    assert passwd_line().encode() not in pdf_stream_bytes(pdf)
    assert weasyprint_refusals(caplog) == [
        "Failed to load image at 'file:///etc/passwd': ValueError: briefgen does not read files outside the "
        "template pack: file:///etc/passwd",
        f"Failed to load image at '{server.url}/bg.png': "
        f"ValueError: briefgen does not fetch resources: {server.url}/bg.png",
    ]


def test_pack_css_may_import_its_own_files(tmp_path: Path) -> None:
    """The control for the test below: an @import inside the pack is read, and its rule shows in the PDF."""
    from conftest import EXAMPLE

    pack = copy_pack(tmp_path, css='@import url("extra.css");')
    (pack / "extra.css").write_text('.bluf p::after { content: " FROM-THE-PACK"; }\n')
    assert "FROM-THE-PACK" in pdf_text(briefgen.render(briefgen.load(EXAMPLE), "pdf", template=pack))


@pytest.mark.parametrize("rule", ["import-http", "font-face-http", "import-file-outside-the-pack"])
def test_pack_css_fetches_nothing(server: Server, tmp_path: Path, caplog: pytest.LogCaptureFixture, rule: str) -> None:
    from conftest import EXAMPLE

    outside = tmp_path / "outside.css"
    outside.write_text('.bluf p::after { content: " FROM-OUTSIDE"; }\n')
    css = {
        "import-http": f'@import url("{server.url}/import.css");',
        "font-face-http": (
            f'@font-face {{ font-family: Remote; src: url("{server.url}/font.woff2"); }} h1 {{ font-family: Remote; }}'
        ),
        "import-file-outside-the-pack": f'@import url("{outside.as_uri()}");',
    }[rule]
    pack = copy_pack(tmp_path, css=css)
    pdf = briefgen.render(briefgen.load(EXAMPLE), "pdf", template=pack)
    caplog.clear()  # WeasyPrint reports the refused or unusable resource; what matters is what was read
    assert server.requests == []
    assert "FROM-OUTSIDE" not in pdf_text(pdf)


def test_hostile_text_never_reaches_a_command_line(
    server: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever the text says, no process is started with any of it (only fixed probes such as fc-list run)."""
    started: list[str] = []
    real_popen = subprocess.Popen

    def recording_popen(args: Any, *rest: Any, **kwargs: Any) -> Any:
        started.append(args if isinstance(args, str) else " ".join(map(str, args)))
        return real_popen(args, *rest, **kwargs)

    monkeypatch.setattr(subprocess, "Popen", recording_popen)

    def recording_system(command: str) -> int:
        started.append(command)
        return 0

    monkeypatch.setattr(os, "system", recording_system)
    data = hostile_brief(server.url)
    data["positions"][0]["actor"] += " 中文 $(touch pwned) `id` ; rm -rf ~"
    brief = briefgen.load(data)
    for fmt in ("pdf", "docx", "html", "md", "json"):
        briefgen.render(brief, fmt)
    assert [c for c in started if any(part in c for part in ("alert", "pwned", "`id`", "rm -rf", "127.0.0.1"))] == []
    assert server.requests == []


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('css = "/proc/self/environ"', "css: '/proc/self/environ' is outside the pack"),
        ('css = "../../../../etc/passwd"', "css: '../../../../etc/passwd' is outside the pack"),
        ('docx = "../victim.docx"', "docx: '../victim.docx' is outside the pack"),
        ("markdown = 5", "markdown: input should be a valid string"),
        ('colour = "red"', "colour: unknown key"),
        ('sections = ["title", "title"]', "sections: a section is named twice"),
    ],
    ids=["proc", "climb", "docx", "type", "unknown", "twice"],
)
def test_pack_toml_is_checked_and_stays_inside_the_pack(
    runner: CliRunner, tmp_path: Path, line: str, message: str
) -> None:
    from conftest import EXAMPLE

    pack = copy_pack(tmp_path)
    (tmp_path / "victim.docx").write_bytes((pack / "brief.docx").read_bytes())
    manifest = pack / "pack.toml"
    key = line.split(" ")[0]
    kept = [x for x in manifest.read_text(encoding="utf-8").splitlines() if not x.startswith(f"{key} =")]
    manifest.write_text("\n".join([*kept, line]) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["render", str(EXAMPLE), "-o", str(out), "-f", "html,docx,md", "-t", str(pack)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {manifest}: {message}")
    assert not out.exists() or not any(out.iterdir())


def test_a_link_inside_the_pack_to_a_file_outside_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    from conftest import EXAMPLE

    secret = tmp_path / "secret.txt"
    secret.write_text("API_KEY=sk-live-123\n", encoding="utf-8")
    pack = copy_pack(tmp_path, html="<pre>{% include 'notes.txt' %}</pre>")
    (pack / "notes.txt").symlink_to(secret)
    result = runner.invoke(app, ["render", str(EXAMPLE), "-o", str(tmp_path / "out"), "-f", "html", "-t", str(pack)])
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"error: {pack / 'notes.txt'}: leads outside the pack; templates are read from inside it only\n"
    )
    assert "sk-live" not in result.output


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (
            "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
            "the template took more than 2,000,000 steps and was stopped",
        ),
        ("{{ ('x' * 3000000000)|length }}", "the template builds a value of more than 10,000,000 items"),
        ("{{ 'x'|center(3000000000)|length }}", None),
        ("{{ 1/0 }}", "template error: ZeroDivisionError: division by zero"),
    ],
    ids=["nested-range", "huge-string", "huge-padding", "zero-division"],
)
def test_a_pack_template_is_bounded_and_its_errors_are_located(
    runner: CliRunner, tmp_path: Path, code: str, message: str | None
) -> None:
    from conftest import EXAMPLE

    pack = copy_pack(tmp_path, html=f"<p>{code}</p>")
    template = pack / "brief.html.j2"
    result = runner.invoke(app, ["render", str(EXAMPLE), "-o", "-", "-f", "html", "-t", str(pack)])
    if message is None:  # the padding is capped: the page renders, with a bounded string in it
        assert result.exit_code == 0, result.stderr
        assert "<p>10000000</p>" in result.stdout
        return
    line = template.read_text(encoding="utf-8").splitlines().index(f"<p>{code}</p>") + 1
    if message.startswith("template error"):
        assert result.exit_code == 1
        assert result.stderr == f"error: {template}:{line}: {message}\n"
    else:
        assert result.exit_code == 2
        assert result.stderr == f"error: {message}\n"


def test_a_link_target_in_markdown_stays_one_inert_address() -> None:
    from markdown_it import MarkdownIt

    brief = briefgen.load(ROOT / "examples" / "ukraine-peace-summit.yaml")
    address = "https://ex.org/a>)[Verify](https://evil.example/login)![x](https://t.example/p.png)"
    changed = brief.model_copy(update={"sources": [*brief.sources, briefgen.Source(id="x1", title="T", url=address)]})
    html = MarkdownIt("commonmark").render(briefgen.render(changed, "md").decode("utf-8"))
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert [h for h in hrefs if "evil.example" in h] == [h for h in hrefs if h.startswith("https://ex.org/a%3E)")]
    assert len([h for h in hrefs if h.startswith("https://ex.org/a%3E)")]) == 1  # one link, not a second one
    assert "<img" not in html
