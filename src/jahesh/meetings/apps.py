from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "jahesh.meetings"
    label = "meetings"
    verbose_name = _("Working-group sessions")

    def ready(self) -> None:
        from jahesh.core.uploads import register_owner

        from . import access
        from .models import PartUpdate

        # Evidence files are seen by whoever may read the update's evidence (region-wide roles, its agency).
        register_owner(PartUpdate, access.can_see_update)
        try:
            from jahesh.cases import timeline
        except ImportError:  # pragma: no cover - the cases timeline landed with the obstacles issue
            return
        from .timeline import items

        timeline.register(items)

    def seed_demo(self, region, seed: int) -> str:
        from .demo import seed_demo_sessions

        sessions, resolutions, executed = seed_demo_sessions(region, seed=seed)
        return f"Demo sessions: {sessions} sessions, {resolutions} resolutions ({executed} executed)"
