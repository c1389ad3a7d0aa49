from django.urls import path

from . import views

urlpatterns = [
    path("loans/", views.loan_list, name="loan-list"),
    path("loans/new/", views.loan_new, name="loan-new"),
    path("loans/<int:pk>/", views.loan_detail, name="loan-detail"),
    path("loans/scorecard/", views.scorecard, name="loan-scorecard"),
    path("loans/scorecard.xlsx", views.scorecard_export, name="loan-scorecard-export"),
    path("loans/report.pdf", views.report_pdf, name="loan-report-pdf"),
    path("loans/programmes/", views.programme_list, name="programme-list"),
    path("loans/programmes/<int:pk>/", views.programme_edit, name="programme-edit"),
]
