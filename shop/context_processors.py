from django.utils.functional import SimpleLazyObject
from oscar.core.loading import get_model

Notification = get_model("communication", "Notification")


def notifications(request):
    """Oscar's unread-notification count, counted only on pages that show it (Oscar's own
    processor counts on every page, the workbench's and the dashboard's included)."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {}
    return {"num_unread_notifications": SimpleLazyObject(
        lambda: Notification.objects.filter(recipient=user, date_read=None).count())}
