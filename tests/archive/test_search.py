"""Search: what is found, what each filter keeps, order, snippets, and that the index follows the core's changes."""

import datetime as dt

import pytest

from annotations import services
from archive import selectors
from archive.forms import SearchForm
from archive.models import SearchDocument, Word
from tests.archive import helpers
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def found(**params) -> list[str]:
    form = SearchForm(params)
    assert form.is_valid(), form.errors
    return [
        doc.claim.statement if doc.claim else f"article: {doc.article.title}"
        for doc in selectors.search(form.cleaned_data)
    ]


@pytest.fixture
def desk(editor, reviewer):
    kazan = helpers.article(editor, publication="Tehran Times", published_at=dt.date(2024, 10, 11))
    helpers.approved(
        kazan,
        editor,
        reviewer,
        "Leaders of 24 countries",
        statement="Leaders of 24 countries attend the summit.",
        verdict="mostly-true",
    )
    helpers.claim(
        kazan, editor, "Ashgabat", kind="name", statement="The conference is in Ashgabat.", claimant="Kremlin"
    )
    moscow = helpers.article(
        reviewer, body=helpers.RU, title="Ставка", publication="Izvestia", published_at=dt.date(2024, 10, 25)
    )
    helpers.claim(
        moscow,
        reviewer,
        "ключевую ставку до 21 процента",
        kind="number",
        statement="Банк России повысил ключевую ставку до 21 процента.",
    )
    return {"kazan": kazan, "moscow": moscow}


def test_words_find_claims_and_articles_with_stemming(desk):
    assert found(q="leader attending") == ["Leaders of 24 countries attend the summit.", "article: Summit in Kazan"]


def test_russian_is_stemmed_in_its_own_configuration(desk):
    assert desk["moscow"].language == "ru"
    assert "Банк России повысил ключевую ставку до 21 процента." in found(q="ставки")


def test_a_misspelt_name_finds_the_right_spelling(desk):
    assert "The conference is in Ashgabat." in found(q="Ashgatat")


def test_sources_and_claimant_are_searched(desk):
    assert found(q="Kremlin", type="claims") == ["The conference is in Ashgabat."]
    assert found(q="records.example", type="claims") == ["Leaders of 24 countries attend the summit."]


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"kind": "name"}, ["The conference is in Ashgabat."]),
        ({"verdict": "mostly-true"}, ["Leaders of 24 countries attend the summit."]),
        (
            {"state": "draft", "type": "claims"},
            ["Банк России повысил ключевую ставку до 21 процента.", "The conference is in Ashgabat."],
        ),
        ({"reviewer": "reviewer"}, ["Leaders of 24 countries attend the summit."]),
        ({"editor": "reviewer"}, ["article: Ставка", "Банк России повысил ключевую ставку до 21 процента."]),
        ({"publication": "tehran times", "type": "articles"}, ["article: Summit in Kazan"]),
        ({"date_from": "2024-10-20", "type": "articles"}, ["article: Ставка"]),
        ({"date_to": "2024-10-20", "type": "articles"}, ["article: Summit in Kazan"]),
        ({"language": "ru", "type": "articles"}, ["article: Ставка"]),
        ({"status": "checked"}, []),
    ],
)
def test_each_filter_keeps_only_what_it_names(desk, params, expected):
    assert found(**params) == expected


def test_relevance_puts_the_statement_before_a_mention_and_date_sorts_newest_or_oldest(desk, editor):
    older = helpers.article(
        editor, body="A summit was mentioned in passing.", title="Other", published_at=dt.date(2020, 1, 1)
    )
    assert found(q="summit", type="articles")[0] == "article: Summit in Kazan"
    assert found(q="summit", type="articles", sort="oldest")[0] == f"article: {older.title}"
    assert found(type="articles", sort="newest")[0] == "article: Ставка"


