"""The audit viewer /audit/ and its CSV export: who may open them, filters, bad input, paging, and
that reading the trail is itself recorded."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tugi.audit.models import AuditEvent, EventKind
from tugi.audit.services import record
from tugi.core.tests.personas import make_user

TALLINN = ZoneInfo("Europe/Tallinn")


@pytest.fixture
def dpo(org: Any, login: Any) -> Any:
    """The DPO's client, in English so the error messages can be read here."""
    from tugi.accounts.models import User

    User.objects.filter(pk=org.dpo.pk).update(language="en")
    return login(org.dpo)


def _page(client: Any, params: dict[str, Any] | None = None) -> Any:
    response = client.get("/audit/", params or {})
    assert response.status_code == 200
    return response


def _rows(client: Any, **params: Any) -> list[AuditEvent]:
    page = _page(client, params).context["page"]
    assert page.next_cursor is None, "the filter tests expect one page"
    return list(page.items)


def _ids(events: list[AuditEvent]) -> set[int]:
    return {e.pk for e in events}


@pytest.fixture
def trail(org: Any) -> dict[str, AuditEvent]:
    """Events of several shapes, each a target of one filter."""
    counsellor, outsider = org.counsellor, org.outsider
    return {
        "counsellor_read": record(
            "accounts.user.viewed",
            actor=counsellor,
            kind=EventKind.READ,
            obj=outsider,
            subject=("accounts.user", str(outsider.pk)),
        ),
        "outsider_change": record("accounts.user.updated", actor=outsider, obj=outsider),
        "emergency": record(
            "access.emergency.opened",
            actor=counsellor,
            flagged=True,
            reason="Client in danger, needs help now",
            object_type="access.accessgrant",
            object_id="77",
            subject=("accounts.user", str(outsider.pk)),
        ),
        "grant": record("access.grant.created", actor=org.head, object_type="access.accessgrant", object_id="78"),
        "export": record("audit.trail.exported", actor=org.dpo, kind=EventKind.EXPORT),
    }


# --- who may open it ---------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["counsellor", "outsider", "head", "admin", "volunteer"])
@pytest.mark.parametrize("url", ["/audit/", "/audit/export.csv"])
def test_only_the_dpo_reads_the_trail(org: Any, login: Any, persona: str, url: str) -> None:
    client = login(getattr(org, persona))
    before = AuditEvent.objects.filter(action__startswith="audit.trail").count()
    assert client.get(url).status_code == 403
    assert AuditEvent.objects.filter(action__startswith="audit.trail").count() == before


