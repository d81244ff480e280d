"""The briefgen command line: thin adapters over briefgen.api."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from .defaults import DEFAULT_FORMATS, DEFAULT_TEMPLATE, MAX_JOBS

_DEFAULT_FORMATS = ",".join(DEFAULT_FORMATS)


class _ReportingGroup(TyperGroup):
    """The command group that reports every error of every command, in one place (``_fail``)."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise  # already reported, or a usage error the command line reports itself
        except BaseException as exc:
            _fail(exc)


app = typer.Typer(
    name="briefgen",
    cls=_ReportingGroup,
    help="Turn news reporting about a diplomatic event into a briefing document (PDF, DOCX, HTML, Markdown).",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
templates_app = typer.Typer(
    help="List template packs, or start your own.\n\nExample: briefgen templates new my-pack", no_args_is_help=False
)
app.add_typer(templates_app, name="templates")


class _EchoHandler(logging.Handler):
    """Print the library's warnings on standard error, as "warning: ..." lines."""

    def emit(self, record: logging.LogRecord) -> None:
        typer.echo(f"warning: {record.getMessage()}", err=True)


class _State:
    debug = False
    interrupt_reported = False


STATE = _State()
_INTERRUPTED = "interrupted; no partial files were left"

FormatsOpt = Annotated[
    str,
    typer.Option("--format", "-f", help="Comma-separated formats: pdf, docx, html, md, json (or a plugin's)."),
]
TemplateOpt = Annotated[str, typer.Option("--template", "-t", help="Template pack name, or a pack folder.")]
VariantOpt = Annotated[str | None, typer.Option("--pdf-variant", help="Archival/accessible PDF: pdf/a-3b, pdf/ua-1, …")]
ReviewOpt = Annotated[
    bool,
    typer.Option(
        "--review",
        help="Review rendering of a draft: each drafted item's evidence, article, rule and confidence beside it "
        "(Word comments in DOCX, notes in PDF, details in HTML).",
    ),
]


LlmUrlOpt = Annotated[
    str | None,
    typer.Option("--llm-url", help="OpenAI-compatible server for --extractor llm, e.g. http://localhost:11434/v1."),
]
LlmModelOpt = Annotated[str | None, typer.Option("--llm-model", help="Model name for --extractor llm.")]
ConfigOpt = Annotated[
    Path | None,
    typer.Option("--config", help="Config file with an [llm] table (default ~/.config/briefgen/config.toml)."),
]
MergeOpt = Annotated[
    bool, typer.Option("--merge", help="Draft one brief even from articles that report different events.")
]


def _extractor_options(url: str | None, model: str | None, config: Path | None) -> dict[str, Any]:
    """Return the options for an extractor that takes them (only the LLM extractor does today)."""
    options = {"url": url, "model": model, "config": config}
    return {k: v for k, v in options.items() if v is not None}


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"briefgen {version('briefgen')}")
        raise typer.Exit()


