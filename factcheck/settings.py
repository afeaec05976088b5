"""Settings for factcheck, driven by environment variables only (docs/production.md lists them)."""

import json
import os
import warnings
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# Fail closed: outside debug mode nothing (web app, worker, any manage.py command) runs on a guessable key.
# `./dev` gives local runs and tests a random key of their own, kept in .secret-key.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long random value "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))'), or use ./dev for local work."
        )
    SECRET_KEY = "django-insecure-debug-only-key"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

NEWSROOM_NAME = os.environ.get("NEWSROOM_NAME", "Factcheck Newsroom")
NEWSROOM_URL = os.environ.get("NEWSROOM_URL", "https://newsroom.example")
# The public pages (/public/: corrections log and feed, ClaimReview feed, reader embed; docs/publishing.md): off
# unless set, so a newsroom opts in; `./dev run` turns them on for the demo.
PUBLIC_SITE = env_bool("PUBLIC_SITE", False)
# Who readers see as the author of every fact-check (ClaimReview's author): the desk, never a person's name.
PUBLIC_BYLINE = os.environ.get("PUBLIC_BYLINE", NEWSROOM_NAME)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_htmx",
    "axes",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "procrastinate.contrib.django",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "factcheck.api",  # the plumbing's own tables (API tokens, the throttle's windows); below every app
    "annotations",
    "integrations",
    "suggestions",
    "archive",
    "notifications",
    "evidence",
    "publishing",
    "reader",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # zstd, brotli or gzip for clients that accept it; after whitenoise, which serves its own compressed files
    "compression_middleware.middleware.CompressionMiddleware",
    "reader.middleware.PublicVary",  # public answers vary by encoding only, not by Accept-Language (reader/)
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before the CSRF check reads a form: a body too large to read is a 413 saying the limit (factcheck/limits.py).
    "factcheck.limits.BodyLimit",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "factcheck.paging.PageErrors",  # a bad ?page= on a page: 400/404 with the message (factcheck/paging.py)
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "factcheck.urls"
WSGI_APPLICATION = "factcheck.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "annotations.context_processors.roles",
                "notifications.context_processors.unread",
            ],
        },
    },
]

if os.environ.get("DATABASE_URL"):
    DATABASE_URL = os.environ["DATABASE_URL"]
else:
    # The embedded PostgreSQL is started only by the launcher (`./dev run|test|manage`); importing the settings
    # merely points at where it listens, so a command that needs no database still runs without it.
    from factcheck import embedded_db

    DATABASE_URL = embedded_db.url()
# Persistent connections, checked before each request reuses one: a database restart costs no errors once it is back.
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
DATABASES["default"].setdefault("TEST", {})["NAME"] = os.environ.get("TEST_DATABASE_NAME", "test_factcheck")
# Read replicas (docs/production.md): list pages, API lists and exports read from one of them; in tests
# each one mirrors the test database (Django's TEST MIRROR; tests/test_replicas.py configures one).
for _number, _url in enumerate(env_list("DATABASE_REPLICA_URLS"), start=1):
    DATABASES[f"replica_{_number}"] = dj_database_url.parse(_url, conn_max_age=60, conn_health_checks=True) | {
        "TEST": {"MIRROR": "default"}
    }
for _database in DATABASES.values():
    if _database["ENGINE"] == "django.db.backends.postgresql":
        _database["ENGINE"] = "factcheck.postgresql"  # the same, with a health check that needs no query (see there)
