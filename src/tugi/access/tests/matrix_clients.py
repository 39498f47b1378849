"""Permission matrix of the client pages (issue 3). Merged into ``matrix.MATRIX``.

Who sees which client: ``client_a`` (case A, team A) the counsellor, the head and the DPO;
``client_b`` (case B, team B) the outsider and the DPO. Admin and volunteer see no client. Changing
a record ("edit", "link") takes a visible case of the person, so the DPO reads but may not change;
the data-subject report is the DPO's and the unit head's. Not visible → 404, visible but not
allowed → 403.

Records of this area (``build``): two more team-A clients (one to link, one already linked to
client A) and one of each part of client A's record, for the remove and withdraw pages.
"""

from __future__ import annotations

from typing import Any

from tugi.access.tests.matrix_kit import Case, NotRequested, Redirect, Ref, only, post_only

CLIENT_A = {"pk": Ref("record", "client_a")}
CLIENT_B = {"pk": Ref("record", "client_b")}
CLIENT_PAGE = Redirect("/clients/{pk}/")
ANY_CLIENT_PAGE = Redirect("/clients/")

# Who sees client A, and who may change it.
SEES_A = {"counsellor": 200, "head": 200, "dpo": 200}
EDITS_A_GET = {"counsellor": 200, "head": 200, "dpo": 403}
EDITS_A_POST = {"counsellor": CLIENT_PAGE, "head": CLIENT_PAGE, "dpo": 403}

NEW_CLIENT = {
    "given_name": "Svetlana",
    "family_name": "Uus",
    "personal_code": "49403136515",
    "gender": "female",
    "citizenship": "UA",
    "safe_contact": "Only through the shelter",
    "language": "ru",
    "interpreter_needed": "on",
    "phone": "5123 4567",
}
CLIENT_EDIT = {
    "given_name": "Anna",
    "family_name": "Tamm-Kask",
    "gender": "female",
    "version": Ref("version", "client_a"),
}


def build(world: Any) -> dict[str, Any]:
    from datetime import date

    from tugi.cases.models import CaseType
    from tugi.cases.services import case_open
    from tugi.clients import services

    org = world.org
    client_a = world.records["client_a"]
    trafficking = CaseType.objects.get(code="trafficking")

    def team_a_client(**names: Any) -> Any:
        client = services.client_create(actor=org.counsellor, agency=org.agency, **names)
        case_open(actor=org.counsellor, case_type=trafficking, team=org.team_a, client=client)
        return client

    to_link = team_a_client(given_name="Olga", family_name="Ivanova")
    linked = team_a_client(given_name="Anna", family_name="Tamme")
    return {
        "clients_to_link": to_link,
        "clients_linked": linked,
        "clients_link": services.same_person_link(actor=org.counsellor, client=client_a, other=linked, note=""),
        "clients_alias": services.alias_add(actor=org.counsellor, client=client_a, name="Anja", kind="alias"),
        "clients_document": services.document_add(
            actor=org.counsellor,
            client=client_a,
            doc_type="passport",
            number="AB123456",
            country="UA",
            valid_until=None,
        ),
        "clients_language": services.language_add(
            actor=org.counsellor, client=client_a, language="uk", native=True, interpreter_needed=True
        ),
        "clients_contact": services.contact_add(
            actor=org.counsellor, client=client_a, kind="phone", value="+37251234567", instructions="Text first"
        ),
        "clients_consent": services.consent_record(
            actor=org.counsellor,
            client=client_a,
            scope="Name and needs",
            recipient="Shelter",
            given_on=date(2020, 1, 1),
            method="written",
            evidence="Signed form in the file",
        ),
    }


def _part(url_kind: str, record: str, data: dict[str, Any]) -> dict[str, list[Case] | NotRequested]:
    """The add page (GET and POST) and the remove POST of one part of client A's record."""
    return {
        f"clients:{url_kind}_add": [
            Case("GET", only(404, **EDITS_A_GET), kwargs=CLIENT_A),
            Case("POST", only(404, **EDITS_A_POST), kwargs=CLIENT_A, data=data),
        ],
        f"clients:{url_kind}_remove": [
            Case(
                "POST",
                only(404, **EDITS_A_POST),
                kwargs={**CLIENT_A, "item": Ref("record", record)},
            ),
            post_only(**CLIENT_A, item=Ref("record", record)),
        ],
    }


