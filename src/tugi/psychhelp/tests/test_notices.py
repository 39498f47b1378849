"""The notices of a decision: real PDFs in the language asked for, audited as exports; the provider's
notice carries nothing of the case.

What WeasyPrint is given is captured on its way in (``printed``), so the tests read the text of the
PDF without a PDF parser; the PDF itself is still made and checked to be one."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from tugi.audit.models import AuditEvent, EventKind
from tugi.psychhelp.tests.conftest import grant, state
from tugi.psychhelp.texts import standard_appeal


@pytest.fixture
def printed(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    import weasyprint

    pages: list[str] = []
    real = weasyprint.HTML

    def capture(*args: Any, **kwargs: Any) -> Any:
        pages.append(kwargs["string"])
        return real(*args, **kwargs)

    monkeypatch.setattr(weasyprint, "HTML", capture)
    yield pages


@pytest.fixture
def decision(world: Any) -> Any:
    from tugi.clients.models import Client

    Client.objects.filter(pk=world.client_a.pk).update(personal_code="49001010005")
    return grant(
        world.case_a,
        world.org.counsellor,
        "300",
        date(2024, 3, 1),
        date(2024, 5, 31),
        provider_name="Tasakaal Therapy Centre",
        reasons="Trauma symptoms after exploitation in the Narva workshop.",
        need_assessment="Panic attacks at night; fears the recruiter.",
        sessions=6,
    )


GRANTED_HEADING = {
    "et": "Otsus psühholoogilise abi osutamise kohta",
    "en": "Decision to grant psychological help",
    "ru": "Решение о предоставлении психологической помощи",
}


@pytest.mark.parametrize("lang", ["et", "en", "ru"])
def test_the_victim_notice_is_a_pdf_in_the_language_asked_for(
    world: Any, decision: Any, login: Any, printed: list[str], lang: str
) -> None:
    client = login(world.org.counsellor)  # whose own language is Estonian
    url = f"/cases/{world.case_a.pk}/psychological-help/{decision.pk}/decision.pdf?lang={lang}"
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert response["Cache-Control"] == "no-store"
    html = printed[-1]
    assert f'<html lang="{lang}">' in html
    assert GRANTED_HEADING[lang] in html
    for other in {"et", "en", "ru"} - {lang}:
        assert GRANTED_HEADING[other] not in html
    assert standard_appeal(lang) in html
    assert "30" in standard_appeal(lang)
    for fact in (
        "Agency",
        "PA-2024-0001",
        "Anna Tamm",
        "49001010005",
        "Tasakaal Therapy Centre",
        "300,00",
        "01.03.2024",
        "31.05.2024",
        "Trauma symptoms after exploitation",
        "Counsellor Test",
    ):
        assert fact in html, fact
    event = AuditEvent.objects.get(action="psychhelp.decision.notice_exported")
    assert event.kind == EventKind.EXPORT
    assert event.data == {"number": "PA-2024-0001", "notice": "victim", "lang": lang}
    assert (event.subject_type, event.subject_id) == ("clients.client", str(world.client_a.pk))


def test_without_a_choice_the_notice_is_in_the_persons_language(
    world: Any, decision: Any, login: Any, printed: list[str]
) -> None:
    from tugi.clients.models import ClientLanguage

    ClientLanguage.objects.create(client=world.client_a, language="ru", native=True)
    client = login(world.org.counsellor)
    response = client.get(f"/cases/{world.case_a.pk}/psychological-help/{decision.pk}/decision.pdf")
    assert response.content.startswith(b"%PDF-")
    assert GRANTED_HEADING["ru"] in printed[-1]
    assert (
        client.get(f"/cases/{world.case_a.pk}/psychological-help/{decision.pk}/decision.pdf?lang=xx").status_code == 200
    )
    assert GRANTED_HEADING["ru"] in printed[-1]  # an unknown language falls back the same way


def test_a_changed_appeal_text_is_printed_as_written(world: Any, login: Any, printed: list[str]) -> None:
    decision = grant(world.case_a, world.org.counsellor, "100", date(2024, 3, 1), appeal_info="Call us first: 116 006.")
    client = login(world.org.counsellor)
    client.get(f"/cases/{world.case_a.pk}/psychological-help/{decision.pk}/decision.pdf?lang=en")
    assert "Call us first: 116 006." in printed[-1]
    assert standard_appeal("en") not in printed[-1]


def test_the_refusal_notice_says_so(world: Any, login: Any, printed: list[str]) -> None:
    from tugi.psychhelp.services import decision_make

    refusal = decision_make(
        actor=world.org.counsellor,
        case=world.case_a,
        values={
            "need_assessment": "Asked for couples therapy.",
            "decided_on": date(2024, 3, 1),
            "outcome": "refused",
            "reasons": "Already in therapy paid by the health insurance fund.",
        },
    )
    client = login(world.org.counsellor)
    response = client.get(f"/cases/{world.case_a.pk}/psychological-help/{refusal.pk}/decision.pdf?lang=et")
    assert response.content.startswith(b"%PDF-")
    assert "Otsus psühholoogilise abi osutamata jätmise kohta" in printed[-1]
    assert "Already in therapy" in printed[-1]


@pytest.mark.parametrize("lang", ["et", "en", "ru"])
def test_the_provider_notice_carries_only_what_the_provider_needs(
    world: Any, decision: Any, login: Any, printed: list[str], lang: str
) -> None:
    client = login(world.org.counsellor)
    response = client.get(f"/cases/{world.case_a.pk}/psychological-help/{decision.pk}/provider-notice.pdf?lang={lang}")
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    html = printed[-1]
    for fact in (
        "Agency",
        "PA-2024-0001",
        "Anna Tamm",
        "Tasakaal Therapy Centre",
        "300,00",
        "01.03.2024",
        "31.05.2024",
    ):
        assert fact in html, fact
    invoicing = {"et": "Arve esitamine", "en": "Invoicing", "ru": "Выставление счёта"}[lang]
    assert invoicing in html
    # Nothing of the case: no reference, type or team, no reasons or assessment, no personal code.
    case = world.case_a
    for secret in (
        case.reference,
        "IK-",
        case.case_type.name_et,
        case.case_type.name_en,
        case.case_type.name_ru,
        "Team A",
        "Trauma symptoms",
        "Panic attacks",
        "49001010005",
        "exploitation",
        "trafficking",
    ):
        assert secret not in html, secret
    event = AuditEvent.objects.get(action="psychhelp.decision.notice_exported")
    assert event.kind == EventKind.EXPORT and event.data["notice"] == "provider"


def test_a_refused_decision_has_no_provider_notice(world: Any, login: Any, printed: list[str]) -> None:
    from tugi.psychhelp.services import decision_make

    refusal = decision_make(
        actor=world.org.counsellor,
        case=world.case_a,
        values={"need_assessment": "x", "decided_on": date(2024, 3, 1), "outcome": "refused", "reasons": "y"},
    )
    client = login(world.org.counsellor)
    before = state()
    response = client.get(f"/cases/{world.case_a.pk}/psychological-help/{refusal.pk}/provider-notice.pdf")
    assert response.status_code == 302
    assert printed == [] and state() == before


def test_outsiders_get_no_notice_and_nothing_is_recorded(
    world: Any, decision: Any, login: Any, printed: list[str]
) -> None:
    org = world.org
    before = state()
    for persona, status in ((org.outsider, 404), (org.dpo, 404), (org.admin, 404)):
        client = login(persona)
        for name in ("decision.pdf", "provider-notice.pdf"):
            url = f"/cases/{world.case_a.pk}/psychological-help/{decision.pk}/{name}?lang=en"
            assert client.get(url).status_code == status, (persona, name)
    assert printed == [] and state() == before
