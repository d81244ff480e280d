"""Articles built to make drafting slow or to break it: bounded, refused with a message, or read whole.

How long drafting takes on each of these at three sizes is measured in bench/extraction_time.py;
these tests check what a user gets: the exit code, the message, and a draft whose evidence is verbatim.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefgen.cli import app
from briefgen.errors import InputError
from briefgen.extraction import Article, RulesExtractor
from briefgen.extraction.text import segment, tokenizable


def test_an_article_over_the_length_limit_is_refused_before_drafting(tmp_path: Path) -> None:
    article = tmp_path / "long.txt"
    article.write_text("The talks opened in Oslo. " * 4_000, encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(article), "-o", str(tmp_path / "draft.yaml")])
    assert result.exit_code == 2
    assert result.output.strip() == (
        f"error: {article}: the article's text is 104,000 characters long; briefgen drafts from at most "
        "100,000 characters per article: split it into several articles"
    )
    assert not (tmp_path / "draft.yaml").exists()


def test_the_length_limit_holds_for_articles_given_through_the_api() -> None:
    with pytest.raises(InputError, match="the article's text is 100,001 characters long"):
        RulesExtractor().extract([Article(id="s1", name="a.txt", text="x" * 100_001)])


def test_drafting_that_overruns_its_budget_stops_with_a_message() -> None:
    with pytest.raises(InputError) as info:
        RulesExtractor(budget=0.0).extract([Article(id="s1", name="a.txt", text="Kenya attended the talks.")])
    assert str(info.value) == (
        "drafting from a.txt took longer than its 0 s budget and was stopped; pass fewer or shorter articles"
    )


@pytest.mark.parametrize(
    "run",
    ["!?.,;:" * 2_000, "“" * 10_000, "Alpha Beta " * 2_000, " " * 20_000, "twenty-one thirty " * 1_000],
)
def test_a_run_of_junk_is_cut_into_bounded_sentences_that_keep_their_offsets(run: str) -> None:
    text = "Kenya attended the talks in Nairobi.\n" + run + "\nUganda boycotted the talks in Nairobi."
    sentences = [s for p in segment(text) for s in p.sentences]
    assert all(len(s.text) <= 1_500 and s.text == text[s.start : s.end] for s in sentences)
    brief = RulesExtractor().extract([Article(id="s1", name="a.txt", text=text)])
    assert [p.name for p in brief.attendance.present] == ["Kenya"]
    assert [a.name for a in brief.attendance.absent] == ["Uganda"]
    absent = brief.attendance.absent[0]
    assert absent.evidence is not None and absent.evidence.text == "Uganda boycotted the talks in Nairobi."


def test_the_tokenizer_stand_in_keeps_length_and_ordinary_words() -> None:
    text = "Kenya said “" + "!" * 500 + "” at https://example.org/a/very/long/address/that/goes/on/and/on/for/ever"
    stand_in = tokenizable(text)
    assert len(stand_in) == len(text)
    assert stand_in.startswith("Kenya said ") and "!" not in stand_in
