"""The plan of one block's clients and cases, in plain Python (no database), reproducible from its seed.

A block's 10 000 cases are drawn once, sorted by the day they were opened and numbered per type and
year (``IK-2024-0042``), so case ids grow with time as they do in a live system and the newest page
of a list holds this year's open cases. Each client is a new person except for ~2.5 % of cases (a
client coming back within the same batch of cases); the clients left over are registered people
whose case is not open yet (they are loaded with the last batch).
Everything here depends only on the seed and the block's organisation, so an interrupted load
resumes with the same plan; the rows that hang off a case (timeline, tasks, ...) are drawn per batch
in ``bench.case_rows`` from the batch's own seed.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from bench.people import Person, person

CASES_PER_BLOCK = 10_000
CLIENTS_PER_BLOCK = 10_000
FIRST_YEAR = 2020
YEAR_WEIGHTS = {2020: 11, 2021: 12, 2022: 15, 2023: 15, 2024: 15, 2025: 16, 2026: 16}
TRAFFICKING_SHARE = 0.3
RETURNING_CLIENT = 0.026
PERSONA_OPEN_CASES = 50  # the bench counsellor is named on this many open cases
# Cases loaded per transaction. A returning client comes back within the same batch (months), so
# each batch is whole on its own and a resumed load needs nothing from the batches before it.
BATCH_CASES = 1_000

RISK = (("", 30), ("low", 40), ("medium", 25), ("high", 5))
CLOSE_REASONS = {
    "trafficking": (
        ("return_home", 25),
        ("needs_met", 25),
        ("contact_lost", 15),
        ("referred", 15),
        ("declined", 8),
        ("not_victim", 7),
        ("other", 5),
    ),
    "victim_support": (("needs_met", 50), ("contact_lost", 20), ("referred", 15), ("declined", 10), ("other", 5)),
}


@dataclass(frozen=True)
class CaseType:
    id: int
    code: str
    prefix: str
    service: str
    confidentiality: str
    trafficking: bool


@dataclass(frozen=True)
class Organisation:
    """What the plan needs of a block: its agency, case types and the counsellors of each team."""

    agency_id: int
    types: dict[str, CaseType]  # by service
    teams: dict[str, list[tuple[int, list[int]]]]  # service → [(team id, counsellor ids)]
    persona: tuple[int, int] | None  # (user id, team id) of the bench counsellor, block 1 only
    counter_base: dict[tuple[int, int], int]  # (case type id, year) → last number before the bench


@dataclass
class PlannedClient:
    n: int
    person: Person
    opened: date  # of the first case (or of the registration)
    created_by: int
    high_risk: bool = False
    perpetrator_may_search: bool = False
    staff_related: bool = False
    case_ns: list[int] = field(default_factory=list)


@dataclass
class PlannedCase:
    n: int
    opened: date
    case_type: CaseType
    team_id: int
    client_n: int
    reference: str = ""
    status: str = "active"
    closed_on: date | None = None
    close_reason: str = ""
    risk: str = ""
    victim_status: str = ""
    responsible: int = 0
    co_worker: int | None = None


def _pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([k for k, _ in weighted], weights=[w for _, w in weighted])[0]


def _opening_days(rng: random.Random, today: date) -> list[date]:
    years = [y for y in YEAR_WEIGHTS if y <= today.year]
    weights = [YEAR_WEIGHTS[y] * (1 if y < today.year else today.timetuple().tm_yday / 365) for y in years]
    days = []
    for year in rng.choices(years, weights=weights, k=CASES_PER_BLOCK):
        last = today if year == today.year else date(year, 12, 31)
        days.append(date(year, 1, 1) + timedelta(days=rng.randrange((last - date(year, 1, 1)).days + 1)))
    return sorted(days)


def _status(rng: random.Random, case: PlannedCase, today: date) -> None:
    """Old cases are mostly closed, this quarter's mostly open."""
    age = (today - case.opened).days
    closed = 0.05 if age < 60 else 0.4 if age < 365 else 0.85 if age < 730 else 0.97
    if rng.random() < closed:
        case.status = "closed"
        case.closed_on = min(today, case.opened + timedelta(days=14 + int(rng.expovariate(1 / 120))))
        case.close_reason = _pick(rng, CLOSE_REASONS[case.case_type.service])
    elif age < 60:
        case.status = _pick(rng, (("intake", 25), ("active", 70), ("suspended", 5)))
    else:
        case.status = _pick(rng, (("active", 85), ("suspended", 15)))


