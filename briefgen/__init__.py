"""briefgen: turn news reporting about a diplomatic event into a professional briefing document.

The public API::

    import briefgen

    brief = briefgen.load("examples/ukraine-peace-summit.yaml")
    pdf_bytes = briefgen.render(brief, "pdf")
    paths = briefgen.render_to(brief, "out", ["pdf", "docx"], stem="ukraine")
    draft = briefgen.extract(["article.txt"])
    briefgen.build(["article.txt"], "out")
"""

from __future__ import annotations

from .api import build, default_registry, extract, load, render, render_file, render_to
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
from .registry import Registry
from .render.base import RenderOptions

__version__ = "0.1.0"

__all__ = [
    "Absent",
    "Attendance",
    "Brief",
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
    "Source",
    "TemplateError",
    "ValidationError",
    "__version__",
    "build",
    "default_registry",
    "extract",
    "json_schema",
    "load",
    "render",
    "render_file",
    "render_to",
]
