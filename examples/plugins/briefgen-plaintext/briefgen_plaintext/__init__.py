"""A briefgen plugin: plain-text e-mail briefs."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import ClassVar

from briefgen import BriefView, RenderOptions, TemplatePack

__all__ = ["PlaintextRenderer", "email_pack"]


def email_pack() -> Path:
    """Return the folder of the 'email' template pack."""
    return Path(__file__).parent / "email"


class PlaintextRenderer:
    """A brief as wrapped plain text, from the pack's ``brief.txt.j2`` when it has one."""

    name: ClassVar[str] = "txt"
    extension: ClassVar[str] = "txt"
    media_type: ClassVar[str] = "text/plain"
    options: ClassVar[tuple[str, ...]] = ()

    def warm_up(self) -> None:
        """Nothing to load ahead."""

    def render(self, view: BriefView, pack: TemplatePack, options: RenderOptions) -> bytes:
        """Return the brief as UTF-8 text, wrapped at 72 columns."""
        brief = view.brief
        if (pack.path / "brief.txt.j2").is_file():
            text = pack.template("brief.txt.j2").render(view.variables(chart=False))
        else:
            text = f"{brief.title}\n\n{brief.summary}\n"
        lines = []
        for line in text.splitlines():
            lines.extend(textwrap.wrap(line, 72, subsequent_indent="  " if line.startswith("- ") else "") or [""])
        return ("\n".join(lines).strip() + "\n").encode("utf-8")