@app.callback()
def _root(
    debug: Annotated[bool, typer.Option("--debug", help="Show a traceback when something fails.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    STATE.debug = debug
    import logging

    logger = logging.getLogger("briefgen")
    if not any(isinstance(h, _EchoHandler) for h in logger.handlers):
        logger.addHandler(_EchoHandler(logging.WARNING))
        logger.setLevel(logging.WARNING)
        logger.propagate = False


def _fail(exc: BaseException) -> NoReturn:
    """Report an error in one line (or a traceback with --debug) and exit with its code.

    Exit codes: 2 for input the user can fix, 130 for Ctrl-C, 1 for anything else.
    """
    from .errors import BriefgenError

    if STATE.debug:
        import traceback

        traceback.print_exception(exc, file=sys.stderr)
    from .errors import ValidationError

    if isinstance(exc, ValidationError):
        typer.echo(str(exc), err=True)
        raise typer.Exit(exc.exit_code)
    if isinstance(exc, BriefgenError):
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(exc.exit_code)
    if isinstance(exc, KeyboardInterrupt):
        typer.echo(_INTERRUPTED, err=True)
        STATE.interrupt_reported = True
        raise typer.Exit(130)
    typer.echo(f"internal error: {type(exc).__name__}: {exc} (run with --debug for details)", err=True)
    raise typer.Exit(1)


def _formats(value: str) -> list[str]:
    formats = [f.strip().lower() for f in value.split(",") if f.strip()]
    if not formats:
        raise typer.BadParameter("give at least one format", param_hint="--format")
    return formats


def _write_stdout(data: bytes) -> None:
    """Write to standard output; a closed pipe or a full disk is reported in one line, not as a crash."""
    import errno
    import os

    from .errors import RenderError

    try:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    except OSError as exc:
        # Point standard output at /dev/null so Python's own flush at exit does not fail a second time.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        if isinstance(exc, BrokenPipeError):
            raise RenderError("standard output was closed before everything was written") from exc
        reason = "the disk is full" if exc.errno == errno.ENOSPC else exc.strerror or str(exc)
        raise RenderError(f"standard output could not be written: {reason}") from exc


def _options(template: str, pdf_variant: str | None, review: bool = False) -> Any:
    """Return the render options the command line asks for (the defaults are the library's)."""
    from .options import render_options

    return render_options(template=template, pdf_variant=pdf_variant, review=review)


@app.command()
def render(
    briefs: Annotated[list[str], typer.Argument(help="Brief files (.yaml, .yml, .json); - reads standard input.")],
    output: Annotated[str, typer.Option("--output", "-o", help="Output folder, or - for standard output.")] = ".",
    formats: FormatsOpt = _DEFAULT_FORMATS,
    template: TemplateOpt = DEFAULT_TEMPLATE,
    pdf_variant: VariantOpt = None,
    review: ReviewOpt = False,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=1, max=MAX_JOBS, help="Render this many briefs at once (at most 64).")
    ] = 1,
    watch: Annotated[bool, typer.Option("--watch", help="Render again whenever a brief or the pack changes.")] = False,
    dask: Annotated[
        str | None,
        typer.Option(
            "--dask",
            metavar="ADDRESS",
            help="Render on a Dask cluster (a scheduler's address, or 'local' for one worker per core here).",
        ),
    ] = None,
) -> None:
    """Render briefs to PDF, DOCX and more.

    Writes DIR/<brief name>.<ext> for each format. With several briefs, a bad one is
    reported and the others are still rendered; the exit code is 1 if any failed.

    Example: briefgen render examples/ukraine-peace-summit.yaml -o out -f pdf,docx
    """
    fmts = _formats(formats)
    if "-" in briefs and (len(briefs) > 1 or watch):
        raise typer.BadParameter("- (standard input) must be the only brief, without --watch", param_hint="BRIEFS")
    if output == "-" and (len(fmts) != 1 or len(briefs) != 1 or watch):
        raise typer.BadParameter("-o - writes one brief in one format to standard output", param_hint="-o")
    options = _options(template, pdf_variant, review)
    if output != "-":
        _refuse_same_names(briefs)
    if watch:
        _watch(briefs, output, fmts, options)
        return
    if dask is not None and (output == "-" or "-" in briefs or watch):
        raise typer.BadParameter("--dask renders brief files into a folder, without --watch", param_hint="--dask")
    if len(briefs) > 1 or dask is not None:
        _batch(briefs, output, fmts, jobs, options, dask)
        return
    from . import api

    brief = _load_one(briefs[0])
    if review and brief.drafting is None:
        typer.echo(
            f"warning: {briefs[0]}: not a draft (it has no drafting: block), so --review has no notes to add; "
            "rendered as a finished brief",
            err=True,
        )
    if output == "-":
        _write_stdout(api.render(brief, fmts[0], options=options))
        return
    stem = "brief" if briefs[0] == "-" else Path(briefs[0]).stem
    for path in api.render_to(brief, output, fmts, stem=stem, options=options):
        typer.echo(f"wrote {path}", err=True)


def _refuse_same_names(briefs: list[str]) -> None:
    """Refuse, before any work, briefs that would write the same output files ("a/x.yaml", "b/x.json")."""
    from .errors import InputError

    seen: dict[str, str] = {}
    for brief in briefs:
        stem = "brief" if brief == "-" else Path(brief).stem
        if stem in seen and seen[stem] != brief:
            raise InputError(
                f"{seen[stem]} and {brief} would both be written as {stem}.*; "
                "render them into different folders, or rename one"
            )
        seen[stem] = brief


def _batch(briefs: list[str], output: str, fmts: list[str], jobs: int, options: Any, dask: str | None) -> None:
    from .batch import Outcome, render_many

    total = len(briefs)
    done = 0
    progress: Any = None
    task: Any = None

    def report(outcome: Outcome) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress.advance(task)
            if not outcome.ok:
                progress.console.print(f"failed {outcome.source}", markup=False, highlight=False)
        else:
            state = "ok" if outcome.ok else "failed"
            typer.echo(f"[{done}/{total}] {state} {outcome.source}", err=True)

    if sys.stderr.isatty():
        from rich.console import Console
        from rich.progress import Progress

        with Progress(console=Console(stderr=True), transient=True) as progress:
            task = progress.add_task("Rendering", total=total)
            result = render_many(briefs, output, fmts, jobs=jobs, options=options, on_done=report, dask=dask)
    else:
        result = render_many(briefs, output, fmts, jobs=jobs, options=options, on_done=report, dask=dask)
    failed = result.failures
    typer.echo(f"rendered {total - len(failed)} of {total} briefs into {output}", err=True)
    for outcome in failed:
        typer.echo(f"failed: {outcome.source}: {outcome.error}", err=True)
    if failed:
        raise typer.Exit(1)


def _watch(briefs: list[str], output: str, fmts: list[str], options: Any) -> None:
    from . import api
    from .watching import watch_and_render

    pack = api.default_registry().template(options.template)
    try:
        watch_and_render(
            [Path(b) for b in briefs],
            pack.path,
            lambda path: api.render_to(api.load(path), output, fmts, stem=path.stem, options=options),
            log=lambda line: typer.echo(line, err=True),
            output=Path(output),
        )
    except KeyboardInterrupt:  # the way a watch ends
        typer.echo("stopped watching", err=True)


def _load_one(source: str) -> Any:
    from . import api

    if source == "-":
        # A brief on standard input takes its figures from the folder the command runs in.
        return api.loads(sys.stdin.buffer.read(), name="<stdin>", folder=Path.cwd())
    return api.load(Path(source))


@app.command()
def validate(
    briefs: Annotated[list[str], typer.Argument(help="Brief files to check; - reads standard input.")],
    template: Annotated[
        str, typer.Option("--template", "-t", help="The pack whose portion-marking scheme marked briefs follow.")
    ] = DEFAULT_TEMPLATE,
) -> None:
    """Check briefs against the contract; print file:line:column: field: message for each fault.

    Example: briefgen validate examples/*.yaml
    """
    from . import api
    from .errors import BriefgenError, InputError
    from .portions import check_portions

    failed = False
    scheme = None  # the pack's portion-marking scheme, read once, when a brief first marks portions
    for source in briefs:
        try:
            brief = _load_one(source)
            if brief.handling and brief.handling.portions:
                if scheme is None:
                    try:
                        scheme = api.default_registry().template(template).portions
                    except BriefgenError as exc:
                        _fail(exc)
                check_portions(brief, scheme)
            typer.echo(f"{source}: ok")
            for problem in _unresolved(source, brief):
                typer.echo(f"warning: {problem}", err=True)
        except InputError as exc:  # reported per brief: the others are still checked
            failed = True
            typer.echo(str(exc), err=True)
    if failed:
        raise typer.Exit(2)


def _unresolved(source: str, brief: Any) -> list[Any]:
    """Return what still stops a brief from being approved, located in its file where it has one."""
    from .loading import MAX_BRIEF_BYTES, parse_text, read_bytes, read_text
    from .review import unresolved

    if brief.date is not None and not (brief.drafting and brief.drafting.to_check):
        return []
    name = "<stdin>" if source == "-" else source
    marks: Any = {}
    if source != "-":
        text = read_text(read_bytes(Path(source), source, MAX_BRIEF_BYTES, "brief"), source)
        _, marks = parse_text(text, source, is_json=Path(source).suffix.lower() == ".json")
    return unresolved(brief, name, marks)


@app.command()
def new(
    output: Annotated[
        str, typer.Option("--output", "-o", help="Where to write the starter brief; - for standard output.")
    ] = "brief.yaml",
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
) -> None:
    """Write a commented starter brief to fill in.

    Example: briefgen new -o my-summit.yaml
    """
    from importlib.resources import files

    from .errors import InputError
    from .files import write_atomic

    schema = files("briefgen") / "brief.schema.json"
    # Editors with a YAML language server (VS Code, Neovim…) check and complete the brief as it is typed.
    text = f"# yaml-language-server: $schema={Path(str(schema)).resolve().as_uri()}\n".encode()
    text += (files("briefgen") / "starter.yaml").read_bytes()
    if output == "-":
        _write_stdout(text)
        return
    path = Path(output)
    if path.exists() and not force:
        raise InputError(f"{path}: already exists; use --force to replace it")
    if not path.parent.is_dir():
        raise InputError(f"{path.parent}: no such directory")
    write_atomic(path, text)
    typer.echo(f"wrote {path}", err=True)


@app.command()
def approve(
    draft: Annotated[Path, typer.Argument(help="The checked draft (.yaml or .json).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the approved brief.")],
    by: Annotated[str | None, typer.Option("--by", help="Who approves it (default: your user name).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing output file.")] = False,
) -> None:
    """Approve a checked draft: record who approved it and when, and drop the DRAFT marking.

    Refused (exit 2) while "to check" items remain in drafting.to_check, or the date is not set.

    Example: briefgen approve draft.yaml -o brief.yaml --by "J. Analyst"
    """
    import datetime as dt
    import getpass

    from .errors import InputError
    from .files import write_atomic
    from .loading import MAX_BRIEF_BYTES, load_brief, parse_text, read_bytes, read_text
    from .review import approve as approved
    from .serialisation import dump

    if by is not None and not by.strip():
        raise InputError("--by: empty; give the approver's name, or leave --by out to record your user name")
    if output.resolve() == draft.resolve():
        raise InputError(f"{output}: is the draft itself; write the approved brief to another file, e.g. -o brief.yaml")
    if output.exists() and not force:
        raise InputError(f"{output}: already exists; use --force to replace it")
    if not output.parent.is_dir():
        raise InputError(f"{output.parent}: no such directory")
    is_json = draft.suffix.lower() == ".json"
    text = read_text(read_bytes(draft, str(draft), MAX_BRIEF_BYTES, "brief"), str(draft))
    _, marks = parse_text(text, str(draft), is_json=is_json)
    brief = load_brief(text, name=str(draft), format="json" if is_json else "yaml")
    if brief.drafting is None:
        done = f"; it was approved by {brief.approved_by} on {brief.approved_on}" if brief.approved_by else ""
        raise InputError(f"{draft}: not a draft (it has no drafting: block), so there is nothing to approve{done}")
    result = approved(brief, by or getpass.getuser(), dt.date.today(), name=str(draft), marks=marks)
    write_atomic(output, dump(result, "json" if output.suffix.lower() == ".json" else "yaml"))
    typer.echo(f"wrote {output}: approved by {result.approved_by} on {result.approved_on}", err=True)


@app.command()
def schema() -> None:
    """Print the JSON Schema of a brief.

    Example: briefgen schema > brief.schema.json
    """
    import json

    from .model import json_schema

    _write_stdout((json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n").encode("utf-8"))


@templates_app.callback(invoke_without_command=True)
def templates(ctx: typer.Context) -> None:
    """List the template packs.

    Example: briefgen templates
    """
    if ctx.invoked_subcommand is not None:
        return
    from .api import default_registry
    from .errors import BriefgenError

    registry = default_registry()
    for name in registry.names("template"):
        info = registry.plugins["template"][name]
        try:
            description = registry.template(name).description
        except BriefgenError as exc:  # one broken pack does not hide the others
            description = f"(broken: {exc})"
        typer.echo(f"{name:<12} {info.distribution:<20} {description}")


@templates_app.command("new")
def templates_new(
    name: Annotated[str, typer.Argument(help="Folder to create, with a copy of the standard pack in it.")],
    source: Annotated[str, typer.Option("--from", help="Pack to copy.")] = DEFAULT_TEMPLATE,
) -> None:
    """Start your own template pack from a copy of a built-in one.

    Example: briefgen templates new my-pack && briefgen render brief.yaml -t ./my-pack
    """
    from .api import new_pack

    path = new_pack(name, source=source)
    typer.echo(f"created {path}; edit its files, then render with -t {path}", err=True)


@app.command()
def plugins() -> None:
    """List every template pack, extractor and renderer, with the package it comes from.

    Example: briefgen plugins
    """
    from .api import default_registry

    registry = default_registry()
    for info in registry.describe():
        typer.echo(f"{info.kind:<10} {info.name:<12} {info.distribution}")
    for message in registry.refused:
        typer.echo(f"refused    {message}", err=True)


@app.command()
def extract(
    articles: Annotated[list[str], typer.Argument(help="News articles (.txt, .md, .html); - reads standard input.")],
    output: Annotated[
        str, typer.Option("--output", "-o", help="brief.yaml, brief.json, or - for standard output.")
    ] = "-",
    fmt: Annotated[
        str | None, typer.Option("--format", "-f", help="yaml or json (default: from the file name).")
    ] = None,
    extractor: Annotated[str, typer.Option("--extractor", "-x", help="Extractor plugin to use.")] = "rules",
    llm_url: LlmUrlOpt = None,
    llm_model: LlmModelOpt = None,
    config: ConfigOpt = None,
    merge: MergeOpt = False,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing output file.")] = False,
) -> None:
    """Draft a brief from news articles, for an analyst to check and correct.

    Example: briefgen extract seeds/*.txt -o draft.yaml
    """
    from . import api
    from .files import write_atomic
    from .serialisation import dump

    kind = (fmt or ("json" if output.endswith(".json") else "yaml")).lower()
    if kind not in {"yaml", "json"}:
        raise typer.BadParameter("choose yaml or json", param_hint="--format")
    from .errors import InputError

    if output != "-" and Path(output).exists() and not force:
        # A draft may hold an analyst's corrections: it is never replaced unasked.
        raise InputError(f"{output}: already exists; use --force to replace it")
    brief = api.extract(articles, extractor=extractor, merge=merge, **_extractor_options(llm_url, llm_model, config))
    data = dump(brief, "json" if kind == "json" else "yaml")
    if output == "-":
        _write_stdout(data)
    else:
        write_atomic(Path(output), data)
        typer.echo(f"wrote {output}", err=True)


@app.command()
def build(
    articles: Annotated[list[str], typer.Argument(help="News articles (.txt, .md, .html); - reads standard input.")],
    output: Annotated[str, typer.Option("--output", "-o", help="Output folder.")] = ".",
    formats: FormatsOpt = _DEFAULT_FORMATS,
    template: TemplateOpt = DEFAULT_TEMPLATE,
    extractor: Annotated[str, typer.Option("--extractor", "-x", help="Extractor plugin to use.")] = "rules",
    pdf_variant: VariantOpt = None,
    llm_url: LlmUrlOpt = None,
    llm_model: LlmModelOpt = None,
    config: ConfigOpt = None,
    merge: MergeOpt = False,
    review: ReviewOpt = False,
) -> None:
    """Draft a brief from news articles and render it in one step (the main job).

    Example: briefgen build seeds/000_5b5992d54111de5f.txt -o out --review
    """
    fmts = _formats(formats)
    from . import api

    paths = api.build(
        articles,
        output,
        fmts,
        extractor=extractor,
        extractor_options=_extractor_options(llm_url, llm_model, config),
        options=_options(template, pdf_variant, review),
        merge=merge,
    )
    for path in paths:
        typer.echo(f"wrote {path}", err=True)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on; 0.0.0.0 opens it to the network.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Warm worker processes that render and draft.")] = 2,
    packs: Annotated[Path | None, typer.Option(help="Folder of user template packs (the only one read).")] = None,
    max_body: Annotated[float, typer.Option(help="Largest request body, in MiB (else 413).")] = 20.0,
    timeout: Annotated[float, typer.Option(help="Seconds a request may take (else 503/504).")] = 60.0,
    max_requests: Annotated[int, typer.Option(min=1, help="Requests at once (else 503).")] = 16,
) -> None:
    """Run the HTTP service and the browser workspace (needs: pip install 'briefgen[serve]').

    Set BRIEFGEN_SERVE_TOKEN to require "Authorization: Bearer <token>" on every /v1 route.

    Example: briefgen serve --port 8000   then open http://127.0.0.1:8000/
    """
    from .serve import ServeSettings
    from .serve import serve as run

    limits = {"max_body_bytes": int(max_body * 1024 * 1024), "timeout": timeout, "max_requests": max_requests}
    settings = ServeSettings.from_env(host=host, port=port, workers=workers, packs=packs, **limits)
    run(settings, log=lambda line: typer.echo(line, err=True))


def main() -> None:
    """Run the command line (the ``briefgen`` executable)."""
    try:
        app()
    except KeyboardInterrupt:  # while Python loads the command line, before a command runs to report it
        sys.stderr.write(_INTERRUPTED + "\n")
        raise SystemExit(130) from None
    except SystemExit as exc:  # Typer ends with 130, silently, on Ctrl-C while it reads the arguments
        if exc.code == 130 and not STATE.interrupt_reported:
            sys.stderr.write(_INTERRUPTED + "\n")
        raise
