"""Render many briefs in worker processes, carrying on past the ones that fail."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from .defaults import MAX_JOBS
from .options import DEFAULT_FORMATS, RenderOptions

__all__ = ["BatchResult", "Outcome", "render_many"]


@dataclass(frozen=True)
class Outcome:
    """What became of one brief: the files written, or the error that stopped it."""

    source: str
    written: list[Path] = field(default_factory=list)
    error: str | None = None

    @property
    def ok(self) -> bool:
        """Return whether the brief was rendered."""
        return self.error is None


@dataclass(frozen=True)
class BatchResult:
    """The outcome of every brief of a batch, in the order they were given."""

    outcomes: list[Outcome]

    @property
    def failures(self) -> list[Outcome]:
        """Return the briefs that failed."""
        return [o for o in self.outcomes if not o.ok]


@dataclass(frozen=True)
class _Job:
    directory: str
    formats: tuple[str, ...]
    options: RenderOptions


_job: _Job | None = None


def _start_worker(job: _Job) -> None:
    """Load the registry, the pack, and the rendering engines once per worker process."""
    global _job
    _job = job
    from .api import default_registry

    registry = default_registry()
    registry.template(job.options.template)
    for fmt in job.formats:
        registry.renderer(fmt).warm_up()  # paid once here rather than in the first brief


def _render_one(source: str) -> Outcome:
    from .api import load, render_to
    from .errors import BriefgenError

    assert _job is not None
    try:
        brief = load(Path(source))
        written = render_to(brief, _job.directory, _job.formats, stem=Path(source).stem, options=_job.options)
    except BriefgenError as exc:
        return Outcome(source, error=str(exc))
    except Exception as exc:  # one brief's unexpected failure must not stop the batch
        return Outcome(source, error=f"internal error: {type(exc).__name__}: {exc}")
    return Outcome(source, written=written)


def render_many(
    sources: Sequence[str | Path],
    directory: str | Path,
    formats: Sequence[str] = DEFAULT_FORMATS,
    *,
    jobs: int = 1,
    options: RenderOptions | None = None,
    on_done: Callable[[Outcome], None] | None = None,
) -> BatchResult:
    """Render each brief file into ``directory`` using ``jobs`` processes; return every outcome.

    A brief that fails is recorded with its error and the batch goes on. ``on_done`` is
    called as each brief finishes (for progress reporting).

    Raises:
        InputError: the output directory cannot be used (checked once, before any work).
    """
    from .errors import InputError
    from .files import prepare_directory

    if not 1 <= jobs <= MAX_JOBS:
        raise InputError(f"jobs: {jobs} is out of range; give 1 to {MAX_JOBS}")
    prepare_directory(Path(directory))
    job = _Job(str(directory), tuple(formats), options or RenderOptions())
    names = [str(s) for s in sources]
    results: dict[str, Outcome] = {}
    if jobs <= 1:
        _start_worker(job)
        for name in names:
            results[name] = _render_one(name)
            if on_done:
                on_done(results[name])
    else:
        with ProcessPoolExecutor(max_workers=min(jobs, len(names)), initializer=_start_worker, initargs=(job,)) as pool:
            futures = {pool.submit(_render_one, name): name for name in names}
            for future in as_completed(futures):
                outcome = future.result()
                results[futures[future]] = outcome
                if on_done:
                    on_done(outcome)
    return BatchResult([results[name] for name in names])
