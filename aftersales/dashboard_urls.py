from django.urls import path

from aftersales import views

app_name = "aftersales-dashboard"
urlpatterns = [
    path("", views.ClaimListView.as_view(), name="claim-list"),
    path("<int:pk>/", views.ClaimDetailView.as_view(), name="claim-detail"),
]
