"""One-time codes sent by SMS, to prove that whoever types them holds the mobile.

A code is six random digits, good for `CODE_MINUTES` minutes and `MAX_CHECKS` wrong tries; only
its keyed hash (HMAC with the SECRET_KEY) is kept, in the shared cache, under the purpose and the
mobile, so that a code for one purpose never opens another. Sending is throttled per mobile (one a
minute, `MAX_SENDS_PER_MOBILE` an hour: nobody floods a stranger's phone) and per client
(`MAX_SENDS_PER_CLIENT` an hour). A new code replaces the last one.
"""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from core import sms, throttle

CODE_MINUTES = 5
MAX_CHECKS = 5
MAX_SENDS_PER_MOBILE = 5
MAX_SENDS_PER_CLIENT = 10
HOUR = 3600


class CodeRefused(Exception):
    """Why a code was not sent or not accepted, for the buyer."""


def _key(purpose: str, mobile: str) -> str:
    return f"onetime:{purpose}:{mobile}"


def _digest(purpose: str, mobile: str, code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"{purpose}:{mobile}:{code}".encode(), hashlib.sha256).hexdigest()


def send_code(*, purpose: str, mobile: str, client: str) -> None:
    """Send a new code to `mobile`; CodeRefused when throttled or the SMS could not be sent."""
    if throttle.count_try(f"onetime:minute:{mobile}", window=60) > 1:
        raise CodeRefused(_("A code was sent to this number less than a minute ago: wait a moment, then ask again."))
    if (throttle.count_try(f"onetime:mobile:{mobile}", window=HOUR) > MAX_SENDS_PER_MOBILE
            or throttle.count_try(f"onetime:client:{client}", window=HOUR) > MAX_SENDS_PER_CLIENT):
        raise CodeRefused(_("Too many codes were asked for: try again in an hour."))
    code = f"{secrets.randbelow(10**6):06d}"
    cache.set(_key(purpose, mobile), _digest(purpose, mobile, code), CODE_MINUTES * 60)
    if not sms.send(mobile=mobile, kind="code", params={"code": code, "minutes": CODE_MINUTES}):
        cache.delete(_key(purpose, mobile))
        raise CodeRefused(_("The text message could not be sent just now: try again in a few minutes."))


def check_code(*, purpose: str, mobile: str, code: str) -> None:
    """Accept the code (it is used up) or raise CodeRefused. Each try counts before it is answered,
    so that parallel guesses cannot pass `MAX_CHECKS`."""
    key = _key(purpose, mobile)
    digest = cache.get(key)
    if digest is None:
        raise CodeRefused(_("The code has expired or was never sent: ask for a new one."))
    if throttle.count_try(f"{key}:checks:{digest[:12]}", window=CODE_MINUTES * 60) > MAX_CHECKS:
        cache.delete(key)
        raise CodeRefused(_("Wrong code too many times: ask for a new one."))
    code = "".join(ch for ch in (code or "") if ch.isdigit())[:6]
    if not hmac.compare_digest(digest, _digest(purpose, mobile, code)):
        raise CodeRefused(_("That is not the code we sent: check the message and type it again."))
    cache.delete(key)
