"""Text messages go out through the configured backend; the Tencent Cloud adapter speaks the real
SDK to a fake API on loopback; a provider that refuses or is down never breaks the caller."""

import pytest

from core import sms


def test_the_locmem_backend_keeps_the_rendered_chinese_message(sms_outbox):
    assert sms.send(mobile="13945100001", kind="code", params={"code": "042917", "minutes": 5})
    assert [m.text for m in sms_outbox] == ["您的验证码是042917，5分钟内有效。如非本人操作，请忽略。"]


def test_the_console_backend_prints_it(settings, capsys):
    settings.SMS_BACKEND = "core.sms.backends.ConsoleBackend"
    assert sms.send(mobile="13945100001", kind="order_placed", params={"number": "100023"})
    assert "SMS to 13945100001: 您的订单100023已提交" in capsys.readouterr().out


def test_a_provider_that_is_down_answers_false_and_raises_nothing(settings):
    settings.SMS_BACKEND = "core.sms.backends.DownBackend"
    assert sms.send(mobile="13945100001", kind="code", params={"code": "1", "minutes": 5}) is False


def test_tencent_cloud_gets_a_signed_sendsms_with_the_template_and_its_parameters(tencent_sms):
    assert sms.send(mobile="13945100001", kind="code", params={"code": "042917", "minutes": 5})
    [request] = tencent_sms.sent
    assert request["headers"]["X-TC-Version"] == "2021-01-11"
    assert request["body"]["PhoneNumberSet"] == ["+8613945100001"]
    assert request["body"]["TemplateId"] == "100001" and request["body"]["TemplateParamSet"] == ["042917", "5"]
    assert request["body"]["SmsSdkAppId"] == "1400000000" and request["body"]["SignName"] == "林口乡村优品"


@pytest.mark.parametrize("how", ["refuse", "fail"])
def test_tencent_cloud_refusing_the_number_or_the_request_answers_false(tencent_sms, how):
    setattr(tencent_sms, how, "LimitExceeded.PhoneNumberDailyLimit")
    assert sms.send(mobile="13945100001", kind="code", params={"code": "042917", "minutes": 5}) is False


def test_tencent_cloud_unreachable_answers_false(tencent_sms, settings):
    settings.SMS_TENCENT_ENDPOINT = "127.0.0.1:9"  # nothing listens on the discard port
    assert sms.send(mobile="13945100001", kind="code", params={"code": "042917", "minutes": 5}) is False
