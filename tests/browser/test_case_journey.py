"""Issue 3's journey: a trafficking case from the police call at night to the unit head's morning.

At night the on-call counsellor, on a phone, registers a presumed victim of trafficking who needs a
Russian interpreter after a call from the police (PPA): screens the ILO indicators, records a high
safety risk (the case then shows HIGH RISK), places the person in a shelter, records that the rights
were explained, prints the Russian rights leaflet and sets tasks. The next morning the unit head finds
the case at a desk; a counsellor of another unit cannot find it by list, by search or by its address.

Every page is checked with axe-core and for the browser's CSP reports (``assert_accessible``); every
phone page must fit 360 px without sideways scrolling. ``TUGI_JOURNEY_SHOTS=<dir>`` also keeps a
picture of every page checked (the phone's intake page and the case with its risk badge by name too).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
GIVEN, FAMILY = "Olga", "Petrova"
CALLER = "Vanemkonstaabel Jaan Kask"
LOCATION = "Tallinna politseimaja, Kolde pst 65"
NEEDS_NOTE = "Ei ole dokumente ega raha; kardab, et tööandja otsib teda taga."
INTERPRETER = "Tõlkebüroo Lingua, vene keel (telefonitõlge)"
TASKS = ("Leida vene keele tõlk nõustamiseks", "Saata PPA-le teade ohvri nõustamisest")


@dataclass
class Journey:
    """The page in the hand and what every step checks with."""

    page: Any
    translated: Any
    assert_accessible: Any
    who: str
    phone: bool = True
    shots: int = 0

    def t(self, message: str) -> str:
        return self.translated("et", message)

    def check(self) -> None:
        """The page as shown now: accessible, no CSP refusal, the case's tabs styled and, on the phone,
        no sideways scroll."""
        if self.phone:
            width = self.page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["viewport"]["width"], f"{self.page.url} is {width}px wide on a 360px phone"
        tabs = self.page.locator("header.case-head nav.tabs ul")
        if tabs.count():
            # The case file's tabs are a row of tabs on every case page, not a long list of bullets.
            assert tabs.evaluate("list => getComputedStyle(list).display") == "flex", self.page.url
        self.assert_accessible(self.page)
        self.shots += 1
        self.shot(
            f"{self.who}-{self.shots:02d}-" + re.sub(r"[^a-z0-9]+", "-", self.page.url.split("/", 3)[-1].lower())[:60]
        )

    def field(self, scope: Any, label: str) -> Any:
        """The input labelled ``label`` (as translated) in ``scope``; Django's label may end in a colon."""
        return scope.get_by_label(re.compile(rf"^\s*{re.escape(self.t(label))}:?\s*$"))

    def submit(self, name: str) -> None:
        with self.page.expect_navigation():
            self.page.locator("main").get_by_role("button", name=self.t(name), exact=True).click()

    def follow(self, name: str) -> None:
        with self.page.expect_navigation():
            self.page.locator("main").get_by_role("link", name=self.t(name), exact=True).first.click()

    def status(self) -> str:
        return str(self.page.get_by_role("status").inner_text())

    def shot(self, name: str) -> None:
        folder = os.environ.get("TUGI_JOURNEY_SHOTS")
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def _last_night() -> datetime:
    """The police called at 02:40 last night (never in the future, whenever the test runs)."""
    from django.utils import timezone

    now = timezone.localtime()
    night = now.replace(hour=2, minute=40, second=0, microsecond=0)
    return night if night < now - timedelta(minutes=10) else night - timedelta(days=1)