def _workers(rng: random.Random, case: PlannedCase, counsellors: list[int]) -> None:
    case.responsible = rng.choice(counsellors)
    others = [c for c in counsellors if c != case.responsible]
    if others and rng.random() < 0.25:
        case.co_worker = rng.choice(others)


def _name_persona(rng: random.Random, cases: list[PlannedCase], persona: tuple[int, int]) -> None:
    """Tops the persona up to ``PERSONA_OPEN_CASES`` open cases of their team (responsible on most)."""
    user, team = persona
    open_team = [c for c in cases if c.team_id == team and c.status != "closed" and c.case_type.trafficking]
    named = [c for c in open_team if user in (c.responsible, c.co_worker)]
    spare = [c for c in open_team if user not in (c.responsible, c.co_worker)]
    rng.shuffle(spare)
    for case in spare[: max(0, PERSONA_OPEN_CASES - len(named))]:
        if rng.random() < 0.8:
            if case.co_worker == user:
                case.co_worker = None
            case.responsible = user
        else:
            case.co_worker = user


def _references(cases: list[PlannedCase], org: Organisation) -> None:
    numbers: Counter[tuple[int, int]] = Counter()
    for case in cases:
        key = (case.case_type.id, case.opened.year)
        numbers[key] += 1
        number = org.counter_base.get(key, 0) + numbers[key]
        case.reference = f"{case.case_type.prefix}-{case.opened.year}-{number:04d}"


def _risk_and_status(rng: random.Random, case: PlannedCase, client: PlannedClient) -> None:
    case.risk = _pick(rng, RISK)
    if case.risk == "high" and rng.random() < 0.6:
        client.high_risk = True
    if case.case_type.trafficking:
        case.victim_status = _pick(rng, (("presumed", 60), ("identified", 30), ("", 10)))
        if rng.random() < 0.1:
            client.perpetrator_may_search = True


def plan_block(block: int, org: Organisation, today: date) -> tuple[list[PlannedClient], list[PlannedCase]]:
    """The clients and cases of one block, in the order they are loaded."""
    rng = random.Random(f"tugi-bench-cases-{block}")
    services = [s for s in ("trafficking", "victim_support") if s in org.types and org.teams.get(s)]
    taken_codes: set[str] = set()
    clients: list[PlannedClient] = []
    cases: list[PlannedCase] = []
    by_service: dict[str, list[PlannedClient]] = defaultdict(list)
    for n, opened in enumerate(_opening_days(rng, today), 1):
        service = "trafficking" if "trafficking" in services and rng.random() < TRAFFICKING_SHARE else services[-1]
        team_id, counsellors = rng.choice(org.teams[service])
        case = PlannedCase(n, opened, org.types[service], team_id, 0)
        _status(rng, case, today)
        _workers(rng, case, counsellors)
        earlier = by_service[f"{service}/{(n - 1) // BATCH_CASES}"]
        if earlier and rng.random() < RETURNING_CLIENT:
            client = rng.choice(earlier)
        else:
            found = person(rng, trafficking=service == "trafficking", opened=opened, taken_codes=taken_codes)
            client = PlannedClient(len(clients) + 1, found, opened, case.responsible)
            client.staff_related = rng.random() < 0.003
            clients.append(client)
            earlier.append(client)
        case.client_n = client.n
        client.case_ns.append(n)
        _risk_and_status(rng, case, client)
        cases.append(case)
    while len(clients) < CLIENTS_PER_BLOCK:  # registered at an intake, no case opened yet
        service = rng.choice(services)
        opened = today - timedelta(days=rng.randrange(30))
        found = person(rng, trafficking=service == "trafficking", opened=opened, taken_codes=taken_codes)
        clients.append(PlannedClient(len(clients) + 1, found, opened, rng.choice(rng.choice(org.teams[service])[1])))
    if org.persona:
        _name_persona(rng, cases, org.persona)
    _references(cases, org)
    return clients, cases
