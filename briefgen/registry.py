"""Template packs, extractors and renderers, found through entry points and kept in a Registry object."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, cast

from .errors import InputError, PluginError, TemplateError
from .packs import BUILTIN_PACKS_DIR, TemplatePack

if TYPE_CHECKING:
    from .extraction.base import Extractor
    from .renderers import Renderer

__all__ = ["BUILTIN_PACKS", "GROUPS", "PluginInfo", "Registry"]

log = logging.getLogger("briefgen")

GROUPS = {
    "template": "briefgen.templates",
    "extractor": "briefgen.extractors",
    "renderer": "briefgen.renderers",
}
BUILTIN_DISTRIBUTION = "briefgen"


BUILTIN_PACKS = SimpleNamespace(
    **{folder.name: folder for folder in sorted(BUILTIN_PACKS_DIR.iterdir()) if (folder / "pack.toml").is_file()}
)
"""The folders of the built-in template packs, by name (entry point ``briefgen.registry:BUILTIN_PACKS.<name>``)."""

# Used when briefgen runs from a source tree that was never installed (no entry-point metadata).
_BUILTINS: dict[str, dict[str, str]] = {
    "template": {name: f"briefgen.registry:BUILTIN_PACKS.{name}" for name in vars(BUILTIN_PACKS)},
    "extractor": {"rules": "briefgen.extraction:RulesExtractor", "llm": "briefgen.llm:LlmExtractor"},
    "renderer": {
        "pdf": "briefgen.renderers.pdf:PdfRenderer",
        "docx": "briefgen.renderers.docx:DocxRenderer",
        "html": "briefgen.renderers.text:HtmlRenderer",
        "md": "briefgen.renderers.text:MarkdownRenderer",
        "json": "briefgen.renderers.text:JsonRenderer",
    },
}


@dataclass
class PluginInfo:
    """One registered plugin: what it is, where it comes from, and (once used) the loaded object."""

    kind: str
    name: str
    value: str
    distribution: str
    loaded: Any = None

    @property
    def builtin(self) -> bool:
        """Return whether briefgen itself provides this plugin."""
        return self.distribution == BUILTIN_DISTRIBUTION

    def load(self) -> Any:
        """Import the plugin's object (once).

        Raises:
            PluginError: the plugin cannot be imported.
        """
        if self.loaded is None:
            try:
                self.loaded = EntryPoint(self.name, self.value, GROUPS[self.kind]).load()
            except Exception as exc:  # a plugin may fail in any way while importing
                raise PluginError(
                    f"{self.kind} plugin {self.name!r} from {self.distribution} failed to load: {exc}"
                ) from exc
        return self.loaded


@dataclass
class Registry:
    """The template packs, extractors and renderers available to one caller."""

    plugins: dict[str, dict[str, PluginInfo]] = field(default_factory=lambda: {k: {} for k in GROUPS})
    refused: list[str] = field(default_factory=list)
    _packs: dict[str, TemplatePack] = field(default_factory=dict)
    _instances: dict[tuple[str, str], Any] = field(default_factory=dict)

    @classmethod
    def discover(cls) -> Registry:
        """Return a registry of the built-ins and every installed plugin."""
        registry = cls()
        installed = entry_points()  # one scan of the installed distributions for all three groups
        for kind, group in GROUPS.items():
            found = sorted(installed.select(group=group), key=lambda ep: ep.dist.name if ep.dist else "")
            # Built-ins first, so a plugin can never take their names.
            found.sort(key=lambda ep: (ep.dist.name if ep.dist else "") != BUILTIN_DISTRIBUTION)
            for ep in found:
                registry.add(kind, ep.name, ep.value, ep.dist.name if ep.dist else "unknown")
            for name, value in _BUILTINS[kind].items():
                if name not in registry.plugins[kind]:
                    registry.add(kind, name, value, BUILTIN_DISTRIBUTION)
        return registry

    def add(self, kind: str, name: str, value: str | Any, distribution: str) -> None:
        """Register a plugin; one that would replace a built-in is refused (and noted in ``refused``)."""
        existing = self.plugins[kind].get(name)
        if existing is not None and existing.distribution != distribution:
            if existing.builtin:
                message = (
                    f"{kind} {name!r} from {distribution} refused: it would replace briefgen's built-in "
                    f"{kind} of that name; rename it"
                )
            else:
                message = f"{kind} {name!r} from {distribution} refused: {existing.distribution} already provides it"
            self.refused.append(message)
            log.warning(message)
            return
        if isinstance(value, str):
            self.plugins[kind][name] = PluginInfo(kind, name, value, distribution)
        else:
            self.plugins[kind][name] = PluginInfo(kind, name, repr(value), distribution, loaded=value)

    def names(self, kind: str) -> list[str]:
        """Return the registered names of one kind of plugin."""
        return sorted(self.plugins[kind])

    def _get(self, kind: str, name: str) -> PluginInfo:
        try:
            return self.plugins[kind][name]
        except KeyError:
            known = ", ".join(self.names(kind)) or "none"
            raise PluginError(f"no {kind} named {name!r} (available: {known})") from None

    def template(self, name: str | Path) -> TemplatePack:
        """Return a template pack by name, or from a folder when given a path.

        Raises:
            TemplateError: no such pack, or the pack is incomplete.
        """
        key = str(name)
        if key in self._packs:
            return self._packs[key]
        looks_like_path = isinstance(name, Path) or "/" in key or key.startswith(".")
        if looks_like_path or (key not in self.plugins["template"] and Path(key).is_dir()):
            pack = TemplatePack.from_dir(Path(key))
        else:
            try:
                info = self._get("template", key)
            except PluginError as exc:
                raise TemplateError(str(exc)) from None
            target = info.load()
            found = target() if callable(target) else target
            pack = (
                found if isinstance(found, TemplatePack) else TemplatePack.from_dir(Path(found), builtin=info.builtin)
            )
        self._packs[key] = pack
        return pack

    def forget_templates(self) -> None:
        """Drop loaded template packs so that edited files are read again."""
        self._packs.clear()

    def renderer(self, name: str) -> Renderer:
        """Return the renderer of an output format (one instance per registry).

        Raises:
            InputError: no renderer makes that format.
            PluginError: the renderer's plugin fails to load.
        """
        if name not in self.plugins["renderer"]:
            known = ", ".join(self.names("renderer"))
            raise InputError(f"unknown output format {name!r} (available: {known})")
        return cast("Renderer", self._instance("renderer", name))

    def extractor(self, name: str, **options: Any) -> Extractor:
        """Return an extractor by name: one shared instance, or a new one configured with ``options``."""
        if options:
            target = self._get("extractor", name).load()
            try:
                return cast("Extractor", target(**options))
            except TypeError as exc:
                given = ", ".join(sorted(options))
                raise InputError(f"extractor {name!r} does not take these options: {given}") from exc
        return cast("Extractor", self._instance("extractor", name))

    def _instance(self, kind: str, name: str) -> Any:
        if (kind, name) not in self._instances:
            target = self._get(kind, name).load()
            self._instances[(kind, name)] = target() if isinstance(target, type) else target
        return self._instances[(kind, name)]

    def describe(self) -> list[PluginInfo]:
        """Return every registered plugin, by kind and name."""
        return [self.plugins[kind][name] for kind in GROUPS for name in self.names(kind)]
