from django.urls import path

from shop.payments.dashboard import views

app_name = "refunds"
urlpatterns = [path("<str:number>/", views.RefundView.as_view(), name="order-refund")]
