"""Jahesh settings: one module, driven by the environment.

Every knob is an environment variable parsed strictly: a typo in a boolean or a
number stops the process with a message instead of silently falling back.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0/true/false/yes/no/on/off, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


JAHESH_HOME = Path(os.environ.get("JAHESH_HOME") or Path.cwd() / ".jahesh").resolve()

DEBUG = env_bool("JAHESH_DEBUG", False)
SECRET_KEY = os.environ.get("JAHESH_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and env_bool("JAHESH_REQUIRE_SECRET", False):
        raise ImproperlyConfigured("JAHESH_SECRET_KEY must be set in production")
    # A development key; `jahesh check --deploy` flags it, production sets JAHESH_SECRET_KEY.
    SECRET_KEY = "django-insecure-jahesh-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("JAHESH_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("JAHESH_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "jahesh.core",
    "jahesh.registry",
    "jahesh.cases",
    "jahesh.api",
    "jahesh.trade",
    "jahesh.meetings",
    "jahesh.loans",
    "jahesh.revival",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "jahesh.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "jahesh.urls"
WSGI_APPLICATION = "jahesh.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jahesh.core.context_processors.jahesh",
            ],
            "builtins": ["jahesh.core.templatetags.jahesh", "jahesh.registry.templatetags.registry"],
        },
    }
]

_default_db = f"sqlite:///{JAHESH_HOME / 'jahesh.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL") or _default_db, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "fa"
LANGUAGES = [("fa", "فارسی"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = os.environ.get("JAHESH_TIME_ZONE", "Asia/Tehran")
USE_TZ = True
LANGUAGE_COOKIE_NAME = "jahesh_language"

STATIC_URL = "/static/"
STATIC_ROOT = JAHESH_HOME / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Vendored assets are served by Django itself unless a reverse proxy takes over /static/.
JAHESH_SERVE_STATIC = env_bool("JAHESH_SERVE_STATIC", True)
MEDIA_ROOT = JAHESH_HOME / "media"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("JAHESH_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("JAHESH_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
JAHESH_MAX_ATTACHMENT_BYTES = env_int("JAHESH_MAX_ATTACHMENT_BYTES", 10 * 1024 * 1024)  # evidence, documents
JAHESH_MAX_IMPORT_BYTES = env_int("JAHESH_MAX_IMPORT_BYTES", 50 * 1024 * 1024)  # largest upload to /imports/

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("JAHESH_LOG_LEVEL", "WARNING")},
}

# Rows per page on every list.
JAHESH_PAGE_SIZE = env_int("JAHESH_PAGE_SIZE", 50)

# E-mail: notifications go out by mail only when a server is configured (JAHESH_EMAIL_HOST); the in-app list
# and badge work without one. JAHESH_BASE_URL makes the links in the mails absolute.
EMAIL_HOST = os.environ.get("JAHESH_EMAIL_HOST", "")
EMAIL_PORT = env_int("JAHESH_EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("JAHESH_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("JAHESH_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("JAHESH_EMAIL_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("JAHESH_EMAIL_FROM", "jahesh@localhost")
JAHESH_EMAIL_NOTIFICATIONS = env_bool("JAHESH_EMAIL_NOTIFICATIONS", bool(EMAIL_HOST))
JAHESH_BASE_URL = os.environ.get("JAHESH_BASE_URL", "")
