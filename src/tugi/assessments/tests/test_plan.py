"""The action plan through HTTP: goals, actions with a responsible case worker, status changes with
a version, and refusals that change nothing."""

from __future__ import annotations

import re

from tugi.assessments.models import Action, Goal
from tugi.assessments.services import action_create, goal_create
from tugi.assessments.tests.conftest import days, dmy, said, state, today
from tugi.audit.models import AuditEvent
from tugi.core.models import StaleVersion


def plan(case) -> str:
    return f"/cases/{case.pk}/assessments/"


def make_goal(world, **kw):
    return goal_create(
        actor=world.org.counsellor,
        case=world.case_a,
        text=kw.get("text", "Safe housing"),
        domain="accommodation",
        review_on=kw.get("review_on"),
    )


def test_goals_and_actions(world, login):
    client = login(world.org.counsellor)
    url = f"/cases/{world.case_a.pk}/assessments/goals/new/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"text": "Safe housing", "domain": "accommodation", "review_on": dmy(days(10))})
    goal = Goal.objects.get(case=world.case_a)
    assert response.status_code == 302
    assert response["Location"] == plan(world.case_a) + f"#goal-{goal.pk}"
    assert (goal.text, goal.domain, goal.review_on, goal.status) == (
        "Safe housing",
        "accommodation",
        days(10),
        "active",
    )

    action_url = f"/cases/{world.case_a.pk}/assessments/goals/{goal.pk}/actions/new/"
    form = client.get(action_url).content.decode()
    assert f'value="{world.org.counsellor.pk}"' in form
    assert f'value="{world.org.head.pk}"' not in form  # only the case's workers
    response = client.post(
        action_url, {"text": "Call the shelter", "responsible": world.org.counsellor.pk, "due_on": dmy(days(1))}
    )
    assert response.status_code == 302
    action = Action.objects.get(goal=goal)
    assert (action.responsible, action.due_on, action.status, action.done_at) == (
        world.org.counsellor,
        days(1),
        "open",
        None,
    )

    status_url = f"/cases/{world.case_a.pk}/assessments/actions/{action.pk}/status/"
    assert client.post(status_url, {"status": "done", "version": action.version}).status_code == 302
    action.refresh_from_db()
    assert action.status == "done" and action.done_at is not None and action.version == 2
    assert client.post(status_url, {"status": "open", "version": 2}).status_code == 302
    action.refresh_from_db()
    assert action.status == "open" and action.done_at is None
    actions = ["assessments.goal.created", "assessments.action.created", "assessments.action.status_changed"]
    for name in actions:
        assert AuditEvent.objects.filter(action=name, subject_id=str(world.case_a.client_id)).exists(), name

    page = client.get(plan(world.case_a)).content.decode()
    assert "Call the shelter" in page and "Safe housing" in page


def test_stale_and_bad_status_changes_change_nothing(world, login):
    goal = make_goal(world)
    action = action_create(
        actor=world.org.counsellor, goal=goal, text="Call", responsible=world.org.counsellor, due_on=None
    )
    client = login(world.org.counsellor)
    status_url = f"/cases/{world.case_a.pk}/assessments/actions/{action.pk}/status/"
    before = state()
    response = client.post(status_url, {"status": "done", "version": action.version + 1})
    assert response.status_code == 409
    assert said(str(StaleVersion.message)) in response.content.decode()
    assert client.post(status_url, {"status": "finished", "version": action.version}).status_code == 400
    assert client.post(status_url, {"status": "done"}).status_code == 400
    assert client.get(status_url).status_code == 405
    assert state() == before


def test_goal_edit_is_versioned(world, login):
    goal = make_goal(world, review_on=days(3))
    client = login(world.org.counsellor)
    url = f"/cases/{world.case_a.pk}/assessments/goals/{goal.pk}/edit/"
    html = client.get(url).content.decode()
    version = int(re.search(r'name="version" value="(\d+)"', html).group(1))
    data = {"text": "Safe housing in Tartu", "domain": "accommodation", "review_on": dmy(days(20)), "status": "active"}
    assert client.post(url, data | {"version": version}).status_code == 302
    goal.refresh_from_db()
    assert (goal.text, goal.review_on, goal.version) == ("Safe housing in Tartu", days(20), 2)
    before = state()
    stale = client.post(url, data | {"text": "Lost update", "version": version})
    assert stale.status_code == 400
    assert "Lost update" in stale.content.decode()  # the input is kept
    assert state() == before


def test_plan_bad_input(world, login):
    goal = make_goal(world)
    client = login(world.org.counsellor)
    before = state()
    assert client.post(f"/cases/{world.case_a.pk}/assessments/goals/new/", {"text": ""}).status_code == 400
    bad_date = {"text": "X", "review_on": "32.13.2026"}
    assert client.post(f"/cases/{world.case_a.pk}/assessments/goals/new/", bad_date).status_code == 400
    action_url = f"/cases/{world.case_a.pk}/assessments/goals/{goal.pk}/actions/new/"
    # The head sees the case but is not one of its workers: not a valid responsible person.
    response = client.post(action_url, {"text": "Call", "responsible": world.org.head.pk})
    assert response.status_code == 400
    assert client.post(action_url, {"text": "", "responsible": world.org.counsellor.pk}).status_code == 400
    assert state() == before


def test_outsiders_cannot_touch_the_plan(world, login):
    goal = make_goal(world)
    action = action_create(
        actor=world.org.counsellor, goal=goal, text="Call", responsible=world.org.counsellor, due_on=None
    )
    a = world.case_a.pk
    posts = [
        (f"/cases/{a}/assessments/goals/new/", {"text": "Mine now"}),
        (f"/cases/{a}/assessments/goals/{goal.pk}/edit/", {"text": "Mine", "status": "active", "version": 1}),
        (
            f"/cases/{a}/assessments/goals/{goal.pk}/actions/new/",
            {"text": "Mine", "responsible": world.org.outsider.pk},
        ),
        (f"/cases/{a}/assessments/actions/{action.pk}/status/", {"status": "done", "version": 1}),
    ]
    before = state()
    for persona in ("outsider", "admin", "dpo", "volunteer"):
        client = login(getattr(world.org, persona))
        for url, data in posts:
            assert client.post(url, data).status_code == 404, (persona, url)
            assert state() == before, (persona, url)
    # case A's goal and action addressed through case B (the outsider's case): not found.
    b = world.case_b.pk
    outsider = login(world.org.outsider)
    assert (
        outsider.post(
            f"/cases/{b}/assessments/actions/{action.pk}/status/", {"status": "done", "version": 1}
        ).status_code
        == 404
    )
    assert outsider.get(f"/cases/{b}/assessments/goals/{goal.pk}/edit/").status_code == 404
    assert state() == before
    assert today()  # the plan is unchanged after all refusals
