from django.urls import path

from gongkai.banshi import views_staff

app_name = "banshi_staff"

urlpatterns = [
    path("", views_staff.item_list, name="list"),
    path("<str:code>/", views_staff.item_edit, name="edit"),
    path("<str:code>/forms/", views_staff.item_form, name="form"),
    path("<str:code>/withdraw/", views_staff.item_withdraw, name="withdraw"),
]
