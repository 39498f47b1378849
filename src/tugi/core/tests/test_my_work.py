"""The "my work" home page: my open cases with their risk, my tasks due, reviews due, reflection and
service periods ending, and for unit heads their units' open cases by risk. The day is fixed with
time-machine, so "today" and "in 7 days" are known dates."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import override_settings
from django.utils import timezone

from tugi.cases.models import CaseWorker, ReflectionPeriod, Task, WorkerRole
from tugi.cases.tests.test_list_kit import change, close, english, open_case

TODAY = date(2026, 5, 12)


@pytest.fixture(autouse=True)
def _today_and_english(org):
    english(org.counsellor, org.outsider, org.head, org.volunteer, org.admin, org.dpo)
    with time_machine.travel(datetime(2026, 5, 12, 10, 0, tzinfo=ZoneInfo("Europe/Tallinn")), tick=False):
        yield


def section(html: str, heading_id: str) -> str:
    """The <section> whose heading has ``heading_id`` ("" when the page has none)."""
    match = re.search(rf'<section[^>]*aria-labelledby="{heading_id}".*?</section>', html, re.S)
    return match.group(0) if match else ""


def task(case, user, due: date | None, title: str, status: str = "open") -> Task:
    return Task.objects.create(
        case=case,
        title=title,
        due_on=due,
        assignee=user,
        created_by=user,
        status=status,
        done_at=None if status == "open" else timezone.now(),
    )


def test_my_open_cases_with_risk_badges(org, login):
    mine = change(open_case(org, given_name="Anna", family_name="Tamm"), risk_level="high")
    flagged = open_case(org, given_name="Mari", family_name="Mets", high_risk=True)
    calm = change(open_case(org), risk_level="low")
    closed = close(open_case(org))
    not_named = open_case(org, actor=org.head)  # visible to the counsellor (team A), not theirs

    html = login(org.counsellor).get("/").content.decode()

    cases = section(html, "h-my-cases")
    for case in (mine, flagged, calm):
        assert case.reference in cases
    assert closed.reference not in cases and not_named.reference not in cases
    line = lambda case: re.search(rf"{case.reference}</a>.*?</li>", cases, re.S).group(0)  # noqa: E731
    assert "HIGH RISK" in line(mine) and "HIGH RISK" in line(flagged)
    assert "HIGH RISK" not in line(calm) and "Risk: low" in line(calm)
    assert "Anna Tamm" in cases


def test_my_tasks_by_when_they_are_due(org, login):
    case = open_case(org)
    task(case, org.counsellor, TODAY - timedelta(days=3), "Call the shelter")
    task(case, org.counsellor, TODAY, "Book the interpreter")
    task(case, org.counsellor, TODAY + timedelta(days=7), "Prepare the hearing")
    task(case, org.counsellor, TODAY + timedelta(days=8), "Far away task")
    task(case, org.counsellor, None, "Undated task")
    task(case, org.counsellor, TODAY, "Done task", status="done")
    task(case, org.head, TODAY, "Someone else's task")

    tasks = section(login(org.counsellor).get("/").content.decode(), "h-tasks")

    overdue, rest = tasks.split("Due today")
    today_part, soon = rest.split("Next 7 days")
    assert "Call the shelter" in overdue and "12.05.2026" not in overdue
    assert "09.05.2026" in overdue
    assert "Book the interpreter" in today_part
    assert "Prepare the hearing" in soon and "19.05.2026" in soon
    for absent in ("Far away task", "Undated task", "Done task", "Someone else's task"):
        assert absent not in tasks


def test_reviews_due_within_a_week(org, login):
    soon = change(open_case(org), review_on=TODAY + timedelta(days=7))
    late = change(open_case(org), review_on=TODAY - timedelta(days=2))
    later = change(open_case(org), review_on=TODAY + timedelta(days=8))

    reviews = section(login(org.counsellor).get("/").content.decode(), "h-reviews")

    assert soon.reference in reviews and late.reference in reviews
    assert later.reference not in reviews
    assert reviews.index(late.reference) < reviews.index(soon.reference)  # the oldest first


@override_settings(TUGI_REFLECTION_WARNING_DAYS=7)
def test_reflection_periods_ending(org, login):
    def period(case, ends: date, ended_early: date | None = None) -> None:
        ReflectionPeriod.objects.create(
            case=case, starts_on=ends - timedelta(days=30), ends_on=ends, ended_early_on=ended_early
        )

    ending = open_case(org)
    period(ending, TODAY + timedelta(days=7))
    beyond = open_case(org)
    period(beyond, TODAY + timedelta(days=8))
    ended_early = open_case(org)
    period(ended_early, TODAY + timedelta(days=3), ended_early=TODAY - timedelta(days=5))
    over = open_case(org)
    period(over, TODAY - timedelta(days=1))

    html = section(login(org.counsellor).get("/").content.decode(), "h-reflection")

    assert ending.reference in html and "19.05.2026" in html
    for case in (beyond, ended_early, over):
        assert case.reference not in html


@override_settings(TUGI_SERVICE_PERIOD_WARNING_DAYS=10)
def test_service_periods_of_presumed_victims_ending(org, login):
    def presumed(start: date, days: int = 60, status: str = "presumed"):
        return change(open_case(org), victim_status=status, service_period_start=start, service_period_days=days)

    ending = presumed(TODAY - timedelta(days=50))  # last day: start + 59 = today + 9
    at_limit = presumed(TODAY - timedelta(days=49))  # today + 10
    beyond = presumed(TODAY - timedelta(days=48))  # today + 11
    over = presumed(TODAY - timedelta(days=70))  # ended 11 days ago, still presumed and open
    identified = presumed(TODAY - timedelta(days=50), status="identified")
    closed = close(presumed(TODAY - timedelta(days=50)))

    html = section(login(org.counsellor).get("/").content.decode(), "h-service")

    assert ending.reference in html and "21.05.2026" in html
    assert at_limit.reference in html and over.reference in html
    for case in (beyond, identified, closed):
        assert case.reference not in html


def test_unit_head_sees_open_cases_of_the_unit_by_risk(org, login):
    change(open_case(org), risk_level="high")
    open_case(org, high_risk=True)
    change(open_case(org), risk_level="medium")
    open_case(org)
    close(change(open_case(org), risk_level="high"))
    open_case(org, actor=org.outsider, type_code="victim_support", high_risk=True)  # unit B

    html = login(org.head).get("/").content.decode()

    units = section(html, "h-units")
    cells = re.findall(r"<td>(.*?)</td>", units)
    assert cells == ["Unit A", '<strong class="risk-high">2</strong>', "1", "0", "1", "4"]
    assert section(login(org.counsellor).get("/").content.decode(), "h-units") == ""


def test_outsider_sees_nothing_of_team_a(org, login):
    case_a = change(
        open_case(org, given_name="Anna", family_name="Tamm", high_risk=True),
        review_on=TODAY,
        victim_status="presumed",
        service_period_start=TODAY - timedelta(days=55),
        service_period_days=60,
    )
    ReflectionPeriod.objects.create(
        case=case_a, starts_on=TODAY - timedelta(days=20), ends_on=TODAY + timedelta(days=2)
    )
    # A task put on the outsider in a case they cannot see stays out of their page.
    task(case_a, org.outsider, TODAY, "Secret task")
    own = open_case(org, actor=org.outsider, type_code="victim_support")

    html = login(org.outsider).get("/").content.decode()

    assert case_a.reference not in html and "Tamm" not in html and "Secret task" not in html
    assert own.reference in section(html, "h-my-cases")


def test_volunteer_named_on_a_case_sees_it(org, login):
    case = open_case(org)
    CaseWorker.objects.create(case=case, user=org.volunteer, role=WorkerRole.CO_WORKER)

    html = login(org.volunteer).get("/").content.decode()

    assert case.reference in section(html, "h-my-cases")


def test_staff_without_case_roles_get_no_case_sections(org, login):
    open_case(org)

    for persona in (org.admin, org.dpo):
        html = login(persona).get("/").content.decode()
        assert section(html, "h-my-cases") == "" and section(html, "h-tasks") == ""


def nav_of(html: str) -> str:
    return re.search(r'<nav class="main"[^>]*>(.*?)</nav>', html, re.S).group(1)


def test_case_workers_get_the_case_menu(org, login):
    for persona in (org.counsellor, org.outsider, org.head):
        nav = nav_of(login(persona).get("/").content.decode())
        assert 'href="/cases/"' in nav and 'href="/cases/intake/"' in nav
    for persona in (org.volunteer, org.admin, org.dpo):
        nav = nav_of(login(persona).get("/").content.decode())
        assert 'href="/cases/"' not in nav and 'href="/cases/intake/"' not in nav


def test_only_the_most_specific_menu_entry_is_current(org, login):
    client = login(org.counsellor)

    on_list = nav_of(client.get("/cases/").content.decode())
    on_intake = nav_of(client.get("/cases/intake/").content.decode())

    assert re.findall(r'href="([^"]+)" aria-current="page"', on_list) == ["/cases/"]
    assert re.findall(r'href="([^"]+)" aria-current="page"', on_intake) == ["/cases/intake/"]


# Shell and platform cards (about 11), my work (about 8), the assessments app's reviews due (3), a
# unit head's counts (2): constant in the number of cases, tasks and periods, which the test checks.
MY_WORK_MAX_QUERIES = 25


@pytest.mark.parametrize("persona", ["counsellor", "head"])
def test_query_count_does_not_grow_with_the_work(org, login, django_assert_max_num_queries, persona):
    user = getattr(org, persona)

    def add(n: int) -> None:
        for i in range(n):
            case = change(
                open_case(org, high_risk=i % 2 == 0),
                review_on=TODAY + timedelta(days=1),
                victim_status="presumed",
                service_period_start=TODAY - timedelta(days=55),
                service_period_days=60,
            )
            CaseWorker.objects.get_or_create(case=case, user=user, defaults={"role": WorkerRole.CO_WORKER})
            task(case, user, TODAY, f"Task {i}")
            task(case, user, TODAY - timedelta(days=1), f"Overdue {i}")
            ReflectionPeriod.objects.create(
                case=case, starts_on=TODAY - timedelta(days=20), ends_on=TODAY + timedelta(days=2)
            )

    add(2)
    client = login(user)
    with django_assert_max_num_queries(MY_WORK_MAX_QUERIES) as few:
        assert client.get("/").status_code == 200
    add(12)
    with django_assert_max_num_queries(MY_WORK_MAX_QUERIES) as many:
        response = client.get("/")

    assert response.content.decode().count("Overdue ") >= 14
    assert len(many) == len(few), "more cases and tasks must not mean more queries"
