"""Static files collected once a session, as production collects them."""

import os

import pytest


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """`collectstatic` as production runs it (WhiteNoise's hashed, compressed files), once a session."""
    import subprocess
    import sys
    from pathlib import Path

    root = tmp_path_factory.mktemp("static")
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DEBUG")}
    env.update(DEBUG="0", SECRET_KEY="collectstatic-only", STATIC_ROOT=str(root),
               DJANGO_SETTINGS_MODULE="config.settings", VAR_DIR=str(tmp_path_factory.mktemp("var")))
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], check=True, env=env,
                   cwd=Path(__file__).resolve().parents[2], timeout=600)
    return root
