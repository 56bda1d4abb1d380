from django.urls import path

from gongkai.finder import staff_views

app_name = "finder_staff"

urlpatterns = [
    path("", staff_views.home, name="home"),
    path("tags/<int:pk>/", staff_views.tags, name="tags"),
]
