"""The functions a report workflow calls: load, extract, render, render_to, build."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from .errors import InputError, RenderError
from .files import prepare_directory, write_atomic
from .loading import read_bytes
from .model import Brief
from .options import DEFAULT_FORMATS, DEFAULT_TEMPLATE, RenderOptions, render_options
from .registry import Registry
from .renderers import Renderer
from .serialisation import load, loads
from .view import BriefView, build_view

__all__ = [
    "build",
    "default_registry",
    "extract",
    "load",
    "loads",
    "new_pack",
    "prepare_view",
    "read_articles",
    "render",
    "render_file",
    "render_to",
]

_default: Registry | None = None


def default_registry() -> Registry:
    """Return the registry of installed plugins, discovered once per process."""
    global _default
    if _default is None:
        _default = Registry.discover()
    return _default


def new_pack(directory: str | Path, *, source: str = DEFAULT_TEMPLATE, registry: Registry | None = None) -> Path:
    """Copy a template pack into a new folder as a starting point; return the folder.

    Raises:
        InputError: the folder already exists.
        TemplateError: no such source pack.
    """
    import json
    import re
    import shutil

    registry = registry or default_registry()
    pack = registry.template(source)
    target = Path(directory)
    if target.exists():
        raise InputError(f"{target}: already exists; choose a new folder for the pack")
    # The pack is made beside its place and moved there whole: a failure leaves no half-made folder.
    staging = target.with_name(f".{target.name}.part")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        shutil.copytree(pack.path, staging, ignore=shutil.ignore_patterns("__pycache__"))
        manifest = staging / "pack.toml"
        name_line = f"name = {json.dumps(target.name)}"  # a JSON string is a valid TOML basic string
        text, found = re.subn(r"(?m)^name\s*=.*$", lambda _: name_line, manifest.read_text(encoding="utf-8"), count=1)
        manifest.write_text(text if found else f"{name_line}\n{text}", encoding="utf-8")
        staging.rename(target)
    except OSError as exc:
        raise InputError(f"{target}: the pack could not be made ({exc.strerror or exc})") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def prepare_view(brief: Brief, options: RenderOptions, registry: Registry | None = None) -> BriefView:
    """Return the view of a brief for the options' template pack: what every format is rendered from.

    Raises:
        TemplateError: the pack is missing or broken.
    """
    from .loading import revalidate

    pack = (registry or default_registry()).template(options.template)
    return build_view(
        revalidate(brief),
        sections=pack.sections,
        chart=options.chart,
        review=options.review,
        theme=pack.theme.theme,
        portions=pack.portions,
    )


def render(
    brief: Brief | BriefView,
    format: str = DEFAULT_FORMATS[0],
    *,
    options: RenderOptions | None = None,
    registry: Registry | None = None,
    **changes: Any,
) -> bytes:
    """Return a brief rendered to one format: pdf, docx, html, md, json or a plugin's.

    ``options`` (or the defaults) with ``changes`` applied, e.g. ``template="memo"``,
    ``pdf_variant="pdf/a-3b"``. A ``BriefView`` already built for the same options is used as it is.

    Examples:
        >>> pdf = render(load("brief.yaml"), "pdf", pdf_variant="pdf/a-3b")  # doctest: +SKIP

    Raises:
        InputError: an unknown option or output format.
        TemplateError: the pack is missing or broken.
        RenderError: the format could not be produced.
    """
    registry = registry or default_registry()
    opts = render_options(options, **{k: str(v) if k == "template" else v for k, v in changes.items()})
    renderer = registry.renderer(format)
    _first_use(renderer)
    pack = registry.template(opts.template)
    view = brief if isinstance(brief, BriefView) else prepare_view(brief, opts, registry)
    # The engines underneath (Pango and fontconfig in WeasyPrint, matplotlib) are not safe to run from
    # two threads at once: renders in one process take turns. For parallel work, use processes (batch).
    with _rendering:
        return renderer.render(view, pack, opts)


_warmed: set[str] = set()
_warming = threading.Lock()
_rendering = threading.RLock()


def _first_use(renderer: Renderer) -> None:
    """Load a renderer's engines once per process, one thread at a time (imports are not safe to race)."""
    if renderer.name in _warmed:
        return
    with _warming:
        if renderer.name not in _warmed:
            renderer.warm_up()
            _warmed.add(renderer.name)


def render_file(
    path: str | Path,
    formats: Sequence[str] = DEFAULT_FORMATS,
    *,
    options: RenderOptions | None = None,
    **changes: Any,
) -> dict[str, bytes]:
    """Load a brief file and return its bytes in each format; for workers of a distributed engine.

    Examples:
        >>> outputs = render_file("brief.yaml", ["pdf"])  # doctest: +SKIP

    Raises:
        InputError: the file cannot be read, or an unknown option or format.
        ValidationError: the brief breaks the contract.
        TemplateError, RenderError: as ``render``.
    """
    opts = render_options(options, **changes)
    view = prepare_view(load(Path(path)), opts)
    return {fmt: render(view, fmt, options=opts) for fmt in formats}


