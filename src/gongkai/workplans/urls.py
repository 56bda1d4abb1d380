from django.urls import path

from gongkai.workplans import views

app_name = "workplans"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("import/", views.plan_import_view, name="import"),
    path("mine/", views.my_tasks, name="mine"),
    path("<int:pk>/", views.plan_detail, name="plan"),
    path("<int:pk>/export/<str:fmt>/", views.plan_export, name="export"),
    path("task/<int:pk>/", views.task_detail, name="task"),
]
