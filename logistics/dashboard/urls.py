from django.urls import path

from logistics.dashboard import views

app_name = "logistics-dashboard"
urlpatterns = [
    path("", views.HubView.as_view(), name="hub"),
    path("scan/", views.ScanView.as_view(), name="scan"),
    path("plan/", views.ReplanView.as_view(), name="replan"),
    path("runs/", views.RunListView.as_view(), name="run-list"),
    path("runs/<int:pk>/", views.RunDetailView.as_view(), name="run-detail"),
    path("runs/<int:pk>/manifest.pdf", views.ManifestPdfView.as_view(), name="run-manifest"),
    path("runs/<int:pk>/labels.pdf", views.RunLabelsPdfView.as_view(), name="run-labels"),
    path("runs/<int:pk>/dispatch/", views.DispatchListView.as_view(), name="run-dispatch"),
    path("runs/<int:pk>/<str:step>/", views.RunStepView.as_view(), name="run-transition"),
    path("lines/<int:line>/departures/<int:stamp>/cancel/", views.CancelDepartureView.as_view(),
         name="departure-cancel"),
    path("parcels/<int:pk>/", views.ParcelView.as_view(), name="parcel"),
    path("parcels/<int:pk>/label.pdf", views.ParcelLabelPdfView.as_view(), name="parcel-label"),
    path("parcels/<int:pk>/dispatch/", views.DispatchView.as_view(), name="consignment-dispatch"),
    path("parcels/<int:pk>/deliver/", views.DeliverView.as_view(), name="consignment-deliver"),
]
