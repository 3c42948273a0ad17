"""Hub clerks (and staff) operate runs and consignments."""

HUB_PERMISSION = "logistics.change_pickuprun"


def can_operate_hub(user, url_name=None, url_args=None, url_kwargs=None):
    return user.is_authenticated and (user.is_staff or user.has_perm(HUB_PERMISSION))
