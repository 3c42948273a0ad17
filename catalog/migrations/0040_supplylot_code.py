"""Every supply lot gets a short code for its label and public trace page (issue 12)."""

from django.db import migrations, models

import catalog.models


def give_codes(apps, schema_editor):
    SupplyLot = apps.get_model("catalogue", "SupplyLot")
    used = set()
    lots = list(SupplyLot.objects.only("pk"))
    for lot in lots:
        code = catalog.models.new_lot_code()
        while code in used:
            code = catalog.models.new_lot_code()
        used.add(code)
        lot.code = code
    SupplyLot.objects.bulk_update(lots, ["code"], batch_size=1000)


class Migration(migrations.Migration):

    dependencies = [
        ("catalogue", "0039_product_browsable_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="supplylot",
            name="code",
            field=models.CharField(editable=False, max_length=12, null=True, verbose_name="lot code"),
        ),
        migrations.RunPython(give_codes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="supplylot",
            name="code",
            field=models.CharField(default=catalog.models.new_lot_code, editable=False,
                                   help_text="Printed on the lot's label; its QR code opens the public trace page.",
                                   max_length=12, unique=True, verbose_name="lot code"),
        ),
    ]
