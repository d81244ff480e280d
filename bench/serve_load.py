"""Load test of `briefgen serve` on 127.0.0.1: latency, failures, memory, and a request cancelled mid-render.

Usage: python bench/serve_load.py [--requests 200] [--concurrency 8] [--workers 2] [--rounds 20]

Starts the service in a child process, renders the example brief to PDF ``--requests`` times with
``--concurrency`` requests in flight, and reports p50/p95 latency, failures and the workers' resident
memory after warm-up and at the end. Then, one request at a time, it alternates ``--rounds`` service
requests with WeasyPrint's own in-process render of the same HTML with the same options (tagged, the
pack's stylesheet, the brief attached; see ``_weasyprint_in_process``) and reports both and their
ratio. Last it cancels a request mid-render and checks that the next ones still succeed.
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
from collections.abc import Callable
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


def _weasyprint_in_process() -> Callable[[], bytes]:
    """Return WeasyPrint's in-process render of the HTML briefgen typesets for the example, warmed up.

    The same render as the service's: the HTML briefgen hands WeasyPrint for the example, its pack's
    stylesheet, one warm font configuration, the same options (tagged, no variant, the brief attached,
    a fixed identifier, compressed). Only briefgen's own work is left out: reading and checking the
    brief, the template, and the structure tree's mending.
    """
    import hashlib

    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    import briefgen
    from briefgen.api import default_registry, prepare_view
    from briefgen.options import render_options
    from briefgen.renderers.text import render_html
    from briefgen.serialisation import dump

    options = render_options()
    registry = default_registry()
    pack = registry.template(options.template)
    view = prepare_view(briefgen.load(EXAMPLE), options, registry)
    html = render_html(pack, view, options, inline_css=False)
    base_url = pack.path.resolve().as_uri() + "/"
    fonts = FontConfiguration()
    stylesheet = weasyprint.CSS(string=pack.stylesheet, base_url=base_url, font_config=fonts)
    attachment = dump(view.brief, "json")

    def once() -> bytes:
        document = weasyprint.HTML(string=html, base_url=base_url).render(
            stylesheets=[stylesheet], font_config=fonts, pdf_tags=options.pdf_tags
        )
        brief = weasyprint.Attachment(string=attachment, name="brief.json", relationship="Source")
        pdf: bytes = document.write_pdf(
            pdf_variant=options.pdf_variant,
            pdf_tags=options.pdf_tags,
            pdf_identifier=hashlib.sha256(html.encode()).hexdigest()[:32].encode(),
            attachments=[brief] if options.attach_json else [],
            uncompressed_pdf=False,
        )
        return pdf

    once()  # warm: imports, fonts, the stylesheet's first use
    return once


def main(argv: list[str] | None = None) -> int:
    """Run the load test and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=20, help="alternating one-at-a-time rounds (20)")
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
            # One request at a time against WeasyPrint in this process, alternating, so that the
            # machine's changing load falls on both alike.
            weasyprint_render = _weasyprint_in_process()
            served, direct, ratios = [], [], []
            for _ in range(args.rounds):
                tick = time.perf_counter()
                response = client.post(f"{base}/v1/render?format=pdf", content=body, headers=headers)
                served.append(time.perf_counter() - tick)
                tick = time.perf_counter()
                baseline = weasyprint_render()
                direct.append(time.perf_counter() - tick)
                ratios.append(served[-1] / direct[-1])
            sizes = (len(response.content), len(baseline))

            # Cancel a request mid-render: the client goes away; the next requests must still succeed.
            cancelled = threading.Thread(
                target=lambda: _cancel(f"{base}/v1/render?format=pdf", body, headers), daemon=True
            )
            cancelled.start()
            cancelled.join()
            after = [one(0)[1] for _ in range(args.workers * 2)]
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
        f"| one at a time, service: p50 / p95 of {args.rounds} | {_ms(served, 50)} / {_ms(served, 95)} |",
        f"| one at a time, WeasyPrint in process, same HTML and options: p50 / p95 | "
        f"{_ms(direct, 50)} / {_ms(direct, 95)} |",
        f"| PDF size: service / WeasyPrint in process | {sizes[0]:,} / {sizes[1]:,} bytes |",
        f"| **ratio** service / WeasyPrint in process, median of the rounds' ratios (target ≤ 1.15) | "
        f"**{statistics.median(ratios):.2f}** |",
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


def _ms(seconds: list[float], percentile: int) -> str:
    ordered = sorted(seconds)
    return f"{ordered[max(0, round(len(ordered) * percentile / 100) - 1)] * 1000:.0f} ms"


def _cancel(url: str, body: bytes, headers: dict[str, str]) -> None:
    """Send a render request and drop the connection before the answer comes."""
    with contextlib.suppress(httpx.HTTPError):
        httpx.post(url, content=body, headers=headers, timeout=0.2)


if __name__ == "__main__":
    sys.exit(main())