DATABASE_ROUTERS = ["factcheck.db_router.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses locked-out accounts and addresses before checking passwords
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"

# Login lockout (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords for one account, or from one address,
# log-ins are refused for LOGIN_LOCKOUT_MINUTES. Admins unlock early in admin → Axes → Access attempts.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=float(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each on its own: per account and per address
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "factcheck.security.client_ip"
AXES_SENSITIVE_PARAMETERS = ["password"]
LOGIN_REDIRECT_URL = "my_work"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
# The interface languages. Before someone chooses one (the switcher in the top bar, kept in a cookie for a
# year), the browser's Accept-Language decides. Persian turns the whole layout right to left.
LANGUAGES = [("en-gb", "English"), ("ru", "Русский"), ("fa", "فارسی")]
# FACTCHECK_LOCALE_DIR lets the catalogue test extract messages into a scratch copy instead of locale/.
LOCALE_PATHS = [Path(os.environ.get("FACTCHECK_LOCALE_DIR", BASE_DIR / "locale"))]
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Production runs collectstatic and sets STATIC_MANIFEST=1 for hashed, compressed, cache-forever files.
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("STATIC_MANIFEST", False)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Copies of cited pages (docs/production.md): files under snapshots/ (git-ignored) unless an operator names another
# storage backend, e.g. S3-compatible storage through django-storages, and its options as JSON.
STORAGES["snapshots"] = {
    "BACKEND": os.environ.get("SOURCE_SNAPSHOT_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"),
    "OPTIONS": json.loads(
        os.environ.get("SOURCE_SNAPSHOT_STORAGE_OPTIONS")
        or json.dumps({"location": os.environ.get("SOURCE_SNAPSHOT_DIR", str(BASE_DIR / "snapshots"))})
    ),
}
# Tests and the local run serve static files straight from the finders, no collectstatic step needed.
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", True)
WHITENOISE_AUTOREFRESH = DEBUG

# Every page: no inline script or style, no eval; htmx and our scripts load from 'self' with a nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}

# Production hardening; `check --deploy` passes with the documented production variables.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG and env_bool("HTTPS", False))
SESSION_COOKIE_SECURE = env_bool("HTTPS", False)
LANGUAGE_COOKIE_SECURE = env_bool("HTTPS", False)
CSRF_COOKIE_SECURE = env_bool("HTTPS", False)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)  # also: the client's address is the last X-Forwarded-For entry
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

PROCRASTINATE_ON_APP_READY = "annotations.tasks.on_app_ready"
# A worker killed mid-job stops sending heartbeats; after this long another worker retries its jobs.
PROCRASTINATE_WORKER_DEFAULTS = {
    "update_heartbeat_interval": float(os.environ.get("WORKER_HEARTBEAT_SECONDS", "10")),
    "stalled_worker_timeout": float(os.environ.get("WORKER_STALLED_SECONDS", "30")),
}

# The REST API (/api/v1/, integrations/ and annotations/api/).
# pghistory's middleware records the user and URL beside the history rows a request causes. Only writing methods:
# with GET listed (pghistory's default), every query of every page and API read carried two set_config() calls
# in front of it, for requests that change nothing (issue 12). Services open their own context (user, service).
PGHISTORY_MIDDLEWARE_METHODS = ("POST", "PUT", "PATCH", "DELETE")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "factcheck.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",  # the browser, with CSRF
    ],
    "DEFAULT_PERMISSION_CLASSES": ["factcheck.api.permissions.NewsroomAccess"],
    "DEFAULT_THROTTLE_CLASSES": ["factcheck.api.throttling.PerTokenThrottle"],
    "DEFAULT_PARSER_CLASSES": ["factcheck.api.parsers.BoundedJSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["factcheck.api.renderers.ORJSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "factcheck.api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "factcheck.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
API_THROTTLE_RATE = os.environ.get("API_THROTTLE_RATE", "600/min")  # per token (or per signed-in user)
API_MAX_BODY_BYTES = int(os.environ.get("API_MAX_BODY_BYTES", str(2 * 1024 * 1024)))
# The largest body Django reads (a page's form, the API's JSON): larger is 413 saying the limit (factcheck/limits.py).
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("DATA_UPLOAD_MAX_MEMORY_SIZE", str(int(2.5 * 1024 * 1024))))
SPECTACULAR_SETTINGS = {
    "TITLE": "factcheck API",
    "DESCRIPTION": "Articles, claims, verdicts and exports for the newsroom's CMS. Authenticate with "
    "`Authorization: Token <token>`; see docs/api.md, “CMS integration (API)”.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No deep links: Swagger UI puts each one, a link, inside the button that opens the operation (axe-core:
    # nested-interactive, and a target under 24 px); the operations stay reachable by their buttons.
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ClaimKindEnum": "annotations.models.ClaimKind",
        "ClaimStatusEnum": "annotations.models.ClaimStatus",
        "ArticleStatusEnum": "annotations.models.ArticleStatus",
        "CommentKindEnum": "annotations.models.CommentKind",
        "WebhookEventEnum": "integrations.models.Event",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "factcheck.api.schema.add_error_responses",
        "annotations.api.serializers.claim_list_item_fields_optional",
    ],
}
# E-mail (notifications, password reset): printed to the console unless an SMTP host is configured.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")  # links in e-mails
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "factcheck <factcheck@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
_email_port = int(os.environ.get("EMAIL_PORT", "587"))
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": EMAIL_HOST,
            "port": _email_port,
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", _email_port == 587),
            "use_ssl": env_bool("EMAIL_USE_SSL", _email_port == 465),
            "timeout": 30,
        },
    }
    if EMAIL_HOST
    else {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
}
del EMAIL_HOST

