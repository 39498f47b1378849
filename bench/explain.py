"""EXPLAIN (ANALYZE) of the queries behind a page, each summarised on one line.

Audit pages (``audit_plan``): one extra, untimed request is made with Django's query capture on;
the SELECT on ``audit_auditevent`` it issued (parameters already inlined by psycopg's client-side
binding) is explained on the same connection. ``seq_scan`` is true when the plan reads the audit
table whole.

Case pages (``case_plans``): every floor query is explained with its parameters on the floor's
connection, and every SELECT the page itself ran on one of the big tables (``BIG_TABLES``) is
explained from one captured request. ``seq_scans`` names the big tables a plan reads whole,
``filtered_out`` those it reads at least 10 000 rows of only to throw them away (an index walked in
the wrong order, a filter no index matches).
"""

from __future__ import annotations

import json
from typing import Any

import psycopg

from bench.scenarios import Scenario

AUDIT_TABLE = "audit_auditevent"
# An index scan that throws this many rows of a big table away is as bad as a sequential scan.
FILTERED_OUT_FLAG = 10_000
# Tables that grow with the scale: a sequential scan of one of them on a page is a finding.
BIG_TABLES = {
    AUDIT_TABLE,
    "cases_case",
    "cases_caseworker",
    "cases_intake",
    "cases_task",
    "cases_timelineentry",
    "cases_victimstatusrecord",
    "clients_client",
    "clients_clientalias",
    "clients_clientlanguage",
    "clients_identitydocument",
}


def _count(value: Any) -> str:
    """PostgreSQL 18 reports rows as averages per loop (51.0, 0.98): whole numbers without the .0."""
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _node(plan: dict[str, Any]) -> str:
    label = plan["Node Type"]
    if plan.get("Scan Direction") == "Backward":
        label += " Backward"
    if plan.get("Index Name"):
        label += f" using {plan['Index Name']}"
    if plan.get("Relation Name"):
        label += f" on {plan['Relation Name']}"
    details = [f"rows={_count(plan.get('Actual Rows', '?'))}"]
    if plan.get("Rows Removed by Filter"):
        details.append(f"filtered out={plan['Rows Removed by Filter']}")
    if plan.get("Heap Fetches"):
        details.append(f"heap fetches={plan['Heap Fetches']}")
    return f"{label} [{', '.join(details)}]"


def summarise(plan: dict[str, Any]) -> str:
    """``Limit > Nested Loop Left Join > (Index Scan … ; Memoize > Index Scan …)``."""
    children = plan.get("Plans", [])
    text = _node(plan)
    if len(children) == 1:
        return f"{text} > {summarise(children[0])}"
    if children:
        return f"{text} > ({'; '.join(summarise(c) for c in children)})"
    return text


def _scans(plan: dict[str, Any]) -> list[tuple[str, str]]:
    found = [(plan["Node Type"], plan.get("Relation Name", ""))]
    for child in plan.get("Plans", []):
        found += _scans(child)
    return found


def audit_plan(scenario: Scenario) -> dict[str, Any] | None:
    """{"plan": one line, "ms": execution time, "seq_scan": bool} of the page's audit query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        scenario.view()
    selects = [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].lstrip().upper().startswith("SELECT") and f'FROM "{AUDIT_TABLE}"' in q["sql"]
    ]
    if not selects:
        return None
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + selects[-1])
        raw = cursor.fetchone()[0]
    document = (json.loads(raw) if isinstance(raw, str) else raw)[0]
    root = document["Plan"]
    return {
        "plan": summarise(root),
        "ms": round(float(document["Execution Time"]), 3),
        "seq_scan": any(kind == "Seq Scan" and rel == AUDIT_TABLE for kind, rel in _scans(root)),
        "sql": selects[-1],
    }


def _discarded(plan: dict[str, Any]) -> dict[str, int]:
    """Rows of big tables read and thrown away by a filter, per table (over all loops)."""
    found: dict[str, int] = {}
    rel = plan.get("Relation Name", "")
    removed = float(plan.get("Rows Removed by Filter", 0)) * float(plan.get("Actual Loops", 1))
    if rel in BIG_TABLES and removed >= FILTERED_OUT_FLAG:
        found[rel] = int(removed)
    for child in plan.get("Plans", []):
        for table, rows in _discarded(child).items():
            found[table] = found.get(table, 0) + rows
    return found


def _summary(raw: Any, source: str, sql: str) -> dict[str, Any]:
    document = (json.loads(raw) if isinstance(raw, str) else raw)[0]
    root = document["Plan"]
    seq = sorted({rel for kind, rel in _scans(root) if kind == "Seq Scan" and rel in BIG_TABLES})
    return {
        "source": source,
        "plan": summarise(root),
        "ms": round(float(document["Execution Time"]), 3),
        "seq_scans": seq,
        "filtered_out": _discarded(root),
        "sql": " ".join(sql.split())[:160],
    }


def _page_selects(scenario: Scenario) -> tuple[int, list[str]]:
    """(queries the page ran, its SELECTs on big tables)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        scenario.view()
    selects = [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].lstrip().upper().startswith("SELECT") and any(f'"{t}"' in q["sql"] for t in BIG_TABLES)
    ]
    return len(captured.captured_queries), selects


def case_plans(scenario: Scenario, conn: psycopg.Connection[Any]) -> tuple[int, list[dict[str, Any]]]:
    """(queries the page ran, one summary per floor query and per big-table SELECT of the page, the
    page's slowest first)."""
    from django.db import connection

    out = []
    for sql in scenario.floor_sql:
        raw = conn.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql, scenario.floor_params).fetchone()
        out.append(_summary(raw[0] if raw else None, "floor", sql))
    page = []
    count, selects = _page_selects(scenario)
    with connection.cursor() as cursor:
        for sql in selects:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql)
            page.append(_summary(cursor.fetchone()[0], "page", sql))
    return count, out + sorted(page, key=lambda p: -p["ms"])
