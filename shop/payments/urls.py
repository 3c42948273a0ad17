from django.urls import path

from shop.payments import views

app_name = "payments"
urlpatterns = [
    path("pay/<uuid:key>/", views.PayView.as_view(), name="pay"),
    path("pay/<uuid:key>/return/", views.ReturnView.as_view(), name="return"),
    path("stripe/webhook/", views.WebhookView.as_view(), name="stripe-webhook"),
]
