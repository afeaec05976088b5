"""Every page an editor, reviewer or admin uses, with data on it: shared by the accessibility and phone tests."""

from annotations import services
from integrations import services as integrations
from tests import workflow

BODY = (
    "The summit starts on October 22, with the leaders of 24 countries. Putin arrived on Friday.\n\n"
    "The conference in Ashgatat opened; Ashgabat is the capital of Turkmenistan."
)
LONG_URL = "https://news.example/world/2024/10/22/" + "a-very-long-address-segment-without-any-break-" * 4


def build(editor, reviewer, admin):
    """Articles, claims in every state, a revision, a token and a webhook; returns the pages to visit."""
    article = workflow.article(editor, BODY, url=LONG_URL, publication="Tehran Times", title="Putin meets Pezeshkian in Ashgabat")
    submitted = workflow.submitted_claim(article, editor)
    draft = workflow.claim(article, editor, "Ashgatat", kind="name", correction="Ashgabat")
    services.source_create(claim=draft, user=editor, url=LONG_URL, title="")
    approved = workflow.submitted_claim(article, editor, "The summit starts on October 22")
    services.claim_approve(claim=approved, user=reviewer)
    article.refresh_from_db()
    services.article_update(article=article, user=editor, version=article.version,
                            changes={"body": article.body + "\n\nA third paragraph was added later."})
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
            "my work": "/",
            "articles": "/articles/",
            "new article": "/articles/new/",
            "workspace": f"/articles/{article.pk}/",
            "edit article": f"/articles/{article.pk}/edit/",
            "history": f"/articles/{article.pk}/history/",
            "revisions": f"/articles/{article.pk}/revisions/",
            "claim page": f"/claims/{draft.pk}/",
            "claim history": f"/claims/{draft.pk}/history/",
            "suggestions page": f"/articles/{article.pk}/suggestions/",
            "review queue": "/review/",
            "search": "/search/?q=summit",
            "search with an error": "/search/?q=summit&date_from=tomorrow",
            "saved searches": "/search/saved/",
            "notifications": "/notifications/",
            "notification settings": "/notifications/settings/",
            "password reset": "/password-reset/",
            "export": "/integrations/exports/claims/",
            "API tokens": "/integrations/tokens/",
            "webhooks": "/integrations/webhooks/",
            "webhook": f"/integrations/webhooks/{webhook.pk}/",
        },
    }
