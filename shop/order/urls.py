from django.urls import path

from shop.order import views

app_name = "orders"
urlpatterns = [
    path("<str:number>/cancel/", views.CancelOrderView.as_view(), name="cancel"),
]
