"""Regenerate the Word base documents (styles and page set-up) of the built-in template packs.

Run from the repository root:  python tools/make_docx_base.py
"""

from __future__ import annotations

import io
from pathlib import Path

from briefgen.renderers.docx import make_base_document
from briefgen.renderers.ooxml import normalise_package

ROOT = Path(__file__).resolve().parent.parent
TARGETS = [ROOT / "templates" / "standard" / "brief.docx", ROOT / "templates" / "memo" / "memo.docx"]


def main() -> None:
    """Write each pack's base document."""
    buf = io.BytesIO()
    make_base_document().save(buf)
    data = normalise_package(buf.getvalue(), (2024, 1, 1, 0, 0, 0))
    for target in TARGETS:
        target.write_bytes(data)
        print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
