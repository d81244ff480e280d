"""Figures: images read from the brief's own folder, checked by their content, embedded in every format.

A figure's ``path`` is relative to the brief file's folder and must stay inside it (no absolute path,
no ``..`` out of it, no link that leads out). Only PNG, JPEG and SVG are read, recognised by their
bytes, not their names; each is at most ``MAX_FIGURE_BYTES`` and ``MAX_PIXELS``. An SVG is data: one
that refers to anything outside itself (an address, another file, a script) is refused, so no format
ever fetches a thing because a brief said so. A brief read from text (standard input, the service)
has no folder: the command line reads its figures from the current directory; the library and the
service refuse them unless a folder is given.
"""

from __future__ import annotations

import base64
import io
import math
import os
import re
import stat
import warnings
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING

from .origin import Loc, Origin

if TYPE_CHECKING:
    from .model import Brief

__all__ = ["MAX_FIGURE_BYTES", "MAX_PIXELS", "MAX_SIDE", "Picture", "attach_figures", "read_figures", "sniff"]

MAX_FIGURE_BYTES = 5 * 1024 * 1024
"""The largest image file a figure may be."""
MAX_SIDE = 10_000
"""The most pixels an image may have across or down."""
MAX_PIXELS = 40_000_000
"""The most pixels an image may have in all."""
MAX_SVG_ELEMENTS = 100_000
"""The most elements an SVG may draw, counting each ``<use>`` of a part as a copy of it."""

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
_PNG = b"\x89PNG\r\n\x1a\n"
_JPEG = b"\xff\xd8\xff"
# A reference an SVG may hold: to a part of itself (#id) or to an image inside it (data:).
_INTERNAL = re.compile(r"\s*(#|data:image/(png|jpeg|gif);base64,)", re.IGNORECASE)
# A CSS escape ("\\75 rl(" is "url("): style text is read as CSS reads it before it is judged.
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})[ \t\r\n\f]?|\\(.)", re.DOTALL)
_CSS_URL = re.compile(r"url\(\s*['\"]?\s*(?!#)([^)'\"]*)|@import", re.IGNORECASE)
_UNITS_PX = {"": 1.0, "px": 1.0, "pt": 96 / 72, "pc": 16.0, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96.0}
_LENGTH = re.compile(r"\s*([0-9]*\.?[0-9]+)\s*(px|pt|pc|mm|cm|in)?\s*$")


@dataclass(frozen=True)
class Picture:
    """An image as read and checked: its bytes, media type and size in CSS pixels."""

    data: bytes
    media_type: str
    width: float
    height: float

    @property
    def is_svg(self) -> bool:
        """Return whether the image is an SVG (Word needs a PNG beside it)."""
        return self.media_type == "image/svg+xml"

    @property
    def extension(self) -> str:
        """Return the file extension of the image's type."""
        return {"image/png": "png", "image/jpeg": "jpg", "image/svg+xml": "svg"}[self.media_type]

    @cached_property
    def data_uri(self) -> str:
        """Return the image as a data: URI: embedded, so no renderer fetches anything."""
        return f"data:{self.media_type};base64,{base64.b64encode(self.data).decode('ascii')}"


class FigureError(ValueError):
    """An image that cannot be a figure; the message says why."""


def attach_figures(brief: Brief, origin: Origin) -> Brief:
    """Return the brief with its origin recorded and its figures' images read from ``origin.folder``.

    Raises:
        ValidationError: a figure's file is missing, outside the folder, not an image, damaged or too
            large (each named by file, line and ``figures[n].path``).
    """
    from .errors import ValidationError

    pictures, faults = read_figures([figure.path for figure in brief.figures], origin.folder)
    if faults:
        raise ValidationError([origin.locate(loc, message) for loc, message in faults])
    brief._origin = Origin(origin.name, origin.folder, origin.locate, tuple(p for p in pictures if p is not None))
    return brief