# Webhook deliveries to loopback or private addresses are refused unless this is set (tests, local receivers).
WEBHOOK_ALLOW_PRIVATE_NETWORKS = env_bool("WEBHOOK_ALLOW_PRIVATE_NETWORKS", DEBUG)
WEBHOOK_TIMEOUT_SECONDS = float(os.environ.get("WEBHOOK_TIMEOUT_SECONDS", "10"))

# Cited sources are fetched (a copy kept, the live page watched) by the same rules as webhooks: public addresses
# only unless this is set, one deadline, a size cap, one request per host every few seconds.
SOURCE_SNAPSHOT_ALLOW_PRIVATE_NETWORKS = env_bool("SOURCE_SNAPSHOT_ALLOW_PRIVATE_NETWORKS", DEBUG)
SOURCE_SNAPSHOT_MAX_BYTES = int(os.environ.get("SOURCE_SNAPSHOT_MAX_BYTES", str(20 * 1024 * 1024)))
SOURCE_SNAPSHOT_TIMEOUT_SECONDS = float(os.environ.get("SOURCE_SNAPSHOT_TIMEOUT_SECONDS", "30"))
SOURCE_SNAPSHOT_HOST_SPACING_SECONDS = float(os.environ.get("SOURCE_SNAPSHOT_HOST_SPACING_SECONDS", "3"))
# Site owners see who is fetching and where to ask about it.
SOURCE_SNAPSHOT_CONTACT_URL = os.environ.get("SOURCE_SNAPSHOT_CONTACT_URL", NEWSROOM_URL)
SOURCE_SNAPSHOT_USER_AGENT = f"factcheck-evidence/1.0 (+{SOURCE_SNAPSHOT_CONTACT_URL})"
# The live pages of approved claims' sources are checked again this often, spread over the interval.
SOURCE_CHECK_INTERVAL_HOURS = float(os.environ.get("SOURCE_CHECK_INTERVAL_HOURS", "24"))
SOURCE_CHECK_CRON = os.environ.get("SOURCE_CHECK_CRON", "*/10 * * * *")
# Also ask the Internet Archive's Save Page Now to archive each cited page (off by default; never in tests).
SOURCE_SNAPSHOT_ARCHIVE_ORG = env_bool("SOURCE_SNAPSHOT_ARCHIVE_ORG", False)
# Suggestions: the check-worthiness model (suggestions/checkworthiness/). Each sentence of an English article that
# scores at or above the threshold becomes a "statement to check"; a figure, comparison or quote the rules find in
# a sentence scored below the rule floor is not shown. Unset, both are the model's own, chosen on the development
# split (its model.json). An empty model path turns the model off (the rules alone run, as for other languages).
SUGGESTION_CHECKWORTHY_MODEL = os.environ.get(
    "SUGGESTION_CHECKWORTHY_MODEL", str(BASE_DIR / "suggestions" / "checkworthiness" / "model")
)
SUGGESTION_CHECKWORTHY_THRESHOLD = (
    float(os.environ["SUGGESTION_CHECKWORTHY_THRESHOLD"])
    if os.environ.get("SUGGESTION_CHECKWORTHY_THRESHOLD")
    else None
)
SUGGESTION_CHECKWORTHY_RULE_FLOOR = (
    float(os.environ["SUGGESTION_CHECKWORTHY_RULE_FLOOR"])
    if os.environ.get("SUGGESTION_CHECKWORTHY_RULE_FLOOR")
    else None
)
# The labelled sentences `train_checkworthiness` and `evaluate_suggestions --dataset` read by default.
CHECKWORTHINESS_DATA = os.environ.get(
    "CHECKWORTHINESS_DATA", str(BASE_DIR.parent / "shared" / "data" / "checkworthiness")
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {"procrastinate": {"level": "INFO"}} if DEBUG else {},
}

# Without collectstatic (local runs, tests) whitenoise serves from the finders and STATIC_ROOT may not exist yet.
warnings.filterwarnings("ignore", message="No directory at")
