from django.urls import path

from . import views

urlpatterns = [
    path("cases/", views.case_list, name="case-list"),
    path("cases/new/", views.case_new, name="case-new"),
    path("cases/<int:pk>/", views.case_detail, name="case-detail"),
    path("inbox/", views.inbox, name="inbox"),
    path("cases/scorecard/", views.scorecard, name="case-scorecard"),
]
