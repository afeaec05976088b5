"""Every page an editor, reviewer or admin uses, with data on it: shared by the accessibility and phone tests."""

from annotations import services
from integrations import services as integrations
from tests import workflow

BODY = (
    "The summit starts on October 22, with the leaders of 24 countries. Putin arrived on Friday.\n\n"
    "The conference in Ashgatat opened; Ashgabat is the capital of Turkmenistan."
)
LONG_URL = "https://news.example/world/2024/10/22/" + "a-very-long-address-segment-without-any-break-" * 4


def editor_urls(article, claim, *, query: str) -> dict[str, str]:
    """The pages an editor works on, around one article and one of its claims; `query` is searched for."""
    return {
        "my work": "/",
        "articles": "/articles/",
        "new article": "/articles/new/",
        "workspace": f"/articles/{article.pk}/",
        "edit article": f"/articles/{article.pk}/edit/",
        "history": f"/articles/{article.pk}/history/",
        "revisions": f"/articles/{article.pk}/revisions/",
        "claim page": f"/claims/{claim.pk}/",
        "claim history": f"/claims/{claim.pk}/history/",
        "suggestions page": f"/articles/{article.pk}/suggestions/",
        "search": f"/search/?q={query}",
        "search with an error": f"/search/?q={query}&date_from=tomorrow",
        "saved searches": "/search/saved/",
        "notifications": "/notifications/",
        "notification settings": "/notifications/settings/",
    }


def build(editor, reviewer, admin):
    """Articles, claims in every state, a revision, a token and a webhook; returns the pages to visit."""
    article = workflow.article(
        editor, BODY, url=LONG_URL, publication="Tehran Times", title="Putin meets Pezeshkian in Ashgabat"
    )
    submitted = workflow.submitted_claim(article, editor)
    draft = workflow.claim(article, editor, "Ashgatat", kind="name", correction="Ashgabat")
    services.source_create(claim=draft, user=editor, url=LONG_URL, title="")
    approved = workflow.submitted_claim(article, editor, "The summit starts on October 22")
    services.claim_approve(claim=approved, user=reviewer)
    article.refresh_from_db()
    services.article_update(
        article=article,
        user=editor,
        version=article.version,
        changes={"body": article.body + "\n\nA third paragraph was added later."},
    )
    # The admin (who visits the pages) is the article's editor: a notification, and work on the start page.
    article = services.article_assign(article=article, user=admin, assignee=admin, reviewer=reviewer)
    cms = integrations.integration_user_create(actor=admin, username="cms", role="Editor")
    integrations.api_token_create(actor=admin, user=cms, name="CMS sync", scopes=["read", "write"])
    webhook, _ = integrations.webhook_create(actor=admin, url=LONG_URL, events=["claim.approved"])
    return {
        "article": article,
        "draft": draft,
        "submitted": submitted,
        "urls": {
            **editor_urls(article, draft, query="summit"),
            "review queue": "/review/",
            "password reset": "/password-reset/",
            "export": "/integrations/exports/claims/",
            "API tokens": "/integrations/tokens/",
            "webhooks": "/integrations/webhooks/",
            "webhook": f"/integrations/webhooks/{webhook.pk}/",
        },
    }
