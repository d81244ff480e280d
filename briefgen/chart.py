"""The attendance chart, drawn once with matplotlib as SVG (for PDF and HTML) and PNG (for Word)."""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from xml.sax.saxutils import escape

from .cache import cache_folder
from .i18n import Labels
from .model import Brief

__all__ = ["Chart", "attendance_chart"]

log = logging.getLogger("briefgen")

# Bump when the drawing code changes, so cached charts are drawn again.
CHART_VERSION = 2

# Tried in order for each character, so labels in any script get real glyphs.
FONT_FALLBACK = [
    "DejaVu Sans",
    "Noto Sans",
    "WenQuanYi Micro Hei",
    "Noto Sans CJK SC",
    "Noto Sans Arabic",
    "Noto Sans Hebrew",
    "Noto Sans Devanagari",
    "Noto Sans Thai",
]


@lru_cache(maxsize=1)
def _families() -> list[str]:
    """Return the fallback fonts that are installed (naming a missing one makes matplotlib complain)."""
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    return [name for name in FONT_FALLBACK if name in installed] or ["DejaVu Sans"]


@dataclass(frozen=True)
class Chart:
    """One figure in both forms, with the text that stands for it."""

    svg: str
    png: bytes
    alt: str


def chart_rows(brief: Brief, t: Labels) -> list[tuple[str, int, str]]:
    """Return the bars to draw: (label, value, colour)."""
    rows = [(c.label, c.value, "#14365d") for c in brief.attendance.counts]
    if brief.attendance.present:
        rows.append((t["named_present"], len(brief.attendance.present), "#3c7a4b"))
    if brief.attendance.absent:
        rows.append((t["named_absent"], len(brief.attendance.absent), "#a4161a"))
    return rows


def attendance_chart(brief: Brief, t: Labels) -> Chart | None:
    """Return the attendance chart, or None when there are fewer than two figures to compare."""
    rows = chart_rows(brief, t)
    if len(rows) < 2:
        return None
    details = "; ".join(f"{label}: {value}" for label, value, _ in rows)
    alt = t["chart_alt"].format(details=details)
    svg, png = _draw(tuple(rows), alt)
    return Chart(svg=svg, png=png, alt=alt)


@lru_cache(maxsize=64)
def _draw(rows: tuple[tuple[str, int, str], ...], alt: str) -> tuple[str, bytes]:
    """Return the chart as SVG text and PNG bytes, from the disk cache when the same chart was drawn before."""
    import hashlib
    import json

    folder = cache_folder("charts")
    key = hashlib.sha256(json.dumps([CHART_VERSION, rows, alt]).encode()).hexdigest()[:32]
    if folder is not None:
        svg_path, png_path = folder / f"{key}.svg", folder / f"{key}.png"
        try:
            return svg_path.read_text(encoding="utf-8"), png_path.read_bytes()
        except OSError:
            pass
    svg, png = _plot(rows, alt)
    if folder is not None:
        try:
            from .files import write_atomic

            write_atomic(png_path, png)
            write_atomic(svg_path, svg.encode("utf-8"))
        except Exception as exc:  # a cache that cannot be written only costs time
            log.debug("chart cache not written: %s", exc)
    return svg, png


def _plot(rows: tuple[tuple[str, int, str], ...], alt: str) -> tuple[str, bytes]:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    labels = [_shorten(label) for label, _, _ in rows][::-1]
    values = [value for _, value, _ in rows][::-1]
    colours = [colour for _, _, colour in rows][::-1]
    with matplotlib.rc_context(
        {
            "svg.hashsalt": "briefgen",
            "svg.fonttype": "path",
            "font.family": _families(),
            "font.size": 8,
        }
    ):
        fig, ax = plt.subplots(figsize=(6.0, 0.32 * len(rows) + 0.5), dpi=200)
        bars = ax.barh(labels, values, color=colours, height=0.62)
        ax.bar_label(bars, padding=3, fontsize=7.5)
        ax.spines[["top", "right"]].set_visible(False)
        ax.tick_params(axis="y", length=0)
        ax.set_xlim(0, max(values) * 1.12 + 1)
        fig.tight_layout()
        svg_buf, png_buf = io.StringIO(), io.BytesIO()
        fig.savefig(svg_buf, format="svg", metadata={"Date": None, "Creator": None})
        fig.savefig(png_buf, format="png", metadata={"Software": None})
        plt.close(fig)
    svg = svg_buf.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"(<svg[^>]*>)", lambda m: f"{m.group(1)}<title>{escape(alt)}</title>", svg, count=1)
    svg = svg.replace("<svg ", '<svg role="img" ', 1)
    return svg, png_buf.getvalue()


def _shorten(label: str, limit: int = 48) -> str:
    label = label if len(label) <= limit else label[: limit - 1] + "…"
    # A "$" would start matplotlib's mathtext; brief text is data, never markup.
    return label.replace("$", r"\$")
