"""`jahesh manage escalate_overdue`: run daily (cron or a systemd timer) to escalate overdue referrals."""

from django.core.management.base import BaseCommand

from jahesh.cases.actions import escalate_overdue


class Command(BaseCommand):
    help = "Mark referrals past their due date overdue and escalate their cases (safe to run repeatedly)."

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"{escalate_overdue()} cases escalated")
