from django.urls import path

from gongkai.documents import views_staff as v

app_name = "documents_staff"

urlpatterns = [
    path("", v.document_list, name="list"),
    path("new/", v.document_new, name="new"),
    path("filing/", v.filing, name="filing"),
    path("rereview/", v.rereview, name="rereview"),
    path("topics/", v.topics, name="topics"),
    path("<int:pk>/", v.document_detail, name="detail"),
    path("<int:pk>/edit/", v.document_edit, name="edit"),
    path("<int:pk>/do/<slug:name>/", v.document_action, name="action"),
    path("<int:pk>/attachments/", v.document_attach, name="attach"),
    path("<int:pk>/attachments/<int:att>/file/", v.attachment_file, name="attachment-file"),
    path("<int:pk>/attachments/<int:att>/remove/", v.attachment_remove, name="attachment-remove"),
    path("<int:pk>/relations/", v.document_relate, name="relate"),
    path("<int:pk>/links/", v.document_link, name="link"),
]
