"""The post office's days per province (logistics/data/postal_transit_days.json) into PostalTransit.

Used by the migration that creates the table and by test fixtures that empty the database;
rows staff have edited are kept (nothing is overwritten)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from logistics.models import PostalTransit

DATA = Path(__file__).resolve().parent / "data" / "postal_transit_days.json"


def load_postal_transit_days(model: type[PostalTransit]) -> None:
    """`model` is PostalTransit, or its historical version inside a migration."""
    days = json.loads(DATA.read_text(encoding="utf-8"))["days"]
    model.objects.bulk_create(
        [model(province_code=code, province=name, days=n) for code, (name, n) in days.items()],
        ignore_conflicts=True)
