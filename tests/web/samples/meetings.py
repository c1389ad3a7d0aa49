"""Sessions and resolutions for the URL walk: session 14 with a resolution for tax about the unit-rep's unit.

Who sees them: region-wide roles; the tax officer (their agency is responsible); the unit-rep (the resolution
is about their unit). The social-security officer and the bank officer see neither (404).
"""

from __future__ import annotations

import datetime as dt


def _objects(world):
    cached = getattr(world, "_meetings_sample", None)
    if cached is not None:
        return cached
    from django.utils import timezone

    from jahesh.meetings import actions

    sec = world.users["secretariat"]
    session = actions.create_session(actor=sec, region=world.region, held_on=timezone.localdate(), number=14)
    resolution = actions.issue_resolution(
        actor=sec,
        session=session,
        version=session.version,
        text="نمونه مصوبه",
        deadline=timezone.localdate() + dt.timedelta(days=30),
        agencies=[world.tax],
        unit=world.units[0],
    )
    world._meetings_sample = (session, resolution)
    return world._meetings_sample


SEES = {"admin", "secretariat", "leadership", "agency-tax", "unit-rep"}


def page_kwargs(world):
    session, resolution = _objects(world)
    return {
        "meeting-detail": {"pk": session.pk},
        "meeting-minutes": {"pk": session.pk},
        "resolution-detail": {"pk": resolution.pk},
    }


def page_visible(world):
    return {"meeting-detail": SEES, "meeting-minutes": SEES, "resolution-detail": SEES}


def api_values(world):
    session, resolution = _objects(world)
    return {"session_id": session.pk, "resolution_id": resolution.pk, "part_id": resolution.parts.get().pk}


def api_visible(world):
    return {"session_id": SEES, "resolution_id": SEES, "part_id": SEES}
