"""Benchmark the rules extractor on every gold corpus: scores, attendance precision and speed.

Usage: python bench/extraction.py [--corpus NAME ...] [--report PATH] [--keep DIR]

The corpora are the given development set (../shared/corpus/dev), the real-news set whose
texts are retrieved into bench/realdev/ (../shared/corpus/realdev, see its README), the
synthetic held-out sets bench/heldout*, and the real held-out set bench/realnew (texts
retrieved into bench/realnew/texts/). A corpus whose texts are not retrieved is skipped with
a note. The report goes to stdout and, for a run over every corpus, to bench/extraction.md.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SCORER = SHARED / "tools" / "score_extraction.py"
FIGURES = ("positions", "present", "absent", "counts", "outlook")

# Each corpus scored once, blind, before any rule was written with it in view (the extractor of
# the day, scored with the scorer of the day).
BLIND = {
    "heldout": 0.697,
    "heldout2": 0.795,
    "heldout3": 0.806,
    "heldout4": 0.858,
    "heldout5": 0.656,
    "heldout6": 0.806,
    "realdev": 0.562,
    "realnew": 0.463,
}


@dataclass(frozen=True)
class Corpus:
    """A folder of gold annotations and the folder its article texts are in."""

    name: str
    gold: Path
    texts: Path

    def missing(self) -> list[str]:
        """Return the names of the articles whose text is not retrieved."""
        names = [p.name.removesuffix(".gold.json") for p in sorted(self.gold.glob("*.gold.json"))]
        return [n for n in names if not (self.texts / f"{n}.txt").exists()]


def corpora() -> list[Corpus]:
    """Return every corpus the benchmark knows, in report order."""
    found = [
        Corpus("dev", SHARED / "corpus" / "dev", SHARED / "corpus" / "dev"),
        Corpus("realdev", SHARED / "corpus" / "realdev", REPO / "bench" / "realdev"),
        Corpus("realnew", REPO / "bench" / "realnew", REPO / "bench" / "realnew" / "texts"),
    ]
    for folder in sorted((REPO / "bench").glob("heldout*")):
        found.append(Corpus(folder.name, folder, folder))
    return [c for c in found if c.gold.is_dir()]


def _scorer(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_extraction", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _precision(scorer: ModuleType, corpus: Corpus, drafts: Path) -> dict[str, float | None]:
    """Return the micro-averaged precision of the present and absent lists."""
    out: dict[str, float | None] = {}
    for side in ("present", "absent"):
        hits = asserted = 0
        for gold_path in sorted(corpus.gold.glob("*.gold.json")):
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            draft_path = drafts / f"{gold_path.name.removesuffix('.gold.json')}.json"
            draft = json.loads(draft_path.read_text(encoding="utf-8")) if draft_path.exists() else {}
            names = [scorer.name_of(x) for x in (draft.get("attendance") or {}).get(side) or []]
            tp, n_pred, _, _ = scorer.match(names, gold.get("attendance", {}).get(side, []))
            hits += tp
            asserted += n_pred
        out[side] = round(hits / asserted, 3) if asserted else None
    return out


def main(argv: list[str] | None = None) -> int:
    """Extract every article of every corpus, score the drafts and report the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", action="append", default=None, help="only this corpus (repeatable)")
    parser.add_argument("--scorer", type=Path, default=SCORER, help="path of score_extraction.py")
    parser.add_argument("--report", type=Path, default=None, help="write the report here too")
    parser.add_argument("--keep", type=Path, default=None, help="keep the drafts as DIR/CORPUS/NAME.json")
    parser.add_argument("--verbose", action="store_true", help="print the per-article scores")
    args = parser.parse_args(argv)
    chosen = [c for c in corpora() if args.corpus is None or c.name in args.corpus]
    if not chosen:
        print(f"no such corpus: {', '.join(args.corpus or [])}", file=sys.stderr)
        return 2
    scorer = _scorer(args.scorer)

    started = time.perf_counter()
    from briefgen.extraction import RulesExtractor, read_article
    from briefgen.extraction.gazetteer import gazetteer
    from briefgen.extraction.text import nlp

    nlp()
    gazetteer()
    extractor = RulesExtractor()
    load = time.perf_counter() - started

    rows: list[str] = []
    notes: list[str] = []
    details: list[str] = []
    timings: list[float] = []
    words: list[int] = []
    for corpus in chosen:
        missing = corpus.missing()
        if missing:
            notes.append(
                f"- {corpus.name}: skipped, {len(missing)} article text(s) not retrieved into "
                f"{corpus.texts.relative_to(REPO.parent)} (see the corpus README)"
            )
            continue
        with tempfile.TemporaryDirectory(prefix="briefgen-bench-") as tmp:
            drafts = Path(args.keep / corpus.name) if args.keep else Path(tmp)
            drafts.mkdir(parents=True, exist_ok=True)
            spent: list[float] = []
            for gold_path in sorted(corpus.gold.glob("*.gold.json")):
                path = corpus.texts / f"{gold_path.name.removesuffix('.gold.json')}.txt"
                raw = path.read_bytes()
                tick = time.perf_counter()
                brief = extractor.extract([read_article(raw, path.name, "s1")])
                spent.append(time.perf_counter() - tick)
                words.append(len(raw.split()))
                data = brief.model_dump(mode="json", exclude_none=True)
                (drafts / f"{path.stem}.json").write_text(json.dumps(data, ensure_ascii=False, indent=1), "utf-8")
            scored = subprocess.run(
                [sys.executable, str(args.scorer), str(corpus.gold), str(drafts), "--texts", str(corpus.texts)],
                capture_output=True,
                text=True,
                check=False,
            )
            if scored.returncode != 0:
                print(scored.stdout + scored.stderr, file=sys.stderr)
                return 1
            precision = _precision(scorer, corpus, drafts)
        timings += spent
        lines = scored.stdout.strip().splitlines()
        figures = dict(part.split("=", 1) for part in lines[-2].removeprefix("figures: ").split())
        score = lines[-1].removeprefix("score: ")
        cells = [figures[k] for k in FIGURES]
        blind = BLIND.get(corpus.name)
        rows.append(
            f"| {corpus.name} | {len(spent)} | {blind if blind is not None else '—'} | **{score}** | "
            + " | ".join(cells)
            + f" | {precision['present']} | {precision['absent']} | {figures['spokespeople_recall']} | "
            f"{figures['evidence_grounded']} | {figures['date_accuracy']} | {statistics.median(spent) * 1000:.0f} |"
        )
        details += [f"{corpus.name}:", *("  " + line for line in lines[:-2])]

    per_100_words = 100 * sum(timings) / max(1, sum(words))
    report = "\n".join(
        [
            "# Extraction benchmark (rules extractor)",
            "",
            "Command: `python bench/extraction.py`",
            "",
            f"Machine: {os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}, "
            f"{platform.system()}",
            "",
            "| corpus | articles | blind | score | positions | present | absent | counts | outlook | "
            "present precision | absent precision | spokespeople | evidence verbatim | date | ms/article |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
            *rows,
            "",
            *notes,
            f"- load (language pipeline and gazetteer): {load:.2f} s",
            f"- time per article after load: median {statistics.median(timings) * 1000:.0f} ms, "
            f"max {max(timings) * 1000:.0f} ms; {per_100_words * 1000:.1f} ms per 100 words "
            f"(an 800-word article ≈ {8 * per_100_words * 1000:.0f} ms)"
            if timings
            else "- no corpus was scored",
            "",
        ]
    )
    print(report)
    if args.verbose:
        print("\n".join(details))
    target: Path | None = args.report
    if target is None and args.corpus is None:
        target = REPO / "bench" / "extraction.md"
    if target is not None:
        target.write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
