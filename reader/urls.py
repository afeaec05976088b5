from django.urls import path

from reader import views

urlpatterns = [
    path("public/claimreview.json", views.claimreview_feed, name="claimreview_feed"),
    path("public/embed.js", views.embed_script, name="embed_script"),
    path("public/embed/claims.json", views.embed_claims, name="embed_claims"),
    path("public/articles/<int:pk>/", views.article_page, name="public_article"),
]
