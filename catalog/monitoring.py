"""The catalogue's part of household monitoring: a household that sells through the station
but has brought no supply for weeks (a rule registered with households.monitoring on import, by
the catalogue's receivers)."""

import datetime
from collections.abc import Iterable

from django.db.models import Max, QuerySet

from catalog.models import SupplyLot
from households.models import IncomeWarning
from households.monitoring import Finding, register_rule

NO_SUPPLY_DAYS = 60
# A household counts as selling while it has supplied within this many days.
SELLING_WITHIN_DAYS = 365


@register_rule
def no_supply_rule(households: QuerySet, *, today: datetime.date) -> Iterable[Finding]:
    rows = (SupplyLot.objects.filter(household__in=households, supplied_on__lte=today)
            .values("household").annotate(last=Max("supplied_on"))
            .filter(last__gt=today - datetime.timedelta(days=SELLING_WITHIN_DAYS),
                    last__lte=today - datetime.timedelta(days=NO_SUPPLY_DAYS))
            .order_by())
    for row in rows:
        yield Finding(row["household"], IncomeWarning.Kind.NO_SUPPLY, f"since-{row['last']:%Y-%m-%d}", {
            "last": row["last"].isoformat(), "days": (today - row["last"]).days})
