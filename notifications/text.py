"""One sentence per notification, the same on the page, in the API's consumers' eyes and in e-mails."""

from django.utils.text import Truncator
from django.utils.translation import gettext as _

from notifications.models import Verb


def _quote(text: str, length: int = 60) -> str:
    return "“" + Truncator(text or "").chars(length) + "”"


def actor_name(notification) -> str:
    return notification.actor.get_username() if notification.actor_id else _("someone")


def _template(verb) -> str | None:
    return {
        Verb.ASSIGNED_EDITOR: _("%(actor)s assigned you as editor of %(article)s"),
        Verb.ASSIGNED_REVIEWER: _("%(actor)s assigned you as reviewer of %(article)s"),
        Verb.SUBMITTED: _("%(actor)s submitted the claim %(claim)s in %(article)s for review"),
        Verb.CHANGES_REQUESTED: _("%(actor)s sent back your claim %(claim)s in %(article)s"),
        Verb.APPROVED: _("%(actor)s approved your claim %(claim)s in %(article)s"),
        Verb.SIGNED_OFF: _("%(actor)s signed off %(article)s as checked"),
        Verb.COMMENTED: _("%(actor)s commented on your claim %(claim)s in %(article)s"),
        Verb.MENTIONED: _("%(actor)s mentioned you on the claim %(claim)s in %(article)s"),
        Verb.SOURCE_CHANGED: _("A page cited for the claim %(claim)s in %(article)s has changed or is gone"),
    }.get(verb)


def sentence(notification, *, html: bool = False) -> str:
    """“reviewer sent back your claim “leaders of 24 countries” in “Putin meets Pezeshkian””, as plain text; with
    `html`, as safe HTML in which the names and quotes people typed keep their own direction (<bdi>)."""
    from django.utils.html import conditional_escape, format_html
    from django.utils.safestring import mark_safe

    def typed(text: str) -> str:
        return format_html("<bdi>{}</bdi>", text) if html else text

    def quoted(text: str, length: int = 60) -> str:
        return format_html("“<bdi>{}</bdi>”", Truncator(text or "").chars(length)) if html else _quote(text, length)

    params = {
        "actor": typed(actor_name(notification)),
        "article": quoted(notification.article.title if notification.article_id else "", 80),
        "claim": quoted(notification.claim.exact) if notification.claim_id else "",
    }
    template = _template(notification.verb)
    if template is None:
        template = "%(actor)s " + str(notification.get_verb_display()) + " %(article)s"
    if html:
        return mark_safe(conditional_escape(template) % params)
    return template % params


def target_path(notification) -> str:
    """Where the notification leads: the claim's card, else the article's workspace."""
    from django.urls import reverse

    if notification.claim_id:
        return reverse("claim_detail", args=[notification.claim_id])
    if notification.article_id:
        return reverse("article_detail", args=[notification.article_id])
    return reverse("notification_list")
