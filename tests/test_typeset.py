"""The typesetting helper: the executable starts WeasyPrint early on another core, and the PDF is the same.

Each check runs in a fresh interpreter, as the executable does, so that forking is that process's own affair
and "was WeasyPrint imported here?" has a clean answer.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import EXAMPLE, pdf_text

import briefgen
from briefgen.entry import wants_pdf

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the helper is forked on Linux only")
# The helper is started only where a second core can do its work.
needs_two_cores = pytest.mark.skipif(
    sys.platform.startswith("linux") and len(os.sched_getaffinity(0)) < 2, reason="needs two cores"
)


def python(code: str, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, timeout=120, check=False)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["render", "a.yaml"], True),
        (["render", "a.yaml", "-o", "out", "-f", "pdf,docx"], True),
        (["--debug", "render", "a.yaml", "--format=html,PDF"], True),
        (["render", "-fpdf", "a.yaml"], True),
        (["build", "article.txt", "-o", "out"], True),
        (["render", "a.yaml", "-f", "docx"], False),
        (["render", "a.yaml", "-f", "pdf", "-f", "docx"], False),
        (["render", "a.yaml", "-f", "docx", "--format", "pdf"], True),
        (["render", "a.yaml", "--format=md"], False),
        (["render", "a.yaml", "--help"], False),
        (["render", "a.yaml", "--watch"], False),
        (["validate", "a.yaml"], False),
        (["extract", "article.txt"], False),
        ([], False),
    ],
)
def test_which_arguments_start_the_helper(args: list[str], expected: bool) -> None:
    assert wants_pdf(args) is expected


def test_the_executable_makes_the_same_pdf_as_the_library(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "briefgen", "render", str(EXAMPLE), "-o", str(tmp_path), "-f", "pdf"],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode()
    assert result.stderr.decode() == f"wrote {tmp_path / 'ukraine-peace-summit.pdf'}\n"
    made = (tmp_path / "ukraine-peace-summit.pdf").read_bytes()
    assert made == briefgen.render(briefgen.load(EXAMPLE), "pdf")
    assert "Bottom line" in pdf_text(made)


RENDER_WITH_HELPER = """
import sys
from briefgen import load, render
from briefgen.typeset import start_helper
assert start_helper(), "no helper started"
{before}
pdf = render(load(sys.argv[1]), "pdf")
print("weasyprint imported here:", "weasyprint" in sys.modules, file=sys.stderr)
sys.stdout.buffer.write(pdf)
"""


@needs_two_cores
def test_the_helper_typesets_and_this_process_never_imports_weasyprint() -> None:
    result = python(RENDER_WITH_HELPER.format(before=""), str(EXAMPLE))
    assert result.returncode == 0, result.stderr.decode()
    assert result.stderr.decode() == "weasyprint imported here: False\n"
    assert result.stdout == briefgen.render(briefgen.load(EXAMPLE), "pdf")


@needs_two_cores
def test_a_helper_that_dies_is_replaced_by_typesetting_here() -> None:
    kill = (
        "import multiprocessing, os, signal\nfor c in multiprocessing.active_children(): os.kill(c.pid, signal.SIGKILL)"
    )
    result = python(RENDER_WITH_HELPER.format(before=kill), str(EXAMPLE))
    assert result.returncode == 0, result.stderr.decode()
    assert result.stderr.decode() == "weasyprint imported here: True\n"
    assert result.stdout == briefgen.render(briefgen.load(EXAMPLE), "pdf")


TYPESET_FAILING = """
import datetime as dt, sys
from pathlib import Path
from briefgen.errors import RenderError
from briefgen.typeset import PdfJob, start_helper, typeset
start_helper()
job = PdfJob(html={html!r}, pack=Path(sys.argv[1]), stylesheet="", variant={variant!r}, tags=True,
             identifier=b"0" * 32, stamp=dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
try:
    typeset(job)
except (RenderError, KeyError) as exc:
    print(type(exc).__name__, exc, "| weasyprint imported here:", "weasyprint" in sys.modules)
    if exc.__cause__ is not None:  # what --debug shows: the original error, from the helper
        print(str(exc.__cause__).strip().splitlines()[-1])
"""


@needs_two_cores
def test_a_weasyprint_failure_in_the_helper_is_reported_here_as_a_render_error(tmp_path: Path) -> None:
    result = python(TYPESET_FAILING.format(html="<p>a \ud800 b</p>", variant=None), str(tmp_path))
    assert result.stderr == b""
    assert result.stdout.decode() == (
        "RenderError WeasyPrint could not typeset the brief: 'utf-8' codec can't encode character '\\ud800' "
        "in position 2: surrogates not allowed | weasyprint imported here: False\n"
        "briefgen.errors.RenderError: WeasyPrint could not typeset the brief: 'utf-8' codec can't encode "
        "character '\\ud800' in position 2: surrogates not allowed\n"
    )


def test_an_unexpected_error_in_the_helper_is_raised_again_here_without_noise(tmp_path: Path) -> None:
    result = python(TYPESET_FAILING.format(html="<p>x</p>", variant="pdf/none"), str(tmp_path))
    assert result.stderr == b""  # the helper prints no traceback of its own
    assert result.stdout.decode() == "KeyError 'pdf/none' | weasyprint imported here: True\n"


def test_a_brief_that_fails_to_load_leaves_no_helper_behind(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: x\n", encoding="utf-8")
    child = subprocess.Popen(
        [sys.executable, "-m", "briefgen", "render", str(bad), "-o", str(tmp_path), "-f", "pdf"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # a process group of its own, to look for anything it leaves behind
    )
    _, err = child.communicate(timeout=120)
    assert child.returncode == 2
    assert err.decode().splitlines() == [f"{bad}:1:1: date: field required", f"{bad}:1:1: summary: field required"]
    assert list(tmp_path.iterdir()) == [bad]
    assert running_in_group(child.pid) == []


def running_in_group(group: int) -> list[str]:
    """Return the commands of the live (not zombie) processes in a process group."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue  # it ended while we looked
        name, _, rest = text.rpartition(")")
        fields = rest.split()
        if int(fields[2]) == group and fields[0] != "Z":
            found.append(name.partition("(")[2])
    return found


def test_the_quick_library_lookup_agrees_with_the_standard_one() -> None:
    import ctypes.util

    from briefgen.typeset import _quick_library_lookup

    # The names WeasyPrint tries for its libraries, hits and misses both, and one that exists nowhere.
    names = ["libgobject-2.0-0", "gobject-2.0-0", "gobject-2.0", "pango-1.0", "harfbuzz", "harfbuzz-subset"]
    names += ["harfbuzz-vector", "fontconfig", "pangoft2-1.0", "c", "no-such-library-anywhere"]
    standard = ctypes.util.find_library
    expected = {name: standard(name) for name in names}
    assert expected["gobject-2.0"] is not None and expected["no-such-library-anywhere"] is None
    with _quick_library_lookup() as quick:
        assert quick
        assert {name: ctypes.util.find_library(name) for name in names} == expected
    assert ctypes.util.find_library is standard


def test_a_helper_whose_parent_is_killed_ends_and_lets_go_of_the_output(tmp_path: Path) -> None:
    child = subprocess.Popen(
        [sys.executable, "-m", "briefgen", "render", str(EXAMPLE), "-o", str(tmp_path), "-f", "pdf"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    time.sleep(0.3)  # the helper is importing WeasyPrint
    child.kill()
    child.communicate(timeout=30)  # returns once every holder of the pipes is gone, the helper included
    deadline = time.monotonic() + 10
    while running_in_group(child.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert running_in_group(child.pid) == []
    assert list(tmp_path.iterdir()) == []


WARNINGS = """
import logging, sys
if sys.argv[3] == "helper":
    from briefgen.typeset import start_helper
    assert start_helper()
import briefgen
class Keep(logging.Handler):
    def emit(self, record):
        print(record.name, record.levelname, record.getMessage())
logging.getLogger("weasyprint").addHandler(Keep())
pdf = briefgen.render(briefgen.load(sys.argv[1]), "pdf", template=sys.argv[2])
print("made:", pdf[:5])
"""


@needs_two_cores
def test_weasyprint_warnings_from_the_helper_reach_this_process_logging(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    subprocess.run([sys.executable, "-m", "briefgen", "templates", "new", str(pack)], check=True, capture_output=True)
    with (pack / "style.css").open("a", encoding="utf-8") as css:
        css.write("\nh1 { foo-bar: 3 }\n")
    here = python(WARNINGS, str(EXAMPLE), str(pack), "here")
    helped = python(WARNINGS, str(EXAMPLE), str(pack), "helper")
    assert here.returncode == helped.returncode == 0, helped.stderr.decode()
    assert "weasyprint WARNING Ignored `foo-bar: 3 ` at " in here.stdout.decode()
    assert here.stdout.decode().endswith("made: b'%PDF-'\n")
    assert helped.stdout == here.stdout


def test_fonts_the_helper_copied_to_temporary_folders_are_removed(tmp_path: Path) -> None:
    font = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not font.exists():
        pytest.skip("needs fonts-dejavu-core")
    pack = tmp_path / "pack"
    subprocess.run([sys.executable, "-m", "briefgen", "templates", "new", str(pack)], check=True, capture_output=True)
    (pack / "fonts").mkdir()
    shutil.copy(font, pack / "fonts" / "Body.ttf")
    with (pack / "style.css").open("a", encoding="utf-8") as css:
        css.write("\n@font-face { font-family: Body; src: url(fonts/Body.ttf) }\nbody { font-family: Body }\n")
    temp = tmp_path / "tmp"
    temp.mkdir()
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "briefgen", "render", str(EXAMPLE), "-o", str(out), "-f", "pdf", "-t", str(pack)],
        capture_output=True,
        timeout=120,
        check=False,
        env={**os.environ, "TMPDIR": str(temp)},
    )
    assert result.returncode == 0, result.stderr.decode()
    assert "Bottom line" in pdf_text((out / "ukraine-peace-summit.pdf").read_bytes())
    assert list(temp.iterdir()) == []


@needs_two_cores
@pytest.mark.parametrize("delay", [0.0, 0.05, 0.1, 0.2, 0.4])
def test_ctrl_c_at_any_moment_after_start_up_is_reported_without_a_traceback(tmp_path: Path, delay: float) -> None:
    import signal

    # The installed executable, as a user runs it. (Under `python -m`, CPython itself turns an interrupt that
    # lands in code compiled from a string, such as a dataclass being made, into death by SIGINT at exit.)
    executable = Path(sys.executable).with_name("briefgen")
    child = subprocess.Popen(
        [str(executable), "render", str(EXAMPLE), "-o", str(tmp_path / "out"), "-f", "pdf"], stderr=subprocess.PIPE
    )
    # From the moment the executable's own code runs (it forks the helper first thing); before that, during
    # Python's start-up and the package's import, an interrupt is Python's to report.
    deadline = time.monotonic() + 30
    while not children_of(child.pid) and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
    time.sleep(delay)
    child.send_signal(signal.SIGINT)
    _, err = child.communicate(timeout=60)
    if child.returncode == 0:
        pytest.skip("the brief was done before the interrupt")  # a very fast machine
    assert "Traceback" not in err.decode()
    assert child.returncode == 130, err.decode()
    assert err.decode() in {"", "interrupted; no partial files were left\n"}
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


def children_of(parent: int) -> list[int]:
    """Return the process ids whose parent is the given one."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue
        if int(fields[1]) == parent:
            found.append(int(stat.parent.name))
    return found
