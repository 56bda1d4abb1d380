from django.urls import path

from gongkai.interaction import views as v

app_name = "interaction_staff"

urlpatterns = [
    path("", v.message_list, name="list"),
    path("stats/", v.stats, name="stats"),
    path("channels/", v.channels, name="channels"),
    path("channels/<slug:slug>/", v.channel_edit, name="channel_edit"),
    path("<str:code>/", v.detail, name="detail"),
    path("<str:code>/act/", v.act, name="act"),
]
