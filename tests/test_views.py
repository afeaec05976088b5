import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annotations import services
from annotations.models import Claim, Rating, Source
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

HOSTILE = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>']
HX = {"HTTP_HX_REQUEST": "true"}


def add_claim(article, user, quote, **fields):
    start = article.body.index(quote)
    return services.claim_create(article=article, user=user, start=start, end=start + len(quote), quote=quote, **fields)


def test_anonymous_users_are_sent_to_the_login_page(client, article):
    for url in [reverse("article_list"), reverse("article_detail", args=[article.pk]), reverse("article_create")]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_users_without_a_newsroom_role_are_refused(client, nobody, article):
    client.force_login(nobody)
    assert client.get(reverse("article_list")).status_code == 403
    assert client.get(reverse("article_detail", args=[article.pk])).status_code == 403
    assert client.post(reverse("article_create"), {"title": "x", "body": "y"}).status_code == 403


def test_login_page_logs_in_and_out(client, editor):
    response = client.post(reverse("login"), {"username": "editor", "password": "pw-for-tests-123"})
    assert response.status_code == 302
    assert client.get(reverse("article_list")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("article_list")).status_code == 302


def test_article_list_shows_status_and_claim_counts(editor_client, editor, article):
    add_claim(article, editor, "leaders of 24 countries")
    add_claim(article, editor, "Ashgatat")
    html = editor_client.get(reverse("article_list")).content.decode()
    row = re.search(
        rf"<tr>\s*<td class=\"select\">.*?<td><a href=\"/articles/{article.pk}/\">.*?</tr>", html, re.S
    ).group(0)
    assert "In progress" in row
    assert re.search(r'<td class="num">2</td>', row)


def test_create_article_from_pasted_html(editor_client):
    response = editor_client.post(
        reverse("article_create"),
        {
            "title": "Pasted",
            "publication": "The Daily",
            "published_at": "2024-10-11",
            "url": "https://news.example/p",
            "body": "<p>One <em>two</em></p><p>Three</p>",
            "body_format": "html",
        },
    )
    assert response.status_code == 302
    article = ArticleFactory._meta.model.objects.get(title="Pasted")
    assert article.body == "One two\n\nThree"


def test_create_article_errors_name_the_field(editor_client):
    response = editor_client.post(reverse("article_create"), {"title": "", "body": "   ", "url": "nope"})
    assert response.status_code == 422
    html = response.content.decode()
    for field in ("title", "body", "url"):
        assert re.search(rf'data-field="{field}">.*?class="error"', html, re.S), field


def test_workspace_renders_every_claim_as_a_highlight(editor_client, editor, article):
    a = add_claim(article, editor, "leaders of 24 countries")
    b = add_claim(article, editor, "24 countries")
    html = editor_client.get(reverse("article_detail", args=[article.pk])).content.decode()
    assert f'data-claim="{a.pk}"' in html and f'data-claim="{b.pk}"' in html
    assert 'data-depth="2"' in html  # the nested claim stacks on the outer one


def test_a_long_claims_highlight_is_named_by_its_whole_quote_and_described_by_its_kind_and_status(
    editor_client, editor
):
    quote = "The summit of emerging economies starts on October 22, with the leaders of 24 countries"
    article = ArticleFactory(created_by=editor, body=f"{quote} expected to attend it.")
    claim = add_claim(article, editor, quote, kind="quote")
    html = editor_client.get(reverse("article_detail", args=[article.pk])).content.decode()
    mark = re.search(rf'<mark [^>]*data-claim="{claim.pk}"[^>]*>', html).group(0)
    # The name holds all of the text the highlight shows, never cut short (WCAG 2.5.3, label in name).
    assert f'aria-label="Claim: {quote}"' in mark
    described = re.search(r'aria-describedby="([^"]+)"', mark).group(1)
    assert re.search(rf'<span id="{described}">quote attribution, draft</span>', html)


