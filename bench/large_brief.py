"""Time and peak memory of rendering one very large brief (2,000 positions) to PDF and to DOCX.

    python bench/large_brief.py [--positions 2000] [--repeat 1] [--keep DIR]

Each render runs `briefgen render` in a child process of its own, so that the peak resident set size
(``ru_maxrss`` from ``os.wait4``) is that render's alone. Prints a Markdown table. Not part of the tests.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

CLI = [sys.executable, "-c", "from briefgen.cli import main; main()"]


@dataclass
class Run:
    wall: float
    cpu: float
    peak_mib: float
    output_bytes: int


def large_brief(positions: int) -> dict[str, object]:
    """Return a valid brief with ``positions`` parties, each with a stance, two demands and a quote."""
    return {
        "title": f"A conference of {positions:,} parties",
        "date": "2024-06-14",
        "summary": "Every party stated a position; this brief lists them all.",
        "event": {"name": "Benchmark conference", "location": "Geneva", "start": "2024-06-14"},
        "sources": [{"id": "s1", "title": "Conference record", "publisher": "Benchmark"}],
        "attendance": {
            "counts": [
                {"label": "Parties invited", "value": positions + 100, "source": "s1"},
                {"label": "Parties present", "value": positions, "qualifier": "about"},
            ]
        },
        "positions": [
            {
                "actor": f"Delegation {i:04d}",
                "stance": f"Delegation {i:04d} supports the final text on condition of a review in one year.",
                "demands": [f"A seat on the review board for delegation {i:04d}", "Publication of the minutes"],
                "spokespeople": [f"Envoy {i:04d}"],
                "quotes": [
                    {"text": f"We came to agree, and we will ({i}).", "speaker": f"Envoy {i:04d}", "source": "s1"}
                ],
            }
            for i in range(1, positions + 1)
        ],
    }


def measure(args: list[str], output: Path | None = None) -> Run:
    """Run the command line once in a child process; return its wall time, CPU time and peak RSS."""
    if output is not None:
        output.unlink(missing_ok=True)
    start = time.perf_counter()
    child = subprocess.Popen([*CLI, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    err = child.stderr.read().decode() if child.stderr else ""
    if child.returncode != 0:
        raise SystemExit(f"briefgen {' '.join(args)} failed ({child.returncode}):\n{err}")
    peak_kib = usage.ru_maxrss  # kilobytes on Linux (bytes on macOS)
    peak = peak_kib / 1024 if sys.platform != "darwin" else peak_kib / 1024 / 1024
    size = output.stat().st_size if output is not None and output.exists() else 0
    return Run(wall, usage.ru_utime + usage.ru_stime, peak, size)


def pdf_pages(path: Path) -> str:
    try:
        from pypdf import PdfReader
    except ImportError:
        return "?"
    return str(len(PdfReader(path).pages))


def package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def median_run(runs: list[Run]) -> Run:
    return Run(
        statistics.median(r.wall for r in runs),
        statistics.median(r.cpu for r in runs),
        max(r.peak_mib for r in runs),
        runs[-1].output_bytes,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--positions", type=int, default=2000, help="number of parties in the brief (2000)")
    parser.add_argument("--repeat", type=int, default=1, help="renders per format; the median is shown (1)")
    parser.add_argument("--keep", type=Path, help="write the brief and the outputs here instead of a temporary folder")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="briefgen-bench-") as scratch:
        work = args.keep or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        brief = work / "large.json"
        brief.write_text(json.dumps(large_brief(args.positions), ensure_ascii=False), encoding="utf-8")
        out = work / "out"

        rows: list[tuple[str, str, Run, str]] = []
        validate = ["validate", str(brief)]
        rows.append(("validate (load only)", shlex.join(["briefgen", *validate]), measure(validate), ""))
        for fmt in ("pdf", "docx"):
            command = ["render", str(brief), "-o", str(out), "-f", fmt]
            target = out / f"large.{fmt}"
            result = median_run([measure(command, target) for _ in range(max(1, args.repeat))])
            pages = f"{pdf_pages(target)} pages" if fmt == "pdf" else ""
            rows.append((fmt.upper(), shlex.join(["briefgen", *command]), result, pages))

        print(
            f"## Rendering a brief with {args.positions:,} positions ({brief.stat().st_size / 1024:,.0f} KiB of JSON)\n"
        )
        print("| Output | Wall time (s) | CPU time (s) | Peak RSS (MiB) | Output size | Notes |")
        print("|---|---:|---:|---:|---:|---|")
        for label, _, run, notes in rows:
            size = f"{run.output_bytes / 1024:,.0f} KiB" if label in ("PDF", "DOCX") else "—"
            print(f"| {label} | {run.wall:.2f} | {run.cpu:.2f} | {run.peak_mib:,.0f} | {size} | {notes} |")
        print("\nCommands (each in its own process; peak RSS from `os.wait4` of that process):\n")
        for label, shown, _, _ in rows:
            print(f"- {label}: `{shown}`")
        repeat = f"median of {args.repeat} runs" if args.repeat > 1 else "one run each"
        print(
            f"\nMachine: {platform.platform()}, {os.cpu_count()} cores ({platform.processor() or platform.machine()}); "
            f"Python {platform.python_version()}; WeasyPrint {package_version('weasyprint')}; "
            f"python-docx {package_version('python-docx')}; briefgen {package_version('briefgen')}; {repeat}."
        )


if __name__ == "__main__":
    main()