ENTRIES: dict[str, list[Case] | NotRequested] = {
    "clients:new": [
        Case("GET", only(403, counsellor=200, outsider=200, head=200), label="case workers register clients"),
        Case(
            "POST",
            only(403, counsellor=ANY_CLIENT_PAGE, outsider=ANY_CLIENT_PAGE, head=ANY_CLIENT_PAGE),
            data=NEW_CLIENT,
        ),
    ],
    "clients:detail": [
        Case("GET", only(404, **SEES_A), label="client A", kwargs=CLIENT_A),
        Case("GET", only(404, outsider=200, dpo=200), label="client B", kwargs=CLIENT_B),
        Case("GET", only(404), label="no such client", kwargs={"pk": 999_999_999}),
    ],
    "clients:edit": [
        Case("GET", only(404, **EDITS_A_GET), label="client A", kwargs=CLIENT_A),
        Case("GET", only(404, outsider=200, dpo=403), label="client B", kwargs=CLIENT_B),
        Case("POST", only(404, **EDITS_A_POST), label="client A", kwargs=CLIENT_A, data=CLIENT_EDIT),
    ],
    "clients:access_log": [
        Case("GET", only(404, **SEES_A), label="client A", kwargs=CLIENT_A),
        Case("GET", only(404, outsider=200, dpo=200), label="client B", kwargs=CLIENT_B),
    ],
    "clients:subject_report": [
        Case("GET", only(404, counsellor=403, head=200, dpo=200), label="client A", kwargs=CLIENT_A),
        Case("GET", only(404, outsider=403, dpo=200), label="client B", kwargs=CLIENT_B),
    ],
    **_part("alias", "clients_alias", {"name": "Anni", "kind": "spelling"}),
    **_part("document", "clients_document", {"doc_type": "id_card", "number": "X 998877", "country": "LV"}),
    **_part("language", "clients_language", {"language": "ru", "interpreter_needed": "on"}),
    **_part("contact", "clients_contact", {"kind": "email", "value": "anna@example.org", "instructions": ""}),
    "clients:consent_new": [
        Case("GET", only(404, **EDITS_A_GET), kwargs=CLIENT_A),
        Case(
            "POST",
            only(404, **EDITS_A_POST),
            kwargs=CLIENT_A,
            data={
                "scope": "Needs and contact details",
                "recipient": "Police and Border Guard Board",
                "given_on": "01.02.2020",
                "method": "oral",
                "evidence": "Noted in the session record",
            },
        ),
    ],
    "clients:consent_withdraw": [
        Case("GET", only(404, **EDITS_A_GET), kwargs={**CLIENT_A, "consent": Ref("record", "clients_consent")}),
        Case(
            "POST",
            only(404, **EDITS_A_POST),
            kwargs={**CLIENT_A, "consent": Ref("record", "clients_consent")},
            data={
                "withdrawn_on": "02.01.2020",
                "withdrawal_note": "Told us by phone",
                "version": Ref("version", "clients_consent"),
            },
        ),
    ],
    "clients:link": [
        Case("GET", only(404, **EDITS_A_GET), label="search page", kwargs=CLIENT_A),
        Case(
            "POST",
            only(404, **EDITS_A_POST),
            label="link client A and another team-A client",
            kwargs=CLIENT_A,
            data={"other": Ref("record", "clients_to_link"), "note": "The same passport"},
        ),
    ],
    "clients:unlink": [
        Case(
            "POST",
            only(404, **EDITS_A_POST),
            kwargs={**CLIENT_A, "item": Ref("record", "clients_link")},
        ),
        post_only(**CLIENT_A, item=Ref("record", "clients_link")),
    ],
}
