"""Permission matrix of psychological help (issue 3). Merged into ``matrix.MATRIX``.

Decision pages are pages of a case: the counsellor (responsible) and the head (above team A) see and
decide on case A; the outsider sees case B only; admin, DPO and volunteer see no case (404). A
decision is found only through its own case: decision A asked for through case B is 404 even for the
outsider, who sees case B. The yearly cap table: read by staff with case roles (counsellor, outsider,
head) and the admin, changed by service managers and administrators only (403 for the rest).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from tugi.access.tests.matrix_kit import Case, NotRequested, Redirect, Ref, only, row  # noqa: F401

CASE_A = {"case_pk": Ref("record", "case_a")}
CASE_B = {"case_pk": Ref("record", "case_b")}
DECISION_A = {"case_pk": Ref("record", "case_a"), "pk": Ref("record", "psych_a")}
REFUSAL_A = {"case_pk": Ref("record", "case_a"), "pk": Ref("record", "psych_a_refused")}
DECISION_B = {"case_pk": Ref("record", "case_b"), "pk": Ref("record", "psych_b")}
# Decision A asked for through case B (which the outsider sees).
DECISION_A_VIA_B = {"case_pk": Ref("record", "case_b"), "pk": Ref("record", "psych_a")}
CAP = {"pk": Ref("record", "psych_cap")}

TAB = Redirect("/cases/{case_pk}/psychological-help/")
DETAIL = Redirect("/cases/{case_pk}/psychological-help/{pk}/", exact=True)
CAPS_PAGE = Redirect("/psychological-help/caps/", exact=True)

DECISION = {
    "need_assessment": "Cannot sleep; flashbacks.",
    "decided_on": "20.02.2024",
    "outcome": "granted",
    "help_form": "individual",
    "provider_name": "Tasakaal Therapy Centre",
    "provider_email": "invoices@tasakaal.example",
    "provider_phone": "",
    "sessions": "4",
    "amount": "200",
    "valid_from": "01.03.2024",
    "valid_until": "31.05.2024",
    "reasons": "Trauma symptoms.",
    "appeal_info": "",
}
DECISION_EDIT = DECISION | {"amount": "250", "version": Ref("version", "psych_a")}
NOTIFY = {"whom": "victim", "on": "01.03.2024", "version": Ref("version", "psych_a")}
NEW_CAP = {"year": "2090", "amount": "900", "basis": "Test", "note": ""}
CAP_EDIT = {"amount": "999", "basis": "Test", "note": "", "version": Ref("version", "psych_cap")}


def _values(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "need_assessment": "Assessed.",
        "decided_on": date(2024, 2, 1),
        "outcome": "granted",
        "help_form": "individual",
        "provider_name": "Provider",
        "provider_email": "p@provider.example",
        "amount": Decimal("300"),
        "valid_from": date(2024, 2, 1),
        "valid_until": date(2024, 4, 30),
        "reasons": "Reasons.",
    }
    values.update(overrides)
    return values


def build(world: Any) -> dict[str, Any]:
    from tugi.psychhelp.models import YearlyCap
    from tugi.psychhelp.services import decision_make

    org, records = world.org, world.records
    refusal = {"amount": None, "valid_from": None, "valid_until": None, "outcome": "refused"}
    return {
        "psych_a": decision_make(actor=org.counsellor, case=records["case_a"], values=_values()),
        "psych_a_refused": decision_make(actor=org.counsellor, case=records["case_a"], values=_values(**refusal)),
        "psych_b": decision_make(actor=org.outsider, case=records["case_b"], values=_values()),
        "psych_cap": YearlyCap.objects.get(year=2024),
    }


A_DECIDERS = {"counsellor": 200, "head": 200}

ENTRIES: dict[str, list[Case] | NotRequested] = {
    "psychhelp:case": [
        Case("GET", only(404, **A_DECIDERS), label="case A", kwargs=CASE_A),
        Case("GET", only(404, outsider=200), label="case B", kwargs=CASE_B),
    ],
    "psychhelp:new": [
        Case("GET", only(404, **A_DECIDERS), label="case A", kwargs=CASE_A),
        Case("POST", only(404, counsellor=TAB, head=TAB), label="grant on case A", kwargs=CASE_A, data=DECISION),
        Case(
            "POST",
            only(404, **A_DECIDERS),
            label="no reasons: refused",
            kwargs=CASE_A,
            data=DECISION | {"reasons": ""},
        ),
        Case(
            "POST",
            only(404, **A_DECIDERS),
            label="beyond the yearly cap: refused",
            kwargs=CASE_A,
            data=DECISION | {"amount": "600"},
        ),
        Case("POST", only(404, outsider=TAB), label="grant on case B", kwargs=CASE_B, data=DECISION),
    ],
    "psychhelp:detail": [
        Case("GET", only(404, **A_DECIDERS), label="decision A", kwargs=DECISION_A),
        Case("GET", only(404, outsider=200), label="decision B", kwargs=DECISION_B),
        Case("GET", only(404), label="decision A through case B", kwargs=DECISION_A_VIA_B),
    ],
    "psychhelp:edit": [
        Case("GET", only(404, **A_DECIDERS), label="decision A", kwargs=DECISION_A),
        Case(
            "POST",
            only(404, counsellor=DETAIL, head=DETAIL),
            label="decision A",
            kwargs=DECISION_A,
            data=DECISION_EDIT,
        ),
        Case("POST", only(404), label="decision A through case B", kwargs=DECISION_A_VIA_B, data=DECISION_EDIT),
    ],
    "psychhelp:notify": [
        Case("GET", only(404, **A_DECIDERS), label="decision A", kwargs=DECISION_A),
        Case("POST", only(404, counsellor=DETAIL, head=DETAIL), label="victim", kwargs=DECISION_A, data=NOTIFY),
        Case(
            "POST",
            only(404, **A_DECIDERS),
            label="provider of a refusal: refused",
            kwargs=REFUSAL_A,
            data={"whom": "provider", "on": "01.03.2024", "version": Ref("version", "psych_a_refused")},
        ),
        Case("POST", only(404), label="decision A through case B", kwargs=DECISION_A_VIA_B, data=NOTIFY),
    ],
    "psychhelp:victim_notice": [
        Case("GET", only(404, **A_DECIDERS), label="decision A", kwargs=DECISION_A),
        Case("GET", only(404, outsider=200), label="decision B", kwargs=DECISION_B),
        Case("GET", only(404), label="decision A through case B", kwargs=DECISION_A_VIA_B),
    ],
    "psychhelp:provider_notice": [
        Case("GET", only(404, **A_DECIDERS), label="decision A", kwargs=DECISION_A),
        Case("GET", only(404, counsellor=DETAIL, head=DETAIL), label="a refusal has none", kwargs=REFUSAL_A),
        Case("GET", only(404), label="decision A through case B", kwargs=DECISION_A_VIA_B),
    ],
    "psychhelp:caps": [Case("GET", only(403, counsellor=200, outsider=200, head=200, admin=200))],
    "psychhelp:cap_new": [
        Case("GET", only(403, admin=200)),
        Case("POST", only(403, admin=CAPS_PAGE), label="year 2090", data=NEW_CAP),
        Case("POST", only(403, admin=200), label="an existing year: refused", data=NEW_CAP | {"year": "2024"}),
    ],
    "psychhelp:cap_edit": [
        Case("GET", only(403, admin=200), label="2024", kwargs=CAP),
        Case("POST", only(403, admin=CAPS_PAGE), label="2024", kwargs=CAP, data=CAP_EDIT),
        Case("GET", only(404), label="no such year row", kwargs={"pk": 999_999_999}),
    ],
}
