from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.searching import MAX_QUERY_CHARS

SORT_CHOICES = [
    ("", _("Relevancy")),
    ("newest", _("Newest")),
    ("price-asc", _("Price low to high")),
    ("price-desc", _("Price high to low")),
    ("title-asc", _("Title A to Z")),
]


class BrowseCategoryForm(forms.Form):
    """The catalogue's sort menu (the filters are links, see shop.search.facets)."""

    sort_by = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False,
                                widget=forms.Select(attrs={"data-submit-on-change": ""}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sort_by"].choices = [("", _("Default"))] + SORT_CHOICES[1:]

    @property
    def sort(self) -> str:
        return self.cleaned_data.get("sort_by", "") if self.is_valid() else ""


CategoryForm = BrowseCategoryForm


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=MAX_QUERY_CHARS,
                        widget=forms.TextInput(attrs={"placeholder": _("Search"), "type": "search",
                                                      "tabindex": "1", "autocomplete": "off"}))
    sort_by = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False,
                                widget=forms.Select(attrs={"data-submit-on-change": ""}))

    @property
    def query(self) -> str:
        # A query longer than the field allows is cut rather than refused: a search page answers.
        return (self.data.get("q") or "").replace("\x00", "").strip()[:MAX_QUERY_CHARS]

    @property
    def sort(self) -> str:
        value = self.data.get("sort_by", "")
        return value if value in dict(SORT_CHOICES) else ""
