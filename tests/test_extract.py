"""Tests of the rules extractor on small hand-written paragraphs."""

from __future__ import annotations

import datetime
import re

import pytest

from briefgen.errors import InputError
from briefgen.extraction import Article, Extractor, RulesExtractor, read_article
from briefgen.extraction.counts import to_number
from briefgen.extraction.outlook import likelihood_of
from briefgen.model import Brief, Likelihood, Position, Qualifier


def _brief(*texts: str) -> Brief:
    articles = [Article(id=f"s{i}", name=f"a{i}.txt", text=t) for i, t in enumerate(texts, start=1)]
    return RulesExtractor().extract(articles)


def _position(brief: Brief, actor: str) -> Position:
    return next(p for p in brief.positions if p.actor == actor)


def _check(texts: dict[str, str], source: str | None, start: int | None, end: int | None, text: str) -> None:
    assert source is not None and start is not None and end is not None
    assert texts[source][start:end] == text


def _grounded(brief: Brief, texts: dict[str, str]) -> None:
    for p in brief.positions:
        for ev in p.evidence:
            _check(texts, ev.source, ev.start, ev.end, ev.text)
        for q in p.quotes:
            _check(texts, q.source, q.start, q.end, q.text)
    for o in brief.outlook:
        for ev in o.evidence:
            _check(texts, ev.source, ev.start, ev.end, ev.text)


ATTRIBUTION = (
    "Russian President Vladimir Putin said on Friday that Moscow would not withdraw its troops.\n"
    "Putin told reporters that the Kremlin demanded guarantees of neutrality.\n"
    "He insisted that sanctions must be lifted before any talks."
)


def test_protocol_and_name() -> None:
    extractor = RulesExtractor()
    assert isinstance(extractor, Extractor)
    assert extractor.name == "rules"


def test_attribution_person_surname_and_pronoun() -> None:
    brief = _brief(ATTRIBUTION)
    assert [p.actor for p in brief.positions] == ["Russia"]
    russia = brief.positions[0]
    assert russia.spokespeople == ["Vladimir Putin"]
    assert len(russia.evidence) == 3
    assert russia.evidence[2].text == "He insisted that sanctions must be lifted before any talks."
    assert {"Russian", "Moscow", "Kremlin"} <= set(russia.aliases)
    assert russia.demands[0] == "Guarantees of neutrality"
    _grounded(brief, {"s1": ATTRIBUTION})


def test_metonyms_resolve_to_their_state() -> None:
    text = "The Kremlin rejected the proposal. Beijing said it backed a ceasefire. Washington warned of sanctions."
    brief = _brief(text)
    assert [p.actor for p in brief.positions] == ["Russia", "China", "United States"]


def test_capital_as_place_is_not_a_party() -> None:
    brief = _brief("Delegates met in Vienna on Monday. The draft, circulated in Vienna, calls on Tehran to comply.")
    assert brief.positions == []


def test_acronym_introduces_unknown_group() -> None:
    text = (
        "The Kivani Liberation Front (KLF) said it would join the talks only if prisoners were freed.\n"
        "A KLF spokeswoman, Amara Tesfaye, said the group wanted a ceasefire.\n"
        "The KLF sent a 12-member delegation."
    )
    brief = _brief(text)
    klf = _position(brief, "Kivani Liberation Front")
    assert "KLF" in klf.aliases
    assert klf.spokespeople == ["Amara Tesfaye"]
    assert [p.name for p in brief.attendance.present] == ["Kivani Liberation Front"]
    assert brief.attendance.present[0].kind is not None and brief.attendance.present[0].kind.value == "armed_group"
    assert [(c.value, c.qualifier) for c in brief.attendance.counts] == [(12, Qualifier.exact)]


def test_army_spokesman_speaks_for_the_army() -> None:
    text = (
        "The Northland Defence Forces (NDF) boycotted the talks.\n"
        "Army spokesman Colonel Idris Maro said the military would not negotiate with rebels."
    )
    brief = _brief(text)
    ndf = _position(brief, "Northland Defence Forces")
    assert ndf.spokespeople == ["Idris Maro"]
    assert [a.name for a in brief.attendance.absent] == ["Northland Defence Forces"]
    assert brief.attendance.absent[0].reason == "boycotted the talks"


@pytest.mark.parametrize(
    ("sentence", "value", "qualifier"),
    [
        ("Delegations from about 190 countries attended.", 190, Qualifier.about),
        ("More than 70 countries sent delegations.", 70, Qualifier.more_than),
        ("Two dozen economies took part in the meeting.", 24, Qualifier.exact),
        ("Eighty countries were represented.", 80, Qualifier.exact),
        ("At least one hundred and sixty countries were invited.", 160, Qualifier.at_least),
        ("Fewer than 30 delegations arrived in Geneva.", 30, Qualifier.fewer_than),
    ],
)
def test_counts_in_digits_and_words(sentence: str, value: int, qualifier: Qualifier) -> None:
    counts = _brief(sentence).attendance.counts
    assert [(c.value, c.qualifier) for c in counts] == [(value, qualifier)]
    assert counts[0].evidence is not None and counts[0].evidence.text == sentence


def test_partitive_gives_two_counts() -> None:
    text = "As many as 80 of the 160 countries invited did not attend."
    counts = _brief(text).attendance.counts
    assert [(c.value, c.qualifier) for c in counts] == [(80, Qualifier.as_many_as), (160, Qualifier.exact)]


