"""briefgen: turn news reporting about a diplomatic event into a professional briefing document.

The public API::

    import briefgen

    brief = briefgen.load("examples/ukraine-peace-summit.yaml")   # a path; briefgen.loads(text) reads text
    pdf_bytes = briefgen.render(brief, "pdf")
    paths = briefgen.render_to(brief, "out", stem="ukraine")  # PDF and Word by default
    draft = briefgen.extract(["article.txt"])
    briefgen.build(["article.txt"], "out")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .api import build, default_registry, extract, prepare_view, render, render_file, render_to
    from .defaults import DEFAULT_FORMATS, DEFAULT_TEMPLATE
    from .errors import (
        BriefgenError,
        ExtractionError,
        InputError,
        PluginError,
        Problem,
        RenderError,
        TemplateError,
        ValidationError,
    )
    from .files import prepare_directory, write_atomic
    from .model import (
        Absent,
        Attendance,
        Brief,
        Count,
        Drafting,
        Event,
        Evidence,
        Handling,
        Issue,
        KeyJudgment,
        Outlook,
        Position,
        Present,
        Quote,
        Source,
        json_schema,
    )
    from .options import PDF_VARIANTS, RenderOptions, render_options
    from .packs import TemplatePack
    from .registry import Registry
    from .renderers import Renderer
    from .serialisation import dump, load, loads
    from .view import BriefView

# Where each public name lives: imported on first use, so that `briefgen --help` and
# `import briefgen` stay fast (pydantic, Jinja and the renderers load only when needed).
_LAZY = {
    **dict.fromkeys(
        ["build", "default_registry", "extract", "prepare_view", "render", "render_file", "render_to"], "briefgen.api"
    ),
    **dict.fromkeys(["DEFAULT_FORMATS", "DEFAULT_TEMPLATE"], "briefgen.defaults"),
    **dict.fromkeys(["prepare_directory", "write_atomic"], "briefgen.files"),
    **dict.fromkeys(["PDF_VARIANTS", "RenderOptions", "render_options"], "briefgen.options"),
    **dict.fromkeys(["dump", "load", "loads"], "briefgen.serialisation"),
    "TemplatePack": "briefgen.packs",
    "Renderer": "briefgen.renderers",
    "BriefView": "briefgen.view",
    **dict.fromkeys(
        [
            "BriefgenError",
            "ExtractionError",
            "InputError",
            "PluginError",
            "Problem",
            "RenderError",
            "TemplateError",
            "ValidationError",
        ],
        "briefgen.errors",
    ),
    **dict.fromkeys(
        [
            "Absent",
            "Attendance",
            "Brief",
            "Count",
            "Drafting",
            "Event",
            "Evidence",
            "Handling",
            "Issue",
            "KeyJudgment",
            "Outlook",
            "Position",
            "Present",
            "Quote",
            "Source",
            "json_schema",
        ],
        "briefgen.model",
    ),
    "Registry": "briefgen.registry",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'briefgen' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__version__ = "0.1.0"

__all__ = [
    "DEFAULT_FORMATS",
    "DEFAULT_TEMPLATE",
    "PDF_VARIANTS",
    "Absent",
    "Attendance",
    "Brief",
    "BriefView",
    "BriefgenError",
    "Count",
    "Drafting",
    "Event",
    "Evidence",
    "ExtractionError",
    "Handling",
    "InputError",
    "Issue",
    "KeyJudgment",
    "Outlook",
    "PluginError",
    "Position",
    "Present",
    "Problem",
    "Quote",
    "Registry",
    "RenderError",
    "RenderOptions",
    "Renderer",
    "Source",
    "TemplateError",
    "TemplatePack",
    "ValidationError",
    "__version__",
    "build",
    "default_registry",
    "dump",
    "extract",
    "json_schema",
    "load",
    "loads",
    "prepare_directory",
    "prepare_view",
    "render",
    "render_file",
    "render_options",
    "render_to",
    "write_atomic",
]
