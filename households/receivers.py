"""What the households' own signals set off: a household's warnings are recomputed whenever its
ledger changes (and by the nightly task)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from households.models import IncomeEntry
from households.tasks import recompute_after_commit


@receiver(post_save, sender=IncomeEntry, dispatch_uid="ledger-monitoring")
def ledger_changed(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        recompute_after_commit([instance.household_id])
