from django.urls import path

from gongkai.documents import views

app_name = "documents"

urlpatterns = [
    path("xxgk/documents/", views.browse, name="browse"),
    path("xxgk/normative/", views.normative, name="normative"),
    path("xxgk/documents/<int:pk>/", views.detail, name="detail"),
    path("xxgk/documents/<int:pk>/v<int:number>/", views.detail, name="version"),
    path(
        "xxgk/documents/<int:pk>/v<int:number>/download/",
        views.version_download,
        name="version-download",
    ),
    path(
        "xxgk/documents/<int:pk>/attachments/<int:att>/",
        views.attachment_download,
        name="attachment",
    ),
    path(
        "xxgk/documents/<int:pk>/attachments/<int:att>/image/",
        views.attachment_image,
        name="attachment-image",
    ),
    path("xxgk/verify/", views.verify, name="verify"),
    path("xxgk/feed.atom", views.feed, name="feed"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
]
