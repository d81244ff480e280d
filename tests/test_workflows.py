"""Briefgen inside report workflows: API, plugins, batch runs, streams, watch, and a Dask cluster."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import EXAMPLE, EXAMPLES, make_venv, pdf_text
from typer.testing import CliRunner

import briefgen
from briefgen.cli import app
from briefgen.registry import Registry

PLUGIN = EXAMPLES / "plugins" / "briefgen-plaintext"


def test_public_api_is_the_package_root() -> None:
    for name in ("load", "extract", "render", "render_to", "build", "Brief", "BriefgenError", "Registry"):
        assert name in briefgen.__all__
        assert hasattr(briefgen, name)


def test_render_to_returns_the_paths(tmp_path: Path, example_brief: briefgen.Brief) -> None:
    paths = briefgen.render_to(example_brief, tmp_path, ["pdf", "md"], stem="x")
    assert paths == [tmp_path / "x.pdf", tmp_path / "x.md"]
    assert "Bottom line" in pdf_text(paths[0].read_bytes())


def test_builtins_come_from_entry_points() -> None:
    registry = Registry.discover()
    assert {info.distribution for info in registry.describe()} == {"briefgen"}
    assert registry.names("renderer") == ["docx", "html", "json", "md", "pdf"]
    assert registry.names("template") == ["memo", "standard"]
    assert registry.names("extractor") == ["llm", "rules"]


def test_a_plugin_cannot_shadow_a_builtin() -> None:
    registry = Registry.discover()
    registry.add("renderer", "pdf", "evil:Renderer", "evil-plugin")
    assert registry.plugins["renderer"]["pdf"].distribution == "briefgen"
    assert registry.refused == [
        "renderer 'pdf' from evil-plugin refused: it would replace briefgen's built-in renderer of that name; rename it"
    ]


def test_registry_objects_are_independent() -> None:
    first, second = Registry.discover(), Registry.discover()
    first.add("renderer", "extra", "x:Y", "some-plugin")
    assert "extra" not in second.names("renderer")


def test_example_plugin_in_a_fresh_venv(tmp_path: Path) -> None:
    python, _ = make_venv(tmp_path, with_source=True)
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation", str(PLUGIN)],
        check=True,
        capture_output=True,
    )
    plugins = subprocess.run(
        [str(python), "-m", "briefgen", "plugins"], check=True, capture_output=True, text=True
    ).stdout.splitlines()
    assert "renderer   txt          briefgen-plaintext" in plugins
    assert "template   email        briefgen-plaintext" in plugins
    assert "renderer   pdf          briefgen" in plugins
    out = tmp_path / "out"
    run = subprocess.run(
        [str(python), "-m", "briefgen", "render", str(EXAMPLE), "-o", str(out), "-f", "txt,pdf", "-t", "email"],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    text = (out / "ukraine-peace-summit.txt").read_text()
    marking = "TLP:AMBER  ·  UNCLASSIFIED // FOR TRAINING"
    assert text.startswith(f"{marking}\n\nUKRAINE PEACE SUMMIT: MOSCOW SETS ITS TERMS")
    assert text.endswith(f"\n\n{marking}\n")
    assert "- Russia: Russia will order a ceasefire" in text
    assert "Ukraine peace summit" in pdf_text((out / "ukraine-peace-summit.pdf").read_bytes())


@pytest.fixture
def plaintext_registry(monkeypatch: pytest.MonkeyPatch) -> Registry:
    """A registry with the example plugin's renderer and pack, imported from its source folder."""
    monkeypatch.syspath_prepend(str(PLUGIN))
    registry = Registry.discover()
    registry.add("renderer", "txt", "briefgen_plaintext:PlaintextRenderer", "briefgen-plaintext")
    registry.add("template", "email", "briefgen_plaintext:email_pack", "briefgen-plaintext")
    return registry


@pytest.mark.parametrize("pack", ["email", "standard"])
def test_example_plugin_prints_the_handling_marks_at_top_and_bottom(
    plaintext_registry: Registry, example_brief: briefgen.Brief, pack: str
) -> None:
    text = briefgen.render(example_brief, "txt", template=pack, registry=plaintext_registry).decode()
    lines = text.splitlines()
    assert lines[0] == lines[-1] == "TLP:AMBER  ·  UNCLASSIFIED // FOR TRAINING"
    assert text.count("TLP:AMBER") == 2 and "DRAFT" not in text
    assert lines[2].startswith("UKRAINE PEACE SUMMIT: MOSCOW" if pack == "email" else "Ukraine peace summit: Moscow")


def test_example_plugin_marks_a_draft(plaintext_registry: Registry, example_brief: briefgen.Brief) -> None:
    draft = example_brief.model_copy(
        update={"drafting": briefgen.Drafting(method="rules"), "handling": briefgen.Handling(tlp="RED")}
    )
    lines = briefgen.render(draft, "txt", template="email", registry=plaintext_registry).decode().splitlines()
    notice = "DRAFT — machine-extracted; verify against sources"
    assert lines[:3] == ["TLP:RED", notice, ""]
    assert lines[-3:] == ["", notice, "TLP:RED"]


