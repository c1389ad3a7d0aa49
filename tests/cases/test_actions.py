"""The case workflow through its named actions: each transition, the refusals, concurrency, recurrence,
escalation under a frozen clock."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from jahesh.cases import actions
from jahesh.cases.models import Case, CaseEvent, Referral
from jahesh.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def kinds(case):
    return list(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))


def test_categories_are_seeded_with_parents_and_defaults(world, cat):
    assert cat("bank.reschedule").parent == cat("bank")
    assert cat("bank").agency_kind == "bank"
    assert cat("social").agency_kind == "social_security"
    assert cat("tax").answer_days == 15


def test_unit_rep_raises_a_case_about_their_unit(world, cat):
    case = actions.raise_case(
        actor=world.users["unit-rep"],
        unit=world.units[0],
        category=cat("bank.loan"),
        title="t",
        description="d",
    )
    case.refresh_from_db()
    assert (case.state, case.source, case.version, case.recurs_id) == ("new", "portal", 1, None)
    assert kinds(case) == ["raised"]
    assert AuditEvent.objects.filter(action="case.raised", object_id=str(case.pk)).count() == 1


def test_unit_rep_cannot_raise_a_case_about_another_unit(world, cat):
    with pytest.raises(actions.ActionError):
        actions.raise_case(
            actor=world.users["unit-rep"],
            unit=world.units[3],
            category=cat("tax"),
            title="t",
            description="d",
        )
    assert not Case.objects.exists()


def test_secretariat_raises_from_a_field_visit(world, cat):
    case = actions.raise_case(
        actor=world.users["secretariat"],
        unit=world.units[2],
        category=cat("energy.cutoff"),
        title="t",
        description="d",
        source=Case.Source.FIELD_VISIT,
    )
    assert case.source == "field_visit"


def test_whole_path_to_closure(world, referred):
    u = world.users
    referral = referred.referrals.get()
    assert referred.state == "referred"
    assert referral.due_on == timezone.localdate() + dt.timedelta(days=10)
    actions.answer(
        actor=u["agency-tax"],
        referral=referral,
        version=referral.version,
        status="needs_wg",
        text="جلسه لازم است",
    )
    referred.refresh_from_db()
    referral.refresh_from_db()
    assert referred.state == "answered"
    assert (referral.status, referral.answered_by, referral.version) == ("needs_wg", u["agency-tax"], 2)
    for to in ("on_agenda", "resolution", "executing"):
        referred = actions.move(actor=u["secretariat"], case=referred, version=referred.version, to=to)
        assert Case.objects.get(pk=referred.pk).state == to
    actions.close(actor=u["secretariat"], case=referred, version=referred.version, outcome="resolved")
    referred.refresh_from_db()
    assert (referred.state, referred.outcome) == ("closed", "resolved")
    assert referred.closed_at is not None
    assert kinds(referred) == [
        "raised",
        "triaged",
        "referred",
        "answered",
        "moved",
        "moved",
        "moved",
        "closed",
    ]
    actions_logged = set(
        AuditEvent.objects.filter(object_type__startswith="cases.").values_list("action", flat=True)
    )
    assert {"case.raised", "case.triaged", "referral.created", "referral.answered", "case.closed"} <= (
        actions_logged
    )


def test_case_stays_referred_until_every_agency_answered(world, referred, social):
    u = world.users
    actions.refer(actor=u["secretariat"], case=referred, version=referred.version, agencies=[(social, None)])
    to_social = referred.referrals.get(agency=social)
    assert to_social.due_on == timezone.localdate() + dt.timedelta(days=15)  # the category's default
    to_tax = referred.referrals.get(agency=world.tax)
    actions.answer(actor=u["agency-tax"], referral=to_tax, version=1, status="resolved", text="حل شد")
    assert Case.objects.get(pk=referred.pk).state == "referred"


@pytest.mark.parametrize(
    ("step", "who"),
    [
        ("refer_new", "secretariat"),
        ("triage_twice", "secretariat"),
        ("triage_by_unit", "unit-rep"),
        ("refer_by_agency", "agency-tax"),
        ("move_from_new", "secretariat"),
        ("close_by_agency", "agency-tax"),
        ("unit_resolves", "unit-rep"),
    ],
)
def test_illegal_transitions_are_refused_and_change_nothing(world, cat, step, who):
    u = world.users
    actor = u[who]
    case = actions.raise_case(
        actor=u["secretariat"], unit=world.units[0], category=cat("tax"), title="t", description="d"
    )
    if step == "triage_twice":
        case = actions.triage(actor=u["secretariat"], case=case, version=case.version)
    before = Case.objects.filter(pk=case.pk).values("state", "version").get()
    with pytest.raises(actions.ActionError) as exc:
        if step in ("refer_new", "refer_by_agency"):
            actions.refer(actor=actor, case=case, version=case.version, agencies=[(world.tax, None)])
        elif step in ("triage_twice", "triage_by_unit"):
            actions.triage(actor=actor, case=case, version=case.version)
        elif step == "move_from_new":
            actions.move(actor=actor, case=case, version=case.version, to="executing")
        elif step == "close_by_agency" or step == "unit_resolves":
            actions.close(actor=actor, case=case, version=case.version, outcome="resolved")
    assert str(exc.value)
    assert Case.objects.filter(pk=case.pk).values("state", "version").get() == before
    assert not Referral.objects.exists()


def test_unit_rep_may_withdraw_their_own_case(world, referred):
    actions.close(actor=world.users["unit-rep"], case=referred, version=referred.version, outcome="withdrawn")
    assert Case.objects.get(pk=referred.pk).outcome == "withdrawn"


def test_only_the_referred_agency_answers(world, referred):
    referral = referred.referrals.get()
    for who in ("agency-social", "bank-officer", "secretariat", "unit-rep"):
        with pytest.raises(actions.ActionError):
            actions.answer(actor=world.users[who], referral=referral, version=1, status="resolved", text="x")
    assert Referral.objects.get(pk=referral.pk).status == "pending"


def test_an_answer_with_a_stale_version_is_refused(world, referred):
    """Two tax officers load the same referral; the second answer must not overwrite the first."""
    from jahesh.core.models import Role, User

    second = User.objects.create_user("tax-2", role=Role.AGENCY, agency=world.tax)
    referral = referred.referrals.get()
    seen_by_both = referral.version
    actions.answer(
        actor=world.users["agency-tax"],
        referral=referral,
        version=seen_by_both,
        status="objected",
        text="اول",
    )
    stale = Referral.objects.get(pk=referral.pk)
    stale.status = "pending"  # what the second officer's page still shows
    with pytest.raises(actions.ActionError):
        actions.answer(actor=second, referral=stale, version=seen_by_both, status="resolved", text="دوم")
    referral.refresh_from_db()
    assert (referral.status, referral.answer) == ("objected", "اول")


def test_a_stale_case_version_is_refused(world, referred, social):
    with pytest.raises(actions.ConflictError):
        actions.refer(
            actor=world.users["secretariat"],
            case=referred,
            version=referred.version - 1,
            agencies=[(social, None)],
        )
    assert not referred.referrals.filter(agency=social).exists()


def test_referring_twice_to_the_same_waiting_agency_is_refused(world, referred):
    with pytest.raises(actions.ActionError):
        actions.refer(
            actor=world.users["secretariat"],
            case=referred,
            version=referred.version,
            agencies=[(world.tax, None)],
        )
    assert referred.referrals.count() == 1


def test_recurrence_while_open_and_within_twelve_months_of_closure(world, cat, referred):
    u = world.users

    def again():
        return actions.raise_case(
            actor=u["unit-rep"], unit=world.units[0], category=cat("tax"), title="باز هم", description="d"
        )

    second = again()
    assert second.recurs_id == referred.pk
    assert kinds(second) == ["raised", "recurs"]
    # A different category of the same unit is not a recurrence.
    other = actions.raise_case(
        actor=u["unit-rep"], unit=world.units[0], category=cat("social"), title="t", description="d"
    )
    assert other.recurs_id is None
    # Close both tax cases: eleven months ago still counts, thirteen months ago does not.
    for case in (referred, second):
        case.refresh_from_db()
        actions.close(actor=u["secretariat"], case=case, version=case.version, outcome="resolved")
    Case.objects.filter(pk=second.pk).update(closed_at=timezone.now() - dt.timedelta(days=400))
    Case.objects.filter(pk=referred.pk).update(closed_at=timezone.now() - dt.timedelta(days=330))
    assert again().recurs_id == referred.pk
    Case.objects.filter(recurs__isnull=False, category__code="tax").update(state="closed", outcome="resolved")
    Case.objects.filter(category__code="tax").update(closed_at=timezone.now() - dt.timedelta(days=400))
    assert again().recurs_id is None


def test_overdue_referrals_escalate_step_by_step_under_a_frozen_clock(world, referred):
    referral = referred.referrals.get()
    due = referral.due_on
    noon = dt.time(12, tzinfo=timezone.get_current_timezone())

    def at(day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, noon)

    assert actions.escalate_overdue(at(due)) == 0  # on the due date itself nothing happens
    assert Referral.objects.get(pk=referral.pk).status == "pending"

    assert actions.escalate_overdue(at(due + dt.timedelta(days=1))) == 1
    referred.refresh_from_db()
    assert (referred.escalation, Referral.objects.get(pk=referral.pk).status) == (1, "overdue")
    assert actions.escalate_overdue(at(due + dt.timedelta(days=2))) == 0  # idempotent

    assert actions.escalate_overdue(at(due + dt.timedelta(days=15))) == 1
    assert Case.objects.get(pk=referred.pk).escalation == Case.Escalation.AGENDA
    assert actions.escalate_overdue(at(due + dt.timedelta(days=45))) == 1
    assert Case.objects.get(pk=referred.pk).escalation == Case.Escalation.NATIONAL
    assert kinds(referred)[-4:] == ["overdue", "escalated", "escalated", "escalated"]
    assert AuditEvent.objects.filter(action="case.escalated", source="system").count() == 3

    # The late answer is still accepted and the record of lateness stays.
    referral.refresh_from_db()
    actions.answer(
        actor=world.users["agency-tax"],
        referral=referral,
        version=referral.version,
        status="resolved",
        text="دیر",
    )
    referred.refresh_from_db()
    assert (referred.state, referred.escalation) == ("answered", 3)


def test_escalation_with_patched_clock(world, referred, monkeypatch):
    later = timezone.now() + dt.timedelta(days=12)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert actions.escalate_overdue() == 1
    assert Case.objects.get(pk=referred.pk).escalation == 1


def test_timeline_is_append_only(world, referred):
    event = CaseEvent.objects.filter(case=referred).first()
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        CaseEvent.objects.filter(case=referred).update(text="x")
    with pytest.raises(TypeError):
        CaseEvent.objects.filter(case=referred).delete()


def test_leadership_reads_but_does_not_write_notes(world, referred):
    with pytest.raises(actions.ActionError):
        actions.add_note(actor=world.users["leadership"], case=referred, text="x")
    assert not referred.notes.exists()


def test_escalation_command_runs_the_same_action(world, referred, monkeypatch):
    from io import StringIO

    from django.core.management import call_command

    later = timezone.now() + dt.timedelta(days=12)
    monkeypatch.setattr(timezone, "now", lambda: later)
    out = StringIO()
    call_command("escalate_overdue", stdout=out)
    assert out.getvalue().startswith("1 ")
    assert Case.objects.get(pk=referred.pk).escalation == 1
