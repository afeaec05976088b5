"""Rendering notification e-mails with Django's e-mail framework (plain text and HTML)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from notifications import text


def site_url() -> str:
    return settings.SITE_URL.rstrip("/")


def _item(notification) -> dict:
    return {
        "notification": notification,
        "sentence": text.sentence(notification),
        "url": site_url() + text.target_path(notification),
    }


def _message(user, subject: str, template: str, context: dict) -> EmailMultiAlternatives:
    context = {"user": user, "site_url": site_url(), "settings_url": site_url() + "/notifications/settings/", **context}
    body = render_to_string(f"notifications/email/{template}.txt", context)
    message = EmailMultiAlternatives(subject=f"[factcheck] {subject}", body=body, to=[user.email])
    message.attach_alternative(render_to_string(f"notifications/email/{template}.html", context), "text/html")
    return message


def single(notification) -> EmailMultiAlternatives:
    item = _item(notification)
    return _message(notification.recipient, item["sentence"], "notification", {"item": item})


def digest(user, notifications) -> EmailMultiAlternatives:
    subject = ngettext("%(count)d notification today", "%(count)d notifications today", len(notifications)) % {
        "count": len(notifications)
    }
    return _message(
        user, subject, "digest", {"items": [_item(n) for n in notifications], "title": _("Your daily digest")}
    )
