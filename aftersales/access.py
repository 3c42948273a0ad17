"""Who decides after-sales claims: staff, or users given the claim permission (customer service)."""

DECIDE_PERMISSION = "aftersales.change_claim"


def can_decide_claims(user, url_name=None, url_args=None, url_kwargs=None) -> bool:
    return user.is_authenticated and (user.is_staff or user.has_perm(DECIDE_PERMISSION))