def test_workspace_queries_do_not_grow_with_claims(client, editor, django_assert_num_queries):
    small, large = (
        ArticleFactory(created_by=editor, body="word " * 400),
        ArticleFactory(created_by=editor, body="word " * 400),
    )
    for article, count in ((small, 3), (large, 300)):
        for i in range(count):
            claim = services.claim_create(article=article, user=editor, start=i * 5 % 1900, end=i * 5 % 1900 + 4)
            services.source_create(claim=claim, user=editor, url="https://example.org/s")
    client.force_login(editor)

    client.get(reverse("article_detail", args=[small.pk]))  # warm the session
    with CaptureQueriesContext(connection) as small_queries:
        assert client.get(reverse("article_detail", args=[small.pk])).status_code == 200
    with django_assert_num_queries(len(small_queries)):
        response = client.get(reverse("article_detail", args=[large.pk]))
    assert response.content.decode().count('<li class="kind-') == 300


def test_claim_detail_serves_a_fragment_to_htmx_and_a_page_otherwise(editor_client, editor, article):
    claim = add_claim(article, editor, "Ashgatat")
    url = reverse("claim_detail", args=[claim.pk])
    fragment = editor_client.get(url, **HX)
    assert fragment["Vary"].count("HX-Request") == 1
    assert fragment.content.decode().lstrip().startswith('<article class="claim-card')
    page = editor_client.get(url)
    html = page.content.decode()
    assert "<html" in html and 'id="claim-card"' in html and 'id="article-text"' in html


def test_new_claim_form_is_prefilled_with_the_trimmed_quote(editor_client, article):
    start = article.body.index("leaders") - 1  # a drag that caught the space before
    end = start + len(" leaders of 24 countries")
    response = editor_client.get(reverse("claim_create", args=[article.pk]), {"start": start, "end": end}, **HX)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'name="start" value="{start + 1}"' in html
    assert re.search(r">\s*leaders of 24 countries</textarea>", html)


def test_new_claim_form_refuses_a_stale_selection(editor_client, article):
    response = editor_client.get(
        reverse("claim_create", args=[article.pk]), {"start": 0, "end": 5, "quote": "Other"}, **HX
    )
    assert response.status_code == 422
    assert "does not match" in response.content.decode()


def test_saving_a_claim_returns_the_card_and_the_new_highlights(editor_client, article):
    quote = "leaders of 24 countries"
    start = article.body.index(quote)
    number = Rating.objects.get(slug="mostly-true")
    response = editor_client.post(
        reverse("claim_create", args=[article.pk]),
        {
            "start": start,
            "end": start + len(quote),
            "quote": quote,
            "statement": quote,
            "kind": "number",
            "verdict": number.pk,
        },
        **HX,
    )
    assert response.status_code == 200
    claim = Claim.objects.get()
    html = response.content.decode()
    assert 'id="claim-card"' in html
    # Out of band: only the paragraph holding the new highlight, not the whole article text; the list has a new entry.
    assert 'id="article-text"' not in html
    assert re.findall(r'<p class="para" id="(para-\d+)"[^>]*hx-swap-oob="true"', html) == ["para-0"]
    assert '<mark class="hl kind-number' in html and f'data-claim="{claim.pk}"' in html
    assert re.search(r'id="claim-list"[^>]*hx-swap-oob="true"', html)


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [(-5, 3, "before the beginning"), (0, 10**12, "after the end"), (9, 3, "ends before it starts"), (4, 4, "empty")],
)
def test_saving_a_claim_with_a_bad_anchor_shows_the_problem_inline(editor_client, article, start, end, message):
    response = editor_client.post(
        reverse("claim_create", args=[article.pk]), {"start": start, "end": end, "quote": "x", "kind": "factual"}, **HX
    )
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Claim.objects.exists()


def test_two_editors_saving_the_same_claim_do_not_overwrite_each_other(client, editor, editor2, article):
    claim = add_claim(article, editor, "Ashgatat")
    url = reverse("claim_edit", args=[claim.pk])
    form = {
        "statement": "The conference is in Ashgatat",
        "kind": "name",
        "claimant": "",
        "rationale": "",
        "correction": "",
        "verdict": "",
        "version": 1,
    }
    client.force_login(editor)
    assert client.post(url, {**form, "correction": "Ashgabat"}, **HX).status_code == 200
    client.force_login(editor2)
    response = client.post(url, {**form, "correction": "Ashkhabad"}, **HX)
    assert response.status_code == 409
    html = response.content.decode()
    assert "saved this claim meanwhile" in html
    assert 'value="Ashkhabad"' in html  # the loser's input is kept
    assert 'name="version" value="2"' in html  # and can be applied on top of the newer version
    claim.refresh_from_db()
    assert claim.correction == "Ashgabat"
    assert client.post(url, {**form, "correction": "Ashkhabad", "version": 2}, **HX).status_code == 200