def test_night_intake_to_morning_unit_head_and_the_outsider_cannot_find_it(
    org, new_page, log_in, translated, assert_accessible
):
    from tugi.shelters.services import place_create

    namesake = _outsiders_own_case(org)
    shelter = place_create(
        actor=org.admin,
        agency=org.agency,
        name="Turvakodu Tallinn",
        provider="MTÜ Eluliin",
        capacity=4,
        address="Salajane tn 7, Tallinn",
        phone="+3725550199",
    )

    night = Journey(new_page(**PHONE), translated, assert_accessible, "night")
    log_in(night.page, "counsellor")
    case = _register_after_the_police_call(night)
    _screen_the_indicators(night, case)
    _record_a_high_risk(night, case)
    _place_in_the_shelter(night, case, shelter)
    _explain_rights_and_print_the_russian_leaflet(night, case)
    _set_tasks(night, case)
    _my_work_before_going_to_sleep(night, case)

    morning = Journey(new_page(), translated, assert_accessible, "morning", phone=False)
    log_in(morning.page, "head")
    _unit_head_sees_the_case(morning, case)

    outsider = Journey(new_page(), translated, assert_accessible, "outsider", phone=False)
    log_in(outsider.page, "outsider")
    _outsider_cannot_find_it(outsider, case, namesake)


def _outsiders_own_case(org: Any) -> Any:
    """A case of the outsider's own team, for a namesake: their list and search work, just not for ours."""
    from tugi.cases.models import CaseType
    from tugi.cases.services import case_open
    from tugi.clients.services import client_create

    client = client_create(actor=org.outsider, agency=org.agency, given_name=GIVEN, family_name="Petrenko")
    victim_support = CaseType.objects.get(code="victim_support")
    return case_open(actor=org.outsider, case_type=victim_support, team=org.team_b, client=client)


def _register_after_the_police_call(j: Journey) -> Any:
    from tugi.accounts.models import OrgUnit
    from tugi.cases.models import Case, CaseType

    page = j.page
    page.locator("nav.main").get_by_role("link", name=j.t("New intake"), exact=True).tap()
    page.wait_for_url("**/cases/intake/")
    assert page.locator("h1").inner_text() == j.t("New case after a call")
    form = page.locator("main form.intake")
    trafficking = CaseType.objects.get(code="trafficking")
    assert form.locator(f"input[name=case_type][value='{trafficking.pk}']").is_checked(), "own service preselected"
    team = j.field(form, "Team")
    assert team.input_value() == str(OrgUnit.objects.get(name="Team A").pk), "own team preselected"
    j.check()
    j.shot("1-intake-empty")

    cases_before = Case.objects.count()
    # Everything but the name: the counsellor is interrupted and presses "Open the case" too early.
    called_at = f"{_last_night():%d.%m.%Y %H:%M}"
    j.field(form, "Call received").fill(called_at)
    j.field(form, "Who called").fill(CALLER)
    j.field(form, "Caller's organisation").fill("PPA Põhja prefektuur")
    j.field(form, "Caller's phone").fill("5123 4567")
    j.field(form, "Police and Border Guard (PPA)").check()
    j.field(form, "Taken on on-call duty").check()
    j.field(form, "Where the person is now").fill(LOCATION)
    for need in ("safe accommodation", "interpreter", "crisis counselling"):
        j.field(form, need).check()
    j.field(form, "About the needs").fill(NEEDS_NOTE)
    j.field(form, "Approximate age").fill("24")
    j.field(form, "Gender").select_option("female")
    j.field(form, "Citizenship").select_option("UA")
    j.field(form, "Language").select_option("ru")
    j.field(form, "Needs an interpreter").check()
    j.field(form, "Presumed victim of trafficking").check()
    j.submit("Open the case")

    assert page.url.endswith("/cases/intake/"), "nothing is saved without a name"
    assert j.t("Give a name or a pseudonym.") in form.locator(".errorlist").first.inner_text()
    assert Case.objects.count() == cases_before
    kept = {
        "Call received": called_at,
        "Who called": CALLER,
        "Caller's phone": "5123 4567",
        "Where the person is now": LOCATION,
        "About the needs": NEEDS_NOTE,
        "Approximate age": "24",
        "Gender": "female",
        "Citizenship": "UA",
        "Language": "ru",
    }
    for label, value in kept.items():
        assert j.field(form, label).input_value() == value, f"{label} was lost"
    for label in (
        "Police and Border Guard (PPA)",
        "Taken on on-call duty",
        "safe accommodation",
        "interpreter",
        "crisis counselling",
        "Needs an interpreter",
        "Presumed victim of trafficking",
    ):
        assert j.field(form, label).is_checked(), f"{label} was lost"
    j.check()
    j.shot("2-intake-error")

    j.field(form, "Given name").fill(GIVEN)
    j.field(form, "Family name").fill(FAMILY)
    j.submit("Open the case")
    match = re.search(r"/cases/(\d+)/$", page.url)
    assert match, page.url
    case = Case.objects.select_related("client").get(pk=int(match.group(1)))
    assert case.reference.startswith("IK-")
    assert case.reference in j.status()
    header = page.locator("header.case-head")
    assert case.reference in header.inner_text() and f"{GIVEN} {FAMILY}" in header.inner_text()
    assert header.locator(".risk-high").count() == 0, "no risk was recorded yet"
    main = page.locator("main").inner_text()
    assert j.t("interpreter needed") in main and CALLER in main and LOCATION in main
    assert case.client.languages.get(language="ru").interpreter_needed
    assert case.intake.on_call and case.victim_status == "presumed"
    j.check()
    return case


