from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LoansConfig(AppConfig):
    name = "jahesh.loans"
    label = "loans"
    verbose_name = _("Support loans")

    def ready(self) -> None:
        from jahesh.core.uploads import register_owner

        from .access import applications_for
        from .models import Application

        # An application's documents are seen by whoever sees the application (its bank included).
        register_owner(Application, lambda user, app: applications_for(user).filter(pk=app.pk).exists())

    def seed_demo(self, region, seed: int) -> str:
        from .demo import seed_demo_loans

        return seed_demo_loans(region, seed=seed)
