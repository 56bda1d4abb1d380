from django.urls import path

from gongkai.workplans import views

app_name = "workplans_public"

urlpatterns = [
    path("", views.public_list, name="list"),
    path("<int:pk>/", views.public_detail, name="detail"),
]
