"""Tasks of a case, through HTTP: who may be given a task, due dates, open first and overdue marked,
done / cancel / reopen, no lost updates; the outsider and a named volunteer; the "my work" queries."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from tugi.access.policies_cases import case_assignable_users
from tugi.accounts.models import Role, Service, User
from tugi.cases.models import Case, Confidentiality, Task, TaskStatus
from tugi.cases.services import task_complete, task_create
from tugi.cases.tests.test_timeline_kit import actions, errors, name_on, open_case, work_rows
from tugi.core.tests.personas import make_user

pytestmark = pytest.mark.django_db


def url(case: Case, what: str = "") -> str:
    return f"/cases/{case.pk}/tasks/{what}"


def day(offset: int) -> str:
    return (timezone.localdate() + timedelta(days=offset)).strftime("%d.%m.%Y")


def new_task(case: Case, org: Any, title: str = "Call the embassy", due: int | None = 3, assignee: Any = None) -> Task:
    due_on = timezone.localdate() + timedelta(days=due) if due is not None else None
    return task_create(actor=org.counsellor, case=case, title=title, assignee=assignee or org.counsellor, due_on=due_on)


def test_create_a_task(org: Any, client: Any, login: Any) -> None:
    case = open_case(org)
    login(org.counsellor)
    form = client.get(url(case, "new/")).context["form"]
    assert form["assignee"].value() == org.counsellor.pk  # the one who adds it, by default
    response = client.post(
        url(case, "new/"), {"title": "Book an interpreter", "due_on": day(2), "assignee": org.head.pk}
    )
    assert response.status_code == 302 and response["Location"] == url(case)
    task = Task.objects.get(case=case)
    assert (task.title, task.assignee, task.created_by, task.status) == (
        "Book an interpreter",
        org.head,
        org.counsellor,
        "open",
    )
    assert "cases.task.created" in actions()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"due_on": day(-1)}, "due_on"),
        ({"title": ""}, "title"),
        ({"due_on": "31.02.2030"}, "due_on"),
        ({"assignee": "outsider"}, "assignee"),
        ({"assignee": "volunteer"}, "assignee"),
    ],
)
def test_bad_task_is_refused(org: Any, client: Any, login: Any, data: dict[str, Any], field: str) -> None:
    case = open_case(org)
    name_on(case, org.volunteer)  # named, but a volunteer does not take case tasks
    if data.get("assignee") in {"outsider", "volunteer"}:
        data = {"assignee": getattr(org, data["assignee"]).pk}
    login(org.counsellor)
    before = work_rows()
    response = client.post(
        url(case, "new/"), {"title": "Typed title", "due_on": day(1), "assignee": org.counsellor.pk, **data}
    )
    assert response.status_code == 200
    assert field in errors(response)
    assert work_rows() == before


def test_open_first_overdue_marked_closed_below(org: Any, client: Any, login: Any) -> None:
    case = open_case(org)
    later = new_task(case, org, "Later", due=10)
    undated = new_task(case, org, "Undated", due=None)
    overdue = new_task(case, org, "Overdue", due=1)
    Task.objects.filter(pk=overdue.pk).update(due_on=timezone.localdate() - timedelta(days=2))
    done = new_task(case, org, "Done one", due=1)
    task_complete(actor=org.counsellor, task=done)
    login(org.counsellor)
    response = client.get(url(case))
    assert response.status_code == 200
    assert [t.title for t in response.context["open_tasks"]] == ["Overdue", "Later", "Undated"]
    assert [t.title for t in response.context["closed_tasks"]] == ["Done one"]
    html = response.content.decode()
    assert html.index("Overdue") < html.index("Later") < html.index("Done one")
    assert html.count('class="tag flag"') >= 1
    assert [t.is_overdue for t in response.context["open_tasks"]] == [True, False, False]
    assert later.pk and undated.pk


def test_done_cancel_reopen(org: Any, client: Any, login: Any) -> None:
    case = open_case(org)
    task = new_task(case, org)
    login(org.head)
    assert client.post(url(case, f"{task.pk}/done/")).status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.done_at is not None
    # Done twice: refused with a message, nothing changes.
    before = work_rows()
    response = client.post(url(case, f"{task.pk}/done/"), follow=True)
    assert response.status_code == 200 and any(m.level_tag == "error" for m in response.context["messages"])
    assert work_rows() == before
    assert client.post(url(case, f"{task.pk}/reopen/")).status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN and task.done_at is None
    assert client.post(url(case, f"{task.pk}/cancel/")).status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.CANCELLED
    assert actions("cases.task.") == [
        "cases.task.created",
        "cases.task.done",
        "cases.task.reopened",
        "cases.task.cancelled",
    ]


def test_edit_keeps_an_overdue_date_but_refuses_a_new_past_one(org: Any, client: Any, login: Any) -> None:
    case = open_case(org)
    task = new_task(case, org)
    past = timezone.localdate() - timedelta(days=3)
    Task.objects.filter(pk=task.pk).update(due_on=past)
    login(org.counsellor)
    data = {"title": "Renamed", "due_on": past.strftime("%d.%m.%Y"), "assignee": org.counsellor.pk, "version": 1}
    assert client.post(url(case, f"{task.pk}/edit/"), data).status_code == 302
    task.refresh_from_db()
    assert (task.title, task.version) == ("Renamed", 2)
    response = client.post(url(case, f"{task.pk}/edit/"), {**data, "due_on": day(-1), "version": 2})
    assert "due_on" in errors(response)
    assert "cases.task.edited" in actions()


def test_stale_edit_keeps_input(org: Any, client: Any, login: Any) -> None:
    case = open_case(org)
    task = new_task(case, org, "First")
    login(org.head)
    data = {"title": "Head's title", "due_on": day(5), "assignee": org.counsellor.pk, "version": 1}
    assert client.post(url(case, f"{task.pk}/edit/"), data).status_code == 302
    login(org.counsellor)
    response = client.post(url(case, f"{task.pk}/edit/"), {**data, "title": "My title"})
    assert response.status_code == 200 and errors(response)["__all__"]
    assert response.context["form"]["title"].value() == "My title"
    task.refresh_from_db()
    assert (task.title, task.version) == ("Head's title", 2)


def test_a_former_worker_keeps_their_task_on_edit(org: Any, client: Any, login: Any) -> None:
    case = open_case(org)
    leaver = make_user("leaver", org.agency, [(Role.COUNSELLOR, Service.TRAFFICKING, org.team_a)])
    task = new_task(case, org, assignee=leaver)
    User.objects.filter(pk=leaver.pk).update(is_active=False)
    login(org.counsellor)
    data = {"title": "Still theirs", "due_on": day(1), "assignee": leaver.pk, "version": 1}
    assert client.post(url(case, f"{task.pk}/edit/"), data).status_code == 302
    # A new task cannot go to them.
    assert "assignee" in errors(client.post(url(case, "new/"), {**data, "version": ""}))


def test_outsider_gets_404_and_changes_nothing(org: Any, client: Any, login: Any) -> None:
    case = open_case(org)
    task = new_task(case, org)
    login(org.outsider)
    before = work_rows()
    for page in (url(case), url(case, "new/"), url(case, f"{task.pk}/edit/")):
        assert client.get(page).status_code == 404, page
    for what in ("new/", f"{task.pk}/edit/", f"{task.pk}/done/", f"{task.pk}/cancel/", f"{task.pk}/reopen/"):
        data = {"title": "x", "due_on": day(1), "assignee": org.outsider.pk, "version": 1}
        assert client.post(url(case, what), data).status_code == 404, what
    assert work_rows() == before


def test_task_of_another_case_is_not_found(org: Any, client: Any, login: Any) -> None:
    mine = open_case(org)
    theirs = open_case(org, actor=org.outsider, team=org.team_b, code="victim_support")
    foreign = task_create(actor=org.outsider, case=theirs, title="Theirs", assignee=org.outsider)
    login(org.counsellor)
    before = work_rows()
    assert client.get(url(mine, f"{foreign.pk}/edit/")).status_code == 404
    assert client.post(url(mine, f"{foreign.pk}/done/")).status_code == 404
    assert work_rows() == before


def test_named_volunteer_reads_but_does_not_write(org: Any, client: Any, login: Any) -> None:
    case = open_case(org)
    task = new_task(case, org)
    name_on(case, org.volunteer)
    login(org.volunteer)
    page = client.get(url(case))
    assert page.status_code == 200 and "/done/" not in page.content.decode()
    before = work_rows()
    assert client.get(url(case, "new/")).status_code == 403
    for what in ("new/", f"{task.pk}/edit/", f"{task.pk}/done/", f"{task.pk}/cancel/"):
        data = {"title": "x", "due_on": day(1), "assignee": org.counsellor.pk, "version": 1}
        assert client.post(url(case, what), data).status_code == 403, what
    assert work_rows() == before


def test_assignable_users(org: Any) -> None:
    colleague = make_user("colleague", org.agency, [(Role.COUNSELLOR, Service.TRAFFICKING, org.team_a)])
    helpline = make_user("helpline_a", org.agency, [(Role.COUNSELLOR, Service.HELPLINE, org.team_a)])
    gone = make_user("gone", org.agency, [(Role.COUNSELLOR, Service.TRAFFICKING, org.team_a)])
    User.objects.filter(pk=gone.pk).update(is_active=False)
    case = open_case(org)
    name_on(case, org.volunteer)
    name_on(case, org.outsider)  # named: sees the case wherever they work
    people = set(case_assignable_users(case))
    assert people == {org.counsellor, colleague, org.head, org.outsider}
    assert helpline not in people and gone not in people
    # A restricted case: only its named staff.
    Case.objects.filter(pk=case.pk).update(confidentiality=Confidentiality.RESTRICTED)
    case.refresh_from_db()
    assert set(case_assignable_users(case)) == {org.counsellor, org.outsider}


def test_my_open_tasks_queries(org: Any) -> None:
    case = open_case(org)
    today = timezone.localdate()
    overdue = new_task(case, org, "Overdue", due=1)
    Task.objects.filter(pk=overdue.pk).update(due_on=today - timedelta(days=1))
    soon = new_task(case, org, "Soon", due=2)
    far = new_task(case, org, "Far", due=30)
    undated = new_task(case, org, "Undated", due=None)
    new_task(case, org, "Someone else's", due=1, assignee=org.head)
    finished = new_task(case, org, "Finished", due=1)
    task_complete(actor=org.counsellor, task=finished)
    mine = Task.objects.open_for(org.counsellor)
    assert [t.title for t in mine] == ["Overdue", "Soon", "Far", "Undated"]
    assert [t.title for t in mine.due_by(today + timedelta(days=7))] == ["Overdue", "Soon"]
    assert [t.title for t in Task.objects.open_for(org.counsellor).overdue(today)] == ["Overdue"]
    assert {soon.pk, far.pk, undated.pk} < {t.pk for t in mine}
