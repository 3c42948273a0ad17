from django.urls import path

from catalog import synonym_views

app_name = "catalog-search"
urlpatterns = [
    path("", synonym_views.SynonymListView.as_view(), name="synonym-list"),
    path("new/", synonym_views.SynonymCreateView.as_view(), name="synonym-create"),
    path("<int:pk>/", synonym_views.SynonymUpdateView.as_view(), name="synonym-update"),
    path("<int:pk>/delete/", synonym_views.SynonymDeleteView.as_view(), name="synonym-delete"),
]
