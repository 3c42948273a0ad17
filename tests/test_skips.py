"""The suite's own rule on skips (tests/plugins/outcomes.py): only a PostgreSQL-only test may be
skipped, only on SQLite, and CI's PostgreSQL pass fails on any skip, marked or not."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASES = '''
import pytest

@pytest.mark.postgres
@pytest.mark.skipif(True, reason="needs PostgreSQL")
def test_postgres_only():
    pass

@pytest.mark.skipif(True, reason="a vendor library is missing")
def test_unmarked_skip():
    pass

def test_runs():
    pass
'''


def run_cases(tmp_path, **env) -> subprocess.CompletedProcess:
    (tmp_path / "test_cases.py").write_text(CASES)
    environment = {k: v for k, v in os.environ.items() if k != "REQUIRE_POSTGRES"} | env
    environment["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "tests.plugins.outcomes", "-p", "no:django", "-p", "no:randomly",
         "-p", "no:cacheprovider", "-c", os.devnull, "-q", "-rA", str(tmp_path / "test_cases.py")],
        cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=120)


def test_on_sqlite_only_the_postgres_only_test_may_be_skipped_and_is_named(tmp_path):
    out = run_cases(tmp_path).stdout
    assert "PASSED test_cases.py::test_runs" in out
    assert "SKIPPED [1] test_cases.py" in out and "needs PostgreSQL" in out
    assert re.search(r"(FAILED|ERROR) test_cases.py::test_unmarked_skip", out)  # a skip at set-up fails as an error
    assert "1 PostgreSQL-only tests skipped on SQLite" in out and "test_cases.py" in out


def test_under_require_postgres_every_skip_fails(tmp_path):
    out = run_cases(tmp_path, REQUIRE_POSTGRES="1").stdout
    assert re.search(r"(FAILED|ERROR) test_cases.py::test_postgres_only", out)  # a skip at set-up fails as an error
    assert re.search(r"(FAILED|ERROR) test_cases.py::test_unmarked_skip", out)  # a skip at set-up fails as an error
    assert "PASSED test_cases.py::test_runs" in out