def test_counts_ignore_years_money_percentages_and_troops() -> None:
    text = "In 2024 the fund paid $300 million, 40 percent more, and 5,000 troops left 12 provinces."
    assert _brief(text).attendance.counts == []


def test_to_number() -> None:
    assert to_number("two dozen") == 24
    assert to_number("one hundred and sixty") == 160
    assert to_number("1,300") == 1300
    assert to_number("eighty") == 80


def test_negated_attendance() -> None:
    text = (
        "Argentina did not send a delegation.\n"
        "Russia was not invited because it had shown no interest.\n"
        "The Eastern Alliance (EA) boycotted the summit.\n"
        "France and Germany attended the summit."
    )
    brief = _brief(text)
    absent = {a.name: a.reason for a in brief.attendance.absent}
    assert absent == {
        "Argentina": None,
        "Russia": "not invited: because it had shown no interest",
        "Eastern Alliance": "boycotted the talks",
    }
    assert [p.name for p in brief.attendance.present] == ["France", "Germany"]


def test_host_is_present_but_hosting_is_not_a_position() -> None:
    brief = _brief("The meeting, hosted by Indonesia, opened in Jakarta on Monday.")
    assert [p.name for p in brief.attendance.present] == ["Indonesia"]
    assert brief.positions == []
    assert brief.event is not None and brief.event.host == "Indonesia"


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("The deal will probably be signed.", Likelihood.likely),
        ("The vote will almost certainly pass.", Likelihood.almost_certain),
        ("There is only a remote chance of a deal.", Likelihood.almost_no_chance),
        ("Diplomats called the outcome a toss-up.", Likelihood.roughly_even_chance),
        ("Agreement is about 50-50, officials said.", Likelihood.roughly_even_chance),
        ("A breakthrough is highly unlikely.", Likelihood.very_unlikely),
        ("A breakthrough is unlikely.", Likelihood.unlikely),
        ("Talks are very likely to resume.", Likelihood.very_likely),
        ("Talks will resume on Monday.", None),
    ],
)
def test_likelihood_words(phrase: str, expected: Likelihood | None) -> None:
    assert likelihood_of(phrase) is expected


def test_outlook_items_with_evidence() -> None:
    text = (
        "The vote is scheduled for Thursday.\n"
        "Diplomats said a deal was unlikely before the summer, and warned that fighting could resume.\n"
        "Russia said it would not attend."
    )
    brief = _brief(text)
    assert [(o.likelihood, o.evidence[0].text) for o in brief.outlook] == [
        (None, "The vote is scheduled for Thursday."),
        (Likelihood.unlikely, text.splitlines()[1]),
        (None, text.splitlines()[1]),
    ]
    _grounded(brief, {"s1": text})


def test_evidence_offsets_drop_adverts_and_captions() -> None:
    text = (
        "Ukraine said it would never cede territory. Photo by Jane Roe/Agency\n"
        "“We will defend every village,” the ministry said, citing Ukraine's constitution. Advertisement"
    )
    brief = _brief(text)
    ukraine = _position(brief, "Ukraine")
    assert [e.text for e in ukraine.evidence] == ["Ukraine said it would never cede territory."]
    _grounded(brief, {"s1": text})


def test_quotes_are_verbatim_with_speaker() -> None:
    text = "“We are not leaving the process, we are leaving a bad text,” said Anna Lind, the EU chief negotiator."
    brief = _brief(text)
    eu = _position(brief, "European Union")
    assert [(q.text, q.speaker) for q in eu.quotes] == [
        ("We are not leaving the process, we are leaving a bad text", "Anna Lind")
    ]
    _grounded(brief, {"s1": text})


def test_merge_two_articles() -> None:
    first = "China said it opposed sanctions. Delegations from about 190 countries attended."
    second = "Beijing warned that sanctions would backfire. Delegations from more than 180 countries attended."
    brief = _brief(first, second)
    china = _position(brief, "China")
    assert [(e.source, e.text) for e in china.evidence] == [
        ("s1", "China said it opposed sanctions."),
        ("s2", "Beijing warned that sanctions would backfire."),
    ]
    assert [(c.value, c.qualifier, c.source) for c in brief.attendance.counts] == [
        (190, Qualifier.about, "s1"),
        (180, Qualifier.more_than, "s2"),
    ]
    assert [s.id for s in brief.sources] == ["s1", "s2"]
    _grounded(brief, {"s1": first, "s2": second})


