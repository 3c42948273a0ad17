"""Oscar's review forms (loaded with get_class("catalogue.reviews.forms", ...)).

A review's body is at most `MAX_BODY` characters.

The review page shows the posted score as stars with Oscar's ``as_stars`` filter, which
rounds it: any re-shown form (a missing title, a tampered score) failed with a TypeError
because the posted score is text. The score shown is the posted one only when it is 1 to 5.
"""

from django import forms
from django.core.validators import MaxLengthValidator
from oscar.apps.catalogue.reviews import forms as oscar_forms
from oscar.apps.catalogue.reviews.forms import *  # noqa: F403 (Oscar fork pattern)

SCORES = {"1", "2", "3", "4", "5"}
MAX_BODY = 2000


class ScoreField(forms.TypedChoiceField):
    def bound_data(self, data, initial):
        data = super().bound_data(data, initial)
        return int(data) if str(data) in SCORES else None


class ProductReviewForm(oscar_forms.ProductReviewForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        score = self.fields["score"]  # a model field with choices: Meta.field_classes does not apply
        self.fields["score"] = ScoreField(
            choices=score.choices, coerce=score.coerce, empty_value=score.empty_value, required=score.required,
            label=score.label, help_text=score.help_text, widget=score.widget)
        self.fields["body"].max_length = MAX_BODY
        self.fields["body"].validators.append(MaxLengthValidator(MAX_BODY))
        self.fields["body"].widget.attrs["maxlength"] = MAX_BODY
