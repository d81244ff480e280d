"""What a careless user does: names that collide, files that would be replaced, odd names, huge knobs.

Each test reproduces the mistake through the command line or the public API and asserts what the
user gets: the exit code and message, the files left, their permissions.
"""

from __future__ import annotations

import os
import shutil
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import EXAMPLE
from typer.testing import CliRunner

import briefgen
from briefgen import cache
from briefgen.batch import render_many
from briefgen.cli import app
from briefgen.errors import InputError
from briefgen.watching import watch_and_render


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.mark.parametrize("second", ["b/x.yaml", "b/x.json"])
def test_two_briefs_that_would_write_the_same_files_are_refused_first(
    runner: CliRunner, tmp_path: Path, second: str
) -> None:
    first = tmp_path / "a" / "x.yaml"
    other = tmp_path / second
    for path in (first, other):
        path.parent.mkdir(exist_ok=True)
        shutil.copy(EXAMPLE, path)
    out = tmp_path / "out"
    result = runner.invoke(app, ["render", str(first), str(other), "-o", str(out), "-f", "md", "-j", "2"])
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {first} and {other} would both be written as x.*; render them into different folders, or rename one\n"
    )
    assert not out.exists()


def test_extract_does_not_replace_a_draft_unless_forced(runner: CliRunner, tmp_path: Path) -> None:
    article = tmp_path / "talks.txt"
    article.write_text("Kenya and Uganda attended the talks in Nairobi on Monday.\n", encoding="utf-8")
    draft = tmp_path / "draft.yaml"
    draft.write_text("# my corrections\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(article), "-o", str(draft)])
    assert result.exit_code == 2
    assert result.stderr == f"error: {draft}: already exists; use --force to replace it\n"
    assert draft.read_text(encoding="utf-8") == "# my corrections\n"
    forced = runner.invoke(app, ["extract", str(article), "-o", str(draft), "--force"])
    assert forced.exit_code == 0, forced.stderr
    assert "Kenya" in draft.read_text(encoding="utf-8")


@pytest.mark.parametrize("stem", ["../x", "/tmp/x", "a\0b", "", ".."])
def test_render_to_refuses_a_stem_that_is_not_a_file_name(tmp_path: Path, stem: str) -> None:
    brief = briefgen.load(EXAMPLE)
    with pytest.raises(InputError) as info:
        briefgen.render_to(brief, tmp_path / "out", ["md"], stem=stem)
    assert str(info.value) == f"stem {stem!r}: give a plain file name, without folders"
    assert not (tmp_path / "x.md").exists() and not (tmp_path / "out").exists()


@pytest.fixture
def umask_077() -> Iterator[None]:
    old = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(old)


def test_outputs_follow_the_umask_and_keep_a_private_file_private(tmp_path: Path, umask_077: None) -> None:
    brief = briefgen.load(EXAMPLE)
    [path] = briefgen.render_to(brief, tmp_path, ["md"], stem="brief")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    os.umask(0o022)
    path.chmod(0o600)
    briefgen.render_to(brief, tmp_path, ["md"], stem="brief")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # re-rendering never widens it


def test_the_cache_is_private_and_a_shared_one_is_not_trusted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(tmp_path / "cache"))
    folder = cache.cache_folder("charts")
    assert folder is not None
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "cache").stat().st_mode) == 0o700
    shared = tmp_path / "shared"
    (shared / "jinja").mkdir(parents=True)
    shared.chmod(0o777)
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(shared))
    assert cache.cache_folder("jinja") is None


def test_the_cache_is_pruned_to_its_limit(tmp_path: Path) -> None:
    for i in range(12):
        path = tmp_path / f"{i:02d}.svg"
        path.write_text("x", encoding="utf-8")
        os.utime(path, (1_000_000 + i, 1_000_000 + i))
    cache.prune(tmp_path, keep=5)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["07.svg", "08.svg", "09.svg", "10.svg", "11.svg"]