def read_figures(paths: list[str], folder: Path | None) -> tuple[list[Picture | None], list[tuple[Loc, str]]]:
    """Return each figure's picture (None where it failed) and the faults, as (field location, message).

    ``folder`` is the brief's folder; None refuses every figure (a brief read from text has none).
    """
    pictures: list[Picture | None] = []
    faults: list[tuple[Loc, str]] = []
    for n, name in enumerate(paths):
        try:
            if folder is None:
                raise FigureError(
                    "a brief read from text has no folder to take figures from; render the brief from its file"
                )
            pictures.append(sniff(_read(folder, name), name))
        except FigureError as exc:
            pictures.append(None)
            faults.append((("figures", n, "path"), str(exc)))
    return pictures, faults


def _read(folder: Path, name: str) -> bytes:
    """Return the bytes of the file ``name`` inside ``folder``, refusing any path that leads out of it."""
    if "://" in name or name.lower().startswith(("data:", "file:")):
        raise FigureError(f"{name!r} is an address; a figure is a file in the brief's folder")
    if PurePosixPath(name).is_absolute() or PureWindowsPath(name).is_absolute() or PureWindowsPath(name).drive:
        raise FigureError(f"{name!r} is an absolute path; name the file relative to the brief's folder")
    base = folder.resolve()
    target = (base / name).resolve()
    if not target.is_relative_to(base):
        raise FigureError(f"{name!r} leads outside the brief's folder; figures are read from that folder or below it")
    try:
        # Opened without blocking and checked on the open file: a FIFO or device would wait or never end.
        fd = os.open(target, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as fh:
            info = os.fstat(fh.fileno())
            if stat.S_ISDIR(info.st_mode):
                raise FigureError(f"{name!r} is a folder, not an image")
            if not stat.S_ISREG(info.st_mode):
                raise FigureError(
                    f"{name!r} is not a regular file (a pipe, socket or device); a figure is an image file"
                )
            if info.st_size > MAX_FIGURE_BYTES:
                raise FigureError(
                    f"{name!r} is {info.st_size:,} bytes; the most a figure may be is {MAX_FIGURE_BYTES:,} bytes"
                )
            data = fh.read(MAX_FIGURE_BYTES + 1)
    except FileNotFoundError as exc:
        raise FigureError(f"no such file {name!r} in the brief's folder") from exc
    except IsADirectoryError as exc:
        raise FigureError(f"{name!r} is a folder, not an image") from exc
    except OSError as exc:
        raise FigureError(f"{name!r} cannot be read ({exc.strerror or exc})") from exc
    if len(data) > MAX_FIGURE_BYTES:
        raise FigureError(f"{name!r} is larger than {MAX_FIGURE_BYTES:,} bytes, the most a figure may be")
    return data


def sniff(data: bytes, name: str) -> Picture:
    """Return the picture in an image file's bytes, recognised by its content.

    Raises:
        FigureError: not a PNG, JPEG or SVG, damaged, too large, or an SVG that refers outside itself.
    """
    if data.startswith(_PNG) or data.startswith(_JPEG):
        return _raster(data, name)
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<?xml", b"<svg", b"<!--", b"<!doctype svg")):
        return _svg(data, name)
    raise FigureError(f"{name!r} is not a PNG, JPEG or SVG image (judged by its content, not its name)")


def _raster(data: bytes, name: str) -> Picture:
    from PIL import Image, UnidentifiedImageError

    kind = "PNG" if data.startswith(_PNG) else "JPEG"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[kind]) as image:
                width, height = image.size
                _check_size(name, width, height)
                image.verify()  # reads the whole stream: a damaged file fails here, not in a renderer
    except FigureError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError, Warning) as exc:
        raise FigureError(f"{name!r} is a damaged {kind} image ({exc})") from exc
    return Picture(data, "image/png" if kind == "PNG" else "image/jpeg", float(width), float(height))


