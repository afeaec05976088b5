from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from integrations import services


class Command(BaseCommand):
    help = "Create an API token for a user; prints the token, which is shown only this once, as the last line."

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="Username the token acts as.")
        parser.add_argument("--name", required=True, help="What will use the token, e.g. “CMS sync”.")
        parser.add_argument("--write", action="store_true", help="Allow changes (read-only otherwise).")
        parser.add_argument("--expires-in-days", type=int, default=None, help="Expire after this many days.")

    def handle(self, *args, user, name, write, expires_in_days, **options):
        try:
            owner = get_user_model().objects.get_by_natural_key(user)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user named {user!r}.") from None
        expires_at = timezone.now() + timedelta(days=expires_in_days) if expires_in_days else None
        try:
            token, raw = services.api_token_create(actor=None, user=owner, name=name, write=write, expires_at=expires_at)
        except ValidationError as error:
            raise CommandError("; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())) from None
        kind = "read-write" if token.write else "read-only"
        expiry = f", expires {token.expires_at:%Y-%m-%d %H:%M} UTC" if token.expires_at else ""
        self.stdout.write(f"Created {kind} token “{token.name}” for {owner.get_username()}{expiry}. It is shown only once:")
        self.stdout.write(raw)