def test_jobs_are_capped(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["render", str(EXAMPLE), str(EXAMPLE), "-o", str(tmp_path), "-j", "300"])
    assert result.exit_code == 2
    assert "Invalid value for '--jobs' / '-j': Input should be less than or equal to 64" in result.stderr
    with pytest.raises(InputError, match=r"^jobs: 100000 is out of range; give 1 to 64$"):
        render_many([EXAMPLE], tmp_path, ["md"], jobs=100_000)


@pytest.mark.parametrize("name", ["café", "x\\1y", "Ministère des Affaires étrangères"])
def test_a_new_pack_with_any_name_is_whole_and_usable(runner: CliRunner, tmp_path: Path, name: str) -> None:
    os.chdir(tmp_path)
    made = runner.invoke(app, ["templates", "new", name])
    assert made.exit_code == 0, made.stderr
    out = tmp_path / "out"
    rendered = runner.invoke(app, ["render", str(EXAMPLE), "-o", str(out), "-f", "md", "-t", name])
    assert rendered.exit_code == 0, rendered.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([name, "out"])


def test_a_watch_survives_a_broken_pack_and_ignores_its_own_outputs(tmp_path: Path) -> None:
    brief = tmp_path / "brief.yaml"
    shutil.copy(EXAMPLE, brief)
    out = tmp_path / "out"  # inside the watched folder, as when a user runs the watch there
    out.mkdir()
    calls: list[str] = []
    lines: list[str] = []
    stop = threading.Event()

    def render(path: Path) -> list[Path]:
        calls.append(path.name)
        if len(calls) == 1:
            raise RuntimeError("a pack's filter failed")
        written = out / "brief.md"
        written.write_text(f"render {len(calls)}\n", encoding="utf-8")
        return [written]

    watcher = threading.Thread(
        target=watch_and_render,
        args=([brief], tmp_path / "pack", render),
        kwargs={"log": lines.append, "stop_event": stop, "output": out},
    )
    (tmp_path / "pack").mkdir()
    watcher.start()
    try:
        for _ in range(100):
            if any(line.startswith("watching") for line in lines):
                break
            time.sleep(0.05)
        brief.write_text(brief.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        for _ in range(100):
            if len(calls) >= 2:
                break
            time.sleep(0.05)
        time.sleep(1.0)  # long enough for the watch to see its own output, were it looking
    finally:
        stop.set()
        watcher.join(timeout=10)
    assert lines[0] == f"error: {brief}: RuntimeError: a pack's filter failed"
    assert calls == ["brief.yaml", "brief.yaml"]


def test_the_api_checks_a_brief_that_was_never_validated() -> None:
    brief = briefgen.load(EXAMPLE)
    changed = brief.model_copy(update={"title": "Talks\x00 in Geneva"})
    with pytest.raises(briefgen.ValidationError) as info:
        briefgen.render(changed, "json")
    assert str(info.value) == (
        "<brief>: title: contains the control character U+0000 at position 5, which documents cannot hold"
    )
    built = briefgen.Brief.model_construct(title="T", date=brief.date, summary="S", positions="not a list")
    with pytest.raises(briefgen.ValidationError) as info:
        briefgen.render(built, "md")
    assert str(info.value) == "<brief>: positions: input should be a valid list"
    with pytest.raises(InputError, match=r"^<brief>: expected a Brief, got dict$"):
        briefgen.render({"title": "T"}, "md")  # type: ignore[arg-type]


def test_threads_rendering_at_once_in_a_fresh_process_all_succeed(tmp_path: Path) -> None:
    import subprocess
    import sys

    script = f"""
import threading, briefgen
brief = briefgen.load({str(EXAMPLE)!r})
errors = []
def work(fmt):
    try:
        assert briefgen.render(brief, fmt)[:4] in (b"%PDF", b"PK\\x03\\x04")
    except Exception as exc:
        errors.append(repr(exc))
threads = [threading.Thread(target=work, args=("pdf" if i % 2 else "docx",)) for i in range(8)]
for t in threads: t.start()
for t in threads: t.join()
print("errors:", errors)
"""
    env = {**os.environ, "BRIEFGEN_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "errors: []"
