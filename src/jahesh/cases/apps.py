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

        from .access import cases_for, notes_for, visits_for
        from .models import Case, CaseNote, FieldVisit, Referral

        # A case's files (intake) and an answer's evidence are seen by whoever sees the case; a note's files
        # by whoever sees the note (a private note: only its agency); a visit's by whoever sees the visit.
        register_owner(Case, lambda user, case: cases_for(user).filter(pk=case.pk).exists())
        register_owner(Referral, lambda user, r: cases_for(user).filter(pk=r.case_id).exists())
        register_owner(
            CaseNote,
            lambda user, note: (
                cases_for(user).filter(pk=note.case_id).exists()
                and notes_for(user, note.case).filter(pk=note.pk).exists()
            ),
        )
        register_owner(FieldVisit, lambda user, visit: visits_for(user).filter(pk=visit.pk).exists())
