"""Read a brief from YAML or JSON and validate it, with errors that say where."""

from __future__ import annotations

import copy
import json
import logging
import re
from collections.abc import Mapping
from functools import partial
from pathlib import Path
from typing import Any

import pydantic
import yaml

from .errors import InputError, Problem, ValidationError
from .figures import attach_figures
from .model import Brief, dotted
from .origin import Origin
from .teaching import cross_checks, explain, repair, yaml_hint

logger = logging.getLogger("briefgen")

__all__ = ["MAX_BRIEF_BYTES", "MAX_NODES", "load_brief", "parse_text", "read_bytes", "read_text"]

MAX_BRIEF_BYTES = 16 * 1024 * 1024
"""Largest brief file accepted; larger ones are refused before parsing."""

MAX_NODES = 2_000_000
"""Most YAML nodes a brief may expand to once aliases are followed (stops alias bombs)."""

Loc = tuple[str | int, ...]
Marks = dict[Loc, tuple[int, int]]


def read_text(data: bytes, name: str, *, limit: int = MAX_BRIEF_BYTES, what: str = "brief") -> str:
    """Decode a file's bytes as UTF-8 text, refusing empty, oversized, binary or mis-encoded files.

    Raises:
        InputError: with a message that names the file and what is wrong with it.
    """
    if len(data) > limit:
        raise InputError(f"{name}: the file is larger than {limit:,} bytes, the most a {what} may be")
    if not data.strip():
        raise InputError(f"{name}: the file is empty")
    if b"\x00" in data:
        raise InputError(f"{name}: this is a binary file, not a UTF-8 text {what}")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            f"{name}:{line}: the file is not UTF-8 text (byte 0x{data[exc.start]:02X} "
            f"at offset {exc.start}); save it as UTF-8"
        ) from exc
    return text


def read_bytes(path: Path, name: str, limit: int, what: str) -> bytes:
    """Return at most ``limit + 1`` bytes of a file (enough to tell that it is too large).

    Raises:
        InputError: the file is missing, a directory, or unreadable.
    """
    try:
        with path.open("rb") as fh:
            return fh.read(limit + 1)
    except FileNotFoundError as exc:
        raise InputError(f"{name}: no such file") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{name}: is a directory, not {'an' if what[0] in 'aeiou' else 'a'} {what}") from exc
    except OSError as exc:
        raise InputError(f"{name}: cannot be read ({exc.strerror})") from exc


def load_brief(
    source: str | Path | bytes | Mapping[str, Any],
    *,
    name: str | None = None,
    format: str | None = None,
    folder: Path | None = None,
) -> Brief:
    """Return the validated Brief in a YAML/JSON file, text or mapping.

    ``format`` ("yaml" or "json") says how to read text; without it, a file's suffix decides, and text
    that starts with ``{`` is JSON.

    Raises:
        InputError: the file cannot be read or parsed.
        ValidationError: the content breaks the contract (one Problem per fault).
    """
    if isinstance(source, Mapping):
        label = name or "<data>"
        return attach_figures(_validate(dict(source), label, {}), Origin(label, folder, partial(_problem, label, {})))
    if isinstance(source, Path):
        label = name or str(source)
        text = read_text(read_bytes(source, label, MAX_BRIEF_BYTES, "brief"), label)
        is_json = source.suffix.lower() == ".json" if format is None else format == "json"
        folder = source.parent
    else:
        label = name or "<text>"
        text = read_text(source.encode("utf-8") if isinstance(source, str) else source, label)
        is_json = text.lstrip().startswith(("{", "[")) if format is None else format == "json"
    data_obj, marks = parse_text(text, label, is_json=is_json)
    if not isinstance(data_obj, dict):
        kind = type(data_obj).__name__ if data_obj is not None else "nothing"
        raise InputError(f"{label}:1:1: a brief must be a mapping of fields, found {kind}")
    origin = Origin(label, folder, partial(_problem, label, marks))
    return attach_figures(_validate(data_obj, label, marks), origin)


def parse_text(text: str, name: str, *, is_json: bool) -> tuple[Any, Marks]:
    """Parse YAML or JSON text; return the data and the (line, column) of every node.

    Raises:
        InputError: on a syntax error, a duplicate key, an alias bomb or too deep nesting.
    """
    try:
        if is_json:
            return _parse_json(text, name)
        return _parse_yaml(text, name)
    except RecursionError as exc:
        raise InputError(f"{name}: the data is nested too deeply to be a brief") from exc


