from django.urls import path

from households import views

app_name = "cadre"
urlpatterns = [
    path("", views.PairedHouseholdListView.as_view(), name="household-list"),
    path("households/<int:pk>/", views.HouseholdDetailView.as_view(), name="household-detail"),
    path("households/<int:pk>/visits/new/", views.VisitCreateView.as_view(), name="visit-create"),
    path("visits/<int:pk>/photo/", views.VisitPhotoView.as_view(), name="visit-photo"),
]
