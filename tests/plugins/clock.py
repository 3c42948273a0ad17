"""TEST_CLOCK=2026-12-31T23:59:30+08:00 starts every test at that moment (time-machine, the clock
ticking on from there): the suite, or the date-sensitive part of it (`make test-midnights`), run
just before and just after Shanghai's midnight on the last day of a month and of a year. Browser
tests keep the real time: Chromium's own clock cannot be moved with the server's."""

import datetime
import os

import pytest


@pytest.fixture(autouse=True)
def _test_clock(request):
    moment = os.environ.get("TEST_CLOCK")
    if not moment or request.node.get_closest_marker("browser"):
        yield
        return
    import time_machine

    with time_machine.travel(datetime.datetime.fromisoformat(moment), tick=True):
        yield
