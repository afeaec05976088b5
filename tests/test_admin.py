import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db
APPS = ("annotations", "integrations", "suggestions", "archive")


def test_every_model_has_an_admin_whose_list_and_search_work(client, admin_user):
    client.force_login(admin_user)
    models = [m for m in apps.get_models() if m._meta.app_label in APPS and not m.__name__.endswith("Event")]
    inline = {i.model for model_admin in admin.site._registry.values() for i in model_admin.inlines}
    missing = [m.__name__ for m in models if m not in admin.site._registry and m not in inline]
    assert missing == []
    for model in (m for m in models if m in admin.site._registry):
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        assert client.get(url, {"q": "x"}).status_code == 200, model
