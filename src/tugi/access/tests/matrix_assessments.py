"""Permission matrix of identification and assessments (issue 3). Merged into ``matrix.MATRIX``.

Case pages: the counsellor (responsible) and the head (above team A) see and work case A; the outsider
sees case B only; admin, DPO and volunteer see no case: 404. A record of case A addressed through case
B is not found for anyone. Reference data (the ILO–EU indicators): read by those who work cases
(counsellor, outsider, head) and the admin; kept by trafficking service leads (no persona) and the
admin; the DPO and the volunteer get 403 on the list and 404 on an indicator (not visible to them).
"""

from __future__ import annotations

from typing import Any

from tugi.access.tests.matrix_kit import LOGIN, Case, NotRequested, Redirect, Ref, only, post_only, row

A = Ref("record", "case_a")
B = Ref("record", "case_b")
PAST = "01.01.2025"

CASE_TAB = Redirect("/cases/{case_pk}/assessments/")
INDICATORS = Redirect("/cases/indicators/?target=adult&exploitation=labour", exact=True)

SCREENING = {
    "target": "adult",
    "exploitation": "labour",
    "screened_on": PAST,
    "indicators": Ref("record", "indicator"),
}
NEEDS = {"assessed_on": PAST, "level_safety": "some", "next_review_on": "01.02.2025"}
RISK = {"assessed_on": PAST, "factors": "minor", "level": "medium"}
GOAL = {"text": "Safe housing", "domain": "accommodation"}
GOAL_EDIT = {"text": "Safe housing in Tartu", "domain": "", "status": "active", "version": Ref("version", "goal")}
ACTION = {"text": "Call the shelter", "responsible": Ref("user", "counsellor")}
ACTION_STATUS = {"status": "done", "version": Ref("version", "action")}
INDICATOR_NEW = {
    "target": "adult",
    "exploitation": "labour",
    "dimension": "exploitation",
    "strength": "medium",
    "text_et": "Uus",
    "text_en": "New",
    "text_ru": "Новый",
    "order": 50,
}
INDICATOR_EDIT = {
    "strength": "strong",
    "text_et": "Petetud töö olemuse osas",
    "text_en": "Deceived about the nature of the job",
    "text_ru": "Обман",
    "order": 1,
    "active": "on",
    "version": Ref("version", "indicator"),
}

CASE_A_WORK = only(404, counsellor=200, head=200)
NOBODY = only(404)


def build(world: Any) -> dict[str, Any]:
    from datetime import date

    from tugi.assessments import services
    from tugi.assessments.models import Indicator

    org, case_a = world.org, world.records["case_a"]
    indicator = Indicator.objects.get(code="AL-1.01")
    screening = services.screening_create(
        actor=org.counsellor,
        case=case_a,
        target="adult",
        exploitation="labour",
        screened_on=date(2025, 1, 1),
        indicator_ids=[indicator.pk],
    )
    needs = services.needs_create(
        actor=org.counsellor,
        case=case_a,
        assessed_on=date(2025, 1, 1),
        next_review_on=None,
        note="",
        items={"safety": ("some", "")},
    )
    risk = services.risk_create(
        actor=org.counsellor,
        case=case_a,
        assessed_on=date(2025, 1, 1),
        factors=["minor"],
        level="medium",
        note="",
        next_review_on=None,
    )
    goal = services.goal_create(actor=org.counsellor, case=case_a, text="Safe housing", domain="", review_on=None)
    action = services.action_create(
        actor=org.counsellor, goal=goal, text="Call", responsible=org.counsellor, due_on=None
    )
    return {
        "indicator": indicator,
        "screening": screening,
        "needs": needs,
        "risk": risk,
        "goal": goal,
        "action": action,
    }


def _pair(record: str) -> list[Case]:
    """A record page of case A, and the same record addressed through case B."""
    return [
        Case("GET", CASE_A_WORK, label="case A's record", kwargs={"case_pk": A, "pk": Ref("record", record)}),
        Case("GET", NOBODY, label="case A's record through case B", kwargs={"case_pk": B, "pk": Ref("record", record)}),
    ]


