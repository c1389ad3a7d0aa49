"""Scenarios of the revival plan: their inputs checked, solved with ``jahesh.analytics.portfolio.plan``, the
result stored as JSON, and the optimiser's codes (reasons, constraints, conflicts) put into words."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from django.utils.translation import gettext as _

from jahesh.analytics import portfolio
from jahesh.core.templatetags.jahesh import num
from jahesh.registry.models import Agency, County, Region, Unit

from . import figures

#: The inputs a scenario keeps (all JSON): budget in IRR, shares 0–1, quotas in IRR, unit ids.
INPUT_KEYS = (
    "budget",
    "county_min",
    "county_max",
    "bank_quota",
    "strategic_min",
    "must",
    "must_not",
    "partial",
)


def _clean(value: Any) -> Any:
    """JSON-safe: numpy scalars to Python, non-finite floats to None, tuples to lists, keys to strings."""
    if isinstance(value, Mapping):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_clean(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def solve(region: Region, inputs: dict[str, Any], frame: pd.DataFrame | None = None) -> dict[str, Any]:
    """Solve the scenario over the region's current candidates and return the result to store."""
    frame = figures.screening(region) if frame is None else frame
    cands = figures.candidates(frame)
    known = set(cands["unit"].tolist())
    must = [u for u in inputs.get("must", []) if u in known]
    must_not = [u for u in inputs.get("must_not", []) if u in known]
    ignored = sorted(set(inputs.get("must", [])) - known | set(inputs.get("must_not", [])) - known)
    budget = float(inputs["budget"])
    county_min = {str(k): float(v) for k, v in (inputs.get("county_min") or {}).items()}
    county_max = {str(k): float(v) for k, v in (inputs.get("county_max") or {}).items()}
    bank_quota = {str(k): float(v) for k, v in (inputs.get("bank_quota") or {}).items()}
    result = portfolio.plan(
        cands.drop(columns=["programme"]),
        budget,
        county_min=county_min or None,
        county_max=county_max or None,
        bank_quota=bank_quota or None,
        strategic_min=inputs.get("strategic_min") or None,
        must=must,
        must_not=must_not,
        partial=bool(inputs.get("partial")),
        time_limit=20.0,
    )
    rows = cands.set_index("unit")
    units = {
        int(u): {
            "name": str(frame.at[u, "name"]),
            "county": int(rows.at[u, "county"]),
            "bank": rows.at[u, "bank"],
            "cost": float(rows.at[u, "cost"]),
            "jobs": float(rows.at[u, "jobs"]),
            "output": float(rows.at[u, "output"]),
            "fx": float(rows.at[u, "fx"]),
            "strategic": bool(rows.at[u, "strategic"]),
            "score": float(frame.at[u, "score"]) if pd.notna(frame.at[u, "score"]) else None,
        }
        for u in rows.index
    }
    return _clean(
        {
            "status": result.status,
            "chosen": list(result.chosen),
            "fractions": dict(result.fractions),
            "objective": result.objective,
            "greedy_objective": result.greedy_objective,
            "gain_over_greedy": result.gain_over_greedy,
            "spent": result.spent,
            "totals": dict(result.totals),
            "greedy_totals": dict(result.greedy_totals),
            "binding": list(result.binding),
            # What each constraint costs (objective gained if dropped); NaN (stored as None) = not decided in
            # the time allowed, so "binding" may be incomplete when binding_exact is False.
            "constraint_costs": dict(result.constraint_costs),
            "binding_exact": bool(result.binding_exact),
            "limits": {k: list(v) for k, v in result.limits.items()},
            "reasons": {u: [code, params] for u, (code, params) in result.reasons.items()},
            "conflicts": [[code, params] for code, params in result.conflicts],
            "units": units,
            "candidates": len(units),
            "ignored": ignored,
            "solve_seconds": result.solve_seconds,
            "message": result.message,
        }
    )


# -- words -------------------------------------------------------------------------------------------------


class Names:
    """County, bank and unit names for the texts, loaded once per page."""

    def __init__(self, region: Region, units: Mapping[str, Any] | None = None) -> None:
        self.counties = {str(c.pk): c.name for c in County.objects.filter(region=region)}
        self.banks = {str(b.pk): b.name for b in Agency.objects.filter(region=region, kind=Agency.Kind.BANK)}
        self.units = {str(k): v.get("name", k) for k, v in (units or {}).items()}

    def unit(self, u: Any) -> str:
        u = str(u)
        if u not in self.units:
            self.units[u] = Unit.objects.filter(pk=u).values_list("name", flat=True).first() or f"#{u}"
        return self.units[u]


