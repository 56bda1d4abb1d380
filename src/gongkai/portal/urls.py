from django.urls import path

from gongkai.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("xxgk/", views.column_index, name="xxgk"),
    path("xxgk/<slug:slug>/", views.column_entry, name="xxgk-entry"),
    path("tools/deadline/", views.deadline_calculator, name="deadline"),
    path("prefs/", views.set_prefs, name="prefs"),
    path("healthz", views.healthz, name="healthz"),
]
