"""`Authorization: Token <token>` (or `Bearer <token>`) for integrations.

Every API request pays for authentication, so the token, its user and the user's newsroom roles are read in one
plain SQL query (the ORM would spend longer compiling its two queries than PostgreSQL takes to run them). Nothing
is cached between requests: a revoked or expired token, a deactivated user or a changed role takes effect on the
very next request.
"""

from datetime import timedelta

import pghistory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connections, router
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from factcheck.api.models import ApiToken, hash_token
from factcheck.roles import ROLES

# Writing last_used_at on every request would turn each read into a write; a minute's precision is enough.
LAST_USED_PRECISION = timedelta(minutes=1)
ERR_INVALID = _("Invalid, expired or revoked token.")


def _columns(model) -> list[str]:
    return [field.column for field in model._meta.concrete_fields]


def _lookup_sql() -> tuple[str, list[str], list[str]]:
    """The query, and the field names of the token's and the user's columns in the order it returns them."""
    user_model = get_user_model()
    memberships = user_model._meta.get_field("groups").remote_field.through
    member_user = memberships._meta.get_field("user").column
    member_group = memberships._meta.get_field("group").column
    token_fields = [field.attname for field in ApiToken._meta.concrete_fields]
    user_fields = [field.attname for field in user_model._meta.concrete_fields]
    select = [f't."{column}"' for column in _columns(ApiToken)] + [f'u."{column}"' for column in _columns(user_model)]
    # The same conditions as ApiToken.objects.usable() and the user's is_active, plus the roles as
    # factcheck.roles.roles_of() reads them.
    sql = f"""
        SELECT {", ".join(select)},
               ARRAY(SELECT g.name FROM "{memberships._meta.db_table}" m
                     JOIN "{Group._meta.db_table}" g ON g.id = m."{member_group}"
                     WHERE m."{member_user}" = u."{user_model._meta.pk.column}" AND g.name = ANY(%(roles)s))
        FROM "{ApiToken._meta.db_table}" t
        JOIN "{user_model._meta.db_table}" u
          ON u."{user_model._meta.pk.column}" = t."{ApiToken._meta.get_field("user").column}"
        WHERE t.key_hash = %(key_hash)s AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > %(now)s)
          AND u.is_active
    """
    return sql, token_fields, user_fields


_LOOKUP = None


def token_and_user(raw: str):
    """The usable token with this raw value and its active user (roles already read), or None."""
    global _LOOKUP
    if _LOOKUP is None:
        _LOOKUP = _lookup_sql()
    sql, token_fields, user_fields = _LOOKUP
    database = router.db_for_read(ApiToken)
    now = timezone.now()
    with connections[database].cursor() as cursor:
        cursor.execute(sql, {"key_hash": hash_token(raw), "now": now, "roles": list(ROLES)})
        row = cursor.fetchone()
    if row is None:
        return None
    n = len(token_fields)
    token = ApiToken.from_db(database, token_fields, row[:n])
    user = get_user_model().from_db(database, user_fields, row[n : n + len(user_fields)])
    user._factcheck_roles = set(row[-1])  # what factcheck.roles.roles_of() caches on the user
    token.user = user
    return token


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keywords = ("token", "bearer")

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower().decode("latin-1") not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Give the token after the keyword: “Authorization: Token <token>”.")
            )
        try:
            raw = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(ERR_INVALID) from None
        token = token_and_user(raw)
        if token is None:
            raise exceptions.AuthenticationFailed(ERR_INVALID)
        # Every change this request makes records the token beside the user in its history rows.
        pghistory.context(api_token=token.pk)
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request):
        return 'Token realm="api"'


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = ApiTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <token>`; create one with `manage.py create_api_token` or on the API tokens page.",
        }
