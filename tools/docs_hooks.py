"""MkDocs hooks: the pages made from the code at build time (the brief contract and the command line).

Both pages are generated on every build, so they cannot drift from the JSON Schema of a brief or
from the Typer app: nothing on them is written by hand.
"""

from __future__ import annotations

import html
import json
import subprocess
import sys
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

CONTRACT_PAGE = "reference/contract.md"
CLI_PAGE = "reference/cli.md"


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the generated pages to the site."""
    files.append(File.generated(config, CONTRACT_PAGE, content=contract_page()))
    files.append(File.generated(config, CLI_PAGE, content=cli_page()))
    return files


# ---------------------------------------------------------------------------------------------
# The brief contract, from the JSON Schema of a brief


def contract_page() -> str:
    """Return the Markdown page that lists every field of a brief, from its JSON Schema."""
    import briefgen

    schema = briefgen.json_schema()
    defs: dict[str, Any] = schema.get("$defs", {})
    lines = [
        "# The brief contract",
        "",
        "Every field a brief may hold, generated from the brief's JSON Schema "
        "(`briefgen schema` prints it; its `$id` is "
        f"`{schema.get('$id', '')}`). Field names are the stable contract: brief files, the JSON "
        "that `briefgen extract` writes, templates and plugins all use them. A field written "
        "`a.b[].c` is the field `c` of each item of the list `b` inside `a`. No other field is "
        "accepted: a misspelt name is an error, not a silently ignored key.",
        "",
    ]
    sections: list[tuple[str, dict[str, Any]]] = []
    _collect("", schema, defs, sections, seen=())
    for path, node in sections:
        heading = f"`{path}`" if path else "Top level"
        lines += [f"## {heading}", ""]
        description = _text(node.get("description", ""))
        if description:
            lines += [description, ""]
        lines += ["| Field | Type | Required | Description and allowed values |", "|---|---|---|---|"]
        required = set(node.get("required", []))
        for name, prop in node.get("properties", {}).items():
            field = f"{path}.{name}" if path else name
            kind, notes = _describe(prop, defs)
            cells = [
                f"`{field}`",
                _cell(kind),
                "required" if name in required else "optional",
                _cell(" ".join(part for part in (_text(prop.get("description", "")), *notes) if part)),
            ]
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    return "\n".join(lines)


def _collect(
    path: str, node: dict[str, Any], defs: dict[str, Any], out: list[tuple[str, dict[str, Any]]], seen: tuple[str, ...]
) -> None:
    """Append each object of the schema, depth first, with the path that reaches it."""
    out.append((path, node))
    for name, prop in node.get("properties", {}).items():
        field = f"{path}.{name}" if path else name
        for ref, suffix in _object_refs(prop):
            if ref in seen or "properties" not in defs[ref]:  # enums are listed in place; a recursive type once
                continue
            _collect(field + suffix, defs[ref], defs, out, (*seen, ref))


def _object_refs(prop: dict[str, Any]) -> list[tuple[str, str]]:
    """Return the object types a property holds, with "[]" for the items of a list."""
    found: list[tuple[str, str]] = []
    for option in prop.get("anyOf", [prop]):
        if option.get("type") == "array":
            ref = option.get("items", {}).get("$ref")
            if ref:
                found.append((_ref_name(ref), "[]"))
        elif "$ref" in option:
            found.append((_ref_name(option["$ref"]), ""))
    return found


def _describe(prop: dict[str, Any], defs: dict[str, Any]) -> tuple[str, list[str]]:
    """Return a property's type in words and notes on its allowed values and default."""
    kinds: list[str] = []
    notes: list[str] = []
    for option in prop.get("anyOf", [prop]):
        kind, option_notes = _describe_one(option, defs)
        if kind != "null":
            kinds.append(kind)
            notes += [note for note in option_notes if note]
    if "default" in prop and prop["default"] not in (None, [], {}):
        notes.append(f"Default: `{json.dumps(prop['default'], ensure_ascii=False)}`.")
    return " or ".join(kinds) or "any", notes


def _describe_one(option: dict[str, Any], defs: dict[str, Any]) -> tuple[str, list[str]]:
    """Return one alternative of a property's type in words, with its constraints."""
    if "$ref" in option:
        name = _ref_name(option["$ref"])
        target = defs[name]
        about = _text(target.get("description", ""))
        if "enum" in target:
            return "string", [_allowed(target["enum"]), about]
        return f"object ({name})", [about]
    if "enum" in option:
        return option.get("type", "value"), [_allowed(option["enum"])]
    if "const" in option:
        return option.get("type", "value"), [_allowed([option["const"]])]
    kind = option.get("type", "any")
    notes: list[str] = []
    if kind == "array":
        item_kind, item_notes = _describe_one(option.get("items", {}), defs)
        notes += item_notes
        if "maxItems" in option:
            notes.append(f"At most {option['maxItems']} items.")
        return f"list of {item_kind}", notes
    if option.get("format") == "date":
        kind = "date (YYYY-MM-DD)"
    elif option.get("format"):
        kind = f"{kind} ({option['format']})"
    if "pattern" in option:
        notes.append(f"Pattern: `{option['pattern']}`.")
    bounds = {
        "minimum": "at least {}",
        "maximum": "at most {}",
        "minLength": "{}+ characters",
        "maxLength": "≤ {} characters",
    }
    limits = [text.format(option[key]) for key, text in bounds.items() if key in option]
    if limits:
        notes.append("Value: " + ", ".join(limits) + ".")
    return kind, notes


def _allowed(values: list[Any]) -> str:
    return "One of: " + ", ".join(f"`{value}`" for value in values) + "."


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def _text(value: str) -> str:
    """Return schema text as one line of Markdown that shows every character as written."""
    return html.escape(" ".join(value.split()), quote=False)


def _cell(value: str) -> str:
    return value.replace("|", "\\|")


# ---------------------------------------------------------------------------------------------
# The command line, from the Typer app


def cli_page() -> str:
    """Return the Markdown reference of every command, written by Typer's own documentation command."""
    command = ["utils", "docs", "--name", "briefgen", "--title", "Command line"]
    run = subprocess.run(
        [sys.executable, "-m", "typer", "briefgen.cli", *command],
        capture_output=True,
        text=True,
        check=False,
    )
    if run.returncode != 0:
        raise PluginError(f"could not generate the command-line reference: {run.stderr.strip()}")
    return run.stdout
