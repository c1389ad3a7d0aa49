from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "jahesh.meetings"
    label = "meetings"
    verbose_name = _("Working-group sessions")
