"""Existing descriptions lose any script; the article's goods get plausible supply lot limits.

Limits are in the product's own units (a bird, a jar, a box), for one household's lot at the
village station: above the first number the coordinator must confirm the lot, above the
second it is refused.
"""

from django.db import migrations

from core.html import sanitise_html

LOT_LIMITS = {
    "poultry": (200, 1000),  # free-range chickens and geese, one bird each
    "honey": (100, 500),  # jars of linden honey
    "aquatic": (100, 500),  # boxes of rice-paddy river crabs
    "grains": (200, 1000),  # boxes of coarse grains keep; a harvest comes in at once
    "vegetables": (100, 500),  # boxes of the day's vegetables
    "forest": (100, 500),  # berries, herbs from under the forest
}


def sanitise(model, *fields):
    for row in model.objects.only("pk", *fields).iterator():
        changes = {f: sanitise_html(getattr(row, f)) for f in fields}
        changes = {f: v for f, v in changes.items() if v != getattr(row, f)}
        if changes:
            model.objects.filter(pk=row.pk).update(**changes)


def forwards(apps, schema_editor):
    sanitise(apps.get_model("catalogue", "Product"), "description")
    sanitise(apps.get_model("catalogue", "Category"), "description", "long_description")
    sanitise(apps.get_model("catalogue", "ProductAttributeValue"), "value_richtext")
    ProductClass = apps.get_model("catalogue", "ProductClass")
    for slug, (confirm_above, largest) in LOT_LIMITS.items():
        ProductClass.objects.filter(slug=slug).update(lot_confirm_above=confirm_above, lot_max_quantity=largest)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0035_lot_limits_and_checked_images")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
