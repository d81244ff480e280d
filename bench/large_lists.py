"""Time rendering briefs with long lists (watch items, sources with addresses) at three sizes, to show linear growth.

Usage: python bench/large_lists.py [--formats docx,md]

The lists are added to the example brief; the largest size is the contract's limit (MAX_ITEMS). Each
figure is one render after a warm-up render. Prints a Markdown table. Not part of the tests.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "ukraine-peace-summit.yaml"


def main(argv: list[str] | None = None) -> int:
    """Render the example with long lists in each format and print the times."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--formats", default="docx,md,html")
    args = parser.parse_args(argv)

    import briefgen
    from briefgen.model import MAX_ITEMS

    base = briefgen.load(EXAMPLE)
    sizes = (MAX_ITEMS // 4, MAX_ITEMS // 2, MAX_ITEMS - len(base.sources))
    lists = {
        "watch items": lambda n: base.model_copy(update={"watch": [f"Item {i} to watch" for i in range(n)]}),
        "sources with addresses": lambda n: base.model_copy(
            update={
                "sources": [
                    *base.sources,
                    *(
                        briefgen.Source(id=f"x{i}", title=f"Report {i}", url=f"https://example.org/r/{i}")
                        for i in range(n)
                    ),
                ]
            }
        ),
    }
    rows = []
    for fmt in args.formats.split(","):
        briefgen.render(base, fmt)
        for label, make in lists.items():
            cells = []
            for n in sizes:
                brief = make(n)
                tick = time.perf_counter()
                briefgen.render(brief, fmt)
                cells.append(f"{time.perf_counter() - tick:.2f}")
            rows.append(f"| {fmt} | {label} | " + " | ".join(cells) + " |")
    print("Command: `python bench/large_lists.py`\n")
    print(f"Machine: {os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}\n")
    print("| format | list | " + " | ".join(f"{n:,} items (s)" for n in sizes) + " |")
    print("|---|---|" + "---:|" * len(sizes))
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