def test_a_claim_edit_and_a_new_source_are_found_at_once(desk, editor):
    claim = desk["kazan"].claims.get(kind="name")
    services.claim_update(
        claim=claim, user=editor, version=claim.version, changes={"statement": "Turkmenistan hosts the forum."}
    )
    assert found(q="Turkmenistan") == ["Turkmenistan hosts the forum."]
    services.source_create(
        claim=claim, user=editor, url="https://gazetteer.example/ashgabat", title="Gazetteer of capitals"
    )
    assert found(q="gazetteer") == ["Turkmenistan hosts the forum."]


def test_snippets_mark_the_words_and_escape_everything_else(editor):
    article = helpers.article(editor, body="<script>alert(1)</script> The summit in Kazan opened.", title="Escaping")
    docs = list(selectors.search({"q": "summit", "type": "articles"}))
    snippet = selectors.snippets(docs, "summit")[docs[0].pk]
    assert "<mark>summit</mark>" in snippet
    assert "<script>" not in snippet and article.pk


def test_snippet_of_a_misspelling_marks_the_name_found(desk):
    docs = list(selectors.search({"q": "Ashgatat", "type": "claims"}))
    assert "<mark>Ashgabat</mark>" in selectors.snippets(docs, "Ashgatat")[docs[0].pk]


def test_bad_filters_are_named():
    form = SearchForm({"kind": "poem", "date_from": "2024-10-10", "date_to": "2024-10-01", "verdict": "nonsense"})
    assert not form.is_valid()
    assert set(form.errors) == {"kind", "date_to", "verdict"}


def test_a_saved_search_counts_what_the_search_finds_now(desk, editor):
    from archive import services as archive_services

    archive_services.saved_search_save(user=editor, name="Drafts", query="state=draft&type=claims")
    archive_services.saved_search_save(user=editor, name="Kazan", query="q=Kazan")
    rows = selectors.saved_searches_with_counts(editor)
    assert [(r.saved.name, r.count) for r in rows] == [("Drafts", 2), ("Kazan", 1)]
    helpers.claim(desk["kazan"], editor, "BRICS summit", statement="The BRICS summit is in Kazan.")
    assert [(r.saved.name, r.count) for r in selectors.saved_searches_with_counts(editor)] == [
        ("Drafts", 3),
        ("Kazan", 2),
    ]
    assert selectors.saved_searches_with_counts(make_user("other", None)) == []


def test_archive_reindex_rebuilds_documents_and_entries_from_scratch(desk):
    from io import StringIO

    from django.core.management import call_command

    from archive.models import Entry

    SearchDocument.objects.all().delete()
    Entry.objects.all().delete()
    Word.objects.all().delete()
    out = StringIO()
    call_command("archive_reindex", stdout=out)
    assert "1 approved claims in the archive" in out.getvalue()
    # The similar spelling is searched like a typed word: the article whose text names Ashgabat comes too.
    assert found(q="Ashgatat") == ["The conference is in Ashgabat.", "article: Summit in Kazan"]
    assert Entry.objects.filter(claim__isnull=False).count() == 1


def many_summit_claims(editor, n: int):
    body = " ".join(f"Summit number {i} opened." for i in range(n))
    article = helpers.article(editor, body=body, title="Many summits")
    return [
        helpers.claim(article, editor, f"Summit number {i} opened.", statement=f"Summit number {i} opened.")
        for i in range(n)
    ]


def test_counts_stop_at_the_cap_on_the_page_and_in_the_api(editor, client, api, monkeypatch):
    many_summit_claims(editor, 4)
    monkeypatch.setattr(selectors.CappedPaginator, "CAP", 3)
    client.force_login(editor)
    page = client.get("/search/", {"q": "summit", "sort": "newest"})
    assert "More than 3 results" in page.content.decode()
    body = api.get("/api/v1/search/", {"q": "summit", "sort": "newest"}).json()
    assert body["count_capped"] is True
    assert "1 result" in client.get("/search/", {"q": "summit", "type": "articles"}).content.decode()


