"""Text messages to mainland mobiles, through a pluggable backend chosen as Django chooses its
e-mail backend: `SMS_BACKEND` names a class (the console by default, `core.sms.backends.LocmemBackend`
in tests, `core.sms.tencent.TencentSmsBackend` in production).

A message is a kind (`MESSAGES`) with its parameters: providers in China send only templates
they approved, so the platform never sends free text — the console and the tests render the same
Chinese wording the provider's template holds. Sending never raises: a provider that is down or
refuses is logged and `send()` answers False, so the caller can say "try again later" or go on
without the message.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

# kind: (the template's wording with {0}, {1}… for the parameters, the parameters' names). The
# provider's approved templates say the same; settings.SMS_TEMPLATES gives their ids.
MESSAGES = {
    "code": ("您的验证码是{0}，{1}分钟内有效。如非本人操作，请忽略。", ("code", "minutes")),
    "order_placed": ("您的订单{0}已提交，可凭订单号和手机号查询物流。", ("number",)),
}

outbox: list["Sms"] = []  # what the locmem backend sent (tests empty it)


@dataclass(frozen=True)
class Sms:
    mobile: str  # 11 digits, mainland
    kind: str
    params: tuple[str, ...]

    @property
    def text(self) -> str:
        return MESSAGES[self.kind][0].format(*self.params)


class SmsError(Exception):
    """The provider refused the message or could not be reached."""


def send(*, mobile: str, kind: str, params: dict[str, object]) -> bool:
    """Send one message of `kind`; True when the backend took it, False (logged) when not."""
    names = MESSAGES[kind][1]
    sms = Sms(mobile=mobile, kind=kind, params=tuple(str(params[name]) for name in names))
    try:
        import_string(settings.SMS_BACKEND)().send(sms)
    except SmsError as exc:
        logger.warning("sms.refused", extra={"kind": kind, "reason": str(exc)})
        return False
    except Exception:  # a backend must never break the page that sends
        logger.exception("sms.failed", extra={"kind": kind})
        return False
    logger.info("sms.sent", extra={"kind": kind})
    return True
