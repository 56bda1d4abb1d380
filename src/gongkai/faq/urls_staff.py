from django.urls import path

from gongkai.faq import views_staff

app_name = "faq_staff"

urlpatterns = [
    path("", views_staff.entry_list, name="list"),
    path("new/", views_staff.entry_new, name="new"),
    path("<int:pk>/", views_staff.entry_edit, name="edit"),
    path("<int:pk>/step/", views_staff.entry_step, name="step"),
]
