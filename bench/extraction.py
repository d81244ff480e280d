"""Benchmark the rules extractor on a gold corpus: score, load time and time per article.

Usage: python bench/extraction.py [--corpus DIR] [--report PATH] [--keep DIR]
Writes the report to stdout; also to bench/extraction.md when run on the default (dev) corpus,
or to PATH when --report is given (so a held-out run never overwrites the dev report).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "dev"
SCORER = REPO.parent / "shared" / "tools" / "score_extraction.py"


def main(argv: list[str] | None = None) -> int:
    """Extract every article of the corpus, score the briefs and report the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="directory of NAME.txt + NAME.gold.json")
    parser.add_argument("--scorer", type=Path, default=SCORER, help="path of score_extraction.py")
    parser.add_argument("--report", type=Path, default=None, help="write the report here (default: see above)")
    parser.add_argument("--keep", type=Path, default=None, help="also keep the drafted briefs (NAME.json) here")
    args = parser.parse_args(argv)
    corpus: Path = args.corpus.resolve()
    articles = sorted(corpus.glob("*.txt"))
    if not articles:
        print(f"no articles (*.txt) in {corpus}", file=sys.stderr)
        return 2

    started = time.perf_counter()
    from briefgen.extraction import RulesExtractor, read_article
    from briefgen.extraction.gazetteer import gazetteer
    from briefgen.extraction.text import nlp

    nlp()
    gazetteer()
    extractor = RulesExtractor()
    # The first article also pays for the phrase matcher, so it counts as loading.
    warm = read_article(articles[0].read_bytes(), articles[0].name, "s1")
    extractor.extract([warm])
    load = time.perf_counter() - started

    timings: list[float] = []
    with tempfile.TemporaryDirectory(prefix="briefgen-bench-") as tmp:
        out = Path(tmp)
        for path in articles:
            tick = time.perf_counter()
            article = read_article(path.read_bytes(), path.name, "s1")
            brief = extractor.extract([article])
            timings.append(time.perf_counter() - tick)
            data = brief.model_dump(mode="json", exclude_none=True)
            (out / f"{path.stem}.json").write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        if args.keep is not None:
            args.keep.mkdir(parents=True, exist_ok=True)
            for brief_path in out.glob("*.json"):
                (args.keep / brief_path.name).write_text(brief_path.read_text(encoding="utf-8"), encoding="utf-8")
        scored = subprocess.run(
            [sys.executable, str(args.scorer), str(corpus), str(out)],
            capture_output=True,
            text=True,
            check=False,
        )
    if scored.returncode != 0:
        print(scored.stdout + scored.stderr, file=sys.stderr)
        return 1
    import spacy

    try:
        shown = corpus.relative_to(REPO.parent)
        corpus_label = f"../{shown}"
    except ValueError:
        corpus_label = str(corpus)
    report = "\n".join(
        [
            "# Extraction benchmark (rules extractor)",
            "",
            f"Command: `python bench/extraction.py --corpus {corpus_label}`",
            "",
            f"Machine: {os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}, "
            f"spaCy {spacy.__version__}, {platform.system()}",
            "",
            "```",
            scored.stdout.strip(),
            "```",
            "",
            f"- articles: {len(articles)}",
            f"- load time (pipeline, gazetteer, first article): {load:.2f} s",
            f"- median time per article after load: {statistics.median(timings) * 1000:.1f} ms "
            f"(max {max(timings) * 1000:.1f} ms)",
            "",
        ]
    )
    print(report)
    target: Path | None = args.report
    if target is None and corpus == DEFAULT_CORPUS.resolve():
        target = REPO / "bench" / "extraction.md"
    if target is not None:
        target.write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
