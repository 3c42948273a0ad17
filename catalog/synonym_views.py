"""Staff keep the search synonyms in the dashboard (a synonym works at once: no reindexing)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views import generic

from catalog.models import SearchSynonym
from catalog.search_access import can_edit_synonyms
from catalog.searching import query_groups


class SynonymForm(forms.ModelForm):
    class Meta:
        model = SearchSynonym
        fields = ["words"]
        widgets = {"words": forms.TextInput(attrs={"placeholder": "蟹 螃蟹 大闸蟹 河蟹 crab"})}


class SynonymEditor(PermissionRequiredMixin):
    permission_required = "catalogue.change_searchsynonym"
    model = SearchSynonym
    success_url = reverse_lazy("catalog-search:synonym-list")

    def has_permission(self):
        return can_edit_synonyms(self.request.user)


class SynonymListView(SynonymEditor, generic.ListView):
    template_name = "catalog/dashboard/synonym_list.html"
    context_object_name = "synonyms"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        # "Try a word": what the shop's search will look for, so staff see a synonym take effect.
        word = self.request.GET.get("try", "").strip()[:40]
        ctx["try_word"], ctx["try_groups"] = word, query_groups(word) if word else []
        return ctx


class SynonymCreateView(SynonymEditor, generic.CreateView):
    template_name = "catalog/dashboard/synonym_form.html"
    form_class = SynonymForm

    def form_valid(self, form):
        messages.success(self.request, _("Saved: a search for any of %(words)s now finds all of them.")
                         % {"words": form.instance.words})
        return super().form_valid(form)


class SynonymUpdateView(SynonymCreateView, generic.UpdateView):
    pass


class SynonymDeleteView(SynonymEditor, generic.DeleteView):
    template_name = "catalog/dashboard/synonym_delete.html"

    def form_valid(self, form):
        messages.success(self.request, _("Deleted: %(words)s") % {"words": self.object.words})
        return super().form_valid(form)