def render_to(
    brief: Brief,
    directory: str | Path,
    formats: Iterable[str] = DEFAULT_FORMATS,
    *,
    stem: str = "brief",
    options: RenderOptions | None = None,
    registry: Registry | None = None,
    **changes: Any,
) -> list[Path]:
    """Render a brief to ``directory/stem.<ext>`` for each format; return the paths written.

    Every format is rendered before any file is written, and each file is written
    atomically: a failure leaves no partial file and keeps any earlier one intact.

    Raises:
        InputError: the directory cannot be created or written to, or an unknown option or format.
        TemplateError, RenderError: as ``render``.
    """
    _check_stem(stem)
    registry = registry or default_registry()
    opts = render_options(options, **{k: str(v) if k == "template" else v for k, v in changes.items()})
    wanted = list(dict.fromkeys(formats))
    if not wanted:
        raise InputError("no output formats given")
    renderers = {fmt: registry.renderer(fmt) for fmt in wanted}
    out = prepare_directory(Path(directory))
    view = prepare_view(brief, opts, registry)
    data = {fmt: render(view, fmt, options=opts, registry=registry) for fmt in wanted}
    written: list[Path] = []
    for fmt in wanted:
        path = out / f"{stem}.{renderers[fmt].extension}"
        write_atomic(path, data[fmt])
        written.append(path)
    return written


def _check_stem(stem: str) -> None:
    """Refuse a file stem that is empty, names a folder, or holds a character no file name may."""
    if not stem or stem in {".", ".."} or any(c in stem for c in "/\\\0") or Path(stem).is_absolute():
        raise InputError(f"stem {stem!r}: give a plain file name, without folders")


def read_articles(sources: Sequence[str | Path]) -> list[Any]:
    """Return the articles at the given paths ("-" reads standard input), numbered s1, s2, …

    Raises:
        InputError: a file is missing, empty, binary, not UTF-8, too large or has no text.
    """
    from .extraction import read_article
    from .extraction.articles import MAX_ARTICLE_BYTES

    articles = []
    for number, source in enumerate(sources, start=1):
        name = str(source)
        if name == "-":
            data = sys.stdin.buffer.read(MAX_ARTICLE_BYTES + 1)
            name = "<stdin>"
        else:
            data = read_bytes(Path(source), name, MAX_ARTICLE_BYTES, "article")
        articles.append(read_article(data, name, f"s{number}"))
    return articles


def extract(
    sources: Sequence[str | Path | Any],
    *,
    extractor: str = "rules",
    registry: Registry | None = None,
    merge: bool = False,
    **extractor_options: Any,
) -> Brief:
    """Return a draft Brief extracted from news articles (paths, "-" for standard input, or Article objects).

    ``extractor_options`` configure the extractor (e.g. ``url`` and ``model`` for "llm"). Articles
    that report different events are refused unless ``merge`` is true.

    Examples:
        >>> draft = extract(["seeds/000_5b5992d54111de5f.txt"])  # doctest: +SKIP
        >>> draft = extract(["a.txt"], extractor="llm", model="llama3.1")  # doctest: +SKIP

    Raises:
        InputError: an article cannot be read, or the articles report different events.
        PluginError: no extractor of that name.
        ExtractionError: the extractor failed.
    """
    from .extraction import Article

    registry = registry or default_registry()
    paths = [s for s in sources if not isinstance(s, Article)]
    articles = list(read_articles(paths)) if paths else []
    articles += [s for s in sources if isinstance(s, Article)]
    if not articles:
        raise InputError("no articles given")
    if not merge:
        _same_event(articles)
    brief: Brief = registry.extractor(extractor, **extractor_options).extract(articles)
    return brief


def _same_event(articles: Sequence[Any]) -> None:
    from .extraction.grouping import group_by_event, key_names

    groups = group_by_event(articles)
    if len(groups) < 2:
        return
    described = "; ".join(
        f"{', '.join(a.name for a in group)} (about {', '.join(key_names(group[0])[:3])})" for group in groups
    )
    raise InputError(
        f"these articles report {len(groups)} different events and are not merged into one brief: {described}. "
        "Draft each event's articles separately, or pass --merge to draft one brief from all of them."
    )


def build(
    sources: Sequence[str | Path],
    directory: str | Path,
    formats: Iterable[str] = DEFAULT_FORMATS,
    *,
    stem: str | None = None,
    extractor: str = "rules",
    extractor_options: Mapping[str, Any] | None = None,
    options: RenderOptions | None = None,
    registry: Registry | None = None,
    merge: bool = False,
    **changes: Any,
) -> list[Path]:
    """Extract a draft brief from articles and render it; return the paths written.

    The files are named after the first article unless ``stem`` is given.

    Raises:
        InputError, PluginError, ExtractionError: as ``extract``.
        TemplateError, RenderError: as ``render_to``.
    """
    brief = extract(sources, extractor=extractor, registry=registry, merge=merge, **dict(extractor_options or {}))
    first = str(sources[0]) if sources else "brief"
    name = stem or (Path(first).stem if first != "-" else "brief")
    if not formats:
        raise RenderError("no output formats given")
    return render_to(brief, directory, formats, stem=name, options=options, registry=registry, **changes)
