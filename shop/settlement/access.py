"""Who sees the money reconciliation: staff allowed to view the platform ledger."""

VIEW_PERMISSION = "settlement.view_platformentry"


def can_view_reconciliation(user, url_name=None, url_args=None, url_kwargs=None) -> bool:
    return user.is_authenticated and user.is_staff and user.has_perm(VIEW_PERMISSION)
