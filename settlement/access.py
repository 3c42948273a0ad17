"""Who sees the money reconciliation: staff allowed to view the platform ledger."""
from typing import Any

VIEW_PERMISSION = "settlement.view_platformentry"


def can_view_reconciliation(user: Any, url_name: str | None = None, url_args: Any = None,
                            url_kwargs: Any = None) -> bool:
    return user.is_authenticated and user.is_staff and user.has_perm(VIEW_PERMISSION)
