"""Template packs: a folder with a pack.toml, Jinja templates, a stylesheet and a Word base document."""

from __future__ import annotations

import dataclasses
import re
import tomllib
import traceback
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any

import jinja2
import pydantic
from markupsafe import Markup
from pydantic import BaseModel, ConfigDict, Field

from .errors import RenderError, TemplateError
from .portions import PortionScheme
from .sandbox import BoundedSandbox, budget
from .theme import MAX_ASSET_BYTES, Theme, ThemeAssets, read_font

__all__ = ["BUILTIN_PACKS_DIR", "PackManifest", "TemplatePack", "inside", "read_manifest"]


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


class PackManifest(BaseModel):
    """What a pack.toml may say: every key typed, an unknown key refused."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str | None = None
    description: str = ""
    html: str = "brief.html.j2"
    css: str = "style.css"
    markdown: str | None = None
    docx: str | None = None
    sections: list[Annotated[str, Field(min_length=1)]] = Field(default_factory=list)
    theme: Theme = Field(default_factory=Theme)
    portions: PortionScheme = Field(default_factory=PortionScheme)

    @pydantic.field_validator("sections")
    @classmethod
    def _once_each(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("a section is named twice")
        return value


def read_manifest(manifest: Path) -> PackManifest:
    """Return the checked contents of a pack.toml.

    Raises:
        TemplateError: the file is not TOML, or a key is unknown or of the wrong type (file and key named).
    """
    try:
        data: dict[str, Any] = tomllib.loads(manifest.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise TemplateError(f"{manifest}: {exc}") from exc
    try:
        return PackManifest.model_validate(data)
    except pydantic.ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        key = ".".join(str(part) for part in error["loc"])
        message = "unknown key" if error["type"] == "extra_forbidden" else error["msg"].removeprefix("Value error, ")
        raise TemplateError(f"{manifest}: {key}: {message[:1].lower()}{message[1:]}") from exc


def inside(root: Path, name: str, what: str) -> Path:
    """Return the file ``name`` of the pack at ``root``, refusing any path that leads out of the pack.

    Raises:
        TemplateError: the path is absolute, climbs out of the pack, or is a link to a file outside it.
    """
    base = root.resolve()
    target = (root / name).resolve()
    if Path(name).is_absolute() or not target.is_relative_to(base):
        raise TemplateError(f"{root / 'pack.toml'}: {what}: {name!r} is outside the pack; name a file inside {root}")
    return target


class _PackLoader(jinja2.FileSystemLoader):
    """Load templates from the pack's folder only: a link that leads out of it is refused."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        source, filename, uptodate = super().get_source(environment, template)
        root = Path(str(self.searchpath[0]))
        if not Path(filename).resolve().is_relative_to(root.resolve()):
            raise TemplateError(f"{root / template}: leads outside the pack; templates are read from inside it only")
        return source, filename, uptodate


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
    theme: ThemeAssets = dataclasses.field(default_factory=lambda: ThemeAssets(Theme(), None, None, ()))
    portions: PortionScheme = dataclasses.field(default_factory=PortionScheme)

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
        meta = read_manifest(manifest)
        pack = cls(
            name=meta.name or path.name,
            path=path,
            description=meta.description,
            html=meta.html,
            css=meta.css,
            markdown=meta.markdown,
            docx=meta.docx,
            sections=list(meta.sections),
            builtin=builtin,
            theme=_theme_assets(path, meta.theme),
            portions=meta.portions,
        )
        for field in ("html", "css", "markdown", "docx"):
            rel = getattr(pack, field)
            if rel is not None and not inside(path, rel, field).is_file():
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
        environment = BoundedSandbox(
            loader=_PackLoader(str(self.path)),
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

    def render(self, name: str, variables: dict[str, Any]) -> str:
        """Return the pack's template ``name`` rendered with ``variables``, within the sandbox's budget.

        Raises:
            TemplateError: the template is missing, does not compile, or overruns its budget.
            RenderError: the template fails while rendering (its file and line are named).
        """
        template = self.template(name)
        variables = {"theme": self.theme, **variables}
        try:
            with budget():
                return template.render(variables)
        except TemplateError:
            raise
        except Exception as exc:  # a pack's template is code: any failure in it is reported where it is
            raise self.failure(exc, name) from exc

    def failure(self, exc: BaseException, name: str) -> RenderError:
        """Return the error for a template that failed while rendering, at its file and line when known."""
        where = self.path / name
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            if frame.filename and Path(frame.filename).resolve().is_relative_to(self.path.resolve()):
                where = Path(frame.filename)
                return RenderError(f"{where}:{frame.lineno}: template error: {_describe(exc)}")
        return RenderError(f"{where}: template error: {_describe(exc)}")

    def read(self, name: str) -> str:
        """Return a text file of the pack (never one outside it)."""
        return inside(self.path, name, "file").read_text(encoding="utf-8")

    @cached_property
    def stylesheet(self) -> str:
        """Return the pack's CSS, followed by the rules that apply its theme."""
        return self.read(self.css) + "\n" + self.theme.css


def _theme_assets(root: Path, theme: Theme) -> ThemeAssets:
    """Return a pack's theme with its logo and font files found inside the pack and checked.

    Raises:
        TemplateError: a file the theme names is outside the pack, missing, too large or of the wrong kind
            (pack.toml and the key named).
    """
    manifest = root / "pack.toml"

    def asset(name: str, key: str, kinds: tuple[str, ...]) -> Path:
        path = inside(root, name, key)
        if not path.is_file():
            raise TemplateError(f"{manifest}: {key}: {name!r} is missing; put the file in the pack or change the key")
        if path.suffix.lower() not in kinds:
            raise TemplateError(f"{manifest}: {key}: {name!r} is not one of {', '.join(kinds)}")
        if path.stat().st_size > MAX_ASSET_BYTES:
            raise TemplateError(f"{manifest}: {key}: {name!r} is larger than {MAX_ASSET_BYTES // 1_000_000} MB")
        return path

    logo = asset(theme.logo, "theme.logo", (".svg", ".png", ".jpg", ".jpeg")) if theme.logo else None
    word = asset(theme.logo_word, "theme.logo_word", (".png", ".jpg", ".jpeg")) if theme.logo_word else None
    fonts = []
    for n, name in enumerate(theme.fonts.files):
        key = f"theme.fonts.files.{n}"
        path = asset(name, key, (".ttf", ".otf", ".woff", ".woff2"))
        try:
            fonts.append(read_font(path))
        except ValueError as exc:
            raise TemplateError(f"{manifest}: {key}: {name!r} is {exc}") from exc
    return ThemeAssets(theme, logo, word, tuple(fonts))


def _describe(exc: BaseException) -> str:
    if isinstance(exc, jinja2.TemplateNotFound):
        return f"no template {exc.name!r} inside the pack"
    if isinstance(exc, jinja2.TemplateError):  # undefined names, what the sandbox refuses
        return str(exc)
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
