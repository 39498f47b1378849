"""The case list (/cases/): visibility, filters, keyset pages, bad input, what rows show, query count."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from tugi.audit.models import AuditEvent
from tugi.cases import selectors
from tugi.cases.models import CaseWorker, WorkerRole
from tugi.cases.tests.test_list_kit import change, close, english, open_case, references, row_of
from tugi.core.pagination import _encode

URL = "/cases/"


@pytest.fixture(autouse=True)
def _english(org):
    english(org.counsellor, org.outsider, org.head, org.volunteer, org.admin, org.dpo)


@pytest.fixture
def two_teams(org):
    """Two cases of team A (the counsellor's), one of team B (the outsider's)."""
    a1 = open_case(org, given_name="Anna", family_name="Tamm")
    a2 = open_case(org, given_name="Mari", family_name="Jõgi")
    b1 = open_case(org, actor=org.outsider, type_code="victim_support", given_name="Boris", family_name="B")
    return a1, a2, b1


def test_anonymous_goes_to_login(db, client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_each_persona_sees_only_visible_cases(org, login, two_teams):
    a1, a2, b1 = two_teams

    counsellor = references(login(org.counsellor).get(URL).content.decode())
    outsider_html = login(org.outsider).get(URL).content.decode()
    head = references(login(org.head).get(URL).content.decode())

    assert counsellor == [a2.reference, a1.reference]  # newest first
    assert references(outsider_html) == [b1.reference]
    assert "Tamm" not in outsider_html and "Jõgi" not in outsider_html
    assert head == [a2.reference, a1.reference]
    for persona in (org.volunteer, org.admin, org.dpo):
        response = login(persona).get(URL)
        assert response.status_code == 200
        assert references(response.content.decode()) == []


def test_outsider_cannot_reach_team_a_through_any_filter(org, login, two_teams):
    a1, a2, b1 = two_teams
    client = login(org.outsider)

    for query in (f"team={org.team_a.pk}", "status=all", "case_type=trafficking", f"worker={org.counsellor.username}"):
        html = client.get(f"{URL}?{query}").content.decode()
        assert set(references(html)) <= {b1.reference}, query
        assert a1.reference not in html and a2.reference not in html and "Tamm" not in html, query


def test_closed_cases_only_on_request(org, login):
    open_one = open_case(org)
    closed = close(open_case(org))
    client = login(org.counsellor)

    assert references(client.get(URL).content.decode()) == [open_one.reference]
    assert references(client.get(f"{URL}?status=closed").content.decode()) == [closed.reference]
    assert references(client.get(f"{URL}?status=all").content.decode()) == [closed.reference, open_one.reference]
    assert references(client.get(f"{URL}?status=intake").content.decode()) == [open_one.reference]


def test_filters_by_type_team_worker_risk_and_dates(org, login):
    # The head sees both types in unit A (team A); the counsellor sees only trafficking there.
    trafficking = open_case(org)
    support = open_case(org, actor=org.head, type_code="victim_support")
    risky = change(open_case(org), risk_level="high")
    flagged_client = open_case(org, high_risk=True)
    medium = change(open_case(org), risk_level="medium")
    old = change(open_case(org), opened_on=date(2025, 1, 15))
    client = login(org.head)

    def refs(query: str) -> set[str]:
        return set(references(client.get(f"{URL}?{query}").content.decode()))

    everything = {c.reference for c in (trafficking, support, risky, flagged_client, medium, old)}
    assert refs("") == everything
    assert refs("case_type=victim_support") == {support.reference}
    assert refs(f"team={org.team_a.pk}") == everything
    assert refs("mine=on") == {support.reference}  # the head is named only on the case they opened
    assert refs(f"worker={org.counsellor.username}") == everything - {support.reference}
    assert refs("risk=high") == {risky.reference, flagged_client.reference}
    assert refs("risk=medium") == {medium.reference}
    assert refs("risk=none") == everything - {risky.reference, flagged_client.reference, medium.reference}
    assert refs("opened_to=31.12.2025") == {old.reference}
    assert refs("opened_from=01.01.2025&opened_to=31.01.2025") == {old.reference}
    assert old.reference not in refs(f"opened_from={timezone.localdate():%d.%m.%Y}")
    assert refs("worker=nobody.here") == set()


def test_keyset_pages_follow_each_other(org, login, monkeypatch):
    monkeypatch.setattr(selectors, "LIST_SIZE", 3)
    cases = [open_case(org) for _ in range(5)]
    client = login(org.counsellor)

    first = client.get(URL).content.decode()
    assert references(first) == [c.reference for c in reversed(cases[2:])]
    cursor = re.search(r'href="\?after=([^"]+)">Next page', first).group(1)
    second = client.get(f"{URL}?after={cursor}").content.decode()

    assert references(second) == [cases[1].reference, cases[0].reference]
    assert "Next page" not in second


def test_next_page_keeps_the_filters(org, login, monkeypatch):
    monkeypatch.setattr(selectors, "LIST_SIZE", 1)
    open_case(org, high_risk=True)
    open_case(org)
    open_case(org, high_risk=True)

    html = login(org.counsellor).get(f"{URL}?risk=high").content.decode()

    assert "risk=high&amp;after=" in html


@pytest.mark.parametrize(
    ("query", "field_error"),
    [
        ("status=nonsense", "Choose a status from the list."),
        ("team=999999", "Choose a team from the list."),
        ("team=abc", "Choose a team from the list."),
        ("case_type=nope", "Choose a case type from the list."),
        ("risk=extreme", "Choose a risk level from the list."),
        ("opened_from=31.02.2026", "Write the date as dd.mm.yyyy."),
        ("worker=a%20b", "Write a username: letters, digits and . _ @ + - only."),
        ("q=a", "Type at least two characters to search."),
        ("opened_from=02.02.2026&opened_to=01.02.2026", "The start date is after the end date."),
    ],
)
def test_bad_filter_values_give_a_message_not_an_error(org, login, query, field_error):
    open_case(org)
    client = login(org.counsellor)

    response = client.get(f"{URL}?{query}")

    assert response.status_code == 200
    html = response.content.decode()
    assert field_error in html
    assert "Some filters are not valid" in html
    assert references(html) == []


def test_outsiders_team_is_not_a_choice_but_a_bad_value(org, login):
    """The team list offers the teams of the agency; a made-up id is refused, not a 500."""
    html = login(org.counsellor).get(URL).content.decode()

    assert f'value="{org.team_a.pk}"' in html


@pytest.mark.parametrize("after", ["garbage!!", _encode(["not a number"]), _encode([1, 2])])
def test_a_broken_page_link_shows_the_first_page(org, login, after):
    case = open_case(org)

    response = login(org.counsellor).get(f"{URL}?after={after}")

    assert response.status_code == 200
    assert references(response.content.decode()) == [case.reference]


def test_confidential_case_shows_initials_or_pseudonym_to_those_not_named(org, login):
    named = open_case(org, given_name="Anna", family_name="Tamm")  # trafficking: high confidentiality
    pseudonymous = open_case(org, given_name="Olga", family_name="Ivanova", pseudonym="Lind")
    normal = open_case(org, type_code="victim_support", given_name="Peeter", family_name="Puu")

    counsellor = login(org.counsellor).get(URL).content.decode()
    head = login(org.head).get(URL).content.decode()

    assert named.confidentiality == "high"
    assert "Anna Tamm" in counsellor and "Olga Ivanova (Lind)" in counsellor
    assert "Anna Tamm" not in head and "A. T." in head
    assert "Ivanova" not in head and "Lind" in head
    assert "Peeter Puu" in head  # normal confidentiality: the name
    assert "shown by pseudonym or initials" in head and "shown by pseudonym or initials" not in counsellor
    CaseWorker.objects.create(case=pseudonymous, user=org.head, role=WorkerRole.CO_WORKER)
    assert "Olga Ivanova (Lind)" in login(org.head).get(URL).content.decode()
    assert normal.reference in head


def test_rows_show_risk_service_period_and_responsible(org, login):
    today = timezone.localdate()
    risky = change(open_case(org), risk_level="high")
    ending = change(
        open_case(org),
        victim_status="presumed",
        service_period_start=today - timedelta(days=55),
        service_period_days=60,
    )
    far = change(open_case(org), victim_status="presumed", service_period_start=today, service_period_days=60)
    from tugi.accounts.models import User

    User.objects.filter(pk=org.counsellor.pk).update(first_name="Kati", last_name="Kask")

    html = login(org.counsellor).get(URL).content.decode()

    assert "HIGH RISK" in row_of(html, risky.reference)
    assert "HIGH RISK" not in row_of(html, ending.reference)
    assert f"Service period ends {ending.service_period_end:%d.%m.%Y}" in row_of(html, ending.reference)
    assert "Service period" not in row_of(html, far.reference)
    assert "presumed victim" in row_of(html, ending.reference)
    assert "Kati Kask" in row_of(html, risky.reference)


def test_list_without_search_writes_no_read_event(org, login):
    open_case(org)
    client = login(org.counsellor)
    before = AuditEvent.objects.count()

    client.get(URL)

    assert AuditEvent.objects.count() == before


LIST_MAX_QUERIES = 14


@pytest.mark.parametrize("query", ["", "?q=name", "?risk=high&status=all"])
def test_query_count_does_not_grow_with_rows(org, login, django_assert_max_num_queries, query):
    def add(n: int, start: int) -> None:
        for i in range(start, start + n):
            case = open_case(org, given_name=f"Name{i}", high_risk=True)
            CaseWorker.objects.create(case=case, user=org.head, role=WorkerRole.CO_WORKER)

    add(2, 0)
    client = login(org.counsellor)
    with django_assert_max_num_queries(LIST_MAX_QUERIES) as few:
        assert len(references(client.get(URL + query).content.decode())) == 2
    add(15, 2)
    with django_assert_max_num_queries(LIST_MAX_QUERIES) as many:
        response = client.get(URL + query)

    assert len(references(response.content.decode())) == 17
    assert len(many) == len(few), "more rows must not mean more queries"
