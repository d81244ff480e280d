"""A brief's own file formats: ``load`` a file, ``loads`` text, ``dump`` a brief as YAML or JSON."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from .errors import InputError
from .model import Brief

__all__ = ["FORMATS", "Format", "dump", "load", "loads"]

Format = Literal["yaml", "json"]
FORMATS: tuple[Format, ...] = ("yaml", "json")
"""The formats a brief is written in."""


def load(source: str | os.PathLike[str] | bytes | Mapping[str, Any], *, name: str | None = None) -> Brief:
    """Return the validated Brief in a file (a path: ``.json`` is JSON, anything else YAML).

    A string is always a path, never the text of a brief (for text, use ``loads``). Bytes are read
    as the content of a file, and a mapping as the brief's fields.

    Examples:
        >>> brief = load("examples/ukraine-peace-summit.yaml")  # doctest: +SKIP

    Raises:
        InputError: the file is missing, empty, binary, not UTF-8 or not YAML/JSON.
        ValidationError: the brief breaks the contract (``.problems`` lists each fault).
    """
    from .loading import load_brief

    if isinstance(source, bytes | Mapping):
        return load_brief(source, name=name)
    return load_brief(Path(source), name=name)


def loads(
    text: str | bytes,
    format: Format | None = None,
    *,
    name: str = "<text>",
    folder: str | os.PathLike[str] | None = None,
) -> Brief:
    """Return the validated Brief in YAML or JSON text (without ``format``, text starting with ``{`` is JSON).

    Text has no folder of its own: its figures are read from ``folder``, and refused without one.

    Raises:
        InputError: the text is empty or not YAML/JSON, or the format is unknown.
        ValidationError: the brief breaks the contract.
    """
    from .loading import load_brief

    if format is not None and format not in FORMATS:
        raise InputError(f"unknown brief format {format!r}; choose one of {', '.join(FORMATS)}")
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    return load_brief(data, name=name, format=format, folder=Path(folder) if folder is not None else None)


def dump(brief: Brief, format: Format = "yaml") -> bytes:
    """Return a brief as UTF-8 YAML or JSON, leaving out fields that are not set.

    Raises:
        InputError: the format is unknown.
    """
    data = brief.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    if format == "json":
        return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if format == "yaml":
        import yaml

        _dates_as_dates(brief, data)
        return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100).encode("utf-8")
    raise InputError(f"unknown brief format {format!r}; choose one of {', '.join(FORMATS)}")


def _dates_as_dates(model: Any, data: Any) -> None:
    """Put the model's dates back into its dumped data, so YAML writes ``date: 2024-06-14``, not a quoted string."""
    from pydantic import BaseModel

    if not isinstance(model, BaseModel) or not isinstance(data, dict):
        return
    for name in type(model).model_fields:
        if name not in data:
            continue
        value = getattr(model, name)
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            data[name] = value
        elif isinstance(value, BaseModel):
            _dates_as_dates(value, data[name])
        elif isinstance(value, list) and isinstance(data[name], list):
            for item, dumped in zip(value, data[name], strict=False):
                _dates_as_dates(item, dumped)
