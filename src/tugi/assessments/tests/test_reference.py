"""The indicator lists as reference data: read by those who work cases, kept by service leads of
trafficking victim support and administrators, never deleted."""

from __future__ import annotations

import re

from tugi.assessments.models import Indicator
from tugi.assessments.tests.conftest import said, state
from tugi.audit.models import AuditEvent

LIST = "/cases/indicators/"
NEW = "/cases/indicators/new/"


def edit_url(indicator) -> str:
    return f"/cases/indicators/{indicator.pk}/edit/"


def first() -> Indicator:
    return Indicator.objects.get(code="AL-1.01")


NEW_INDICATOR = {
    "target": "adult",
    "exploitation": "labour",
    "dimension": "coercion_destination",
    "strength": "medium",
    "text_et": "Sunnitud elama tööandja juures",
    "text_en": "Forced to live at the employer's premises",
    "text_ru": "Принуждение жить у работодателя",
    "order": 50,
}


def test_who_reads_the_lists(world, login):
    for user in (world.org.counsellor, world.org.outsider, world.org.head, world.org.admin, world.lead):
        page = login(user).get(LIST + "?target=child&exploitation=sexual")
        assert page.status_code == 200, user
        html = page.content.decode()
        assert "CS-1.01" in html and "AL-1.01" not in html
    for user in (world.org.dpo, world.org.volunteer):
        client = login(user)
        assert client.get(LIST).status_code == 403, user
        assert client.get(edit_url(first())).status_code == 404, user


def test_counsellors_and_heads_cannot_change_the_lists(world, login):
    before = state()
    indicator = first()
    data = {"strength": "weak", "text_et": "x", "text_en": "x", "text_ru": "x", "order": 1, "version": 1}
    for user in (world.org.counsellor, world.org.outsider, world.org.head):
        client = login(user)
        assert client.get(NEW).status_code == 403
        assert client.post(NEW, NEW_INDICATOR).status_code == 403
        assert client.get(edit_url(indicator)).status_code == 403
        assert client.post(edit_url(indicator), data).status_code == 403
        assert "/cases/indicators/new/" not in client.get(LIST).content.decode()
        assert state() == before


def test_the_service_lead_adds_and_deactivates(world, login):
    client = login(world.lead)
    assert client.get(NEW).status_code == 200
    response = client.post(NEW, NEW_INDICATOR)
    created = Indicator.objects.get(text_en=NEW_INDICATOR["text_en"])
    assert response.status_code == 302
    assert created.code == "AL-5.16"  # after the 15 of the ILO list
    assert (created.strength, created.active) == ("medium", True)
    assert AuditEvent.objects.filter(action="assessments.indicator.created", object_id=str(created.pk)).exists()

    html = client.get(edit_url(created)).content.decode()
    version = int(re.search(r'name="version" value="(\d+)"', html).group(1))
    data = {k: NEW_INDICATOR[k] for k in ("strength", "text_et", "text_en", "text_ru", "order")}
    assert client.post(edit_url(created), data | {"version": version}).status_code == 302  # active unticked
    created.refresh_from_db()
    assert created.active is False
    assert AuditEvent.objects.filter(action="assessments.indicator.deactivated", object_id=str(created.pk)).exists()
    assert said("not in use") in client.get(LIST + "?target=adult&exploitation=labour").content.decode()


def test_the_admin_edits_with_a_version(world, login):
    client = login(world.org.admin)
    indicator = first()
    data = {"strength": "strong", "text_et": indicator.text_et, "text_en": "Deceived (edited)", "text_ru": "x"}
    data |= {"order": 1, "active": "on", "version": indicator.version}
    assert client.post(edit_url(indicator), data).status_code == 302
    indicator.refresh_from_db()
    assert (indicator.text_en, indicator.version) == ("Deceived (edited)", 2)
    before = state()
    stale = client.post(edit_url(indicator), data | {"text_en": "Lost update"})
    assert stale.status_code == 400
    assert "Lost update" in stale.content.decode()
    assert state() == before


def test_bad_input_changes_nothing(world, login):
    client = login(world.lead)
    before = state()
    for bad in [
        NEW_INDICATOR | {"strength": "huge"},
        NEW_INDICATOR | {"dimension": "exploitation_of_everything"},
        NEW_INDICATOR | {"text_ru": ""},
        NEW_INDICATOR | {"order": -1},
    ]:
        response = client.post(NEW, bad)
        assert response.status_code == 400, bad
        assert state() == before, bad
    assert client.get("/cases/indicators/999999999/edit/").status_code == 404
