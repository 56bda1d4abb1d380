from django.urls import path

from gongkai.reports import views

app_name = "reports_public"

urlpatterns = [
    path("<int:pk>/", views.public_detail, name="detail"),
    path("<int:pk>/<str:fmt>/", views.public_download, name="download"),
]
