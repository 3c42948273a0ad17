from django.urls import path

from station import views

app_name = "station"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("supply/", views.SupplyView.as_view(), name="supply"),
    path("take-back/<int:pk>/", views.TakeBackView.as_view(), name="take-back"),
    path("lots/<int:pk>/correct/", views.LotCorrectView.as_view(), name="lot-correct"),
    path("products/new/", views.ProductNewView.as_view(), name="product-new"),
    path("offline/", views.OfflineView.as_view(), name="offline"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="service-worker"),
]
