from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class HouseholdsConfig(AppConfig):
    name = "households"
    verbose_name = _("Households and income")

    def ready(self):
        from households import checks  # noqa: F401 (registers the system checks)
        from households.models import IncomeEntry

        post_save.connect(_ledger_changed, sender=IncomeEntry, dispatch_uid="ledger-monitoring")


def _ledger_changed(sender, instance, created, raw=False, **kwargs):
    # Warnings are recomputed whenever the ledger changes (and by the periodic command).
    if created and not raw:
        from households.monitoring import recompute_after_commit

        recompute_after_commit([instance.household_id])
