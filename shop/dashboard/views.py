"""Oscar's dashboard home, forked so that each kind of staff lands on its own tools."""

from django.shortcuts import redirect
from oscar.apps.dashboard.views import IndexView as OscarIndexView

from logistics.dashboard.access import can_operate_hub
from shop.station.access import can_work_the_station


class IndexView(OscarIndexView):
    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if self.request.user.is_staff:
            from django_celery_results.models import TaskResult

            # Background tasks that failed their last try (kept by the task queue's result store).
            ctx["failed_tasks"] = TaskResult.objects.filter(status="FAILURE").count()
        return ctx

    def get(self, request, *args, **kwargs):
        # The hub clerk's home is the hub screen (today's buses, parcels waiting, late, for the post);
        # a village coordinator's the station (what to pack, stock, supply, sales), phone first.
        if not request.user.is_staff and can_operate_hub(request.user):
            return redirect("logistics-dashboard:hub")
        if not request.user.is_staff and can_work_the_station(request.user):
            return redirect("station:home")
        return super().get(request, *args, **kwargs)
