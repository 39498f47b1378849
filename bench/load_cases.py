"""Loading the planned clients and cases with COPY, a batch of 1 000 cases per transaction.

Per block (one agency): 10 000 clients (aliases and identity documents for some), 10 000 cases with
their workers, intakes for about half, victim-status records for the trafficking cases, ~100 000
timeline entries and ~20 000 tasks; ``CaseCounter`` rows are raised with each batch so a case opened
in the app afterwards continues the numbering.

The row-history triggers of django-pghistory would write every row twice; they are user triggers,
so the loaded tables run with ``DISABLE TRIGGER USER`` while a block loads and get them back after
(also at the start of every run, in case an earlier one was killed). Foreign keys and constraints
stay on. The audit table and its triggers are never touched. ``bench_cases_meta`` records each
block's progress with every batch: a killed load resumes at the next batch with the same plan.
"""

from __future__ import annotations

import json
import random
import time
from datetime import date, datetime
from typing import Any

import psycopg

from bench.case_plan import BATCH_CASES, CASES_PER_BLOCK, CaseType, Organisation, plan_block
from bench.case_rows import TALLINN, Batch, Row, case_rows, client_rows

META_DDL = """
CREATE TABLE IF NOT EXISTS bench_cases_meta (
    block integer PRIMARY KEY,
    agency_id bigint NOT NULL,
    anchor timestamptz NOT NULL,
    persona_id bigint,
    counter_base jsonb NOT NULL DEFAULT '{}',
    batches_target integer NOT NULL,
    batches_done integer NOT NULL DEFAULT 0,
    rows_done bigint NOT NULL DEFAULT 0,
    seconds double precision NOT NULL DEFAULT 0,
    complete boolean NOT NULL DEFAULT false
)
"""

# Parents before children: the order of the COPYs in a batch.
TABLES = [
    "clients_client",
    "clients_clientalias",
    "clients_identitydocument",
    "clients_clientlanguage",
    "cases_case",
    "cases_caseworker",
    "cases_intake",
    "cases_victimstatusrecord",
    "cases_timelineentry",
    "cases_task",
]
ANALYZED = [*TABLES, "cases_casecounter"]
PERSONA_SERVICE = "trafficking"


