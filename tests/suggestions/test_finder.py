"""The finder on its own: what it proposes in a text, and what it leaves alone. No database."""

from pathlib import Path

import pytest

from suggestions import evaluation, finder
from suggestions.gazetteer import build_gazetteer, common_words, package_gazetteer
from suggestions.textutil import fold, osa_distance, within_one_edit

DEMO = evaluation.normalize((Path(evaluation.ROOT) / "annotations/demo/putin-pezeshkian-ashgabat.txt").read_text())


@pytest.fixture(scope="module")
def names():
    return package_gazetteer().with_names(["Araghchi", "Erdoğan"])


def found(text, names=None, kind=None):
    return [
        (text[f.start : f.end], f)
        for f in finder.find(text, names=names, words=common_words())
        if kind is None or f.kind == kind
    ]


def quotes_of(text, names=None, kind=None):
    return [quote for quote, _ in found(text, names, kind)]


def test_demo_article_misspelt_capital_is_flagged_with_the_right_spelling(names):
    ((quote, finding),) = found(DEMO, names, finder.NAME)
    assert quote == "Ashgatat"
    assert finding.correction == "Ashgabat"
    assert finding.reason.text().startswith("Did you mean Ashgabat?")
    assert "Ashgabat" not in quotes_of(DEMO, names, finder.NAME)


def test_demo_article_check_worthy_statements_are_the_tightest_phrases(names):
    numbers = quotes_of(DEMO, names, finder.NUMBER)
    assert "leaders of 24 countries" in numbers
    assert "October 22" in numbers
    comparisons = quotes_of(DEMO, names, finder.COMPARISON)
    assert comparisons == ["an increase in the volume of trade", "much closer to each other than other countries"]
    quotes = {q: f.claimant for q, f in found(DEMO, names, finder.QUOTE)}
    assert quotes["Pezeshkian said Iran’s relationship with Russia is “sincere and strategic”"] == "Pezeshkian"
    said = next(q for q in quotes if q.startswith("“Moscow and Tehran"))
    assert said.endswith("” the Russian leader said")


def test_a_name_spelt_two_ways_is_found_without_any_gazetteer():
    text = "Talks opened in Ashgabat on Friday.\n\nDelegates left Ashgatat on Sunday."
    ((quote, finding),) = found(text, None, finder.NAME)
    assert (quote, finding.correction) == ("Ashgatat", "Ashgabat")


@pytest.mark.parametrize(
    "text",
    [
        "Ministers met in Kraków, Zürich, São Paulo and Reykjavík.",
        "Ministers met in Krakow, Zurich, Sao Paulo and Reykjavik.",
        "Flights from Odesa and Odessa, Kyiv and Kiev resumed.",
        "Vladimir Putin said Russia and the Russian people would not yield.",
        "The BRICS group met in Kazan, where Xi Jinping and Narendra Modi spoke.",
        "Iran and Iraq, Austria and Australia signed the accord.",
    ],
)
def test_names_the_gazetteer_confirms_and_people_are_not_flagged(names, text):
    assert quotes_of(text, names, finder.NAME) == []


@pytest.mark.parametrize(
    ("text", "wrong", "right"),
    [
        ("Observers from Montevidio will monitor the vote.", "Montevidio", "Montevideo"),
        ("The highway links Nairobi and Dar es Salam.", "Dar es Salam", "Dar es Salaam"),
        ("Leaders gathered in Kuala Lumpar on Sunday.", "Kuala Lumpar", "Kuala Lumpur"),
        ("Georgian officials in Tbilsi said the line was ready.", "Tbilsi", "Tbilisi"),
        ("Foreign Minister Abbas Aragchi also spoke.", "Aragchi", "Araghchi"),  # from the newsroom's list
        ("Erdoğan arrived on Friday. “We will double our trade,” Erdogan said.", "Erdogan", "Erdoğan"),
    ],
)
def test_near_misses_of_known_names_get_a_did_you_mean(names, text, wrong, right):
    ((quote, finding),) = found(text, names, finder.NAME)
    assert (quote, finding.correction) == (wrong, right)
    assert finding.reason.text().startswith(f"Did you mean {right}?")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Exports rose by 12 percent last year to $9.8 billion.", ["by 12 percent", "$9.8 billion"]),
        ("Gas accounted for more than 80% of the total.", ["more than 80% of the total"]),
        ("It carried 1.4 million tonnes of freight in 2023.", ["1.4 million tonnes of freight", "2023"]),
        ("The journey takes up to 14 hours.", ["up to 14 hours"]),
        ("Delegates arrived for a two-day summit on 29 May.", ["two-day summit", "29 May"]),
        ("Floods forced the evacuation of 2,500 people.", ["evacuation of 2,500 people"]),
        ("The two presidents met twice.", []),
        ("The COVID-19 rules and the G20 summit.", []),
    ],
)
def test_numbers(text, expected):
    assert quotes_of(text, kind=finder.NUMBER) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Growth was slightly faster than the 6.1 percent forecast by the IMF.",
            ["slightly faster than the 6.1 percent forecast"],
        ),
        (
            "It is the shortest route between China and Europe, officials said.",
            ["the shortest route between China and Europe"],
        ),
        ("Traffic has tripled since 2015, and more.", ["has tripled since 2015"]),
        ("It employs more than 400 people.", []),  # a number, not a comparison
        ("They want peace rather than war.", []),
    ],
)
def test_comparisons(text, expected):
    assert quotes_of(text, kind=finder.COMPARISON) == expected


def test_unattributed_scare_quotes_are_not_quoted_speech():
    assert quotes_of("Putin wants a “new order” soon.", kind=finder.QUOTE) == []


def test_text_utilities():
    assert fold("İstanbul") == fold("Istanbul") == "istanbul"
    assert fold("Chornomors’k") == "chornomorsk"
    assert within_one_edit("ashgabat", "ashgatat") and within_one_edit("kazakhstan", "kazahkstan")
    assert not within_one_edit("kyiv", "kiev")
    assert osa_distance("kyiv", "kiev") == 2


def test_gazetteer_from_records_treats_near_miss_alternate_names_as_misspellings():
    gazetteer = build_gazetteer(
        [{"name": "Tbilisi", "population": 1_000_000, "alternatenames": ["Tbilsi", "Tiflis", "tbilisi"]}],
        [],
        [],
        [],
    )
    assert gazetteer.confirms("tbilisi") and gazetteer.confirms("tiflis")
    assert not gazetteer.confirms("tbilsi")
    assert gazetteer.variant_of("tbilsi") == "Tbilisi"
    assert [t.name for t in gazetteer.near("tbilsii")] == ["Tbilisi"]
