from django.urls import path

from gongkai.moderation import views

app_name = "moderation"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("<int:item_id>/decide/", views.decide, name="decide"),
]