class Columns:
    """The table's columns (from the database) and a value for each one a row leaves out, from the
    model's field default, so a field added to a model later does not break the load."""

    def __init__(self, conn: psycopg.Connection[Any], table: str, now: datetime) -> None:
        from django.apps import apps

        models = {m._meta.db_table: m for m in apps.get_models()}
        fields = {f.column: f for f in models[table]._meta.concrete_fields}
        rows = conn.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s AND table_schema = "
            "current_schema() ORDER BY ordinal_position",
            [table],
        ).fetchall()
        self.table = table
        self.defaults: dict[str, Any] = {}
        for (column,) in rows:
            field = fields.get(column)
            if field is None or field.primary_key:
                continue
            value: Any = now if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False) else None
            if value is None:
                value = field.get_default()
            self.defaults[column] = json.dumps(value) if isinstance(value, dict | list) else value
        self.with_id = [("id", None), *self.defaults.items()]

    def copy(self, conn: psycopg.Connection[Any], rows: list[Row]) -> int:
        if not rows:
            return 0
        columns = self.with_id if "id" in rows[0] else list(self.defaults.items())
        names = ", ".join(f'"{c}"' for c, _ in columns)
        with conn.cursor().copy(f"COPY {self.table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row.get(c, default) for c, default in columns])
        return len(rows)


def _organisation(
    conn: psycopg.Connection[Any], block: int, agency_id: int, counter_base: dict[str, int]
) -> Organisation:
    types = {
        service: CaseType(int(pk), code, prefix, service, confidentiality, trafficking)
        for pk, code, prefix, service, confidentiality, trafficking in conn.execute(
            "SELECT id, code, prefix, service, default_confidentiality, trafficking FROM cases_casetype "
            "WHERE is_active AND code IN ('trafficking', 'victim_support') ORDER BY id"
        ).fetchall()
    }
    teams: dict[str, dict[int, list[int]]] = {}
    for team_id, service, user_id in conn.execute(
        "SELECT ra.unit_id, ra.service, ra.user_id FROM accounts_roleassignment ra "
        "JOIN accounts_orgunit o ON o.id = ra.unit_id JOIN accounts_user u ON u.id = ra.user_id "
        "WHERE ra.role = 'counsellor' AND o.kind = 'team' AND o.is_active AND u.is_active "
        "AND u.agency_id = %s ORDER BY ra.unit_id, ra.user_id",
        [agency_id],
    ).fetchall():
        teams.setdefault(service, {}).setdefault(team_id, []).append(user_id)
    by_service = {s: sorted(t.items()) for s, t in teams.items() if s in types}
    persona = None
    if block == 1 and by_service.get(PERSONA_SERVICE):
        team_id, counsellors = by_service[PERSONA_SERVICE][0]
        persona = (counsellors[0], team_id)
    base = {(int(k.split(":")[0]), int(k.split(":")[1])): v for k, v in counter_base.items()}
    return Organisation(agency_id, types, by_service, persona, base)


def _start_block(conn: psycopg.Connection[Any], block: int) -> None:
    """The block's meta row: its clock, counters already used and persona are fixed here, once."""
    agency_id = conn.execute("SELECT agency_id FROM bench_meta WHERE block = %s", [block]).fetchone()[0]  # type: ignore[index]
    counters = conn.execute(
        "SELECT case_type_id, year, last FROM cases_casecounter WHERE agency_id = %s", [agency_id]
    ).fetchall()
    org = _organisation(conn, block, agency_id, {})
    with conn.transaction():
        conn.execute(
            "INSERT INTO bench_cases_meta (block, agency_id, anchor, persona_id, counter_base, batches_target) "
            "VALUES (%s, %s, now(), %s, %s, %s)",
            [
                block,
                agency_id,
                org.persona[0] if org.persona else None,
                json.dumps({f"{t}:{y}": last for t, y, last in counters}),
                -(-CASES_PER_BLOCK // BATCH_CASES),
            ],
        )
        if org.persona:  # the bench logs in with force_login: no second factor while TUGI_DEMO is on
            conn.execute("UPDATE accounts_user SET is_demo = true WHERE id = %s", [org.persona[0]])


def _ids(conn: psycopg.Connection[Any], table: str, count: int) -> list[int]:
    rows = conn.execute(
        "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count]
    ).fetchall()
    return [int(r[0]) for r in rows]


def _counters(conn: psycopg.Connection[Any], agency_id: int, cases: list[Any]) -> None:
    last: dict[tuple[int, int], int] = {}
    for case in cases:
        key = (case.case_type.id, case.opened.year)
        last[key] = max(last.get(key, 0), int(case.reference.rsplit("-", 1)[1]))
    for (type_id, year), number in last.items():
        conn.execute(
            "INSERT INTO cases_casecounter (agency_id, case_type_id, year, last) VALUES (%s, %s, %s, %s) "
            "ON CONFLICT (agency_id, case_type_id, year) DO UPDATE SET last = greatest(cases_casecounter.last, "
            "excluded.last)",
            [agency_id, type_id, year, number],
        )


def _batch_rows(batch: Batch, rng: random.Random) -> dict[str, list[Row]]:
    rows: dict[str, list[Row]] = {table: [] for table in TABLES}
    clients = {c.n: c for c in batch.clients}
    for client in batch.clients:
        for table, found in client_rows(rng, batch, client).items():
            rows[table] += found
    for case in batch.cases:
        for table, found in case_rows(rng, batch, case, clients[case.client_n]).items():
            rows[table] += found
    return rows


def _load_block(conn: psycopg.Connection[Any], block: int, service_days: int) -> int:
    meta = conn.execute(
        "SELECT agency_id, anchor, persona_id, counter_base, batches_target, batches_done FROM bench_cases_meta "
        "WHERE block = %s",
        [block],
    ).fetchone()
    assert meta is not None
    agency_id, anchor, _persona, counter_base, target, done = meta
    org = _organisation(conn, block, agency_id, counter_base)
    today: date = anchor.astimezone(TALLINN).date()
    clients, cases = plan_block(block, org, today)
    columns = {table: Columns(conn, table, anchor) for table in TABLES}
    loaded, started = 0, time.perf_counter()
    for k in range(done, target):
        chunk = cases[k * BATCH_CASES : (k + 1) * BATCH_CASES]
        first = {c.n for c in chunk}
        mine = [c for c in clients if (c.case_ns and c.case_ns[0] in first) or (not c.case_ns and k == target - 1)]
        client_ids = dict(zip([c.n for c in mine], _ids(conn, "clients_client", len(mine)), strict=True))
        case_ids = dict(zip([c.n for c in chunk], _ids(conn, "cases_case", len(chunk)), strict=True))
        persona = org.persona[0] if org.persona else None
        batch = Batch(agency_id, mine, chunk, client_ids, case_ids, today, anchor, service_days, persona)
        rows = _batch_rows(batch, random.Random(f"tugi-bench-cases-{block}-{k}"))
        count = 0
        with conn.transaction():
            for table in TABLES:
                count += columns[table].copy(conn, rows[table])
            _counters(conn, agency_id, chunk)
            conn.execute(
                "UPDATE bench_cases_meta SET batches_done = %s, rows_done = rows_done + %s WHERE block = %s",
                [k + 1, count, block],
            )
        loaded += count
        rate = loaded / (time.perf_counter() - started)
        print(f"\r  block {block}: cases batch {k + 1:>2}/{target}, {loaded:>8,} rows, {rate:,.0f} rows/s", end="")
    print(flush=True)
    return loaded


def set_triggers(conn: psycopg.Connection[Any], enabled: bool) -> None:
    """Row-history triggers of the loaded tables on or off (user triggers only; never the audit table's)."""
    action = "ENABLE" if enabled else "DISABLE"
    for table in TABLES:
        conn.execute(f"ALTER TABLE {table} {action} TRIGGER USER")


def triggers_disabled(conn: psycopg.Connection[Any]) -> list[str]:
    rows = conn.execute(
        "SELECT DISTINCT tgrelid::regclass::text FROM pg_trigger WHERE NOT tgisinternal AND tgenabled = 'D' "
        "AND tgrelid::regclass::text = ANY(%s)",
        [TABLES],
    ).fetchall()
    return [r[0] for r in rows]


def prepare(conn: psycopg.Connection[Any]) -> None:
    """The meta table, and the triggers back on if an earlier run was killed while loading."""
    conn.execute(META_DDL)
    if triggers_disabled(conn):
        set_triggers(conn, True)


def block_complete(conn: psycopg.Connection[Any], block: int) -> bool:
    return bool(conn.execute("SELECT 1 FROM bench_cases_meta WHERE block = %s AND complete", [block]).fetchone())


def load_block(conn: psycopg.Connection[Any], block: int) -> int:
    """Loads what block ``block`` still lacks (its organisation must exist); returns the rows loaded."""
    from django.conf import settings

    started = time.perf_counter()
    if not conn.execute("SELECT 1 FROM bench_cases_meta WHERE block = %s", [block]).fetchone():
        _start_block(conn, block)
    set_triggers(conn, False)
    try:
        loaded = _load_block(conn, block, settings.TUGI_PRESUMED_SERVICE_DAYS)
    finally:
        set_triggers(conn, True)
    conn.execute(
        "UPDATE bench_cases_meta SET complete = true, seconds = seconds + %s WHERE block = %s",
        [time.perf_counter() - started, block],
    )
    return loaded


def analyze(conn: psycopg.Connection[Any]) -> float:
    """VACUUM (ANALYZE) of the loaded tables: planner statistics and the visibility map; seconds taken."""
    started = time.perf_counter()
    conn.execute(f"VACUUM (ANALYZE) {', '.join(ANALYZED)}")
    return round(time.perf_counter() - started, 1)


def totals(conn: psycopg.Connection[Any]) -> tuple[int, int, float]:
    """(complete blocks, rows, seconds) of case data recorded in bench_cases_meta."""
    if not conn.execute("SELECT to_regclass('bench_cases_meta')").fetchone()[0]:  # type: ignore[index]
        return 0, 0, 0.0
    row = conn.execute(
        "SELECT count(*) FILTER (WHERE complete), coalesce(sum(rows_done), 0), coalesce(sum(seconds), 0) "
        "FROM bench_cases_meta"
    ).fetchone()
    assert row is not None
    return int(row[0]), int(row[1]), float(row[2])
