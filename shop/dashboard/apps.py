import oscar.apps.dashboard.apps as apps


class DashboardConfig(apps.DashboardConfig):
    # Forked so that get_class("dashboard.catalogue.forms", ...) finds shop/dashboard/catalogue/forms.py
    # (and "dashboard.tables" finds shop/dashboard/tables.py).
    name = "shop.dashboard"

    def ready(self):
        super().ready()
        from shop.dashboard import receivers  # noqa: F401 (cleans HTML edited in the dashboard)
