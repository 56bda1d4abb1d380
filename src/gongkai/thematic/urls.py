from django.urls import path

from gongkai.thematic import feeds, views

app_name = "thematic"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.column_list, name="list"),
    path("<slug:slug>/feed.atom", feeds.column_feed, name="feed"),
    path("<slug:slug>/<int:pk>/", views.entry_detail, name="detail"),
]
