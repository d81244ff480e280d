"""Regenerate the Word base documents (styles and page set-up) of the built-in template packs.

Run from the repository root:  python tools/make_docx_base.py
"""

from __future__ import annotations

import io
from pathlib import Path

from briefgen.renderers.docx import make_base_document
from briefgen.renderers.ooxml import normalise_package

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {
    ROOT / "templates" / "standard" / "brief.docx": {},
    # The memo fits one page: a smaller sans body and narrower margins.
    ROOT / "templates" / "memo" / "memo.docx": {
        "body_font": "Noto Sans",
        "body_size": 8.5,
        "margin_mm": 16,
        "heading_scale": 0.8,
    },
}


def main() -> None:
    """Write each pack's base document."""
    for target, style in TARGETS.items():
        buf = io.BytesIO()
        make_base_document(**style).save(buf)
        target.write_bytes(normalise_package(buf.getvalue(), (2024, 1, 1, 0, 0, 0)))
        print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
