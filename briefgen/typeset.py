"""Typeset a brief's HTML into PDF with WeasyPrint, here or in a helper process started ahead of time.

Importing WeasyPrint takes about half a second of CPU, as long as everything else a single
``briefgen render`` does. ``start_helper()`` forks a process that imports it on another core while
this one reads, checks and lays out the brief; the next PDF is then typeset there and its bytes
sent back. The bytes are the same either way: the helper runs the same ``typeset`` on the same job.

This module imports only the standard library, so the fork happens before the heavy imports.
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import logging
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from .errors import RenderError

__all__ = ["PdfJob", "load_weasyprint", "start_helper", "stop_helper", "typeset"]

log = logging.getLogger("briefgen")


@dataclass(frozen=True)
class PdfJob:
    """Everything WeasyPrint needs to make one PDF: plain data, so it can cross to the helper."""

    html: str
    pack: Path  # resolved; the base URL, and the only folder files may be read from
    stylesheet: str
    variant: str | None
    tags: bool
    identifier: bytes
    stamp: dt.datetime
    attachment: bytes | None = None  # the brief as JSON, attached as brief.json


def load_weasyprint() -> Any:
    """Import WeasyPrint (once), answering its library look-ups quickly; return the module."""
    if "weasyprint" in sys.modules:
        return sys.modules["weasyprint"]
    with _quick_library_lookup() as quick:
        try:
            import weasyprint

            return weasyprint
        except OSError:
            if not quick:
                raise
    log.debug("WeasyPrint's libraries are not all in the linker cache; looking them up the slow way")
    import weasyprint

    return weasyprint


@contextlib.contextmanager
def _quick_library_lookup() -> Iterator[bool]:
    """While WeasyPrint loads, answer ctypes' library look-ups from one reading of the linker cache.

    For each library WeasyPrint tries several names, and cffi asks ``ctypes.util.find_library`` about
    each name that does not load as it is. On Linux every unknown name costs a run of ldconfig, gcc and
    ld: some 230 processes and a seventh of a second for one import. One ``ldconfig -p`` answers them
    all, with the standard look-up's own pattern. Yields whether the quick look-up is in place; where
    there is no ldconfig the standard look-up is left alone.
    """
    import ctypes.util
    import re
    import subprocess

    ldconfig = "/sbin/ldconfig"
    if not sys.platform.startswith("linux") or not os.access(ldconfig, os.X_OK):
        yield False
        return
    try:
        listing = subprocess.run(
            [ldconfig, "-p"], capture_output=True, env={"LC_ALL": "C", "LANG": "C"}, timeout=10, check=True
        ).stdout.decode(errors="replace")
    except (OSError, subprocess.SubprocessError):
        yield False
        return

    def find_library(name: str) -> str | None:
        found = re.search(rf"\s+(lib{re.escape(name)}\.\S+)\s+\(", listing)
        return found.group(1) if found else None

    standard = ctypes.util.find_library
    ctypes.util.find_library = find_library
    try:
        yield True
    finally:
        ctypes.util.find_library = standard


@cache
def _fetcher_class() -> Any:
    from weasyprint.urls import URLFetcher

    class PackOnlyFetcher(URLFetcher):  # type: ignore[misc]
        """Fetch data: URIs and the pack's own files; refuse the network and the rest of the disk."""

        def __init__(self, root: Path) -> None:
            super().__init__(allowed_protocols={"data", "file"}, allow_redirects=False)
            self._root = root.resolve()

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("file:"):
                from urllib.parse import unquote, urlsplit

                path = Path(unquote(urlsplit(url).path)).resolve()
                if not path.is_relative_to(self._root):
                    raise ValueError(f"briefgen does not read files outside the template pack: {url}")
            elif not url.startswith("data:"):
                raise ValueError(f"briefgen does not fetch resources: {url}")
            return super().fetch(url, headers)

    return PackOnlyFetcher


@cache
def _font_config() -> Any:
    import atexit

    from weasyprint.text.fonts import FontConfiguration

    # Let it go while the interpreter is whole: collected at shutdown, its destructor fails noisily.
    atexit.register(_font_config.cache_clear)
    atexit.register(_stylesheet.cache_clear)
    return FontConfiguration()


@cache
def _stylesheet(pack: Path, css: str) -> Any:
    from weasyprint import CSS

    # The pack's own @import and url() go through the same fetcher as the document: nothing outside the pack.
    return CSS(string=css, base_url=pack.as_uri() + "/", font_config=_font_config(), url_fetcher=_fetcher_class()(pack))


def _typeset_here(job: PdfJob) -> bytes:
    try:
        weasyprint = load_weasyprint()
        attachments = []
        if job.attachment is not None:
            attachments.append(
                weasyprint.Attachment(
                    string=job.attachment,
                    name="brief.json",
                    description="The brief this document was rendered from (briefgen JSON)",
                    created=job.stamp,
                    modified=job.stamp,
                    relationship="Source",
                )
            )
        document = weasyprint.HTML(
            string=job.html, base_url=job.pack.as_uri() + "/", url_fetcher=_fetcher_class()(job.pack)
        ).render(stylesheets=[_stylesheet(job.pack, job.stylesheet)], font_config=_font_config(), pdf_tags=job.tags)
        pdf: bytes = document.write_pdf(
            pdf_variant=job.variant,
            pdf_tags=job.tags,
            pdf_identifier=job.identifier,
            attachments=attachments,
            uncompressed_pdf=False,
        )
    except (OSError, ValueError, TypeError, AssertionError) as exc:
        raise RenderError(f"WeasyPrint could not typeset the brief: {exc}") from exc
    return pdf


