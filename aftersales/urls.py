from django.urls import path

from aftersales import views

app_name = "aftersales"
urlpatterns = [
    path("<str:number>/lines/<int:line_id>/claim/", views.ClaimCreateView.as_view(), name="claim-create"),
]