def _open_tab(j: Journey, label: str) -> None:
    with j.page.expect_navigation():
        tab = j.page.locator("header.case-head nav.tabs").get_by_role("link", name=j.t(label), exact=True)
        tab.tap() if j.phone else tab.click()


def _screen_the_indicators(j: Journey, case: Any) -> None:
    from tugi.assessments.models import Dimension, Indicator, Screening

    page = j.page
    _open_tab(j, "Identification and assessments")
    j.check()
    j.follow("New screening")
    assert page.locator("input[name=target][value=adult]").is_checked(), "a 24-year-old is screened as an adult"
    page.locator("input[name=exploitation][value=sexual]").check()
    j.check()
    with page.expect_navigation():
        page.get_by_role("button", name=j.t("Show the indicators"), exact=True).click()
    j.check()

    # One strong and one medium indicator in each of the three groups the combination rule asks for.
    offered = Indicator.objects.filter(target="adult", exploitation="sexual", active=True).order_by("order")
    ticked = []
    for dimension in (Dimension.DECEPTIVE, Dimension.EXPLOITATION, Dimension.COERCION_DESTINATION):
        for strength in ("strong", "medium"):
            ticked.append(offered.filter(dimension=dimension, strength=strength).first())
    for indicator in ticked:
        page.locator(f"main input[name=indicators][value='{indicator.pk}']").check()
    j.field(page.locator("main form"), "Note").fill("Sõelumine tõlgi abil telefoni teel.")
    j.submit("Save the screening")
    assert re.search(r"/assessments/screenings/\d+/$", page.url), page.url
    assert j.t("indicators of trafficking present") in page.locator("main").inner_text()
    screening = Screening.objects.get(case=case)
    assert screening.likely and screening.marks.count() == len(ticked)
    j.check()


def _record_a_high_risk(j: Journey, case: Any) -> None:
    page = j.page
    _open_tab(j, "Identification and assessments")
    j.follow("New safety-risk assessment")
    form = page.locator("main form")
    for factor in ("perpetrator_knows", "threats_person"):
        form.locator(f"input[name=factors][value={factor}]").check()
    j.submit("Suggest a level")
    suggested = j.t("The factors suggest: %(suggestion)s risk.") % {"suggestion": j.t("high")}
    assert suggested in j.status()
    j.check()

    # Saving without choosing the level is refused; the ticked factors and the notes stay.
    note = "Tööandja teab, et ta pöördus politseisse; ähvardas telefonis."
    j.field(form, "Notes").fill(note)
    j.submit("Save the assessment")
    assert j.t("Choose the risk level.") in form.locator(".errorlist").inner_text()
    assert form.locator("input[name=factors][value=perpetrator_knows]").is_checked()
    assert form.locator("input[name=factors][value=threats_person]").is_checked()
    assert j.field(form, "Notes").input_value() == note
    case.refresh_from_db()
    assert case.risk_level == ""
    j.check()

    form.locator("input[name=level][value=high]").check()
    j.submit("Save the assessment")
    assert re.search(r"/assessments/risk/\d+/$", page.url), page.url
    badge = page.locator("header.case-head .risk-high")
    assert badge.inner_text() == j.t("HIGH RISK")
    case.refresh_from_db()
    assert case.risk_level == "high"
    j.check()

    _open_tab(j, "Overview")
    assert page.locator("header.case-head .risk-high").is_visible(), "the badge is on the case's first screen"
    box = page.locator("header.case-head .risk-high").bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE["viewport"]["height"], "badge below the fold"
    j.check()
    j.shot("3-case-high-risk")


