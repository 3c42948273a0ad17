from django.core.management.base import BaseCommand

from cms.renditions import make_missing_renditions


class Command(BaseCommand):
    help = ("Make the sizes the story pages show of every village photo short of one (photos saved "
            "before sizes were made on save, or after a size was added to cms.renditions.PAGE_SIZES).")

    def handle(self, *args, **options):
        self.stdout.write(f"renditions made for {make_missing_renditions()} photos")