@pytest.mark.parametrize("url", ["/audit/", "/audit/export.csv"])
def test_anonymous_is_sent_to_login(client: Any, db: Any, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_dpo_sees_the_trail_and_viewing_is_recorded(org: Any, dpo: Any, trail: dict[str, AuditEvent]) -> None:
    shown = _rows(dpo)
    assert _ids(list(trail.values())) <= _ids(shown)
    viewed = AuditEvent.objects.filter(action="audit.trail.viewed", actor=org.dpo)
    assert viewed.count() == 1
    assert viewed.get().kind == EventKind.READ
    _rows(dpo, action="access")
    latest = viewed.order_by("-id").first()
    assert viewed.count() == 2
    assert latest.data == {"filters": {"action": "access"}}


def test_another_agency_is_not_shown(org: Any, dpo: Any, trail: dict[str, AuditEvent]) -> None:
    """The outsider agency: its events stay with its own DPO, and its staff cannot be picked as filter."""
    from tugi.accounts.models import Role, UnitKind
    from tugi.accounts.services import org_unit_create

    other = org_unit_create(actor=None, name="Other agency", kind=UnitKind.AGENCY, parent=None)
    stranger = make_user("stranger", other, [(Role.ADMIN, "", other)])
    theirs = record("accounts.user.updated", actor=stranger, obj=stranger)
    assert theirs.agency_id == other.pk
    assert theirs.pk not in _ids(_rows(dpo))
    response = _page(dpo, {"actor": stranger.username})
    assert response.context["form"].errors["actor"]
    assert list(response.context["page"].items) == []


# --- filters -------------------------------------------------------------------------------------


def test_filter_by_user(org: Any, dpo: Any, trail: dict[str, AuditEvent]) -> None:
    shown = _rows(dpo, actor=org.counsellor.username)
    assert {trail["counsellor_read"].pk, trail["emergency"].pk} <= _ids(shown)
    assert all(e.actor_id == org.counsellor.pk for e in shown)


def test_filter_by_person(org: Any, dpo: Any, trail: dict[str, AuditEvent]) -> None:
    shown = _rows(dpo, subject=f"accounts.user:{org.outsider.pk}")
    assert _ids(shown) == {trail["counsellor_read"].pk, trail["emergency"].pk}


def test_filter_by_record(org: Any, dpo: Any, trail: dict[str, AuditEvent]) -> None:
    assert _ids(_rows(dpo, record="access.accessgrant:78")) == {trail["grant"].pk}
    shown = _rows(dpo, record=f"accounts.user:{org.outsider.pk}")
    assert {trail["counsellor_read"].pk, trail["outsider_change"].pk} <= _ids(shown)
    assert trail["emergency"].pk not in _ids(shown)
    assert {(e.object_type, e.object_id) for e in shown} == {("accounts.user", str(org.outsider.pk))}


def test_filter_by_action_prefix(dpo: Any, trail: dict[str, AuditEvent]) -> None:
    shown = _rows(dpo, action="access.")
    assert _ids(shown) == {trail["emergency"].pk, trail["grant"].pk}
    assert _ids(_rows(dpo, action="access.grant.created")) == {trail["grant"].pk}


def test_filter_by_kind(dpo: Any, trail: dict[str, AuditEvent]) -> None:
    shown = _rows(dpo, kind=EventKind.EXPORT)
    assert trail["export"].pk in _ids(shown)
    assert {e.kind for e in shown} == {EventKind.EXPORT}
    reads = _rows(dpo, kind=EventKind.READ)
    assert trail["counsellor_read"].pk in _ids(reads)
    assert {e.kind for e in reads} == {EventKind.READ}


def test_filter_flagged(dpo: Any, trail: dict[str, AuditEvent]) -> None:
    assert _ids(_rows(dpo, flagged="on")) == {trail["emergency"].pk}


def test_filters_combine(org: Any, dpo: Any, trail: dict[str, AuditEvent]) -> None:
    shown = _rows(dpo, actor=org.counsellor.username, subject=f"accounts.user:{org.outsider.pk}", flagged="on")
    assert _ids(shown) == {trail["emergency"].pk}
    assert _rows(dpo, actor=org.head.username, flagged="on") == []


def test_filter_by_period_uses_local_days(org: Any, dpo: Any) -> None:
    """dd.mm.yyyy in Europe/Tallinn: 23:30 on the 10th is the 10th; 00:30 on the 11th is not,
    although both are on the 10th in UTC."""
    times = {
        "9th": datetime(2026, 3, 9, 12, 0, tzinfo=TALLINN),
        "10th late": datetime(2026, 3, 10, 23, 30, tzinfo=TALLINN),
        "11th early": datetime(2026, 3, 11, 0, 30, tzinfo=TALLINN),
        "12th": datetime(2026, 3, 12, 12, 0, tzinfo=TALLINN),
    }
    made = {}
    for label, moment in times.items():
        with time_machine.travel(moment, tick=False):
            made[label] = record("accounts.user.updated", actor=org.admin, obj=org.counsellor)
    ids = {label: e.pk for label, e in made.items()}
    assert _ids(_rows(dpo, date_from="10.03.2026", date_to="10.03.2026")) == {ids["10th late"]}
    assert _ids(_rows(dpo, date_from="10.03.2026", date_to="11.03.2026")) == {ids["10th late"], ids["11th early"]}
    assert _ids(_rows(dpo, date_to="09.03.2026")) == {ids["9th"]}
    from_11th = _ids(_rows(dpo, date_from="11.03.2026", actor=org.admin.username))
    assert {ids["11th early"], ids["12th"]} <= from_11th
    assert ids["10th late"] not in from_11th


# --- bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"date_from": "12.03.2026", "date_to": "10.03.2026"}, "__all__", "The start date is after the end date."),
        ({"subject": "abc"}, "subject", "Write the person as kind:number, e.g. accounts.user:12."),
        ({"subject": "accounts.user:abc"}, "subject", "Write the person as kind:number"),
        ({"record": "accounts.user"}, "record", "Write the record as kind:number"),
        ({"action": "DROP TABLE"}, "action", "Actions are lower-case words joined by dots."),
        ({"kind": "secret"}, "kind", "Select a valid choice."),
        ({"date_from": "31.02.2026"}, "date_from", "Enter a valid date."),
        ({"actor": "abc"}, "actor", "No user with this username within your access."),
    ],
)
def test_bad_filter_gives_an_error_and_no_rows(
    dpo: Any, trail: dict[str, AuditEvent], params: dict[str, str], field: str, message: str
) -> None:
    response = _page(dpo, params)
    errors = response.context["form"].errors
    assert field in errors
    assert message in " ".join(errors[field])
    assert message in response.content.decode()
    assert list(response.context["page"].items) == []