def test_nothing_recognisable_gives_valid_empty_brief(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1718323200")
    brief = _brief("The weather was mild and the river ran slowly past the old mill.")
    assert brief.positions == [] and brief.outlook == []
    assert brief.attendance.present == [] and brief.attendance.absent == [] and brief.attendance.counts == []
    assert brief.drafting is not None and brief.drafting.method == "rules"
    assert brief.date is None  # never the drafting day
    assert any(n.startswith("Date: not stated in the sources") for n in brief.drafting.notes)
    assert "not stated in the sources" in " ".join(brief.drafting.notes)
    Brief.model_validate(brief.model_dump(mode="json"))


def test_deterministic() -> None:
    assert _brief(ATTRIBUTION).model_dump() == _brief(ATTRIBUTION).model_dump()


def test_event_date_from_text() -> None:
    brief = _brief("The talks, hosted by Kenya on 4 September 2025, ended without a deal.")
    assert brief.date.isoformat() == "2025-09-04"


def test_read_text_and_markdown() -> None:
    article = read_article(b"# Summit ends\n\nRussia said no.\n", "a.md", "s1")
    assert article.title == "Summit ends" and article.text == "# Summit ends\n\nRussia said no.\n"
    plain = read_article(b"Russia said no.\n", "a.txt", "s2")
    assert (plain.id, plain.name, plain.title) == ("s2", "a.txt", None)


def test_read_html_through_trafilatura() -> None:
    html = (
        "<html><head><title>Talks stall</title><meta name='date' content='2024-06-14'></head><body>"
        "<nav>Home | World | Sport</nav><article><p>Russian President Vladimir Putin said on Friday that "
        "Moscow would not attend the summit in Geneva next week.</p><p>The European Union called for a "
        "ceasefire and said it would send a delegation.</p></article><footer>Copyright 2024</footer></body></html>"
    )
    article = read_article(html.encode(), "page.html", "s1")
    assert "Home | World" not in article.text
    assert "Moscow would not attend the summit" in article.text
    assert article.date is not None and article.date.isoformat() == "2024-06-14"
    brief = RulesExtractor().extract([article])
    assert [p.actor for p in brief.positions] == ["Russia", "European Union"]
    _grounded(brief, {"s1": article.text})


def test_a_web_page_gives_the_source_its_headline_publisher_address_and_date() -> None:
    html = (
        "<html><head><title>Ceasefire talks open in Nairobi | The Daily Ledger</title>"
        "<meta property='og:title' content='Ceasefire talks open in Nairobi'>"
        "<meta property='og:site_name' content='The Daily Ledger'>"
        "<meta property='og:url' content='https://ledger.example/world/nairobi-talks'>"
        "<meta property='article:published_time' content='2025-03-04T08:00:00Z'></head><body><article>"
        "<p>Delegations from Kenya and Uganda attended the ceasefire talks in Nairobi on Tuesday.</p>"
        "<p>Uganda demanded the withdrawal of all foreign troops from the border area.</p></article></body></html>"
    )
    brief = RulesExtractor().extract([read_article(html.encode(), "page.html", "s1")])
    source = brief.sources[0]
    assert (source.title, source.publisher) == ("Ceasefire talks open in Nairobi", "The Daily Ledger")
    assert str(source.url) == "https://ledger.example/world/nairobi-talks"
    assert source.date is not None and source.date.isoformat() == "2025-03-04"


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "empty.txt", "empty.txt: the file is empty"),
        (b"\x00\x01\x02binary", "blob.txt", "blob.txt: this is a binary file, not a UTF-8 text article"),
        ("café".encode("latin-1"), "latin.txt", "latin.txt:1: the file is not UTF-8 text"),
        (b"<html><body><nav></nav></body></html>", "empty.html", "empty.html: no main text found"),
    ],
)
def test_bad_input(data: bytes, name: str, message: str) -> None:
    with pytest.raises(InputError) as info:
        read_article(data, name, "s1")
    assert str(info.value).startswith(message)


def test_oversized_input() -> None:
    with pytest.raises(InputError) as info:
        read_article(b"a" * (50 * 1024 * 1024), "huge.txt", "s1")
    message = str(info.value)
    assert message.startswith("huge.txt: the file is") and "5,242,880 bytes" in message


def test_no_articles_and_duplicate_ids() -> None:
    with pytest.raises(InputError, match="no articles"):
        RulesExtractor().extract([])
    same = Article(id="s1", name="a.txt", text="x")
    with pytest.raises(InputError, match="share the source id 's1'"):
        RulesExtractor().extract([same, same])


# --- Rules added for wording seen beyond the dev corpus (each on a paragraph written for the test). ---


def _names(items: list[object]) -> set[str]:
    return {str(getattr(i, "name", "")) for i in items}


def test_country_adjectives_beyond_the_demonym() -> None:
    text = "Saudi Energy Minister Prince Khalid bin Salem said the kingdom wanted stable prices."
    brief = _brief(text)
    saudi = _position(brief, "Saudi Arabia")
    assert saudi.spokespeople == ["Khalid bin Salem"]
    brief = _brief("Philippine officials said Manila rejected the draft.")
    assert [p.actor for p in brief.positions] == ["Philippines"]


def test_unknown_state_learnt_from_its_government() -> None:
    text = (
        "The government of Veloria said it would attend the talks.\n"
        "Velorian Foreign Minister Anna Brisk said Veloria wanted a ceasefire."
    )
    brief = _brief(text)
    veloria = _position(brief, "Veloria")
    assert "Velorian" in veloria.aliases
    assert veloria.spokespeople == ["Anna Brisk"]


def test_spokespeople_with_titles_institutions_and_particles() -> None:
    text = (
        "Omani Foreign Minister Sayyid Badr al-Harbi said the talks were constructive.\n"
        "Chinese foreign ministry spokesperson Wu Peng rejected the statement.\n"
        "The AU’s chief mediator, former Kenyan foreign minister Paul Otieno, urged restraint.\n"
        "The U.N. envoy for the region, Karin Holm, said the United Nations stood ready to help.\n"
        "Iran’s delegation was led by Deputy Foreign Minister Reza Tavana, who said Tehran wanted sanctions lifted."
    )
    brief = _brief(text)
    assert _position(brief, "Oman").spokespeople == ["Sayyid Badr al-Harbi"]
    assert _position(brief, "China").spokespeople == ["Wu Peng"]
    assert _position(brief, "African Union").spokespeople == ["Paul Otieno"]
    assert "Kenya" not in {p.actor for p in brief.positions}
    assert _position(brief, "United Nations").spokespeople == ["Karin Holm"]
    assert "Reza Tavana" in _position(brief, "Iran").spokespeople