def _check_size(name: str, width: float, height: float) -> None:
    if not (math.isfinite(width) and math.isfinite(height)):
        raise FigureError(f"{name!r} has no usable size ({width:g} × {height:g} pixels)")
    if width <= 0 or height <= 0:
        raise FigureError(f"{name!r} has no size ({width:g} × {height:g} pixels)")
    if _too_large(width, height):
        raise FigureError(
            f"{name!r} is {width:,.0f} × {height:,.0f} pixels; a figure may be at most {MAX_SIDE:,} pixels "
            f"across or down and {MAX_PIXELS:,} pixels in all"
        )


def _too_large(width: float, height: float) -> bool:
    return width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS


def _svg(data: bytes, name: str) -> Picture:
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise FigureError(f"{name!r} is not a well-formed SVG image ({exc})") from exc
    if root.tag != f"{{{SVG_NS}}}svg":
        raise FigureError(
            f"{name!r} is XML but not an SVG image (its root is <{etree.QName(root).localname}>; "
            f'an SVG\'s root is <svg xmlns="{SVG_NS}">)'
        )
    tree = root.getroottree()
    if tree.docinfo.internalDTD is not None:
        raise FigureError(f"{name!r} declares a DTD or entities; a figure's SVG may not")
    outside = _outside_reference(root)
    if outside:
        raise FigureError(
            f"{name!r} refers to something outside the image ({outside}); a figure's SVG must be self-contained"
        )
    drawn = _drawn_elements(root)
    if drawn is None:
        raise FigureError(
            f"{name!r} draws more than {MAX_SVG_ELEMENTS:,} elements once its <use> copies are counted, "
            "or uses a part of itself inside that part"
        )
    _check_embedded_images(root, name)
    width, height = _svg_size(root)
    _check_size(name, width, height)
    return Picture(data, "image/svg+xml", width, height)


def _check_embedded_images(root: object, name: str) -> None:
    """Hold the images an SVG embeds as data: to the limits of a figure's own (a small file can hide a huge one)."""
    from lxml import etree
    from PIL import Image, UnidentifiedImageError

    assert isinstance(root, etree._Element)
    for node in root.iter("{*}image"):
        href = next((v for k, v in node.attrib.items() if etree.QName(k).localname == "href"), "")
        if not _INTERNAL.match(href) or href.lstrip().startswith("#"):
            continue
        try:
            data = base64.b64decode(href.split(",", 1)[1], validate=False)
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                with Image.open(io.BytesIO(data), formats=["PNG", "JPEG", "GIF"]) as image:
                    width, height = image.size
        except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError, Warning) as exc:
            raise FigureError(f"{name!r} embeds an image that cannot be read ({exc})") from exc
        if _too_large(width, height):
            raise FigureError(
                f"{name!r} embeds an image of {width:,} × {height:,} pixels; an image may be at most "
                f"{MAX_SIDE:,} pixels across or down and {MAX_PIXELS:,} pixels in all"
            )


def _drawn_elements(root: object) -> int | None:
    """Return how many elements an SVG draws, each ``<use>`` counted as a copy of what it names.

    None when that passes ``MAX_SVG_ELEMENTS`` or a part uses itself: a few hundred bytes of nested
    ``<use>`` can otherwise ask a renderer to draw billions of shapes.
    """
    from lxml import etree

    assert isinstance(root, etree._Element)
    named = {node.get("id"): node for node in root.iter() if isinstance(node.tag, str) and node.get("id")}
    counted: dict[etree._Element, int] = {}
    busy: set[etree._Element] = set()

    def count(node: etree._Element) -> int | None:
        if node in counted:
            return counted[node]
        if node in busy:
            return None
        busy.add(node)
        total = 1
        href = node.get("href") or node.get(f"{{{XLINK_NS}}}href") or ""
        parts = [child for child in node if isinstance(child.tag, str)]
        if href.strip().startswith("#") and (target := named.get(href.strip()[1:])) is not None:
            parts.append(target)
        for part in parts:
            found = count(part)
            if found is None:
                return None
            total += found
            if total > MAX_SVG_ELEMENTS:
                return None
        busy.discard(node)
        counted[node] = total
        return total

    try:
        return count(root)
    except RecursionError:
        return None


