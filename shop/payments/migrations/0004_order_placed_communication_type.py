"""Oscar records a CommunicationEvent for a sent order confirmation only when the event type
ORDER_PLACED exists; every order (cash on delivery or paid online) is confirmed through it
(shop.checkout.placement). The templates stay empty: Oscar then renders its file templates."""

from django.db import migrations


def create_order_placed(apps, schema_editor):
    CommunicationEventType = apps.get_model("communication", "CommunicationEventType")
    CommunicationEventType.objects.get_or_create(
        code="ORDER_PLACED", defaults={"name": "Order placed", "category": "Order related"})


class Migration(migrations.Migration):

    dependencies = [
        ("communication", "0004_auto_20200801_0817"),
        ("online_payments", "0003_unplaced_refund_and_frozen_baskets"),
    ]

    # Going back leaves the type alone: staff may have edited its templates in the dashboard.
    operations = [migrations.RunPython(create_order_placed, migrations.RunPython.noop)]
