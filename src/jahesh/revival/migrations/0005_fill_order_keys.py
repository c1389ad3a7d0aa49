"""Rows stored before 0003 have the default order keys: fill them from the figures they order by."""

from django.db import migrations
from django.db.models import F


def fill(apps, schema_editor):
    ScreeningRow = apps.get_model("revival", "ScreeningRow")
    WatchRow = apps.get_model("revival", "WatchRow")
    ScreeningRow.objects.filter(score__isnull=False).update(sort_score=F("score"))
    WatchRow.objects.filter(silent_months__isnull=False).update(sort_silent=F("silent_months"))


class Migration(migrations.Migration):
    dependencies = [("revival", "0004_events_handled")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
