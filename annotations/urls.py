from django.urls import path

from annotations.views import articles, claims, desk, review, revisions, sources

urlpatterns = [
    path("", desk.my_work, name="my_work"),
    path("articles/", articles.article_list, name="article_list"),
    path("articles/bulk/", desk.article_bulk, name="article_bulk"),
    path("review/", review.review_queue, name="review_queue"),
    path("review/bulk/", desk.review_bulk, name="review_bulk"),
    path("articles/new/", articles.article_create, name="article_create"),
    path("articles/<int:pk>/", articles.article_detail, name="article_detail"),
    path("articles/<int:pk>/edit/", articles.article_edit, name="article_edit"),
    path("articles/<int:pk>/assign/", desk.article_assign, name="article_assign"),
    path("articles/<int:pk>/sign-off/", review.article_sign_off, name="article_sign_off"),
    path("articles/<int:pk>/history/", articles.article_history, name="article_history"),
    path("articles/<int:pk>/revisions/", revisions.revision_list, name="revision_list"),
    path("articles/<int:pk>/claims/new/", claims.claim_create, name="claim_create"),
    path("claims/<int:pk>/", claims.claim_detail, name="claim_detail"),
    path("claims/<int:pk>/edit/", claims.claim_edit, name="claim_edit"),
    path("claims/<int:pk>/history/", claims.claim_history, name="claim_history"),
    path("claims/<int:pk>/delete/", claims.claim_delete, name="claim_delete"),
    path("claims/<int:pk>/submit/", review.claim_submit, name="claim_submit"),
    path("claims/<int:pk>/approve/", review.claim_approve, name="claim_approve"),
    path("claims/<int:pk>/request-changes/", review.claim_request_changes, name="claim_request_changes"),
    path("claims/<int:pk>/reopen/", review.claim_reopen, name="claim_reopen"),
    path("claims/<int:pk>/comments/", review.comment_create, name="comment_create"),
    path("claims/<int:pk>/confirm-anchor/", revisions.claim_confirm_anchor, name="claim_confirm_anchor"),
    path("claims/<int:pk>/reattach/", revisions.claim_reattach, name="claim_reattach"),
    path("claims/<int:pk>/sources/new/", sources.source_create, name="source_create"),
    path("sources/<int:pk>/edit/", sources.source_edit, name="source_edit"),
    path("sources/<int:pk>/delete/", sources.source_delete, name="source_delete"),
]
