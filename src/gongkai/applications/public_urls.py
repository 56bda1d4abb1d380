from django.urls import path

from gongkai.applications import public_views

app_name = "apply"

urlpatterns = [
    path("", public_views.apply, name="form"),
    path("receipt/<str:code>/", public_views.receipt, name="receipt"),
    path("track/", public_views.track, name="track"),
    path("track/<str:code>/files/<int:file_id>/", public_views.released_file, name="file"),
    path("track/<str:code>/letters/<int:seq>.<str:fmt>", public_views.letter, name="letter"),
    path("track/<str:code>/correct/", public_views.correct, name="correct"),
]
