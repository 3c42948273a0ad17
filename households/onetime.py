"""One-time codes sent by SMS, to prove that whoever types them holds the mobile.

A code is six random digits, good for `CODE_MINUTES` minutes and `MAX_CHECKS` tries; only its
keyed hash (HMAC with the SECRET_KEY, over the purpose, the mobile and the code) is kept, as a
`OneTimeCode` row, so that a code for one purpose never opens another. The rows live in the
database, not the cache: with Redis away a guest still gets and uses a code, and every try is
still counted (atomically, before it is answered, so parallel guesses cannot pass the limit).
Sending is throttled by the rows themselves: per mobile one a minute and `MAX_SENDS_PER_MOBILE` an
hour (nobody floods a stranger's phone), per client `MAX_SENDS_PER_CLIENT` an hour. A new code
replaces the last one. Rows older than a day are deleted by `purge_codes`.
"""

import datetime
import hashlib
import hmac
import secrets

from django.conf import settings
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core import sms
from households.models import OneTimeCode

CODE_MINUTES = 5
MAX_CHECKS = 5
MAX_SENDS_PER_MOBILE = 5
MAX_SENDS_PER_CLIENT = 10
HOUR = datetime.timedelta(hours=1)
KEPT = datetime.timedelta(days=1)


class CodeRefused(Exception):
    """Why a code was not sent or not accepted, for the buyer."""


def _digest(purpose: str, mobile: str, code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"{purpose}:{mobile}:{code}".encode(), hashlib.sha256).hexdigest()


def send_code(*, purpose: str, mobile: str, client: str) -> None:
    """Send a new code to `mobile`; CodeRefused when throttled or the SMS could not be sent."""
    now = timezone.now()
    sent = OneTimeCode.objects.filter(sent_at__gte=now - HOUR)
    if sent.filter(mobile=mobile, sent_at__gte=now - datetime.timedelta(minutes=1)).exists():
        raise CodeRefused(_("A code was sent to this number less than a minute ago: wait a moment, then ask again."))
    if (sent.filter(mobile=mobile).count() >= MAX_SENDS_PER_MOBILE
            or sent.filter(client=client[:64]).count() >= MAX_SENDS_PER_CLIENT):
        raise CodeRefused(_("Too many codes were asked for: try again in an hour."))
    code = f"{secrets.randbelow(10**6):06d}"
    OneTimeCode.objects.filter(purpose=purpose, mobile=mobile, used_at__isnull=True, expires_at__gt=now).update(
        expires_at=now)
    row = OneTimeCode.objects.create(purpose=purpose, mobile=mobile, client=client[:64],
                                     digest=_digest(purpose, mobile, code), sent_at=now,
                                     expires_at=now + datetime.timedelta(minutes=CODE_MINUTES))
    if not sms.send(mobile=mobile, kind="code", params={"code": code, "minutes": CODE_MINUTES}):
        OneTimeCode.objects.filter(pk=row.pk).update(expires_at=now)  # still counts against the limits
        raise CodeRefused(_("The text message could not be sent just now: try again in a few minutes."))


def check_code(*, purpose: str, mobile: str, code: str) -> None:
    """Accept the code (it is used up) or raise CodeRefused."""
    now = timezone.now()
    row = (OneTimeCode.objects.filter(purpose=purpose, mobile=mobile, used_at__isnull=True, expires_at__gt=now)
           .order_by("-sent_at", "-pk").first())
    if row is None:
        raise CodeRefused(_("The code has expired or was never sent: ask for a new one."))
    # The try is counted before it is answered, in one UPDATE: parallel guesses share the limit.
    if not OneTimeCode.objects.filter(pk=row.pk, checks__lt=MAX_CHECKS).update(checks=F("checks") + 1):
        OneTimeCode.objects.filter(pk=row.pk).update(expires_at=now)
        raise CodeRefused(_("Wrong code too many times: ask for a new one."))
    code = "".join(ch for ch in (code or "") if ch.isdigit())[:6]
    if not hmac.compare_digest(row.digest, _digest(purpose, mobile, code)):
        raise CodeRefused(_("That is not the code we sent: check the message and type it again."))
    if not OneTimeCode.objects.filter(pk=row.pk, used_at__isnull=True).update(used_at=now):
        raise CodeRefused(_("The code has expired or was never sent: ask for a new one."))


def purge_codes(*, before: datetime.datetime | None = None) -> int:
    """Delete the codes sent more than a day ago (or before `before`); returns how many."""
    deleted, _by_model = OneTimeCode.objects.filter(sent_at__lt=before or timezone.now() - KEPT).delete()
    return deleted


__all__ = ["CodeRefused", "check_code", "purge_codes", "send_code"]
