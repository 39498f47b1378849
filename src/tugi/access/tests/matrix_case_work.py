"""Permission matrix of the work recorded in a case (issue 3): timeline, tasks, rights and proceedings.
Merged into ``matrix.MATRIX``.

Every page is reached through its case: ``case_a`` is seen by the counsellor (responsible) and the
head (from above); the outsider, admin, DPO and volunteer get 404 and the anonymous the login page.
Reading needs "view", recording needs "work" (both the counsellor and the head have it). A record
of another case asked for under ``case_a`` is 404 for everyone (children are loaded through their
case). The volunteer named on a case (403 on every change) is tested in ``cases/tests``.

World (``build``): on ``case_a`` a note by the counsellor (``work_entry_a``), the system's "case opened"
line (``work_status_a``), an open and a done task, criminal proceedings with one hearing; on ``case_b``
a note, a task and proceedings with a hearing (``work_*_b``), for the cross-case requests.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tugi.access.tests.matrix_kit import Case, NotRequested, Redirect, Ref, only, post_only

CASE_A = {"pk": Ref("record", "case_a")}
ENTRY = {"pk": Ref("record", "case_a"), "entry_pk": Ref("record", "work_entry_a")}
STATUS_LINE = {"pk": Ref("record", "case_a"), "entry_pk": Ref("record", "work_status_a")}
ENTRY_OF_B = {"pk": Ref("record", "case_a"), "entry_pk": Ref("record", "work_entry_b")}
TASK = {"pk": Ref("record", "case_a"), "task_pk": Ref("record", "work_task_a")}
TASK_DONE = {"pk": Ref("record", "case_a"), "task_pk": Ref("record", "work_task_done_a")}
TASK_OF_B = {"pk": Ref("record", "case_a"), "task_pk": Ref("record", "work_task_b")}
PROCEEDING = {"pk": Ref("record", "case_a"), "proceeding_pk": Ref("record", "work_proceeding_a")}
PROCEEDING_OF_B = {"pk": Ref("record", "case_a"), "proceeding_pk": Ref("record", "work_proceeding_b")}
HEARING = {"pk": Ref("record", "case_a"), "hearing_pk": Ref("record", "work_hearing_a")}
HEARING_OF_B = {"pk": Ref("record", "case_a"), "hearing_pk": Ref("record", "work_hearing_b")}

TO_TIMELINE = Redirect("/cases/{pk}/timeline/", exact=True)
TO_TASKS = Redirect("/cases/{pk}/tasks/", exact=True)
TO_LEGAL = Redirect("/cases/{pk}/legal/", exact=True)


def seen_by_a(answer: Any) -> dict[str, Any]:
    """The counsellor and the head get ``answer``; everyone else 404, the anonymous the login page."""
    return only(404, counsellor=answer, head=answer)


NEW_NOTE = {"kind": "note", "occurred_at": "01.01.2025 10:00", "title": "Called the shelter", "body": "All well."}
NEW_SESSION = {
    "kind": "session",
    "occurred_at": "01.01.2025 10:00",
    "session_type": "crisis",
    "mode": "phone",
    "duration_minutes": "45",
    "interpreter_language": "ru",
    "counterpart": "",
    "title": "",
    "body": "",
}
NOTE_EDIT = {
    "occurred_at": "01.01.2025 11:00",
    "title": "Called the shelter (corrected)",
    "body": "",
    "version": Ref("version", "work_entry_a"),
}
STATUS_EDIT = {
    "occurred_at": "01.01.2025 11:00",
    "title": "Rewritten",
    "body": "",
    "version": Ref("version", "work_status_a"),
}
NEW_TASK = {"title": "Book an interpreter", "due_on": "31.12.2099", "assignee": Ref("user", "counsellor")}
TASK_EDIT = {
    "title": "Book a Russian interpreter",
    "due_on": "31.12.2099",
    "assignee": Ref("user", "counsellor"),
    "version": Ref("version", "work_task_a"),
}
NEW_RIGHTS = {
    "informed_on": "01.01.2025",
    "language": "ru",
    "other_language": "",
    "informed_by": Ref("user", "counsellor"),
    "leaflet_given": "on",
    "interpreter": "Interpreting service",
    "note": "",
}
NEW_PROCEEDING = {
    "number": "25230100999",
    "investigating_body": "Police and Border Guard Board",
    "investigator": "",
    "prosecutor": "",
    "stage": "pre_trial",
    "started_on": "01.01.2025",
    "note": "",
}
PROCEEDING_EDIT = {
    "number": "25230100001",
    "investigating_body": "Central Criminal Police",
    "investigator": "Investigator Tamm",
    "prosecutor": "Prosecutor Kask",
    "stage": "prosecution",
    "started_on": "01.01.2025",
    "note": "",
    "version": Ref("version", "work_proceeding_a"),
}
NEW_HEARING = {"at": "01.03.2099 10:00", "place": "Harju County Court", "kind": "court session", "note": ""}
NEW_INTERVIEW = {
    "on": "01.01.2025",
    "place": "Children's House, Tallinn",
    "role": "support person",
    "participant": Ref("user", "counsellor"),
    "note": "",
}


def build(world: Any) -> dict[str, Any]:
    from tugi.cases.models import ProceedingStage, TaskStatus, TimelineKind
    from tugi.cases.services import hearing_add, proceeding_add, task_complete, task_create, timeline_entry_add

    org = world.org
    case_a, case_b = world.records["case_a"], world.records["case_b"]
    at = datetime.fromisoformat("2025-01-01T09:00:00+02:00")
    out: dict[str, Any] = {}
    for name, case, actor in (("a", case_a, org.counsellor), ("b", case_b, org.outsider)):
        out[f"work_entry_{name}"] = timeline_entry_add(
            actor=actor, case=case, kind=TimelineKind.NOTE, values={"occurred_at": at, "title": "A note"}
        )
        out[f"work_task_{name}"] = task_create(actor=actor, case=case, title="Call back", assignee=actor)
        out[f"work_proceeding_{name}"] = proceeding = proceeding_add(
            actor=actor,
            case=case,
            values={"number": f"2523010000{name}", "investigating_body": "PPA", "stage": ProceedingStage.PRE_TRIAL},
        )
        out[f"work_hearing_{name}"] = hearing_add(
            actor=actor, proceeding=proceeding, at=at, place="Court", kind="preliminary hearing"
        )
    done = task_create(actor=org.counsellor, case=case_a, title="Find a shelter", assignee=org.counsellor)
    task_complete(actor=org.counsellor, task=done)
    done.refresh_from_db()
    assert done.status == TaskStatus.DONE
    out["work_task_done_a"] = done
    out["work_status_a"] = case_a.timeline.filter(kind=TimelineKind.STATUS).order_by("pk").first()
    return out


ENTRIES: dict[str, list[Case] | NotRequested] = {
    # --- timeline --------------------------------------------------------------------------------
    "cases:timeline": [Case("GET", seen_by_a(200), kwargs=CASE_A)],
    "cases:timeline_new": [
        Case("GET", seen_by_a(200), label="choose a kind", kwargs=CASE_A),
        Case("POST", seen_by_a(TO_TIMELINE), label="a note", kwargs=CASE_A, data=NEW_NOTE),
        Case("POST", seen_by_a(TO_TIMELINE), label="a session", kwargs=CASE_A, data=NEW_SESSION),
        Case("POST", seen_by_a(400), label="a status line by hand", kwargs=CASE_A, data={**NEW_NOTE, "kind": "status"}),
    ],
    "cases:timeline_edit": [
        Case("GET", seen_by_a(200), kwargs=ENTRY),
        Case("POST", seen_by_a(TO_TIMELINE), kwargs=ENTRY, data=NOTE_EDIT),
        Case("GET", seen_by_a(403), label="system line", kwargs=STATUS_LINE),
        Case("POST", seen_by_a(403), label="system line", kwargs=STATUS_LINE, data=STATUS_EDIT),
        Case("GET", only(404), label="entry of case B under case A", kwargs=ENTRY_OF_B),
    ],
    # --- tasks -----------------------------------------------------------------------------------
    "cases:tasks": [Case("GET", seen_by_a(200), kwargs=CASE_A)],
    "cases:task_new": [
        Case("GET", seen_by_a(200), kwargs=CASE_A),
        Case("POST", seen_by_a(TO_TASKS), kwargs=CASE_A, data=NEW_TASK),
    ],
    "cases:task_edit": [
        Case("GET", seen_by_a(200), kwargs=TASK),
        Case("POST", seen_by_a(TO_TASKS), kwargs=TASK, data=TASK_EDIT),
        Case("GET", only(404), label="task of case B under case A", kwargs=TASK_OF_B),
    ],
    "cases:task_done": [
        post_only(**TASK),
        Case("POST", seen_by_a(TO_TASKS), kwargs=TASK),
        Case("POST", only(404), label="task of case B under case A", kwargs=TASK_OF_B),
    ],
    "cases:task_cancel": [
        post_only(**TASK),
        Case("POST", seen_by_a(TO_TASKS), kwargs=TASK),
    ],
    "cases:task_reopen": [
        post_only(**TASK_DONE),
        Case("POST", seen_by_a(TO_TASKS), kwargs=TASK_DONE),
    ],
    # --- rights and proceedings ------------------------------------------------------------------
    "cases:legal": [Case("GET", seen_by_a(200), kwargs=CASE_A)],
    "cases:rights_new": [
        Case("GET", seen_by_a(200), kwargs=CASE_A),
        Case("POST", seen_by_a(TO_LEGAL), kwargs=CASE_A, data=NEW_RIGHTS),
    ],
    "cases:rights_leaflet": [Case("GET", seen_by_a(200), label="the PDF in the page's language", kwargs=CASE_A)],
    "cases:proceeding_new": [
        Case("GET", seen_by_a(200), kwargs=CASE_A),
        Case("POST", seen_by_a(TO_LEGAL), kwargs=CASE_A, data=NEW_PROCEEDING),
    ],
    "cases:proceeding_edit": [
        Case("GET", seen_by_a(200), kwargs=PROCEEDING),
        Case("POST", seen_by_a(TO_LEGAL), kwargs=PROCEEDING, data=PROCEEDING_EDIT),
        Case("GET", only(404), label="proceedings of case B under case A", kwargs=PROCEEDING_OF_B),
    ],
    "cases:hearing_new": [
        Case("GET", seen_by_a(200), kwargs=PROCEEDING),
        Case("POST", seen_by_a(TO_LEGAL), kwargs=PROCEEDING, data=NEW_HEARING),
        Case("POST", only(404), label="proceedings of case B", kwargs=PROCEEDING_OF_B, data=NEW_HEARING),
    ],
    "cases:hearing_remove": [
        post_only(**HEARING),
        Case("POST", seen_by_a(TO_LEGAL), kwargs=HEARING),
        Case("POST", only(404), label="hearing of case B under case A", kwargs=HEARING_OF_B),
    ],
    "cases:interview_new": [
        Case("GET", seen_by_a(200), kwargs=CASE_A),
        Case("POST", seen_by_a(TO_LEGAL), kwargs=CASE_A, data=NEW_INTERVIEW),
    ],
}
