"""Tugi settings: one module, driven by the environment.

TUGI_ENV selects the mode: ``development`` (default), ``test`` or ``production``. Production refuses
to start with unsafe settings (see ``_refuse_unsafe_production``). DATABASE_URL selects the database;
without it the project-local embedded PostgreSQL under ``var/`` is started.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent  # src/tugi
PROJECT_ROOT = BASE_DIR.parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw else default


def env_list(name: str) -> list[str]:
    return [item.strip() for item in env(name).split(",") if item.strip()]


TUGI_ENV = env("TUGI_ENV", "development")
if TUGI_ENV not in {"development", "test", "production"}:
    raise ImproperlyConfigured(f"TUGI_ENV must be development, test or production, not {TUGI_ENV!r}")
PRODUCTION = TUGI_ENV == "production"

INSECURE_DEV_KEY = "django-insecure-tugi-development-key-never-use-in-production"
SECRET_KEY = env("TUGI_SECRET_KEY", "" if PRODUCTION else INSECURE_DEV_KEY)
DEBUG = env_bool("TUGI_DEBUG", TUGI_ENV == "development")
ALLOWED_HOSTS = env_list("TUGI_ALLOWED_HOSTS") or ([] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("TUGI_CSRF_TRUSTED_ORIGINS")

# Demo mode: demo accounts (flagged is_demo) may log in without a second factor. Never in production.
TUGI_DEMO = env_bool("TUGI_DEMO", not PRODUCTION)
TUGI_DEMO_PASSWORD = "tugi-demo-2026"  # noqa: S105  (public by design; deploy check E002 refuses it)
TUGI_MFA_REQUIRED = env_bool("TUGI_MFA_REQUIRED", True)

INSTALLED_APPS = [
    "tugi.core",
    "tugi.accounts",
    "tugi.access",
    "tugi.audit",
    "tugi.notifications",
    "tugi.clients",
    "tugi.cases",
    "tugi.assessments",
    "tugi.shelters",
    "tugi.psychhelp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_countries",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "axes",
    "pgtrigger",
    "pghistory",
    "procrastinate.contrib.django",
    "django_htmx",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tugi.core.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After MessageMiddleware: the time-limit notice is a message on the redirect it answers with.
    "tugi.core.middleware.SessionLimitsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "tugi.audit.context.AuditContextMiddleware",
    "tugi.core.middleware.MfaRequiredMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "pghistory.middleware.HistoryMiddleware",
]

if PRODUCTION:
    # Static files from the app server itself (behind the proxy); development uses runserver's.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "tugi.config.urls"
WSGI_APPLICATION = "tugi.config.wsgi.application"
ASGI_APPLICATION = "tugi.config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tugi.core.context_processors.shell",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
if env("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(env("DATABASE_URL"), conn_max_age=60)}
elif PRODUCTION:
    raise ImproperlyConfigured("Production needs DATABASE_URL; the embedded PostgreSQL is for development.")
elif env_bool("TUGI_NO_DATABASE", False):
    # Tools that load the settings but never connect (mypy's Django plugin, which exits without
    # running cleanup handlers) must not start the embedded server and leave it running.
    DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "tugi"}}
else:
    from tugi.core.embedded_db import database_settings

    DATABASES = {"default": database_settings()}  # type: ignore[dict-item]
DATABASES["default"].setdefault("TEST", {})["NAME"] = env("TUGI_TEST_DATABASE", "test_tugi")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": {
        # In the database so every app server behind a load balancer sees the same rate limits.
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "tugi_cache",
    }
}

# --- Accounts, login, MFA, lock-out ------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TUGI_ENV == "test":
    # Fast hashing keeps the suite quick; production keeps Django's PBKDF2 default.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_ADAPTER = "tugi.accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
MFA_ADAPTER = "tugi.accounts.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "Tugi"
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not PRODUCTION

# django-axes owns the per-account lock (its page says how long); allauth's own login limit stays a
# looser backstop against floods, so a locked person always sees the same, translated lock page.
ACCOUNT_RATE_LIMITS = {"login_failed": "30/m/ip,20/15m/key"}
AXES_FAILURE_LIMIT = env_int("TUGI_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("TUGI_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_USERNAME_FORM_FIELD = "login"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Lock by account, not by address: many counsellors share one office address, and one person's typos
# must not lock out the whole team at night. Address-level limits belong to the reverse proxy.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Sessions live in the database (stateless app servers). Idle timeout: the cookie age, renewed on
# every request; absolute limit: enforced by SessionLimitsMiddleware from the login time.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
TUGI_SESSION_IDLE_SECONDS = env_int("TUGI_SESSION_IDLE_SECONDS", 30 * 60)
TUGI_SESSION_ABSOLUTE_SECONDS = env_int("TUGI_SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60)
SESSION_COOKIE_AGE = TUGI_SESSION_IDLE_SECONDS
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Emergency access ("break the glass") lasts this long before a new reason is needed.
TUGI_EMERGENCY_ACCESS_HOURS = env_int("TUGI_EMERGENCY_ACCESS_HOURS", 8)

# Cases. A presumed trafficking victim outside criminal proceedings gets services for this many days
# (60 at the time of writing: verify against the Victim Support Act), with warnings this many days before.
TUGI_PRESUMED_SERVICE_DAYS = env_int("TUGI_PRESUMED_SERVICE_DAYS", 60)
TUGI_SERVICE_PERIOD_WARNING_DAYS = env_int("TUGI_SERVICE_PERIOD_WARNING_DAYS", 10)
TUGI_REFLECTION_WARNING_DAYS = env_int("TUGI_REFLECTION_WARNING_DAYS", 7)

# --- Security headers -------------------------------------------------------------------------
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("TUGI_SSL_REDIRECT", True)
    if env("TUGI_PROXY_SSL_HEADER"):
        SECURE_PROXY_SSL_HEADER = (env("TUGI_PROXY_SSL_HEADER"), "https")
    SECURE_HSTS_SECONDS = env_int("TUGI_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# --- Languages and time ---------------------------------------------------------------------------
LANGUAGE_CODE = "et"
LANGUAGES = [("et", _("Estonian")), ("en", _("English")), ("ru", _("Russian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Tallinn"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["tugi.config.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = PROJECT_ROOT / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

MAILERS = {
    "default": {
        "BACKEND": env("TUGI_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"),
        "OPTIONS": (
            {"host": env("TUGI_EMAIL_HOST", "localhost"), "port": env_int("TUGI_EMAIL_PORT", 25), "use_tls": True}
            if env("TUGI_EMAIL_HOST")
            else {}
        ),
    }
}
DEFAULT_FROM_EMAIL = env("TUGI_FROM_EMAIL", "tugi@localhost")


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("TUGI_LOG_LEVEL", "WARNING")},
}


def _refuse_unsafe_production() -> None:
    """Production must not start with development defaults; each message names the fix."""
    problems = []
    if DEBUG:
        problems.append("TUGI_DEBUG is on")
    if len(SECRET_KEY) < 50 or "insecure" in SECRET_KEY:
        problems.append("TUGI_SECRET_KEY is missing or weak (50+ random characters)")
    if not ALLOWED_HOSTS:
        problems.append("TUGI_ALLOWED_HOSTS is empty")
    if not CSRF_TRUSTED_ORIGINS or any(not o.startswith("https://") for o in CSRF_TRUSTED_ORIGINS):
        problems.append("TUGI_CSRF_TRUSTED_ORIGINS must list the https:// origins of the site")
    if not SECURE_SSL_REDIRECT and not env("TUGI_PROXY_SSL_HEADER"):
        problems.append("HTTPS: keep TUGI_SSL_REDIRECT on or set TUGI_PROXY_SSL_HEADER for the proxy")
    if TUGI_DEMO:
        problems.append("TUGI_DEMO is on")
    if not TUGI_MFA_REQUIRED:
        problems.append("TUGI_MFA_REQUIRED is off")
    if problems:
        raise ImproperlyConfigured("Refusing to start in production: " + "; ".join(problems))


if PRODUCTION:
    _refuse_unsafe_production()
