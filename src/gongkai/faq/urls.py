from django.urls import path

from gongkai.faq import views

app_name = "faq"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.entry, name="entry"),
    path("print/", views.printable, name="print"),
    path("export.xlsx", views.export_xlsx, name="export"),
]
