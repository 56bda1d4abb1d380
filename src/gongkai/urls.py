from django.urls import include, path

from gongkai.api import api

urlpatterns = [
    # the busiest public page first: every request walks this list until a pattern matches
    path("search/", include("gongkai.search.urls")),
    path("library/", include("gongkai.library.urls")),
    path("xxgk/annual-reports/", include("gongkai.reports.public_urls")),
    path("workplans/", include("gongkai.workplans.public_urls")),
    path("", include("gongkai.documents.urls")),  # before the portal: xxgk/<slug>/ is generic
    path("", include("gongkai.portal.urls")),
    path("staff/applications/", include("gongkai.applications.urls")),
    path("yishenqing/", include("gongkai.applications.public_urls")),
    path("staff/documents/", include("gongkai.documents.urls_staff")),
    path("staff/reports/", include("gongkai.reports.urls")),
    path("staff/guide/", include("gongkai.portal.staff_urls")),
    path("staff/workplans/", include("gongkai.workplans.urls")),
    path("biaozhun/", include("gongkai.catalogue.urls")),
    path("zhongdian/", include("gongkai.thematic.urls")),
    path("banshi/", include("gongkai.banshi.urls")),
    path("staff/banshi/", include("gongkai.banshi.urls_staff")),
    path("zhengce/", include("gongkai.finder.urls")),
    path("staff/finder/", include("gongkai.finder.staff_urls")),
    path("staff/thematic/", include("gongkai.thematic.staff_urls")),
    path("staff/catalogue/", include("gongkai.catalogue.staff_urls")),
    path("staff/moderation/", include("gongkai.moderation.urls")),
    path("staff/interaction/", include("gongkai.interaction.staff_urls")),
    path("hudong/", include("gongkai.interaction.urls")),
    path("faq/", include("gongkai.faq.urls")),
    path("staff/faq/", include("gongkai.faq.urls_staff")),
    path("staff/participation/", include("gongkai.participation.urls_staff")),
    path("juece/", include("gongkai.participation.urls")),
    path("staff/", include("gongkai.workbench.urls")),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
