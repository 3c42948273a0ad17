"""Proving a backup: what a restored database must still say about the households' money.

`fingerprint()` is taken from the live database when the backup is made (`manage.py
ledger_fingerprint`, next to the dump); `verify()` runs on the restored copy (`manage.py
verify_restore --expect fingerprint.json`) and lists every difference and broken rule:

- the income ledger's sums and number of entries per household and year, and the platform's per
  account, equal the fingerprint's, to the fen (an entry lost or changed shows);
- every reference is unique (the ledger's idempotence: a settlement can never book twice);
- every delivered order line is settled — booked to households through its lots, or, for units no
  lot covered, to the platform's margin — and no line has more units allocated than it holds.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone
from oscar.core.loading import get_model

from catalog.models import LotAllocation
from households.models import IncomeEntry
from logistics.models import Consignment
from settlement.models import LineIncome, PlatformAccount, PlatformEntry

Line = get_model("order", "Line")
FORMAT = "linkou-ledger-fingerprint/1"


def fingerprint() -> dict[str, Any]:
    """The ledger's figures, as JSON-able values (amounts as strings: exact)."""
    households = (IncomeEntry.objects.annotate(year=ExtractYear("date")).values("household_id", "year")
                  .annotate(total=Sum("amount"), entries=Count("pk")).order_by("household_id", "year"))
    platform = (PlatformEntry.objects.values("account").annotate(total=Sum("amount"), entries=Count("pk"))
                .order_by("account"))
    return {
        "format": FORMAT,
        "taken_at": timezone.now().isoformat(timespec="seconds"),
        "households": {f"{row['household_id']}/{row['year']}": [str(row["total"]), row["entries"]]
                       for row in households},
        "platform": {row["account"]: [str(row["total"]), row["entries"]] for row in platform},
        "delivered_lines": _delivered_lines().count(),
    }


def _delivered_lines() -> Any:
    delivered = Consignment.objects.filter(order_id=OuterRef("order_id"), status=Consignment.Status.DELIVERED,
                                           village_id=OuterRef("stockrecord__partner__village_id"))
    return Line.objects.filter(Exists(delivered))


def verify(expected: dict[str, Any] | None = None) -> list[str]:
    """Every problem found (an empty list: the database holds what it should)."""
    problems = []
    if expected is not None:
        if expected.get("format") != FORMAT:
            return [f"not a ledger fingerprint ({expected.get('format')!r})"]
        found = fingerprint()
        for part in ("households", "platform"):
            for key in sorted(set(expected[part]) | set(found[part])):
                want, have = expected[part].get(key), found[part].get(key)
                if want is None or have is None or Decimal(want[0]) != Decimal(have[0]) or want[1] != have[1]:
                    problems.append(f"{part} {key}: expected {_show(want)}, found {_show(have)}")
        if expected["delivered_lines"] != found["delivered_lines"]:
            problems.append(f"delivered order lines: expected {expected['delivered_lines']}, "
                            f"found {found['delivered_lines']}")
    for model in (IncomeEntry, PlatformEntry):
        for row in (model.objects.values("reference").annotate(n=Count("pk")).filter(n__gt=1)
                    .order_by("reference")[:20]):
            problems.append(f"{model._meta.label}: reference {row['reference']} is used {row['n']} times")
    settled = Q(Exists(LineIncome.objects.filter(line_id=OuterRef("pk")))) | Q(Exists(
        PlatformEntry.objects.filter(line_id=OuterRef("pk"), account=PlatformAccount.MARGIN)))
    for line in _delivered_lines().exclude(settled).select_related("order")[:50]:
        problems.append(f"order {line.order.number} line {line.pk}: delivered but booked nowhere")
    for line_id, quantity, units in (
            LotAllocation.objects.values("order_line_id", "order_line__quantity").annotate(units=Sum("quantity"))
            .filter(units__gt=F("order_line__quantity")).order_by("order_line_id")
            .values_list("order_line_id", "order_line__quantity", "units")[:20]):
        problems.append(f"order line {line_id}: {units} units allocated, more than its {quantity}")
    return problems


def _show(value: Any) -> str:
    return "nothing" if value is None else f"¥{value[0]} in {value[1]} entries"
