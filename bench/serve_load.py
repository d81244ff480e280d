"""Load test of `briefgen serve` on 127.0.0.1: latency, failures, memory, and a request cancelled mid-render.

Usage: python bench/serve_load.py [--requests 200] [--concurrency 8] [--workers 2]

Starts the service in a child process, renders the example brief to PDF ``--requests`` times with
``--concurrency`` requests in flight, and reports p50/p95 latency, failures and the workers' resident
memory after warm-up and at the end. It then cancels a request mid-render and checks that the next
ones still succeed. For comparison it times WeasyPrint's own in-process render of the same HTML.
Prints a Markdown table. Not part of the tests.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "ukraine-peace-summit.yaml"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _descendants(pid: int) -> list[int]:
    """Return the processes started by ``pid``, at any depth (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, stack = [], [pid]
    while stack:
        for child in children.get(stack.pop(), []):
            found.append(child)
            stack.append(child)
    return found


def _rss_mib(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def _weasyprint_in_process(repeat: int) -> float:
    """Return the median seconds WeasyPrint takes to render briefgen's HTML of the example, warm, in process."""
    import weasyprint

    import briefgen

    html = briefgen.render(briefgen.load(EXAMPLE), "html").decode("utf-8")
    weasyprint.HTML(string=html).write_pdf()  # warm: fonts and imports
    times = []
    for _ in range(repeat):
        tick = time.perf_counter()
        weasyprint.HTML(string=html).write_pdf()
        times.append(time.perf_counter() - tick)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    """Run the load test and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)

    port = _free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("briefgen")), "serve", "--port", str(port), "--workers", str(args.workers)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    body = EXAMPLE.read_bytes()
    headers = {"Content-Type": "application/yaml"}
    try:
        for _ in range(600):
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        with httpx.Client(timeout=120) as client:

            def one(_: int) -> tuple[float, int]:
                tick = time.perf_counter()
                status = client.post(f"{base}/v1/render?format=pdf", content=body, headers=headers).status_code
                return time.perf_counter() - tick, status

            for _ in range(args.workers * 2):  # warm-up: every worker has rendered once
                one(0)
            warm_rss = _rss_mib(_descendants(server.pid))
            with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
                results = list(pool.map(one, range(args.requests)))
            end_rss = _rss_mib(_descendants(server.pid))
            latencies = sorted(t for t, _ in results)
            failures = sum(1 for _, status in results if status != 200)
            single = statistics.median(one(0)[0] for _ in range(10))

            # Cancel a request mid-render: the client goes away; the next requests must still succeed.
            cancelled = threading.Thread(
                target=lambda: _cancel(f"{base}/v1/render?format=pdf", body, headers), daemon=True
            )
            cancelled.start()
            cancelled.join()
            after = [one(0)[1] for _ in range(args.workers * 2)]
        weasy = _weasyprint_in_process(10)
    finally:
        server.terminate()
        server.wait(timeout=30)

    p50 = latencies[len(latencies) // 2]
    p95 = latencies[int(len(latencies) * 0.95) - 1]
    rows = [
        f"| requests / concurrency / workers | {args.requests} / {args.concurrency} / {args.workers} |",
        f"| failures | {failures} |",
        f"| latency p50 / p95 under load | {p50 * 1000:.0f} ms / {p95 * 1000:.0f} ms |",
        f"| throughput | {args.requests / sum(latencies) * args.concurrency:.1f} PDFs/s |",
        f"| one request at a time, median of 10 | {single * 1000:.0f} ms |",
        f"| WeasyPrint in process on the same HTML, warm, median of 10 | {weasy * 1000:.0f} ms |",
        f"| **ratio** service / WeasyPrint in process (target ≤ 1.15) | **{single / weasy:.2f}** |",
        f"| workers' resident memory after warm-up / after the run | {warm_rss:.0f} MiB / {end_rss:.0f} MiB |",
        f"| after a request cancelled mid-render: next {len(after)} requests | "
        f"{'all 200' if all(s == 200 for s in after) else after} |",
    ]
    print(
        "\n".join(
            [
                "Command: `python bench/serve_load.py`",
                "",
                f"Machine: {os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}",
                "",
                "| what | figure |",
                "|---|---|",
                *rows,
            ]
        )
    )
    return 0


def _cancel(url: str, body: bytes, headers: dict[str, str]) -> None:
    """Send a render request and drop the connection before the answer comes."""
    with contextlib.suppress(httpx.HTTPError):
        httpx.post(url, content=body, headers=headers, timeout=0.2)


if __name__ == "__main__":
    sys.exit(main())
