"""Synthetic data: scale N is N "agency-years", each one national agency's year of work.

A block is one agency (agency → department → 3 units → 6 teams), 200 staff with roles and 100 000
audit events spread over the year before the block was generated. Events go in through plain
INSERT … SELECT generate_series, so the app's own trigger writes ``seq``, ``prev_hash`` and ``hash``
and ``manage.py audit_verify`` accepts the result. Each batch commits together with its progress in
``bench_meta``, so an interrupted run resumes where it stopped; a complete block is never redone.
Each block also gets its clients and cases (``bench.load_cases``, progress in ``bench_cases_meta``);
they are loaded for all blocks before the events, which take far longer.
"""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import psycopg

STAFF_PER_BLOCK = 200
EVENTS_PER_BLOCK = 100_000
CLIENTS_PER_BLOCK = 10_000
# The trigger updates the chain's head row twice per event; a transaction's row versions must fit in
# the head's page or every later update walks them. Small commits inside one DO loop keep it fast.
ROWS_PER_COMMIT = 20
ROWS_PER_CALL = 10_000
GENERATOR_LOCK = 7_319_001  # advisory lock key: one generator per database at a time

# (action, kind, object_type, subject: client | staff | none, weight, flagged, data)
ACTIONS: list[tuple[str, str, str, str, float, bool, str]] = [
    ("accounts.session.logged_in", "auth", "", "none", 8, False, "{}"),
    ("accounts.session.logged_out", "auth", "", "none", 5, False, "{}"),
    ("accounts.session.login_failed", "auth", "", "none", 1, False, '{"reason": "password"}'),
    ("accounts.session.login_failed_unknown", "auth", "", "unknown", 0.5, False, '{"reason": "unknown"}'),
    ("cases.case.viewed", "read", "cases.case", "client", 30, False, "{}"),
    ("cases.case.updated", "change", "cases.case", "client", 12, False, '{"fields": ["status", "notes"]}'),
    ("cases.client.viewed", "read", "cases.client", "client", 15, False, "{}"),
    ("cases.document.downloaded", "read", "cases.document", "client", 6, False, "{}"),
    ("cases.note.created", "change", "cases.note", "client", 8, False, "{}"),
    ("helpline.contact.created", "change", "helpline.contact", "none", 6, False, '{"channel": "phone"}'),
    ("accounts.user.viewed", "read", "accounts.user", "staff", 4, False, "{}"),
    ("accounts.user.updated", "change", "accounts.user", "staff", 1, False, '{"fields": ["phone"]}'),
    ("access.grant.created", "change", "access.accessgrant", "client", 1, False, "{}"),
    ("access.emergency.opened", "read", "cases.case", "client", 0.3, True, "{}"),
    ("audit.trail.viewed", "read", "", "none", 0.5, False, '{"filters": {}}'),
    ("reports.statistics.exported", "export", "", "none", 0.5, False, "{}"),
]


def _actions_ddl() -> str:
    total = sum(a[4] for a in ACTIONS)
    rows, low = [], 0.0
    for action, kind, object_type, subject, weight, flagged, data in ACTIONS:
        high = 1.0 if action == ACTIONS[-1][0] else low + weight / total
        rows.append(
            f"({low!r}, {high!r}, '{action}', '{kind}', '{object_type}', '{subject}', {flagged}, '{data}'::jsonb)"
        )
        low = high
    return (
        "CREATE TEMP TABLE IF NOT EXISTS bench_actions (lo float8, hi float8, action text, kind text, "
        "object_type text, subject text, flagged boolean, data jsonb);\nTRUNCATE bench_actions;\n"
        "INSERT INTO bench_actions VALUES\n" + ",\n".join(rows) + ";"
    )


# One step of the DO loop: ROWS_PER_COMMIT events of block {block} numbered lo .. lo + step - 1.
EVENTS_SQL = """
INSERT INTO audit_auditevent (at, kind, action, actor_id, actor_label, agency_id, object_type, object_id,
    subject_type, subject_id, flagged, reason, ip, data, prev_hash, hash)
SELECT
    {anchor} - interval '365 days' + (s.g + s.r_jitter) * ({seconds_per_event} * interval '1 second'),
    a.kind, a.action,
    CASE WHEN a.subject = 'unknown' THEN NULL ELSE u.id END,
    CASE WHEN a.subject = 'unknown' THEN 'unknown_' || (s.g % 997) ELSE u.username END,
    CASE WHEN a.subject = 'unknown' THEN NULL ELSE {agency_id} END,
    CASE a.subject WHEN 'staff' THEN 'accounts.user' ELSE a.object_type END,
    CASE a.subject WHEN 'staff' THEN su.id::text WHEN 'client' THEN (s.client * 3 + s.g % 3)::text ELSE '' END,
    CASE a.subject WHEN 'staff' THEN 'accounts.user' WHEN 'client' THEN 'cases.client' ELSE '' END,
    CASE a.subject WHEN 'staff' THEN su.id::text WHEN 'client' THEN s.client::text ELSE '' END,
    a.flagged,
    CASE WHEN a.flagged THEN 'Emergency access: client called the helpline at night' ELSE '' END,
    CASE WHEN a.subject = 'unknown' THEN ('192.0.2.' || (s.g % 250))::inet
         ELSE ('10.{octet}.' || (u.n % 250) || '.' || (1 + u.n / 250))::inet END,
    a.data, '', ''
FROM (
    SELECT g, random() AS r_action, 1 + floor(random() * {staff})::int AS actor_n,
        1 + floor(random() * {staff})::int AS subject_n, random() AS r_jitter,
        {client_base} + 1 + floor(random() * {clients})::int AS client
    FROM generate_series(lo, lo + step - 1) AS g
) s
JOIN bench_actions a ON s.r_action >= a.lo AND s.r_action < a.hi
JOIN bench_actors u ON u.n = s.actor_n
JOIN bench_actors su ON su.n = s.subject_n
ORDER BY s.g;
"""

