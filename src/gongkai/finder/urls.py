from django.urls import path

from gongkai.finder import views

app_name = "finder"

urlpatterns = [
    path("", views.finder, name="finder"),
    path("huiqi/", views.enterprise_list, name="enterprise"),
    path("dingyue/<str:token>/confirm/", views.confirm, name="confirm"),
    path("dingyue/<str:token>/", views.manage, name="manage"),
    path("dingyue/<str:token>/unsubscribe/", views.unsubscribe_view, name="unsubscribe"),
    path("dingyue/<str:token>/feed.atom", views.feed, name="feed"),
    path("jieli/<str:token>/<int:document_id>/", views.relay, name="relay"),
]
