from django.urls import path

from gongkai.interaction import public_views as v

app_name = "interaction"

urlpatterns = [
    path("", v.index, name="index"),
    path("xuandeng/", v.published, name="published"),
    path("xuandeng/<int:pk>/", v.published_detail, name="published_detail"),
    path("qingkuang/", v.monthly, name="monthly"),
    path("track/", v.track, name="track"),
    path("track/rate/", v.rate, name="rate"),
    path("receipt/<str:code>/", v.receipt, name="receipt"),
    path("board/<int:document_id>/", v.board, name="board"),
    path("write/<slug:slug>/", v.write, name="write"),
]
