"""English as the second content language, so editors can translate pages at once."""

from django.db import migrations


def add_english(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    Locale.objects.get_or_create(language_code="en")


class Migration(migrations.Migration):
    dependencies = [("cms", "0002_home_profiles_notices_news_photos"), ("wagtailcore", "0001_initial")]
    operations = [migrations.RunPython(add_english, migrations.RunPython.noop)]
