from django.urls import path

from gongkai.catalogue import overview_views, staff_views

app_name = "catalogue_staff"

urlpatterns = [
    path("", staff_views.unit_list, name="list"),
    path("overview/", overview_views.overview, name="overview"),
    path("overview/<str:code>/", overview_views.overview_unit, name="overview-unit"),
    path("<str:code>/", staff_views.unit_page, name="unit"),
    path("<str:code>/items/new/", staff_views.item_edit, name="item-new"),
    path("<str:code>/items/<int:seq>/", staff_views.item_edit, name="item"),
]
