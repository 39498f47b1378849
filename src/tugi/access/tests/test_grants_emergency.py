"""Access grants and emergency access ("break the glass"), through the pages a user would use.

The shared org has no one above the outsider's unit, so ``more_heads`` adds ``head_b`` (unit head of
Unit B) and ``dept_head`` (unit head of the department, above both units). The department head is the
one who can both see the outsider's profile and pick the counsellor as grantee.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone
from procrastinate.contrib.django.models import ProcrastinateJob

from tugi.access.models import AccessGrant, GrantKind
from tugi.audit.models import AuditEvent, EventKind
from tugi.notifications.models import NoticeKind, Notification

TALLINN = ZoneInfo("Europe/Tallinn")
REASON = "Covering the outsider's helpline shift while they are away"
EMERGENCY = "A caller in crisis named this colleague; I must reach them now"


def profile(user: Any) -> str:
    return f"/manage/users/{user.pk}/"


def emergency_url(user: Any) -> str:
    return f"/access/emergency/accounts.user/{user.pk}/"


def grant_form(grantee: Any, target: Any, **overrides: Any) -> dict[str, Any]:
    return {
        "grantee": grantee.pk,
        "kind": "accounts.user",
        "target_id": target.pk,
        "valid_until": "31.12.2099 12:00",
        "reason": REASON,
    } | overrides


def english(*users: Any) -> None:
    from tugi.accounts.models import User

    User.objects.filter(pk__in=[u.pk for u in users]).update(language="en")


def state() -> tuple[int, int, int, int]:
    """What a refused request must leave as it was: grants, change events, notices, queued jobs."""
    return (
        AccessGrant.objects.count(),
        AuditEvent.objects.exclude(kind__in=[EventKind.READ, EventKind.AUTH]).count(),
        Notification.objects.count(),
        ProcrastinateJob.objects.count(),
    )


# --- grants ------------------------------------------------------------------------------------


def test_grant_opens_the_profile_until_revoked(org: Any, more_heads: Any, login: Any) -> None:
    counsellor, outsider = org.counsellor, org.outsider
    assert login(counsellor).get(profile(outsider)).status_code == 404

    head = login(more_heads.dept_head)
    response = head.post("/access/grants/new/", grant_form(counsellor, outsider))
    assert response.status_code == 302
    assert response["Location"] == "/access/grants/"
    grant = AccessGrant.objects.get()
    assert (grant.kind, grant.grantee, grant.granted_by) == (GrantKind.GRANT, counsellor, more_heads.dept_head)
    assert (grant.target_type, grant.target_id, grant.reason) == ("accounts.user", outsider.pk, REASON)
    created = AuditEvent.objects.get(action="access.grant.created")
    assert (created.actor, created.subject_type, created.subject_id) == (
        more_heads.dept_head,
        "accounts.user",
        str(outsider.pk),
    )
    assert created.reason == REASON
    notice = Notification.objects.get(recipient=counsellor)
    assert notice.kind == NoticeKind.GRANT_GIVEN
    assert notice.url == profile(outsider)

    client = login(counsellor)
    response = client.get(profile(outsider))
    assert response.status_code == 200
    assert outsider.get_full_name() in response.content.decode()
    read = AuditEvent.objects.filter(action="accounts.user.viewed", actor=counsellor).latest("id")
    assert read.kind == EventKind.READ
    assert (read.object_type, read.object_id) == ("accounts.user", str(outsider.pk))
    assert (read.subject_type, read.subject_id) == ("accounts.user", str(outsider.pk))
    assert read.flagged is False
    # A grant to read is not a grant to change.
    assert client.get(f"{profile(outsider)}edit/").status_code == 403

    head = login(more_heads.dept_head)
    assert head.post(f"/access/grants/{grant.pk}/revoke/").status_code == 302
    grant.refresh_from_db()
    assert grant.revoked_at is not None
    assert grant.revoked_by == more_heads.dept_head
    assert AuditEvent.objects.filter(action="access.grant.revoked", object_id=str(grant.pk)).count() == 1
    assert login(counsellor).get(profile(outsider)).status_code == 404
    # Revoking twice is refused (403: the grant is visible, the action no longer allowed).
    assert login(more_heads.dept_head).post(f"/access/grants/{grant.pk}/revoke/").status_code == 403


def test_grant_ends_at_its_time(org: Any, more_heads: Any, login: Any) -> None:
    counsellor, outsider = org.counsellor, org.outsider
    with time_machine.travel(datetime(2026, 6, 1, 10, 0, tzinfo=TALLINN), tick=False) as traveller:
        head = login(more_heads.dept_head)
        form = grant_form(counsellor, outsider, valid_until="01.06.2026 12:00")
        assert head.post("/access/grants/new/", form).status_code == 302
        assert AccessGrant.objects.get().valid_until == datetime(2026, 6, 1, 12, 0, tzinfo=TALLINN)

        traveller.move_to(datetime(2026, 6, 1, 11, 59, tzinfo=TALLINN))
        assert login(counsellor).get(profile(outsider)).status_code == 200
        traveller.move_to(datetime(2026, 6, 1, 12, 0, tzinfo=TALLINN))
        assert login(counsellor).get(profile(outsider)).status_code == 404


@pytest.mark.parametrize(
    "bad",
    [
        ({"reason": "short"}, "reason", "Ensure this value has at least 10 characters"),
        ({"reason": ""}, "reason", "This field is required."),
        # Long enough only with its spaces: the service counts words, not padding.
        ({"reason": "a           b"}, "__all__", "Write the reason in at least 10 characters"),
        ({"valid_until": "01.01.2020 12:00"}, "__all__", "The end of the grant must be in the future."),
        ({"valid_until": "2099-31-12"}, "valid_until", "Enter a valid date/time."),
        ({"kind": "accounts.orgunit"}, "kind", "Select a valid choice."),
    ],
)
def test_bad_grant_shows_an_error_and_grants_nothing(
    org: Any, more_heads: Any, login: Any, bad: tuple[Any, ...]
) -> None:
    overrides, field, message = bad
    english(more_heads.dept_head)
    head = login(more_heads.dept_head)
    before = state()
    form = grant_form(org.counsellor, org.outsider, **overrides)
    response = head.post("/access/grants/new/", form)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert message in " ".join(errors[field])
    assert message in response.content.decode()
    # What was typed stays in the form.
    assert response.context["form"]["reason"].value() == form["reason"]
    assert state() == before
    assert login(org.counsellor).get(profile(org.outsider)).status_code == 404


@pytest.mark.parametrize("persona", ["counsellor", "outsider", "dpo", "volunteer"])
def test_only_heads_and_admins_grant(org: Any, login: Any, persona: str) -> None:
    client = login(getattr(org, persona))
    before = state()
    assert client.get("/access/grants/new/").status_code == 403
    assert client.post("/access/grants/new/", grant_form(org.counsellor, org.volunteer)).status_code == 403
    assert state() == before


def test_head_cannot_grant_a_record_outside_their_unit(org: Any, login: Any) -> None:
    """The outsider's profile is not the head's to give: the answer does not say whether it exists."""
    english(org.head)
    head = login(org.head)
    before = state()
    response = head.post("/access/grants/new/", grant_form(org.counsellor, org.outsider))
    assert response.status_code == 200
    assert response.context["form"].errors["target_id"] == ["No such record within your access."]
    missing = head.post("/access/grants/new/", grant_form(org.counsellor, org.outsider, target_id=999_999_999))
    assert missing.context["form"].errors["target_id"] == ["No such record within your access."]
    assert state() == before


def test_head_cannot_grant_to_someone_outside_their_unit(org: Any, more_heads: Any, login: Any) -> None:
    english(more_heads.head_b)
    head_b = login(more_heads.head_b)
    before = state()
    response = head_b.post("/access/grants/new/", grant_form(org.counsellor, org.outsider))
    assert response.status_code == 200
    assert "grantee" in response.context["form"].errors
    assert state() == before


def test_emergency_access_cannot_be_passed_on_as_a_grant(org: Any, login: Any) -> None:
    """A head who broke the glass sees the record for a while; that must not let them grant it on
    (to others, or to themself for longer), which would turn a flagged 8-hour access into a quiet one."""
    english(org.head)
    head = login(org.head)
    assert head.post(emergency_url(org.outsider), {"reason": EMERGENCY}).status_code == 302
    assert head.get(profile(org.outsider)).status_code == 200
    before = state()
    for grantee in (org.counsellor, org.head):
        form = grant_form(grantee, org.outsider)
        response = head.post("/access/grants/new/", form)
        assert response.status_code == 200
        assert response.context["form"].errors["target_id"] == ["No such record within your access."]
    assert state() == before


def test_grants_are_not_shown_to_the_outsider(org: Any, more_heads: Any, login: Any) -> None:
    head = login(more_heads.dept_head)
    assert head.post("/access/grants/new/", grant_form(org.counsellor, org.volunteer)).status_code == 302
    grant = AccessGrant.objects.get()
    outsider = login(org.outsider)
    page = outsider.get("/access/grants/")
    assert page.status_code == 200
    assert list(page.context["page"].items) == []
    assert outsider.post(f"/access/grants/{grant.pk}/revoke/").status_code == 404
    grant.refresh_from_db()
    assert grant.revoked_at is None
    assert outsider.get(profile(org.volunteer)).status_code == 404
    # The grantee sees it but may not revoke what the head gave.
    counsellor = login(org.counsellor)
    assert [g.pk for g in counsellor.get("/access/grants/").context["page"].items] == [grant.pk]
    assert counsellor.post(f"/access/grants/{grant.pk}/revoke/").status_code == 403
    grant.refresh_from_db()
    assert grant.revoked_at is None


# --- emergency access ------------------------------------------------------------------------------


def test_emergency_access(org: Any, more_heads: Any, login: Any, django_capture_on_commit_callbacks: Any) -> None:
    counsellor, outsider = org.counsellor, org.outsider
    client = login(counsellor)
    not_found = client.get(profile(outsider))
    assert not_found.status_code == 404
    assert emergency_url(outsider) in not_found.content.decode()  # the 404 page offers the way in

    form = client.get(emergency_url(outsider))
    assert form.status_code == 200
    assert outsider.first_name not in form.content.decode()  # the form reveals nothing about the record

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(emergency_url(outsider), {"reason": EMERGENCY})
    assert response.status_code == 302
    assert response["Location"] == profile(outsider)
    assert len(callbacks) == 1

    grant = AccessGrant.objects.get()
    assert (grant.kind, grant.grantee, grant.granted_by) == (GrantKind.EMERGENCY, counsellor, counsellor)
    assert grant.valid_until - grant.valid_from == timedelta(hours=8)
    opened = AuditEvent.objects.get(action="access.emergency.opened")
    assert opened.flagged is True
    assert opened.reason == EMERGENCY
    assert opened.actor == counsellor
    assert (opened.subject_type, opened.subject_id) == ("accounts.user", str(outsider.pk))

    page = client.get(profile(outsider))
    assert page.status_code == 200
    assert outsider.first_name in page.content.decode()
    read = AuditEvent.objects.filter(action="accounts.user.viewed", actor=counsellor).latest("id")
    assert read.flagged is True
    assert (read.subject_type, read.subject_id) == ("accounts.user", str(outsider.pk))

    # The unit heads over the record's unit are told; the head of the other unit is not.
    notices = Notification.objects.filter(kind=NoticeKind.EMERGENCY_ACCESS)
    assert {n.recipient for n in notices} == {more_heads.head_b, more_heads.dept_head}
    assert all(n.params["reason"] == EMERGENCY and n.url == profile(outsider) for n in notices)
    job = ProcrastinateJob.objects.get()
    assert job.task_name.endswith("email_notifications")
    assert sorted(job.args["notification_ids"]) == sorted(n.pk for n in notices)
    assert job.status == "todo"


def test_emergency_access_ends_after_its_hours(org: Any, more_heads: Any, login: Any) -> None:
    with time_machine.travel(datetime(2026, 6, 1, 10, 0, tzinfo=TALLINN), tick=False) as traveller:
        client = login(org.counsellor)
        assert client.post(emergency_url(org.outsider), {"reason": EMERGENCY}).status_code == 302
        traveller.shift(timedelta(hours=7, minutes=59))
        assert login(org.counsellor).get(profile(org.outsider)).status_code == 200
        traveller.shift(timedelta(minutes=1))
        assert login(org.counsellor).get(profile(org.outsider)).status_code == 404


def test_volunteer_cannot_break_the_glass(org: Any, login: Any) -> None:
    client = login(org.volunteer)
    before = state()
    assert client.get(emergency_url(org.outsider)).status_code == 403
    assert client.post(emergency_url(org.outsider), {"reason": EMERGENCY}).status_code == 403
    assert state() == before
    assert client.get(profile(org.outsider)).status_code == 404


@pytest.mark.parametrize("reason", ["", "   ", "too short", "a          b"])
def test_emergency_needs_a_real_reason(org: Any, more_heads: Any, login: Any, reason: str) -> None:
    english(org.counsellor)
    client = login(org.counsellor)
    before = state()
    response = client.post(emergency_url(org.outsider), {"reason": reason})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert state() == before
    assert client.get(profile(org.outsider)).status_code == 404


def test_emergency_for_a_missing_record_is_404(org: Any, more_heads: Any, login: Any) -> None:
    client = login(org.counsellor)
    before = state()
    assert client.post("/access/emergency/accounts.user/999999999/", {"reason": EMERGENCY}).status_code == 404
    assert client.post(f"/access/emergency/accounts.orgunit/{org.team_b.pk}/", {"reason": EMERGENCY}).status_code == 404
    assert client.post(f"/access/emergency/no.such/{org.outsider.pk}/", {"reason": EMERGENCY}).status_code == 404
    assert state() == before


def test_emergency_access_is_personal(org: Any, more_heads: Any, login: Any) -> None:
    """The counsellor's broken glass opens nothing for anyone else, and only they (or a head) end it."""
    assert login(org.counsellor).post(emergency_url(org.outsider), {"reason": EMERGENCY}).status_code == 302
    grant = AccessGrant.objects.get()
    volunteer = login(org.volunteer)
    assert volunteer.get(profile(org.outsider)).status_code == 404
    assert volunteer.post(f"/access/grants/{grant.pk}/revoke/").status_code == 404
    assert login(org.head).get(profile(org.outsider)).status_code == 404
    outsider = login(org.outsider)
    assert outsider.get(profile(org.counsellor)).status_code == 404
    assert outsider.post(f"/access/grants/{grant.pk}/revoke/").status_code == 404
    grant.refresh_from_db()
    assert grant.revoked_at is None
    # The counsellor may close it early.
    counsellor = login(org.counsellor)
    assert counsellor.post(f"/access/grants/{grant.pk}/revoke/").status_code == 302
    assert counsellor.get(profile(org.outsider)).status_code == 404