def _place_in_the_shelter(j: Journey, case: Any, shelter: Any) -> None:
    from tugi.shelters.models import Placement

    page = j.page
    _open_tab(j, "Accommodation")
    j.check()
    j.follow("Place in safe accommodation")
    form = page.locator("main form")
    place = j.field(form, "Place")
    place.select_option(str(shelter.pk))
    assert shelter.name in place.locator("option:checked").inner_text()
    assert j.field(form, "Moves in on").input_value(), "move-in defaults to today"
    j.field(form, "Note").fill("Politsei toob ta kohale kell 04.00.")
    j.check()
    j.submit("Place the person")
    assert page.url.endswith(f"/cases/{case.pk}/accommodation/")
    assert j.t("The person is placed.") in j.status()
    stay = page.locator("main article[aria-current=true]")
    assert shelter.name in stay.inner_text() and j.t("staying now") in stay.inner_text()
    assert Placement.objects.filter(case=case, place=shelter, ends_on=None).count() == 1
    j.check()


def _explain_rights_and_print_the_russian_leaflet(j: Journey, case: Any) -> None:
    from tugi.audit.models import AuditEvent
    from tugi.cases.models import RightsNotice

    page = j.page
    _open_tab(j, "Rights and proceedings")
    j.check()
    j.follow("Record that rights were explained")
    form = page.locator("main form")
    j.field(form, "Language").select_option("ru")
    j.field(form, "The rights leaflet was given").check()
    j.field(form, "Interpreter").fill(INTERPRETER)
    j.check()
    j.submit("Save")
    assert page.url.endswith(f"/cases/{case.pk}/legal/")
    assert j.t("Recorded: the person was informed of their rights.") in j.status()
    rights = page.locator("main section[aria-labelledby=rights-h]").inner_text()
    assert j.t("Russian") in rights and INTERPRETER in rights
    notice = RightsNotice.objects.get(case=case)
    assert notice.language == "ru" and notice.leaflet_given
    j.check()

    leaflet = page.locator("main").get_by_role("link", name="На русском языке", exact=True)
    href = leaflet.get_attribute("href")
    assert href is not None and href.endswith("lang=ru")
    response = page.request.get(href)
    assert response.status == 200
    assert response.headers["content-type"].startswith("application/pdf")
    assert response.body().startswith(b"%PDF-")
    assert AuditEvent.objects.filter(action="cases.rights.leaflet_printed", data__language="ru").count() == 1


def _set_tasks(j: Journey, case: Any) -> None:
    from django.utils import timezone

    from tugi.accounts.models import User
    from tugi.cases.models import Task

    page = j.page
    _open_tab(j, "Tasks")
    today = timezone.localdate()
    for days, title in enumerate(TASKS, start=1):
        j.follow("New task")
        form = page.locator("main form")
        assignee = j.field(form, "Assignee")
        assert assignee.input_value() == str(User.objects.get(username="counsellor").pk), "me by default"
        # The model's labels ("task", "due on", capitalised by Django): found by the field's name.
        form.locator("[name=title]").fill(title)
        form.locator("[name=due_on]").fill(f"{today + timedelta(days=days):%Y-%m-%d}")
        j.check()
        j.submit("Save")
        assert page.url.endswith(f"/cases/{case.pk}/tasks/")
        assert j.t("Task added.") in j.status()
    rows = page.locator("main table").first.locator("tbody tr")
    assert [rows.nth(i).locator("td").first.inner_text() for i in range(rows.count())] == list(TASKS)
    assert f"{today + timedelta(days=1):%d.%m.%Y}" in rows.first.inner_text()
    assert set(Task.objects.filter(case=case).values_list("assignee__username", flat=True)) == {"counsellor"}
    j.check()


