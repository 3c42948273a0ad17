from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from station import api

router = DefaultRouter(use_regex_path=False)
router.include_root_view = False
router.register("products", api.ProductViewSet, basename="product")
router.register("households", api.HouseholdViewSet, basename="household")
router.register("lots", api.SupplyLotViewSet, basename="lot")

app_name = "api"
urlpatterns = [
    path("", include(router.urls)),
    path("packing/", api.PackingListView.as_view(), name="packing"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
]
