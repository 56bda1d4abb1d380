from django.urls import path

from gongkai.catalogue import views

app_name = "catalogue"

urlpatterns = [
    path("", views.index, name="index"),
    path("compare/", views.compare, name="compare"),
    path("<str:code>/", views.unit_catalogue, name="unit"),
    path("<str:code>/catalogue.xlsx", views.download, name="download"),
    path("<str:code>/<int:seq>/", views.item_page, name="item"),
]
