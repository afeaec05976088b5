"""factcheck.paging: numbered pages with a capped count, and keyset pages that start after the last row."""

from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.utils import timezone

from annotations.models import Article
from factcheck.paging import PageError, PageNotFound, keyset, paginate
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles(editor):
    start = timezone.now() - timedelta(days=30)
    made = [ArticleFactory(created_by=editor, title=f"Article {i:02d}") for i in range(12)]
    for i, article in enumerate(made):  # distinct and a few equal timestamps
        Article.objects.filter(pk=article.pk).update(created=start + timedelta(hours=i // 2))
    return list(Article.objects.order_by("created", "pk"))


def get(path="/", **params):
    return RequestFactory().get(path, params)


def test_numbered_pages_link_to_their_neighbours_and_keep_the_filters(articles):
    pager = paginate(get(status="new", page="2"), Article.objects.order_by("created", "pk"), per_page=5)
    assert [a.pk for a in pager.rows] == [a.pk for a in articles[5:10]]
    assert pager.count == 12 and not pager.capped
    assert pager.previous_url == "?status=new" and pager.next_url == "?status=new&page=3"
    assert [(n, current) for n, _url, current in pager.links] == [(1, False), (2, True), (3, False)]


def test_the_count_stops_at_the_cap_and_says_so(articles):
    pager = paginate(get(), Article.objects.order_by("pk"), per_page=2, cap=5)
    assert pager.count == 5 and pager.capped
    assert [n for n, _url, _current in pager.links] == [1, 2, 3]


def test_a_page_past_the_end_is_404_and_nonsense_400_both_naming_page(articles):
    with pytest.raises(PageNotFound) as past:
        paginate(get(page="99"), Article.objects.order_by("pk"), per_page=5)
    assert (past.value.status, past.value.param) == (404, "page")
    assert past.value.message == "page 99 is past the end of the list; the last page is 3."
    for nonsense in ("x", "0", "-2", "2.0", " "):
        with pytest.raises(PageError) as bad:
            paginate(get(page=nonsense), Article.objects.order_by("pk"), per_page=5)
        assert (bad.value.status, bad.value.param) == (400, "page"), nonsense


def test_a_page_posted_back_after_a_change_may_be_past_the_end_and_shows_the_last(articles):
    assert paginate(get(), Article.objects.order_by("pk"), per_page=5, number="99", clamp=True).number == 3


def test_keyset_pages_walk_the_whole_list_once_even_with_equal_timestamps(articles):
    seen, request = [], get()
    while True:
        pager = keyset(request, Article.objects.all(), field="created", per_page=5)
        seen += [a.pk for a in pager.rows]
        if not pager.next_url:
            break
        assert pager.count == 12
        request = get(**dict(item.split("=") for item in pager.next_url[1:].split("&")))
        assert keyset(request, Article.objects.all(), field="created", per_page=5).first_url == "/"
    assert seen == [a.pk for a in articles]


def test_keyset_descending(articles):
    pager = keyset(get(), Article.objects.all(), field="-created", per_page=5)
    second = keyset(get(after=pager.next_url.split("=", 1)[1]), Article.objects.all(), field="-created", per_page=5)
    assert [a.pk for a in pager.rows + second.rows] == [a.pk for a in reversed(articles)][:10]


def test_a_broken_cursor_is_400_naming_it(articles):
    with pytest.raises(PageError) as bad:
        keyset(get(after="not-a-cursor!"), Article.objects.all(), field="created", per_page=5)
    assert (bad.value.status, bad.value.param) == (400, "after")


def test_pages_past_a_capped_count_stay_reachable_until_the_rows_run_out(articles):
    queryset = Article.objects.order_by("pk")
    third = paginate(get(page="3"), queryset, per_page=2, cap=5)
    assert third.next_url == "?page=4"
    fifth = paginate(get(page="6"), queryset, per_page=2, cap=5)
    assert [a.pk for a in fifth.rows] == [a.pk for a in sorted(articles, key=lambda a: a.pk)[10:12]]
    assert fifth.next_url is None and fifth.previous_url == "?page=5"
