"""A pack's theme: the organisation's colours, fonts, paper, margins, logo and letterhead, from pack.toml.

Every format reads the same theme: the PDF and HTML as CSS custom properties (``--brief-primary`` …)
and ``@font-face`` rules appended to the pack's stylesheet, the Word document as its styles' colours
and fonts, the shading of table headings, the page size and a logo in the header.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

__all__ = ["MAX_ASSET_BYTES", "PAPER_MM", "FontFace", "Theme", "ThemeAssets", "length_mm"]

Colour = Annotated[str, StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$")]
Length = Annotated[str, StringConstraints(pattern=r"^\d+(\.\d+)?(mm|cm|in|pt)$")]

PAPER_MM: dict[str, tuple[float, float]] = {"A4": (210.0, 297.0), "Letter": (215.9, 279.4)}
"""Width and height of each paper size, in millimetres."""

MAX_ASSET_BYTES = 8_000_000
"""The largest logo or font file a pack may ship."""

_MM_PER = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72}


def length_mm(length: str) -> float:
    """Return a CSS length of the theme (``20mm``, ``1in``, ``72pt``) in millimetres."""
    match = re.fullmatch(r"(\d+(?:\.\d+)?)(mm|cm|in|pt)", length)
    if match is None:
        raise ValueError(f"not a length: {length!r}")
    return float(match.group(1)) * _MM_PER[match.group(2)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Colours(_Strict):
    """Colours by role; a role left out keeps the pack stylesheet's own colour."""

    primary: Colour | None = None
    accent: Colour | None = None
    text: Colour | None = None
    table_header: Colour | None = None
    table_header_text: Colour | None = None
    chart: list[Colour] = Field(default_factory=list, max_length=12)
    tlp: dict[Literal["CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"], Colour] = Field(default_factory=dict)


class Fonts(_Strict):
    """Font families by role, and the font files the pack ships (their family is read from the file)."""

    body: str | None = Field(default=None, min_length=1, max_length=100)
    headings: str | None = Field(default=None, min_length=1, max_length=100)
    files: list[Annotated[str, Field(min_length=1)]] = Field(default_factory=list, max_length=16)


class Margins(_Strict):
    """Page margins (mm, cm, in or pt)."""

    top: Length | None = None
    right: Length | None = None
    bottom: Length | None = None
    left: Length | None = None


class Theme(_Strict):
    """The ``[theme]`` table of a pack.toml; every key optional."""

    paper: Literal["A4", "Letter"] | None = None
    margins: Margins = Field(default_factory=Margins)
    logo: str | None = Field(default=None, min_length=1)
    logo_word: str | None = Field(default=None, min_length=1)
    logo_alt: str = Field(default="", max_length=200)
    logo_height: Length | None = None
    letterhead: str = Field(default="", max_length=500)
    colours: Colours = Field(default_factory=Colours)
    fonts: Fonts = Field(default_factory=Fonts)


@dataclass(frozen=True)
class FontFace:
    """A font file a pack ships, with what its own name table says it is."""

    path: Path
    family: str
    weight: int
    italic: bool


_LOGO_TYPES = {".png": "image/png", ".svg": "image/svg+xml", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}
_FONT_TYPES = {".ttf": "truetype", ".otf": "opentype", ".woff": "woff", ".woff2": "woff2"}


@dataclass(frozen=True)
class ThemeAssets:
    """A pack's theme with its files found and checked: what renderers and templates use."""

    theme: Theme
    logo_path: Path | None
    logo_word_path: Path | None
    fonts: tuple[FontFace, ...]

    @property
    def letterhead(self) -> str:
        """Return the letterhead line printed at the top of the first page (and in Word's header)."""
        return self.theme.letterhead

    @property
    def logo_alt(self) -> str:
        """Return the logo's alternative text ("" for a decorative logo)."""
        return self.theme.logo_alt

    @cached_property
    def logo_uri(self) -> str | None:
        """Return the logo as a data: URI, so HTML and PDF carry it without reading any other file."""
        if self.logo_path is None:
            return None
        kind = _LOGO_TYPES[self.logo_path.suffix.lower()]
        return f"data:{kind};base64," + base64.b64encode(self.logo_path.read_bytes()).decode("ascii")

    @cached_property
    def css(self) -> str:
        """Return the CSS that applies the theme: custom properties, font faces, paper and margins."""
        theme, colours = self.theme, self.theme.colours
        props = {
            "--brief-primary": colours.primary,
            "--brief-accent": colours.accent,
            "--brief-text": colours.text,
            "--brief-table-header": colours.table_header,
            "--brief-table-header-text": colours.table_header_text,
            "--brief-body-font": _family(theme.fonts.body, "serif"),
            "--brief-heading-font": _family(theme.fonts.headings, "sans-serif"),
            "--brief-logo-height": theme.logo_height,
        }
        lines = ["/* The pack's theme (pack.toml [theme]). */"]
        for face in self.fonts:
            kind = _FONT_TYPES[face.path.suffix.lower()]
            data = base64.b64encode(face.path.read_bytes()).decode("ascii")
            lines.append(
                f'@font-face {{ font-family: "{_css_name(face.family)}"; font-weight: {face.weight}; '
                f"font-style: {'italic' if face.italic else 'normal'}; "
                f'src: url("data:font/{kind};base64,{data}") format("{kind}"); }}'
            )
        lines.append(":root { " + " ".join(f"{k}: {v};" for k, v in props.items() if v) + " }")
        page = []
        if theme.paper:
            page.append(f"size: {theme.paper};")
        for side in ("top", "right", "bottom", "left"):
            if (value := getattr(theme.margins, side)) is not None:
                page.append(f"margin-{side}: {value};")
        if page:
            lines.append("@page { " + " ".join(page) + " }")
        return "\n".join(lines) + "\n"


def _css_name(name: str) -> str:
    return "".join(ch for ch in name if ch.isalnum() or ch in " -_")


def _family(name: str | None, generic: str) -> str | None:
    if not name:
        return None
    return f'"{_css_name(name)}", "Noto {"Serif" if generic == "serif" else "Sans"}", "DejaVu Sans", {generic}'


def read_font(path: Path) -> FontFace:
    """Return what a font file says about itself: its family, weight and whether it is italic.

    Raises:
        ValueError: the file is not a font fontTools can read.
    """
    from fontTools.ttLib import TTFont, TTLibError

    try:
        with TTFont(str(path), lazy=True) as font:
            names = font["name"]
            family = names.getDebugName(16) or names.getDebugName(1)
            os2 = font.get("OS/2")
            weight = int(os2.usWeightClass) if os2 is not None else 400
            italic = bool(os2.fsSelection & 1) if os2 is not None else False
    except (TTLibError, KeyError, OSError, AssertionError) as exc:
        raise ValueError(f"not a font file that can be read ({exc})") from exc
    if not family:
        raise ValueError("a font that names no family")
    return FontFace(path=path, family=family, weight=min(max(weight, 100), 900), italic=italic)
