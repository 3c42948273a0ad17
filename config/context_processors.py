from django.utils.functional import SimpleLazyObject
from oscar.core.loading import get_model

from households.access import roles_of

Notification = get_model("communication", "Notification")


def notifications(request):
    """Oscar's unread-notification count, counted only on pages that show it (Oscar's own
    processor counts on every page, the workbench's and the dashboard's included)."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {}
    return {"num_unread_notifications": SimpleLazyObject(
        lambda: Notification.objects.filter(recipient=user, date_read=None).count())}


def workbench(request):
    """Whether the signed-in user has the cadre's and the leaders' pages, for the shop's menu:
    one query, made only on pages that show the menu."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {}

    def roles():
        found = roles_of(user)
        return {"cadre": found.cadre is not None, "rollup": found.scope is not None}

    return {"workbench_roles": SimpleLazyObject(roles)}
