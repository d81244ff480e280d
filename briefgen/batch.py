"""Render many briefs in worker processes, carrying on past the ones that fail."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
    _warm_worker(job.formats, job.options)  # paid once here rather than in the first brief


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


def _render_text(name: str, data: bytes, formats: tuple[str, ...], options: RenderOptions) -> dict[str, bytes] | str:
    """Render one brief given as the bytes of its file; return each format's bytes, or the error.

    Runs on a worker of a Dask cluster: it reads no file and writes none, so workers need no shared disk.
    """
    from .api import render
    from .errors import BriefgenError
    from .serialisation import loads

    try:
        brief = loads(data, "json" if name.endswith(".json") else "yaml", name=name)
        return {fmt: render(brief, fmt, options=options) for fmt in formats}
    except BriefgenError as exc:
        return str(exc)
    except Exception as exc:  # one brief's unexpected failure must not stop the batch
        return f"internal error: {type(exc).__name__}: {exc}"


def _warm_worker(formats: tuple[str, ...], options: RenderOptions) -> None:
    """Load the pack and the rendering engines on a Dask worker before its first brief."""
    from .api import default_registry

    registry = default_registry()
    registry.template(options.template)
    for fmt in formats:
        registry.renderer(fmt).warm_up()


def _on_dask(
    names: list[str], directory: Path, job: _Job, address: str, on_done: Callable[[Outcome], None] | None
) -> dict[str, Outcome]:
    """Render the briefs on a Dask cluster (``"local"`` starts one here) and write their files here."""
    import importlib
    import os

    from .api import default_registry
    from .errors import InputError, RenderError
    from .files import write_atomic
    from .loading import MAX_BRIEF_BYTES, read_bytes

    try:
        distributed: Any = importlib.import_module("distributed")
    except ImportError as exc:
        raise InputError("--dask needs Dask: pip install 'briefgen[dask]'") from exc
    registry = default_registry()
    extensions = {fmt: registry.renderer(fmt).extension for fmt in job.formats}
    results: dict[str, Outcome] = {}
    cluster = None
    try:
        if address == "local":
            cluster = distributed.LocalCluster(
                n_workers=os.cpu_count() or 1, threads_per_worker=1, processes=True, dashboard_address=None
            )
            client = distributed.Client(cluster)
        else:
            client = distributed.Client(address, timeout="20s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise InputError(f"--dask {address}: cannot reach the Dask scheduler ({exc})") from exc
    try:
        client.run(_warm_worker, job.formats, job.options)
        futures = {}
        for name in names:
            try:
                data = read_bytes(Path(name), name, MAX_BRIEF_BYTES, "brief")
            except InputError as exc:
                results[name] = Outcome(name, error=str(exc))
                if on_done:
                    on_done(results[name])
                continue
            futures[client.submit(_render_text, name, data, job.formats, job.options, pure=False)] = name
        for future in distributed.as_completed(futures):
            name = futures[future]
            try:
                answer = future.result()
            except Exception as exc:  # a worker that died or was lost: this brief failed, the others go on
                answer = f"internal error on a Dask worker: {type(exc).__name__}: {exc}"
            if isinstance(answer, str):
                results[name] = Outcome(name, error=answer)
            else:
                written = []
                try:
                    for fmt, blob in answer.items():
                        path = directory / f"{Path(name).stem}.{extensions[fmt]}"
                        write_atomic(path, blob)
                        written.append(path)
                    results[name] = Outcome(name, written=written)
                except RenderError as exc:
                    results[name] = Outcome(name, error=str(exc))
            if on_done:
                on_done(results[name])
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return results


def render_many(
    sources: Sequence[str | Path],
    directory: str | Path,
    formats: Sequence[str] = DEFAULT_FORMATS,
    *,
    jobs: int = 1,
    options: RenderOptions | None = None,
    on_done: Callable[[Outcome], None] | None = None,
    dask: str | None = None,
) -> BatchResult:
    """Render each brief file into ``directory`` using ``jobs`` processes; return every outcome.

    A brief that fails is recorded with its error and the batch goes on. ``on_done`` is
    called as each brief finishes (for progress reporting). With ``dask`` (a scheduler's
    address, or ``"local"`` for a cluster of one single-threaded worker per core on this
    machine) the briefs are rendered on that Dask cluster instead, and written here.

    Raises:
        InputError: the output directory cannot be used (checked once, before any work), or the
            Dask scheduler cannot be reached.
    """
    from .errors import InputError
    from .files import prepare_directory

    if not 1 <= jobs <= MAX_JOBS:
        raise InputError(f"jobs: {jobs} is out of range; give 1 to {MAX_JOBS}")
    prepare_directory(Path(directory))
    job = _Job(str(directory), tuple(formats), options or RenderOptions())
    names = [str(s) for s in sources]
    results: dict[str, Outcome] = {}
    if dask is not None:
        results = _on_dask(names, Path(directory), job, dask, on_done)
    elif jobs <= 1:
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
