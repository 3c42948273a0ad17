from django.urls import path

from logistics.dashboard import views

app_name = "logistics-dashboard"
urlpatterns = [
    path("runs/", views.RunListView.as_view(), name="run-list"),
    path("runs/<int:pk>/", views.RunDetailView.as_view(), name="run-detail"),
    path("runs/<int:pk>/<str:step>/", views.RunTransitionView.as_view(), name="run-transition"),
    path("consignments/<int:pk>/dispatch/", views.ConsignmentDispatchView.as_view(), name="consignment-dispatch"),
    path("consignments/<int:pk>/deliver/", views.ConsignmentDeliverView.as_view(), name="consignment-deliver"),
]
