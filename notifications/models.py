from django.conf import settings
from django.db import models
from django.db.models import ExpressionWrapper, F, Q
from django.utils.translation import gettext_lazy as _


class Verb(models.TextChoices):
    ASSIGNED_EDITOR = "assigned_editor", _("assigned you as editor of")
    ASSIGNED_REVIEWER = "assigned_reviewer", _("assigned you as reviewer of")
    SUBMITTED = "submitted", _("submitted a claim for review in")
    CHANGES_REQUESTED = "changes_requested", _("sent back your claim in")
    APPROVED = "approved", _("approved your claim in")
    SIGNED_OFF = "signed_off", _("signed off")
    COMMENTED = "commented", _("commented on your claim in")
    MENTIONED = "mentioned", _("mentioned you in a comment in")
    SOURCE_CHANGED = "source_changed", _("a cited source changed in")


class EmailFrequency(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immediately")
    DAILY = "daily", _("A daily digest")
    NEVER = "never", _("Never")


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


# "read_at IS NOT NULL": false (unread) sorts first. The list orders by it, and its index holds it.
IS_READ = ExpressionWrapper(Q(read_at__isnull=False), output_field=models.BooleanField())


class Notification(models.Model):
    """Something happened that one person should hear about; one row per recipient."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verb = models.CharField(max_length=20, choices=Verb)
    article = models.ForeignKey(
        "annotations.Article", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    claim = models.ForeignKey("annotations.Claim", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    comment = models.ForeignKey(
        "annotations.Comment", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # What the reader needs without opening anything: the reviewer's comment, the mention.
    text = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # Set once the notification went out by e-mail (alone or in a digest), so nothing is sent twice.
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [
            # The notifications page and the navigation count: a person's unread first, newest first.
            models.Index(fields=["recipient", "read_at", "-created"], name="notification_inbox"),
            # The notifications list's order (notifications.selectors.notifications_for): unread first, newest first.
            models.Index(
                F("recipient"),
                IS_READ,
                F("created").desc(),
                F("id").desc(),
                name="notification_list",
            ),
            # The daily digest: what is still to be e-mailed.
            models.Index(
                fields=["recipient", "created"], name="notification_unemailed", condition=Q(emailed_at__isnull=True)
            ),
        ]

    def __str__(self):
        return f"{self.get_verb_display()} → {self.recipient_id}"


class Preference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email = models.CharField(_("e-mail"), max_length=12, choices=EmailFrequency, default=EmailFrequency.IMMEDIATELY)

    def __str__(self):
        return f"{self.user_id}: {self.email}"
