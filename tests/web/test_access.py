"""Every URL declares who may use it, and the declaration holds for every role (DESIGN.md §3, §8)."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from jahesh.core.access import PUBLIC

pytestmark = pytest.mark.django_db

ROLES = [
    None,
    "admin",
    "secretariat",
    "leadership",
    "agency-tax",
    "agency-social",
    "bank-officer",
    "unit-rep",
]
ROLE_OF = {
    "admin": "admin",
    "secretariat": "secretariat",
    "leadership": "leadership",
    "agency-tax": "agency",
    "agency-social": "agency",
    "bank-officer": "bank",
    "unit-rep": "unit",
}


API_PREFIX = "api/v1/"


def walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p


def all_patterns():
    return list(walk(get_resolver().url_patterns))


def test_every_url_declares_its_roles():
    undeclared = [route for route, p in all_patterns() if not getattr(p.callback, "jahesh_access", None)]
    assert undeclared == [], f"these URLs declare no access rule (use @allow): {undeclared}"


def test_every_api_url_declares_its_roles_per_method():
    """An API route serves several methods (GET and POST on /reports): each declares its own roles, with
    ``auth=allow(...)`` on the operation (jahesh.api.auth)."""
    api = [(route, p) for route, p in all_patterns() if route.startswith(API_PREFIX)]
    assert api, "the API is not mounted at /api/v1/"
    for route, p in api:
        by_method = getattr(p.callback, "jahesh_access_by_method", None)
        assert by_method, f"{route} declares no roles per method (use auth=allow(...))"
        assert frozenset().union(*by_method.values()) == p.callback.jahesh_access, route


def sample_url(name: str, route: str, world) -> str:
    """A concrete URL for each named route, using objects of the fixture world that the unit-rep may see."""
    from jahesh.registry.models import MonthlyReport

    own_unit = world.units[0]
    report = MonthlyReport.objects.filter(unit=own_unit).first()
    kwargs = {
        "unit-detail": {"pk": own_unit.pk},
        "report-new": {"pk": own_unit.pk},
        "review-report": {"pk": report.pk},
    }
    if name == "static":
        return "/static/jahesh/app.css"
    if name in world.samples["page_kwargs"]:
        return reverse(name, kwargs=world.samples["page_kwargs"][name])
    if name == "case-detail":
        # A case about the unit-rep's unit, referred to no agency: officers answer 404 like for the unit.
        from jahesh.cases.models import Case, Category

        case = Case.objects.filter(unit=own_unit).first() or Case.objects.create(
            unit=own_unit, category=Category.objects.get(code="tax"), title="نمونه", description="نمونه"
        )
        kwargs["case-detail"] = {"pk": case.pk}
    return reverse(name, kwargs=kwargs.get(name))


def api_sample_url(route: str, world) -> tuple[str, bool]:
    """A concrete URL for an API route, and whether it names a unit or report (of the unit-rep's)."""
    from jahesh.registry.models import MonthlyReport

    own_unit = world.units[0]
    report = MonthlyReport.objects.filter(unit=own_unit).first()
    if route.endswith("^.*$"):
        return "/api/v1/no-such-endpoint", False
    values = {"unit_id": own_unit.pk, "report_id": report.pk, "code": "252329", "str:name": "swagger-ui.css"}
    values.update(world.samples["api_values"])
    url = route
    for name, value in values.items():
        url = url.replace(f"<{name}>", str(value)).replace(f"<int:{name}>", str(value))
    assert "<" not in url, f"add a sample value for the parameters of {route} to tests/web/samples/"
    return "/" + url, "<unit_id>" in route or "<report_id>" in route


def api_object_visible(route: str, world, who, unit_visible: bool) -> tuple[bool, bool]:
    """Whether the route names an object, and whether ``who`` sees every object it names."""
    names, visible = False, True
    for param, users in world.samples["api_visible"].items():
        if f"<{param}>" in route or f"<int:{param}>" in route:
            names, visible = True, visible and who in users
    if "<unit_id>" in route or "<report_id>" in route:
        names, visible = True, visible and unit_visible
    return names, visible


def check_api_url(client, route: str, callback, world, who, visible: bool) -> None:
    """The API's door: 401 problem without credentials, 403 for a role not declared for GET, 405 where GET is
    not an operation; behind the door 200, or 404 for an object outside the role's scope."""
    url, names_object = api_sample_url(route, world)
    names_object, visible = api_object_visible(route, world, who, visible)
    response = client.get(url)
    status = response.status_code
    get_roles = callback.jahesh_access_by_method.get("GET")
    if route.endswith("^.*$"):
        expected = {404}
    elif get_roles is None:
        expected = {405}
    elif PUBLIC in get_roles:
        expected = {200}
    elif who is None:
        expected = {401}
    elif ROLE_OF[who] in get_roles:
        expected = {404} if names_object and not visible else {200}
    else:
        expected = {403}
    assert status in expected, (url, who, status, response.content[:300])
    if status >= 400:
        assert response["Content-Type"].startswith("application/problem+json"), (url, who)


@pytest.mark.parametrize("who", ROLES)
def test_walk_every_url_with_every_role(world, client_for, who):
    from jahesh.core.models import User
    from jahesh.registry.access import units_for

    from .samples import collect

    world.samples = collect(world)
    client = client_for(who)
    visible = (
        who is not None and units_for(User.objects.get(username=who)).filter(pk=world.units[0].pk).exists()
    )
    seen = 0
    for route, pattern in all_patterns():
        access = pattern.callback.jahesh_access
        if route.startswith(API_PREFIX):
            check_api_url(client, route, pattern.callback, world, who, visible)
            seen += 1
            continue
        url = sample_url(pattern.name, route, world)
        response = client.get(url)
        seen += 1
        status = response.status_code
        if PUBLIC in access:
            assert status in (200, 302, 405), (url, who, status)
            if status == 302:
                assert "/login/" not in response["Location"], (url, who)
        elif who is None:
            assert status == 302 and response["Location"].startswith("/login/"), (url, who, status)
        elif ROLE_OF[who] in access:
            # Inside the door: 200, or 405 for a POST-only action; a URL naming a unit the role may not see
            # answers 404 (the scoping itself is checked unit by unit below).
            sees = visible
            if pattern.name in world.samples["page_visible"]:
                sees = who in world.samples["page_visible"][pattern.name]
            expected = {200, 405} if "<int:" not in route or sees else {404}
            assert status in expected, (url, who, status)
        else:
            assert status == 403, (url, who, status)
    assert seen == len(all_patterns())


@pytest.mark.parametrize(
    ("who", "own", "other"),
    [
        ("unit-rep", 200, 404),
        ("secretariat", 200, 200),
        ("leadership", 200, 200),
        ("agency-tax", 404, 404),
        ("bank-officer", 404, 404),
    ],
)
def test_unit_pages_are_scoped_to_what_the_role_may_see(world, client_for, who, own, other):
    client = client_for(who)
    mine, theirs = world.units[0], world.units[3]
    assert client.get(f"/units/{mine.pk}/").status_code == own
    assert client.get(f"/units/{theirs.pk}/").status_code == other


def test_unit_rep_list_and_export_show_only_their_unit(world, client_for):
    client = client_for("unit-rep")
    page = client.get("/units/").content.decode()
    assert world.units[0].name in page
    for unit in world.units[1:]:
        assert unit.name not in page
    # A search for another unit's identifier finds nothing either.
    page = client.get("/units/", {"q": world.units[3].legal_id}).content.decode()
    assert world.units[3].name not in page


def test_unit_rep_cannot_post_a_report_for_another_unit(world, client_for):
    from jahesh.registry.models import MonthlyReport

    other = world.units[3]
    before = MonthlyReport.objects.filter(unit=other).count()
    line = other.product_lines.get()
    response = client_for("unit-rep").post(
        f"/units/{other.pk}/reports/new/", {"month": "1400/01", "employment": "5", f"line_{line.pk}": "1"}
    )
    assert response.status_code == 404
    assert MonthlyReport.objects.filter(unit=other).count() == before


def test_bad_ids_never_give_a_server_error(world, client_for):
    client = client_for("secretariat")
    assert client.get("/units/999999999/").status_code == 404
    assert client.get("/units/abc/").status_code == 404
    assert client.post("/reports/999999/review/", {"decision": "accept", "version": 1}).status_code == 404