def test_recent_emergencies_on_the_home_page(org: Any, more_heads: Any, login: Any) -> None:
    """The taker's unit head and the DPO see the emergency on their home page; the outsider (whose
    record it is, a counsellor) and the taker's colleagues do not."""
    assert login(org.counsellor).post(emergency_url(org.outsider), {"reason": EMERGENCY}).status_code == 302
    grant = AccessGrant.objects.get()
    assert grant.valid_until > timezone.now()
    for who in (org.head, org.dpo, more_heads.dept_head):
        assert [g.pk for g in login(who).get("/").context["emergencies"]] == [grant.pk], who
    for who in (org.outsider, org.volunteer):
        assert list(login(who).get("/").context["emergencies"]) == [], who


def test_emergency_access_stays_within_the_agency(org: Any, more_heads: Any, login: Any) -> None:
    """Breaking the glass opens records of one's own agency only: another agency's staff are not
    reachable, and its heads and DPO would not even see the event (it is filed under the taker's agency)."""
    from tugi.accounts.models import Role, Service, UnitKind
    from tugi.accounts.services import org_unit_create
    from tugi.core.tests.personas import make_user

    other = org_unit_create(actor=None, name="Other agency", kind=UnitKind.AGENCY, parent=None)
    stranger = make_user("stranger", other, [(Role.COUNSELLOR, Service.HELPLINE, other)])
    client = login(org.counsellor)
    before = state()
    assert client.post(emergency_url(stranger), {"reason": EMERGENCY}).status_code == 404
    assert state() == before
    assert client.get(profile(stranger)).status_code == 404
