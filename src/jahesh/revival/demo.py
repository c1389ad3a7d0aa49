"""Demo history of the revival app: two saved scenarios and about forty revival files in every state."""

from __future__ import annotations

import random

from django.db import transaction
from django.utils import timezone

from jahesh.core.models import Role, User
from jahesh.registry.models import Region

from . import figures, plans
from .models import RevivalFile, Scenario

STATES = [
    (RevivalFile.State.DIAGNOSED, 12),
    (RevivalFile.State.PLAN_APPROVED, 9),
    (RevivalFile.State.FINANCING, 8),
    (RevivalFile.State.RESTARTED, 7),
    (RevivalFile.State.SUSTAINED, 4),
]


@transaction.atomic
def seed_demo(region: Region, seed: int = 1) -> str:
    rng = random.Random(seed * 7919 + 8)
    conf = figures.settings_for(region)
    frame = figures.screening(region, conf)
    cands = figures.candidates(frame)
    if cands.empty:
        return "Demo revival: no candidates (no idle or semi-active unit with a known capacity value)"
    author = User.objects.filter(role=Role.SECRETARIAT).order_by("pk").first()
    leader = User.objects.filter(role=Role.LEADERSHIP).order_by("pk").first() or author
    total = float(cands["cost"].sum())
    budget = round(total * 0.25, -9) or total * 0.25
    biggest = cands.groupby("county")["cost"].sum().sort_values(ascending=False)
    smallest = str(biggest.index[-1]) if len(biggest) > 1 else str(biggest.index[0])
    share = min(0.1, float(biggest.iloc[-1]) / budget * 0.8)
    # 5 % for strategic goods where the strategic candidates can absorb it.
    strategic_cost = float(cands.loc[cands["strategic"], "cost"].sum())
    strategic = {"strategic_min": 0.05} if strategic_cost >= 0.05 * budget else {}
    made = []
    for name, inputs, by in [
        ("سناریوی پایه: فقط بودجه", {"budget": budget}, author),
        (
            "سناریوی توازن شهرستان‌ها",
            {"budget": budget, "county_min": {smallest: round(share, 3)}, **strategic},
            leader,
        ),
    ]:
        result = plans.solve(region, inputs, frame)
        made.append(
            Scenario.objects.create(
                region=region,
                name=name,
                inputs=plans._clean(inputs),
                result=result,
                status=result["status"],
                created_by=by,
            )
        )
    chosen = list(made[0].result.get("chosen", []))
    rng.shuffle(chosen)
    units = {u: r for u, r in made[0].result["units"].items()}
    now = timezone.now()
    files = []
    i = 0
    for state, n in STATES:
        for _k in range(n):
            if i >= len(chosen):
                break
            u = chosen[i]
            info = units[str(u)]
            jobs = int(info["jobs"])
            restored = state in (RevivalFile.State.RESTARTED, RevivalFile.State.SUSTAINED)
            files.append(
                RevivalFile(
                    unit_id=u,
                    scenario=made[0],
                    state=state,
                    money_needed_irr=int(info["cost"]),
                    jobs_before=jobs,
                    jobs_restored=int(jobs * rng.uniform(0.5, 1.0)) if restored else 0,
                    opened_by=author,
                    created_at=now - timezone.timedelta(days=rng.randint(30, 400)),
                )
            )
            i += 1
    RevivalFile.objects.bulk_create(files)
    from .stored import refresh_region

    done = refresh_region(region)  # the stored watch list and screening, so the first page reads rows
    return (
        f"Demo revival: {len(made)} scenarios ({len(cands)} candidates, {len(chosen)} chosen), "
        f"{len(files)} revival files, {done.watched} units watched, {done.screened} screened"
    )