def _outside_reference(root: object) -> str | None:
    """Return the first reference of an SVG to anything outside itself (or a script), or None."""
    from lxml import etree

    assert isinstance(root, etree._Element)
    for node in root.iter():
        if isinstance(node, etree._ProcessingInstruction):
            return f"the processing instruction <?{node.target}?>"
        if not isinstance(node.tag, str):
            continue
        local = etree.QName(node).localname
        if local in ("script", "foreignObject", "iframe", "object", "embed"):
            return f"a <{local}> element"
        for key, value in node.attrib.items():
            attr = etree.QName(key).localname
            if attr == "href" and not _INTERNAL.match(value):
                return f"{attr}={value[:80]!r}"
            if attr.lower().startswith("on"):
                return f"the event handler {attr}"
            if _css_outside(value):
                return f"{attr}={value[:80]!r}"
        if local == "style" and node.text and (found := _css_outside(node.text)):
            return f"the style sheet's {found[:80]!r}"
    for sibling in root.itersiblings(preceding=True):
        if isinstance(sibling, etree._ProcessingInstruction):
            return f"the processing instruction <?{sibling.target}?>"
    return None


def _css_outside(css: str) -> str | None:
    """Return the first ``@import`` or ``url(...)`` of CSS text that leads outside the image, or None."""
    css = _CSS_ESCAPE.sub(_css_character, css)
    for match in _CSS_URL.finditer(css):
        if match.group(0).lower() == "@import" or not _INTERNAL.match(match.group(1) or ""):
            return match.group(0)
    return None


def _css_character(match: re.Match[str]) -> str:
    if match.group(2) is not None:
        return match.group(2)
    code = int(match.group(1), 16)
    return chr(code) if 0 < code <= 0x10FFFF else "\ufffd"


def _svg_size(root: object) -> tuple[float, float]:
    """Return an SVG's size in CSS pixels: its width and height, else its viewBox, else 300 × 150."""
    from lxml import etree

    assert isinstance(root, etree._Element)
    width, height = _length(root.get("width")), _length(root.get("height"))
    box = (root.get("viewBox") or "").replace(",", " ").split()
    try:
        box_w, box_h = (float(box[2]), float(box[3])) if len(box) == 4 else (None, None)
    except ValueError:
        box_w = box_h = None
    if width and height:
        return width, height
    if box_w and box_h:
        if width:
            return width, width * box_h / box_w
        if height:
            return height * box_w / box_h, height
        return box_w, box_h
    return width or 300.0, height or 150.0


def _length(value: str | None) -> float | None:
    match = _LENGTH.match(value or "")
    if not match:
        return None
    return float(match.group(1)) * _UNITS_PX[match.group(2) or ""]


def fallback_png(picture: Picture, alt: str) -> bytes:
    """Return a PNG that stands for an SVG where a reader cannot draw SVG: a framed box with the alt text.

    Word 2016 and later and LibreOffice draw the SVG itself; older readers show this.
    """
    import textwrap

    from PIL import Image, ImageDraw, ImageFont

    scale = min(1.0, 1200 / max(picture.width, 1.0))
    width, height = max(int(picture.width * scale), 120), max(int(picture.height * scale), 60)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width - 1, height - 1), outline="#888888", width=2)
    font = ImageFont.load_default(size=max(10, min(18, height // 8)))
    text = "\n".join(textwrap.wrap(alt, width=max(10, width // 10))[:6])
    draw.multiline_text((width / 2, height / 2), text, fill="#333333", font=font, anchor="mm", align="center")
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()
