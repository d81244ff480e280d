"""Draw the example brief's figures: a PNG (with Pillow) and an SVG (written by hand below).

Run from the repository root: ``python tools/make_example_figures.py``; the files go to examples/figures/.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

OUT = Path(__file__).resolve().parent.parent / "examples" / "figures"

DELEGATIONS = [("Europe", 44), ("Americas", 19), ("Asia-Pacific", 17), ("Africa", 9), ("Middle East", 6)]

TIMELINE_SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="640" height="170" viewBox="0 0 640 170">
  <title>Timeline of the talks, March to June</title>
  <rect width="640" height="170" fill="#ffffff"/>
  <line x1="40" y1="85" x2="600" y2="85" stroke="#14365d" stroke-width="4"/>
  <g font-family="DejaVu Sans, sans-serif" font-size="14" fill="#1b1f24" text-anchor="middle">
    <circle cx="60" cy="85" r="9" fill="#14365d"/>
    <text x="60" y="60">4 March</text><text x="60" y="120">Invitations</text>
    <circle cx="230" cy="85" r="9" fill="#14365d"/>
    <text x="230" y="60">2 April</text><text x="230" y="120">Sherpa round</text>
    <circle cx="400" cy="85" r="9" fill="#14365d"/>
    <text x="400" y="60">10 May</text><text x="400" y="120">Draft communiqué</text>
    <circle cx="580" cy="85" r="11" fill="#a4161a"/>
    <text x="580" y="60">15 June</text><text x="580" y="120">Summit</text>
  </g>
</svg>
"""


def delegations_png() -> Image.Image:
    """Return a bar chart of delegations by region, drawn with Pillow."""
    width, height = 640, 300
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=16)
    top = max(value for _, value in DELEGATIONS)
    for row, (region, value) in enumerate(DELEGATIONS):
        y = 30 + row * 52
        draw.text((20, y + 8), region, fill="#1b1f24", font=font)
        length = int(400 * value / top)
        draw.rectangle((160, y, 160 + length, y + 34), fill="#14365d")
        draw.text((170 + length, y + 8), str(value), fill="#1b1f24", font=font)
    return image


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    delegations_png().save(OUT / "delegations.png", optimize=True)
    (OUT / "timeline.svg").write_text(TIMELINE_SVG, encoding="utf-8")


if __name__ == "__main__":
    main()
