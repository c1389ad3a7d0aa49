"""``jahesh manage api_schema``: print the API's OpenAPI schema; ``--write`` updates the committed snapshot,
``--check`` fails when the snapshot is out of date."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from jahesh.api.schema import SNAPSHOT, UPDATE_COMMAND, dumps, live_schema, snapshot_text


class Command(BaseCommand):
    help = "Print the OpenAPI schema of /api/v1/, or write/check the committed snapshot."

    def add_arguments(self, parser: Any) -> None:
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--write", action="store_true", help=f"update {SNAPSHOT.name} in the package")
        group.add_argument("--check", action="store_true", help="exit 1 if the snapshot is out of date")

    def handle(self, *args: Any, write: bool = False, check: bool = False, **options: Any) -> None:
        text = dumps(live_schema())
        if write:
            SNAPSHOT.write_text(text, encoding="utf-8")
            self.stdout.write(f"wrote {SNAPSHOT}")
        elif check:
            if text != snapshot_text():
                raise CommandError(f"{SNAPSHOT} is out of date; run: {UPDATE_COMMAND}")
            self.stdout.write("the OpenAPI snapshot is up to date")
        else:
            self.stdout.write(text, ending="")
