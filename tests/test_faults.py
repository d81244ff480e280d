"""Output faults: a failed or interrupted render leaves no partial file and never loses a good one.

The renderers are real; only the operating system's side (the disk, permissions, Ctrl-C) is simulated, by
giving ``briefgen.files`` an ``os``/``tempfile`` whose one call fails.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLE, ROOT, docx_text, pdf_text
from typer.testing import CliRunner

import briefgen
import briefgen.files
from briefgen.cli import app

STEM = EXAMPLE.stem  # ukraine-peace-summit
OLD_PDF = b"%PDF-1.7 the previous, good brief"
OLD_DOCX = b"PK the previous, good Word file"


class FaultyModule:
    """A stand-in for a module as ``briefgen.files`` sees it: every attribute is the real one but the overrides."""

    def __init__(self, real: Any, **overrides: Any) -> None:
        self._real = real
        self._overrides = overrides

    def __getattr__(self, name: str) -> Any:
        return self._overrides[name] if name in self._overrides else getattr(self._real, name)


def fail_os(monkeypatch: pytest.MonkeyPatch, **overrides: Any) -> None:
    monkeypatch.setattr(briefgen.files, "os", FaultyModule(os, **overrides))


def part_files(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".part"))


def previous_outputs(directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / f"{STEM}.pdf").write_bytes(OLD_PDF)
    (directory / f"{STEM}.docx").write_bytes(OLD_DOCX)


def render(runner: CliRunner, out: Path, formats: str = "pdf,docx", *extra: str) -> Any:
    return runner.invoke(app, ["render", str(EXAMPLE), "-o", str(out), "-f", formats, *extra])


def half_then(exc: BaseException, seen: list[list[str]], only: str = "") -> Callable[..., Any]:
    """Return an ``os.fdopen`` whose file writes half the data to disk, then raises ``exc``.

    ``seen`` records the temporary files present at the moment of failure, to show there was a partial file
    to clean up. With ``only``, files whose temporary name lacks it are written normally.
    """

    def fdopen(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        real = os.fdopen(fd, mode, *args, **kwargs)
        name = os.readlink(f"/proc/self/fd/{fd}") if os.path.exists(f"/proc/self/fd/{fd}") else ""
        if only and only not in name:
            return real

        class HalfFile:
            def __enter__(self) -> HalfFile:
                return self

            def __exit__(self, *exc_info: object) -> None:
                real.close()

            def write(self, data: bytes) -> int:
                real.write(data[: len(data) // 2])
                real.flush()
                seen.append(part_files(Path(name).parent) if name else ["?"])
                raise exc

            def flush(self) -> None:
                real.flush()

            def fileno(self) -> int:
                return real.fileno()

        return HalfFile()

    return fdopen


# --- A failed render keeps what was there ---------------------------------------------------------------------------


def test_broken_word_base_document_keeps_both_previous_files(runner: CliRunner, tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(ROOT / "templates" / "standard", pack)
    (pack / "brief.docx").write_bytes(b"this is not a zip file")
    out = tmp_path / "out"
    previous_outputs(out)
    result = render(runner, out, "pdf,docx", "-t", str(pack))
    assert result.exit_code == 1
    assert result.stderr == f"error: {pack / 'brief.docx'}: not a usable Word document: File is not a zip file\n"
    # The PDF rendered fine, but nothing is written until every format has rendered.
    assert (out / f"{STEM}.pdf").read_bytes() == OLD_PDF
    assert (out / f"{STEM}.docx").read_bytes() == OLD_DOCX
    assert sorted(p.name for p in out.iterdir()) == [f"{STEM}.docx", f"{STEM}.pdf"]


def test_template_failing_while_rendering_keeps_the_previous_file(runner: CliRunner, tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(ROOT / "templates" / "standard", pack)
    template = pack / "brief.html.j2"
    template.write_text(template.read_text().replace("<body>\n", "<body>\n<p>{{ no_such_variable }}</p>\n", 1))
    out = tmp_path / "out"
    previous_outputs(out)
    result = render(runner, out, "pdf", "-t", str(pack))
    assert result.exit_code == 1
    line = template.read_text().splitlines().index("<p>{{ no_such_variable }}</p>") + 1
    assert result.stderr == f"error: {template}:{line}: template error: 'no_such_variable' is undefined\n"
    assert (out / f"{STEM}.pdf").read_bytes() == OLD_PDF
    assert part_files(out) == []


def test_second_file_failing_to_write_keeps_its_previous_version(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each file is replaced atomically: the PDF is new and whole, the Word file that failed is the old one."""
    out = tmp_path / "out"
    previous_outputs(out)

    def replace(src: str, dst: str) -> None:
        if str(dst).endswith(".docx"):
            raise PermissionError(errno.EACCES, "Permission denied", str(dst))
        os.replace(src, dst)

    fail_os(monkeypatch, replace=replace)
    result = render(runner, out)
    assert result.exit_code == 1
    # The command line reports only the failure, though the PDF was replaced (render_to returns no list).
    assert result.stderr == f"error: {out / (STEM + '.docx')}: could not be written: Permission denied\n"
    assert "Bottom line" in pdf_text((out / f"{STEM}.pdf").read_bytes())
    assert (out / f"{STEM}.docx").read_bytes() == OLD_DOCX
    assert part_files(out) == []


