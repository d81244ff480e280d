"""The ``briefgen`` executable: start WeasyPrint early when a PDF is on the way, then run the command line.

Typer and the command line take a tenth of a second to import and parse; WeasyPrint half a second.
Glancing at the arguments first lets the typesetting helper (``briefgen.typeset``) start on another
core before either. A wrong guess costs a fork: the command stops the helper when it has no PDF to make.
"""

from __future__ import annotations

import sys

__all__ = ["main"]

_NO_PDF_NOW = {"-h", "--help", "--watch"}  # help, or a watch that renders later (and often)


def wants_pdf(args: list[str]) -> bool:
    """Return whether these arguments look like a command that renders a PDF (render or build)."""
    commands = [a for a in args if not a.startswith("-")]
    if not commands or commands[0] not in {"render", "build"} or _NO_PDF_NOW.intersection(args):
        return False
    value = "pdf"  # both commands make a PDF by default
    for i, arg in enumerate(args):  # the last --format given counts, as on the command line proper
        if arg in {"-f", "--format"} and i + 1 < len(args):
            value = args[i + 1]
        elif arg.startswith("--format="):
            value = arg.partition("=")[2]
        elif arg.startswith("-f") and len(arg) > 2:
            value = arg[2:]
    return "pdf" in value.lower()


def main() -> None:
    """Run the command line."""
    try:
        if wants_pdf(sys.argv[1:]):
            from .typeset import start_helper

            start_helper()
        from .cli import main as run

        run()
    except KeyboardInterrupt:  # while loading, before a command can report it
        sys.stderr.write("interrupted; no partial files were left\n")
        raise SystemExit(130) from None
