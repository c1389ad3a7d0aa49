from django.urls import path

from . import views

urlpatterns = [
    path("revival/", views.home, name="revival-home"),
    path("revival/settings/", views.settings_page, name="revival-settings"),
    path("revival/watch/", views.watch, name="revival-watch"),
    path("revival/screening/", views.screening, name="revival-screening"),
    path("revival/recompute/", views.recompute, name="revival-recompute"),
    path("revival/screening/<int:pk>/", views.screening_unit, name="revival-unit"),
    path("revival/scenarios/", views.scenario_list, name="scenario-list"),
    path("revival/scenarios/new/", views.scenario_new, name="scenario-new"),
    path("revival/scenarios/compare/", views.scenario_compare, name="scenario-compare"),
    path("revival/scenarios/<int:pk>/", views.scenario_detail, name="scenario-detail"),
    path("revival/scenarios/<int:pk>/excel/", views.scenario_xlsx, name="scenario-xlsx"),
    path("revival/scenarios/<int:pk>/pdf/", views.scenario_pdf, name="scenario-pdf"),
    path("revival/files/", views.file_list, name="revival-file-list"),
    path("revival/files/<int:pk>/", views.file_detail, name="revival-file-detail"),
]