def test_appositive_title_after_the_name_and_parent_body() -> None:
    text = (
        "Lena Ortiz, director of programmes at the U.N. Office for Disaster Relief (ODR), "
        "told the council that aid was blocked."
    )
    brief = _brief(text)
    assert [p.actor for p in brief.positions] == ["Office for Disaster Relief"]
    assert brief.positions[0].spokespeople == ["Lena Ortiz"]


def test_counts_phrasings_and_distractors() -> None:
    def values(text: str) -> list[int]:
        return [c.value for c in _brief(text).attendance.counts]

    assert values("Six G20 leaders attended the summit.") == [6]
    assert values("Envoys attended, bringing the number of people in the room to about 30.") == [30]
    assert values("Ministers from Laos came, bringing to 12 the number of member states at the table.") == [12]
    assert values("The delegation of about a dozen officials was led by the envoy.") == [12]
    assert values("They cited the 1995 United Nations agreement.") == []
    assert values("Three officials said the talks had stalled.") == []
    assert values("The two delegations sat in separate rooms.") == []
    assert values("The five countries that cut output held a call.") == [5]
    assert values("Representatives of 9 countries that are not members also took part.") == [9]


def test_absence_phrasings() -> None:
    text = (
        "Myanmar’s seat was left empty.\n"
        "The chair did not invite Belarus to the meeting.\n"
        "Norway said it would not join any effort to isolate Russia.\n"
        "Britain, France and Germany — the so-called E3 — were briefed by phone but did not send representatives.\n"
        "In a joint statement, the three European countries said any deal must restore inspections."
    )
    brief = _brief(text)
    absent = _names(brief.attendance.absent)
    assert {"Myanmar", "Belarus", "United Kingdom", "France", "Germany"} <= absent
    assert "Norway" not in absent
    assert "E3" in {p.actor for p in brief.positions}
    assert "E3" not in _names(brief.attendance.present)


def test_walkout_by_a_rebel_group_named_by_nominal() -> None:
    text = (
        "The Northern Liberation Front (NLF) sent nine negotiators to the talks.\n"
        "Talks between the government and the NLF broke down when the rebel delegation walked out on Tuesday.\n"
        "The rebels have demanded a referendum on self-rule."
    )
    brief = _brief(text)
    assert "Northern Liberation Front" in _names(brief.attendance.absent)
    assert "Northern Liberation Front" in _names(brief.attendance.present)
    assert "Northern Liberation Front" in {p.actor for p in brief.positions}


def test_presence_phrasings() -> None:
    text = (
        "Kenya invited three guests — Ghana, Peru and Chile — whose leaders joined the summit on Monday.\n"
        "Five G20 leaders attended, along with the European Union’s top officials.\n"
        "The four countries that cut output — Iraq, Kuwait, Algeria and Oman — held a separate call.\n"
        "Qatar, which hosted and mediated the talks, said progress was made."
    )
    present = _names(_brief(text).attendance.present)
    assert {"Ghana", "Peru", "Chile", "European Union", "Iraq", "Kuwait", "Algeria", "Oman", "Qatar"} <= present
    assert "G20" not in present


def test_forum_and_remote_speakers_are_not_attendees() -> None:
    text = (
        "The U.N. Security Council demanded a ceasefire on Thursday.\n"
        "Ambassador Jane Roe of Britain told the council the text was balanced.\n"
        "Chinese foreign ministry spokesperson Wu Peng rejected the resolution in Beijing."
    )
    brief = _brief(text)
    present = _names(brief.attendance.present)
    assert "UN Security Council" not in present
    assert "China" not in present
    assert {"UN Security Council", "China"} <= {p.actor for p in brief.positions}


def test_subjects_objects_institutions_and_bloc_members() -> None:
    text = (
        "Leaders of the Group of Seven met in Rome.\n"
        "The communiqué accused China of unfair trade and called on Beijing to lift export curbs.\n"
        "Iraq’s oil ministry said in a statement that Baghdad would comply.\n"
        "In their final statement, the leaders said they would keep up support for Ukraine."
    )
    actors = {p.actor for p in _brief(text).positions}
    assert "China" not in actors
    assert {"Iraq", "G7"} <= actors


def test_outlook_phrasings() -> None:
    text = (
        "The mediator said the envoys would hold separate consultations over the coming weeks.\n"
        "The leaders said they would review progress in the autumn.\n"
        "Luanda has said it has no plans to return to the group.\n"
        "Beijing abstained because the text contained language that could pave the way for sanctions.\n"
        "“It is unlikely the bloc will agree this year,” said an analyst."
    )
    outlook = _brief(text).outlook
    evidence = [o.evidence[0].text for o in outlook]
    assert len(outlook) == 3
    assert evidence[0].startswith("The mediator") and evidence[1].startswith("The leaders")
    assert outlook[2].likelihood == Likelihood.unlikely


def test_quoted_likelihood_terms_and_two_judgments_in_one_sentence() -> None:
    text = (
        "A diplomat said a deal before March was “highly unlikely” and that ministers could instead meet in May.\n"
        "The envoy told reporters there was “a toss-up” chance that prisoners would be freed by Friday.\n"
        "“We will never accept partition,” the foreign minister of Peru said."
    )
    outlook = _brief(text).outlook
    assert [o.likelihood for o in outlook] == [Likelihood.very_unlikely, None, Likelihood.roughly_even_chance]
    assert outlook[1].statement.startswith("Ministers could instead meet")


