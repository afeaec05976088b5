from django.urls import path

from publishing import api

urlpatterns = [
    path("claims/<int:pk>/destinations/", api.ClaimDestinationListView.as_view(), name="claim_destinations"),
]
