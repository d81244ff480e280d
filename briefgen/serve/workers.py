"""A pool of warm worker processes: each loads the engines once, then takes one job at a time.

A job that runs past its time limit, or a worker that dies, costs only that request: the
worker is ended and a fresh, warmed one takes its place.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import multiprocessing
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

__all__ = ["Busy", "JobFailed", "JobTimeout", "WorkerPool"]

log = logging.getLogger("briefgen.serve")


class Busy(Exception):
    """Too many requests at once, or no worker became free in time (answered 503)."""


class JobTimeout(Exception):
    """A job ran past the time limit and its worker was stopped (answered 504)."""


@dataclass
class JobFailed(Exception):
    """A job reported a failure: the HTTP status, the message and any located problems."""

    status: int
    message: str
    problems: list[dict[str, Any]]


def _worker_main(conn: Connection) -> None:
    """Warm up, say so, then run jobs until the pool closes the pipe."""
    from .jobs import run_job, warm_up

    try:
        warm_up()
    except Exception as exc:  # reported to the pool, which refuses to start without workers
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    # What warm-up loaded (the engines, the language pipeline, the fonts) lives as long as the worker:
    # moved out of the collector's sight, a full collection during a render no longer walks all of it.
    gc.collect()
    gc.freeze()
    conn.send(("ready",))
    while True:
        try:
            name, arguments = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(run_job(name, arguments))


class _Worker:
    def __init__(self, context: Any) -> None:
        self.conn, child = multiprocessing.Pipe()
        self.process: BaseProcess = context.Process(target=_worker_main, args=(child,), daemon=True)
        self.process.start()
        child.close()

    def wait_ready(self, timeout: float) -> None:
        if not self.conn.poll(timeout):
            self.stop()
            raise RuntimeError(f"a worker did not warm up within {timeout:.0f} s")
        message = self.conn.recv()
        if message[0] != "ready":
            self.stop()
            raise RuntimeError(f"a worker failed to warm up: {message[1]}")

    def call(self, job: tuple[str, dict[str, Any]], deadline: float) -> Any:
        self.conn.send(job)
        if not self.conn.poll(max(0.0, deadline - time.monotonic())):
            raise TimeoutError
        return self.conn.recv()

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


class WorkerPool:
    """``size`` warm worker processes and a bound on the requests waiting for them."""

    def __init__(self, size: int, *, max_requests: int, warm_up_timeout: float = 120.0) -> None:
        self.size = size
        self.max_requests = max_requests
        self.in_flight = 0
        self._warm_up_timeout = warm_up_timeout
        self._context = multiprocessing.get_context("spawn")  # a fresh interpreter: never a copy of one running threads
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._all: set[_Worker] = set()
        self._threads = ThreadPoolExecutor(max_workers=max_requests + size, thread_name_prefix="briefgen-job")
        self._tasks: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        """Start every worker and wait until each is warm.

        Raises:
            RuntimeError: a worker failed to warm up.
        """
        await asyncio.gather(*(self._add() for _ in range(self.size)))

    async def _add(self) -> None:
        loop = asyncio.get_running_loop()
        worker = await loop.run_in_executor(self._threads, _Worker, self._context)
        self._all.add(worker)
        try:
            await loop.run_in_executor(self._threads, worker.wait_ready, self._warm_up_timeout)
        except RuntimeError:
            self._all.discard(worker)
            raise
        self._idle.put_nowait(worker)

    def _replace(self, worker: _Worker) -> None:
        self._all.discard(worker)
        worker.stop()
        task = asyncio.get_running_loop().create_task(self._add())
        self._tasks.add(task)
        task.add_done_callback(self._replaced)

    def _replaced(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("a replacement worker failed to start: %s", task.exception())

    async def run(self, name: str, timeout: float, **arguments: Any) -> Any:
        """Run a job in a free worker within ``timeout`` seconds; return its value.

        Raises:
            Busy: too many requests, or no worker became free in time.
            JobTimeout: the job itself ran past the limit (its worker was replaced).
            JobFailed: the job failed, or its worker died.
        """
        if self.in_flight >= self.max_requests:
            raise Busy(f"the service is busy with {self.in_flight} requests; try again shortly")
        self.in_flight += 1
        deadline = time.monotonic() + timeout
        try:
            try:
                worker = await asyncio.wait_for(self._idle.get(), timeout)
            except TimeoutError:
                raise Busy(f"no worker became free within {timeout:g} s; try again shortly") from None
            return await self._call(worker, (name, arguments), deadline, timeout)
        finally:
            self.in_flight -= 1

    async def _call(self, worker: _Worker, job: tuple[str, dict[str, Any]], deadline: float, timeout: float) -> Any:
        loop = asyncio.get_running_loop()
        try:
            result = await loop.run_in_executor(self._threads, worker.call, job, deadline)
        except TimeoutError:
            self._replace(worker)
            raise JobTimeout(f"the request took longer than the limit of {timeout:g} s and was stopped") from None
        except (EOFError, OSError) as exc:
            self._replace(worker)
            raise JobFailed(500, f"internal error: the worker stopped unexpectedly ({type(exc).__name__})", []) from exc
        except asyncio.CancelledError:
            self._replace(worker)  # the client went away mid-job: never hand a busy worker to the next request
            raise
        self._idle.put_nowait(worker)
        if result[0] == "ok":
            return result[1]
        _, status, message, problems = result
        raise JobFailed(status, message, problems)

    async def close(self) -> None:
        """Stop every worker."""
        for task in list(self._tasks):
            task.cancel()
        for worker in list(self._all):
            worker.stop()
        self._all.clear()
        self._threads.shutdown(wait=False, cancel_futures=True)
