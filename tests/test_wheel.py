"""A wheel-installed briefgen, in a fresh virtual environment, finds its template packs."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import EXAMPLE, ROOT, make_venv, pdf_text


def test_wheel_ships_templates_and_renders(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation", "-q", "-w", str(dist)],
        check=True,
        capture_output=True,
    )
    wheel = next(dist.glob("briefgen-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for required in (
        "briefgen/templates/standard/brief.html.j2",
        "briefgen/templates/standard/brief.docx",
        "briefgen/templates/memo/pack.toml",
        "briefgen/locales/fr.po",
        "briefgen/py.typed",
        "briefgen/starter.yaml",
        "briefgen/brief.schema.json",
    ):
        assert required in names

    python, site = make_venv(tmp_path, with_source=False)
    venv = python.parent.parent
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)], check=True)

    work = tmp_path / "elsewhere"
    work.mkdir()
    where = subprocess.run(
        [str(python), "-c", "import briefgen.packs as p; print(p.BUILTIN_PACKS_DIR)"],
        cwd=work,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    assert where.startswith(site) and where.endswith("briefgen/templates")
    run = subprocess.run(
        [str(venv / "bin" / "briefgen"), "render", str(EXAMPLE), "-o", str(work), "-f", "pdf,docx"],
        cwd=work,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert "Bottom line" in pdf_text((work / "ukraine-peace-summit.pdf").read_bytes())
    assert (work / "ukraine-peace-summit.docx").stat().st_size > 10_000