# --- Permissions and missing directories ---------------------------------------------------------------------------


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0,
    reason="running as root, which writes into a 0o500 directory regardless; simulated in the tests below",
)
def test_read_only_output_directory(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out"
    previous_outputs(out)
    out.chmod(0o500)
    try:
        result = render(runner, out)
    finally:
        out.chmod(0o700)
    assert result.exit_code == 2
    assert result.stderr == f"error: {out}: the output directory is not writable\n"
    assert (out / f"{STEM}.pdf").read_bytes() == OLD_PDF


def test_output_directory_not_writable_is_refused_before_rendering(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    previous_outputs(out)
    fail_os(monkeypatch, access=lambda path, mode: Path(path) != out)
    result = render(runner, out)
    assert result.exit_code == 2
    assert result.stderr == f"error: {out}: the output directory is not writable\n"
    assert (out / f"{STEM}.pdf").read_bytes() == OLD_PDF
    assert (out / f"{STEM}.docx").read_bytes() == OLD_DOCX


def test_permission_denied_on_rename(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    previous_outputs(out)

    def replace(src: str, dst: str) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(dst))

    fail_os(monkeypatch, replace=replace)
    result = render(runner, out, "pdf")
    assert result.exit_code == 1
    assert result.stderr == f"error: {out / (STEM + '.pdf')}: could not be written: Permission denied\n"
    assert (out / f"{STEM}.pdf").read_bytes() == OLD_PDF
    assert part_files(out) == []


@pytest.mark.parametrize(
    ("code", "reason"),
    [(errno.EACCES, "Permission denied"), (errno.ENOSPC, "the disk is full")],
    ids=["EACCES", "ENOSPC"],
)
def test_temporary_file_cannot_be_created(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, reason: str
) -> None:
    out = tmp_path / "out"
    previous_outputs(out)

    def mkstemp(*args: Any, **kwargs: Any) -> tuple[int, str]:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(briefgen.files, "tempfile", FaultyModule(tempfile, mkstemp=mkstemp))
    result = render(runner, out, "pdf")
    assert result.exit_code == 1
    assert result.stderr == f"error: {out / (STEM + '.pdf')}: could not be written: {reason}\n"
    assert (out / f"{STEM}.pdf").read_bytes() == OLD_PDF


def test_missing_output_directories_are_created(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "new" / "nested" / "out"
    result = render(runner, out)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"wrote {out / (STEM + '.pdf')}\nwrote {out / (STEM + '.docx')}\n"
    assert "Bottom line" in pdf_text((out / f"{STEM}.pdf").read_bytes())
    assert "Bottom line" in docx_text((out / f"{STEM}.docx").read_bytes())


def test_output_directory_under_a_file(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    out = tmp_path / "file" / "out"
    result = render(runner, out)
    assert result.exit_code == 2
    assert result.stderr == f"error: {out}: cannot create the output directory (Not a directory)\n"


def test_output_directory_cannot_be_created(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def mkdir(self: Path, *args: Any, **kwargs: Any) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    monkeypatch.setattr(Path, "mkdir", mkdir)
    out = tmp_path / "out"
    result = render(runner, out)
    assert result.exit_code == 2
    assert result.stderr == f"error: {out}: cannot create the output directory (Permission denied)\n"


# --- A full disk ----------------------------------------------------------------------------------------------------


def test_disk_full_while_writing(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    previous_outputs(out)
    seen: list[list[str]] = []
    fail_os(monkeypatch, fdopen=half_then(OSError(errno.ENOSPC, "No space left on device"), seen))
    result = render(runner, out, "pdf")
    assert result.exit_code == 1
    assert result.stderr == f"error: {out / (STEM + '.pdf')}: could not be written: the disk is full\n"
    assert len(seen) == 1 and len(seen[0]) == 1  # half a PDF was on disk when the write failed…
    assert part_files(out) == []  # …and is gone
    assert (out / f"{STEM}.pdf").read_bytes() == OLD_PDF


def test_disk_full_on_sync(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    previous_outputs(out)

    def fsync(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    fail_os(monkeypatch, fsync=fsync)
    result = render(runner, out, "docx")
    assert result.exit_code == 1
    assert result.stderr == f"error: {out / (STEM + '.docx')}: could not be written: the disk is full\n"
    assert part_files(out) == []
    assert (out / f"{STEM}.docx").read_bytes() == OLD_DOCX


def test_disk_full_writing_a_starter_brief(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "brief.yaml"
    seen: list[list[str]] = []
    fail_os(monkeypatch, fdopen=half_then(OSError(errno.ENOSPC, "No space left on device"), seen))
    result = runner.invoke(app, ["new", "-o", str(target)])
    assert result.exit_code == 1
    assert result.stderr == f"error: {target}: could not be written: the disk is full\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == []


# --- Ctrl-C ---------------------------------------------------------------------------------------------------------


def test_ctrl_c_while_rendering(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: Any, **kwargs: Any) -> bytes:
        raise KeyboardInterrupt

    monkeypatch.setattr(type(briefgen.default_registry().renderer("docx")), "render", interrupted)
    out = tmp_path / "out"
    result = render(runner, out)  # the PDF renders, then Ctrl-C arrives during the Word file
    assert result.exit_code == 130
    assert result.stderr == "interrupted; no partial files were left\n"
    assert list(out.iterdir()) == []


def test_ctrl_c_while_writing(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    previous_outputs(out)
    seen: list[list[str]] = []
    fail_os(monkeypatch, fdopen=half_then(KeyboardInterrupt(), seen, only=".docx."))
    result = render(runner, out)
    assert result.exit_code == 130
    assert result.stderr == "interrupted; no partial files were left\n"
    assert len(seen) == 1 and len(seen[0]) == 1
    assert part_files(out) == []
    assert "Bottom line" in pdf_text((out / f"{STEM}.pdf").read_bytes())  # written whole before the interrupt
    assert (out / f"{STEM}.docx").read_bytes() == OLD_DOCX


def test_ctrl_c_while_loading(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import briefgen.api

    def interrupted(*args: Any, **kwargs: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(briefgen.api, "load", interrupted)
    out = tmp_path / "out"
    result = render(runner, out)
    assert result.exit_code == 130
    assert result.stderr == "interrupted; no partial files were left\n"
    assert not out.exists()


def test_library_write_is_atomic_under_ctrl_c(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """render_to, the library's writer, lets KeyboardInterrupt through and leaves no temporary file."""
    previous_outputs(tmp_path)
    seen: list[list[str]] = []
    fail_os(monkeypatch, fdopen=half_then(KeyboardInterrupt(), seen))
    brief = briefgen.load(EXAMPLE)
    with pytest.raises(KeyboardInterrupt):
        briefgen.render_to(brief, tmp_path, ["pdf"], stem=STEM)
    assert len(seen) == 1
    assert part_files(tmp_path) == []
    assert (tmp_path / f"{STEM}.pdf").read_bytes() == OLD_PDF


# --- Standard output ------------------------------------------------------------------------------------------------


def run_cli(*args: str, **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-c", "from briefgen.cli import main; main()", *args],
        stderr=subprocess.PIPE,
        timeout=120,
        check=False,
        **kwargs,
    )


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize(
    "args",
    [["render", str(EXAMPLE), "-o", "-", "-f", "md"], ["new", "-o", "-"], ["schema"]],
    ids=["render", "new", "schema"],
)
def test_full_standard_output(args: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        result = run_cli(*args, stdout=full)
    err = result.stderr.decode()
    assert result.returncode == 1
    assert "Traceback" not in err and "internal error" not in err
    assert err.startswith("error: ") and err.endswith("the disk is full\n") and err.count("\n") == 1


def test_closed_standard_output() -> None:
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from briefgen.cli import main; main()",
            "render",
            str(EXAMPLE),
            "-o",
            "-",
            "-f",
            "pdf",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()  # the reader has gone, as `| head -c 0` would
    err = child.stderr.read().decode()
    child.wait(timeout=120)
    assert child.returncode != 0
    assert "internal error" not in err and "Traceback" not in err


@pytest.mark.parametrize("delay", [0.0, 0.3, 0.6])
def test_ctrl_c_to_the_executable_exits_130_and_leaves_no_file(tmp_path: Path, delay: float) -> None:
    """Ctrl-C once the command runs (its start-up measured first, as it varies with the machine's load)."""
    import signal
    import time

    executable = Path(sys.executable).with_name("briefgen")
    started = time.monotonic()
    subprocess.run([str(executable), "--version"], capture_output=True, check=True, timeout=120)
    start_up = time.monotonic() - started
    out = tmp_path / "out"
    child = subprocess.Popen(
        [str(executable), "render", str(EXAMPLE), "-o", str(out), "-f", "pdf,docx"], stderr=subprocess.PIPE
    )
    time.sleep(start_up + delay)
    child.send_signal(signal.SIGINT)
    _, err = child.communicate(timeout=60)
    if child.returncode == 0:
        pytest.skip("the brief was done before the interrupt")  # a very fast machine
    assert child.returncode == 130, err.decode()
    assert err.decode() == "interrupted; no partial files were left\n"
    assert not out.exists() or list(out.iterdir()) == []


def test_ctrl_c_during_a_batch_exits_130(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import briefgen.batch

    def interrupted(source: str) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(briefgen.batch, "_render_one", interrupted)
    out = tmp_path / "out"
    result = runner.invoke(app, ["render", str(EXAMPLE), str(EXAMPLE), "-o", str(out), "-f", "json"])
    assert result.exit_code == 130
    assert result.stderr == "interrupted; no partial files were left\n"
    assert list(out.iterdir()) == []
