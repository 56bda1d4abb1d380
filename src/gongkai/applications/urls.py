from django.urls import path

from gongkai.applications import views

app_name = "applications"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.register_paper, name="register"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("convert/", views.convert_queue, name="convert"),
    path("letters/", views.letter_templates, name="letter-templates"),
    path("export.csv", views.export, {"fmt": "csv"}, name="export-csv"),
    path("export.xlsx", views.export, {"fmt": "xlsx"}, name="export-xlsx"),
    path("<str:code>/", views.case_page, name="case"),
    path("<str:code>/act/<str:action>/", views.case_act, name="act"),
    path("<str:code>/relief/", views.case_relief, name="relief"),
    path("<str:code>/files/", views.case_file_add, name="file-add"),
    path("<str:code>/files/<int:file_id>/", views.case_file_download, name="file"),
    path("<str:code>/convert/", views.case_convert, name="case-convert"),
    path("<str:code>/letters/<int:seq>.<str:fmt>", views.letter_download, name="letter"),
]