def test_commentators_quoted_judgments_are_outlook() -> None:
    text = (
        "Peru and Chile opened talks in Lima on Monday.\n"
        "“A customs union is all but impossible this decade, and even the pipeline will struggle,” said "
        "Marta Quispe, a trade researcher at a university.\n"
        "“The longer this drags on, the harder it will get,” she said.\n"
        "“Chile will not be bullied,” said Foreign Minister Tomás Vial of Chile."
    )
    outlook = _brief(text).outlook
    assert [o.likelihood for o in outlook] == [Likelihood.almost_no_chance, None, None]
    assert outlook[1].statement.startswith("Even the pipeline will struggle")
    assert all("bullied" not in o.statement for o in outlook)


def test_conditions_and_reported_futures_in_outlook() -> None:
    text = (
        "The rebels said they would consider joining only if the U.N. recognised them.\n"
        "Peru said Lima could accept lower tariffs in return.\n"
        "The mediator said a lasting truce would take longer.\n"
        "The road map, to be drafted by experts before the summit in June, was welcomed by Chile."
    )
    statements = [o.statement for o in _brief(text).outlook]
    assert len(statements) == 2
    assert statements[0].startswith("A lasting truce") and "road map" in statements[1]


def test_place_adjectives_acronyms_and_given_names() -> None:
    text = (
        "Leaders met at a Shanghai Cooperation Organisation (SCO) summit that welcomed Laos as a member.\n"
        "“Prices will rise,” said Ana Ruiz, a Lima-based economist.\n"
        "Chilean Foreign Minister Santiago Rojas said Chile wanted a quick deal.\n"
        "The United States was represented by Deputy Secretary of State Mark Bell, who said Washington agreed."
    )
    brief = _brief(text)
    actors = {p.actor for p in brief.positions}
    assert "Shanghai Cooperation Organisation" not in actors and "Peru" not in actors
    assert "Santiago Rojas" in _position(brief, "Chile").spokespeople
    assert any("Mark Bell" in s for s in _position(brief, "United States").spokespeople)


def test_officials_without_a_party_in_their_title() -> None:
    text = (
        "Foreign Secretary Ravi Menon said New Delhi would not sign the text.\n"
        "The Eastern Liberation Front, an armed faction, was not invited.\n"
        "A spokesman for the group dismissed the meeting as theatre.\n"
        "Karl Berg, a researcher at the Baltic Institute for Polar Affairs, said talks were stalled."
    )
    brief = _brief(text)
    assert "Ravi Menon" in _position(brief, "India").spokespeople
    assert "Eastern Liberation Front" in {p.actor for p in brief.positions}
    assert all("Polar Affairs" not in s for p in brief.positions for s in p.spokespeople)


def test_states_learnt_from_adjectives_and_bodies_from_their_heads() -> None:
    text = (
        "Talks on ending Veloria’s war opened on Monday.\n"
        "The Velorian government sent a 10-member delegation.\n"
        "The Velorian Farmers’ Federation, which was not invited, demanded a seat at the table.\n"
        "Dara Holm, a spokeswoman for the Northern Fishers’ Alliance, said the alliance wanted quotas cut."
    )
    brief = _brief(text)
    assert "Veloria" in _names(brief.attendance.present)
    assert "Velorian Farmers’ Federation" in _names(brief.attendance.absent)
    assert {"Velorian Farmers’ Federation", "Northern Fishers’ Alliance"} <= {p.actor for p in brief.positions}


def test_presence_from_delegations_observers_and_pledges() -> None:
    text = (
        "Norway welcomed delegations from Canada, Denmark and Finland.\n"
        "Observers from two countries — Qatar and Oman — attended the session. Bolivia sent an observer.\n"
        "Negotiators from the European Union and the four Mercosur countries met in Lima.\n"
        "Kuwait pledged $300 million, while Japan and the United Arab Emirates each announced $100 million.\n"
        "Outside, protesters joined by a delegation from Peru blocked the road."
    )
    brief = _brief(text)
    present = _names(brief.attendance.present)
    assert {"Canada", "Denmark", "Finland", "Qatar", "Oman", "Bolivia", "European Union", "Mercosur"} <= present
    assert {"Kuwait", "Japan", "United Arab Emirates"} <= present and "Peru" not in present
    assert not {"Kuwait", "Japan", "United Arab Emirates"} & {p.actor for p in brief.positions}
    assert 4 in {c.value for c in brief.attendance.counts}


def test_absence_by_refusal_declined_invitation_and_second_clause() -> None:
    text = (
        "The meeting was overshadowed by the refusal of neighbouring Chile, which controls the pass, to take part.\n"
        "Peru’s Foreign Ministry said on Sunday that it had declined the invitation.\n"
        "Bolivia’s president did not attend, and Paraguay, an observer, was not invited.\n"
        "The U.N. secretary-general and the heads of the Arab League and ASEAN attended as guests."
    )
    brief = _brief(text)
    absent = _names(brief.attendance.absent)
    assert {"Chile", "Peru", "Bolivia", "Paraguay"} <= absent
    assert {"Arab League", "ASEAN", "United Nations"} <= _names(brief.attendance.present)


def test_counts_of_allies_parts_and_capitalised_groups() -> None:
    text = (
        "All 30 allies were represented, although two of them, Spain and Italy, sent deputies.\n"
        "Ministers from seven of the eight Arctic Council member states met in Oslo.\n"
        "All five Permanent Participants sent representatives."
    )
    values = {c.value for c in _brief(text).attendance.counts}
    assert {30, 2, 7, 8, 5} <= values


