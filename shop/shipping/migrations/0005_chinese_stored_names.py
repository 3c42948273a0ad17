"""Staff read stored names in the dashboard: Chinese, not "邮政快递 Postal express" (buyers get
the translated labels of shop.shipping.repository, shop.checkout.payment_methods)."""

from django.db import migrations


def rename(apps, schema_editor):
    apps.get_model("shipping", "WeightBased").objects.filter(
        code="postal-express", name="邮政快递 Postal express").update(
        name="邮政快递", description="县客运班车捎到县邮政分拣中心，再由中国邮政快递送到家。")
    apps.get_model("payment", "SourceType").objects.filter(
        code="cash-on-delivery", name="Cash on delivery / 货到付款").update(name="货到付款")


class Migration(migrations.Migration):
    dependencies = [
        ("shipping", "0004_postal_express_rates"),
        ("payment", "0001_initial"),
    ]

    operations = [migrations.RunPython(rename, migrations.RunPython.noop)]
