"""``jahesh manage revival_refresh``: move revival files to "restarted" or "sustained" from the monthly
reports (run monthly, after the reports are reviewed; cron or a systemd timer)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from jahesh.registry.models import Region
from jahesh.revival.actions import refresh_files


class Command(BaseCommand):
    help = "Read restart and sustained output of revival files from the monthly reports."

    def handle(self, *args: Any, **options: Any) -> None:
        for region in Region.objects.order_by("pk"):
            moved = refresh_files(region)
            self.stdout.write(f"{region.code}: {moved} revival files moved on")
