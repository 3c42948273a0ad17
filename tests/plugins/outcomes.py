"""Skips that must not pass: a browser test, or a PostgreSQL-only test in CI's PostgreSQL pass."""

import os

import pytest


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI's PostgreSQL pass (REQUIRE_POSTGRES=1) a skipped PostgreSQL-only test is a failure."""
    outcome = yield
    report = outcome.get_result()
    if item.get_closest_marker("browser") and report.skipped:
        report.outcome = "failed"
        report.longrepr = "A browser test was skipped: install chromium and fonts-noto-cjk (make test does)"
    elif os.environ.get("REQUIRE_POSTGRES") and item.get_closest_marker("postgres") and report.skipped:
        report.outcome = "failed"
        report.longrepr = "REQUIRE_POSTGRES is set, but this PostgreSQL-only test was skipped"
