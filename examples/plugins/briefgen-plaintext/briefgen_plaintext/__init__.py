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
        """Return the brief as UTF-8 text, wrapped at 72 columns, between its handling marks."""
        brief = view.brief
        if (pack.path / "brief.txt.j2").is_file():
            body = pack.template("brief.txt.j2").render(view.variables(chart=False)).strip()
        else:
            body = f"{brief.title}\n\n{brief.summary}"
        # Like the running header and footer of the built-in formats: whatever the pack's template
        # prints, the banner, TLP label and DRAFT notice open and close the text.
        marks = [mark for mark in (view.marking.text, view.draft_notice) if mark]
        text = "\n\n".join(part for part in ("\n".join(marks), body, "\n".join(reversed(marks))) if part)
        lines = []
        for line in text.splitlines():
            lines.extend(textwrap.wrap(line, 72, subsequent_indent="  " if line.startswith("- ") else "") or [""])
        return ("\n".join(lines).strip() + "\n").encode("utf-8")
