"""The review rendering of a draft: each drafted item with its evidence, article, rule and confidence beside it."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
from typer.testing import CliRunner

import briefgen
from briefgen.cli import app
from briefgen.model import Brief
from briefgen.review import review_items

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_5b5992d54111de5f.txt"


def _flat(text: str) -> str:
    return " ".join(text.split())


def _comments(data: bytes) -> list[str]:
    return [c.text for c in docx.Document(io.BytesIO(data)).comments]


def _drafted(brief: Brief) -> list[str]:
    return [item.path for item in review_items(brief) if item.evidence or item.rule]


def test_build_review_docx_has_one_comment_per_drafted_item_with_its_evidence_verbatim(
    runner: CliRunner, tmp_path: Path
) -> None:
    result = runner.invoke(app, ["build", "--review", str(SEED), "-o", str(tmp_path), "-f", "docx,html"])
    assert result.exit_code == 0, result.output
    draft = briefgen.extract([SEED])
    drafted = _drafted(draft)
    assert len(drafted) >= 10  # positions, attendance, counts and outlook of the seed
    comments = _comments((tmp_path / f"{SEED.stem}.docx").read_bytes())
    assert len(comments) == len(drafted)
    article = _flat(SEED.read_text(encoding="utf-8"))
    for comment in comments:
        assert comment.startswith("Drafted "), comment
        assert "drafted by: " in comment
        evidence = re.findall(r"^Evidence: “(.*)”$", comment, flags=re.M)
        assert evidence, comment
        for sentence in evidence:
            assert _flat(sentence) in article, sentence
        assert f"Article: {draft.sources[0].title}" in comment
    assert sum("confidence: 0." in c for c in comments) >= 5
    # The HTML review: the same notes in a details element under each item.
    html = (tmp_path / f"{SEED.stem}.html").read_text(encoding="utf-8")
    assert html.count('<details class="review">') == len(drafted)


def test_ordinary_render_has_no_review_notes(tmp_path: Path) -> None:
    draft = briefgen.extract([SEED])
    assert _comments(briefgen.render(draft, "docx")) == []
    assert 'class="review"' not in briefgen.render(draft, "html").decode("utf-8")


def test_review_pdf_prints_the_notes_under_each_item() -> None:
    from conftest import pdf_text

    draft = briefgen.extract([SEED])
    text = _flat(pdf_text(briefgen.render(draft, "pdf", review=True)))
    assert text.count("drafted by: pattern; confidence: 0.70") >= 3
    assert "drafted by: parse: not invited; confidence: 0.90" in text


def test_to_check_items_get_a_comment_each(example_brief: Brief) -> None:
    data = example_brief.model_dump(mode="json", exclude_none=True)
    data["drafting"] = {
        "method": "rules",
        "to_check": [
            {"item": "Hungary", "field": "attendance.absent", "rule": "pattern", "confidence": 0.4},
            {"item": "Belarus", "field": "attendance.present", "rule": "model", "confidence": 0.3},
        ],
    }
    brief = Brief.model_validate(data)
    comments = _comments(briefgen.render(brief, "docx", review=True))
    to_check = [c for c in comments if c.startswith("To check: ")]
    assert [c.splitlines()[0] for c in to_check] == [
        "To check: Hungary — drafted by: pattern; confidence: 0.40",
        "To check: Belarus — drafted by: model; confidence: 0.30",
    ]


def _draft_file(path: Path, to_check: list[dict[str, object]], *, date: str | None) -> Path:
    import yaml

    data = yaml.safe_load(briefgen.dump(briefgen.extract([SEED])))
    data["drafting"]["to_check"] = to_check
    head = {"title": data.pop("title")}
    if date:
        head["date"] = date
    path.write_text(yaml.safe_dump({**head, **data}, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_approve_refuses_while_items_are_to_check_then_approves(runner: CliRunner, tmp_path: Path) -> None:
    import yaml

    draft = _draft_file(tmp_path / "draft.yaml", [{"item": "Hungary", "field": "attendance.absent"}], date=None)
    out = tmp_path / "brief.yaml"
    result = runner.invoke(app, ["approve", str(draft), "-o", str(out), "--by", "J. Analyst"])
    assert result.exit_code == 2
    line = next(n for n, text in enumerate(draft.read_text().splitlines(), 1) if "item: Hungary" in text)
    assert result.stderr.splitlines() == [
        f"{draft}:{line}:5: drafting.to_check[0]: 'Hungary' is still to check: act on it in the brief, "
        "then delete the item from drafting.to_check",
        f"{draft}:1:1: date: not set: an approved brief needs the date, e.g. 2026-03-14",
    ]
    assert not out.exists()

    _draft_file(draft, [], date="2024-06-15")  # the analyst acted on the item, deleted it and set the date
    result = runner.invoke(app, ["approve", str(draft), "-o", str(out), "--by", "J. Analyst"])
    assert result.exit_code == 0, result.output
    approved = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert approved["approved_by"] == "J. Analyst"
    today = __import__("datetime").date.today()
    assert approved["approved_on"] == today  # written as a YAML date, not a quoted string
    assert f"\napproved_on: {today.isoformat()}\n" in out.read_text(encoding="utf-8")
    assert "\ndate: 2024-06-15\n" in out.read_text(encoding="utf-8")
    assert "drafting" not in approved
    brief = briefgen.load(out)
    from conftest import docx_text, pdf_text

    assert "DRAFT" not in pdf_text(briefgen.render(brief, "pdf"))
    assert "DRAFT" not in docx_text(briefgen.render(brief, "docx"))
    assert "DRAFT" in pdf_text(briefgen.render(briefgen.load(draft), "pdf"))

    result = runner.invoke(app, ["approve", str(draft), "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr == f"error: {out}: already exists; use --force to replace it\n"
    assert runner.invoke(app, ["approve", str(draft), "-o", str(out), "--force", "--by", "K"]).exit_code == 0
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["approved_by"] == "K"


def test_comments_and_bookmarks_never_share_an_id(example_brief: Brief) -> None:
    """Word keeps one id space for comments and bookmarks: the review DOCX with sources and contents has no clash."""
    import zipfile

    data = example_brief.model_dump(mode="json", exclude_none=True)
    data["toc"] = True
    data["drafting"] = {"method": "rules", "to_check": [{"item": "Hungary", "field": "attendance.absent"}]}
    rendered = briefgen.render(Brief.model_validate(data), "docx", review=True)
    document = zipfile.ZipFile(io.BytesIO(rendered)).read("word/document.xml").decode()
    bookmarks = re.findall(r'<w:bookmarkStart w:id="(\d+)"', document)
    comments = re.findall(r'<w:commentRangeStart w:id="(\d+)"', document)
    assert bookmarks and comments
    assert len(set(bookmarks)) == len(bookmarks)
    assert set(bookmarks).isdisjoint(comments)


def test_approve_refuses_the_analysts_slips_with_a_located_fix(runner: CliRunner, tmp_path: Path) -> None:
    draft = _draft_file(tmp_path / "draft.yaml", [], date="2024-06-15")

    def refused(*args: str) -> str:
        result = runner.invoke(app, ["approve", *args])
        assert result.exit_code == 2, result.output
        return result.stderr

    assert refused(str(draft), "-o", str(draft), "--force") == (
        f"error: {draft}: is the draft itself; write the approved brief to another file, e.g. -o brief.yaml\n"
    )
    assert refused(str(draft), "-o", str(tmp_path / "b.yaml"), "--by", " ") == (
        "error: --by: empty; give the approver's name, or leave --by out to record your user name\n"
    )
    assert refused(str(draft), "-o", str(tmp_path / "missing" / "b.yaml")) == (
        f"error: {tmp_path / 'missing'}: no such directory\n"
    )
    assert "drafting:" in draft.read_text(encoding="utf-8")  # the draft was left as it was
    approved = tmp_path / "brief.yaml"
    assert runner.invoke(app, ["approve", str(draft), "-o", str(approved), "--by", "J. Analyst"]).exit_code == 0
    on = __import__("datetime").date.today()
    assert refused(str(approved), "-o", str(tmp_path / "again.yaml")) == (
        f"error: {approved}: not a draft (it has no drafting: block), so there is nothing to approve; "
        f"it was approved by J. Analyst on {on}\n"
    )
    hand_written = tmp_path / "hand.yaml"
    hand_written.write_text("title: T\ndate: 2024-06-14\nsummary: S\n", encoding="utf-8")
    assert refused(str(hand_written), "-o", str(tmp_path / "h.yaml")) == (
        f"error: {hand_written}: not a draft (it has no drafting: block), so there is nothing to approve\n"
    )
    assert not (tmp_path / "b.yaml").exists() and not (tmp_path / "h.yaml").exists()


def test_approve_takes_a_draft_whose_to_check_list_is_emptied(runner: CliRunner, tmp_path: Path) -> None:
    draft = _draft_file(tmp_path / "draft.yaml", [], date="2024-06-15")
    text = draft.read_text(encoding="utf-8")
    assert "to_check: []" in text
    draft.write_text(text.replace("to_check: []", "to_check:"), encoding="utf-8")  # every item deleted
    line = next(n for n, t in enumerate(draft.read_text(encoding="utf-8").splitlines(), 1) if "to_check:" in t)
    result = runner.invoke(app, ["approve", str(draft), "-o", str(tmp_path / "brief.yaml")])
    assert result.exit_code == 2
    assert result.stderr == (
        f"{draft}:{line}:12: drafting.to_check: nothing is written after the colon; list the items below "
        "it, one per line starting with '- ', write [] for none, or delete the line\n"
    )
    draft.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["approve", str(draft), "-o", str(tmp_path / "brief.yaml"), "--by", "A"])
    assert result.exit_code == 0, result.output
    assert "drafting" not in (tmp_path / "brief.yaml").read_text(encoding="utf-8")


def test_approve_of_invalid_yaml_names_the_line(runner: CliRunner, tmp_path: Path) -> None:
    draft = _draft_file(tmp_path / "draft.yaml", [], date="2024-06-15")
    draft.write_text(draft.read_text(encoding="utf-8") + "watch:\n\t- x\n", encoding="utf-8")
    line = len(draft.read_text(encoding="utf-8").splitlines())
    result = runner.invoke(app, ["approve", str(draft), "-o", str(tmp_path / "brief.yaml")])
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {draft}:{line}:1: invalid YAML: a tab character; YAML is indented with spaces only\n"
    )


def test_validate_locates_what_stops_approval(runner: CliRunner, tmp_path: Path) -> None:
    draft = _draft_file(tmp_path / "draft.yaml", [{"item": "Hungary", "field": "attendance.absent"}], date=None)
    line = next(n for n, text in enumerate(draft.read_text().splitlines(), 1) if "item: Hungary" in text)
    result = runner.invoke(app, ["validate", str(draft)])
    assert result.exit_code == 0
    assert result.stdout == f"{draft}: ok\n"
    assert result.stderr.splitlines() == [
        f"warning: {draft}:{line}:5: drafting.to_check[0]: 'Hungary' is still to check: act on it in the brief, "
        "then delete the item from drafting.to_check",
        f"warning: {draft}:1:1: date: not set: an approved brief needs the date, e.g. 2026-03-14",
    ]


def test_review_of_a_finished_brief_says_there_is_nothing_to_review(runner: CliRunner, tmp_path: Path) -> None:
    brief = tmp_path / "brief.yaml"
    brief.write_text("title: T\ndate: 2024-06-14\nsummary: S\n", encoding="utf-8")
    result = runner.invoke(app, ["render", str(brief), "-o", str(tmp_path / "out"), "-f", "md", "--review"])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == (
        f"warning: {brief}: not a draft (it has no drafting: block), so --review has no notes to add; "
        "rendered as a finished brief"
    )
    assert (tmp_path / "out" / "brief.md").read_text(encoding="utf-8").startswith("#")
