from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The core publishes domain events; this plug-in turns them into notifications (and e-mails).
        from notifications import handlers

        handlers.connect()
