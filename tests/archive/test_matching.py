"""Matching a sentence to the archive, and the quality targets on the labelled set."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from archive import evaluation, matching, normalize, services
from archive.models import Entry
from tests.archive.helpers import run_embedding_jobs

pytestmark = pytest.mark.django_db

FEED = (evaluation.DIRECTORY / "factchecks.json").read_bytes()


@pytest.mark.parametrize("part", ["tune", "heldout"])
def test_the_lexical_stage_alone_meets_the_targets_on_each_part(part):
    report = evaluation.run(matching.LexicalMatcher(matching.TUNED))[part]
    assert report.map5 >= 0.9
    assert report.positives >= 16 and report.negatives >= 6


def test_evaluation_leaves_nothing_behind():
    evaluation.run(matching.LexicalMatcher())
    assert not Entry.objects.exists()


def test_evaluate_matching_prints_map_recall_and_false_likely_rate():
    out = StringIO()
    call_command("evaluate_matching", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[1].split()[:5] == ["part", "paraphrases", "MAP@5", "Recall@5", "unmatched"]
    assert [line.split()[0] for line in lines[2:5]] == ["tune", "heldout", "all"]


def test_a_paraphrase_with_figures_written_differently_is_a_likely_match():
    services.fact_checks_import(data=FEED)
    [best, *_] = matching.matcher().match(
        "Twenty-four heads of state came to Kazan for the BRICS meeting last October."
    )
    assert best.claim_reviewed == "Leaders of 24 countries attended the BRICS summit in Kazan in October 2024."
    assert best.likely_match and best.rating == "True" and best.claim is None
    assert best.url == "https://factcheck.example/checks/brics-kazan-24-countries"


def test_a_sentence_on_the_same_topic_is_not_called_a_likely_match():
    services.fact_checks_import(data=FEED)
    results = matching.matcher().match("The Kazan summit ended with a declaration signed by all BRICS members.")
    assert not any(r.likely_match for r in results)


def test_russian_and_persian_match_in_their_own_configuration():
    services.fact_checks_import(data=FEED)
    [ru, *_] = matching.matcher().match("В октябре 2024 года Центробанк поднял ключевую ставку до 21%.")
    [fa, *_] = matching.matcher().match("جمعیت ایران بیش از 85 میلیون نفر است.")
    assert ru.url.endswith("russia-key-rate-21-ru") and ru.likely_match
    assert fa.url.endswith("iran-population-85-million-fa")


def test_results_are_best_first_and_limited():
    services.fact_checks_import(data=FEED)
    results = matching.matcher().match("Germany's economy in 2023 and 2024", limit=2)
    assert len(results) == 2 and results[0].score >= results[1].score


def test_empty_or_stop_word_text_matches_nothing():
    services.fact_checks_import(data=FEED)
    run_embedding_jobs()  # meaning too: the nearest entries of "the and of" are no match
    assert matching.matcher().match("   ") == []
    assert matching.matcher().match("the and of", language="en") == []


@pytest.mark.parametrize(
    "text, normalized",
    [
        ("Twenty-four heads of state", "24 leader"),
        ("over $1.5 trillion", "over 1500000000000 dollars"),
        ("A fifth of the oxygen", "20 percent of the oxygen"),
        ("18m hectares", "18000000 hectares"),
        ("۸۵ میلیون", "85 میلیون"),
        ("52°C and 10.6%", "52 degrees celsius and 10.6 percent"),
    ],
)
def test_figures_are_written_one_way(text, normalized):
    assert normalize.figures(text) == normalized


def test_the_configuration_follows_the_language():
    assert [normalize.config_for(x) for x in ["en", "ru", "fa", "", "pt-BR"]] == [
        "english",
        "russian",
        "archive_simple",
        "archive_simple",
        "portuguese",
    ]


def test_the_simple_configuration_strips_accents():
    services.fact_checks_import(
        data=json.dumps(
            {
                "@type": "ClaimReview",
                "url": "https://x.example/1",
                "inLanguage": "xx",
                "claimReviewed": "Café Zürich Ñandú",
                "reviewRating": {"alternateName": "True"},
            }
        )
    )
    assert sorted(matching.LexicalMatcher.lexemes("cafe zurich nandu", "archive_simple")) == ["cafe", "nandu", "zurich"]
    assert matching.matcher().match("Zurich cafe", language="xx")[0].url == "https://x.example/1"


def crowd(n: int, statement: str) -> list[dict]:
    return [
        {
            "@type": "ClaimReview",
            "url": f"https://crowd.example/{statement[:5]}/{i}",
            "claimReviewed": statement.format(i=i),
            "reviewRating": {"alternateName": "False"},
            "inLanguage": "en",
        }
        for i in range(n)
    ]


def test_document_frequencies_come_from_the_statistics_of_the_archive():
    from archive import frequencies

    services.fact_checks_import(
        data=json.dumps(
            crowd(40, "The summit in Kazan drew {i} leaders.") + crowd(10, "Wheat harvest record number {i}.")
        )
    )
    # Not analyzed since the import: the statistics know none of its words (autovacuum may have analyzed the table
    # for earlier tests' rows, never for this transaction's), so every word counts as rare.
    before = frequencies.lexeme_frequencies("archive_entry", "search")
    assert "kazan" not in before and "wheat" not in before
    frequencies.analyze()
    found = frequencies.lexeme_frequencies("archive_entry", "search")
    assert found["kazan"] == pytest.approx(0.8) and found["wheat"] == pytest.approx(0.2)


def test_a_crowd_of_entries_sharing_common_words_is_read_only_up_to_the_limits_and_the_repeat_still_wins():
    from archive import frequencies

    statement = "Grain exports from Odesa rose by 12 percent in the first quarter, the port authority said."
    feed = [
        *crowd(500, "Grain exports from the port rose in quarter {i}, the authority said."),
        {
            "@type": "ClaimReview",
            "url": "https://x.example/odesa",
            "claimReviewed": statement,
            "reviewRating": {"alternateName": "True"},
            "inLanguage": "en",
        },
    ]
    services.fact_checks_import(data=json.dumps(feed))
    frequencies.analyze()
    m = matching.LexicalMatcher()
    query = m.query("Odesa's grain exports rose 12% in the first quarter, said the port authority.")
    # "odesa", "percent" and "first" are in one entry: they find candidates first, and BM25 puts the repeat first.
    finding = matching.finding_lexemes(query.lexemes, query.idf, matching.archive_size())
    assert set(finding[:3]) == {"percent", "odesa", "first"}
    [best, *_] = m.match("Odesa's grain exports rose 12% in the first quarter, said the port authority.")
    assert best.url == "https://x.example/odesa" and best.shared_words[:2] == ("Grain", "exports")
