"""Demo cases of the demo trafficking team, made through the real services (names are made up).

1. A presumed trafficking victim registered on a night call from the police: Russian interpreter
   needed, high risk; the service period is close to its end.
2. An identified victim in criminal proceedings (Penal Code § 133) with a reflection period in force.
3. A general victim-support case.
4. A closed case: return home organised.

``load()`` is idempotent: a case whose client already exists is not made again. ``load_domain()``
also runs the demo hooks of the other case areas (``tugi.<app>.demo.load``) where they exist.
"""

from __future__ import annotations

import importlib
import importlib.util
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from tugi.accounts.models import OrgUnit, User
from tugi.cases.models import Case, CaseType
from tugi.cases.services import (
    case_close,
    case_intake,
    case_transition,
    reflection_start,
    victim_status_set,
)
from tugi.clients.models import Client

TEAM = "Inimkaubandusohvrite tugiteenuste tiim"
COUNSELLOR = "counsellor"
HOOKS = ("assessments", "shelters", "psychhelp")


def _at(days_ago: int, hour: int, minute: int = 0) -> datetime:
    day = timezone.localdate() - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _presumed(actor: User, team: OrgUnit, types: dict[str, CaseType]) -> Case:
    # Started so that the service period ends within the warning days: the warning shows on the page.
    days_ago = settings.TUGI_PRESUMED_SERVICE_DAYS - 6
    case = case_intake(
        actor=actor,
        case_type=types["trafficking"],
        team=team,
        intake={
            "received_at": _at(days_ago, 2, 40),
            "source": "police",
            "caller_name": "Tiit Kuusk",
            "caller_organisation": "PPA Põhja prefektuur",
            "caller_phone": "+3725550123",
            "location": "Tallinna politseimaja, Kolde pst",
            "needs": ["shelter", "interpreter", "crisis", "medical"],
            "needs_note": "Ei räägi eesti ega inglise keelt. Pass on tööandja käes. Vajab ööseks turvalist kohta.",
            "on_call": True,
        },
        person={
            "given_name": "Olga",
            "family_name": "Petrova",
            "estimated_birth_year": timezone.localdate().year - 27,
            "gender": "female",
            "citizenship": "UA",
            "high_risk": True,
            "perpetrator_may_search": True,
            "safe_contact": "Helistada ainult varjupaiga kaudu. Mitte kunagi pärast kella 18.",
        },
        language="ru",
        interpreter_needed=True,
        presumed=True,
    )
    case_transition(actor=actor, case=case, verb="activate", reason="Kriisinõustamine tehtud, juhtum tööle võetud.")
    return case


def _identified(actor: User, team: OrgUnit, types: dict[str, CaseType]) -> Case:
    case = case_intake(
        actor=actor,
        case_type=types["trafficking"],
        team=team,
        intake={
            "received_at": _at(75, 10, 15),
            "source": "ngo",
            "caller_name": "Kati Mänd",
            "caller_organisation": "MTÜ Näidisabi",
            "caller_phone": "",
            "location": "Tartu, tuttava juures",
            "needs": ["shelter", "documents", "money"],
            "needs_note": "Töötas küünesalongis ilma palgata, dokumendid ära võetud.",
            "on_call": False,
        },
        person={
            "given_name": "Lan",
            "family_name": "Nguyen Thi",
            "estimated_birth_year": timezone.localdate().year - 31,
            "gender": "female",
            "citizenship": "VN",
        },
        language="vi",
        interpreter_needed=True,
        presumed=True,
    )
    case_transition(actor=actor, case=case, verb="activate", reason="Abivajadus hinnatud.")
    victim_status_set(
        actor=actor,
        case=case,
        status="identified",
        on=timezone.localdate() - timedelta(days=40),
        basis="Kriminaalmenetlus alustatud, isik tunnistatud kannatanuks.",
        proceedings_number="21230100456",
        penal_section="133",
    )
    reflection_start(
        actor=actor,
        case=case,
        starts_on=timezone.localdate() - timedelta(days=20),
        ends_on=timezone.localdate() + timedelta(days=9),
        decided_by="Põhja Ringkonnaprokuratuur",
    )
    return case


def _victim_support(actor: User, team: OrgUnit, types: dict[str, CaseType]) -> Case:
    case = case_intake(
        actor=actor,
        case_type=types["victim_support"],
        team=team,
        intake={
            "received_at": _at(12, 14, 5),
            "source": "self",
            "caller_name": "",
            "caller_organisation": "",
            "caller_phone": "",
            "location": "Kodus",
            "needs": ["crisis", "safety"],
            "needs_note": "Lähisuhtevägivald, soovib nõu lähenemiskeelu taotlemiseks.",
            "on_call": False,
        },
        person={"given_name": "Tiina", "family_name": "Mägi", "birth_date": date(1984, 5, 17)},
        language="et",
    )
    case_transition(actor=actor, case=case, verb="activate", reason="Esimene kohtumine kokku lepitud.")
    return case


def _returned_home(actor: User, team: OrgUnit, types: dict[str, CaseType]) -> Case:
    case = case_intake(
        actor=actor,
        case_type=types["trafficking"],
        team=team,
        intake={
            "received_at": _at(130, 23, 10),
            "source": "foreign",
            "caller_name": "",
            "caller_organisation": "Moldova saatkond",
            "caller_phone": "",
            "location": "Pärnu, bussijaam",
            "needs": ["shelter", "documents"],
            "needs_note": "",
            "on_call": True,
        },
        person={"pseudonym": "Irina M.", "gender": "female", "citizenship": "MD"},
        language="ru",
        interpreter_needed=False,
        presumed=True,
    )
    case_transition(actor=actor, case=case, verb="activate", reason="Turvaline majutus korraldatud.")
    case_close(
        actor=actor,
        case=case,
        reason="return_home",
        closed_on=timezone.localdate() - timedelta(days=10),
        note="Naasis koju, IOM Moldova võttis vastu.",
        return_country="MD",
        return_date=timezone.localdate() - timedelta(days=11),
        return_partner="IOM Moldova",
    )
    return case


# (client's name fields that find it again, the maker)
DEMO_CASES: list[tuple[dict[str, str], Any]] = [
    ({"given_name": "Olga", "family_name": "Petrova"}, _presumed),
    ({"given_name": "Lan", "family_name": "Nguyen Thi"}, _identified),
    ({"given_name": "Tiina", "family_name": "Mägi"}, _victim_support),
    ({"pseudonym": "Irina M."}, _returned_home),
]


@transaction.atomic
def load() -> dict[str, int]:
    actor = User.objects.filter(username=COUNSELLOR, is_demo=True).first()
    team = OrgUnit.objects.filter(name=TEAM).first()
    if actor is None or team is None or actor.agency_id is None:
        return {"cases_created": 0}
    types = {t.code: t for t in CaseType.objects.filter(code__in=["trafficking", "victim_support"])}
    created = 0
    for names, make in DEMO_CASES:
        if Client.objects.filter(agency_id=team.agency_id, **names).exists():
            continue
        make(actor, team, types)
        created += 1
    return {"cases_created": created}


def load_domain() -> dict[str, int]:
    """The demo cases, then each case area's own demo data (run after the cases they build on)."""
    result = load()
    for app in HOOKS:
        name = f"tugi.{app}.demo"
        if importlib.util.find_spec(name) is not None:
            result |= importlib.import_module(name).load()
    return result
