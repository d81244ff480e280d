"""Time the rules extractor on hostile and oversized articles at three sizes, to show linear growth.

Usage: python bench/extraction_time.py [--report PATH]

Each input is built here (no file is read): runs of punctuation, of quotation marks, of spaces, of
capitalised words and of number words, and ordinary prose (the seed article repeated). Every size
is drafted once after the language pipeline is loaded; the figure is the wall time of one draft.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "seeds" / "000_5b5992d54111de5f.txt"
SIZES = (25_000, 50_000, 100_000)


def _repeat(unit: str, size: int, lead: str = "The summit opened. ") -> str:
    return (lead + unit * (size // len(unit) + 1))[:size]


INPUTS: dict[str, Callable[[int], str]] = {
    "punctuation run": lambda n: _repeat("!?.,;:", n),
    "quotation marks": lambda n: _repeat("“", n),
    "spaces": lambda n: _repeat(" ", n - 12, "The talks, and") + " then ended.",
    "capitalised words": lambda n: _repeat("Alpha Beta Gamma Delta ", n),
    "number words": lambda n: _repeat("twenty-one thirty five hundred ", n),
    "seed article repeated": lambda n: _repeat(SEED.read_text(encoding="utf-8") + "\n\n", n, ""),
}


def main(argv: list[str] | None = None) -> int:
    """Draft each input at each size and print (and optionally write) the table of times."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report", type=Path, default=None, help="write the table here too")
    args = parser.parse_args(argv)

    from briefgen.extraction import Article, RulesExtractor
    from briefgen.extraction.gazetteer import gazetteer
    from briefgen.extraction.syntax import parser as english

    english()
    gazetteer()
    extractor = RulesExtractor()
    extractor.extract([Article(id="s1", name="warm.txt", text="The summit opened in Rome.")])
    rows = []
    for name, make in INPUTS.items():
        cells = []
        for size in SIZES:
            text = make(size)
            tick = time.perf_counter()
            extractor.extract([Article(id="s1", name="bench.txt", text=text)])
            cells.append(f"{time.perf_counter() - tick:.2f}")
        rows.append(f"| {name} | " + " | ".join(cells) + " |")
    report = "\n".join(
        [
            "Command: `python bench/extraction_time.py`",
            "",
            f"Machine: {os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}, "
            f"{platform.system()}",
            "",
            "| input | " + " | ".join(f"{s:,} chars (s)" for s in SIZES) + " |",
            "|---|" + "---:|" * len(SIZES),
            *rows,
            "",
        ]
    )
    print(report)
    if args.report:
        args.report.write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
