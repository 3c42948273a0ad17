"""The product classes of the article's goods, so a fresh install can list products at once."""

from django.db import migrations

CLASSES = [
    ("poultry", "禽类"), ("honey", "蜂产品"), ("aquatic", "水产"), ("grains", "杂粮"),
    ("vegetables", "蔬菜"), ("forest", "山林药材"),
]


def add_classes(apps, schema_editor):
    ProductClass = apps.get_model("catalogue", "ProductClass")
    for slug, name in CLASSES:
        ProductClass.objects.get_or_create(slug=slug, defaults={"name": name, "requires_shipping": True,
                                                                "track_stock": True})


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0033_village_origin_and_supply_lots")]
    operations = [migrations.RunPython(add_classes, migrations.RunPython.noop)]
