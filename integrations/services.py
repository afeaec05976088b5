"""Every write of the integrations app: tokens, webhooks, resends, the CMS's article ids."""

import secrets
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from annotations import permissions
from annotations.text import normalize_line
from factcheck.api.models import ApiToken, Scope, hash_token
from integrations import signing, webhooks
from integrations.models import INTEGRATION_GROUP, DeliveryStatus, Event, Webhook, WebhookDelivery

ERR_EVENTS = _("Choose at least one event.")


def _require_admin(actor) -> None:
    # None: an operator at the command line, who already has the server.
    if actor is not None and not permissions.can_admin(actor):
        raise PermissionDenied(_("Only admins may do this."))


# API tokens

ERR_TOKEN_FOR_PERSON = _(
    "A token acts as its user: make it for yourself or for an integration user, never for another person."
)
ERR_SCOPES = _("Choose at least one scope.")


def is_integration_user(user) -> bool:
    return user.groups.filter(name=INTEGRATION_GROUP).exists()


def integration_user_create(*, actor, username: str, role: str):
    """A user that exists only to own API tokens (a CMS, a script): it has a role but no password."""
    _require_admin(actor)
    if role not in permissions.ROLES:
        raise ValidationError({"role": _("Choose one of: %(roles)s.") % {"roles": ", ".join(permissions.ROLES)}})
    username = normalize_line(username)
    user = get_user_model()(username=username)
    user.set_unusable_password()
    user.full_clean()
    user.save()
    # made by a migration; a flush drops it. Not `integration, _ =`: `_` is gettext in this module.
    integration, _created = Group.objects.get_or_create(name=INTEGRATION_GROUP)
    user.groups.add(Group.objects.get(name=role), integration)
    return user


def api_token_create(
    *, actor, user, name: str, scopes=(Scope.READ,), expires_at: datetime | None = None
) -> tuple[ApiToken, str]:
    """Returns the token and its secret value, which exists nowhere else afterwards: show it once.

    `actor` None is an operator at the command line, who must check the owner themselves.
    """
    _require_admin(actor)
    if actor is not None and user.pk != actor.pk and not is_integration_user(user):
        raise PermissionDenied(ERR_TOKEN_FOR_PERSON)
    name = normalize_line(name)
    if not name:
        raise ValidationError({"name": _("Name the token after what will use it.")})
    if unknown := set(scopes or ()) - set(Scope.values):
        raise ValidationError({"scopes": _("Unknown scopes: {scopes}.").format(scopes=", ".join(sorted(unknown)))})
    scopes = [scope for scope in Scope.values if scope in set(scopes or ())]
    if not scopes:
        raise ValidationError({"scopes": ERR_SCOPES})
    if expires_at is None:
        expires_at = timezone.now() + timedelta(days=ApiToken.DEFAULT_LIFETIME_DAYS)
    if expires_at <= timezone.now():
        raise ValidationError({"expires_at": _("The expiry date is in the past.")})
    raw = ApiToken.PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=name,
        scopes=scopes,
        expires_at=expires_at,
        key_hash=hash_token(raw),
        hint=raw[:10],
        created_by=actor or user,
    )
    token.full_clean()
    token.save()
    return token, raw


def api_token_revoke(*, actor, token: ApiToken) -> ApiToken:
    _require_admin(actor)
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    token.refresh_from_db()
    return token


# Webhooks


def _clean_events(events) -> list[str]:
    chosen = [e for e in Event.values if e in set(events or ())]
    unknown = set(events or ()) - set(Event.values)
    if unknown:
        raise ValidationError({"events": _("Unknown events: {events}.").format(events=", ".join(sorted(unknown)))})
    if not chosen:
        raise ValidationError({"events": ERR_EVENTS})
    return chosen


def webhook_create(*, actor, url: str, events, description: str = "") -> tuple[Webhook, str]:
    """Returns the endpoint and its signing secret, shown once."""
    _require_admin(actor)
    secret = signing.new_secret()
    hook = Webhook(
        url=url.strip(),
        events=_clean_events(events),
        description=normalize_line(description),
        secret=secret,
        created_by=actor,
    )
    hook.full_clean()
    hook.save()
    return hook, secret


def webhook_update(*, actor, webhook: Webhook, changes: dict) -> Webhook:
    _require_admin(actor)
    fields = dict(changes)
    if "events" in fields:
        webhook.events = _clean_events(fields.pop("events"))
    if "url" in fields:
        webhook.url = fields.pop("url").strip()
    if "description" in fields:
        webhook.description = normalize_line(fields.pop("description"))
    if "active" in fields:
        webhook.active = bool(fields.pop("active"))
        if webhook.active:
            webhook.disabled_reason = ""
    if fields:
        raise ValidationError({name: _("This field cannot be changed.") for name in fields})
    webhook.full_clean()
    webhook.save()
    return webhook


def webhook_delete(*, actor, webhook: Webhook) -> None:
    _require_admin(actor)
    webhook.delete()


@transaction.atomic
def webhook_delivery_resend(*, actor, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send the same message again (same webhook-id, so receivers can tell it is a repeat)."""
    _require_admin(actor)
    delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery.pk)
    delivery.status = DeliveryStatus.PENDING
    delivery.save(update_fields=["status", "updated"])
    webhooks.delivery_enqueue(delivery)
    return delivery


@transaction.atomic
def webhook_ping(*, actor, webhook: Webhook) -> WebhookDelivery:
    _require_admin(actor)
    payload = {"type": "webhook.test", "timestamp": timezone.now().isoformat(), "data": {"webhook": webhook.pk}}
    delivery = WebhookDelivery.objects.create(
        webhook=webhook, event="webhook.test", msg_id=webhooks.new_msg_id(), payload=payload
    )
    webhooks.delivery_enqueue(delivery)
    return delivery