@dataclass
class _Reply:
    """What the helper sends back: the PDF, or the RenderError's message and traceback; and what WeasyPrint logged."""

    pdf: bytes | None = None
    error: str | None = None
    traceback: str = ""
    records: list[tuple[str, int, str]] = field(default_factory=list)  # logger name, level, message
    retry: bool = False  # an unexpected error: typeset again in the parent, where it is reported


class _HelperTraceback(Exception):
    """The traceback of an error in the helper, shown as the cause of the RenderError raised here (with --debug)."""

    def __str__(self) -> str:
        return f"\n\n(in the typesetting helper)\n{self.args[0]}"


class _Helper:
    """A forked child that imports WeasyPrint at once, then typesets the one job it is sent."""

    def __init__(self) -> None:
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self._conn, child_end = context.Pipe()
        self._process = context.Process(
            target=_serve, args=(child_end, self._conn), name="briefgen-typeset", daemon=True
        )
        self._process.start()
        child_end.close()
        self._replied = False
        atexit.register(self._finish)  # runs before multiprocessing's own exit handler, which would kill it

    def typeset(self, job: PdfJob) -> bytes | None:
        """Return the PDF, or None when the helper could not make it (the caller then typesets here)."""
        try:
            self._conn.send(job)
            reply = self._conn.recv()
        except (EOFError, OSError):
            reply = None
        finally:
            self._conn.close()
        self._replied = True
        if not isinstance(reply, _Reply):
            return None
        for name, level, message in reply.records:  # WeasyPrint's warnings reach this process's logging
            logger = logging.getLogger(name)
            if logger.isEnabledFor(level):
                logger.handle(logger.makeRecord(name, level, "(typesetting helper)", 0, message, (), None))
        if reply.error is not None:
            raise RenderError(reply.error) from _HelperTraceback(reply.traceback)
        return reply.pdf

    def stop(self) -> None:
        self._conn.close()
        self._process.terminate()
        self._process.join(timeout=5)

    def _finish(self) -> None:
        """At exit: give a helper that has replied time to tidy up (its temporary fonts); stop any other."""
        if self._replied:
            self._process.join(timeout=10)
        if self._process.is_alive():
            self.stop()


class _Collect(logging.Handler):
    """Keep WeasyPrint's log records in the helper, to be sent to the parent with the reply."""

    def __init__(self, records: list[tuple[str, int, str]]) -> None:
        super().__init__()
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def _serve(conn: Any, parent_end: Any) -> None:
    """The helper's life: import WeasyPrint, wait for a job, send back the PDF or the error."""
    import signal
    import traceback

    parent_end.close()  # so that the parent's death reads here as the end of the pipe
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent reports an interrupt; the helper just ends
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())  # the parent's standard output may carry the PDF: never write to it
    os.close(devnull)
    reply = _Reply()
    weasyprint_log = logging.getLogger("weasyprint")
    weasyprint_log.addHandler(_Collect(reply.records))
    weasyprint_log.propagate = False
    try:
        load_weasyprint()
        _font_config()
        job = conn.recv()
    except (EOFError, OSError):
        return
    try:
        reply.pdf = _typeset_here(job)
    except RenderError as exc:
        reply.error = str(exc)
        reply.traceback = "".join(traceback.format_exception(exc))
    except BaseException:  # anything unexpected is reproduced in the parent, where it is reported
        reply.retry = True
    with contextlib.suppress(OSError):  # the parent is gone
        conn.send(None if reply.retry else reply)
    # Let WeasyPrint remove the fonts it copied to temporary folders: os._exit ends the helper, not atexit.
    import gc

    _stylesheet.cache_clear()
    _font_config.cache_clear()
    gc.collect()  # the font configuration sits in reference cycles


_helper: _Helper | None = None


def start_helper() -> bool:
    """Start importing WeasyPrint in a helper process, for the next PDF this process typesets.

    Only where fork is safe and cheap (Linux) and a second core is free to do the work;
    returns whether a helper was started.
    """
    global _helper
    if _helper is not None or "weasyprint" in sys.modules or not sys.platform.startswith("linux"):
        return False
    if len(os.sched_getaffinity(0)) < 2:
        return False
    try:
        _helper = _Helper()
    except OSError as exc:
        log.debug("no typesetting helper: %s", exc)
        return False
    return True


def stop_helper() -> None:
    """Stop a helper that will not be used (the brief failed, or no PDF was asked for)."""
    global _helper
    helper, _helper = _helper, None
    if helper is not None:
        helper.stop()


def typeset(job: PdfJob) -> bytes:
    """Return the PDF for a job, from the helper if one was started, else typeset in this process.

    Raises:
        RenderError: WeasyPrint could not typeset the document.
    """
    global _helper
    helper, _helper = _helper, None
    if helper is not None:
        pdf = helper.typeset(job)
        if pdf is not None:
            return pdf
        log.debug("the typesetting helper stopped; typesetting in this process")
    return _typeset_here(job)
