import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db
APPS = ("annotations", "integrations", "suggestions", "archive", "publishing")


def test_every_model_has_an_admin_whose_list_and_search_work(client, admin_user):
    client.force_login(admin_user)
    models = [m for m in apps.get_models() if m._meta.app_label in APPS and not m.__name__.endswith("Event")]
    inline = {i.model for model_admin in admin.site._registry.values() for i in model_admin.inlines}
    missing = [m.__name__ for m in models if m not in admin.site._registry and m not in inline]
    assert missing == []
    for model in (m for m in models if m in admin.site._registry):
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        assert client.get(url, {"q": "x"}).status_code == 200, model


# What only the services may change: a claim's status, an article's body and status, any history row.


def _change_form_data(response) -> dict:
    """The admin change form as the browser would send it back unchanged, inlines included."""
    data = {}

    def add(form):
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = [str(v) for v in value] if isinstance(value, list | tuple) else str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for key, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{key}"] = value
        for form in formset.initial_forms:
            add(form)
    return data


def test_admin_cannot_change_an_articles_body_or_status(client, admin_user, article):
    client.force_login(admin_user)
    url = reverse("admin:annotations_article_change", args=[article.pk])
    data = _change_form_data(client.get(url))
    data |= {
        "title": "Renamed in the admin",
        "body": "Replaced text.",
        "status": "checked",
        "signed_off_by": str(admin_user.pk),
    }
    assert client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert article.title == "Renamed in the admin"
    assert article.body.startswith("First paragraph") and article.status == "new" and article.signed_off_by is None
    assert client.get(reverse("admin:annotations_article_add")).status_code == 403  # articles start in the app


def test_admin_cannot_change_a_claims_status(client, admin_user, article, editor):
    from tests.api.conftest import add_claim

    claim = add_claim(article, editor, "leaders of 24 countries", kind="number")
    client.force_login(admin_user)
    url = reverse("admin:annotations_claim_change", args=[claim.pk])
    data = _change_form_data(client.get(url)) | {"status": "approved", "rationale": "Edited in the admin"}
    assert client.post(url, data).status_code == 302
    claim.refresh_from_db()
    assert claim.rationale == "Edited in the admin" and claim.status == "draft"
    # Nor through the article's claims inline.
    url = reverse("admin:annotations_article_change", args=[article.pk])
    data = _change_form_data(client.get(url)) | {"claims-0-status": "approved"}
    assert client.post(url, data).status_code == 302
    claim.refresh_from_db()
    assert claim.status == "draft"


def test_admin_cannot_add_change_or_delete_history_rows(client, admin_user, article):
    from annotations import services
    from annotations.models import Revision

    services.article_update(
        article=article, user=article.created_by, version=None, changes={"body": article.body + " More."}
    )
    revision = Revision.objects.get(article=article)
    client.force_login(admin_user)
    page = client.get(reverse("admin:annotations_revision_change", args=[revision.pk]))
    assert page.status_code == 200 and b'name="_save"' not in page.content
    assert (
        client.post(reverse("admin:annotations_revision_delete", args=[revision.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert client.get(reverse("admin:annotations_revision_add")).status_code == 403
    assert Revision.objects.filter(pk=revision.pk).exists()
    events = reverse("admin:pghistory_events_changelist")
    assert client.get(events).status_code == 200
    assert client.get(reverse("admin:pghistory_events_add")).status_code == 403
