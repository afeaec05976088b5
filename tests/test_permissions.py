"""Every HTML route, every method, every kind of user: one table, and a route missing from it fails."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from annotations import permissions, services
from archive import services as archive_services
from suggestions import analysis
from suggestions.models import Suggestion
from tests import workflow
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "nobody", "editor", "reviewer", "admin", "author"]
ANON = 302  # LoginRequiredMiddleware sends anonymous users to the login page
D = 403  # denied by role

# route: (method, object, data, {role: status}); roles not listed get the `allowed` status.
EVERYONE = {"anonymous": ANON, "nobody": D}
REVIEWERS = {"anonymous": ANON, "nobody": D, "editor": D}
TABLE = {
    "my_work": ("get", None, None, 200, EVERYONE),
    "article_list": ("get", None, None, 200, EVERYONE),
    "article_bulk": ("post", None, {"ids": ["1"], "action": "csv"}, 200, EVERYONE),  # a CSV of the selection
    "article_assign": ("post", "article", {}, 302, REVIEWERS),  # assigning is for reviewers and admins
    "review_bulk": (
        "post",
        None,
        {"claims": ["999999:1"], "action": "approve"},
        200,
        REVIEWERS,
    ),  # refused in place: gone
    "notification_list": ("get", None, None, 200, EVERYONE),
    "notification_read": ("post", None, {}, 302, EVERYONE),
    "notification_settings": ("get", None, None, 200, EVERYONE),
    "mention_search": ("get", None, None, 200, EVERYONE),
    "article_create": ("get", None, None, 200, EVERYONE),
    # The evidence plug-in (issue 20): a source's copy, still pending here, so its original is not there yet.
    "article_from_url": ("get", None, None, 200, EVERYONE),
    "snapshot_text": ("get", "snapshot", None, 200, EVERYONE),
    "snapshot_original": ("get", "snapshot", None, 404, EVERYONE),
    "snapshot_changes": ("get", "snapshot", None, 200, EVERYONE),
    "article_detail": ("get", "article", None, 200, EVERYONE),
    "article_edit": ("get", "article", None, 200, EVERYONE),
    "article_history": ("get", "article", None, 200, EVERYONE),
    "article_sign_off": ("post", "article", {}, 302, REVIEWERS),
    "claim_create": ("get", "article", None, 400, EVERYONE),  # no selection given: told to select text
    "claim_detail": ("get", "draft", None, 200, EVERYONE),
    "claim_edit": ("get", "draft", None, 200, EVERYONE),
    "claim_history": ("get", "draft", None, 200, EVERYONE),
    "claim_delete": ("post", "draft", {}, 200, EVERYONE),
    "claim_submit": ("post", "draft", {}, 200, EVERYONE),
    "claim_approve": ("post", "submitted", {}, 200, {**REVIEWERS, "author": 422}),  # four eyes
    "claim_request_changes": ("post", "submitted", {"comment": "Which 24?"}, 200, REVIEWERS),
    "claim_reopen": ("post", "approved", {"reason": "New figures"}, 200, REVIEWERS),
    "comment_create": ("post", "draft", {"text": "Checking"}, 200, EVERYONE),
    "source_create": ("get", "draft", None, 200, EVERYONE),
    "source_edit": ("get", "source", None, 200, EVERYONE),
    "source_delete": ("post", "source", {}, 200, EVERYONE),
    "review_queue": ("get", None, None, 200, REVIEWERS),
    "revision_list": ("get", "article", None, 200, EVERYONE),
    "suggestion_list": ("get", "article", None, 200, EVERYONE),
    "suggestion_analyse": ("post", "article", {}, 200, EVERYONE),
    "suggestion_dismiss": ("post", "suggestion", {}, 200, EVERYONE),
    "suggestion_accept": ("post", "suggestion", {}, 200, EVERYONE),
    # The role gate comes first; for allowed roles these claims are not fuzzy or orphaned, which is said in place.
    "claim_confirm_anchor": ("post", "draft", {}, 422, EVERYONE),
    "claim_reattach": ("post", "draft", {"start": 0, "end": 3}, 422, EVERYONE),
    # The language switcher and the JavaScript messages serve the login page too, so nobody is refused.
    "set_language": ("post", None, {"language": "fa"}, 302, {}),
    "javascript_catalog": ("get", None, None, 200, {}),
    # The archive app (issue 13). Saved searches are private: someone else's is not found.
    "search": ("get", None, None, 200, EVERYONE),
    "saved_search_list": ("get", None, None, 200, EVERYONE),
    "saved_search_create": ("post", None, {"name": "Mine", "query": "q=summit"}, 302, EVERYONE),
    "saved_search_delete": ("post", "saved", {}, 404, {**EVERYONE, "editor": 302}),
    "checked_before_text": ("get", None, None, 200, EVERYONE),
    "checked_before_claim": ("get", "draft", None, 200, EVERYONE),
    "reuse_into_claim": ("post", "draft", {}, 422, EVERYONE),  # allowed roles: no archive entry chosen, said in place
    "reuse_into_new_claim": ("post", "article", {}, 422, EVERYONE),
}
# Routes served by other code with their own permission tests.
# integrations/: tests/api/test_ui_permissions.py; password-reset/ is for anyone: tests/notifications/test_views.py;
# public/ (no log-in) and publishing/: tests/publishing/ and tests/reader/.
ELSEWHERE_PREFIXES = (
    "admin/",
    "api/",
    "login/",
    "logout/",
    "integrations/",
    "password-reset/",
    "public/",
    "publishing/",
)


def _named_routes(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _named_routes(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and entry.name:
            yield prefix + str(entry.pattern), entry.name


def test_every_route_is_in_the_table():
    routes = {name for path, name in _named_routes() if not path.startswith(ELSEWHERE_PREFIXES)}
    assert routes - set(TABLE) == set(), "add these routes to the permission table"
    assert set(TABLE) - routes == set()


@pytest.fixture
def world(editor):
    author = make_user("author", permissions.REVIEWER)
    article = workflow.article(editor)
    draft = workflow.ready_claim(article, editor, "Ashgatat")
    submitted = workflow.submitted_claim(article, author, "leaders of 24 countries")
    approved = services.claim_approve(claim=workflow.submitted_claim(article, editor, "October 22"), user=author)
    source = draft.sources.get()
    analysis.analysis_run(article.pk)
    suggestion = Suggestion.objects.filter(article=article, status="open").first()
    saved = archive_services.saved_search_save(user=editor, name="Editor's list", query="q=summit")
    return {
        "saved": saved,
        "article": article,
        "draft": draft,
        "submitted": submitted,
        "approved": approved,
        "source": source,
        "snapshot": source.current_snapshot,
        "author": author,
        "suggestion": suggestion,
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", sorted(TABLE))
def test_permission_matrix(client, world, route, role, request):
    method, target, data, allowed, overrides = TABLE[route]
    if role == "author":
        client.force_login(world["author"])
    elif role != "anonymous":
        client.force_login(
            request.getfixturevalue(
                {"nobody": "nobody", "editor": "editor", "reviewer": "reviewer", "admin": "admin_user"}[role]
            )
        )
    url = reverse(route, args=[world[target].pk] if target else [])
    response = getattr(client, method)(url, data, HTTP_HX_REQUEST="true") if method == "post" else client.get(url)
    expected = overrides.get(role, allowed)
    assert response.status_code == expected, response.content[:300]
    if role == "anonymous" and "anonymous" in overrides:  # the routes that need a login send to it
        assert response.url.startswith(reverse("login"))
