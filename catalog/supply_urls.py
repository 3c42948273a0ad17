from django.urls import path

from catalog import supply_views

app_name = "catalog-supply"
urlpatterns = [
    path("", supply_views.SupplyLotListView.as_view(), name="lot-list"),
    path("new/", supply_views.SupplyLotCreateView.as_view(), name="lot-create"),
    path("<str:code>/label.pdf", supply_views.SupplyLotLabelView.as_view(), name="lot-label"),
]
