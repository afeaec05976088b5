"""The notifications page, marking read, e-mail settings and the @mention lookup. Thin: role, service, render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from annotations import permissions
from annotations.permissions import role_required
from factcheck.paging import CappedPaginator, requested_page
from notifications import selectors, services, text
from notifications.forms import MarkReadForm, PreferenceForm

PAGE_SIZE = 25
UNPROCESSABLE = 422


@require_GET
@vary_on_headers("HX-Request")
@role_required(permissions.can_edit)
def notification_list(request: HttpRequest) -> HttpResponse:
    # Counted up to 1,000 (40 pages); older pages stay reachable with "Older".
    page = requested_page(request, CappedPaginator(selectors.notifications_for(request.user), PAGE_SIZE))
    items = [
        {"notification": n, "sentence": text.sentence(n, html=True), "url": text.target_path(n)}
        for n in page.object_list
    ]
    context = {"page": page, "items": items, "unread": selectors.unread_count(request.user)}
    if request.htmx and request.htmx.target == "notification-list":
        return render(request, "notifications/notification_list.html#notification-list", context)
    return render(request, "notifications/notification_list.html", context)


@require_POST
@role_required(permissions.can_edit)
def notification_read(request: HttpRequest) -> HttpResponse:
    """Mark the posted ids read, or all of them without ids; then go where the user was going."""
    form = MarkReadForm(request.POST)
    ids = form.cleaned_data["ids"] if form.is_valid() and form.cleaned_data["ids"] else None
    count = services.notification_mark_read(user=request.user, notification_ids=ids)
    if ids is None:
        messages.success(
            request,
            ngettext("%(count)d notification marked read.", "%(count)d notifications marked read.", count)
            % {"count": count},
        )
    target = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = ""
    return redirect(target or "notification_list")


@require_http_methods(["GET", "POST"])
@role_required(permissions.can_edit)
def notification_settings(request: HttpRequest) -> HttpResponse:
    form = PreferenceForm(request.POST or None, initial={"email": selectors.email_frequency(request.user)})
    if request.method == "POST" and form.is_valid():
        try:
            services.preference_set(user=request.user, email=form.cleaned_data["email"])
        except ValidationError as error:
            form.add_error("email", error.message_dict.get("email"))
        else:
            messages.success(request, _("Notification settings saved."))
            return redirect("notification_settings")
    status = UNPROCESSABLE if form.errors else 200
    return render(request, "notifications/notification_settings.html", {"form": form}, status=status)


@require_GET
@role_required(permissions.can_edit)
def mention_search(request: HttpRequest) -> JsonResponse:
    """People to @mention whose username starts with ?q=, for autocompletion while typing a comment."""
    prefix = request.GET.get("q", "").strip()[:150]
    users = selectors.mention_candidates(prefix)
    return JsonResponse({"results": [{"username": u.username, "name": u.get_full_name()} for u in users]})
