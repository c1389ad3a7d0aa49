"""The import page's form: what to import, the file (its size and first bytes checked), and the options."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from jahesh.core.templatetags.jahesh import num

from .importers.reading import sniff
from .models import ImportJob


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"), choices=ImportJob.Kind.choices)
    file = forms.FileField(label=_("File (.xlsx or .csv)"))
    valid_only = forms.BooleanField(
        label=_("Take the valid rows only"),
        required=False,
        help_text=_("Without this, a file with any bad row is not imported at all."),
    )
    dry_run = forms.BooleanField(
        label=_("Dry run"),
        required=False,
        help_text=_("Check the file and report, without writing anything."),
    )
    accept = forms.BooleanField(
        label=_("Accept the imported reports"),
        required=False,
        help_text=_("Monthly reports only: mark them accepted instead of waiting for review."),
    )
    correct_accepted = forms.BooleanField(
        label=_("Correct reports already accepted"),
        required=False,
        help_text=_("Monthly reports only: let the file change reports the secretariat has accepted."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit = settings.JAHESH_MAX_IMPORT_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _(
                    "The file is %(size)s MB; the largest accepted is %(limit)s MB. "
                    "Split it, or use the command line."
                ),
                params={"size": num(round(upload.size / 2**20, 1)), "limit": num(round(limit / 2**20, 1))},
            )
        upload.seek(0)
        head = upload.read(64 * 1024)
        upload.seek(0)
        problem = sniff(head)
        if problem is not None:
            raise forms.ValidationError(problem)
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") != ImportJob.Kind.REPORTS:
            data["accept"] = data["correct_accepted"] = False
        return data
