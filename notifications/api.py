"""REST API for notifications, under /api/v1/. Thin: the caller's own notifications, marking them read.

GET  notifications/        the caller's notifications, unread first (paginated like every list)
POST notifications/read/   {"ids": [1, 2]} marks those read; {} or no body marks all read

Authentication, roles and the error shape are the project's API defaults (settings.REST_FRAMEWORK).
"""

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from factcheck.api.pagination import Pagination
from factcheck.api.views import PAGE_PARAMETERS, ApiView, paginated
from notifications import selectors, services, text
from notifications.models import Notification, Verb


class NotificationSerializer(serializers.ModelSerializer):
    verb = serializers.ChoiceField(choices=Verb.choices, read_only=True)
    actor = serializers.SlugRelatedField(slug_field="username", read_only=True, help_text="Who did it (username).")
    sentence = serializers.SerializerMethodField(help_text="What happened, as the notifications page says it.")
    read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = [
            "id",
            "verb",
            "actor",
            "article",
            "claim",
            "comment",
            "text",
            "sentence",
            "created",
            "read",
            "read_at",
        ]
        read_only_fields = fields

    def get_sentence(self, obj) -> str:
        return text.sentence(obj)

    def get_read(self, obj) -> bool:
        return obj.read_at is not None


class MarkReadSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        required=False,
        max_length=1000,
        help_text="Notifications to mark read; leave out to mark all read.",
    )


class MarkReadResultSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text="How many changed from unread to read.")
    unread = serializers.IntegerField(help_text="How many are still unread.")


@extend_schema(tags=["notifications"])
class NotificationListView(ApiView):
    @extend_schema(
        responses=paginated(NotificationSerializer, "PaginatedNotificationList"),
        parameters=PAGE_PARAMETERS,
        description="The caller's notifications, unread first, then newest first.",
    )
    def get(self, request):
        paginator = Pagination()
        page = paginator.paginate_queryset(selectors.notifications_for(request.user), request, view=self)
        return paginator.get_paginated_response(NotificationSerializer(page, many=True).data)


@extend_schema(tags=["notifications"])
class NotificationReadView(ApiView):
    @extend_schema(
        request=MarkReadSerializer,
        responses=MarkReadResultSerializer,
        description="Mark some or all of the caller's notifications read.",
    )
    def post(self, request):
        data = MarkReadSerializer(data=request.data if request.data is not None else {})
        data.is_valid(raise_exception=True)
        ids = data.validated_data.get("ids")
        marked = services.notification_mark_read(user=request.user, notification_ids=ids)
        return Response({"marked": marked, "unread": selectors.unread_count(request.user)})


urlpatterns = [
    path("notifications/", NotificationListView.as_view(), name="notification_list"),
    path("notifications/read/", NotificationReadView.as_view(), name="notification_read"),
]
