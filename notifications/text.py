"""One sentence per notification, the same on the page, in the API's consumers' eyes and in e-mails."""

from django.utils.text import Truncator
from django.utils.translation import gettext as _

from notifications.models import Verb


def _quote(text: str, length: int = 60) -> str:
    return "“" + Truncator(text or "").chars(length) + "”"


def actor_name(notification) -> str:
    return notification.actor.get_username() if notification.actor_id else _("someone")


def sentence(notification) -> str:
    """“reviewer sent back your claim “leaders of 24 countries” in “Putin meets Pezeshkian””, as plain text."""
    actor = actor_name(notification)
    title = _quote(notification.article.title if notification.article_id else "", 80)
    claim = _quote(notification.claim.exact) if notification.claim_id else ""
    verb = notification.verb
    if verb == Verb.ASSIGNED_EDITOR:
        return _("%(actor)s assigned you as editor of %(article)s") % {"actor": actor, "article": title}
    if verb == Verb.ASSIGNED_REVIEWER:
        return _("%(actor)s assigned you as reviewer of %(article)s") % {"actor": actor, "article": title}
    if verb == Verb.SUBMITTED:
        return _("%(actor)s submitted the claim %(claim)s in %(article)s for review") % {"actor": actor, "claim": claim, "article": title}
    if verb == Verb.CHANGES_REQUESTED:
        return _("%(actor)s sent back your claim %(claim)s in %(article)s") % {"actor": actor, "claim": claim, "article": title}
    if verb == Verb.APPROVED:
        return _("%(actor)s approved your claim %(claim)s in %(article)s") % {"actor": actor, "claim": claim, "article": title}
    if verb == Verb.SIGNED_OFF:
        return _("%(actor)s signed off %(article)s as checked") % {"actor": actor, "article": title}
    if verb == Verb.COMMENTED:
        return _("%(actor)s commented on your claim %(claim)s in %(article)s") % {"actor": actor, "claim": claim, "article": title}
    if verb == Verb.MENTIONED:
        return _("%(actor)s mentioned you on the claim %(claim)s in %(article)s") % {"actor": actor, "claim": claim, "article": title}
    return f"{actor} {notification.get_verb_display()} {title}"


def target_path(notification) -> str:
    """Where the notification leads: the claim's card, else the article's workspace."""
    from django.urls import reverse

    if notification.claim_id:
        return reverse("claim_detail", args=[notification.claim_id])
    if notification.article_id:
        return reverse("article_detail", args=[notification.article_id])
    return reverse("notification_list")
