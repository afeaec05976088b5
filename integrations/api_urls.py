from django.urls import path

from integrations import api

urlpatterns = [
    path("webhooks/", api.WebhookListView.as_view(), name="webhook_list"),
    path("webhooks/<int:pk>/", api.WebhookDetailView.as_view(), name="webhook_detail"),
    path("webhooks/<int:pk>/deliveries/", api.DeliveryListView.as_view(), name="webhook_deliveries"),
    path("webhook-deliveries/<int:pk>/resend/", api.DeliveryResendView.as_view(), name="webhook_delivery_resend"),
]
