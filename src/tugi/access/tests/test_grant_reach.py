"""Who sees an emergency grant, whom one may grant to, and breaking glass on a record one already sees."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tugi.access.models import AccessGrant, GrantKind
from tugi.access.services import emergency_access_open, grant_create
from tugi.audit.models import AuditEvent
from tugi.notifications.models import Notification

REASON = "Client called the crisis line; her counsellor is unreachable"


def test_head_over_the_record_sees_and_revokes_the_emergency_grant(org, more_heads, login):
    grant, _url = emergency_access_open(
        user=org.counsellor, kind="accounts.user", target_id=org.outsider.pk, reason=REASON
    )
    assert grant is not None and grant.responsible_path == org.team_b.path

    client = login(more_heads.head_b)
    page = client.get("/access/grants/?kind=emergency").content.decode()
    assert REASON in page
    response = client.post(f"/access/grants/{grant.pk}/revoke/")
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.revoked_by == more_heads.head_b


def test_staff_without_a_relation_do_not_see_the_emergency_grant(org, login):
    emergency_access_open(user=org.counsellor, kind="accounts.user", target_id=org.outsider.pk, reason=REASON)
    # The outsider is neither taker, granter, head over the taker or the record, admin nor DPO.
    page = login(org.outsider).get("/access/grants/").content.decode()
    assert REASON not in page


def test_grant_only_to_people_within_reach(org, more_heads):
    with pytest.raises(ValidationError):
        grant_create(
            granter=more_heads.head_b,
            grantee=org.counsellor,  # in Unit A: outside head_b's reach
            kind="accounts.user",
            target_id=org.outsider.pk,
            reason="Cover for the colleague on leave",
            valid_until=timezone.now() + timedelta(days=1),
        )
    assert not AccessGrant.objects.filter(kind=GrantKind.GRANT).exists()


def test_breaking_glass_on_a_record_already_visible_takes_nothing(org):
    events_before = AuditEvent.objects.count()
    grant, url = emergency_access_open(user=org.head, kind="accounts.user", target_id=org.counsellor.pk, reason=REASON)
    assert grant is None
    assert url == f"/manage/users/{org.counsellor.pk}/"
    assert not AccessGrant.objects.exists()
    assert not Notification.objects.exists()
    assert AuditEvent.objects.count() == events_before


def test_system_action_is_filed_under_the_records_agency(org):
    event = AuditEvent.objects.get(action="accounts.user.created", object_id=str(org.counsellor.pk))
    assert event.actor_id is None
    assert event.agency_id == org.agency.pk
