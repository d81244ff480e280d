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
from .model import Brief, Count
from .typography import typeset

__all__ = ["Chart", "attendance_chart"]

log = logging.getLogger("briefgen")

# Bump when the drawing code changes, so cached charts are drawn again.
CHART_VERSION = 4

BAR_COLOUR = "#14365d"
"""The bars' colour when the pack's theme names none."""

# Tried in order for each character, so labels in any script get real glyphs.
# The packs' sans-serif text font comes first, so the chart reads like the tables beside it.
FONT_FALLBACK = [
    "Noto Sans",
    "DejaVu Sans",
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


# Words that say how a figure was reported, not what was counted: "countries invited" and
# "delegations invited" count different things.
_STATUS_WORDS = {"counted", "absent", "present", "invited", "attending", "part", "other", "total", "number"}


def _counted_words(label: str) -> set[str]:
    words = {w.lower().rstrip("s") for w in re.findall(r"\w{3,}", label)}
    return {w for w in words if w not in _STATUS_WORDS}


def comparable_counts(counts: list[Count]) -> list[Count]:
    """Return the largest set of counts of one kind: labels that name a common thing counted.

    "Countries invited" and "Invited countries not attending" share "countries" and are plotted
    together; "ships" and "delegations" share nothing and never share an axis. Named lists
    (the present and absent parties) are a different kind again and are not plotted.
    """
    groups: list[tuple[set[str], list[Count]]] = []
    for count in counts:
        words = _counted_words(count.label)
        joined = [g for g in groups if g[0] & words]
        merged_words = set(words).union(*(g[0] for g in joined))
        merged = [c for g in groups if g in joined for c in g[1]] + [count]
        groups = [g for g in groups if g not in joined] + [(merged_words, merged)]
    best = max(groups, key=lambda g: len(g[1]), default=(set(), []))[1]
    return [c for c in counts if any(c is b for b in best)]


def chart_rows(brief: Brief, t: Labels) -> list[tuple[str, int, str]]:
    """Return the bars to draw: (label, value, the value as printed with its qualifier)."""
    return [
        (c.label, c.value, t.qualified(c.qualifier.value, c.value)) for c in comparable_counts(brief.attendance.counts)
    ]


def attendance_chart(brief: Brief, t: Labels, colours: tuple[str, ...] = (BAR_COLOUR,)) -> Chart | None:
    """Return the attendance chart, or None when there are fewer than two figures of one kind to compare.

    ``colours`` are the bars' colours (a pack theme's chart series), used in turn.
    """
    rows = chart_rows(brief, t)
    if len(rows) < 2:
        return None
    details = "; ".join(f"{label}: {printed}" for label, _, printed in rows)
    alt = typeset(t["chart_alt"].format(details=details), brief.language)
    svg, png = _draw(tuple(rows), alt, tuple(colours) or (BAR_COLOUR,))
    return Chart(svg=svg, png=png, alt=alt)


@lru_cache(maxsize=64)
def _draw(rows: tuple[tuple[str, int, str], ...], alt: str, colours: tuple[str, ...]) -> tuple[str, bytes]:
    """Return the chart as SVG text and PNG bytes, from the disk cache when the same chart was drawn before."""
    import hashlib
    import json

    folder = cache_folder("charts")
    key = hashlib.sha256(json.dumps([CHART_VERSION, rows, alt, colours]).encode()).hexdigest()[:32]
    if folder is not None:
        svg_path, png_path = folder / f"{key}.svg", folder / f"{key}.png"
        try:
            return svg_path.read_text(encoding="utf-8"), png_path.read_bytes()
        except OSError:
            pass
    svg, png = _plot(rows, alt, colours)
    if folder is not None:
        try:
            from .files import write_atomic

            write_atomic(png_path, png)
            write_atomic(svg_path, svg.encode("utf-8"))
        except Exception as exc:  # a cache that cannot be written only costs time
            log.debug("chart cache not written: %s", exc)
    return svg, png


def _plot(rows: tuple[tuple[str, int, str], ...], alt: str, colours: tuple[str, ...]) -> tuple[str, bytes]:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    labels = [_wrap(label) for label, _, _ in rows][::-1]
    values = [value for _, value, _ in rows][::-1]
    printed = [_plain(text) for _, _, text in rows][::-1]
    lines = sum(label.count("\n") + 1 for label in labels)
    with matplotlib.rc_context(
        {
            "svg.hashsalt": "briefgen",
            "svg.fonttype": "path",
            "font.family": _families(),
            "font.size": 8.5,
        }
    ):
        fig, ax = plt.subplots(figsize=(5.9, 0.16 * lines + 0.12 * len(rows) + 0.4), dpi=200)
        # Bars may repeat a label, so they are placed by position and labelled afterwards.
        positions = list(range(len(labels)))
        # Bars are drawn bottom up: the first colour goes to the first row, at the top.
        fills = [colours[i % len(colours)] for i in range(len(values))][::-1]
        bars = ax.barh(positions, values, color=fills, height=0.62)
        ax.set_yticks(positions, labels)
        ax.bar_label(bars, labels=printed, padding=3, fontsize=8.5)
        ax.spines[["top", "right"]].set_visible(False)
        ax.tick_params(axis="y", length=0)
        ax.set_xlim(0, max(values) * 1.3 + 1)
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


def _wrap(label: str, width: int = 40) -> str:
    """Return a label broken over lines, never cut: a reader sees every word of it."""
    import textwrap

    return "\n".join(textwrap.wrap(_plain(label), width, break_long_words=True, break_on_hyphens=False)) or " "


def _plain(text: str) -> str:
    # A "$" would start matplotlib's mathtext; brief text is data, never markup.
    return text.replace("$", r"\$")
