"""`make serve`: the production processes on this machine, DEBUG off — gunicorn (config/gunicorn.conf.py),
a Celery worker and Celery beat — against PostgreSQL (DATABASE_URL) and Redis (REDIS_URL).

Before starting them it creates the database when it does not exist, migrates, collects the static
files for WhiteNoise, and loads the demo county into an empty database (SERVE_DEMO=0: not). A
SECRET_KEY not given is made once and kept in var/secret_key (git-ignored). Ctrl-C stops all three.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/linkou REDIS_URL=redis://127.0.0.1:6379/0 make serve
"""

import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv" / "bin"
DEFAULTS = {
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/linkou",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "BIND": "127.0.0.1:8000",
    "SITE_DOMAIN": "127.0.0.1:8000",
}


def environment() -> dict:
    env = {**os.environ, "DEBUG": "0"}
    for name, value in DEFAULTS.items():
        env.setdefault(name, value)
    if not env.get("SECRET_KEY"):
        keep = ROOT / "var" / "secret_key"
        keep.parent.mkdir(parents=True, exist_ok=True)
        if not keep.exists():
            keep.write_text(secrets.token_urlsafe(50))
            keep.chmod(0o600)
        env["SECRET_KEY"] = keep.read_text().strip()
    return env


def ensure_database(url: str) -> None:
    parts = urlparse(url)
    if not parts.scheme.startswith("postgres"):
        return
    import psycopg

    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl().replace("postgres://", "postgresql://", 1)
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}" ENCODING \'UTF8\' TEMPLATE template0')
            print(f"created database {name}", flush=True)


def manage(env, *args):
    subprocess.run([str(VENV / "python"), "manage.py", *args], cwd=ROOT, env=env, check=True)


def processes(env: dict) -> dict[str, list[str]]:
    """The three processes: the web server, the task worker and the scheduler (Celery's app is
    `config.celery`)."""
    return {
        "web": [str(VENV / "gunicorn"), "-c", "config/gunicorn.conf.py"],
        "worker": [str(VENV / "celery"), "-A", "config", "worker", "--loglevel", "INFO", "-n", "worker@%h",
                   "--concurrency", env.get("WORKER_CONCURRENCY", "2")],
        "scheduler": [str(VENV / "celery"), "-A", "config", "beat", "--loglevel", "INFO"],
    }


def main():
    env = environment()
    ensure_database(env["DATABASE_URL"])
    manage(env, "migrate", "--noinput", "-v", "1")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    if env.get("SERVE_DEMO", "1") == "1":
        empty = subprocess.run([str(VENV / "python"), "manage.py", "shell", "-c",
                                "from oscar.core.loading import get_model; import sys; "
                                "sys.exit(3 if not get_model('catalogue', 'Product').objects.exists() else 0)"],
                               cwd=ROOT, env=env).returncode == 3
        if empty:
            # The demo's year of history runs its tasks in-process, in order: each week's settlements
            # decide the next week's allocations (no broker for this one command).
            manage({**env, "CELERY_BROKER_URL": ""}, "load_demo")
    running = {name: subprocess.Popen(cmd, cwd=ROOT, env=env) for name, cmd in processes(env).items()}
    print(f"serving on http://{env['BIND']}/ (web, worker, scheduler); Ctrl-C stops", flush=True)

    def stop(*_args):
        for process in running.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in running.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        sys.exit(0)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    while True:  # one process ending ends the others: a half-running site is worse than a stopped one
        for name, process in running.items():
            if process.poll() is not None:
                print(f"{name} stopped ({process.returncode}); stopping the others", flush=True)
                stop()
        time.sleep(1)


if __name__ == "__main__":
    main()
