from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, re_path
from django.views.i18n import JavaScriptCatalog, set_language

from annotations.api import urls as annotations_api
from archive import api as archive_api
from evidence import api as evidence_api
from factcheck.api import schema
from factcheck.api.errors import api_not_found
from integrations import api_urls as integrations_api_urls
from notifications import api as notifications_api
from notifications.password_reset import DeferredPasswordResetForm
from publishing import api_urls as publishing_api_urls
from suggestions import api as suggestions_api

# Password reset by e-mail: Django's views, our templates, the e-mail sent by the worker.
password_reset_urls = [
    path(
        "password-reset/",
        auth_views.PasswordResetView.as_view(form_class=DeferredPasswordResetForm),
        name="password_reset",
    ),
    path("password-reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"
    ),
    path("password-reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # The language switcher and the JavaScript messages work on the login page too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("i18n/catalog.js", login_not_required(JavaScriptCatalog.as_view()), name="javascript_catalog"),
    *password_reset_urls,
    path("admin/", admin.site.urls),
    path(
        "api/v1/",
        include(
            (
                [
                    *evidence_api.urlpatterns,  # before articles/<pk>/
                    *annotations_api.urlpatterns,
                    *integrations_api_urls.urlpatterns,
                    *suggestions_api.urlpatterns,
                    *archive_api.urlpatterns,
                    *notifications_api.urlpatterns,
                    *publishing_api_urls.urlpatterns,
                ],
                "api",
            )
        ),
    ),
    path("api/schema/", schema.SchemaView.as_view(), name="api_schema"),
    path("api/docs/", schema.ApiDocsView.as_view(url_name="api_schema"), name="api_docs"),
    re_path(r"^api/", api_not_found),  # any other /api/ address: JSON 404, not the HTML page
    path("integrations/", include("integrations.urls")),
    path("", include("publishing.urls")),  # /public/ (no log-in, PUBLIC_SITE) and a claim's destinations
    path("", include("notifications.urls")),
    path("", include("suggestions.urls")),
    path("", include("archive.urls")),
    path("", include("evidence.urls")),
    path("", include("reader.urls")),  # /public/: the ClaimReview feed and the reader embed
    path("", include("annotations.urls")),
]

# Error pages: Django's own, except under /api/, which always answers JSON.
handler400 = "factcheck.api.errors.bad_request"
handler403 = "factcheck.api.errors.permission_denied"
handler404 = "factcheck.api.errors.page_not_found"
handler500 = "factcheck.api.errors.server_error"