def test_given_name_that_is_a_capital_and_title_named_earlier() -> None:
    text = (
        "Talks on the Delta Accord opened in Oslo, with Peru’s deputy foreign minister leading the first session.\n"
        "Deputy Foreign Minister Ana Quispe said the Convention on Rivers Treaty, the main text, was outdated.\n"
        "The Hill Front was represented by its commander, Yaren Mbeki.\n"
        "Mbeki said the Front would not disarm."
    )
    brief = _brief(text)
    assert "Ana Quispe" in _position(brief, "Peru").spokespeople
    assert "Yaren Mbeki" in _position(brief, "Hill Front").spokespeople
    assert "Nauru" not in _names(brief.attendance.present)
    assert all("Treaty" not in s for p in brief.positions for s in p.spokespeople)


def test_state_from_ian_adjective_church_and_possessive_leader() -> None:
    text = (
        "Talks between the Tavonian government and the Hill Front opened on Monday.\n"
        "The government sent a 12-member delegation.\n"
        "They are mediated by the Tavonian Catholic Church, whose envoy, Archbishop Piet Lorne, shuttled for months.\n"
        "“The Church takes no side,” Lorne said.\n"
        "The Front’s rival, the Marsh Defence Union (MDU), was not invited.\n"
        "Its leader, Odo Wenn, said in a statement that the talks were a sham."
    )
    brief = _brief(text)
    actors = {p.actor for p in brief.positions}
    assert {"Tavonian Catholic Church", "Marsh Defence Union"} <= actors
    assert "Tavonia" in _names(brief.attendance.present)
    assert "Odo Wenn" in _position(brief, "Marsh Defence Union").spokespeople
    assert "Piet Lorne" in _position(brief, "Tavonian Catholic Church").spokespeople


def test_forum_secretariat_and_commission_at_an_eu_summit() -> None:
    summit = (
        "EU leaders met in Brussels for a European Council summit.\n"
        "Commission President Lena Ostberg said the European Commission wanted the talks opened this year.\n"
        "A senior EU official said a deal was almost certain by Friday."
    )
    brief = _brief(summit)
    assert "European Commission" in {p.actor for p in brief.positions}
    assert "European Union" not in {p.actor for p in brief.positions}
    trade = "Trade talks with Chile resumed. The European Commission said it wanted tariffs on wine cut."
    assert "European Union" in {p.actor for p in _brief(trade).positions}
    forum = (
        "Leaders of the Pacific Islands Forum met in Apia.\n"
        "The Forum’s secretariat, based in Suva, said the rules had been followed."
    )
    brief = _brief(forum)
    assert "Pacific Islands Forum Secretariat" in {p.actor for p in brief.positions}
    assert "Pacific Islands Forum Secretariat" not in _names(brief.attendance.present)


def test_aside_attribution_and_participial_aside() -> None:
    text = (
        "Chile and Peru, whose ports are affected, were not invited, a Brazilian diplomatic source said.\n"
        "Bolivia was left out, officials said.\n"
        "Egypt, speaking later in the day on behalf of a large group of Arab states, pressed for a new conference."
    )
    brief = _brief(text)
    actors = {p.actor for p in brief.positions}
    assert not {"Chile", "Peru", "Bolivia"} & actors
    assert "Egypt" in actors


def test_walkout_by_a_led_group_side_events_and_votes() -> None:
    text = (
        "More than 30 delegations, led by Poland and including Canada, Japan and the European Union, left their seats"
        " as the envoy spoke.\n"
        "India’s delegation stayed in the room.\n"
        "Hungary’s prime minister, who took part in the morning session, skipped the leaders’ dinner.\n"
        "A dozen delegations met behind closed doors, among them Chad, Niger and Mali.\n"
        "Brazil and Mexico were among the five countries that abstained."
    )
    brief = _brief(text)
    absent = _names(brief.attendance.absent)
    present = _names(brief.attendance.present)
    assert {"Poland", "Canada", "Japan", "European Union"} <= absent
    assert {"India", "Hungary", "Chad", "Niger", "Mali", "Brazil", "Mexico"} <= present
    assert "Hungary" not in absent
    counts = {c.value: c.label for c in brief.attendance.counts}
    assert 30 in counts and 12 in counts
    assert counts[5] == "abstaining"  # a vote's tally is a count of those voting


def test_counts_of_a_side_represented_by_people_and_invited_leaders() -> None:
    text = (
        "The government sent a 10-member delegation, while the rebels were represented by seven people.\n"
        "The two invited leaders had taken part in person; the two delegations then sat apart."
    )
    values = [c.value for c in _brief(text).attendance.counts]
    assert 10 in values and 7 in values and 2 in values


def test_outlook_long_warning_and_month() -> None:
    text = (
        "She warned that a third straight failure to agree on a final document would badly damage the treaty.\n"
        "The secretariat said the new chief would take office in January as planned."
    )
    assert len(_brief(text).outlook) == 2


# --- Generalisation rules (metonyms, inversions, suspensions, partitives, relative clauses) ---------------


