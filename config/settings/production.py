"""Production: DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS must come from the environment; DEBUG is off;
HTTPS only (redirect, HSTS, secure cookies); static files served by whitenoise; rate limits on (base).

    DJANGO_SETTINGS_MODULE=config.settings.production manage.py check --deploy

reports no warnings. Behind a proxy that terminates TLS, set DJANGO_SECURE_PROXY_SSL_HEADER=true so
that requests it forwarded over HTTPS are recognised as secure.
"""

import os

from django.core.exceptions import ImproperlyConfigured

os.environ["DJANGO_DEBUG"] = "false"

from config.settings.base import *  # noqa: E402,F403
from config.settings.base import MIDDLEWARE, env, env_bool  # noqa: E402

if not ALLOWED_HOSTS:  # noqa: F405
    raise ImproperlyConfigured("Set DJANGO_ALLOWED_HOSTS (comma-separated host names) for production.")
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:  # noqa: F405
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be a long random string (at least 50 characters).")

DEBUG = False

# Static files: collected by `manage.py collectstatic` into STATIC_ROOT, served compressed and cached.
STATIC_ROOT = env("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles"))  # noqa: F405
MIDDLEWARE = [MIDDLEWARE[0], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[1:]]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(env("DJANGO_SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = [f"https://{host.lstrip('.')}" for host in ALLOWED_HOSTS if host != "*"]  # noqa: F405
if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}
