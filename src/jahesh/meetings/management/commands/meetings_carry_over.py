"""Daily: flag resolutions past their deadline and carry them (and objections) to the next session."""

from django.core.management.base import BaseCommand

from jahesh.meetings.actions import carry_over


class Command(BaseCommand):
    help = (
        "Flag overdue resolutions, tell the secretariat, and carry them to each working group's next session."
    )

    def handle(self, *args, **options):
        result = carry_over()
        self.stdout.write(
            f"{result['flagged']} overdue parts flagged, "
            f"{result['carried']} items carried to the next sessions"
        )