def test_inverted_absence_and_state_learnt_from_its_adjective() -> None:
    brief = _brief(
        "ORVIK — Peace talks on the war in the Republic of Talmora opened on Monday.\n"
        "The Talmoran government and the Southern Talmora Freedom Front sent delegations to the talks.\n"
        "Not invited at all was the Talmoran Exiles Council, which says it speaks for refugees.\n"
    )
    assert "Talmora" in [p.name for p in brief.attendance.present]
    absent = {a.name: a.reason for a in brief.attendance.absent}
    assert absent.get("Talmoran Exiles Council") == "not invited"


def test_empty_seat_and_suspended_membership_are_absences() -> None:
    brief = _brief(
        "Gulf leaders ended a summit in Doha on Sunday while Yemen's own seat at the table stayed empty.\n"
        "Libya's membership was suspended last year after a disputed election.\n"
    )
    absent = {a.name: a.reason for a in brief.attendance.absent}
    assert absent.get("Yemen") == "seat left empty"
    assert (absent.get("Libya") or "").startswith("membership suspended")


def test_delegates_of_a_bloc_leaving_the_hall_walk_out() -> None:
    brief = _brief(
        "After the chair tabled a weaker text, delegates from all 14 members of the Caribbean Community (CARICOM) "
        "rose and left the hall.\n"
    )
    absent = {a.name: a.reason for a in brief.attendance.absent}
    assert absent.get("CARICOM") == "walked out"


def test_statement_to_the_plenary_is_made_at_the_meeting() -> None:
    brief = _brief("Norway said in a statement to the plenary that it would not accept any cap on fishing quotas.\n")
    assert "Norway" in [p.name for p in brief.attendance.present]


def test_member_states_speak_for_the_bloc_named_before() -> None:
    brief = _brief(
        "In a closing declaration read out by the African Union's chairperson, member states demanded that "
        "Ethiopia withdraw its troops.\n"
    )
    assert [p.actor for p in brief.positions] == ["African Union"]


def test_official_sent_in_a_leaders_place_and_quote_after_a_position() -> None:
    brief = _brief(
        "Tunisia's president, who had been expected to attend, sent Prime Minister Hedi Mansouri in his place.\n"
        "Mansouri told the summit that Tunisia would oppose the resolution.\n"
        'Morocco has long demanded guaranteed water releases. "Morocco will not accept a fait accompli," '
        "Water Minister Youssef Alami said.\n"
    )
    assert "Hedi Mansouri" in _position(brief, "Tunisia").spokespeople
    assert "Youssef Alami" in _position(brief, "Morocco").spokespeople


def test_the_bank_resolves_to_the_bank_named_before() -> None:
    brief = _brief(
        "The World Bank rejected the plan. Haruto Sato, the bank's vice-president for operations, "
        "said losses would hurt its lending.\n"
    )
    assert "Haruto Sato" in _position(brief, "World Bank").spokespeople


def test_verb_inside_a_relative_clause_has_its_own_subject() -> None:
    brief = _brief(
        "At issue is the Paris Framework, the G7 mechanism for debt talks, which creditors and borrowers say "
        "has been too slow.\n"
    )
    assert brief.positions == []


def test_numbers_in_names_and_report_sources_are_no_counts() -> None:
    brief = _brief(
        "Group of 20 trade ministers met in Lima. Some three dozen ministers took part, according to two officials "
        "familiar with the talks.\n"
        "The session brought together the trade envoys of the five governments.\n"
    )
    assert sorted(c.value for c in brief.attendance.counts) == [5, 36]


def test_news_agency_is_no_party() -> None:
    brief = _brief(
        "In a statement carried by the official Syrian Arab News Agency (SANA), Foreign Minister Walid Haddad said "
        "Damascus would never accept the plan.\n"
    )
    assert [p.actor for p in brief.positions] == ["Syria"]


def test_quote_is_not_attributed_to_the_speaker_of_the_next_paragraph() -> None:
    brief = _brief(
        'Peruvian Foreign Minister Ana Torres said the fund should help "any country emerging from a disaster."\n'
        "Rojas told the meeting that Chile would abstain.\n"
    )
    assert all(q.speaker != "Rojas" for p in brief.positions for q in p.quotes)


# --- The event, its title and date, and the bottom line -------------------------------------------------------


def test_event_named_from_dateline_kind_and_convener() -> None:
    brief = _brief(
        "LIMA, Peru — Group of 20 trade ministers failed on Friday to agree on a statement on tariffs.\n"
        "Some thirty ministers took part in the two-day meeting, chaired by Peru.\n"
    )
    assert brief.title == "G20 trade ministers’ meeting in Lima"
    assert brief.event is not None and brief.event.location == "Lima"


def test_event_place_is_the_dateline_not_a_later_city_or_a_person() -> None:
    brief = _brief(
        "Talvik (AFP) - Negotiators for the government and the rebels opened talks mediated by the Red Cross on "
        "Monday, Jonas Berg said in a statement issued in Oslo.\n"
    )
    assert brief.title == "International Committee of the Red Cross-mediated talks in Talvik"
    assert "Berg" not in brief.title


def test_event_round_of_talks_with_the_body_that_holds_it() -> None:
    brief = _brief(
        "NAIROBI — Delegates gathered on Monday for the final round of talks of the Intergovernmental Negotiating "
        "Committee (INC) on a plastics treaty.\n"
    )
    assert brief.title == "Final round of Intergovernmental Negotiating Committee talks in Nairobi"


def test_event_online_and_at_un_headquarters() -> None:
    online = _brief("OPEC+ agreed at an online meeting on Sunday to keep its output unchanged, delegates said.\n")
    assert online.event is not None and online.event.location == "online"
    assert online.title == "OPEC online meeting"
    un = _brief(
        "UNITED NATIONS (AP) — The U.N. Security Council on Thursday adopted a resolution in a vote on Sudan.\n"
    )
    assert un.title == "UN Security Council vote at United Nations headquarters"


