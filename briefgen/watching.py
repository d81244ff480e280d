"""Re-render briefs whenever they or their template pack change, for editing beside a PDF viewer."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .errors import BriefgenError

__all__ = ["watch_and_render"]


def watch_and_render(
    briefs: list[Path],
    pack_dir: Path,
    render: Callable[[Path], Iterable[Path]],
    *,
    log: Callable[[str], None],
    stop_event: Any = None,
    output: Path | None = None,
) -> None:
    """Render each brief now and again after every change, until interrupted or ``stop_event`` is set.

    An error in a brief or the pack is reported and watching goes on: fix the file and it renders
    again. Changes inside ``output`` (the files this watch writes) never start a render.
    """
    from watchfiles import watch

    def run(targets: Iterable[Path]) -> None:
        for brief in targets:
            try:
                for path in render(brief):
                    log(f"wrote {path}")
            except BriefgenError as exc:
                log(f"error: {exc}")
            except Exception as exc:  # a broken pack must not end the watch: it is being edited
                log(f"error: {brief}: {type(exc).__name__}: {exc}")

    run(briefs)
    watched = {b.resolve() for b in briefs}
    folders = sorted({b.resolve().parent for b in briefs} | {pack_dir.resolve()})
    log(f"watching {len(briefs)} brief(s) and the pack in {pack_dir}; Ctrl-C stops")
    for changes in watch(*folders, stop_event=stop_event, debounce=300, step=100):
        changed = {Path(p).resolve() for _, p in changes}
        if output is not None:
            changed = {p for p in changed if not p.is_relative_to(output.resolve())}
        if not changed:
            continue
        if any(p.is_relative_to(pack_dir.resolve()) for p in changed):
            from .api import default_registry

            # The pack's compiled templates and stylesheet are cached: drop them so edits show.
            default_registry().forget_templates()
            run(briefs)
        else:
            run([b for b in briefs if b.resolve() in changed & watched])
