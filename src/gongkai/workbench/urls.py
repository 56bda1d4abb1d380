from django.contrib.auth import views as auth_views
from django.urls import path

from gongkai.workbench import supervision, views

app_name = "workbench"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.home, name="home"),
    path("deadline/", views.deadline, name="deadline"),
    path("units/", views.unit_list, name="units"),
    path("units/new/", views.unit_new, name="unit-new"),
    path("units/import/", views.unit_import, name="unit-import"),
    path("units/<str:code>/", views.unit_edit, name="unit-edit"),
    path("people/", views.people, name="people"),
    path("people/new/", views.person_new, name="person-new"),
    path("people/<str:username>/", views.person_edit, name="person-edit"),
    path("calendar/", views.calendar_view, name="calendar"),
    path("calendar/import/", views.calendar_import, name="calendar-import"),
    path("audit/", views.audit_list, name="audit"),
    path("audit/export.csv", views.audit_export, name="audit-export"),
    path("supervision/", supervision.supervision, name="supervision"),
]
