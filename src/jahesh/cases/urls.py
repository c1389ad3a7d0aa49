from django.urls import path

from . import views

urlpatterns = [
    path("cases/", views.case_list, name="case-list"),
    path("cases/new/", views.case_new, name="case-new"),
    path("cases/<int:pk>/", views.case_detail, name="case-detail"),
    path("inbox/", views.inbox, name="inbox"),
    path("cases/scorecard/", views.scorecard, name="case-scorecard"),
    path("cases/scorecard/export.xlsx", views.scorecard_export, name="case-scorecard-export"),
    path("visits/", views.visit_list, name="visit-list"),
    path("visits/new/", views.visit_new, name="visit-new"),
    path("visits/<int:pk>/", views.visit_detail, name="visit-detail"),
    path("cases/categories/", views.category_list, name="category-list"),
    path("cases/categories/new/", views.category_new, name="category-new"),
    path("cases/categories/<int:pk>/", views.category_edit, name="category-edit"),
]
