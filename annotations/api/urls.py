from django.urls import path

from annotations.api import views


urlpatterns = [
    path("articles/", views.ArticleListView.as_view(), name="article_list"),
    path("articles/<int:pk>/", views.ArticleDetailView.as_view(), name="article_detail"),
    path("articles/by-external-id/<str:external_id>/", views.ArticleByExternalIdView.as_view(), name="article_by_external_id"),
    path("articles/<int:pk>/sign-off/", views.ArticleSignOffView.as_view(), name="article_sign_off"),
    path("articles/<int:pk>/claims/", views.ArticleClaimListView.as_view(), name="article_claims"),
    path("articles/<int:pk>/claimreview/", views.ClaimReviewView.as_view(), name="article_claimreview"),
    path("articles/<int:pk>/annotations/", views.WebAnnotationView.as_view(), name="article_annotations"),
    path("articles/<int:pk>/corrected/", views.CorrectedTextView.as_view(), name="article_corrected"),
    path("articles/<int:pk>/claims.csv", views.ArticleClaimsCsvView.as_view(), name="article_claims_csv"),
    path("claims.csv", views.ClaimsCsvView.as_view(), name="claims_csv"),
    path("claims/<int:pk>/", views.ClaimDetailView.as_view(), name="claim_detail"),
    path("claims/<int:pk>/submit/", views.ClaimSubmitView.as_view(), name="claim_submit"),
    path("claims/<int:pk>/approve/", views.ClaimApproveView.as_view(), name="claim_approve"),
    path("claims/<int:pk>/request-changes/", views.ClaimRequestChangesView.as_view(), name="claim_request_changes"),
    path("claims/<int:pk>/reopen/", views.ClaimReopenView.as_view(), name="claim_reopen"),
    path("claims/<int:pk>/comments/", views.ClaimCommentListView.as_view(), name="claim_comments"),
]
