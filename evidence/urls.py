from django.urls import path

from evidence import views

urlpatterns = [
    path("snapshots/<int:pk>/text/", views.snapshot_text, name="snapshot_text"),
    path("snapshots/<int:pk>/original/", views.snapshot_original, name="snapshot_original"),
    path("snapshots/<int:pk>/changes/", views.snapshot_changes, name="snapshot_changes"),
    path("articles/from-url/", views.article_from_url, name="article_from_url"),
]
