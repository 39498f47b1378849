"""The rows of one batch of planned cases: clients with aliases, documents and languages, cases, workers, intakes,
victim-status records, timeline entries and tasks, as ``{column: value}`` per table.

Drawn from the batch's own seed, so a batch reloaded after an interruption is the same batch.
Timeline length is heavily skewed (a lognormal: half the cases have 5 entries or fewer, a few have
hundreds, ~10 per case on average); tasks average two per case, open ones on open cases, some of
them overdue. Texts are short Estonian phrases of the kind counsellors write.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bench.case_plan import PlannedCase, PlannedClient
from bench.people import phone

TALLINN = ZoneInfo("Europe/Tallinn")
TIMELINE_MU, TIMELINE_SIGMA, TIMELINE_CAP = 1.477, 1.2, 800  # 1 + lognormal: mean ≈ 10, median ≈ 5

type Row = dict[str, Any]

SESSION_TITLES = {"crisis": "Kriisinõustamine", "social": "Sotsiaalnõustamine", "legal": "Õigusnõustamine"}
SESSION_NOTES = (
    "Arutasime turvaplaani ja järgmisi samme.",
    "Klient rääkis juhtunust, vajab eluaset ja tuge dokumentide taastamisel.",
    "Vaatasime üle tegevuskava; klient on rahulikum, uni parem.",
    "Selgitasime kriminaalmenetluse käiku ja ohvri õigusi.",
    "Klient on mures laste pärast; lepiti kokku kohtumine lastekaitsega.",
    "Rahaliste vajaduste arutelu, toimetulekutoetuse taotlus.",
)
AUTHORITIES = (
    ("Kontakt uurijaga", "Politsei- ja Piirivalveamet"),
    ("Kiri prokuratuurile", "Prokuratuur"),
    ("Kõne Töötukassasse", "Eesti Töötukassa"),
    ("Kohaliku omavalitsuse sotsiaaltöötaja", "Tallinna Sotsiaal- ja Tervishoiuamet"),
    ("Elamisloa küsimus", "PPA migratsioonibüroo"),
    ("Saatkonna kontakt", "Saatkond"),
    ("Ravi korraldamine", "Perearstikeskus"),
)
MEETINGS = ("Kohtumine turvalises majutuses", "Võrgustikukohtumine", "Kohtumine tõlgiga", "Kohtumine advokaadiga")
DOCUMENTS = ("Ohvriabi hüvitise taotlus", "Tõend tööandjale", "Isikut tõendava dokumendi taotlus", "Raviarve")
NOTES = ("Klient ei vastanud kõnele.", "Klient kolis teise linna.", "Tõlk broneeritud järgmiseks nädalaks.")
TASKS = (
    "Helistada kliendile ja kokku leppida kohtumine",
    "Broneerida tõlk",
    "Saata taotlus Sotsiaalkindlustusametile",
    "Uurida turvalise majutuse vabu kohti",
    "Täita vajaduste hindamine",
    "Kontrollida menetluse seisu uurijalt",
    "Korraldada arstiabi",
    "Valmistada ette kohtuistung",
    "Koostada tegevuskava",
    "Organiseerida kojusõit (IOM)",
)
SAFE_CONTACT = (
    "Mitte helistada pärast 18:00.",
    "Ainult varjupaiga kaudu.",
    "SMS-e mitte saata: telefon on partneri käes.",
    "Helistada ainult tööpäeviti 9–17.",
)
LOCATIONS = ("Tallinn, Lasnamäe", "Tallinn, Kesklinn", "Narva", "Tartu", "Pärnu", "Jõhvi", "Haapsalu", "Rakvere")
NEEDS = ("shelter", "medical", "food", "interpreter", "crisis", "documents", "money", "children", "safety")
BASIS_PRESUMED = "Esmane hinnang indikaatorite põhjal (PPA teade)"
BASIS_IDENTIFIED = "Kriminaalmenetlus alustatud, ohver tuvastatud"
PENAL = (("133", 70), ("133-1", 8), ("133-2", 8), ("175", 8), ("138", 3), ("140", 3))
INTERPRETED = {"uk", "vi", "uz", "tl", "lv", "lt", "pl", "ro"}
SPOKEN_HERE = {"et", "ru", "en"}  # languages the counsellors speak: no interpreter


@dataclass
class Batch:
    """What a batch's rows refer to: ids allocated for its clients and cases, and the clock."""

    agency_id: int
    clients: list[PlannedClient]
    cases: list[PlannedCase]
    client_ids: dict[int, int]  # plan number → id (this batch's clients)
    case_ids: dict[int, int]
    today: date
    now: datetime
    service_days: int
    persona: int | None


