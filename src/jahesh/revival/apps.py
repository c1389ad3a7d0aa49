from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RevivalConfig(AppConfig):
    name = "jahesh.revival"
    label = "revival"
    verbose_name = _("Revival of idle units")

    def seed_demo(self, region, seed: int = 1) -> str:
        from .demo import seed_demo

        return seed_demo(region, seed=seed)