def test_batch_keeps_going_past_a_bad_brief(runner: CliRunner, tmp_path: Path) -> None:
    briefs = tmp_path / "briefs"
    briefs.mkdir()
    for name in ("a", "b", "c"):
        (briefs / f"{name}.yaml").write_text(EXAMPLE.read_text())
    (briefs / "bad.yaml").write_text("title: only a title\n")
    out = tmp_path / "out"
    args = ["render", *sorted(str(p) for p in briefs.iterdir()), "-o", str(out), "-f", "md", "--jobs", "2"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert sorted(line.split("] ")[1] for line in lines[:4]) == sorted(
        [f"failed {briefs / 'bad.yaml'}"] + [f"ok {briefs / n}.yaml" for n in ("a", "b", "c")]
    )
    assert f"rendered 3 of 4 briefs into {out}" in lines
    assert f"failed: {briefs / 'bad.yaml'}: {briefs / 'bad.yaml'}:1:1: date: field required" in lines
    assert sorted(p.name for p in out.iterdir()) == ["a.md", "b.md", "c.md"]


def test_batch_api(tmp_path: Path) -> None:
    from briefgen.batch import render_many

    bad = tmp_path / "bad.yaml"
    bad.write_text("title: [\n")
    seen: list[str] = []
    result = render_many([EXAMPLE, bad], tmp_path / "out", ["json"], on_done=lambda o: seen.append(o.source))
    assert [o.ok for o in result.outcomes] == [True, False]
    assert seen == [str(EXAMPLE), str(bad)]
    assert result.failures[0].error is not None and "invalid YAML" in result.failures[0].error


def test_streams_in_a_shell_pipeline(tmp_path: Path) -> None:
    briefgen_cmd = [sys.executable, "-m", "briefgen"]
    validated = subprocess.run(
        [*briefgen_cmd, "render", "-", "-f", "json", "-o", "-"],
        input=EXAMPLE.read_bytes(),
        capture_output=True,
        check=True,
    ).stdout
    assert briefgen.load(validated).title.startswith("Ukraine peace summit")
    pdf = subprocess.run(
        [*briefgen_cmd, "render", "-", "-f", "pdf", "-o", "-"], input=validated, capture_output=True, check=True
    ).stdout
    assert pdf.startswith(b"%PDF-") and "Bottom line" in pdf_text(pdf)


def test_watch_rerenders_on_change(tmp_path: Path) -> None:
    from briefgen.packs import BUILTIN_PACKS_DIR
    from briefgen.watching import watch_and_render

    brief = tmp_path / "brief.yaml"
    brief.write_text(EXAMPLE.read_text())
    out = tmp_path / "out"
    stop = threading.Event()
    log: list[str] = []

    def render(path: Path) -> list[Path]:
        return briefgen.render_to(briefgen.load(path), out, ["md"], stem=path.stem)

    thread = threading.Thread(
        target=watch_and_render,
        args=([brief], BUILTIN_PACKS_DIR / "standard", render),
        kwargs={"log": log.append, "stop_event": stop},
    )
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not (out / "brief.md").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert "Moscow sets its terms" in (out / "brief.md").read_text()
        time.sleep(0.5)
        brief.write_text(EXAMPLE.read_text().replace("Moscow sets its terms", "Moscow changes its terms"))
        while "changes its terms" not in (out / "brief.md").read_text() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert "Moscow changes its terms" in (out / "brief.md").read_text()
        brief.write_text("title: [\n")
        while not any(line.startswith("error:") for line in log) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert any(line.startswith(f"error: {brief}:") for line in log)
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_dask_recipe_on_a_local_cluster(tmp_path: Path) -> None:
    pytest.importorskip("dask.distributed")
    sys.path.insert(0, str(EXAMPLES))
    try:
        import dask_render
    finally:
        sys.path.remove(str(EXAMPLES))
    from dask.distributed import Client, LocalCluster

    briefs = tmp_path / "briefs"
    briefs.mkdir()
    for i in range(4):
        (briefs / f"b{i}.yaml").write_text(EXAMPLE.read_text())
    (briefs / "bad.yaml").write_text("title: x\n")
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    with cluster, Client(cluster) as client:
        status = dask_render.render_directory(briefs, tmp_path / "out", formats=["pdf", "md"], client=client)
    assert {k: v for k, v in status.items() if k != "bad.yaml"} == {f"b{i}.yaml": "ok" for i in range(4)}
    assert status["bad.yaml"].startswith("failed: ")
    assert len(list((tmp_path / "out").glob("*.pdf"))) == 4


def test_api_names_are_functions_even_after_every_module_is_loaded() -> None:
    import importlib

    for module in ("briefgen.renderers.pdf", "briefgen.renderers.docx", "briefgen.extraction", "briefgen.api"):
        importlib.import_module(module)
    assert callable(briefgen.render) and briefgen.render.__module__ == "briefgen.api"
    assert callable(briefgen.extract) and briefgen.extract.__module__ == "briefgen.api"


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_render_on_a_local_dask_cluster_isolates_a_bad_brief(tmp_path: Path) -> None:
    pytest.importorskip("dask.distributed")
    briefs = tmp_path / "in"
    briefs.mkdir()
    for i in range(3):
        (briefs / f"b{i}.yaml").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    bad = briefs / "bad.yaml"
    bad.write_text("title: x\n", encoding="utf-8")
    out = tmp_path / "out"
    paths = [str(p) for p in sorted(briefs.iterdir())]
    result = CliRunner().invoke(app, ["render", *paths, "-o", str(out), "-f", "pdf,md", "--dask", "local"])
    assert result.exit_code == 1, result.stderr
    assert f"rendered 3 of 4 briefs into {out}" in result.stderr
    assert f"failed: {bad}: {bad}:1:1: date: field required" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(f"b{i}.{ext}" for i in range(3) for ext in ("pdf", "md"))
    assert "Ukraine peace summit" in pdf_text((out / "b0.pdf").read_bytes())
