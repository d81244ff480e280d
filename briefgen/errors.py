"""The exceptions briefgen raises.

Every error the library raises on purpose derives from ``BriefgenError``::

    BriefgenError
    ├── InputError          the input (a brief, an article, a command line) is wrong  -> exit 2
    │   └── ValidationError   a brief breaks the contract; carries one Problem per fault
    ├── TemplateError       a template pack is missing a file or does not compile
    ├── RenderError         an output format could not be produced
    ├── ExtractionError     drafting a brief from articles failed
    └── PluginError         a plugin could not be loaded or shadows a built-in

Third-party exceptions (YAML, Jinja2, WeasyPrint, python-docx) are caught at the
boundary and re-raised as one of these with ``raise ... from exc``.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "BriefgenError",
    "ExtractionError",
    "InputError",
    "PluginError",
    "Problem",
    "RenderError",
    "TemplateError",
    "ValidationError",
]


class BriefgenError(Exception):
    """Root of every error briefgen raises on purpose."""

    exit_code = 1


class InputError(BriefgenError):
    """The input is wrong: a file that cannot be read, parsed or used."""

    exit_code = 2


@dataclass(frozen=True)
class Problem:
    """One fault in a brief: where it is and what is wrong."""

    file: str
    line: int | None
    column: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class ValidationError(InputError):
    """A brief does not satisfy the contract; ``problems`` lists each fault."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class TemplateError(BriefgenError):
    """A template pack is missing, incomplete or does not compile."""

    exit_code = 2


class RenderError(BriefgenError):
    """An output format could not be produced or written."""


class ExtractionError(BriefgenError):
    """A brief could not be drafted from the given articles."""


class PluginError(BriefgenError):
    """A plugin could not be loaded, or it tries to replace a built-in."""
