"""Oscar's dashboard home, forked so that each kind of staff lands on its own tools."""

from django.shortcuts import redirect
from oscar.apps.dashboard.views import IndexView as OscarIndexView

from logistics.dashboard.access import can_operate_hub


class IndexView(OscarIndexView):
    def get(self, request, *args, **kwargs):
        # The hub clerk's home is the hub screen (today's buses, parcels waiting, late, for the post).
        if not request.user.is_staff and can_operate_hub(request.user):
            return redirect("logistics-dashboard:hub")
        return super().get(request, *args, **kwargs)
