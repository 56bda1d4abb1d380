from django.urls import path

from gongkai.reports import stats_views, views

app_name = "reports"

urlpatterns = [
    path("", views.report_index, name="index"),
    path("stats/", stats_views.dashboard, name="stats"),
    path("import/", stats_views.import_prior, name="import"),
    path("<str:code>/<int:year>/", views.report_detail, name="detail"),
    path("<str:code>/<int:year>/cell/", views.report_cell, name="cell"),
    path("<str:code>/<int:year>/download/<str:fmt>/", views.report_download, name="download"),
]
