from django.conf import settings
from django.contrib.staticfiles.views import serve as serve_static
from django.urls import include, path, re_path

from jahesh.core import views as core
from jahesh.core.access import mark_public
from jahesh.registry import views as registry

urlpatterns = [
    path("", registry.overview, name="home"),
    path("login/", core.login, name="login"),
    path("logout/", core.logout, name="logout"),
    path("i18n/setlang/", core.set_language_view, name="set_language"),
    path("healthz", core.healthz, name="healthz"),
    path("notifications/", core.notifications, name="notifications"),
    path("notifications/read/", core.notifications_read, name="notifications-read"),
    path("attachments/<int:pk>/", core.attachment_download, name="attachment"),
    path("units/", registry.unit_list, name="unit-list"),
    path("units/export.xlsx", registry.unit_export, name="unit-export"),
    path("units/<int:pk>/", registry.unit_detail, name="unit-detail"),
    path("units/<int:pk>/reports/new/", registry.report_new, name="report-new"),
    path("reports/review/", registry.review_list, name="review-list"),
    path("reports/<int:pk>/review/", registry.review_report, name="review-report"),
    path("settings/region/", registry.region_settings, name="region-settings"),
    path("", include("jahesh.registry.data_urls")),  # imports, exports and import templates
    path("", include("jahesh.cases.urls")),  # cases, the agency inbox
    path("", include("jahesh.trade.urls")),  # export opportunities and the product space
    path("", include("jahesh.meetings.urls")),  # working-group sessions, agendas, resolutions, minutes
    path("", include("jahesh.loans.urls")),  # support-loan programmes, applications, the banks' desk
    path("", include("jahesh.revival.urls")),  # early warning, screening, revival plans and files
    path("api/v1/", include("jahesh.api.urls")),
]


def _static(request, path):
    # Offline deployments have no CDN and often no separate web server: the package serves its own assets.
    return serve_static(request, path, insecure=True)


if settings.JAHESH_SERVE_STATIC:
    urlpatterns.append(re_path(r"^static/(?P<path>.*)$", mark_public(_static), name="static"))
