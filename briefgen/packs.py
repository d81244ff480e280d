"""Template packs: a folder with a pack.toml, Jinja templates, a stylesheet and a Word base document."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from .errors import TemplateError

__all__ = ["BUILTIN_PACKS_DIR", "TemplatePack"]


def _builtin_dir() -> Path:
    here = Path(__file__).resolve().parent
    shipped = here / "templates"  # inside an installed wheel
    return shipped if shipped.is_dir() else here.parent / "templates"


BUILTIN_PACKS_DIR = _builtin_dir()


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def markdown_escape(value: Any) -> Any:
    """Escape a printed value for Markdown, so that text in a brief is never markup (HTML included)."""
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    return _MARKDOWN_SPECIAL.sub(r"\\\1", value)


def markdown_url(url: str) -> Markup:
    """Return a URL fit for a Markdown autolink ``<…>``: characters that would end or break it are encoded."""
    return Markup(url.replace(" ", "%20").replace("<", "%3C").replace(">", "%3E"))


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Return a cache of compiled templates beside the chart cache, so each process need not compile them."""
    from .cache import cache_folder

    folder = cache_folder("jinja")
    return jinja2.FileSystemBytecodeCache(str(folder)) if folder is not None else None


def _sections(value: Any, manifest: Path) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(name, str) and name for name in value):
        raise TemplateError(f'{manifest}: sections: give a list of section names, e.g. ["title", "bottom_line"]')
    if len(set(value)) != len(value):
        raise TemplateError(f"{manifest}: sections: a section is named twice")
    return list(value)


@dataclass
class TemplatePack:
    """A template pack on disk; templates compile once per pack object."""

    name: str
    path: Path
    description: str
    html: str
    css: str
    markdown: str | None
    docx: str | None
    sections: list[str]
    builtin: bool = False

    @classmethod
    def from_dir(cls, path: Path, *, builtin: bool = False) -> TemplatePack:
        """Return the pack in a folder, checking that every file it names is there.

        Raises:
            TemplateError: the folder, its pack.toml or a file it names is missing or wrong.
        """
        path = Path(path)
        manifest = path / "pack.toml"
        if not path.is_dir():
            raise TemplateError(f"{path}: no such template pack folder")
        if not manifest.is_file():
            raise TemplateError(f"{manifest}: missing; a template pack needs a pack.toml")
        try:
            meta: dict[str, Any] = tomllib.loads(manifest.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise TemplateError(f"{manifest}: {exc}") from exc
        pack = cls(
            name=str(meta.get("name") or path.name),
            path=path,
            description=str(meta.get("description", "")),
            html=str(meta.get("html", "brief.html.j2")),
            css=str(meta.get("css", "style.css")),
            markdown=meta.get("markdown"),
            docx=meta.get("docx"),
            sections=_sections(meta.get("sections", []), manifest),
            builtin=builtin,
        )
        for field in ("html", "css", "markdown", "docx"):
            rel = getattr(pack, field)
            if rel is not None and not (path / rel).is_file():
                raise TemplateError(f"{path / rel}: missing; pack.toml names it as the {field} file")
        return pack

    @cached_property
    def environment(self) -> jinja2.Environment:
        """Return the pack's sandboxed Jinja environment (templates never see more than their context)."""
        return self._environment(finalize=None)

    @cached_property
    def markdown_environment(self) -> jinja2.Environment:
        """Return the environment for Markdown templates: every printed value is escaped for Markdown."""
        environment = self._environment(finalize=markdown_escape)
        environment.filters["url"] = markdown_url
        return environment

    def _environment(self, finalize: Any) -> jinja2.Environment:
        environment = ImmutableSandboxedEnvironment(
            loader=jinja2.FileSystemLoader(str(self.path)),
            bytecode_cache=_bytecode_cache(),
            autoescape=jinja2.select_autoescape(
                enabled_extensions=("html", "htm", "xml", "html.j2", "htm.j2", "xml.j2")
            ),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            finalize=finalize,
        )
        return environment

    def template(self, name: str) -> jinja2.Template:
        """Return a compiled template of the pack.

        Raises:
            TemplateError: the template has a syntax error (with its file and line) or is missing.
        """
        try:
            markdown = name.endswith((".md", ".md.j2"))
            return (self.markdown_environment if markdown else self.environment).get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(f"{self.path / name}:{exc.lineno}: template syntax error: {exc.message}") from exc
        except jinja2.TemplateNotFound as exc:
            raise TemplateError(f"{self.path / name}: template not found") from exc

    def read(self, name: str) -> str:
        """Return a text file of the pack."""
        return (self.path / name).read_text(encoding="utf-8")

    @cached_property
    def stylesheet(self) -> str:
        """Return the pack's CSS."""
        return self.read(self.css)
