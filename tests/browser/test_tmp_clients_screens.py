"""TEMPORARY (clients helper): screenshots of the client pages at phone width; deleted after use."""
from datetime import date

import pytest

pytestmark = pytest.mark.browser
WIDTH = 360


def test_screens(org, new_page, log_in, assert_accessible):
    from tugi.cases.models import CaseType
    from tugi.cases.services import case_open
    from tugi.clients import services
    anna = services.client_create(actor=org.counsellor, agency=org.agency, given_name="Anna", family_name="Tamm",
        personal_code="49403136515", birth_date=date(1994, 3, 13), gender="female", high_risk=True,
        perpetrator_may_search=True, safe_contact="Never call after 18:00; only through the shelter.")
    case_open(actor=org.counsellor, case_type=CaseType.objects.get(code="trafficking"), team=org.team_a, client=anna)
    services.alias_add(actor=org.counsellor, client=anna, name="Anja", kind="alias")
    services.document_add(actor=org.counsellor, client=anna, doc_type="passport", number="FP123456", country="UA", valid_until=date(2030,1,1))
    services.language_add(actor=org.counsellor, client=anna, language="ru", native=True, interpreter_needed=True)
    services.contact_add(actor=org.counsellor, client=anna, kind="phone", value="+37251234567", instructions="Text first")
    services.consent_record(actor=org.counsellor, client=anna, scope="Name and needs", recipient="PPA", given_on=date(2025,1,1), method="written", evidence="Signed form")
    page = new_page(viewport={"width": WIDTH, "height": 740}, is_mobile=True, has_touch=True)
    log_in(page, "counsellor")
    page.goto(f"/clients/{anna.pk}/")
    page.screenshot(path="/tmp/clients_detail.png", full_page=True)
    print("detail width", page.evaluate("document.documentElement.scrollWidth"))
    assert_accessible(page)
    page.goto("/clients/new/")
    page.locator("#id_given_name").fill("Anna")
    page.locator("#id_family_name").fill("Tamm")
    page.locator("#id_birth_date").fill("13.03.1994")
    page.locator("form.stacked button[type=submit]").click()
    page.wait_for_load_state()
    page.screenshot(path="/tmp/clients_new_dups.png", full_page=True)
    print("new width", page.evaluate("document.documentElement.scrollWidth"))
    assert_accessible(page)
    page.goto(f"/clients/{anna.pk}/same-person/?q=anna")
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"/clients/{anna.pk}/")
    page.screenshot(path="/tmp/clients_detail_wide.png", full_page=True)
