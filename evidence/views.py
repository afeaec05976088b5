"""Pages of the copies of cited pages, and a new article from a URL.

A copy is never shown as the page it was: its text is an ordinary escaped page of ours, and its bytes only ever
leave as a download, marked so that no browser renders or runs them in our origin."""

import mimetypes
from http import HTTPStatus

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from annotations import permissions
from annotations.models import Snapshot, SnapshotKind, SnapshotState
from annotations.permissions import role_required
from evidence import extract, services


def _snapshot(pk: int) -> Snapshot:
    return get_object_or_404(Snapshot.objects.select_related("source__claim__article", "article"), pk=pk)


@require_http_methods(["GET"])
@role_required(permissions.can_edit)
def snapshot_text(request: HttpRequest, pk: int) -> HttpResponse:
    snapshot = _snapshot(pk)
    paragraphs = [line.strip() for line in snapshot.text.splitlines() if line.strip()]
    return render(request, "evidence/snapshot_text.html", {"snapshot": snapshot, "paragraphs": paragraphs})


@require_http_methods(["GET"])
@role_required(permissions.can_edit)
def snapshot_original(request: HttpRequest, pk: int) -> FileResponse:
    snapshot = _snapshot(pk)
    if snapshot.state != SnapshotState.ARCHIVED or not snapshot.file_name:
        raise Http404
    extension = mimetypes.guess_extension(extract.media_type(snapshot.content_type)) or ".bin"
    response = FileResponse(
        services.storage().open(snapshot.file_name, "rb"),
        as_attachment=True,
        filename=f"snapshot-{snapshot.pk}-{snapshot.sha256[:12]}{extension}",
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET"])
@role_required(permissions.can_edit)
def snapshot_changes(request: HttpRequest, pk: int) -> HttpResponse:
    """The cited copy beside the newest copy that differs: the changed passages side by side."""
    snapshot = _snapshot(pk)
    if snapshot.kind != SnapshotKind.CITED:
        raise Http404
    latest = snapshot.latest
    passages = extract.changed_passages(snapshot.text, latest.text) if latest and latest.text else []
    return render(
        request, "evidence/snapshot_changes.html", {"snapshot": snapshot, "latest": latest, "passages": passages}
    )


@require_http_methods(["GET", "POST"])
@role_required(permissions.can_edit)
def article_from_url(request: HttpRequest) -> HttpResponse:
    """Two steps: fetch and show what was extracted; then save it as an article (with the copy as its origin)."""
    context, status = {"url": request.POST.get("url", "")}, HTTPStatus.OK
    if request.method == "POST" and request.POST.get("snapshot"):
        snapshot = get_object_or_404(
            Snapshot, pk=request.POST["snapshot"], kind=SnapshotKind.ORIGIN, article__isnull=True
        )
        article = services.article_from_snapshot(snapshot=snapshot, user=request.user)
        return redirect("article_detail", article.pk)
    if request.method == "POST":
        try:
            context["preview"] = services.article_preview(url=context["url"], user=request.user)
        except ValidationError as error:
            context["error"] = " ".join(error.message_dict.get("url", error.messages))
            status = HTTPStatus.BAD_REQUEST
    return render(request, "evidence/article_from_url.html", context, status=status)
