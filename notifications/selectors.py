"""Every read of notifications, with its joins done once so no list queries per row."""

import re

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from notifications.models import IS_READ, EmailFrequency, Notification, Preference

MENTION = re.compile(r"(?<![\w@])@([\w.+-]+)")


def notifications_for(user) -> QuerySet[Notification]:
    """A person's notifications, unread first, then newest first: the order of the `notification_list` index,
    so a page reads its rows from the index instead of sorting all of a year's notifications."""
    return (
        Notification.objects.for_user(user)
        .select_related("actor", "article", "claim", "comment")
        .order_by(IS_READ.asc(), "-created", "-id")
    )


def unread_count(user, *, cap: int | None = None) -> int:
    """How many of the user's notifications are unread; with `cap`, counted up to cap + 1 rows only."""
    if not getattr(user, "is_authenticated", False):
        return 0
    unread = Notification.objects.for_user(user).unread()
    return unread.count() if cap is None else unread.order_by().values("pk")[: cap + 1].count()


def email_frequency(user) -> str:
    return Preference.objects.filter(user=user).values_list("email", flat=True).first() or EmailFrequency.IMMEDIATELY


def frequencies(user_ids) -> dict[int, str]:
    """Each user's e-mail choice; no stored choice means immediately."""
    chosen = dict(Preference.objects.filter(user_id__in=user_ids).values_list("user_id", "email"))
    return {pk: chosen.get(pk, EmailFrequency.IMMEDIATELY) for pk in user_ids}


def mentioned_usernames(text: str) -> list[str]:
    """`@username` in a comment, in order of appearance, each once; trailing punctuation is not part of a name."""
    seen = []
    for name in MENTION.findall(text or ""):
        name = name.rstrip(".-")
        if name and name.lower() not in [s.lower() for s in seen]:
            seen.append(name)
    return seen


def mentioned_users(text: str) -> QuerySet:
    names = mentioned_usernames(text)
    if not names:
        return get_user_model().objects.none()
    query = Q()
    for name in names:
        query |= Q(username__iexact=name)
    return get_user_model().objects.filter(query, is_active=True)


def mention_candidates(prefix: str, *, limit: int = 8) -> QuerySet:
    """People who can be @mentioned: active users with a newsroom role, by the start of their username."""
    from annotations import permissions

    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__name__in=permissions.ROLES) | Q(is_superuser=True))
    )
    if prefix:
        users = users.filter(username__istartswith=prefix)
    return users.distinct().order_by("username").only("id", "username", "first_name", "last_name")[:limit]


def digest_pending(user_id: int) -> QuerySet[Notification]:
    return (
        Notification.objects.filter(recipient_id=user_id, emailed_at__isnull=True)
        .select_related("actor", "article", "claim", "comment")
        .order_by("created", "id")
    )


def digest_recipients() -> list[int]:
    """Users who chose the daily digest and have something not yet e-mailed."""
    daily = Preference.objects.filter(email=EmailFrequency.DAILY).values("user_id")
    return list(
        Notification.objects.filter(emailed_at__isnull=True, recipient_id__in=daily)
        .values_list("recipient_id", flat=True)
        .distinct()
        .order_by("recipient_id")
    )
