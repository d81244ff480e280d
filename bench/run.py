"""Measure briefgen against the raw engines and the alternatives; write BENCHMARKS.md.

    python bench/run.py [--quick] [--output BENCHMARKS.md]

Every figure is the median of repeated runs on this machine. Not part of the tests.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "ukraine-peace-summit.yaml"
BIN = Path(sys.executable).parent


def median_time(fn: Callable[[], object], runs: int) -> float:
    """Return the median wall time of fn over runs (after one warm-up)."""
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run(cmd: list[str], **kw: object) -> None:
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)  # type: ignore[call-overload]


def timed_process(cmd: list[str]) -> tuple[float, float]:
    """Run a command; return its wall time and the CPU time (user + system) it and its children used."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    run(cmd)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


@dataclass
class Paired:
    """Two commands timed in alternation, so that drift in the machine's speed falls on both alike."""

    wall: tuple[float, float]
    cpu: tuple[float, float]
    ratio: float  # median over rounds of wall(a) / wall(b)


def paired(a: list[str], b: list[str], rounds: int) -> Paired:
    run(a)
    run(b)
    walls: tuple[list[float], list[float]] = ([], [])
    cpus: tuple[list[float], list[float]] = ([], [])
    ratios = []
    for i in range(rounds):
        order = (0, 1) if i % 2 == 0 else (1, 0)
        got = {}
        for which in order:
            got[which] = timed_process((a, b)[which])
            walls[which].append(got[which][0])
            cpus[which].append(got[which][1])
        ratios.append(got[0][0] / got[1][0])
    med = statistics.median
    return Paired((med(walls[0]), med(walls[1])), (med(cpus[0]), med(cpus[1])), med(ratios))


def child_peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def brief_with_positions(n: int) -> dict[str, object]:
    """Return the example brief with its positions repeated to n parties."""
    import yaml

    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    base = data["positions"]
    data["positions"] = [{**base[i % len(base)], "actor": f"{base[i % len(base)]['actor']} {i + 1}"} for i in range(n)]
    data.pop("issues", None)
    for p in data["positions"]:
        p.pop("issue_stances", None)
    return data


# (label, folder, score the first time the corpus was run, before any rule was written from it)
def extraction_sections() -> list[str]:
    """Return the extraction quality table (bench/extraction.py) and the hostile-input timings (extraction_time.py)."""
    quality = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "extraction.py"), "--report", str(ROOT / "bench" / "extraction.md")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    timing = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "extraction_time.py")], capture_output=True, text=True, check=True
    ).stdout
    table = [ln for ln in quality.splitlines() if ln.startswith(("|", "- "))]
    return [
        "## Extraction quality",
        "",
        "`python bench/extraction.py` scores every corpus with `../shared/tools/score_extraction.py`. realdev and",
        "realnew are real news reports whose texts are retrieved into git-ignored folders (realnew's gold was",
        "written by someone who had not seen the extractor's output, and no rule was written with it in view).",
        "The *blind* column is each set's first score, taken before any rule was changed with it in view.",
        'Precision columns are for the present and absent lists; "evidence verbatim" is the share of evidence',
        "strings found word for word in the article.",
        "",
        *table,
        "",
        "### Extraction time on hostile and oversized articles",
        "",
        "`python bench/extraction_time.py`: one draft of each input at three sizes, after the language pipeline",
        "is loaded. 100,000 characters is the longest article text drafted from (longer ones are refused with",
        "exit 2); drafting also stops with exit 2 after a 60 s budget. Growth is linear: runs of characters",
        "without spaces are tokenised from a same-length stand-in, sentences are cut at 1,500 characters, and no",
        "pattern repeats without a bound.",
        "",
        *[ln for ln in timing.splitlines() if ln.startswith("|")],
    ]


