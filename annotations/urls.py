from django.urls import path

from annotations import views

urlpatterns = [
    path("", views.article_list, name="article_list"),
    path("review/", views.review_queue, name="review_queue"),
    path("articles/new/", views.article_create, name="article_create"),
    path("articles/<int:pk>/", views.article_detail, name="article_detail"),
    path("articles/<int:pk>/edit/", views.article_edit, name="article_edit"),
    path("articles/<int:pk>/sign-off/", views.article_sign_off, name="article_sign_off"),
    path("articles/<int:pk>/history/", views.article_history, name="article_history"),
    path("articles/<int:pk>/revisions/", views.revision_list, name="revision_list"),
    path("articles/<int:pk>/claims/new/", views.claim_create, name="claim_create"),
    path("claims/<int:pk>/", views.claim_detail, name="claim_detail"),
    path("claims/<int:pk>/edit/", views.claim_edit, name="claim_edit"),
    path("claims/<int:pk>/delete/", views.claim_delete, name="claim_delete"),
    path("claims/<int:pk>/submit/", views.claim_submit, name="claim_submit"),
    path("claims/<int:pk>/approve/", views.claim_approve, name="claim_approve"),
    path("claims/<int:pk>/request-changes/", views.claim_request_changes, name="claim_request_changes"),
    path("claims/<int:pk>/reopen/", views.claim_reopen, name="claim_reopen"),
    path("claims/<int:pk>/comments/", views.comment_create, name="comment_create"),
    path("claims/<int:pk>/confirm-anchor/", views.claim_confirm_anchor, name="claim_confirm_anchor"),
    path("claims/<int:pk>/reattach/", views.claim_reattach, name="claim_reattach"),
    path("claims/<int:pk>/sources/new/", views.source_create, name="source_create"),
    path("sources/<int:pk>/edit/", views.source_edit, name="source_edit"),
    path("sources/<int:pk>/delete/", views.source_delete, name="source_delete"),
]
