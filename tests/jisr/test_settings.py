"""Settings come from the environment; production refuses to start half-configured."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "a" * 20 + "-production-like-secret-key-with-enough-entropy-1234567890",
    "PLATFORM_DOMAIN": "jisr.ma",
    "DATABASE_URL": "postgres://jisr:secret@db.internal:5432/jisr",
    "REDIS_URL": "redis://redis.internal:6379/0",
    "EMAIL_URL": "smtp+tls://jisr:secret@smtp.internal:587",
    "FIELD_ENCRYPTION_KEYS": "1PxfAlW9hZ6QX6-HQ3nZ2Jb6Rb3wS2jF3JvQyQm0dP8=",
    "FIELD_HASH_KEY": "a-production-like-hash-key-0123456789",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {key: value for key, value in os.environ.items() if key not in {*PRODUCTION, "SECURE_SSL_REDIRECT"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True
    )


def test_production_settings_pass_the_deployment_checklist() -> None:
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key() -> None:
    result = manage("check", env={**PRODUCTION, "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_settings_refuse_to_start_without_the_field_encryption_keys() -> None:
    result = manage("check", env={**PRODUCTION, "FIELD_ENCRYPTION_KEYS": ""})
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS" in result.stderr


def test_settings_refuse_to_start_without_a_database_url() -> None:
    result = manage("check", env={**PRODUCTION, "DATABASE_URL": ""})
    assert result.returncode != 0
    assert "DATABASE_URL is not set" in result.stderr


def test_hosts_follow_the_platform_domain() -> None:
    result = manage("shell", "-c", "from django.conf import settings; print(settings.ALLOWED_HOSTS)", env=PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "['jisr.ma', '.jisr.ma']" in result.stdout


def test_a_filemail_url_names_an_absolute_folder_wherever_the_process_runs(tmp_path: Path) -> None:
    """The demo writes its e-mails to var/mail/ (filemail:///.../var/mail), not to a copy of that path under
    the folder a worker happens to run in."""
    folder = tmp_path / "mail"
    code = "from django.conf import settings; print(settings.EMAIL_BACKEND, settings.EMAIL_FILE_PATH)"
    result = manage("shell", "-c", code, env={**PRODUCTION, "EMAIL_URL": f"filemail://{folder}"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == ["django.core.mail.backends.filebased.EmailBackend", str(folder)]
