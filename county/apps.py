from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CountyConfig(AppConfig):
    """The branch, town and county offices' view: roll-ups, drill-down and the monthly report."""

    name = "county"
    label = "county"
    verbose_name = _("County office")