@pytest.mark.parametrize("walk_cost", [0.0, 1e9], ids=["through-bitmaps", "walking-the-key"])
def test_relevance_ranks_only_the_newest_matches_when_the_words_are_common(editor, client, monkeypatch, walk_cost):
    monkeypatch.setattr(selectors, "WALK_COST", walk_cost)
    claims = many_summit_claims(editor, 30)
    documents = list(SearchDocument.objects.filter(claim__in=claims).order_by("-pk").values_list("pk", flat=True))
    # Statistics saying every document holds "summit": the 2 * RANK_LIMIT newest documents are enough to read.
    monkeypatch.setattr(selectors, "lexeme_frequencies", lambda table, column: {"summit": 1.0})
    monkeypatch.setattr(selectors, "RANK_LIMIT", 8)
    monkeypatch.setattr(selectors, "FEW", 5)
    results = selectors.search({"q": "summit", "type": "claims"})
    assert len(results) == 8 and results.more
    assert {doc.pk for doc in results[0:8]} <= set(documents[:16])
    client.force_login(editor)
    assert "More than 8 results" in client.get("/search/", {"q": "summit", "type": "claims"}).content.decode()
    # Newest first still lists every match.
    assert len(list(selectors.search({"q": "summit", "type": "claims", "sort": "newest"}))) == 30


def test_a_misspelling_of_a_new_name_is_found_once_the_claim_is_saved(desk, editor):
    claim = desk["kazan"].claims.get(kind="name")
    assert not Word.objects.filter(word="turkmenbashi").exists()
    services.claim_update(
        claim=claim, user=editor, version=claim.version, changes={"statement": "Turkmenbashi hosts the forum."}
    )
    assert Word.objects.filter(word="turkmenbashi").exists()
    assert found(q="Turkmenbasha") == ["Turkmenbashi hosts the forum."]
    assert found(q='"Turkmenbasha"') == []  # a quoted phrase is taken as typed


@pytest.mark.parametrize("q", ["summit", "Ashgatat", '"exact phrase"', "a or b -c"])
def test_searching_an_empty_archive_finds_nothing(q):
    assert found(q=q) == [] and found(q=q, sort="newest") == []


def test_words_that_meet_only_in_older_documents_are_still_found(editor, monkeypatch):
    older = helpers.article(editor, body="Summit talks in Kazan. " * 3, title="Kazan summit talks")
    kazan = [
        helpers.claim(older, editor, "Summit talks in Kazan.", statement=f"Summit talks in Kazan, round {i}.")
        for i in range(3)
    ]
    many_summit_claims(editor, 30)  # newer documents that hold only one of the words
    # Statistics saying both words are everywhere: the newest 2 * RANK_LIMIT documents are read first, and none
    # of them holds both; then older matches are taken in storage order.
    monkeypatch.setattr(selectors, "lexeme_frequencies", lambda table, column: {"summit": 1.0, "kazan": 1.0})
    monkeypatch.setattr(selectors, "RANK_LIMIT", 8)
    monkeypatch.setattr(selectors, "FEW", 2)
    results = selectors.search({"q": "summit Kazan", "type": "claims"})
    assert {doc.claim_id for doc in results[0:10]} == {c.pk for c in kazan}


def test_my_lists_count_each_saved_search_up_to_the_cap(editor, client, monkeypatch):
    from archive import services as archive_services

    many_summit_claims(editor, 4)
    archive_services.saved_search_save(user=editor, name="Summits", query="q=summit&type=claims")
    monkeypatch.setattr(selectors, "LIST_CAP", 3)
    [row] = selectors.saved_searches_with_counts(editor)
    assert row.capped and row.shown_count == 3
    client.force_login(editor)
    page = client.get("/search/saved/", HTTP_HX_REQUEST="true").content.decode()
    assert '<span class="count">3+</span>' in page
