import json

from django.core.management.base import BaseCommand, CommandError

from settlement.restore_check import verify


class Command(BaseCommand):
    help = ("Check a restored database: the ledger's sums per household and year equal the fingerprint taken "
            "with the backup (--expect), references are unique, every delivered order line is booked. Exits 1 "
            "and lists every problem otherwise.")

    def add_arguments(self, parser):
        parser.add_argument("--expect", help="the JSON of `manage.py ledger_fingerprint` taken with the backup")

    def handle(self, *args, expect=None, **options):
        expected = None
        if expect:
            try:
                with open(expect, encoding="utf-8") as handle:
                    expected = json.load(handle)
            except (OSError, ValueError) as exc:
                raise CommandError(f"cannot read {expect}: {exc}") from None
        problems = verify(expected)
        for problem in problems:
            self.stdout.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} problem(s): the restored database is not what was backed up")
        self.stdout.write(self.style.SUCCESS("the restored ledger matches" + (" the fingerprint" if expected else "")))
