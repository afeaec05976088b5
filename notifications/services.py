"""Every write of notifications. Called by the event handlers (in the core's transaction), views, the API and jobs."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from factcheck import jobs
from notifications import emails, selectors
from notifications.models import EmailFrequency, Notification, Preference

ERR_FREQUENCY = _("Choose immediately, a daily digest or never.")
# The e-mail job: notifications.tasks registers it under this name, and services defer it by the name.
EMAIL_JOB = "notifications.send_notification_email"


def notify(
    *,
    recipient_ids,
    verb: str,
    actor_id: int | None,
    article_id: int | None = None,
    claim_id: int | None = None,
    comment_id: int | None = None,
    text: str = "",
) -> list[Notification]:
    """One notification per recipient (never to the actor), and the e-mail job for those who want it at once.

    Runs in the caller's transaction: the rows and the jobs commit or roll back with the change they report.
    """
    wanted = {pk for pk in recipient_ids if pk is not None and pk != actor_id}
    if not wanted:
        return []
    people = dict(
        get_user_model().objects.filter(pk__in=wanted, is_active=True).values_list("pk", "email").order_by("pk")
    )
    active = list(people)
    rows = Notification.objects.bulk_create(
        Notification(
            recipient_id=pk,
            actor_id=actor_id,
            verb=verb,
            article_id=article_id,
            claim_id=claim_id,
            comment_id=comment_id,
            text=text,
        )
        for pk in active
    )
    choices = selectors.frequencies(active)
    for row in rows:
        if people[row.recipient_id] and choices[row.recipient_id] == EmailFrequency.IMMEDIATELY:
            jobs.by_name(EMAIL_JOB).defer(notification_id=row.pk)
    return rows


def notification_mark_read(*, user, notification_ids: list[int] | None = None) -> int:
    """Mark some (or, without ids, all) of the user's unread notifications read; how many changed."""
    unread = Notification.objects.for_user(user).unread()
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    return unread.update(read_at=timezone.now())


def preference_set(*, user, email: str) -> Preference:
    if email not in EmailFrequency.values:
        raise ValidationError({"email": ERR_FREQUENCY})
    preference, _created = Preference.objects.update_or_create(user=user, defaults={"email": email})
    return preference


# E-mail, run by the worker (notifications.tasks), never in a request.


def email_send(notification_id: int) -> bool:
    """E-mail one notification if its recipient still wants them at once and it has not gone out; True if sent."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient", "actor", "article", "claim", "comment")
            .filter(pk=notification_id, emailed_at__isnull=True)
            .first()
        )
        if notification is None or not notification.recipient.email:
            return False
        if selectors.email_frequency(notification.recipient) != EmailFrequency.IMMEDIATELY:
            return False  # the digest (or nobody) takes it
        emails.single(notification).send()
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
        return True


def digest_send(user_id: int) -> int:
    """One e-mail with everything not yet e-mailed to a digest reader; how many notifications it held."""
    with transaction.atomic():
        pending = list(selectors.digest_pending(user_id).select_for_update(of=("self",)))
        user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
        if not pending or user is None or not user.email:
            return 0
        emails.digest(user, pending).send()
        Notification.objects.filter(pk__in=[n.pk for n in pending]).update(emailed_at=timezone.now())
        return len(pending)


def digests_send() -> int:
    return sum(digest_send(user_id) for user_id in selectors.digest_recipients())