def test_bad_filter_export_is_refused_and_not_recorded(dpo: Any, trail: dict[str, AuditEvent]) -> None:
    before = AuditEvent.objects.filter(action="audit.trail.exported").count()
    response = dpo.get("/audit/export.csv", {"subject": "abc"})
    assert response.status_code == 400
    assert "Write the person as kind:number" in response.content.decode()
    assert AuditEvent.objects.filter(action="audit.trail.exported").count() == before


def test_a_garbled_cursor_starts_at_the_beginning(dpo: Any, trail: dict[str, AuditEvent]) -> None:
    garbled = _ids(_rows(dpo, after="not-a-cursor", action="access"))
    assert garbled == _ids(_rows(dpo, action="access")) == {trail["emergency"].pk, trail["grant"].pk}


# --- keyset pagination ---------------------------------------------------------------------------


def test_paging_follows_the_cursor_without_duplicates_or_gaps(org: Any, dpo: Any) -> None:
    # 130 events, most of them in the same microsecond: only the id breaks those ties.
    with time_machine.travel(datetime(2026, 5, 4, 10, 0, tzinfo=TALLINN), tick=False):
        for i in range(100):
            record("accounts.user.viewed", actor=org.counsellor, kind=EventKind.READ, data={"i": i})
    for i in range(30):
        record("accounts.user.viewed", actor=org.counsellor, kind=EventKind.READ, data={"j": i})
    expected = list(AuditEvent.objects.filter(kind="read").order_by("-at", "-id").values_list("pk", flat=True))
    assert 130 <= len(expected) <= 150  # three pages

    seen: list[int] = []
    params: dict[str, str] = {"kind": "read"}
    pages = 0
    while True:
        page = _page(dpo, params).context["page"]
        pages += 1
        assert len(page.items) <= 50
        seen.extend(e.pk for e in page.items)
        if page.next_cursor is None:
            break
        assert len(page.items) == 50
        params = {"kind": "read", "after": page.next_cursor}
        assert pages < 10
    assert len(seen) == len(set(seen)), "a row appeared on two pages"
    assert seen == expected, "rows missing or out of order"
    assert pages == 3


def test_next_page_link_keeps_the_filters(org: Any, dpo: Any) -> None:
    for i in range(55):
        record("accounts.user.viewed", actor=org.counsellor, kind=EventKind.READ, data={"i": i})
    response = _page(dpo, {"actor": org.counsellor.username})
    cursor = response.context["page"].next_cursor
    assert cursor
    assert f"?actor={org.counsellor.username}&amp;after={cursor}" in response.content.decode()


