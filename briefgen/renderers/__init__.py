"""Output formats: each renderer turns the view of a brief and a template pack into the bytes of one file."""

from __future__ import annotations

from typing import ClassVar, Protocol, runtime_checkable

from ..options import RenderOptions
from ..packs import TemplatePack
from ..view import BriefView

__all__ = ["Renderer"]


@runtime_checkable
class Renderer(Protocol):
    """An output format.

    ``render`` takes the view of a validated brief (built once per render and shared by every
    format), the template pack to draw it with and the options, and returns the whole file as bytes.
    It raises ``RenderError`` when the format cannot be produced and ``TemplateError`` when the pack
    is at fault; it writes nothing to disk. ``options`` names the fields of ``RenderOptions`` it reads.
    ``warm_up`` loads what the renderer needs (an engine, fonts) ahead of the first brief; long-lived
    processes (batch workers, a service) call it once.
    """

    name: ClassVar[str]
    extension: ClassVar[str]
    media_type: ClassVar[str]
    options: ClassVar[tuple[str, ...]]

    def warm_up(self) -> None:
        """Load what the first render would otherwise pay for."""
        ...

    def render(self, view: BriefView, pack: TemplatePack, options: RenderOptions) -> bytes:
        """Return the file's bytes."""
        ...
