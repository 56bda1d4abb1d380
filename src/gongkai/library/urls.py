from django.urls import path

from gongkai.library import views

app_name = "library"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.law, name="law"),
]