# --- CSV export ----------------------------------------------------------------------------------


def _csv(response: Any) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(body)))


def test_export_returns_csv_and_is_recorded(org: Any, dpo: Any, trail: dict[str, AuditEvent]) -> None:
    response = dpo.get("/audit/export.csv", {"subject": f"accounts.user:{org.outsider.pk}"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="tugi-audit-')
    rows = _csv(response)
    assert rows[0][:4] == ["seq", "time", "kind", "action"]
    actions = [r[3] for r in rows[1:]]
    assert sorted(actions) == ["access.emergency.opened", "accounts.user.viewed"]
    emergency = next(r for r in rows[1:] if r[3] == "access.emergency.opened")
    assert emergency[4] == "counsellor"
    assert emergency[7] == "yes"
    assert emergency[8] == "Client in danger, needs help now"
    assert len(emergency[11]) == 64  # the row's hash, to check against the database later
    exported = AuditEvent.objects.exclude(pk=trail["export"].pk).get(action="audit.trail.exported", actor=org.dpo)
    assert exported.kind == EventKind.EXPORT
    assert exported.data == {"filters": {"subject": f"accounts.user:{org.outsider.pk}"}}


def test_export_without_filters_has_every_visible_row(dpo: Any, trail: dict[str, AuditEvent]) -> None:
    visible = AuditEvent.objects.count()
    rows = _csv(dpo.get("/audit/export.csv"))
    # The export event is written before the rows are read, so it is in the file too.
    assert len(rows) - 1 == visible + 1
    assert {r[3] for r in rows[1:]} >= {e.action for e in trail.values()}


@pytest.mark.parametrize("typed", ['=HYPERLINK("http://evil.example")', "+1+1", "-2+3", "@SUM(A1)"])
def test_export_defuses_spreadsheet_formulas(org: Any, dpo: Any, typed: str) -> None:
    """Reasons and typed user names are anyone's text: a spreadsheet must not run them as formulas."""
    record("access.emergency.opened", actor=org.counsellor, flagged=True, reason=typed)
    record("accounts.session.login_failed", actor=None, kind=EventKind.AUTH, actor_label=typed, agency_id=org.agency.pk)
    rows = _csv(dpo.get("/audit/export.csv"))
    cells = [cell for row in rows for cell in row]
    assert typed not in cells
    assert cells.count("'" + typed) == 2


def test_action_filter_matches_whole_dotted_words(org, login):
    from tugi.audit.services import record

    record("accounts.users.exported", actor=org.admin, data={})
    record("accounts.user.updated", actor=org.admin, data={})
    page = login(org.dpo).get("/audit/", {"action": "accounts.user"}).content.decode()
    assert "accounts.user.updated" in page
    assert "accounts.users.exported" not in page


def test_events_of_no_agency_stay_in_the_trail_but_in_no_dpos_view(org, login):
    from tugi.audit.models import AuditEvent
    from tugi.audit.services import record

    record("accounts.session.login_failed", actor=None, kind=EventKind.AUTH, actor_label="nobody-by-this-name")
    assert AuditEvent.objects.filter(actor_label="nobody-by-this-name", agency__isnull=True).exists()
    page = login(org.dpo).get("/audit/", {"action": "accounts.session"}).content.decode()
    assert "nobody-by-this-name" not in page


def test_views_of_the_trail_are_recorded_but_left_out_of_the_default_view(org, login):
    from tugi.audit.models import AuditEvent

    client = login(org.dpo)
    client.get("/audit/")
    client.get("/audit/")
    assert AuditEvent.objects.filter(action="audit.trail.viewed", actor=org.dpo).count() == 2
    default = client.get("/audit/").content.decode()
    assert "audit.trail.viewed" not in default
    assert "audit.trail.viewed" in client.get("/audit/", {"action": "audit"}).content.decode()
