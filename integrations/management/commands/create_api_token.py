from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from factcheck.api.models import ApiToken, Scope
from integrations import services


class Command(BaseCommand):
    help = (
        "Create an API token for an integration user (manage.py create_integration_user) or, with --person, for "
        "a person who asked for one; prints the token, shown only this once, as the last line."
    )

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="Username the token acts as.")
        parser.add_argument("--name", required=True, help="What will use the token, e.g. “CMS sync”.")
        parser.add_argument(
            "--scopes", default="read", help=f"Comma-separated, from {', '.join(Scope.values)} (default: read)."
        )
        parser.add_argument("--person", action="store_true", help="The user is a person who asked for this token.")
        parser.add_argument(
            "--expires-in-days",
            type=int,
            default=ApiToken.DEFAULT_LIFETIME_DAYS,
            help=f"Expire after this many days (default {ApiToken.DEFAULT_LIFETIME_DAYS}).",
        )

    def handle(self, *args, user, name, scopes, person, expires_in_days, **options):
        try:
            owner = get_user_model().objects.get_by_natural_key(user)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user named {user!r}.") from None
        if not person and not services.is_integration_user(owner):
            raise CommandError(
                f"{user!r} is a person's account. {services.ERR_TOKEN_FOR_PERSON} "
                "Make one with `manage.py create_integration_user`, or pass --person if they asked for it."
            )
        if expires_in_days <= 0:
            raise CommandError("--expires-in-days must be at least 1.")
        expires_at = timezone.now() + timedelta(days=expires_in_days)
        chosen = [scope.strip() for scope in scopes.split(",") if scope.strip()]
        try:
            token, raw = services.api_token_create(
                actor=None, user=owner, name=name, scopes=chosen, expires_at=expires_at
            )
        except ValidationError as error:
            raise CommandError("; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())) from None
        self.stdout.write(
            f"Created token “{token.name}” for {owner.get_username()} with scopes {', '.join(token.scopes)}, "
            f"expires {token.expires_at:%Y-%m-%d} UTC. It is shown only once:"
        )
        self.stdout.write(raw)
