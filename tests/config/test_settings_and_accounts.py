"""Production refuses what only a laptop may have: no secret key; ordinary accounts log in."""

import os
import subprocess
import sys

import pytest
from django.contrib.auth import authenticate, get_user_model


def run_settings(env):
    return subprocess.run([sys.executable, "-c", "import config.settings"], env=env, capture_output=True, text=True,
                          cwd=os.path.dirname(os.path.dirname(os.path.dirname(__file__))))


def test_the_site_refuses_to_start_without_a_secret_key_when_debug_is_off():
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    result = run_settings(env)
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr
    assert run_settings({**env, "DEBUG": "1"}).returncode == 0
    assert run_settings({**env, "SECRET_KEY": "x" * 50}).returncode == 0


@pytest.mark.django_db
def test_ordinary_accounts_log_in_with_debug_off(settings):
    get_user_model().objects.create_user("real", "real@example.com", "a-long-test-password")
    settings.DEBUG = False
    assert authenticate(username="real@example.com", password="a-long-test-password") is not None


def test_tests_write_nowhere_near_the_development_data(settings):
    var = str(settings.BASE_DIR / "var")
    assert not str(settings.MEDIA_ROOT).startswith(var)
    assert not str(settings.PRIVATE_MEDIA_ROOT).startswith(var)
    assert not str(settings.DATABASES["default"]["NAME"]).startswith(var)