EVENTS_DO = """
DO $$
DECLARE lo int := {start}; step int;
BEGIN
    WHILE lo <= {stop} LOOP
        step := least({per_commit}, {stop} - lo + 1);
        PERFORM setseed(((({block} * 7919 + lo) % 100000) / 100000.0)::float8);
        {insert}
        UPDATE bench_meta SET events_done = lo + step - 1 WHERE block = {block};
        COMMIT;
        lo := lo + step;
    END LOOP;
END $$
"""


def _staff_plan(teams: list[Any], units: list[Any], agency: Any) -> list[tuple[str, list[tuple[str, str, Any]]]]:
    """(username suffix, roles) for the 200 staff: personas first, then leads, heads, volunteers, counsellors."""
    from tugi.accounts.models import Role, Service

    services = [Service.VICTIM_SUPPORT, Service.HELPLINE, Service.TRAFFICKING, Service.PASTORAL_CARE]
    plan: list[tuple[str, list[tuple[str, str, Any]]]] = [
        ("dpo", [(Role.DPO, "", agency)]),
        ("counsellor", [(Role.COUNSELLOR, Service.VICTIM_SUPPORT, teams[0])]),
        ("admin", [(Role.ADMIN, "", agency)]),
    ]
    plan += [(f"head{i}", [(Role.UNIT_HEAD, "", unit)]) for i, unit in enumerate(units, 1)]
    plan += [(f"lead{i}", [(Role.SERVICE_LEAD, services[i % 4], team)]) for i, team in enumerate(teams, 1)]
    plan += [(f"volunteer{i}", [(Role.VOLUNTEER, "", teams[i % len(teams)])]) for i in range(1, 10)]
    i = 0
    while len(plan) < STAFF_PER_BLOCK:
        i += 1
        plan.append((f"staff{i}", [(Role.COUNSELLOR, services[i % 4], teams[i % len(teams)])]))
    return plan


def create_organisation(block: int) -> int:
    """One agency with its units, staff and roles, and its bench_meta row, in one transaction."""
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.utils import timezone

    from tugi.accounts.models import RoleAssignment, UnitKind, User
    from tugi.accounts.services import org_unit_create

    with transaction.atomic():
        agency = org_unit_create(actor=None, name=f"Bench agency {block}", kind=UnitKind.AGENCY, parent=None)
        department = org_unit_create(actor=None, name="Victim support", kind=UnitKind.DEPARTMENT, parent=agency)
        units = [org_unit_create(actor=None, name=f"Region {r}", kind=UnitKind.UNIT, parent=department) for r in "NSW"]
        teams = [
            org_unit_create(actor=None, name=f"Team {j}", kind=UnitKind.TEAM, parent=u) for u in units for j in (1, 2)
        ]
        plan = _staff_plan(teams, units, agency)
        unusable = make_password(None)  # bench clients log in with force_login
        users = User.objects.bulk_create(
            User(
                username=f"b{block}_{suffix}",
                password=unusable,
                first_name=suffix.title(),
                last_name=f"Bench {block}",
                agency=agency,
                language="et",
                is_demo=suffix in {"dpo", "counsellor"},  # no second factor needed while TUGI_DEMO is on
            )
            for suffix, _ in plan
        )
        RoleAssignment.objects.bulk_create(
            RoleAssignment(user=user, role=role, service=service, unit=unit)
            for user, (_, roles) in zip(users, plan, strict=True)
            for role, service, unit in roles
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO bench_meta (block, agency_id, users, events_target, anchor) VALUES (%s, %s, %s, %s, %s)",
                [block, agency.pk, len(users), EVENTS_PER_BLOCK, timezone.now()],
            )
    return int(agency.pk)


