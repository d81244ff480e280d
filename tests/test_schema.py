"""The JSON Schema as an editor shows it: every property titled, described (hover text) and with an example."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import BaseModel, TypeAdapter

from briefgen.model import Brief, json_schema

SCHEMA = json_schema()
DEFS: dict[str, Any] = SCHEMA["$defs"]


def _properties(schema: dict[str, Any], where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield every property of ``schema`` and of the schemas inside it, with its path."""
    for name, prop in schema.get("properties", {}).items():
        yield f"{where}.{name}", prop
        yield from _properties(prop, f"{where}.{name}")
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            yield from _properties(schema[key], where)
    for part in schema.get("anyOf", []):
        yield from _properties(part, where)


ALL = [*_properties(SCHEMA, "Brief")] + [p for name, d in DEFS.items() for p in _properties(d, name)]


def _enum_refs(prop: dict[str, Any]) -> Iterator[str]:
    """Yield the name of each enum definition a property's value (or its items) must be one of."""
    ref = prop.get("$ref")
    if ref and "enum" in DEFS[ref.rsplit("/", 1)[1]]:
        yield ref.rsplit("/", 1)[1]
    for part in prop.get("anyOf", []):
        yield from _enum_refs(part)
    for key in ("items", "additionalProperties"):
        if isinstance(prop.get(key), dict):
            yield from _enum_refs(prop[key])


def test_the_walk_sees_every_property_at_every_depth() -> None:
    paths = {path for path, _ in ALL}
    assert len(paths) >= 108
    assert {"Brief.attendance", "Count.qualifier", "Quote.language", "Position.issue_stances"} <= paths


@pytest.mark.parametrize(("path", "prop"), ALL, ids=[path for path, _ in ALL])
def test_every_property_has_a_title_a_description_and_an_example(path: str, prop: dict[str, Any]) -> None:
    assert prop.get("title", "").strip(), path
    description = prop.get("description", "").strip()
    assert description, path
    assert prop.get("examples"), path
    # Hover text in an editor: one or two sentences ("e.g." does not end one).
    assert len(re.findall(r"(?<!e\.g)[.!?](?:\s|$)", description)) <= 2, description


def test_every_definition_has_a_description() -> None:
    assert [name for name, d in DEFS.items() if not d.get("description", "").strip()] == []


@pytest.mark.parametrize(("path", "prop"), [(p, s) for p, s in ALL if any(_enum_refs(s))])
def test_a_property_with_allowed_values_names_each_of_them(path: str, prop: dict[str, Any]) -> None:
    for enum in _enum_refs(prop):
        missing = [v for v in DEFS[enum]["enum"] if v not in prop["description"]]
        assert missing == [], f"{path}: {missing}"


def test_the_contract_s_meanings_are_what_editors_show() -> None:
    kj = DEFS["KeyJudgment"]["properties"]
    assert kj["likelihood"]["description"] == (
        "How likely the judgment is, on the ICD 203 scale: almost no chance, very unlikely, unlikely, roughly even "
        "chance, likely, very likely, almost certain."
    )
    assert kj["confidence"]["description"].startswith("How much the analyst trusts the judgment's basis: low, moderate")
    assert "1–64 letters, digits, '_', '.' or '-'" in DEFS["Source"]["properties"]["id"]["description"]
    assert "BCP 47" in SCHEMA["properties"]["language"]["description"]
    assert SCHEMA["properties"]["date"]["description"].startswith("The event's date as YYYY-MM-DD")
    assert DEFS["Handling"]["properties"]["tlp"]["description"].endswith("CLEAR, GREEN, AMBER, AMBER+STRICT, RED.")


def _fields() -> Iterator[tuple[str, Any, Any]]:
    seen: set[type[BaseModel]] = set()
    stack: list[type[BaseModel]] = [Brief]
    while stack:
        model = stack.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, info in model.model_fields.items():
            for example in info.examples or []:
                yield f"{model.__name__}.{name}", info.rebuild_annotation(), example
            stack.extend(_models(info.annotation))


def _models(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        yield from _models(arg)


EXAMPLES = list(_fields())


@pytest.mark.parametrize(("path", "annotation", "example"), EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_every_example_is_a_value_the_field_accepts(path: str, annotation: Any, example: Any) -> None:
    TypeAdapter(annotation).validate_python(example)
