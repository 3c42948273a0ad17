import oscar.apps.dashboard.apps as apps


class DashboardConfig(apps.DashboardConfig):
    # Forked so that get_class("dashboard.catalogue.forms", ...) finds shop/dashboard/catalogue/forms.py.
    name = "shop.dashboard"
