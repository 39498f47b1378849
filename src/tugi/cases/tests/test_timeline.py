"""The timeline of a case, through HTTP: adding entries of each kind, correcting them (author or
manager, never system lines, no lost updates), who may do what, filters, keyset pages, query counts."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from tugi.accounts.models import Role, Service
from tugi.cases.models import Case, TimelineEntry, TimelineKind
from tugi.cases.services import timeline_entry_add
from tugi.cases.tests.test_timeline_kit import actions, errors, name_on, open_case, work_rows
from tugi.core.tests.personas import make_user

pytestmark = pytest.mark.django_db

WHEN = "01.03.2025 10:30"
SESSION = {
    "kind": "session",
    "occurred_at": WHEN,
    "session_type": "crisis",
    "mode": "phone",
    "duration_minutes": "45",
    "interpreter_language": "ru",
    "counterpart": "PPA officer",
    "title": "",
    "body": "Explained the next steps.",
}


def url(case: Case, what: str = "", *args: Any) -> str:
    base = f"/cases/{case.pk}/timeline/"
    return base + what + ("/".join(str(a) for a in args) + "/" if args else "")


def note(case: Case, author: Any, title: str = "A note", at: datetime | None = None) -> TimelineEntry:
    at = at or timezone.now() - timedelta(hours=1)
    return timeline_entry_add(
        actor=author, case=case, kind=TimelineKind.NOTE, values={"occurred_at": at, "title": title}
    )


def test_add_a_session_and_see_it(org: Any, client: Any, login: Any) -> None:
    case = open_case(org)
    before = Case.objects.get(pk=case.pk).last_activity_at
    login(org.counsellor)
    response = client.post(url(case, "new/") + "?kind=session", SESSION)
    assert response.status_code == 302 and response["Location"] == url(case)
    entry = TimelineEntry.objects.get(case=case, kind="session")
    assert (entry.session_type, entry.mode, entry.duration_minutes, entry.interpreter_language) == (
        "crisis",
        "phone",
        45,
        "ru",
    )
    assert entry.author == org.counsellor
    assert entry.title  # the session type when the subject is left empty
    assert entry.occurred_at == timezone.make_aware(datetime(2025, 3, 1, 10, 30))
    assert "cases.timeline.added" in actions()
    assert Case.objects.get(pk=case.pk).last_activity_at > before
    page = client.get(url(case))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Explained the next steps." in html and "PPA officer" in html and "45" in html
    assert f"/cases/{case.pk}/timeline/{entry.pk}/edit/" in html  # the author may correct it


@pytest.mark.parametrize("kind", ["authority", "meeting", "document", "note"])
def test_each_kind_has_its_own_fields(org: Any, client: Any, login: Any, kind: str) -> None:
    case = open_case(org)
    login(org.counsellor)
    form = client.get(url(case, "new/") + f"?kind={kind}").context["form"]
    assert "session_type" not in form.fields
    assert ("counterpart" in form.fields) == (kind != "note")
    data = {"kind": kind, "occurred_at": WHEN, "title": "Subject", "counterpart": "Prosecutor's office"}
    response = client.post(url(case, "new/") + f"?kind={kind}", data)
    assert response.status_code == 302, errors(response)
    assert TimelineEntry.objects.get(case=case, kind=kind).title == "Subject"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"occurred_at": (timezone.localtime() + timedelta(hours=2)).strftime("%d.%m.%Y %H:%M")}, "occurred_at"),
        ({"session_type": ""}, "session_type"),
        ({"mode": ""}, "mode"),
        ({"duration_minutes": "0"}, "duration_minutes"),
        ({"duration_minutes": "1441"}, "duration_minutes"),
        ({"duration_minutes": ""}, "duration_minutes"),
        ({"interpreter_language": "Russian"}, "interpreter_language"),
        ({"occurred_at": "31.02.2025 10:00"}, "occurred_at"),
    ],
)
def test_bad_session_is_refused_and_input_kept(
    org: Any, client: Any, login: Any, change: dict[str, str], field: str
) -> None:
    case = open_case(org)
    login(org.counsellor)
    before = work_rows()
    response = client.post(url(case, "new/") + "?kind=session", {**SESSION, **change})
    assert response.status_code == 200
    assert field in errors(response)
    assert response.context["form"]["counterpart"].value() == "PPA officer"  # what was typed stays
    assert work_rows() == before


def test_a_few_minutes_ahead_is_not_the_future(org: Any, client: Any, login: Any) -> None:
    case = open_case(org)
    login(org.counsellor)
    soon = (timezone.localtime() + timedelta(minutes=2)).strftime("%d.%m.%Y %H:%M")
    response = client.post(url(case, "new/") + "?kind=note", {"kind": "note", "occurred_at": soon, "title": "Now"})
    assert response.status_code == 302


def test_kind_chooser_and_kinds_that_cannot_be_typed(org: Any, client: Any, login: Any) -> None:
    case = open_case(org)
    login(org.counsellor)
    chooser = client.get(url(case, "new/"))
    assert chooser.status_code == 200
    assert "?kind=session" in chooser.content.decode() and "?kind=status" not in chooser.content.decode()
    assert client.get(url(case, "new/") + "?kind=bogus").status_code == 200
    before = work_rows()
    for kind in ("status", "bogus"):
        response = client.post(url(case, "new/"), {"kind": kind, "occurred_at": WHEN, "title": "Forged"})
        assert response.status_code == 400
    assert work_rows() == before


def test_outsider_gets_404_and_changes_nothing(org: Any, client: Any, login: Any) -> None:
    case = open_case(org)
    entry = note(case, org.counsellor)
    login(org.outsider)
    before = work_rows()
    for page in (url(case), url(case, "new/") + "?kind=note", url(case, "", entry.pk, "edit")):
        assert client.get(page).status_code == 404, page
    assert client.post(url(case, "new/"), {"kind": "note", "occurred_at": WHEN, "title": "x"}).status_code == 404
    edit = {"occurred_at": WHEN, "title": "x", "body": "", "version": entry.version}
    assert client.post(url(case, "", entry.pk, "edit"), edit).status_code == 404
    assert work_rows() == before


def test_entry_of_another_case_is_not_found(org: Any, client: Any, login: Any) -> None:
    mine, theirs = open_case(org), open_case(org, actor=org.outsider, team=org.team_b, code="victim_support")
    foreign = note(theirs, org.outsider)
    login(org.counsellor)
    assert client.get(url(mine, "", foreign.pk, "edit")).status_code == 404


def test_named_volunteer_reads_but_does_not_write(org: Any, client: Any, login: Any) -> None:
    case = open_case(org)
    entry = note(case, org.counsellor)
    name_on(case, org.volunteer)
    login(org.volunteer)
    page = client.get(url(case))
    assert page.status_code == 200
    assert "/edit/" not in page.content.decode() and "?kind=" not in page.content.decode()
    before = work_rows()
    assert client.get(url(case, "new/") + "?kind=note").status_code == 403
    assert client.post(url(case, "new/"), {"kind": "note", "occurred_at": WHEN, "title": "x"}).status_code == 403
    edit = {"occurred_at": WHEN, "title": "x", "body": "", "version": entry.version}
    assert client.post(url(case, "", entry.pk, "edit"), edit).status_code == 403
    assert work_rows() == before


def test_who_may_correct_an_entry(org: Any, client: Any, login: Any) -> None:
    colleague = make_user("colleague", org.agency, [(Role.COUNSELLOR, Service.TRAFFICKING, org.team_a)])
    case = open_case(org)
    theirs, own = note(case, org.counsellor, "Counsellor's"), note(case, colleague, "Colleague's")
    status_line = case.timeline.get(kind=TimelineKind.STATUS)
    edit = {"occurred_at": WHEN, "title": "Corrected", "body": "", "version": 1}
    # A team colleague records work in the case but does not manage it: only their own entries.
    login(colleague)
    before = work_rows()
    assert client.get(url(case, "", theirs.pk, "edit")).status_code == 403
    assert client.post(url(case, "", theirs.pk, "edit"), edit).status_code == 403
    assert work_rows() == before
    assert client.post(url(case, "", own.pk, "edit"), edit).status_code == 302
    # The unit head manages the case: any typed entry; system lines never.
    login(org.head)
    assert client.post(url(case, "", theirs.pk, "edit"), edit).status_code == 302
    before = work_rows()
    assert client.post(url(case, "", status_line.pk, "edit"), edit).status_code == 403
    assert work_rows() == before
    theirs.refresh_from_db()
    assert (theirs.title, theirs.version, theirs.author) == ("Corrected", 2, org.counsellor)
    assert actions().count("cases.timeline.edited") == 2


def test_stale_correction_keeps_input_and_offers_the_current_version(org: Any, client: Any, login: Any) -> None:
    case = open_case(org)
    entry = note(case, org.counsellor, "First")
    login(org.counsellor)
    form_version = client.get(url(case, "", entry.pk, "edit")).context["form"]["version"].value()
    # Someone else corrects it meanwhile.
    login(org.head)
    other = {"occurred_at": WHEN, "title": "Head's correction", "body": "", "version": entry.version}
    assert client.post(url(case, "", entry.pk, "edit"), other).status_code == 302
    login(org.counsellor)
    mine = {"occurred_at": WHEN, "title": "My correction", "body": "typed text", "version": form_version}
    response = client.post(url(case, "", entry.pk, "edit"), mine)
    assert response.status_code == 200
    assert errors(response)["__all__"]
    assert response.context["form"]["title"].value() == "My correction"
    entry.refresh_from_db()
    assert (entry.title, entry.version) == ("Head's correction", 2)
    # The page now carries the current version: saving again (after checking) goes through.
    assert int(response.context["form"]["version"].value()) == 2
    assert client.post(url(case, "", entry.pk, "edit"), {**mine, "version": 2}).status_code == 302
    entry.refresh_from_db()
    assert (entry.title, entry.version) == ("My correction", 3)


def _seed(case: Case, org: Any) -> dict[str, TimelineEntry]:
    base = timezone.make_aware(datetime(2025, 3, 10, 12, 0))
    rows = {
        "crisis": TimelineEntry(case=case, kind="session", session_type="crisis", mode="phone", duration_minutes=30),
        "legal": TimelineEntry(case=case, kind="session", session_type="legal", mode="web", duration_minutes=60),
        "meeting": TimelineEntry(case=case, kind="meeting", author=org.head),
        "old note": TimelineEntry(case=case, kind="note"),
    }
    for i, (title, entry) in enumerate(rows.items()):
        entry.title = title
        entry.author = entry.author or org.counsellor
        entry.occurred_at = base - timedelta(days=10 * i)  # 10.03, 28.02, 18.02, 08.02
        entry.save()
    return rows


def titles(response: Any) -> list[str]:
    return [row["entry"].title for row in response.context["rows"]]


def test_filters(org: Any, client: Any, login: Any) -> None:
    case = open_case(org)
    _seed(case, org)
    login(org.counsellor)
    # Newest first; the system's "case opened" line was written now.
    assert titles(client.get(url(case)))[1:] == ["crisis", "legal", "meeting", "old note"]
    assert titles(client.get(url(case), {"kind": "session"})) == ["crisis", "legal"]
    assert titles(client.get(url(case), {"session_type": "legal"})) == ["legal"]
    assert titles(client.get(url(case), {"author": org.head.pk})) == ["meeting"]
    assert titles(client.get(url(case), {"date_from": "18.02.2025", "date_to": "28.02.2025"})) == ["legal", "meeting"]
    assert titles(client.get(url(case), {"date_to": "08.02.2025"})) == ["old note"]


@pytest.mark.parametrize(
    "params",
    [
        {"date_from": "01.03.2025", "date_to": "01.02.2025"},
        {"date_from": "32.13.2025"},
        {"kind": "bogus"},
        {"author": "not-a-number"},
        {"session_type": "<script>"},
    ],
)
def test_bad_filter_gives_a_message(org: Any, client: Any, login: Any, params: dict[str, str]) -> None:
    case = open_case(org)
    _seed(case, org)
    login(org.counsellor)
    response = client.get(url(case), params)
    assert response.status_code == 200
    assert response.context["filter_failed"]
    assert response.context["form"].errors
    assert len(titles(response)) == 5  # the filter was not applied: everything is shown


def _many(case: Case, author: Any, count: int) -> None:
    start = timezone.now() - timedelta(days=400)
    TimelineEntry.objects.bulk_create(
        TimelineEntry(
            case=case,
            kind="note" if i % 3 else "meeting",
            title=f"entry {i:04d}",
            author=author,
            # Pairs share a time: the id breaks the tie, so no row is lost or shown twice.
            occurred_at=start + timedelta(hours=i // 2),
        )
        for i in range(count)
    )


def test_keyset_pages_walk_the_whole_timeline(org: Any, client: Any, login: Any) -> None:
    case = open_case(org)
    _many(case, org.counsellor, 130)
    login(org.counsellor)
    seen: list[str] = []
    page_url = url(case) + "?kind=note"
    for _ in range(10):
        response = client.get(page_url)
        assert response.status_code == 200
        seen += titles(response)
        cursor = response.context["page"].next_cursor
        if not cursor:
            break
        assert f"kind=note&amp;after={cursor}" in response.content.decode()  # the filter stays on the next page
        page_url = url(case) + f"?kind=note&after={cursor}"
    expected = list(
        TimelineEntry.objects.filter(case=case, kind="note")
        .order_by("-occurred_at", "-id")
        .values_list("title", flat=True)
    )
    assert len(expected) == 86 and seen == expected


def test_a_broken_cursor_starts_from_the_top(org: Any, client: Any, login: Any) -> None:
    case = open_case(org)
    _many(case, org.counsellor, 5)
    login(org.counsellor)
    response = client.get(url(case), {"after": "!!not a cursor"})
    assert response.status_code == 200 and len(titles(response)) == 6


def test_queries_do_not_grow_with_the_timeline(
    org: Any, client: Any, login: Any, django_assert_max_num_queries: Any
) -> None:
    case = open_case(org)
    other = make_user("colleague", org.agency, [(Role.COUNSELLOR, Service.TRAFFICKING, org.team_a)])
    _many(case, org.counsellor, 10)
    login(org.counsellor)
    client.get(url(case))  # warm the session
    with django_assert_max_num_queries(20):
        small = client.get(url(case))
    _many(case, other, 300)
    with django_assert_max_num_queries(20):
        big = client.get(url(case))
    assert len(titles(small)) == 11 and len(titles(big)) == 50
