"""Reference data every install needs before the first checkout: China as the shipping
country and the postal express rates by weight (China Post's county rates, 2026)."""

from decimal import Decimal

from django.db import migrations

BANDS = [("1", "8.00"), ("3", "12.00"), ("5", "16.00"), ("10", "25.00"), ("20", "40.00")]


def add_rates(apps, schema_editor):
    Country = apps.get_model("address", "Country")
    WeightBased = apps.get_model("shipping", "WeightBased")
    WeightBand = apps.get_model("shipping", "WeightBand")
    china, _ = Country.objects.update_or_create(
        iso_3166_1_a2="CN",
        defaults={"iso_3166_1_a3": "CHN", "iso_3166_1_numeric": "156", "printable_name": "中国",
                  "name": "People's Republic of China", "display_order": 1, "is_shipping_country": True})
    method, created = WeightBased.objects.get_or_create(
        code="postal-express",
        defaults={"name": "邮政快递 Postal express",
                  "description": "County bus to the postal hub, then China Post express to your door.",
                  "default_weight": Decimal("1.000")})
    if created:
        method.countries.add(china)
        for upper, charge in BANDS:
            WeightBand.objects.create(method=method, upper_limit=Decimal(upper), charge=Decimal(charge))


class Migration(migrations.Migration):
    dependencies = [
        ("shipping", "0003_auto_20181115_1953"),
        ("address", "0006_auto_20181115_1953"),
    ]

    operations = [migrations.RunPython(add_rates, migrations.RunPython.noop)]