def _parse_json(text: str, name: str) -> tuple[Any, Marks]:
    try:
        # JSON is (nearly) YAML: compose it only to learn where each field stands. Characters YAML's reader
        # refuses become spaces (the same length, so positions hold); the model reports them itself.
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        readable = _SURROGATE_ESCAPE.sub(r"\\u0020", _YAML_UNREADABLE.sub(" ", text))
        root = yaml.compose(readable, Loader=loader)
    except yaml.YAMLError:
        root = None
    marks = _marks(root, name) if root is not None else {}  # raises on a duplicate key, with its place

    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in pairs:
            if key in out:
                raise InputError(f"{name}: duplicate key {key!r}")
            out[key] = value
        return out

    try:
        data = json.loads(text, object_pairs_hook=no_duplicates)
    except json.JSONDecodeError as exc:
        raise InputError(f"{name}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}") from exc
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise InputError(f"{name}: invalid JSON: {exc}") from exc
    return data, marks


# What PyYAML's reader refuses but JSON allows inside strings.
_YAML_UNREADABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


# JSON writes characters beyond U+FFFF as escaped surrogate pairs, which YAML refuses; the same length keeps places.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


class _Loader(yaml.SafeLoader):
    """A safe loader whose every failure to build a value is a located YAML error."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except yaml.YAMLError:
            raise
        except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read the value {node.value!r:.60}: {exc}", node.start_mark
            ) from exc


def _yaml_error(exc: yaml.YAMLError, text: str, name: str) -> InputError:
    """Turn a PyYAML error into one line that names the file, line and column."""
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and "simple key" in str(exc.context):
            mark = exc.context_mark  # the line without ':' itself, not the next line, where PyYAML noticed
        where = f"{name}:{mark.line + 1}:{mark.column + 1}" if mark else name
        problem = str(exc.problem or exc.context)
        hint = yaml_hint(problem)
        return InputError(f"{where}: invalid YAML: {hint}" if hint else f"{where}: invalid YAML: {problem}")
    if isinstance(exc, yaml.reader.ReaderError):
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        return InputError(
            f"{name}:{line}:{column}: invalid YAML: unacceptable character #x{ord(char):04x}: {exc.reason}"
        )
    return InputError(f"{name}: invalid YAML: {' '.join(str(exc).split())}")


def _parse_yaml(text: str, name: str) -> tuple[Any, Marks]:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, text, name) from exc
    if node is None:
        raise InputError(f"{name}: the file holds no data")
    _check_size(node, name)
    marks = _marks(node, name)
    try:
        data = _Loader(text).construct_document(node)
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, text, name) from exc
    return data, marks


def _check_size(root: yaml.Node, name: str) -> None:
    """Refuse documents whose aliases expand to more nodes than any brief has."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()  # the nodes being expanded: meeting one again means an alias holds itself
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, expanded = stack.pop()
        if id(node) in sizes:
            continue
        children = _children(node)
        if not expanded:
            if id(node) in open_nodes:
                mark = node.start_mark
                raise InputError(
                    f"{name}:{mark.line + 1}:{mark.column + 1}: this YAML alias refers to the value that contains "
                    "it, which would never end; refused"
                )
            open_nodes.add(id(node))
            stack.append((node, True))
            stack.extend((c, False) for c in children if id(c) not in sizes)
            continue
        open_nodes.discard(id(node))
        sizes[id(node)] = 1 + sum(sizes.get(id(c), 1) for c in children)
        if sizes[id(node)] > MAX_NODES:
            line = node.start_mark.line + 1
            raise InputError(
                f"{name}:{line}: the YAML aliases expand to more than {MAX_NODES:,} values; "
                "refused as a possible alias bomb"
            )


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _marks(root: yaml.Node, name: str) -> Marks:
    """Map each path in the document to the (line, column) where its value starts."""
    marks: Marks = {}
    stack: list[tuple[yaml.Node, Loc]] = [(root, ())]
    while stack:
        node, loc = stack.pop()
        if loc in marks:
            continue
        marks[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.SequenceNode):
            stack.extend((child, (*loc, i)) for i, child in enumerate(node.value))
        elif isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key_node, value_node in node.value:
                key = str(key_node.value)
                if isinstance(key_node, yaml.ScalarNode) and key in seen:
                    line = key_node.start_mark.line + 1
                    raise InputError(
                        f"{name}:{line}:{key_node.start_mark.column + 1}: "
                        f"{dotted((*loc, key))}: duplicate key (first at line {seen[key]})"
                    )
                seen[key] = key_node.start_mark.line + 1
                marks.setdefault((*loc, key, "<key>"), (seen[key], key_node.start_mark.column + 1))
                stack.append((value_node, (*loc, key)))
    return marks


