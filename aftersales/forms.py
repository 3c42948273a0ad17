from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from aftersales.claims import MAX_PHOTOS, open_claim
from aftersales.models import Claim
from settlement.models import Liability


def add_rule_errors(form, exc: ValidationError) -> None:
    """Show a rule's ValidationError on the form: by field where it names one, else above the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos in one input (Django's documented pattern); each file is checked by the claim rules."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(PhotosField, self).clean(item, initial) for item in files]


class ClaimForm(forms.Form):
    reason = forms.ChoiceField(label=_("What happened?"), choices=Claim.Reason.choices, widget=forms.RadioSelect,
                               error_messages={"required": _("Choose what happened.")})
    quantity = forms.IntegerField(label=_("How many units?"), min_value=1, max_value=10_000,
                                  error_messages={"required": _("Say how many units."),
                                                  "invalid": _("Enter a whole number of units.")})
    description = forms.CharField(label=_("Tell us more (optional)"), required=False, max_length=1000,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    photos = PhotosField(label=_("Photos (up to %(n)s)") % {"n": MAX_PHOTOS}, required=False)

    def __init__(self, *args, buyer, line, **kwargs):
        super().__init__(*args, **kwargs)
        self.buyer, self.line = buyer, line
        self.fields["quantity"].initial = 1

    def save(self):
        """The claim, or None with the rules' errors on their fields."""
        try:
            return open_claim(buyer=self.buyer, line=self.line, reason=self.cleaned_data["reason"],
                              quantity=self.cleaned_data["quantity"], description=self.cleaned_data["description"],
                              photos=self.cleaned_data["photos"])
        except ValidationError as exc:
            add_rule_errors(self, exc)
            return None


class DecisionForm(forms.Form):
    refund_quantity = forms.IntegerField(label=_("Units to refund (0 rejects the claim)"), min_value=0,
                                         max_value=10_000)
    liability = forms.ChoiceField(label=_("Cause"), choices=Liability.choices, widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reason (the buyer reads it)"), max_length=300,
                             error_messages={"required": _("Give the reason for the decision; the buyer reads it.")})

    def __init__(self, *args, claim, **kwargs):
        super().__init__(*args, **kwargs)
        self.claim = claim
        self.fields["refund_quantity"].initial = claim.quantity
        self.fields["liability"].initial = claim.likely_liability