def _my_work_before_going_to_sleep(j: Journey, case: Any) -> None:
    page = j.page
    with page.expect_navigation():
        page.locator("nav.main").get_by_role("link", name=j.t("My work"), exact=True).tap()
    mine = page.locator("main section[aria-labelledby=h-my-cases] li", has_text=case.reference)
    assert mine.locator(".risk-high").inner_text() == j.t("HIGH RISK")
    tasks = page.locator("main section[aria-labelledby=h-tasks]").inner_text()
    assert all(title in tasks for title in TASKS), tasks
    j.check()


def _unit_head_sees_the_case(j: Journey, case: Any) -> None:
    page = j.page
    # The morning's first screen: one open high-risk case in the head's unit.
    units = page.locator("main section[aria-labelledby=h-units] tbody tr", has_text="Unit A")
    assert units.locator("strong.risk-high").inner_text() == "1"
    j.check()
    page.locator("nav.main").get_by_role("link", name=j.t("Cases"), exact=True).click()
    page.wait_for_url("**/cases/")
    row = page.locator("main tbody tr", has=page.get_by_role("link", name=case.reference, exact=True))
    assert row.count() == 1, "the unit head's list shows the night's case"
    assert row.locator(".risk-high").inner_text() == j.t("HIGH RISK")
    j.check()

    # The same search the outsider tries below finds it for the head: the search itself works.
    j.field(page.locator("main form[role=search]"), "Search").fill(f"{GIVEN} {FAMILY}")
    j.submit("Filter")
    assert "q=" in page.url
    assert page.locator("main tbody").get_by_role("link", name=case.reference, exact=True).count() == 1
    j.check()

    with page.expect_navigation():
        page.locator("main tbody").get_by_role("link", name=case.reference, exact=True).click()
    assert page.url.endswith(f"/cases/{case.pk}/")
    header = page.locator("header.case-head")
    assert f"{GIVEN} {FAMILY}" in header.inner_text()
    assert header.locator(".risk-high").is_visible()
    main = page.locator("main").inner_text()
    assert CALLER in main and j.t("interpreter needed") in main
    j.check()
    j.shot("4-head-case-desktop")

    for tab, seen in (("Accommodation", "Turvakodu Tallinn"), ("Tasks", TASKS[0])):
        _open_tab(j, tab)
        assert seen in page.locator("main").inner_text()
        j.check()


def _outsider_cannot_find_it(j: Journey, case: Any, namesake: Any) -> None:
    page = j.page
    assert case.reference not in page.locator("main").inner_text(), "not on the outsider's own work page"
    page.goto("/cases/")
    assert page.locator("h1").inner_text() == j.t("Cases")
    listed = page.locator("main tbody").get_by_role("link")
    assert [listed.nth(i).inner_text() for i in range(listed.count())] == [namesake.reference], "only their own"
    assert FAMILY not in page.locator("main").inner_text()
    j.check()

    # The search works for the outsider (it finds their own Olga) but never shows ours.
    for query in (GIVEN, f"{GIVEN} {FAMILY}", FAMILY, case.reference):
        j.field(page.locator("main form[role=search]"), "Search").fill(query)
        j.submit("Filter")
        assert "q=" in page.url
        body = page.locator("main").inner_text()
        assert case.reference not in body and FAMILY not in body, query
        if query == GIVEN:
            assert namesake.reference in body
        if query == case.reference:
            assert j.t("No case you can see matches this search.") in body
        j.check()

    for path in (f"/cases/{case.pk}/", f"/cases/{case.pk}/legal/rights/leaflet/?lang=ru"):
        response = page.goto(path)
        assert response is not None and response.status == 404, path
        assert page.locator("h1").inner_text() == j.t("Not found")
        text = page.locator("main").inner_text()
        assert case.reference not in text and FAMILY not in text, "the 404 must not reveal whose case it is"
        j.check()
