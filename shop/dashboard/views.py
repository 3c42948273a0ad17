"""Oscar's dashboard home, forked so that each kind of staff lands on its own tools."""

from django.conf import settings
from django.shortcuts import redirect
from django.utils.module_loading import import_string
from django_celery_results.models import TaskResult
from oscar.apps.dashboard.views import IndexView as OscarIndexView


def home_of(user) -> str | None:
    """The URL name of the page a user who is not staff starts from (settings.DASHBOARD_HOMES: the
    project names the apps' access rules, so the dashboard imports none of the apps above it)."""
    for rule, url_name in getattr(settings, "DASHBOARD_HOMES", ()):
        if import_string(rule)(user):
            return url_name
    return None


class IndexView(OscarIndexView):
    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if self.request.user.is_staff:
            # Background tasks that failed their last try (kept by the task queue's result store).
            ctx["failed_tasks"] = TaskResult.objects.filter(status="FAILURE").count()
        return ctx

    def get(self, request, *args, **kwargs):
        if not request.user.is_staff:
            home = home_of(request.user)
            if home:
                return redirect(home)
        return super().get(request, *args, **kwargs)