def local(day: date, rng: random.Random, now: datetime) -> datetime:
    """A working-hours moment on ``day`` in Tallinn (never after ``now``)."""
    moment = datetime.combine(day, time(8), tzinfo=TALLINN) + timedelta(minutes=rng.randrange(11 * 60))
    return min(moment, now - timedelta(minutes=1))


def _weighted(rng: random.Random, pairs: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([k for k, _ in pairs], weights=[w for _, w in pairs])[0]


def client_rows(rng: random.Random, batch: Batch, client: PlannedClient) -> dict[str, list[Row]]:
    from tugi.clients.models import Client

    p, pk = client.person, batch.client_ids[client.n]
    # In the order of the related managers (alias name; document type and number), as the app computes it.
    aliases = sorted(dict.fromkeys(name for name, _ in p.aliases))
    documents = {(t, n, c): v for t, n, c, v in p.documents}
    numbers = [number for _, number, _ in sorted(documents)]
    search_text = Client(
        given_name=p.given_name, family_name=p.family_name, pseudonym=p.pseudonym, personal_code=p.personal_code
    ).compute_search_text(aliases=aliases, documents=numbers)
    created = local(client.opened, rng, batch.now)
    row: Row = {
        "id": pk,
        "version": 1,
        "created_at": created,
        "updated_at": created,
        "agency_id": batch.agency_id,
        "given_name": p.given_name,
        "family_name": p.family_name,
        "pseudonym": p.pseudonym,
        "personal_code": p.personal_code,
        "birth_date": p.birth_date,
        "estimated_birth_year": p.estimated_birth_year,
        "gender": p.gender,
        "citizenship": p.citizenship,
        "safe_contact": rng.choice(SAFE_CONTACT) if rng.random() < 0.15 else "",
        "high_risk": client.high_risk,
        "perpetrator_may_search": client.perpetrator_may_search,
        "staff_related": client.staff_related,
        "search_text": search_text,
        "created_by_id": client.created_by,
    }
    kinds = dict(p.aliases)
    languages = [
        {
            "client_id": pk,
            "language": p.language,
            "native": True,
            "interpreter_needed": p.language not in SPOKEN_HERE and rng.random() < 0.7,
        }
    ]
    if p.foreign and p.language not in SPOKEN_HERE and rng.random() < 0.4:
        languages.append(
            {"client_id": pk, "language": rng.choice(("ru", "en")), "native": False, "interpreter_needed": False}
        )
    return {
        "clients_client": [row],
        "clients_clientlanguage": languages,
        "clients_clientalias": [{"client_id": pk, "name": name, "kind": kinds[name]} for name in aliases],
        "clients_identitydocument": [
            {"client_id": pk, "doc_type": t, "number": n, "country": c, "valid_until": v}
            for (t, n, c), v in documents.items()
        ],
    }


def _close_fields(rng: random.Random, case: PlannedCase, client: PlannedClient) -> Row:
    if case.status != "closed":
        return {}
    fields: Row = {"close_note": "Juhtum suletud, vajadused kaetud." if case.close_reason == "needs_met" else ""}
    if case.close_reason == "return_home":
        fields |= {
            "return_country": client.person.citizenship or "UA",
            "return_date": case.closed_on - timedelta(days=rng.randrange(5)) if case.closed_on else None,
            "return_partner": rng.choice(("IOM Tallinn", "Saatkond", "Kodumaa ohvriabi partner")),
        }
    return fields


def _victim_status_rows(rng: random.Random, case: PlannedCase, pk: int, batch: Batch) -> tuple[list[Row], date | None]:
    """The presumed record, then the identified one for identified victims; (rows, presumed on)."""
    if not case.victim_status:
        return [], None
    end = case.closed_on or batch.today
    presumed_on = min(end, case.opened + timedelta(days=rng.randrange(4)))
    rows: list[Row] = [
        {
            "case_id": pk,
            "status": "presumed",
            "on": presumed_on,
            "basis": BASIS_PRESUMED,
            "proceedings_number": "",
            "penal_section": "",
            "recorded_by_id": case.responsible,
            "recorded_at": local(presumed_on, rng, batch.now),
        }
    ]
    if case.victim_status == "identified":
        on = min(end, presumed_on + timedelta(days=10 + rng.randrange(180)))
        number = f"{on:%y}{rng.choice(('221', '230', '270'))}{rng.randrange(10**6):06d}"
        rows.append(
            {
                "case_id": pk,
                "status": "identified",
                "on": on,
                "basis": BASIS_IDENTIFIED,
                "proceedings_number": number,
                "penal_section": _weighted(rng, PENAL),
                "recorded_by_id": case.responsible,
                "recorded_at": local(on, rng, batch.now),
            }
        )
    return rows, presumed_on


def _intake_row(rng: random.Random, case: PlannedCase, pk: int, opened_at: datetime) -> list[Row]:
    if rng.random() >= (0.7 if case.case_type.trafficking else 0.45):
        return []
    if case.case_type.trafficking:
        source = _weighted(
            rng, (("police", 50), ("ngo", 15), ("foreign", 10), ("municipality", 5), ("self", 10), ("other", 10))
        )
    else:
        source = _weighted(rng, (("police", 40), ("self", 30), ("municipality", 10), ("ngo", 10), ("other", 10)))
    organisation = {"police": "Politsei- ja Piirivalveamet", "municipality": "Kohalik omavalitsus"}.get(source, "")
    return [
        {
            "case_id": pk,
            "received_at": opened_at - timedelta(minutes=rng.randrange(5, 600)),
            "source": source,
            "caller_name": rng.choice(("Kadri", "Marko", "Jelena", "Priit", "Anneli")) + " (valvetöötaja)"
            if source != "self"
            else "",
            "caller_organisation": organisation,
            "caller_phone": phone(rng) if source != "self" else "",
            "location": rng.choice(LOCATIONS),
            "needs": json.dumps(rng.sample(NEEDS, rng.randrange(1, 5))),
            "needs_note": "",
            "on_call": source == "police" and rng.random() < 0.4,
        }
    ]


def _timeline_entry(rng: random.Random, case: PlannedCase, client: PlannedClient, when: datetime) -> Row:
    kind = _weighted(rng, (("session", 50), ("authority", 15), ("meeting", 10), ("document", 10), ("note", 15)))
    row: Row = {"kind": kind, "occurred_at": when, "body": "", "counterpart": ""}
    if kind == "session":
        session_type = _weighted(rng, (("crisis", 30), ("social", 50), ("legal", 20)))
        mode = _weighted(rng, (("phone", 45), ("in_person", 35), ("video", 10), ("web", 10)))
        language = client.person.language if client.person.language in INTERPRETED and rng.random() < 0.7 else ""
        row |= {
            "title": SESSION_TITLES[session_type],
            "body": rng.choice(SESSION_NOTES),
            "session_type": session_type,
            "mode": mode,
            "duration_minutes": rng.choice((15, 30, 45, 60, 90)),
            "interpreter_language": language,
        }
    elif kind == "authority":
        row["title"], row["counterpart"] = rng.choice(AUTHORITIES)
    elif kind == "meeting":
        row["title"] = rng.choice(MEETINGS)
    elif kind == "document":
        row["title"] = rng.choice(DOCUMENTS)
    else:
        row["title"] = "Märkus"
        row["body"] = rng.choice(NOTES)
    return row


def timeline_rows(rng: random.Random, case: PlannedCase, client: PlannedClient, pk: int, batch: Batch) -> list[Row]:
    """The opening line, the work (skewed in number) and, for a closed case, the closing line."""
    opened_at = local(case.opened, rng, batch.now)
    end = case.closed_on or batch.today
    span = (end - case.opened).days
    count = min(TIMELINE_CAP, int(rng.lognormvariate(TIMELINE_MU, TIMELINE_SIGMA)))
    moments = sorted(local(case.opened + timedelta(days=rng.randrange(span + 1)), rng, batch.now) for _ in range(count))
    rows: list[Row] = [
        {"kind": "status", "occurred_at": opened_at, "title": "Juhtum avatud", "data": '{"event": "opened"}'}
    ]
    rows += [_timeline_entry(rng, case, client, max(m, opened_at)) for m in moments]
    if case.status == "closed":
        closed_at = max(local(end, rng, batch.now), rows[-1]["occurred_at"])
        data = json.dumps({"event": "closed", "reason": case.close_reason})
        rows.append({"kind": "status", "occurred_at": closed_at, "title": "Juhtum suletud", "data": data})
    authors = [case.responsible] + ([case.co_worker] if case.co_worker else [])
    for row in rows:
        row |= {"case_id": pk, "version": 1, "created_at": row["occurred_at"], "updated_at": row["occurred_at"]}
        row["author_id"] = case.responsible if row["kind"] == "status" else rng.choice(authors)
    return rows


def task_rows(rng: random.Random, case: PlannedCase, pk: int, batch: Batch) -> list[Row]:
    count = min(15, round(rng.expovariate(1 / 2)))
    if batch.persona in (case.responsible, case.co_worker) and case.status != "closed":
        count = max(count, 2 + rng.randrange(3))  # my-work has something to show
    rows: list[Row] = []
    end = case.closed_on or batch.today
    for _ in range(count):
        created = local(case.opened + timedelta(days=rng.randrange((end - case.opened).days + 1)), rng, batch.now)
        if case.status == "closed":
            status = "done" if rng.random() < 0.85 else "cancelled"
        else:
            status = _weighted(rng, (("open", 60), ("done", 35), ("cancelled", 5)))
        if status == "open":
            due: date | None = batch.today + timedelta(days=rng.randrange(-20, 40))
            done_at = None
        else:
            due = created.date() + timedelta(days=rng.randrange(1, 30))
            done_at = min(batch.now - timedelta(minutes=1), created + timedelta(days=rng.randrange(30)))
        assignee = case.co_worker if case.co_worker and rng.random() < 0.25 else case.responsible
        rows.append(
            {
                "case_id": pk,
                "title": rng.choice(TASKS),
                "due_on": due if rng.random() < 0.9 else None,
                "assignee_id": assignee,
                "status": status,
                "done_at": done_at,
                "created_by_id": case.responsible,
                "version": 1,
                "created_at": created,
                "updated_at": done_at or created,
            }
        )
    return rows


def case_rows(rng: random.Random, batch: Batch, case: PlannedCase, client: PlannedClient) -> dict[str, list[Row]]:
    pk = batch.case_ids[case.n]
    statuses, presumed_on = _victim_status_rows(rng, case, pk, batch)
    timeline = timeline_rows(rng, case, client, pk, batch)
    opened_at = timeline[0]["occurred_at"]
    closed_at = timeline[-1]["occurred_at"] if case.status == "closed" else None
    confidentiality = "restricted" if client.staff_related else case.case_type.confidentiality
    open_case = case.status != "closed"
    row: Row = {
        "id": pk,
        "version": 1,
        "created_at": opened_at,
        "updated_at": closed_at or timeline[-1]["occurred_at"],
        "reference": case.reference,
        "service": case.case_type.service,
        "confidentiality": confidentiality,
        "status": case.status,
        "status_changed_at": closed_at or opened_at,
        "opened_on": case.opened,
        "risk_level": case.risk,
        "victim_status": case.victim_status,
        "service_period_start": presumed_on if case.victim_status == "presumed" else None,
        "service_period_days": batch.service_days if case.victim_status == "presumed" else None,
        "review_on": batch.today + timedelta(days=rng.randrange(-15, 75)) if open_case else None,
        "closed_on": case.closed_on,
        "close_reason": case.close_reason,
        "close_note": "",
        "return_country": "",
        "return_date": None,
        "return_partner": "",
        "last_activity_at": timeline[-1]["occurred_at"],
        "agency_id": batch.agency_id,
        "client_id": batch.client_ids[case.client_n],
        "created_by_id": case.responsible,
        "team_id": case.team_id,
        "case_type_id": case.case_type.id,
    }
    row |= _close_fields(rng, case, client)
    workers = [
        {
            "case_id": pk,
            "user_id": case.responsible,
            "role": "responsible",
            "added_at": opened_at,
            "added_by_id": case.responsible,
        }
    ]
    if case.co_worker:
        added = opened_at + timedelta(days=rng.randrange(30))
        workers.append(
            {
                "case_id": pk,
                "user_id": case.co_worker,
                "role": "co_worker",
                "added_at": min(added, batch.now),
                "added_by_id": case.responsible,
            }
        )
    return {
        "cases_case": [row],
        "cases_caseworker": workers,
        "cases_intake": _intake_row(rng, case, pk, opened_at),
        "cases_victimstatusrecord": statuses,
        "cases_timelineentry": timeline,
        "cases_task": task_rows(rng, case, pk, batch),
    }
