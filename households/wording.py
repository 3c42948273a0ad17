"""How the households' warnings are said: each warning keeps its figures (households.monitoring),
and its sentence is made in the reader's language when a page shows it ({{ warning|warning_sentence }})."""

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.money import yuan
from households.models import IncomeWarning


def _day(iso: str) -> str:
    return date_format(datetime.date.fromisoformat(iso), "Y-m-d")


def warning_sentence(warning: IncomeWarning) -> str:
    f, kind = warning.figures, warning.kind
    if kind == IncomeWarning.Kind.PROJECTED_LOW:
        figures = {"year": f["year"], "pp": yuan(f["per_person"]), "so_far": yuan(f["so_far"]),
                   "rest": yuan(f["rest"]), "line": yuan(f["line"])}
        if f.get("monitoring_line", True):
            text = (_("Projected income per person for %(year)s is %(pp)s (%(so_far)s so far plus %(rest)s that "
                      "last year brought in the months still to come), under the monitoring line of %(line)s.")
                    if f["under"] else
                    _("Projected income per person for %(year)s is %(pp)s (%(so_far)s so far plus %(rest)s that "
                      "last year brought in the months still to come), less than 10 %% above the monitoring line "
                      "of %(line)s."))
        else:
            text = (_("Projected income per person for %(year)s is %(pp)s (%(so_far)s so far plus %(rest)s that "
                      "last year brought in the months still to come), under the poverty line of %(line)s.")
                    if f["under"] else
                    _("Projected income per person for %(year)s is %(pp)s (%(so_far)s so far plus %(rest)s that "
                      "last year brought in the months still to come), less than 10 %% above the poverty line "
                      "of %(line)s."))
        return text % figures
    if kind == IncomeWarning.Kind.SALES_DROP:
        return _("E-commerce income from %(start)s to %(end)s was %(now)s, %(fall)s%% less than the %(before)s "
                 "of the same 90 days last year.") % {
            "start": _day(f["start"]), "end": _day(f["end"]), "now": yuan(f["now"]), "fall": f["fall"],
            "before": yuan(f["before"])}
    if kind == IncomeWarning.Kind.NO_SUPPLY:
        return _("The household has brought no supply to the station for %(days)s days (last on %(last)s).") % {
            "days": f["days"], "last": _day(f["last"])}
    if kind == IncomeWarning.Kind.LARGE_REVERSAL:
        return ngettext("%(amount)s of e-commerce income was taken back by %(count)s refund or claim in the last "
                        "90 days (the latest on %(date)s).",
                        "%(amount)s of e-commerce income was taken back by %(count)s refunds or claims in the last "
                        "90 days (the latest on %(date)s).", f["count"]) % {
            "amount": yuan(f["amount"]), "count": f["count"], "date": _day(f["date"])}
    return warning.get_kind_display()
