from django.urls import path

from . import views

urlpatterns = [
    path("sessions/", views.meeting_list, name="meeting-list"),
    path("sessions/new/", views.meeting_new, name="meeting-new"),
    path("sessions/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("sessions/<int:pk>/minutes.pdf", views.meeting_minutes, name="meeting-minutes"),
    path("resolutions/", views.resolution_list, name="resolution-list"),
    path("resolutions/export.xlsx", views.resolution_export, name="resolution-export"),
    path("resolutions/import/", views.resolution_import, name="resolution-import"),
    path("resolutions/mine/", views.resolution_inbox, name="resolution-inbox"),
    path("resolutions/<int:pk>/", views.resolution_detail, name="resolution-detail"),
]
