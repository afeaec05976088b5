from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from annotations import permissions
from integrations import services


class Command(BaseCommand):
    help = "Create a user that exists only to own API tokens (a CMS, a script): a role, no password, no log-in."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", default=permissions.EDITOR, choices=permissions.ROLES)

    def handle(self, *args, username, role, **options):
        try:
            user = services.integration_user_create(actor=None, username=username, role=role)
        except ValidationError as error:
            raise CommandError("; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())) from None
        self.stdout.write(f"Created integration user {user.get_username()} ({role}).")
