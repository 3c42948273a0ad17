from oscar.apps.checkout.utils import *  # noqa: F403 (Oscar fork pattern)
from oscar.apps.checkout.utils import CheckoutSessionData as OscarCheckoutSessionData


class CheckoutSessionData(OscarCheckoutSessionData):
    """Oscar's checkout session, plus the guest's mobile number: guests check out by phone."""

    def set_guest_mobile(self, mobile: str) -> None:
        self._set("guest", "mobile", mobile)

    def get_guest_mobile(self) -> str | None:
        return self._get("guest", "mobile")
