"""The customer app's forms, forked for the password reset: resets are throttled per address and
per client, and the mail's link names the site's real domain (SITE_DOMAIN, kept in the Sites row).

A reset request past its limit sends nothing and is logged; the page after it says what it
always says (a mail was sent if the address has an account), so the limit tells a stranger
nothing about which addresses have accounts.
"""

import logging
from typing import Any

from oscar.apps.customer import forms as oscar_forms
from oscar.apps.customer.forms import *  # noqa: F403 (Oscar fork pattern: the other forms unchanged)

from core import throttle
from core.http import client_bucket

logger = logging.getLogger(__name__)

RESETS_PER_ADDRESS = 3
RESETS_PER_CLIENT = 10
WINDOW_SECONDS = 3600


class PasswordResetForm(oscar_forms.PasswordResetForm):
    def save(self, *args: Any, domain_override: str | None = None, request: Any = None, **kwargs: Any) -> None:
        email = self.cleaned_data["email"].strip().lower()
        per_address = throttle.count_try(f"password-reset:address:{email}", window=WINDOW_SECONDS)
        per_client = throttle.count_try(f"password-reset:client:{client_bucket(request)}", window=WINDOW_SECONDS) \
            if request is not None else 0
        if per_address > RESETS_PER_ADDRESS or per_client > RESETS_PER_CLIENT:
            logger.warning("password_reset.throttled", extra={"per_address": per_address, "per_client": per_client})
            return
        super().save(*args, domain_override=domain_override, request=request, **kwargs)
