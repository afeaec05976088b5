from django.urls import path

from publishing import feeds, views

app_name = "publishing"

urlpatterns = [
    # Public: no log-in, 404 unless PUBLIC_SITE.
    path("public/corrections/", views.corrections_log, name="corrections_log"),
    path("public/corrections/feed/", views.public(feeds.CorrectionsFeed()), name="corrections_feed"),
    # The newsroom's: a claim's destinations, on its card.
    path("publishing/claims/<int:pk>/destinations/", views.claim_destinations, name="claim_destinations"),
    path(
        "publishing/claims/<int:pk>/destinations/<int:destination_id>/updated/",
        views.destination_action,
        {"action": "updated"},
        name="destination_updated",
    ),
    path(
        "publishing/claims/<int:pk>/destinations/<int:destination_id>/remove/",
        views.destination_action,
        {"action": "remove"},
        name="destination_remove",
    ),
]
