"""Skips that must not pass. The only test that may be skipped is a PostgreSQL-only one (marked
`postgres`) on SQLite; in CI's PostgreSQL pass (REQUIRE_POSTGRES=1) nothing may be skipped, marked
or not; a browser test is never skipped. The SQLite pass ends by naming what it skipped."""

import os

import pytest


def refusal(item, report) -> str | None:
    """Why this skip is a failure, or None when it may pass."""
    if not report.skipped or hasattr(report, "wasxfail"):
        return None
    if item.get_closest_marker("browser"):
        return "A browser test was skipped: install chromium and fonts-noto-cjk (make test does)"
    if os.environ.get("REQUIRE_POSTGRES"):
        return "REQUIRE_POSTGRES is set, but this test was skipped (no test may be, on PostgreSQL)"
    if not item.get_closest_marker("postgres"):
        return "Only a PostgreSQL-only test (marked postgres) may be skipped, and only on SQLite"
    return None


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    reason = refusal(item, report)
    if reason:
        report.outcome = "failed"
        report.longrepr = f"{reason}: {report.longrepr}"


def pytest_terminal_summary(terminalreporter):
    skipped = terminalreporter.stats.get("skipped", [])
    if skipped:
        terminalreporter.write_line(
            f"{len(skipped)} PostgreSQL-only tests skipped on SQLite (CI runs them on PostgreSQL): "
            + ", ".join(sorted({report.nodeid.split("::")[0] for report in skipped})))
