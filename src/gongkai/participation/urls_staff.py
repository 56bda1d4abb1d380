from django.urls import path

from gongkai.participation import views_staff

app_name = "participation_staff"

urlpatterns = [
    path("", views_staff.home, name="home"),
    path("catalogues/<int:pk>/", views_staff.catalogue, name="catalogue"),
    path("decisions/<int:pk>/", views_staff.decision, name="decision"),
    path("consultations/<int:pk>/", views_staff.consultation, name="consultation"),
    path("meetings/<int:pk>/", views_staff.meeting, name="meeting"),
    path("activities/<int:pk>/", views_staff.activity, name="activity"),
]
