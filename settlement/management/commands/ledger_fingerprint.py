import json

from django.core.management.base import BaseCommand

from settlement.restore_check import fingerprint


class Command(BaseCommand):
    help = ("Print the income ledger's figures (sums per household and year, the platform's accounts) as "
            "JSON, to keep beside a backup: `verify_restore --expect` checks a restored database against it.")

    def handle(self, *args, **options):
        self.stdout.write(json.dumps(fingerprint(), indent=1, sort_keys=True))