ENTRIES: dict[str, list[Case] | NotRequested] = {
    # --- reference data ------------------------------------------------------------------------
    "assessments:indicator_list": [
        Case("GET", row(200, anonymous=LOGIN, dpo=403, volunteer=403), label="those who work cases and the admin")
    ],
    "assessments:indicator_new": [
        Case("GET", only(403, admin=200)),
        Case("POST", only(403, admin=INDICATORS), data=INDICATOR_NEW),
    ],
    "assessments:indicator_edit": [
        Case(
            "GET",
            only(403, admin=200, dpo=404, volunteer=404),
            label="AL-1.01",
            kwargs={"pk": Ref("record", "indicator")},
        ),
        Case(
            "POST",
            only(403, admin=INDICATORS, dpo=404, volunteer=404),
            label="AL-1.01",
            kwargs={"pk": Ref("record", "indicator")},
            data=INDICATOR_EDIT,
        ),
        Case("GET", only(404), label="no such indicator", kwargs={"pk": 999_999_999}),
    ],
    # --- case pages ----------------------------------------------------------------------------
    "assessments:case": [
        Case("GET", CASE_A_WORK, label="case A", kwargs={"case_pk": A}),
        Case("GET", only(404, outsider=200), label="case B", kwargs={"case_pk": B}),
    ],
    "assessments:screening_new": [
        Case("GET", CASE_A_WORK, label="case A", kwargs={"case_pk": A}),
        Case(
            "POST",
            only(404, counsellor=CASE_TAB, head=CASE_TAB),
            label="case A",
            kwargs={"case_pk": A},
            data=SCREENING,
        ),
    ],
    "assessments:screening_detail": _pair("screening"),
    "assessments:needs_new": [
        Case("GET", CASE_A_WORK, label="case A", kwargs={"case_pk": A}),
        Case("POST", only(404, counsellor=CASE_TAB, head=CASE_TAB), label="case A", kwargs={"case_pk": A}, data=NEEDS),
    ],
    "assessments:needs_detail": _pair("needs"),
    "assessments:risk_new": [
        Case("GET", CASE_A_WORK, label="case A", kwargs={"case_pk": A}),
        Case("POST", only(404, counsellor=CASE_TAB, head=CASE_TAB), label="case A", kwargs={"case_pk": A}, data=RISK),
    ],
    "assessments:risk_detail": _pair("risk"),
    "assessments:goal_new": [
        Case("GET", CASE_A_WORK, label="case A", kwargs={"case_pk": A}),
        Case("POST", only(404, counsellor=CASE_TAB, head=CASE_TAB), label="case A", kwargs={"case_pk": A}, data=GOAL),
    ],
    "assessments:goal_edit": [
        *_pair("goal"),
        Case(
            "POST",
            only(404, counsellor=CASE_TAB, head=CASE_TAB),
            label="case A's goal",
            kwargs={"case_pk": A, "pk": Ref("record", "goal")},
            data=GOAL_EDIT,
        ),
        Case(
            "POST",
            NOBODY,
            label="case A's goal through case B",
            kwargs={"case_pk": B, "pk": Ref("record", "goal")},
            data=GOAL_EDIT,
        ),
    ],
    "assessments:action_new": [
        Case("GET", CASE_A_WORK, label="case A's goal", kwargs={"case_pk": A, "goal_pk": Ref("record", "goal")}),
        Case(
            "POST",
            only(404, counsellor=CASE_TAB, head=CASE_TAB),
            label="case A's goal",
            kwargs={"case_pk": A, "goal_pk": Ref("record", "goal")},
            data=ACTION,
        ),
        Case(
            "POST",
            NOBODY,
            label="case A's goal through case B",
            kwargs={"case_pk": B, "goal_pk": Ref("record", "goal")},
            data=ACTION,
        ),
    ],
    "assessments:action_status": [
        Case(
            "POST",
            only(404, counsellor=CASE_TAB, head=CASE_TAB),
            label="case A's action",
            kwargs={"case_pk": A, "pk": Ref("record", "action")},
            data=ACTION_STATUS,
        ),
        Case(
            "POST",
            NOBODY,
            label="case A's action through case B",
            kwargs={"case_pk": B, "pk": Ref("record", "action")},
            data=ACTION_STATUS,
        ),
        post_only(case_pk=A, pk=Ref("record", "action")),
    ],
}