def _fill_events(conn: psycopg.Connection[Any], block: int) -> None:
    agency_id, done, target, anchor = conn.execute(
        "SELECT agency_id, events_done, events_target, anchor FROM bench_meta WHERE block = %s", [block]
    ).fetchone()  # type: ignore[misc]
    conn.execute(
        "CREATE TEMP TABLE IF NOT EXISTS bench_actors (n int PRIMARY KEY, id bigint, username text);"
        "TRUNCATE bench_actors"
    )
    conn.execute(
        "INSERT INTO bench_actors SELECT row_number() OVER (ORDER BY id), id, username FROM accounts_user "
        "WHERE agency_id = %s",
        [agency_id],
    )
    staff = conn.execute("SELECT count(*) FROM bench_actors").fetchone()[0]  # type: ignore[index]
    insert = EVENTS_SQL.format(
        anchor=f"'{anchor.isoformat()}'::timestamptz",
        seconds_per_event=timedelta(days=365).total_seconds() / target,
        agency_id=agency_id,
        octet=block % 256,
        staff=staff,
        client_base=(block - 1) * CLIENTS_PER_BLOCK,
        clients=CLIENTS_PER_BLOCK,
    )
    started = time.perf_counter()
    for start in range(done + 1, target + 1, ROWS_PER_CALL):
        stop = min(start + ROWS_PER_CALL - 1, target)
        conn.execute(EVENTS_DO.format(start=start, stop=stop, per_commit=ROWS_PER_COMMIT, block=block, insert=insert))
        rate = (stop - done) / (time.perf_counter() - started)
        print(f"\r  block {block}: {stop:>7}/{target} events, {rate:,.0f} rows/s", end="", flush=True)
    print()


def _events_block(conn: psycopg.Connection[Any], block: int) -> int | None:
    """The audit events of one block (its organisation exists); the events generated, None when complete."""
    row = conn.execute("SELECT complete FROM bench_meta WHERE block = %s", [block]).fetchone()
    if row and row[0]:
        return None
    block_started = time.perf_counter()
    before = conn.execute("SELECT events_done FROM bench_meta WHERE block = %s", [block]).fetchone()[0]  # type: ignore[index]
    _fill_events(conn, block)
    seconds = time.perf_counter() - block_started
    conn.execute("UPDATE bench_meta SET complete = true, seconds = seconds + %s WHERE block = %s", [seconds, block])
    return int(EVENTS_PER_BLOCK - before)


def _one_generator(conn: psycopg.Connection[Any]) -> None:
    """Waits while another process generates into this database (a background run, say): two would
    append the same blocks twice. The lock is the session's: it goes when the connection closes."""
    if not conn.execute("SELECT pg_try_advisory_lock(%s)", [GENERATOR_LOCK]).fetchone()[0]:  # type: ignore[index]
        print("Another process is generating into this database; waiting for it to finish …", flush=True)
        conn.execute("SELECT pg_advisory_lock(%s)", [GENERATOR_LOCK])


def generate(url_kwargs: dict[str, Any], scale: int) -> dict[str, Any]:
    """Bring the database to ``scale`` blocks; return what was there and what it cost.

    First every block's organisation and its clients and cases (``bench.load_cases``), then every
    block's audit events; both record their progress, so an interrupted run resumes where it stopped."""
    from django.db import connection

    from bench import load_cases

    summary: dict[str, Any] = {
        "scale": scale, "generated_blocks": [], "seconds": 0.0, "events": 0, "events_seconds": 0.0,
        "case_blocks": [], "case_rows": 0, "case_seconds": 0.0,
    }  # fmt: skip
    started = time.perf_counter()
    with psycopg.connect(**url_kwargs, autocommit=True) as conn:
        _one_generator(conn)
        known = {row[0] for row in conn.execute("SELECT block FROM bench_meta").fetchall()}
        conn.execute("SET synchronous_commit = off")  # this session only: a lost tail would just be regenerated
        conn.execute(_actions_ddl())
        load_cases.prepare(conn)
        # Organisations and case data first (minutes), then the audit events (the slow part: the
        # hash chain appends one event at a time), so the case pages can be measured early.
        for block in range(1, scale + 1):
            if block not in known:
                create_organisation(block)
            if not load_cases.block_complete(conn, block):
                cases_started = time.perf_counter()
                summary["case_rows"] += load_cases.load_block(conn, block)
                summary["case_seconds"] += time.perf_counter() - cases_started
                summary["case_blocks"].append(block)
        if summary["case_blocks"]:
            summary["case_analyze_seconds"] = load_cases.analyze(conn)
        for block in range(1, scale + 1):
            events_started = time.perf_counter()
            events = _events_block(conn, block)
            if events is not None:
                summary["events_seconds"] += time.perf_counter() - events_started
                summary["generated_blocks"].append(block)
                summary["events"] += events
        if summary["generated_blocks"]:
            vacuum_started = time.perf_counter()
            conn.execute("VACUUM (ANALYZE) audit_auditevent")
            summary["vacuum_seconds"] = round(time.perf_counter() - vacuum_started, 1)
        summary["case_totals"] = load_cases.totals(conn)
    summary["seconds"] = round(time.perf_counter() - started, 1)
    summary["case_seconds"] = round(summary["case_seconds"], 1)
    summary["events_seconds"] = round(summary["events_seconds"], 1)
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(sum(seconds), 0), coalesce(sum(events_done), 0) FROM bench_meta")
        total_seconds, total_events = cursor.fetchone()
    summary["all_blocks_seconds"] = round(float(total_seconds), 1)
    summary["all_blocks_events"] = int(total_events)
    return summary
