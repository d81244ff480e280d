"""Bad briefs get one exact, actionable message per fault, naming file, line, column and field."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import EXAMPLE

import briefgen
from briefgen import InputError, ValidationError

GOOD = "title: T\ndate: 2024-06-14\nsummary: S\n"


def write(tmp_path: Path, text: str | bytes, name: str = "brief.yaml") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def error_of(path: Path) -> str:
    with pytest.raises(InputError) as info:
        briefgen.load(path)
    return str(info.value)


CASES = [
    ("missing field", "date: 2024-06-14\nsummary: S\n", "brief.yaml:1:1: title: field required"),
    (
        "missing nested field",
        GOOD + "positions:\n  - stance: x\n  - actor: B\n",
        "brief.yaml:5:5: positions[0].actor: field required",
    ),
    (
        "unknown enum",
        GOOD + "handling:\n  tlp: PURPLE\n",
        "brief.yaml:5:8: handling.tlp: 'PURPLE' is not one of: 'CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT' or 'RED'",
    ),
    (
        "wrong type",
        GOOD + "attendance:\n  counts:\n    - {label: x, value: many}\n",
        "brief.yaml:6:25: attendance.counts[0].value: input should be a valid integer, "
        "unable to parse string as an integer",
    ),
    (
        "negative count",
        GOOD + "attendance:\n  counts:\n    - {label: x, value: -1}\n",
        "brief.yaml:6:25: attendance.counts[0].value: input should be greater than or equal to 0",
    ),
    (
        "unknown field",
        GOOD + "colour: red\n",
        "brief.yaml:4:1: colour: unknown field (not part of the brief contract; check the spelling)",
    ),
    (
        "unknown source reference",
        GOOD + "key_judgments:\n  - {statement: x, sources: [s9]}\nsources:\n  - {id: s1, title: A}\n",
        "brief.yaml:5:30: key_judgments[0].sources[0]: unknown source id 's9' (sources listed: s1)",
    ),
    (
        "bad date",
        "title: T\ndate: 14/06/2024\nsummary: S\n",
        "brief.yaml:2:7: date: '14/06/2024' is not a date in the form YYYY-MM-DD; write 2024-06-14",
    ),
    ("duplicate key", GOOD + "title: again\n", "brief.yaml:4:1: title: duplicate key (first at line 1)"),
    (
        "malformed YAML",
        "title: [unclosed\ndate: x\n",
        "brief.yaml:2:5: invalid YAML: an inline list or mapping is not closed; check the brackets [ ] and braces { }",
    ),
    ("not a mapping", "- a\n- b\n", "brief.yaml:1:1: a brief must be a mapping of fields, found list"),
    ("empty file", "", "brief.yaml: the file is empty"),
    ("blank file", "  \n\n", "brief.yaml: the file is empty"),
    (
        "binary file",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "brief.yaml: this is a binary file, not a UTF-8 text brief",
    ),
    (
        "non-UTF-8 file",
        "title: caf\xe9\n".encode("latin-1"),
        "brief.yaml:1: the file is not UTF-8 text (byte 0xE9 at offset 10); save it as UTF-8",
    ),
    (
        "control character",
        GOOD.replace("S\n", '"bad \\x0b tab"\n'),
        "brief.yaml:3:10: summary: contains the control character U+000B at position 4, which documents cannot hold",
    ),
]


@pytest.mark.parametrize(("case", "text", "message"), CASES, ids=[c[0] for c in CASES])
def test_bad_brief_message(tmp_path: Path, case: str, text: str | bytes, message: str) -> None:
    path = write(tmp_path, text)
    assert error_of(path) == str(path).replace("brief.yaml", "") + message


def test_every_fault_is_reported_once_per_line(tmp_path: Path) -> None:
    path = write(tmp_path, "date: nope\nsummary: S\nhandling: {tlp: X}\n")
    with pytest.raises(ValidationError) as info:
        briefgen.load(path)
    fields = [p.field for p in info.value.problems]
    assert fields == ["title", "date", "handling.tlp"]
    assert len(str(info.value).splitlines()) == 3


def test_json_errors_have_lines(tmp_path: Path) -> None:
    path = write(tmp_path, '{\n  "title": "T",\n  "date": "2024-06-14",\n  "summary": 5\n}\n', "brief.json")
    assert (
        error_of(path)
        == f'{path}:4:14: summary: read as the number 5 where text is expected; put it in quotes, e.g. "5"'
    )
    bad = write(tmp_path, '{"title": "T",,}', "bad.json")
    assert error_of(bad) == f"{bad}:1:15: invalid JSON: Expecting property name enclosed in double quotes"
    dup = write(tmp_path, '{"title": "T", "title": "U"}', "dup.json")
    assert error_of(dup) == f"{dup}:1:16: title: duplicate key (first at line 1)"


def test_alias_bomb_is_refused_fast(tmp_path: Path) -> None:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 10):
        prev, cur = chr(96 + i), chr(97 + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    path = write(tmp_path, "\n".join(lines) + "\n")
    start = time.perf_counter()
    message = error_of(path)
    assert time.perf_counter() - start < 1.0
    assert "the YAML aliases expand to more than 2,000,000 values; refused as a possible alias bomb" in message


def test_oversized_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = write(tmp_path, b"title: " + b"x" * (16 * 1024 * 1024) + b"\n")
    assert error_of(path) == f"{path}: the file is larger than 16,777,216 bytes, the most a brief may be"


def test_deep_nesting(tmp_path: Path) -> None:
    path = write(tmp_path, "[" * 50_000)
    assert error_of(path) == f"{path}: the data is nested too deeply to be a brief"


def test_missing_file_and_directory(tmp_path: Path) -> None:
    assert error_of(tmp_path / "nope.yaml") == f"{tmp_path / 'nope.yaml'}: no such file"
    assert error_of(tmp_path) == f"{tmp_path}: is a directory, not a brief"


def test_examples_all_load() -> None:
    from conftest import EXAMPLES

    found = sorted(EXAMPLES.glob("*.yaml"))
    assert len(found) >= 2
    for path in found:
        assert briefgen.load(path).title


def test_starter_brief_is_valid() -> None:
    from importlib.resources import files

    brief = briefgen.load((files("briefgen") / "starter.yaml").read_bytes(), name="starter.yaml")
    assert brief.positions[0].actor == "Party A"


def test_schema_has_contract_fields() -> None:
    schema = briefgen.json_schema()
    # The date is required of every finished brief; only a draft (with a drafting block) may leave it out.
    assert set(schema["required"]) == {"title", "summary"} and "date" in schema["properties"]
    for name in ("handling", "event", "key_judgments", "positions", "attendance", "outlook", "sources"):
        assert name in schema["properties"]
    likelihood = schema["$defs"]["Likelihood"]["enum"]
    assert likelihood[0] == "almost no chance" and likelihood[-1] == "almost certain"


def test_load_reads_a_path_whatever_its_suffix_and_loads_reads_text(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    path = tmp_path / "brief.txt"
    path.write_text(text, encoding="utf-8")
    assert briefgen.load(str(path)) == briefgen.load(EXAMPLE)
    assert briefgen.loads(text).title == briefgen.load(EXAMPLE).title
    with pytest.raises(briefgen.InputError) as info:
        briefgen.load("brief.txt")  # a name, never text: a missing file is said to be missing
    assert str(info.value) == "brief.txt: no such file"


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_dump_and_loads_round_trip(fmt: str) -> None:
    brief = briefgen.load(EXAMPLE)
    data = briefgen.dump(brief, fmt)
    assert data.startswith(b"{" if fmt == "json" else b"title: ")
    assert briefgen.loads(data, fmt) == brief
