from django.urls import path

from gongkai.portal import staff_views

app_name = "guide"

urlpatterns = [
    path("", staff_views.guide_list, name="list"),
    path("<str:code>/", staff_views.guide_edit, name="edit"),
]
