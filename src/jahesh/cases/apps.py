from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _seed_categories(sender, **kwargs) -> None:
    # The taxonomy is reference data every deployment starts with; seeding after each migrate (and after a
    # test flush) keeps it present without a data migration importing app code. Existing rows are kept as
    # the admin edited them.
    from .seed import seed_categories

    seed_categories(using=kwargs.get("using", "default"))


class CasesConfig(AppConfig):
    name = "jahesh.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        post_migrate.connect(_seed_categories, sender=self, dispatch_uid="jahesh.cases.seed_categories")
        from jahesh.core.uploads import register_owner

        from .access import cases_for
        from .models import Case

        # A case's files are seen by whoever sees the case.
        register_owner(Case, lambda user, case: cases_for(user).filter(pk=case.pk).exists())
