"""Revival: a saved scenario (region-wide roles only) and a revival file of the unit-rep's unit."""

from __future__ import annotations

WIDE = {"admin", "secretariat", "leadership"}


def _objects(world):
    from jahesh.revival.models import RevivalFile, Scenario

    scenario = Scenario.objects.filter(region=world.region).first() or Scenario.objects.create(
        region=world.region,
        name="نمونه",
        inputs={"budget": 1e9},
        result={"status": "optimal", "chosen": []},
        status="optimal",
    )
    file = RevivalFile.objects.filter(unit=world.units[0]).first() or RevivalFile.objects.create(
        unit=world.units[0]
    )
    return scenario, file


def page_kwargs(world):
    scenario, file = _objects(world)
    return {
        "revival-unit": {"pk": world.units[1].pk},  # the semi-active unit
        "scenario-detail": {"pk": scenario.pk},
        "scenario-xlsx": {"pk": scenario.pk},
        "scenario-pdf": {"pk": scenario.pk},
        "revival-file-detail": {"pk": file.pk},
    }


def page_visible(world):
    return {
        "revival-unit": WIDE,
        "scenario-detail": WIDE,
        "scenario-xlsx": WIDE,
        "scenario-pdf": WIDE,
        "revival-file-detail": WIDE | {"unit-rep"},
    }


def api_values(world):
    scenario, file = _objects(world)
    return {"scenario_id": scenario.pk, "file_id": file.pk}


def api_visible(world):
    return {"scenario_id": WIDE, "file_id": WIDE | {"unit-rep"}}
