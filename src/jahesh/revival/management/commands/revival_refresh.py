"""``jahesh manage revival_refresh``: recompute the stored early-warning watch list and screening of every
unit, and move revival files to "restarted" or "sustained" from the monthly reports (run daily, e.g. at night
after the day's reviews; cron or a systemd timer)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from jahesh.registry.models import Region
from jahesh.revival.actions import refresh_files
from jahesh.revival.stored import refresh_region


class Command(BaseCommand):
    help = (
        "Recompute the stored watch list and screening; read restart and sustained output of revival files "
        "from the monthly reports."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        for region in Region.objects.order_by("pk"):
            moved = refresh_files(region)
            done = refresh_region(region)
            self.stdout.write(
                f"{region.code}: {moved} revival files moved on; {done.watched} units watched, "
                f"{done.screened} screened in {done.seconds:.1f} s"
            )