def _child_table(script: str) -> list[str]:
    """Return the Markdown table another benchmark of bench/ prints, with its command line."""
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script)], capture_output=True, text=True, check=True
    ).stdout
    return [ln for ln in out.splitlines() if ln.startswith(("|", "Command:"))]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md")
    args = parser.parse_args(argv)
    reps = 3 if args.quick else 7
    rows: list[tuple[str, str]] = []
    notes: list[str] = []
    work = Path(tempfile.mkdtemp(prefix="briefgen-bench-"))
    briefgen_cmd = [str(BIN / "briefgen")]

    # The product as pip installs it: with its modules compiled to bytecode (an editable install has none).
    compileall.compile_dir(ROOT / "briefgen", quiet=1)

    # 1. CLI start-up
    help_ = paired(
        [*briefgen_cmd, "--help"], [sys.executable, str(ROOT / "bench" / "minimal_typer.py"), "--help"], reps * 2
    )
    rows.append(("`briefgen --help`", f"{help_.wall[0] * 1000:.0f} ms"))
    rows.append(("minimal two-command Typer app `--help`", f"{help_.wall[1] * 1000:.0f} ms"))
    rows.append(("**ratio** briefgen / Typer floor (target ≤ 1.3)", f"**{help_.ratio:.2f}**"))

    # 2. One PDF, whole processes: briefgen vs WeasyPrint on the HTML briefgen makes
    run([*briefgen_cmd, "render", str(EXAMPLE), "-o", str(work), "-f", "html"])
    html = work / "ukraine-peace-summit.html"
    pdf = paired(
        [*briefgen_cmd, "render", str(EXAMPLE), "-o", str(work), "-f", "pdf"],
        [str(BIN / "weasyprint"), str(html), str(work / "raw.pdf")],
        reps * 2,
    )
    pdf_raw = pdf.wall[1]
    rows.append(
        (
            "`briefgen render ex.yaml -f pdf` (whole process)",
            f"{pdf.wall[0]:.2f} s (CPU {pdf.cpu[0]:.2f} s)",
        )
    )
    rows.append(("`weasyprint ex.html ex.pdf` on briefgen's own HTML", f"{pdf.wall[1]:.2f} s (CPU {pdf.cpu[1]:.2f} s)"))
    rows.append(("**ratio** briefgen / raw WeasyPrint, wall time (target ≤ 1.25)", f"**{pdf.ratio:.2f}**"))

    # 3. In one process: steady-state PDF and DOCX per brief
    import briefgen

    brief = briefgen.load(EXAMPLE)
    pdf_steady = median_time(lambda: briefgen.render(brief, "pdf"), reps)
    docx_steady = median_time(lambda: briefgen.render(brief, "docx"), reps * 3)
    rows.append(("PDF per brief, steady state in one process", f"{pdf_steady * 1000:.0f} ms"))
    rows.append(("DOCX per brief, steady state in one process (target ≤ 50 ms)", f"{docx_steady * 1000:.0f} ms"))

    # 4. Extraction: load and per-article time
    corpus = ROOT.parent / "shared" / "corpus" / "dev"
    articles = sorted(corpus.glob("*.txt")) or [ROOT / "seeds" / "000_5b5992d54111de5f.txt"]
    start = time.perf_counter()
    briefgen.extract([articles[0]])
    load = time.perf_counter() - start
    per = statistics.median(median_time(lambda a=a: briefgen.extract([a]), reps) for a in articles)  # type: ignore[misc]
    rows.append(("extraction: first article incl. pipeline load (target ≤ 2 s)", f"{load:.2f} s"))
    rows.append((f"extraction per article after load, median of {len(articles)}", f"{per * 1000:.1f} ms"))

    # 5. Batch of 32 briefs, --jobs 1 vs --jobs 2 (whole processes)
    batch = work / "batch"
    batch.mkdir()
    for i in range(32):
        shutil.copy(EXAMPLE, batch / f"b{i:02d}.yaml")
    files = sorted(str(p) for p in batch.iterdir())
    timings = {}
    for jobs in (1, 2):
        out = work / f"out{jobs}"
        start = time.perf_counter()
        run([*briefgen_cmd, "render", *files, "-o", str(out), "-f", "pdf,docx", "--jobs", str(jobs)])
        timings[jobs] = time.perf_counter() - start
    rows.append(("batch of 32 briefs (PDF + DOCX), `--jobs 1`", f"{timings[1]:.1f} s = {32 / timings[1]:.1f} briefs/s"))
    rows.append(("batch of 32 briefs (PDF + DOCX), `--jobs 2`", f"{timings[2]:.1f} s = {32 / timings[2]:.1f} briefs/s"))
    rows.append(("**speed-up** `--jobs 2` / `--jobs 1` (target ≥ 1.6)", f"**{timings[1] / timings[2]:.2f}**"))
    rows.append(("fresh `weasyprint` process per brief (for comparison)", f"{pdf_raw:.2f} s per brief"))
    rss = child_peak_rss_mb()
    rows.append(("peak RSS of the largest child process so far (a batch worker)", f"{rss:.0f} MB"))

    # 6. Growth with the number of positions
    import yaml

    for n in (10, 100, 1000):
        path = work / f"p{n}.yaml"
        path.write_text(yaml.safe_dump(brief_with_positions(n), allow_unicode=True), encoding="utf-8")
        big = briefgen.load(path)
        t_pdf = median_time(lambda b=big: briefgen.render(b, "pdf"), 1 if n == 1000 else 2)  # type: ignore[misc]
        t_docx = median_time(lambda b=big: briefgen.render(b, "docx"), 1 if n == 1000 else 2)  # type: ignore[misc]
        rows.append(
            (
                f"{n} positions: PDF / DOCX",
                f"{t_pdf:.2f} s / {t_docx:.2f} s ({t_pdf / n * 1000:.0f} / {t_docx / n * 1000:.1f} ms per position)",
            )
        )

    # 7. Alternatives on the same brief
    run([*briefgen_cmd, "render", str(EXAMPLE), "-o", str(work), "-f", "docx,md"])
    soffice = shutil.which("soffice")
    if soffice:
        t = median_time(
            lambda: run(
                [
                    soffice,
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(work / "lo"),
                    str(work / "ukraine-peace-summit.docx"),
                ]
            ),
            3,
        )
        rows.append(("LibreOffice: our DOCX → PDF (`soffice --headless --convert-to pdf`)", f"{t:.2f} s"))
    else:
        notes.append("LibreOffice is not installed here (`apt-get install libreoffice-writer`); its row is missing.")
    pandoc = shutil.which("pandoc")
    if pandoc:
        t = median_time(lambda: run([pandoc, str(work / "ukraine-peace-summit.md"), "-o", str(work / "p.docx")]), reps)
        rows.append(("pandoc: our Markdown → DOCX", f"{t * 1000:.0f} ms"))
    else:
        notes.append("pandoc is not installed here (`apt-get install pandoc`); its row is missing.")

    machine = (
        f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}, "
        f"WeasyPrint {version('weasyprint')}, python-docx {version('python-docx')}, spaCy {version('spacy')}, "
        f"Typer {version('typer')}"
    )
    lines = [
        "# Benchmarks",
        "",
        f"Command: `python bench/run.py{' --quick' if args.quick else ''}` (regenerates this file).",
        f"Machine: {machine}.",
        f"Each figure is a median of {reps} runs unless the row says otherwise; whole-process rows include start-up.",
        f"The two start-up comparisons alternate their commands over {reps * 2} rounds; their ratio is the median",
        "of the per-round ratios. briefgen's modules are compiled to bytecode first, as pip does on install.",
        "A single `briefgen render` imports WeasyPrint in its own process, as it is needed; batch workers",
        "load it once (each renderer's `warm_up`).",
        "",
        "| what | figure |",
        "|---|---|",
        *[f"| {a} | {b} |" for a, b in rows],
        "",
        *[f"- {n}" for n in notes],
    ]
    lines += ["", *extraction_sections()]
    lines += ["", "### Long lists (DOCX, Markdown, HTML)", "", *_child_table("large_lists.py")]
    lines += ["", "## The service under load (`briefgen serve`)", "", *_child_table("serve_load.py")]
    if not args.quick:
        big = subprocess.run(
            [sys.executable, str(ROOT / "bench" / "large_brief.py")], capture_output=True, text=True, check=True
        ).stdout.strip()
        big = re.sub(r"/\S*briefgen-bench-[^/\s]+", "$WORK", big)  # the temporary folder, not this machine's paths
        big = re.sub(r"Machine: [^,]+, ", "Machine: ", big)
        lines += ["", big.replace("## ", "### ", 1) if big.startswith("## ") else big]
    args.output.write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")
    print("\n".join(lines))
    print(json.dumps({"work": str(work)}))
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
