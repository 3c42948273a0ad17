import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from logistics import tracking
from logistics.models import BusLine, Consignment, PickupRun
from logistics.planning import cancel_run, replan, runs_to_work


class Command(BaseCommand):
    help = "Hub clerk's work from the shell: list runs, load, arrive, dispatch, deliver, rebook waiting."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("runs", help="List the runs to work on (carrying parcels or due this week) with their load.")
        for name, what in (("load", "Mark a run loaded on the bus."), ("arrive", "Mark a run arrived at the hub.")):
            p = sub.add_parser(name, help=what)
            p.add_argument("run", type=int)
        p = sub.add_parser("dispatch", help="Hand a consignment to postal express.")
        p.add_argument("consignment", type=int)
        p.add_argument("tracking_number")
        p = sub.add_parser("deliver", help="Mark a consignment delivered (settles household income).")
        p.add_argument("consignment", type=int)
        p = sub.add_parser("cancel", help="A bus does not run: cancel the departure and plan its parcels again. "
                                          "Name it by run id, or by --line and --at for a departure of the "
                                          "timetable that carries nothing yet.")
        p.add_argument("run", type=int, nargs="?")
        p.add_argument("reason")
        p.add_argument("--line", type=int, help="bus line id")
        p.add_argument("--at", help="departure, local time: YYYY-MM-DD HH:MM")
        sub.add_parser("plan", help="Plan every open consignment again (waiting ones, and booked ones whose bus "
                                    "leaves after the packing freeze); flag late ones.")

    def handle(self, *args, action, **options):
        try:
            getattr(self, f"do_{action}")(**options)
        except (PickupRun.DoesNotExist, Consignment.DoesNotExist, BusLine.DoesNotExist) as exc:
            raise CommandError(str(exc)) from None
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None

    def do_runs(self, **options):
        for run in runs_to_work():
            self.stdout.write(f"{run.pk}\t{run}\t{run.get_status_display()}\t{run.load_kg}/{run.line.capacity_kg} kg"
                              f"\tcooler {run.cold_load_kg}/{run.line.cooler_capacity_kg} kg")

    def do_load(self, run, **options):
        run = tracking.mark_run_loaded(PickupRun.objects.get(pk=run))
        self.stdout.write(self.style.SUCCESS(f"{run}: {run.get_status_display()}"))

    def do_arrive(self, run, **options):
        run = tracking.mark_run_at_hub(PickupRun.objects.get(pk=run))
        self.stdout.write(self.style.SUCCESS(f"{run}: {run.get_status_display()}"))

    def do_dispatch(self, consignment, tracking_number, **options):
        c = tracking.dispatch_consignment(Consignment.objects.get(pk=consignment), tracking_number)
        self.stdout.write(self.style.SUCCESS(f"{c}: {c.get_status_display()} {c.tracking_number}"))

    def do_deliver(self, consignment, **options):
        c = Consignment.objects.get(pk=consignment)
        if tracking.deliver_consignment(c):
            self.stdout.write(self.style.SUCCESS(f"{c}: delivered, income booked"))
        else:
            self.stdout.write(f"{c}: already delivered, nothing changed")

    def do_cancel(self, run, reason, line=None, at=None, **options):
        if run is not None:
            run = PickupRun.objects.get(pk=run)
            line, departs_at = run.line, run.departs_at
        elif line is not None and at:
            try:
                departs_at = timezone.make_aware(datetime.datetime.strptime(at, "%Y-%m-%d %H:%M"))
            except ValueError:
                raise CommandError("--at: YYYY-MM-DD HH:MM") from None
            line = BusLine.objects.get(pk=line)
        else:
            raise CommandError("Give a run id, or --line and --at.")
        run, stranded = cancel_run(line=line, departs_at=departs_at, reason=reason)
        self.stdout.write(self.style.SUCCESS(
            f"{run}: {run.get_status_display()}, {len(stranded)} parcel(s) planned again"))
        for consignment in stranded:
            consignment.refresh_from_db()
            self.stdout.write(f"{consignment}\t{consignment.get_status_display()}\t{consignment.run or ''}")

    def do_plan(self, **options):
        result = replan()
        if result is None:
            self.stdout.write("nothing to plan")
            return
        booked = sum(1 for key in result.runs.values() if key is not None)
        methods = ", ".join(f"{method} ×{n}" for method, n in result.methods.items())
        self.stdout.write(f"planned {len(result.runs)} consignment(s): {booked} on a run, "
                          f"{len(result.runs) - booked} waiting ({methods}, {result.seconds * 1000:.0f} ms)")
