from django.urls import path

from gongkai.participation import views

app_name = "participation"

urlpatterns = [
    path("", views.index, name="index"),
    path("catalogues/<int:pk>/", views.catalogue, name="catalogue"),
    path("decisions/<int:pk>/", views.decision, name="decision"),
    path("consultations/<int:pk>/", views.consultation, name="consultation"),
    path("surveys/<int:pk>/", views.survey, name="survey"),
    path("meetings/<int:pk>/", views.meeting, name="meeting"),
    path("activities/<int:pk>/", views.activity, name="activity"),
    path("activities/topics/", views.topics, name="topics"),
    path("registrations/<str:code>/", views.registration, name="registration"),
]
