"""Render a folder of briefs on a Dask cluster through the briefgen API.

    python examples/dask_render.py BRIEFS_DIR OUT_DIR [--scheduler tcp://host:8786] [--formats pdf,docx]

Without --scheduler it starts a LocalCluster on this machine (one single-threaded worker per
core: WeasyPrint is single-threaded, so processes, not threads, give the speed-up). On a real
cluster, install briefgen (and its fonts) on every worker and point OUT_DIR at shared storage,
or keep the returned bytes and write them where you like.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def render_directory(
    briefs_dir: Path, out_dir: Path, *, formats: list[str], template: str = "standard", client: object = None
) -> dict[str, str]:
    """Render every brief of a folder on the cluster; return {brief: "ok" or the error message}."""
    from dask.distributed import Client, LocalCluster, as_completed

    from briefgen import BriefgenError, render_file
    from briefgen.files import prepare_directory, write_atomic

    own = client is None
    if own:
        client = Client(LocalCluster(threads_per_worker=1, processes=True, dashboard_address=None))
    assert isinstance(client, Client)
    prepare_directory(out_dir)
    paths = sorted(p for p in briefs_dir.iterdir() if p.suffix in {".yaml", ".yml", ".json"})
    # Workers import briefgen.render_file themselves: nothing of this script needs to reach them.
    futures = {client.submit(render_file, str(p), formats, template=template, pure=False): p for p in paths}
    status: dict[str, str] = {}
    try:
        for future in as_completed(futures):
            path = futures[future]
            try:
                outputs = future.result()
            except BriefgenError as exc:
                status[path.name] = f"failed: {exc}"
                continue
            for fmt, data in outputs.items():
                write_atomic(out_dir / f"{path.stem}.{fmt}", data)
            status[path.name] = "ok"
    finally:
        if own:
            client.close()
    return status


def main(argv: list[str]) -> int:
    """Run the recipe from the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("briefs_dir", type=Path)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--scheduler", help="address of a running Dask scheduler")
    parser.add_argument("--formats", default="pdf,docx")
    parser.add_argument("--template", default="standard")
    args = parser.parse_args(argv)
    client = None
    if args.scheduler:
        from dask.distributed import Client

        client = Client(args.scheduler)
    status = render_directory(
        args.briefs_dir, args.out_dir, formats=args.formats.split(","), template=args.template, client=client
    )
    for name, state in sorted(status.items()):
        print(f"{name}: {state}")
    return 1 if any(s != "ok" for s in status.values()) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
