from django.urls import path

from gongkai.thematic import staff_views

app_name = "thematic_staff"

urlpatterns = [
    path("", staff_views.home, name="home"),
    path("<slug:slug>/", staff_views.column_page, name="column"),
    path("<slug:slug>/new/", staff_views.entry_edit, name="entry-new"),
    path("<slug:slug>/<int:pk>/", staff_views.entry_edit, name="entry"),
]
