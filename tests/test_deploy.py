"""Production settings: `check --deploy` reports nothing, secrets come from the environment, and
whitenoise serves the collected static files. Each runs in a subprocess, as a deployment would."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(*args, env=None, **extra):
    base = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "config.settings.production", **(env or {})},
        capture_output=True,
        text=True,
        timeout=300,
        **extra,
    )


@pytest.fixture
def production_env(tmp_path):
    return {
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "sanctions.example.org",
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
    }


def test_check_deploy_reports_no_warnings(production_env):
    result = run("manage.py", "check", "--deploy", "--fail-level", "WARNING", env=production_env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize(
    ("missing", "message"),
    [("DJANGO_SECRET_KEY", "DJANGO_SECRET_KEY"), ("DJANGO_ALLOWED_HOSTS", "DJANGO_ALLOWED_HOSTS")],
)
def test_secrets_and_hosts_are_required_from_the_environment(production_env, missing, message):
    env = {k: v for k, v in production_env.items() if k != missing}
    result = run("manage.py", "check", env=env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr


def test_a_short_secret_is_refused(production_env):
    result = run("manage.py", "check", env={**production_env, "DJANGO_SECRET_KEY": "secret"})
    assert result.returncode != 0 and "at least 50 characters" in result.stderr


def test_production_serves_static_files_redirects_to_https_and_throttles(production_env):
    assert run("manage.py", "collectstatic", "--noinput", "-v0", env=production_env).returncode == 0
    script = """
import django
django.setup()
from django.conf import settings
from django.test import Client
client = Client(SERVER_NAME="sanctions.example.org")
static = client.get("/static/admin/css/base.css", secure=True)
print("static", static.status_code, type(static).__name__)
print("plain", client.get("/api/", secure=False).status_code)
print("debug", settings.DEBUG)
print("throttles", len(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"]))
"""
    result = run("-c", script, env=production_env)
    assert result.returncode == 0, result.stderr
    lines = dict(line.split(" ", 1) for line in result.stdout.splitlines())
    assert lines["static"] == "200 WhiteNoiseFileResponse"
    assert lines["plain"] == "301"  # SECURE_SSL_REDIRECT
    assert lines["debug"] == "False"
    assert int(lines["throttles"]) >= 2
