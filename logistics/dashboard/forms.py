from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# An uploaded list of tracking numbers is a small text file.
MAX_LIST_BYTES = 200_000


class StepTimeForm(forms.Form):
    """When the step really happened: filled in with the timetable's time (or now), for the clerk to
    correct; the step itself refuses a time in the future or before the step before it."""

    happened_at = forms.DateTimeField(
        label=_("When"), required=False, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"invalid": _("Enter the date and time, e.g. 2026-07-20 07:30.")})

    def __init__(self, *args, default=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.default = default
        if default is not None:
            self.fields["happened_at"].initial = timezone.localtime(default).replace(second=0, microsecond=0)

    def clean_happened_at(self):
        return self.cleaned_data.get("happened_at") or self.default


class DispatchForm(StepTimeForm):
    tracking_number = forms.CharField(
        label=_("Postal tracking number"), max_length=40,
        error_messages={"required": _("Enter the postal tracking number.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text", "autocapitalize": "characters"}))


class CancelRunForm(forms.Form):
    reason = forms.CharField(label=_("Why the bus does not run"), max_length=200,
                             error_messages={"required": _("Say why the bus does not run.")},
                             widget=forms.TextInput(attrs={"placeholder": _("breakdown, snow, road closed …")}))


class DispatchListForm(forms.Form):
    """The run's tracking numbers, pasted or as a CSV file: one line a parcel, order number and number."""

    numbers = forms.CharField(label=_("Order number, tracking number — one parcel a line"), required=False,
                              widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false", "autocomplete": "off"}))
    upload = forms.FileField(label=_("or a CSV file"), required=False)

    def clean(self):
        data = super().clean()
        upload = data.get("upload")
        if upload is not None:
            if upload.size > MAX_LIST_BYTES:
                raise forms.ValidationError(_("The file is too large for a list of tracking numbers (200 KB at most)."))
            raw = upload.read()
            for encoding in ("utf-8-sig", "gb18030"):  # Excel in China saves CSV as GB18030
                try:
                    data["numbers"] = raw.decode(encoding)
                    break
                except UnicodeDecodeError:
                    continue
            else:
                raise forms.ValidationError(_("The file is not a text (CSV) file."))
        if not (data.get("numbers") or "").strip():
            raise forms.ValidationError(_("Paste the list or choose a CSV file."))
        return data


class ScanForm(forms.Form):
    code = forms.CharField(label=_("Scan a label or type an order or tracking number"), max_length=200)