def money(v: Any) -> str:
    """Rials as billions, one decimal, in the active language's digits."""
    return num(round(float(v) / 1e9, 1), 1) if v is not None else "—"


def figure(v: Any, places: int = 2) -> str:
    return num(round(float(v), places), places) if v is not None else "—"


def constraint_text(name: str, names: Names) -> str:
    kind, _sep, key = name.partition(":")
    if kind == "budget":
        return _("the budget")
    if kind == "county_min":
        return _("the minimum share of %(county)s") % {"county": names.counties.get(key, key)}
    if kind == "county_max":
        return _("the maximum share of %(county)s") % {"county": names.counties.get(key, key)}
    if kind == "bank_quota":
        return _("the quota of %(bank)s") % {"bank": names.banks.get(key, key or _("no bank"))}
    if kind == "programme_quota":
        return _("the quota of programme %(programme)s") % {"programme": key}
    if kind == "strategic_min":
        return _("the minimum for strategic goods")
    if kind == "must":
        return _("%(unit)s must be chosen") % {"unit": names.unit(key)}
    if kind == "must_not":
        return _("%(unit)s must not be chosen") % {"unit": names.unit(key)}
    return name


def reason_text(code: str, params: Mapping[str, Any], names: Names) -> str:
    """A unit's reason in or out of the plan, in the reader's language (money in billion rials)."""
    p = dict(params or {})
    if code == "must":
        return _("Chosen because the scenario says it must be.")
    if code == "must_not":
        return _("Left out because the scenario says it must not be chosen.")
    if code == "chosen":
        text = _("Chosen by the optimiser: weighted impact %(impact)s for %(cost)s billion rials.") % {
            "impact": figure(p.get("impact")),
            "cost": money(p.get("cost")),
        }
        if p.get("minimums"):
            text += " " + _("It also helps meet %(limits)s.") % {
                "limits": "، ".join(constraint_text(c, names) for c in p["minimums"])
            }
        return text
    if code == "partial":
        return _("Funded in part (%(share)s%%) to use the rest of the budget.") % {
            "share": figure((p.get("fraction") or 0) * 100, 0)
        }
    if code == "too_expensive":
        return _("Left out: it alone costs more than the whole budget.")
    if code == "no_impact":
        return _("Left out: reviving it adds nothing to the weighted impact.")
    if code == "quota":
        return _("Left out: it would break %(limit)s (room left %(room)s billion rials).") % {
            "limit": constraint_text(str(p.get("constraint", "")), names),
            "room": money(p.get("room")),
        }
    if code == "held_out_by":
        return _("Left out because of %(constraint)s (it costs the plan %(cost)s of weighted impact).") % {
            "constraint": constraint_text(str(p.get("constraint", "")), names),
            "cost": figure(p.get("cost"), 3),
        }
    if code == "lower_ratio":
        return _("Left out: its impact per rial is below that of every unit chosen, and the budget is spent.")
    if code == "does_not_fit":
        return _(
            "Left out: good value for money, but it does not fit in the %(room)s billion rials left; "
            "the money does more spread over others."
        ) % {"room": money(p.get("room"))}
    if code == "infeasible":
        return _("No plan satisfies the constraints.")
    return _("Not selected.")


def conflict_text(code: str, params: Mapping[str, Any], names: Names) -> str:
    p = dict(params or {})
    if code == "must_and_must_not":
        return _("%(unit)s is both a must and a must-not.") % {"unit": names.unit(p.get("unit"))}
    if code == "must_over_limit":
        return _(
            "The units that must be chosen cost %(cost)s billion rials, more than %(limit)s (%(max)s)."
        ) % {
            "cost": money(p.get("cost")),
            "limit": constraint_text(str(p.get("constraint", "")), names),
            "max": money(p.get("limit")),
        }
    if code == "minimum_above_maximum":
        return _("The minimum share of %(county)s is above its maximum.") % {
            "county": names.counties.get(str(p.get("county")), str(p.get("county")))
        }
    if code == "minimums_over_budget":
        return _("The county minimums need %(needed)s billion rials, more than the budget (%(budget)s).") % {
            "needed": money(p.get("needed")),
            "budget": money(p.get("budget")),
        }
    if code == "minimum_unreachable":
        return _(
            "%(limit)s needs %(needed)s billion rials but all its candidates together cost %(available)s."
        ) % {
            "limit": constraint_text(str(p.get("constraint", "")), names).capitalize(),
            "needed": money(p.get("needed")),
            "available": money(p.get("available")),
        }
    return _("These constraints cannot all hold together: %(list)s.") % {
        "list": "، ".join(constraint_text(c, names) for c in p.get("constraints", []))
    }
