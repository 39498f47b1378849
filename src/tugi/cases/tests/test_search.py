"""Search in the case list (/cases/?q=): by name (fuzzy), alias, personal code, document number and
reference; always within the visible cases; every hit list recorded in the audit trail."""

from __future__ import annotations

import re

import pytest

from tugi.audit.models import AuditEvent, EventKind
from tugi.cases.tests.test_list_kit import add_alias, add_document, english, open_case, references

URL = "/cases/"
CODE = "49001010001"  # a valid Estonian personal code


@pytest.fixture(autouse=True)
def _english(org):
    english(org.counsellor, org.outsider, org.head)


@pytest.fixture
def people(org):
    """Team A: Anna Tamm (with a code, an alias and a passport) and Mari Jõgi; team B: a Tamm too."""
    tamm = open_case(org, given_name="Anna", family_name="Tamm", personal_code=CODE)
    add_alias(tamm.client, "Anja Tammik")
    add_document(tamm.client, "FX1234567")
    jogi = open_case(org, given_name="Mari", family_name="Jõgi")
    other = open_case(org, actor=org.outsider, type_code="victim_support", given_name="Peeter", family_name="Tamm")
    add_alias(other.client, "Anja Tammik")
    add_document(other.client, "FX7654321")
    return tamm, jogi, other


def search(client, q: str) -> list[str]:
    response = client.get(URL, {"q": q})
    assert response.status_code == 200
    return references(response.content.decode())


@pytest.mark.parametrize(
    "q",
    ["Tamm", "tamm", "Anna Tamm", "Tamn", "TAMN", "Anja", "tammik", CODE, "FX1234567", "fx1234567"],
)
def test_counsellor_finds_the_case(org, login, people, q):
    tamm, _jogi, other = people

    found = search(login(org.counsellor), q)

    assert tamm.reference in found
    assert other.reference not in found  # team B's Tamm is not the counsellor's to see


@pytest.mark.parametrize("q", ["jogi", "Jõgi", "JOGI", "Jogi"])
def test_diacritics_do_not_matter(org, login, people, q):
    _tamm, jogi, _other = people

    assert search(login(org.counsellor), q) == [jogi.reference]


def test_reference_exact_and_prefix_case_insensitive(org, login, people):
    tamm, jogi, _other = people
    client = login(org.counsellor)

    assert search(client, tamm.reference) == [tamm.reference]
    assert search(client, tamm.reference.lower()) == [tamm.reference]
    prefix = tamm.reference.rsplit("-", 1)[0]  # IK-2026
    assert set(search(client, prefix)) == {tamm.reference, jogi.reference}


@pytest.mark.parametrize("q", ["Tamm", "Tamn", "Anja Tammik", CODE, "FX1234567", "FX7654321", "Jõgi", "IK-", "OA-"])
def test_outsider_finds_nothing_of_team_a(org, login, people, q):
    tamm, jogi, other = people

    response = login(org.outsider).get(URL, {"q": q})

    html = response.content.decode()
    table = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert tamm.reference not in html and jogi.reference not in html
    assert "Anna" not in table and "Jõgi" not in table
    assert set(references(html)) <= {other.reference}


def test_outsider_finds_their_own_case(org, login, people):
    _tamm, _jogi, other = people

    assert search(login(org.outsider), "Tamm") == [other.reference]
    assert search(login(org.outsider), "FX7654321") == [other.reference]


def test_a_number_is_matched_exactly_never_fuzzily(org, login, people):
    tamm, _jogi, _other = people
    near = CODE[:-2] + "17"  # one digit off (and a different checksum)
    client = login(org.counsellor)

    assert search(client, near) == []
    assert search(client, "FX123456") == []
    assert search(client, CODE) == [tamm.reference]


def test_best_match_first(org, login):
    exact = open_case(org, given_name="Kadri", family_name="Saar")
    near = open_case(org, given_name="Kadri", family_name="Saare")

    found = search(login(org.counsellor), "Kadri Saar")

    assert found[0] == exact.reference
    assert near.reference in found


def test_search_writes_one_read_event_listing_the_clients_shown(org, login, people):
    tamm, _jogi, other = people
    client = login(org.counsellor)
    before = set(AuditEvent.objects.values_list("pk", flat=True))

    client.get(URL, {"q": "Tamm"})

    events = list(AuditEvent.objects.exclude(pk__in=before))
    assert len(events) == 1
    event = events[0]
    assert (event.action, event.kind, event.actor_id) == ("cases.case.searched", EventKind.READ, org.counsellor.pk)
    assert event.data["q"] == "Tamm"
    assert event.data["clients"] == [tamm.client_id]
    assert event.data["cases"] == [tamm.pk]
    assert other.client_id not in event.data["clients"]


def test_a_search_without_hits_is_recorded_too(org, login, people):
    client = login(org.outsider)
    before = AuditEvent.objects.filter(action="cases.case.searched").count()

    client.get(URL, {"q": "Jõgi"})

    event = AuditEvent.objects.filter(action="cases.case.searched").order_by("-pk").first()
    assert AuditEvent.objects.filter(action="cases.case.searched").count() == before + 1
    assert event.actor_id == org.outsider.pk
    assert event.data["clients"] == []


def test_search_combines_with_filters(org, login, people):
    tamm, _jogi, _other = people
    client = login(org.counsellor)

    assert search(client, "Tamm") == [tamm.reference]
    assert references(client.get(URL, {"q": "Tamm", "status": "closed"}).content.decode()) == []


def test_search_results_page_by_rank_then_newest(org, login, monkeypatch):
    from tugi.cases import selectors

    monkeypatch.setattr(selectors, "LIST_SIZE", 2)
    exact = [open_case(org, given_name="Kadri", family_name="Saar") for _ in range(3)]
    near = [open_case(org, given_name="Kadri", family_name="Saare") for _ in range(2)]
    client = login(org.counsellor)

    seen: list[str] = []
    url = f"{URL}?q=Kadri+Saar"
    for _page in range(5):
        html = client.get(url).content.decode()
        seen += references(html)
        match = re.search(r'href="\?([^"]*after=[^"]+)">Next page', html)
        if not match:
            break
        url = f"{URL}?{match.group(1).replace('&amp;', '&')}"

    assert seen[:3] == [c.reference for c in reversed(exact)]
    assert seen[3:] == [c.reference for c in reversed(near)]
