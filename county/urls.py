from django.urls import path, re_path

from county import views

app_name = "county"
urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
    path("towns/<int:pk>/", views.TownView.as_view(), name="town"),
    path("villages/<int:pk>/", views.VillageView.as_view(), name="village"),
    path("households/<int:pk>/", views.HouseholdView.as_view(), name="household"),
    path("report/", views.ReportView.as_view(), name="report-home"),
    # Any seven characters, so that a wrong month gets the report page's message rather than a bare 404.
    re_path(r"^report/(?P<month>[^/]{1,20})/$", views.ReportView.as_view(), name="report"),
]
