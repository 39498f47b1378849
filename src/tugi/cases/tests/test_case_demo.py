"""The demo cases: made through the services, idempotent, and what the demo counsellor sees."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone

from tugi.audit.models import AuditEvent
from tugi.cases.models import Case, CaseStatus, VictimStatus
from tugi.clients.models import ClientLanguage
from tugi.core.demo import load_demo


def test_demo_cases_once(db: Any, client: Any) -> None:
    first = load_demo()
    assert first["cases_created"] == 4
    counts = (Case.objects.count(), AuditEvent.objects.count())
    second = load_demo()
    assert second["cases_created"] == 0
    assert (Case.objects.count(), AuditEvent.objects.count()) == counts

    cases = {c.client.display_name: c for c in Case.objects.select_related("client", "case_type", "team")}
    assert set(cases) == {"Olga Petrova", "Lan Nguyen Thi", "Tiina Mägi", "Irina M."}
    assert {c.team.name for c in cases.values()} == {"Inimkaubandusohvrite tugiteenuste tiim"}
    assert {c.workers.get().user.username for c in cases.values()} == {"counsellor"}

    presumed = cases["Olga Petrova"]
    assert presumed.victim_status == VictimStatus.PRESUMED and presumed.client.high_risk
    assert ClientLanguage.objects.filter(client=presumed.client, language="ru", interpreter_needed=True).exists()
    left = presumed.service_days_left(timezone.localdate())
    assert left is not None and 0 <= left <= settings.TUGI_SERVICE_PERIOD_WARNING_DAYS
    assert presumed.intake.on_call and presumed.intake.source == "police"

    identified = cases["Lan Nguyen Thi"]
    assert identified.victim_status == VictimStatus.IDENTIFIED
    assert identified.reflection_periods.get().is_current(timezone.localdate())

    assert cases["Tiina Mägi"].case_type.code == "victim_support"

    closed = cases["Irina M."]
    assert closed.status == CaseStatus.CLOSED and closed.close_reason == "return_home"
    assert str(closed.return_country) == "MD" and closed.return_partner

    # The demo counsellor opens each of them.
    client.post("/accounts/login/", {"login": "counsellor", "password": settings.TUGI_DEMO_PASSWORD})
    for case in cases.values():
        assert client.get(f"/cases/{case.pk}/").status_code == 200
