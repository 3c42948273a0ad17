"""`make test-midnights` runs the date-sensitive tests just before and after Shanghai's midnight at
the end of a month and of a year: the moments it picks, and that TEST_CLOCK moves every test there."""

import datetime
import os
import subprocess
import sys
from pathlib import Path

from tests.helpers import load_tool

ROOT = Path(__file__).resolve().parents[1]


def midnights_tool():
    return load_tool("midnights")


def test_the_moments_are_30_seconds_either_side_of_the_months_and_the_years_end():
    moments = [m.isoformat() for m in midnights_tool().midnights(datetime.date(2026, 11, 15))]
    assert moments == ["2026-11-30T23:59:30+08:00", "2026-12-01T00:00:30+08:00",
                       "2026-12-31T23:59:30+08:00", "2027-01-01T00:00:30+08:00"]
    # In December the month's end is the year's.
    assert len(midnights_tool().midnights(datetime.date(2026, 12, 7))) == 2


def test_test_clock_starts_each_test_at_that_moment(tmp_path):
    probe = ROOT / "tests" / f"test_probe_{os.getpid()}.py"
    probe.write_text("def test_probe(today, now):\n"
                     "    assert (str(today), now.isoformat()[:16]) == ('2026-12-31', '2026-12-31T15:59')\n")
    try:
        result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "-p", "no:cacheprovider",
                                 str(probe)], cwd=ROOT, env={**os.environ, "TEST_CLOCK": "2026-12-31T23:59:30+08:00"},
                                capture_output=True, text=True, timeout=300)
    finally:
        probe.unlink()
    assert result.returncode == 0, result.stdout[-2000:]