def test_sources_can_be_added_edited_and_removed(editor_client, editor, article):
    claim = add_claim(article, editor, "Ashgatat")
    data = {
        "url": "https://en.wikipedia.org/wiki/Ashgabat",
        "title": "Ashgabat",
        "publisher": "Wikipedia",
        "excerpt": "Ashgabat is the capital",
        "accessed_at": "2024-10-12",
        "archive_url": "https://web.archive.org/x",
    }
    response = editor_client.post(reverse("source_create", args=[claim.pk]), data, **HX)
    assert response.status_code == 200 and "Wikipedia" in response.content.decode()
    source = Source.objects.get()
    response = editor_client.post(
        reverse("source_edit", args=[source.pk]), {**data, "title": "Ashgabat city", "version": 1}, **HX
    )
    assert "Ashgabat city" in response.content.decode()
    bad = editor_client.post(reverse("source_edit", args=[source.pk]), {**data, "url": "nope", "version": 2}, **HX)
    assert bad.status_code == 422 and "Enter a valid URL" in bad.content.decode()
    editor_client.post(reverse("source_delete", args=[source.pk]), **HX)
    assert not Source.objects.exists()


def test_deleting_a_claim(editor_client, editor, article):
    claim = add_claim(article, editor, "Ashgatat")
    response = editor_client.post(reverse("claim_delete", args=[claim.pk]), **HX)
    assert response.status_code == 200
    assert not Claim.objects.exists()
    assert f'data-claim="{claim.pk}"' not in response.content.decode()


def test_user_text_is_escaped_everywhere(editor_client, editor):
    hostile = " ".join(HOSTILE)
    article = services.article_create(user=editor, title=hostile, body=f"Before {hostile} after.", publication=hostile)
    claim = add_claim(
        article, editor, HOSTILE[0], statement=hostile, claimant=hostile, rationale=hostile, correction=hostile
    )
    services.source_create(
        claim=claim, user=editor, url="https://example.org/x", title=hostile, publisher=hostile, excerpt=hostile
    )
    pages = [
        editor_client.get(reverse("article_list")),
        editor_client.get(reverse("article_detail", args=[article.pk])),
        editor_client.get(reverse("claim_detail", args=[claim.pk])),
        editor_client.get(reverse("claim_detail", args=[claim.pk]), **HX),
    ]
    for response in pages:
        html = response.content.decode()
        assert "<script>alert(1)" not in html
        assert "<img src=x" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_pages_send_a_strict_content_security_policy_with_a_nonce(editor_client, article):
    response = editor_client.get(reverse("article_detail", args=[article.pk]))
    policy = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    html = response.content.decode()
    scripts = re.findall(r"<script[^>]*>", html)
    assert scripts and all(f'nonce="{nonce}"' in tag and "src=" in tag for tag in scripts)
    assert " style=" not in html  # inline styles would be blocked


def test_htmx_posts_need_the_csrf_token(client, editor, article):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    response = strict.post(reverse("claim_create", args=[article.pk]), {"start": 0, "end": 5}, **HX)
    assert response.status_code == 403
    page = strict.get(reverse("article_detail", args=[article.pk]))
    token = re.search(r'"X-CSRFToken": "([^"]+)"', page.content.decode()).group(1)
    quote = article.body[0:5]
    response = strict.post(
        reverse("claim_create", args=[article.pk]),
        {"start": 0, "end": 5, "quote": quote, "kind": "factual"},
        HTTP_X_CSRFTOKEN=token,
        **HX,
    )
    assert response.status_code == 200