def revalidate(brief: Any, name: str = "<brief>") -> Brief:
    """Return ``brief`` checked against the contract again (one made by ``model_construct``, or changed by
    ``model_copy(update=...)``, has never been checked).

    Raises:
        InputError: ``brief`` is not a Brief, or cannot be read as one.
        ValidationError: it breaks the contract (each fault named by its field).
    """
    if not isinstance(brief, Brief):
        raise InputError(f"{name}: expected a Brief, got {type(brief).__name__}")
    try:
        data = brief.model_dump(warnings=False)
    except Exception as exc:  # a field holding an object no serialiser knows
        raise InputError(f"{name}: the brief holds a value that cannot be read: {exc}") from exc
    checked = _validate(data, name, {}, teach=False)
    checked._origin = brief._origin  # where it was read from, and its figures' images, still hold
    return checked


def _validate(data: dict[str, Any], name: str, marks: Marks, *, teach: bool = True) -> Brief:
    """Return the brief in ``data``; with ``teach``, also read unambiguous slips (with a warning) and check
    across fields (errors raised, warnings logged), as for a brief a person wrote."""
    notes: list[Problem] = []
    copied = False
    while True:
        try:
            brief = Brief.model_validate(data)
            break
        except pydantic.ValidationError as exc:
            errors = exc.errors(include_url=False)
            if teach and not copied and any(repair(err) for err in errors):
                data, copied = copy.deepcopy(data), True  # the caller's mapping is never changed
            if teach and _repair(data, errors, name, marks, notes):
                continue  # each pass reads at least one value anew: it ends
            problems: list[Problem] = []
            for err in errors:
                loc: Loc = tuple(err["loc"])
                ctx = err.get("ctx") or {}
                if err["type"] == "unknown_reference":
                    for ref_loc, message in ctx["problems"]:
                        problems.append(_problem(name, marks, (*loc, *ref_loc), message))
                    continue
                message = _message(err)
                problems.append(_problem(name, marks, loc, explain(err, message) if teach else message))
            raise ValidationError(problems) from exc
    if not teach:
        return brief
    cross_errors, cross_warnings = cross_checks(brief, data)
    notes += [_problem(name, marks, loc, message) for loc, message in cross_warnings]
    for note in notes:
        logger.warning("%s", note)
    if cross_errors:
        raise ValidationError([_problem(name, marks, loc, message) for loc, message in cross_errors])
    return brief


def _repair(data: Any, errors: list[Any], name: str, marks: Marks, notes: list[Problem]) -> bool:
    """Put the one sure reading of each refused value that has one into ``data``; return whether any was."""
    repaired = False
    for err in errors:
        fix = repair(err)
        if fix is None or not err["loc"]:
            continue
        *path, last = err["loc"]
        target = data
        try:
            for part in path:
                target = target[part]
            if target[last] != err["input"]:
                continue
            target[last] = fix[0]
        except (KeyError, IndexError, TypeError):
            continue
        notes.append(_problem(name, marks, tuple(err["loc"]), fix[1]))
        repaired = True
    return repaired


def _problem(name: str, marks: Marks, loc: Loc, message: str) -> Problem:
    loc = _as_written(marks, loc)
    key_error = message.startswith(("unknown field", "keys should be strings"))
    line_col = _locate(marks, loc, extra_field=key_error)
    line, col = line_col if line_col else (None, None)
    return Problem(name, line, col, dotted(loc), message)


def _as_written(marks: Marks, loc: Loc) -> Loc:
    """Return the location with mapping keys as the document spells them (YAML reads ``2024:`` as a number)."""
    out: list[str | int] = []
    for part in loc:
        if isinstance(part, int) and (*out, part) not in marks and (*out, str(part)) in marks:
            out.append(str(part))
        else:
            out.append(part)
    return tuple(out)


def _locate(marks: Marks, loc: Loc, *, extra_field: bool) -> tuple[int, int] | None:
    if extra_field and (*loc, "<key>") in marks:
        return marks[(*loc, "<key>")]
    # A missing field has no node of its own: point at the nearest enclosing value.
    for end in range(len(loc), -1, -1):
        if loc[:end] in marks:
            return marks[loc[:end]]
    return None


def _message(err: Any) -> str:
    kind = err["type"]
    if kind == "missing":
        return "field required"
    if kind == "extra_forbidden":
        return "unknown field (not part of the brief contract; check the spelling)"
    if kind == "enum":
        return f"{err['input']!r} is not one of: {err['ctx']['expected']}"
    message = str(err["msg"])
    message = message.removeprefix("Value error, ")
    return message[:1].lower() + message[1:]
