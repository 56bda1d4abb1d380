from django.urls import path

from gongkai.banshi import views

app_name = "banshi"

urlpatterns = [
    path("", views.index, name="index"),
    path("yijianshi/<int:pk>/", views.one_thing, name="one-thing"),
    path("<str:code>/", views.guide, name="guide"),
    path("<str:code>/forms/<int:pk>/", views.blank_form, name="blank-form"),
]