def test_event_regional_leaders_and_topic() -> None:
    arab = _brief("RIYADH — Arab leaders ended a one-day summit on Saturday with a call for a ceasefire in Gaza.\n")
    assert arab.title == "Arab leaders’ summit in Riyadh"
    korea = _brief(
        "TOKYO, Nov 18 – Envoys met on Tuesday for their first four-way consultations on North Korea in years.\n"
    )
    assert korea.title == "Four-way consultations on North Korea in Tokyo"


def test_date_from_a_dateline_without_a_year_takes_the_publication_year() -> None:
    text = "TOKYO, Nov 18 – Envoys met on Tuesday for consultations on North Korea.\n"
    article = Article(id="s1", name="a.txt", text=text, date=datetime.date(2026, 11, 19))
    brief = RulesExtractor().extract([article])
    assert brief.date == datetime.date(2026, 11, 18)


def test_summary_reads_as_at_most_three_clean_sentences() -> None:
    brief = _brief(
        "GENEVA — Talks on the dam opened on Monday. Egypt demanded a binding deal on water releases in droughts.\n"
        "Ethiopia rejected any binding limits on its future projects. Sudan did not attend the talks.\n"
        '"It is very unlikely that the sides agree this week," said a diplomat.\n'
    )
    sentences = re.split(r"(?<=[.”\"])\s+(?=[A-Z“\"])", brief.summary)
    assert 1 <= len(sentences) <= 3
    assert "the talks in Geneva" in brief.summary
    assert brief.summary.count('"') % 2 == 0 and brief.summary.count("“") == brief.summary.count("”")


def test_typographic_apostrophe_and_own_country_name() -> None:
    brief = _brief("DAKAR — Côte d’Ivoire’s president attended the summit and demanded new elections in Mali.\n")
    assert "Côte d’Ivoire" in [p.name for p in brief.attendance.present]


def test_body_name_with_lower_case_link() -> None:
    brief = _brief(
        "OSLO — The Arctic and Northern Seas Network, a group of fishing unions, attended the talks. "
        "The Arctic and Northern Seas Network demanded a ban on trawling.\n"
    )
    assert "Arctic and Northern Seas Network" in [p.name for p in brief.attendance.present]


def test_absence_without_delegation_and_not_admitted() -> None:
    brief = _brief(
        "LOME — Peru was the only member without a delegation at the forum, which Chile is hosting this year. "
        "Bolivia's envoy was not admitted to the hall.\n"
    )
    absent = [a.name for a in brief.attendance.absent]
    assert "Peru" in absent and "Bolivia" in absent
    assert "Chile" in [p.name for p in brief.attendance.present]
    assert "Peru" not in [p.name for p in brief.attendance.present]


def test_absent_list_between_dashes() -> None:
    brief = _brief("ACCRA — The summit opened, but the two states that left the bloc — Chad and Sudan — stayed away.\n")
    absent = [a.name for a in brief.attendance.absent]
    assert "Chad" in absent and "Sudan" in absent


def test_unknown_states_learnt_from_delegation_cues() -> None:
    brief = _brief(
        "KORVIN — The Ostrel delegation attended the talks. Vantia's delegation also attended. "
        "Marlow, Vantia's closest ally, sent no representative.\n"
    )
    present = [p.name for p in brief.attendance.present]
    assert "Ostrel" in present and "Vantia" in present
    assert [a.name for a in brief.attendance.absent] == ["Marlow"]


def test_named_command_is_a_body() -> None:
    brief = _brief("PANMUN — The Joint Border Command attended the session and demanded an end to the flights.\n")
    assert "Joint Border Command" in [p.name for p in brief.attendance.present]


def test_based_prefix_and_minister_cue() -> None:
    brief = _brief(
        "VIENNA — Talks opened on Monday. Morvania's Energy Minister Ana Petric demanded a new contract. "
        "The Geneva-based Water Rights Secretariat was not invited.\n"
    )
    assert [a.name for a in brief.attendance.absent] == ["Water Rights Secretariat"]
    assert "Morvania" in [p.actor for p in brief.positions]


def test_source_title_is_the_file_name_not_its_path() -> None:
    article = read_article(b"Chile and Peru met in Lima on Monday.\n", "/home/analyst/inbox/talks.txt", "s1")
    brief = RulesExtractor().extract([article])
    assert brief.sources[0].title == "talks.txt"


def test_the_summit_an_article_keeps_naming_is_the_event() -> None:
    text = (
        "The president said on Friday that his price for entering peace talks was a withdrawal.\n"
        "Delegations from 70 countries were headed to Lakeside in Norway for a Ukraine peace summit on Saturday.\n"
        "The summit will discuss a framework.\n"
        "Organisers said the summit would last two days.\n"
    )
    brief = RulesExtractor().extract([read_article(text.encode(), "a.txt", "s1")])
    assert brief.title == "Ukraine peace summit in Norway"


def test_a_photo_caption_does_not_place_the_event() -> None:
    text = (
        "A ship unloads at a harbour in Portville. (File photo)\n"
        "Trade envoys met in Geneva on Tuesday for a session on fishing subsidies.\n"
    )
    brief = RulesExtractor().extract([read_article(text.encode(), "a.txt", "s1")])
    assert brief.event is not None and brief.event.location == "Geneva"
