from django.urls import path

from annotations.api.views import articles, claims, exports, review

urlpatterns = [
    path("articles/", articles.ArticleListView.as_view(), name="article_list"),
    path("articles/<int:pk>/", articles.ArticleDetailView.as_view(), name="article_detail"),
    path(
        "articles/by-external-id/<str:external_id>/",
        articles.ArticleByExternalIdView.as_view(),
        name="article_by_external_id",
    ),
    path("articles/<int:pk>/sign-off/", review.ArticleSignOffView.as_view(), name="article_sign_off"),
    path("articles/<int:pk>/claims/", claims.ArticleClaimListView.as_view(), name="article_claims"),
    path("articles/<int:pk>/claimreview/", exports.ClaimReviewView.as_view(), name="article_claimreview"),
    path("articles/<int:pk>/annotations/", exports.WebAnnotationView.as_view(), name="article_annotations"),
    path("articles/<int:pk>/corrected/", exports.CorrectedTextView.as_view(), name="article_corrected"),
    path("articles/<int:pk>/claims.csv", exports.ArticleClaimsCsvView.as_view(), name="article_claims_csv"),
    path("claims.csv", exports.ClaimsCsvView.as_view(), name="claims_csv"),
    path("claims/<int:pk>/", claims.ClaimDetailView.as_view(), name="claim_detail"),
    path("claims/<int:pk>/submit/", review.ClaimSubmitView.as_view(), name="claim_submit"),
    path("claims/<int:pk>/approve/", review.ClaimApproveView.as_view(), name="claim_approve"),
    path("claims/<int:pk>/request-changes/", review.ClaimRequestChangesView.as_view(), name="claim_request_changes"),
    path("claims/<int:pk>/reopen/", review.ClaimReopenView.as_view(), name="claim_reopen"),
    path("claims/<int:pk>/comments/", review.ClaimCommentListView.as_view(), name="claim_comments"),
    path("corrections/", review.CorrectionListView.as_view(), name="correction_list"),
]
