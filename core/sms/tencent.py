"""Tencent Cloud SMS (腾讯云短信), through its official SDK (tencentcloud-sdk-python-sms).

Settings: SMS_TENCENT_SECRET_ID and SMS_TENCENT_SECRET_KEY (from the environment), the SDK app
id (SMS_TENCENT_APP_ID), the approved signature (SMS_TENCENT_SIGN, e.g. 林口乡村优品), the
approved template id of each message kind (SMS_TEMPLATES) and the region. SMS_TENCENT_ENDPOINT
and SMS_TENCENT_SCHEME point the client elsewhere (the tests' fake server on loopback).
"""

from django.conf import settings
from tencentcloud.common import credential
from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.sms.v20210111 import models, sms_client

from core import sms


class TencentSmsBackend:
    def __init__(self) -> None:
        http = HttpProfile(endpoint=settings.SMS_TENCENT_ENDPOINT, reqTimeout=10)
        http.scheme = settings.SMS_TENCENT_SCHEME
        self.client = sms_client.SmsClient(
            credential.Credential(settings.SMS_TENCENT_SECRET_ID, settings.SMS_TENCENT_SECRET_KEY),
            settings.SMS_TENCENT_REGION, ClientProfile(httpProfile=http))

    def send(self, message: "sms.Sms") -> None:
        request = models.SendSmsRequest()
        request.SmsSdkAppId = settings.SMS_TENCENT_APP_ID
        request.SignName = settings.SMS_TENCENT_SIGN
        request.TemplateId = settings.SMS_TEMPLATES[message.kind]
        request.TemplateParamSet = list(message.params)
        request.PhoneNumberSet = [f"+86{message.mobile}"]
        try:
            response = self.client.SendSms(request)
        except TencentCloudSDKException as exc:
            raise sms.SmsError(f"{exc.get_code()}: {exc.get_message()}") from exc
        status = (response.SendStatusSet or [None])[0]
        if status is None or status.Code != "Ok":
            raise sms.SmsError(f"{getattr(status, 'Code', 'NoStatus')}: {getattr(status, 'Message', '')}")
