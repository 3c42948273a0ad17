"""E-mails the platform sends about orders, as Oscar communication event types (so Oscar records a
communication event for each one sent)."""

from django.db import migrations

TYPES = [
    ("ORDER_CANCELLED", "Order cancelled"),
    ("CLAIM_DECIDED", "After-sales claim decided"),
]


def add_types(apps, schema_editor):
    CommunicationEventType = apps.get_model("communication", "CommunicationEventType")
    for code, name in TYPES:
        CommunicationEventType.objects.get_or_create(code=code, defaults={"name": name, "category": "Order related"})


class Migration(migrations.Migration):
    dependencies = [
        ("order", "0021_billingaddress_code_shippingaddress_code"),
        ("communication", "0004_auto_20200801_0817"),
    ]
    operations = [migrations.RunPython(add_types, migrations.RunPython.noop)]
