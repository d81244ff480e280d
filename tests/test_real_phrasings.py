"""The parse-based extractor on phrasings of real reporting: each sentence here is written for the test."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefgen.cli import app
from briefgen.extraction import Article, RulesExtractor, read_article
from briefgen.model import Brief


def _brief(text: str) -> Brief:
    return RulesExtractor().extract([Article(id="s1", name="a.txt", text=text)])


def _side(brief: Brief, name: str) -> tuple[str, str | None]:
    """Return ("present"|"absent"|"to check"|"none", the evidence sentence) for a party."""
    text = brief.sources and brief.attendance
    assert text is not None
    for p in brief.attendance.present:
        if p.name == name:
            return "present", p.evidence.text if p.evidence else None
    for a in brief.attendance.absent:
        if a.name == name:
            return "absent", a.evidence.text if a.evidence else None
    for item in brief.drafting.to_check if brief.drafting else []:
        if item.item.startswith(name):
            return "to check", item.evidence[0].text if item.evidence else None
    return "none", None


ABSENCES = [
    ("Kenya refused to take part in the conference in Geneva.", "Kenya"),
    ("The organisers did not invite Chile, Peru and Bolivia to the summit.", "Peru"),
    ("Norway chose not to attend the ministerial meeting in Rome.", "Norway"),
    ("Denmark decided not to attend the summit in Rome.", "Denmark"),
    ("Neither Ghana nor Senegal was present at the summit in Abuja.", "Senegal"),
    ("Vietnam said it would not attend the talks unless the agenda was changed.", "Vietnam"),
    ("Thailand is pulling out of the talks in Bangkok, officials said on Monday.", "Thailand"),
    ("Austria skipped the summit in Vienna altogether.", "Austria"),
    ("Egypt was not invited to the meeting in Khartoum.", "Egypt"),
    ("Overnight the President of Tunisia added his name to the growing absentee list for the Rome summit.", "Tunisia"),
    ("Portugal joined the absentees at the talks in Madrid.", "Portugal"),
]


@pytest.mark.parametrize(("sentence", "party"), ABSENCES)
def test_absence_phrasings_are_absent(sentence: str, party: str) -> None:
    brief = _brief(sentence)
    side, evidence = _side(brief, party)
    assert (side, evidence) == ("absent", sentence), brief.attendance
    absent = next(a for a in brief.attendance.absent if a.name == party)
    assert absent.rule and absent.confidence is not None and absent.confidence >= 0.5
    assert absent.source == "s1"


def test_a_list_of_delegations_is_present_whole() -> None:
    text = "Delegates from Kenya, Uganda, Tanzania, Rwanda and Burundi attended the talks in Arusha."
    present = {p.name for p in _brief(text).attendance.present}
    assert {"Kenya", "Uganda", "Tanzania", "Rwanda", "Burundi"} <= present


def test_expected_to_attend_is_present_but_less_sure() -> None:
    brief = _brief("Brazil and Argentina are expected to attend the summit in Lima next week.")
    present = {p.name: p for p in brief.attendance.present}
    assert {"Brazil", "Argentina"} <= set(present)
    assert present["Brazil"].confidence is not None and present["Brazil"].confidence < 0.9
    assert "expect" in (present["Brazil"].rule or "")


def test_roll_call_of_a_vote() -> None:
    text = (
        "The council adopted the resolution by 12 votes to none, with three abstentions.\n"
        "Among the countries that abstained were Chile, Ghana and Japan."
    )
    brief = _brief(text)
    present = {p.name for p in brief.attendance.present}
    assert {"Chile", "Ghana", "Japan"} <= present
    counts = {(c.value, c.label) for c in brief.attendance.counts}
    assert (12, "voting in favour") in counts and (3, "abstaining") in counts


def test_tally_in_words_and_no_unrelated_numbers() -> None:
    text = "Seven members voted in favour, three against and five abstentions were recorded in the resolution vote."
    values = {c.value for c in _brief(text).attendance.counts}
    assert {7, 3, 5} <= values


def test_passive_voice_names_the_party_kept_out() -> None:
    brief = _brief("Mali was excluded from the summit in Accra by the regional bloc.")
    assert _side(brief, "Mali")[0] == "absent"


def test_a_leader_who_stays_away_while_a_minister_goes_leaves_the_state_present() -> None:
    text = (
        "The king of Jordan decided to boycott the summit in Damascus.\n"
        "Jordan sent a delegation led by its foreign minister to the summit."
    )
    brief = _brief(text)
    assert _side(brief, "Jordan")[0] == "present"


def test_the_object_of_a_boycott_is_not_absent() -> None:
    brief = _brief("Saudi Arabia and Egypt boycotted Qatar over the dispute.")
    assert {a.name for a in brief.attendance.absent} == set()


def test_stating_a_position_from_afar_is_not_attending() -> None:
    text = "Canada demanded that the summit in Lima condemn the coup, in a statement issued in Ottawa."
    brief = _brief(text)
    assert "Canada" in {p.actor for p in brief.positions}
    assert "Canada" not in {p.name for p in brief.attendance.present}


def test_a_position_with_no_reported_attendance_goes_to_check() -> None:
    brief = _brief("Peru demanded a ceasefire before any talks.")
    assert "Peru" in {p.actor for p in brief.positions}
    side, evidence = _side(brief, "Peru")
    assert side == "to check" and evidence == "Peru demanded a ceasefire before any talks."


def test_dateline_and_headline_are_not_content() -> None:
    text = (
        "Leaders meet in Nairobi as 40 nations send envoys\n"
        "NAIROBI, Kenya (Wire) — Ghana attended the summit on Tuesday.\n"
        "About 30 countries took part, officials said."
    )
    article = read_article(text.encode(), "story.txt", "s1")
    assert article.title == "Leaders meet in Nairobi as 40 nations send envoys"
    brief = RulesExtractor().extract([article])
    assert "Kenya" not in {p.name for p in brief.attendance.present}
    assert "Ghana" in {p.name for p in brief.attendance.present}
    assert 40 not in {c.value for c in brief.attendance.counts}
    assert 30 in {c.value for c in brief.attendance.counts}
    assert brief.sources[0].title == "Leaders meet in Nairobi as 40 nations send envoys"


def test_no_date_in_the_article_leaves_the_draft_undated() -> None:
    brief = _brief("Ghana attended the summit in Abuja on Tuesday.")
    assert brief.date is None
    assert brief.drafting is not None
    assert any("not stated in the sources" in note for note in brief.drafting.notes)


def test_a_dated_sentence_gives_the_date() -> None:
    brief = _brief("Ghana attended the summit in Abuja on 14 March 2023.")
    assert brief.date is not None and brief.date.isoformat() == "2023-03-14"


def test_build_refuses_articles_about_different_events(tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text(
        "Summit in Lusaka\nZambia hosted the Lusaka summit on trade.\n"
        "Malawi and Zambia signed a trade deal in Lusaka.\n",
        encoding="utf-8",
    )
    b.write_text(
        "Talks in Oslo\nNorway hosted talks in Oslo on fishing. Iceland and Norway met in Oslo about cod quotas.\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["build", str(a), str(b), "-o", str(out), "-f", "md"])
    assert result.exit_code == 2
    assert "these articles report 2 different events and are not merged into one brief" in result.output
    assert "a.txt" in result.output and "b.txt" in result.output and "--merge" in result.output
    assert not out.exists() or not any(out.iterdir())
    merged = CliRunner().invoke(app, ["build", str(a), str(b), "-o", str(out), "-f", "md", "--merge"])
    assert merged.exit_code == 0, merged.output
    assert (out / "a.md").exists()


def test_the_to_check_list_is_printed_in_the_draft() -> None:
    import io

    import docx

    import briefgen

    brief = _brief("Peru demanded a ceasefire before any talks.")
    markdown = briefgen.render(brief, "md").decode("utf-8")
    assert "## To check" in markdown
    assert "- **Peru attended** (states a position; its attendance is not reported, 0.30)" in markdown
    document = docx.Document(io.BytesIO(briefgen.render(brief, "docx")))
    texts = [p.text for p in document.paragraphs]
    assert "To check" in texts
    assert any(t.startswith("Peru attended (states a position") and "Peru demanded a ceasefire" in t for t in texts)


def test_a_leader_who_stays_away_but_delegates_leaves_the_state_present() -> None:
    sentence = "The King of Bahrain did not attend the summit in Doha but delegated his deputy prime minister."
    brief = _brief(sentence)
    assert _side(brief, "Bahrain") == ("present", sentence)
    assert brief.attendance.absent == []


def test_a_known_adjective_is_not_the_stem_of_an_unknown_state() -> None:
    brief = _brief(
        "The summit opened in Doha on Tuesday. Saudi King Salman bin Abdulaziz Al Saud sent his foreign minister "
        "to lead the Saudi delegation."
    )
    assert [p.name for p in brief.attendance.present] == ["Saudi Arabia"]
    assert brief.attendance.absent == []


def test_a_group_named_beside_its_members_is_not_listed_again() -> None:
    sentence = "Britain, France and Germany, known as the E3, did not send representatives to the talks in Muscat."
    brief = _brief(sentence)
    assert {a.name for a in brief.attendance.absent} == {"United Kingdom", "France", "Germany"}
    assert _side(brief, "France") == ("absent", sentence)


def test_one_member_of_a_group_is_not_the_group() -> None:
    brief = _brief(
        "Leaders met in Evian for the G7 summit. Italy's prime minister stayed in Rome, the first time "
        "that a G7 leader has skipped the summit in a decade."
    )
    assert "G7" not in {a.name for a in brief.attendance.absent}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("A statement was to be issued instead by the meeting's chair.", "A statement was to be issued"),
        ("“We will know more in the coming days,” the envoy told reporters in Geneva.", "We will know more"),
        ("Fiji's delegation will not attend the forum in Niue, its foreign minister said.", "will not attend"),
        ("The conference, scheduled for 15 April in Nairobi, will hear from 30 states.", "scheduled for 15 April"),
        ("Cuba can return to the organisation in the future if it accepts its principles.", "Cuba can return"),
    ],
)
def test_future_phrasings_of_real_reporting_are_outlook(sentence: str, expected: str) -> None:
    outlook = _brief(sentence).outlook
    assert outlook, sentence
    assert expected in outlook[0].statement
    assert outlook[0].evidence[0].text == sentence


@pytest.mark.parametrize(
    "sentence",
    [
        "Any single member can block a final document under the consensus rule.",
        "“We will never accept this,” the foreign minister of Peru said.",
    ],
)
def test_abilities_and_vows_are_not_outlook(sentence: str) -> None:
    assert _brief(sentence).outlook == []


def test_a_boycott_that_is_only_proposed_is_left_to_the_analyst() -> None:
    sentence = "Last month the president proposed that the leaders of Bolivia and Peru boycott the summit in Lima."
    brief = _brief(sentence)
    assert brief.attendance.absent == []
    assert _side(brief, "Bolivia") == ("to check", sentence)


def test_an_aside_after_the_absence_is_not_its_reason() -> None:
    brief = _brief(
        "Reports said Kenya had pulled out of the summit in Kampala -- a nod to the row over the border -- on Saturday."
    )
    assert [(a.name, a.reason) for a in brief.attendance.absent] == [("Kenya", "pulled out")]


def test_every_drafted_item_carries_its_rule_and_confidence() -> None:
    brief = _brief(
        "Kenya and Uganda attended the talks in Nairobi on Monday. Kenya demanded a ceasefire before any deal. "
        "Tanzania boycotted the talks. About 40 delegations took part. A second round is likely next month."
    )
    items = [
        *brief.positions,
        *brief.attendance.present,
        *brief.attendance.absent,
        *brief.attendance.counts,
        *brief.outlook,
    ]
    assert {type(i).__name__ for i in items} == {"Position", "Present", "Absent", "Count", "Outlook"}
    for item in items:
        assert item.rule and item.confidence is not None and 0 < item.confidence <= 1, item
