"""Tencent Cloud SMS switched on against the fake server on loopback (tests/fakes/tencent_sms.py)."""

import pytest


@pytest.fixture(scope="session")
def tencent_sms_server():
    from tests.fakes.tencent_sms import FakeTencentSms

    server = FakeTencentSms().start()
    yield server
    server.stop()


@pytest.fixture
def tencent_sms(tencent_sms_server, settings):
    """The platform's SMS through the real Tencent Cloud SDK, pointed at the fake on loopback."""
    tencent_sms_server.reset()
    settings.SMS_BACKEND = "core.sms.tencent.TencentSmsBackend"
    settings.SMS_TENCENT_SECRET_ID, settings.SMS_TENCENT_SECRET_KEY = "AKIDfake", "fake-secret"
    settings.SMS_TENCENT_APP_ID = "1400000000"
    settings.SMS_TENCENT_ENDPOINT, settings.SMS_TENCENT_SCHEME = tencent_sms_server.endpoint, "http"
    settings.SMS_TEMPLATES = {"code": "100001", "order_placed": "100002"}
    return tencent_sms_server
