"""Permission matrix of the clients and cases pages (issue 3). Merged into ``matrix.MATRIX``.

Base records (``conftest.base_cases``): ``case_a`` / ``client_a`` of team A (the counsellor
responsible, the head above), ``case_b`` / ``client_b`` of team B (the outsider named). Who sees
what: the counsellor and head see case A; the outsider sees case B only; admin, DPO and volunteer
see no case. The DPO sees every client of the agency (data-subject requests), but opens no cases.

This module: the case core (intake, overview, edit, workers, lifecycle, trafficking status,
reflection periods). ``build`` adds ``case_w``, a trafficking case of team A with a co-worker who
is no persona (so no persona's reach changes) and a reflection period in force, for the worker and
reflection pages; and the trafficking case type, whose pk the intake form posts.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from tugi.access.tests.matrix_kit import Case, NotRequested, Redirect, Ref, only, post_only

CASE_A = {"pk": Ref("record", "case_a")}
CASE_B = {"pk": Ref("record", "case_b")}
CASE_W = {"pk": Ref("record", "case_w")}
CLIENT_A = {"client_pk": Ref("record", "client_a")}
CO_WORKER = {"pk": Ref("record", "case_w"), "worker_pk": Ref("record", "case_w_co_worker")}
CO_WORKER_OF_B = {"pk": Ref("record", "case_w"), "worker_pk": Ref("record", "case_b_worker")}
REFLECTION = {"pk": Ref("record", "case_w"), "period_pk": Ref("record", "case_w_reflection")}

TO_CASE = Redirect("/cases/{pk}/", exact=True)
TO_NEW_CASE = Redirect("/cases/")  # the new case's page: its pk is not known in advance

TODAY = f"{timezone.localdate():%d.%m.%Y}"


def seen_by_a(answer: Any) -> dict[str, Any]:
    """The counsellor and the head get ``answer``; everyone else 404, the anonymous the login page."""
    return only(404, counsellor=answer, head=answer)


def build(world: Any) -> dict[str, Any]:
    from tugi.accounts.models import Role, Service
    from tugi.cases.models import CaseType, CaseWorker, WorkerRole
    from tugi.cases.services import case_open, reflection_start
    from tugi.clients.services import client_create
    from tugi.core.tests.personas import make_user

    org = world.org
    trafficking = CaseType.objects.get(code="trafficking")
    person = client_create(actor=org.counsellor, agency=org.agency, given_name="Wera", family_name="Worker")
    case_w = case_open(actor=org.counsellor, case_type=trafficking, team=org.team_a, client=person)
    colleague = make_user("cases_core_colleague", org.agency, [(Role.COUNSELLOR, Service.TRAFFICKING, org.team_a)])
    co_worker = CaseWorker.objects.create(case=case_w, user=colleague, role=WorkerRole.CO_WORKER)
    today = timezone.localdate()
    period = reflection_start(
        actor=org.counsellor,
        case=case_w,
        starts_on=today - timedelta(days=10),
        ends_on=today + timedelta(days=25),
    )
    return {
        "case_type_trafficking": trafficking,
        "case_w": case_w,
        "case_w_co_worker": co_worker,
        "case_b_worker": world.records["case_b"].workers.get(),
        "case_w_reflection": period,
    }


NEW_INTAKE = {
    "case_type": Ref("record", "case_type_trafficking"),
    "team": Ref("unit", "team_a"),
    "received_at": "01.01.2026 03:10",
    "source": "police",
    "caller_name": "Duty officer",
    "caller_phone": "+372 5123 4567",
    "location": "Police station",
    "needs": ["shelter", "interpreter"],
    "given_name": "Olga",
    "family_name": "Matrix",
    "gender": "female",
    "language": "ru",
    "interpreter_needed": "on",
    "presumed_victim": "on",
}
NEW_FOR_CLIENT = {
    "case_type": Ref("record", "case_type_trafficking"),
    "team": Ref("unit", "team_a"),
    "received_at": "01.01.2026 10:00",
    "source": "self",
}
CASE_A_EDIT = {
    "team": Ref("unit", "team_a"),
    "confidentiality": "high",
    "review_on": "31.12.2099",
    "version": Ref("version", "case_a"),
}
ADD_WORKER = {"user": Ref("user", "volunteer"), "role": "co_worker"}
ACTIVATE = {"action": "activate", "reason": "Crisis counselling done, the work begins"}
RESUME_FROM_INTAKE = {"action": "resume", "reason": "Not possible from intake"}
CLOSE = {"reason": "needs_met", "closed_on": TODAY, "note": "All needs met"}
PRESUMED = {"status": "presumed", "on": TODAY, "basis": "PPA notice"}
REFLECTION_NEW = {"starts_on": "01.01.2099", "ends_on": "30.01.2099", "decided_by": "Prosecutor"}
REFLECTION_END = {
    "on": TODAY,
    "note": "The victim decided to cooperate",
    "version": Ref("version", "case_w_reflection"),
}


ENTRIES: dict[str, list[Case] | NotRequested] = {
    "cases:intake": [
        Case("GET", only(403, counsellor=200, outsider=200, head=200), label="counsellors, leads and heads"),
        Case(
            "POST",
            only(403, counsellor=TO_NEW_CASE, head=TO_NEW_CASE, outsider=200),
            label="new person in team A (the outsider's teams do not include it)",
            data=NEW_INTAKE,
        ),
    ],
    "cases:new_for_client": [
        Case("GET", only(404, counsellor=200, head=200, dpo=403), label="client A", kwargs=CLIENT_A),
        Case(
            "POST",
            only(404, counsellor=TO_NEW_CASE, head=TO_NEW_CASE, dpo=403),
            label="client A, a second case",
            kwargs=CLIENT_A,
            data=NEW_FOR_CLIENT,
        ),
    ],
    "cases:detail": [
        Case("GET", seen_by_a(200), label="case A", kwargs=CASE_A),
        Case("GET", only(404, outsider=200), label="case B", kwargs=CASE_B),
        Case("GET", only(404), label="no such case", kwargs={"pk": 999_999_999}),
    ],
    "cases:edit": [
        Case("GET", seen_by_a(200), label="case A", kwargs=CASE_A),
        Case("GET", only(404, outsider=200), label="case B", kwargs=CASE_B),
        Case("POST", seen_by_a(TO_CASE), label="case A", kwargs=CASE_A, data=CASE_A_EDIT),
    ],
    "cases:worker_add": [
        Case("GET", seen_by_a(200), label="case A", kwargs=CASE_A),
        Case("POST", seen_by_a(TO_CASE), label="the volunteer as co-worker", kwargs=CASE_A, data=ADD_WORKER),
    ],
    "cases:worker_remove": [
        Case("POST", seen_by_a(TO_CASE), label="co-worker of case W", kwargs=CO_WORKER),
        Case("POST", only(404), label="a worker of case B under case W", kwargs=CO_WORKER_OF_B),
        post_only(**CO_WORKER),
    ],
    "cases:make_responsible": [
        Case("POST", seen_by_a(TO_CASE), label="co-worker of case W", kwargs=CO_WORKER),
        Case("POST", only(404), label="a worker of case B under case W", kwargs=CO_WORKER_OF_B),
        post_only(**CO_WORKER),
    ],
    "cases:transition": [
        Case("GET", seen_by_a(200), label="case A", kwargs=CASE_A),
        Case("POST", seen_by_a(TO_CASE), label="activate case A", kwargs=CASE_A, data=ACTIVATE),
        Case("POST", seen_by_a(200), label="resume from intake: refused", kwargs=CASE_A, data=RESUME_FROM_INTAKE),
    ],
    "cases:close": [
        Case("GET", seen_by_a(200), label="case A", kwargs=CASE_A),
        Case("POST", seen_by_a(TO_CASE), label="close case A", kwargs=CASE_A, data=CLOSE),
    ],
    "cases:victim_status": [
        Case("GET", seen_by_a(200), label="case A", kwargs=CASE_A),
        Case("GET", only(404, outsider=403), label="case B is no trafficking case", kwargs=CASE_B),
        Case("POST", seen_by_a(TO_CASE), label="presumed victim", kwargs=CASE_A, data=PRESUMED),
    ],
    "cases:reflection_new": [
        Case("GET", seen_by_a(200), label="case A", kwargs=CASE_A),
        Case("GET", only(404, outsider=403), label="case B is no trafficking case", kwargs=CASE_B),
        Case("POST", seen_by_a(TO_CASE), label="30 days", kwargs=CASE_A, data=REFLECTION_NEW),
    ],
    "cases:reflection_end_early": [
        Case("GET", seen_by_a(200), label="case W's period", kwargs=REFLECTION),
        Case("POST", seen_by_a(TO_CASE), label="ended today", kwargs=REFLECTION, data=REFLECTION_END),
    ],
}