def test_editing_a_claim_swaps_only_its_paragraph_and_list_entry_and_the_page_agrees(editor_client, editor, article):
    # Three paragraphs: claims in the first and the last; editing the last one's verdict changes only that one.
    article.body = (
        "First paragraph with leaders of 24 countries.\n\nA middle paragraph.\n\n"
        "Second paragraph about Ashgatat and Ashgabat."
    )
    article.save()
    first = add_claim(article, editor, "leaders of 24 countries", kind="number")
    last = add_claim(article, editor, "Ashgatat", kind="name")
    incorrect = Rating.objects.get(slug="incorrect")
    form = {
        "statement": "Spelled Ashgatat",
        "kind": "name",
        "claimant": "",
        "rationale": "",
        "correction": "Ashgabat",
        "verdict": incorrect.pk,
        "version": 1,
    }
    response = editor_client.post(reverse("claim_edit", args=[last.pk]), form, **HX)
    assert response.status_code == 200
    html = response.content.decode()
    last_para = article.body.index("Second paragraph")
    assert re.findall(r'<p class="para" id="(para-\d+)"[^>]*hx-swap-oob="true"', html) == [f"para-{last_para}"]
    assert "First paragraph" not in html and "A middle paragraph" not in html and 'id="article-text"' not in html
    assert f'data-claim="{last.pk}"' in html and "verdict-incorrect" in html and f'data-claim="{first.pk}"' not in html
    # The list: only this claim's entry, swapped by its id; the review bar with it.
    assert re.findall(r'<li class="[^"]*" id="(claim-item-\d+)" hx-swap-oob="true"', html) == [f"claim-item-{last.pk}"]
    assert 'id="claim-list"' not in html and re.search(r'id="review-bar"[^>]*hx-swap-oob="true"', html)
    # A fresh page shows the same highlights as the swapped paragraph.
    page = editor_client.get(reverse("article_detail", args=[article.pk])).content.decode()
    swapped = (
        re.search(rf'(<p class="para" id="para-{last_para}".*?</p>)', html).group(1).replace(' hx-swap-oob="true"', "")
    )
    assert swapped in page
    assert re.search(rf'<mark class="hl kind-number status-draft" data-claim="{first.pk}"', page)


def test_deleting_a_claim_swaps_its_paragraph_and_the_whole_list(editor_client, editor, article):
    claim = add_claim(article, editor, "Ashgatat", kind="name")
    html = editor_client.post(reverse("claim_delete", args=[claim.pk]), **HX).content.decode()
    second = article.body.index("Second paragraph")
    assert re.findall(r'<p class="para" id="(para-\d+)"[^>]*hx-swap-oob="true"', html) == [f"para-{second}"]
    assert f'data-claim="{claim.pk}"' not in html.split('id="claim-list"')[0]
    assert re.search(r'id="claim-list"[^>]*hx-swap-oob="true"', html) and "No claims yet." in html


def _save_rationale(client, claim, text):
    data = {
        "statement": claim.statement or "A statement.",
        "kind": claim.kind,
        "claimant": "",
        "verdict": "",
        "rationale": text,
        "correction": "",
    }
    return client.post(reverse("claim_edit", args=[claim.pk]), data, **HX)


def test_the_card_shows_the_latest_changes_and_links_to_the_claims_whole_history(editor_client, editor, article):
    from annotations.selectors import CARD_HISTORY

    claim = add_claim(article, editor, "Ashgatat", statement="A statement.")
    for i in range(CARD_HISTORY + 5):
        services.claim_update(
            claim=Claim.objects.get(pk=claim.pk), user=editor, version=None, changes={"rationale": f"Reason {i}."}
        )
    card = editor_client.get(reverse("claim_detail", args=[claim.pk]), **HX).content.decode()
    timeline = card[card.index('id="timeline"') :]
    assert f"History (latest {CARD_HISTORY})" in timeline
    assert timeline.count('class="history-entry') == CARD_HISTORY
    assert f"Reason {CARD_HISTORY + 4}." in timeline and "Reason 0." not in timeline  # the latest, newest first
    history_url = reverse("claim_history", args=[claim.pk])
    assert f'href="{history_url}"' in timeline

    page = editor_client.get(history_url).content.decode()
    assert page.count('class="history-entry') == CARD_HISTORY + 6  # every edit and the creation
    assert "Reason 0." in page and "All changes" not in page


