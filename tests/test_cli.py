"""The command line as a user meets it: exit codes, exact messages, files written or not."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLE, docx_text, pdf_text
from typer.testing import CliRunner

from briefgen.cli import app


def test_render_writes_each_format(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["render", str(EXAMPLE), "-o", str(tmp_path), "-f", "pdf,docx,html,md,json"])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in tmp_path.iterdir())
    stem = "ukraine-peace-summit"
    assert names == [f"{stem}.{ext}" for ext in ("docx", "html", "json", "md", "pdf")]
    assert "Bottom line" in pdf_text((tmp_path / f"{stem}.pdf").read_bytes())
    assert "Bottom line" in docx_text((tmp_path / f"{stem}.docx").read_bytes())


def test_invalid_brief_exits_2_and_writes_nothing(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: T\ndate: 2024-06-14\n")
    out = tmp_path / "out"
    result = runner.invoke(app, ["render", str(bad), "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr == f"{bad}:1:1: summary: field required\n"
    assert "Traceback" not in result.output
    assert not out.exists() or list(out.iterdir()) == []


def test_failed_render_keeps_the_existing_file(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "ukraine-peace-summit.pdf").write_bytes(b"old brief")
    broken = tmp_path / "pack"
    broken.mkdir()
    (broken / "pack.toml").write_text('name = "broken"\nhtml = "b.html.j2"\ncss = "s.css"\n')
    (broken / "b.html.j2").write_text("<p>{{ brief.title }</p>\n")
    (broken / "s.css").write_text("")
    result = runner.invoke(app, ["render", str(EXAMPLE), "-o", str(tmp_path), "-f", "pdf", "-t", str(broken)])
    assert result.exit_code == 2
    assert result.stderr == f"error: {broken / 'b.html.j2'}:1: template syntax error: unexpected '}}'\n"
    assert (tmp_path / "ukraine-peace-summit.pdf").read_bytes() == b"old brief"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pack", "ukraine-peace-summit.pdf"]


def test_pack_missing_a_file(runner: CliRunner, tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "pack.toml").write_text('html = "nope.html.j2"\n')
    result = runner.invoke(app, ["render", str(EXAMPLE), "-o", str(tmp_path), "-t", str(pack)])
    assert result.exit_code == 2
    assert result.stderr == f"error: {pack / 'nope.html.j2'}: missing; pack.toml names it as the html file\n"


def test_pack_whose_word_document_lacks_the_brief_styles(runner: CliRunner, tmp_path: Path) -> None:
    from docx import Document

    pack = tmp_path / "pack"
    assert runner.invoke(app, ["templates", "new", str(pack)]).exit_code == 0
    Document().save(str(pack / "brief.docx"))  # python-docx's stock styles: no Small or Hyperlink
    out = tmp_path / "out"
    result = runner.invoke(app, ["render", str(EXAMPLE), "-o", str(out), "-f", "pdf,docx", "-t", str(pack)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {pack / 'brief.docx'}: the Word document lacks the styles Small, Hyperlink; "
        "add them in Word, or start the pack from `briefgen templates new`\n"
    )
    assert not out.exists() or list(out.iterdir()) == []


def test_unknown_format_and_template(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["render", str(EXAMPLE), "-o", str(tmp_path), "-f", "pdf,odt"])
    assert result.exit_code == 2
    assert result.stderr == "error: unknown output format 'odt' (available: docx, html, json, md, pdf)\n"
    assert list(tmp_path.iterdir()) == []
    result = runner.invoke(app, ["render", str(EXAMPLE), "-o", str(tmp_path), "-t", "fancy"])
    assert result.exit_code == 2
    assert result.stderr == "error: no template named 'fancy' (available: memo, standard)\n"


def test_unknown_pdf_variant(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["render", str(EXAMPLE), "-o", str(tmp_path), "-f", "pdf", "--pdf-variant", "pdf/z"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: unknown PDF variant 'pdf/z'; choose one of pdf/a-1b")


def test_output_directory_is_a_file(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("x")
    result = runner.invoke(app, ["render", str(EXAMPLE), "-o", str(target)])
    assert result.exit_code == 2
    assert result.stderr == f"error: {target}: is a file, not an output directory\n"


def test_usage_error_exits_2(runner: CliRunner) -> None:
    result = runner.invoke(app, ["render"])
    assert result.exit_code == 2
    assert "Missing argument 'briefs'" in result.output


def test_validate(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"title": "T", "date": "2024-06-14", "summary": "S", "positions": [{}]}')
    result = runner.invoke(app, ["validate", str(EXAMPLE), str(bad)])
    assert result.exit_code == 2
    assert result.stdout == f"{EXAMPLE}: ok\n"
    assert result.stderr == f"{bad}:1:68: positions[0].actor: field required\n"


def test_stdin_to_stdout(runner: CliRunner) -> None:
    result = runner.invoke(app, ["render", "-", "-f", "md", "-o", "-"], input=EXAMPLE.read_text())
    assert result.exit_code == 0
    assert "## Bottom line" in result.stdout
    result = runner.invoke(app, ["render", "-", "-f", "pdf,docx", "-o", "-"], input=EXAMPLE.read_text())
    assert result.exit_code == 2


def test_new_writes_a_valid_starter(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "brief.yaml"
    assert runner.invoke(app, ["new", "-o", str(target)]).exit_code == 0
    assert runner.invoke(app, ["validate", str(target)]).exit_code == 0
    again = runner.invoke(app, ["new", "-o", str(target)])
    assert again.exit_code == 2
    assert again.stderr == f"error: {target}: already exists; use --force to replace it\n"


def test_schema_and_lists(runner: CliRunner) -> None:
    import json

    schema = json.loads(runner.invoke(app, ["schema"]).stdout)
    assert schema["title"] == "Brief"
    templates = runner.invoke(app, ["templates"]).stdout
    assert templates.splitlines()[0].split()[:2] == ["memo", "briefgen"]
    plugins = runner.invoke(app, ["plugins"]).stdout.splitlines()
    assert "renderer   pdf          briefgen" in plugins


def test_every_command_has_help_with_an_example(runner: CliRunner) -> None:
    for command in ("render", "validate", "new", "schema", "templates", "plugins", "extract", "build"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0
        assert "Example: briefgen" in result.stdout, command


def test_help_imports_no_rendering_engine() -> None:
    code = (
        "import sys\nfrom briefgen.cli import app\n"
        "try:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('weasyprint', 'docx', 'docxtpl', 'spacy', 'matplotlib') if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "HEAVY []" in out


@pytest.mark.parametrize("debug", [False, True])
def test_traceback_only_with_debug(runner: CliRunner, tmp_path: Path, debug: bool) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: [\n")
    args = (["--debug"] if debug else []) + ["render", str(bad), "-o", str(tmp_path)]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert ("Traceback" in result.stderr) is debug


def test_the_schema_ships_with_the_package_and_new_briefs_point_editors_to_it(
    runner: CliRunner, tmp_path: Path
) -> None:
    import json
    from urllib.parse import unquote, urlsplit

    from briefgen.model import SCHEMA_ID, json_schema

    shipped = Path(__file__).resolve().parent.parent / "briefgen" / "brief.schema.json"
    assert json.loads(shipped.read_text(encoding="utf-8")) == json_schema()  # regenerate: briefgen schema
    target = tmp_path / "brief.yaml"
    assert runner.invoke(app, ["new", "-o", str(target)]).exit_code == 0
    first = target.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=file://")
    pointed = Path(unquote(urlsplit(first.split("$schema=", 1)[1]).path))
    assert json.loads(pointed.read_text(encoding="utf-8"))["$id"] == SCHEMA_ID


def test_shell_completion_can_be_installed(runner: CliRunner) -> None:
    assert "--install-completion" in runner.invoke(app, ["--help"]).stdout
