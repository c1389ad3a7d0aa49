"""The attachment download: a file of a case about the unit-rep's unit (cases register their files)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile


def page_kwargs(world):
    from jahesh.cases.models import Case, Category
    from jahesh.core.uploads import attach

    own_unit = world.units[0]
    case = Case.objects.filter(unit=own_unit).first() or Case.objects.create(
        unit=own_unit, category=Category.objects.get(code="tax"), title="نمونه", description="نمونه"
    )
    pdf = SimpleUploadedFile("evidence.pdf", b"%PDF-1.4\n%sample\n", content_type="application/pdf")
    attachment = attach(pdf, owner=case, user=world.users["unit-rep"])
    return {"attachment": {"pk": attachment.pk}}


def page_visible(world):
    # Region-wide roles and the unit's representative see the case (no agency was asked).
    return {"attachment": {"admin", "secretariat", "leadership", "unit-rep"}}