def test_a_claim_with_few_changes_shows_them_all_on_its_card(editor_client, editor, article):
    claim = add_claim(article, editor, "Ashgatat", statement="A statement.")
    services.claim_update(
        claim=Claim.objects.get(pk=claim.pk), user=editor, version=None, changes={"rationale": "Checked."}
    )
    card = editor_client.get(reverse("claim_detail", args=[claim.pk]), **HX).content.decode()
    assert "History (2)" in card and reverse("claim_history", args=[claim.pk]) not in card


def test_saving_a_claim_costs_the_same_queries_however_long_its_history(editor_client, editor, article):
    from annotations.selectors import CARD_HISTORY

    young = add_claim(article, editor, "Ashgatat", statement="A statement.")
    old = add_claim(article, editor, "leaders of 24 countries", statement="Another statement.")
    for i in range(3 * CARD_HISTORY):
        services.claim_update(
            claim=Claim.objects.get(pk=old.pk), user=editor, version=None, changes={"rationale": f"Reason {i}."}
        )
    for claim in (young, old):  # each now has more than a card's worth of changes after the saves below
        for i in range(CARD_HISTORY):
            services.claim_update(
                claim=Claim.objects.get(pk=claim.pk), user=editor, version=None, changes={"claimant": f"Source {i}"}
            )
    counts = []
    for claim in (young, old):
        with CaptureQueriesContext(connection) as captured:
            response = _save_rationale(editor_client, Claim.objects.get(pk=claim.pk), "Saved again.")
        assert response.status_code == 200 and "Saved again." in response.content.decode()
        counts.append(len(captured))
    assert counts[0] == counts[1], counts


def test_the_cards_latest_changes_are_those_of_the_whole_history(editor, reviewer, article):
    # The card reads its latest changes its own way (bounded); they must read as the history page tells them.
    from annotations import selectors

    claim = add_claim(article, editor, "Ashgatat", statement="A statement.")
    services.source_create(claim=claim, user=editor, url="https://s.example/1", title="One")
    source = Source.objects.get(claim=claim)
    services.source_update(source=source, user=editor, version=None, changes={"title": "One, corrected"})
    services.comment_create(claim=Claim.objects.get(pk=claim.pk), user=reviewer, text="Which agency?")
    services.claim_update(
        claim=Claim.objects.get(pk=claim.pk),
        user=editor,
        version=None,
        changes={"verdict": Rating.objects.get(slug="false"), "rationale": "Checked."},
    )
    services.claim_submit(claim=Claim.objects.get(pk=claim.pk), user=editor)
    services.source_delete(source=Source.objects.get(pk=source.pk), user=editor)
    from pghistory.models import Events

    claim = Claim.objects.get(pk=claim.pk)
    events = Events.objects.references(claim).order_by("-pgh_created_at", "-pgh_id")
    total = events.count()
    assert total > 8
    for n in (3, total - 1, total, total + 5):
        latest, older = selectors.claim_history_latest(claim, n)
        assert latest == selectors._history(list(events[:n])), n  # pghistory's own reading of the same events
        assert older == (total > n)
    assert {e.model for e in latest} == {"claim", "source", "comment"}
    edits = [e for e in latest if e.model == "source" and e.action == "update"]
    assert edits and any("One, corrected" in str(after) for e in edits for _, _, after in e.changes)  # a source's diff


def test_unread_notifications_are_counted_once_for_a_page_and_not_for_a_claim_save(editor_client, editor, article):
    claim = add_claim(article, editor, "Ashgatat", statement="A statement.")
    with CaptureQueriesContext(connection) as captured:
        assert _save_rationale(editor_client, claim, "Checked.").status_code == 200
    assert not [q for q in captured if "notifications_notification" in q["sql"]]  # its fragments show no navigation
    with CaptureQueriesContext(connection) as captured:
        assert editor_client.get(reverse("article_detail", args=[article.pk])).status_code == 200
    assert len([q for q in captured if "notifications_notification" in q["sql"]]) == 1
