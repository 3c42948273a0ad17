import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.uploads import without_metadata
from households.models import IncomeWarning, MonitoringCategory, Visit, VisitMeasure

EARLIEST_VISIT = datetime.date(2000, 1, 1)


class VisitForm(forms.ModelForm):
    measures = forms.MultipleChoiceField(label=_("Measures"), choices=VisitMeasure.choices, required=False,
                                         widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Visit
        fields = ["visited_on", "findings", "measures", "photo"]
        widgets = {
            "visited_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "findings": forms.Textarea(attrs={"rows": 4}),
            # On a phone this opens the camera; any validated JPEG, PNG or WebP is taken.
            "photo": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp",
                                                     "capture": "environment"}),
        }
        error_messages = {
            "findings": {"required": _("Say what you found on the visit.")},
            "visited_on": {"required": _("Give the day of the visit."),
                           "invalid": _("Give the day of the visit as YYYY-MM-DD.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["visited_on"].initial = today
        self.fields["visited_on"].widget.attrs.update(min=EARLIEST_VISIT.isoformat(), max=today.isoformat())

    def clean_visited_on(self):
        day = self.cleaned_data["visited_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("A visit cannot be recorded for a day that has not come yet."))
        if day < EARLIEST_VISIT:
            raise forms.ValidationError(_("Give a day from 2000 on."))
        return day

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and hasattr(photo, "content_type"):  # a new upload, already checked by the field
            return without_metadata(photo)
        return photo

    def clean_findings(self):
        findings = self.cleaned_data["findings"].strip()
        if not findings:
            raise forms.ValidationError(_("Say what you found on the visit."))
        return findings


class WarningReviewForm(forms.Form):
    CONFIRM, DISMISS = "confirm", "dismiss"
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect, choices=[
        (CONFIRM, _("Confirm: the household needs help")), (DISMISS, _("Dismiss: no cause for concern"))],
        error_messages={"required": _("Choose whether to confirm or dismiss the warning.")})
    category = forms.ChoiceField(label=_("Monitor the household as"), required=False,
                                 choices=[("", _("keep the monitoring state as it is"))] + MonitoringCategory.choices)
    note = forms.CharField(label=_("Note"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, warning: IncomeWarning, **kwargs):
        self.warning = warning
        kwargs.setdefault("prefix", f"w{warning.pk}")
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if not self.warning.is_open:
            raise forms.ValidationError(_("This warning has been decided already."))
        if data.get("decision") == self.DISMISS:
            if not (data.get("note") or "").strip():
                self.add_error("note", _("Say why the warning is dismissed."))
            if data.get("category"):
                self.add_error("category", _("A dismissed warning puts no household under monitoring."))
        return data


class MonitoringStateForm(forms.Form):
    """Put a household under monitoring, change its category or take it out: always with a reason."""

    category = forms.ChoiceField(label=_("Monitoring category"), required=False,
                                 choices=[("", _("not monitored"))] + MonitoringCategory.choices)
    reason = forms.CharField(label=_("Reason"), max_length=300,
                             error_messages={"required": _("Give the reason for the change.")})

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Give the reason for the change."))
        return reason
