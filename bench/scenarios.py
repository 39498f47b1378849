"""The measured pages, each with its SQL floor: the raw SQL for the same rows, through psycopg alone.

A scenario's ``view`` is one GET through ``django.test.Client`` (the whole middleware stack, the
session, the template); its ``floor`` runs the data queries that page cannot do without and returns
the number of rows they fetched. Every audit page also writes one ``audit.trail.viewed`` event
(the viewer audits itself): that INSERT is part of the page's measured cost, not of the floor.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import psycopg

PAGE = 50
ROUND_TRIP = "SELECT 1"
DEEP_PAGES = 20
AUTH_BACKEND = "allauth.account.auth_backends.AuthenticationBackend"

AUDIT_SELECT = """
SELECT e.*, u.* FROM audit_auditevent e LEFT JOIN accounts_user u ON u.id = e.actor_id
WHERE e.agency_id IN ({agencies}){extra}
ORDER BY e.at DESC, e.id DESC LIMIT {limit}
"""

HOME_SQL = [
    """SELECT ra.role, ra.service, ra.unit_id, o.path FROM accounts_roleassignment ra
       JOIN accounts_user u ON u.id = ra.user_id JOIN accounts_orgunit o ON o.id = ra.unit_id
       WHERE ra.user_id = %(user)s AND u.is_active AND o.is_active""",
    """SELECT * FROM notifications_notification WHERE recipient_id = %(user)s AND read_at IS NULL
       ORDER BY created_at DESC, id DESC LIMIT 5""",
    """SELECT g.*, u.* FROM access_accessgrant g JOIN accounts_user u ON u.id = g.grantee_id
       WHERE g.grantee_id = %(user)s AND g.revoked_at IS NULL AND g.valid_from <= now() AND g.valid_until > now()
       ORDER BY g.created_at DESC LIMIT 10""",
]


@dataclass
class Scenario:
    name: str
    measures: str
    client: Any
    url: str
    floor_sql: list[str]
    floor_params: dict[str, Any] = field(default_factory=dict)
    audited: bool = False  # the page writes an audit event per view
    floor_note: str = "the page's rows: audit events (51 = page + 1) joined to their user"
    page_size: int | None = None  # a list page: the floor fetches page + 1 rows, the page shows page
    page_rows: Callable[[str], int] | None = None  # counts the rows shown in the page's HTML
    explain: str = ""  # "audit": the page's audit query; "floor": the floor's and the page's big-table queries
    skipped: str = ""  # why the scenario cannot run in this installation (the page is not built yet)

    def view(self) -> Any:
        response = self.client.get(self.url)
        if response.status_code != 200:
            raise RuntimeError(f"{self.name}: GET {self.url} answered {response.status_code}, not 200")
        return response

    def floor(self, conn: psycopg.Connection[Any]) -> int:
        """Runs the floor's queries; returns the rows the page shows (a bare round trip shows none)."""
        rows = 0
        for sql in self.floor_sql:
            rows += len(conn.execute(sql, self.floor_params).fetchall())
        if self.floor_sql == [ROUND_TRIP]:
            return 0
        return min(rows, self.page_size) if self.page_size else rows


def _audit_rows(html: str) -> int:
    """Events listed on an audit page (each row shows its action in <code>)."""
    return html.count("<code>")


AUDIT_PAGE: dict[str, Any] = {"audited": True, "page_size": PAGE, "page_rows": _audit_rows, "explain": "audit"}


def _audit_sql(agencies: set[int], extra: str = "") -> str:
    return AUDIT_SELECT.format(agencies=", ".join(str(int(a)) for a in sorted(agencies)), extra=extra, limit=PAGE + 1)


def _cursor_values(cursor: str) -> tuple[datetime, int]:
    at, pk = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    return datetime.fromisoformat(at), int(pk)


def _next_cursor(html: str) -> str:
    found = re.search(r"after=([A-Za-z0-9_-]+)", html)
    if not found:
        raise RuntimeError("the audit page has no link to older events")
    return found.group(1)


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=ZoneInfo("Europe/Tallinn"))


@dataclass
class Personas:
    agency_id: int
    dpo: Any
    counsellor: Any


def personas() -> Personas:
    from django.db import connection

    from tugi.accounts.models import User

    with connection.cursor() as cursor:
        cursor.execute("SELECT agency_id FROM bench_meta WHERE block = 1")
        (agency_id,) = cursor.fetchone()
    return Personas(
        agency_id=agency_id,
        dpo=User.objects.get(username="b1_dpo"),
        counsellor=User.objects.get(username="b1_counsellor"),
    )


def build(names: list[str]) -> list[Scenario]:
    """The scenarios in ``names`` (their order in SCENARIOS), with logged-in clients and parameters."""
    from django.test import Client

    from bench.case_scenarios import build_cases, my_work_floor, visible_sql, work_params
    from tugi.access import policies as access

    who = personas()
    anonymous, counsellor, dpo = Client(), Client(), Client()
    counsellor.force_login(who.counsellor, backend=AUTH_BACKEND)
    dpo.force_login(who.dpo, backend=AUTH_BACKEND)
    agencies = access.audit_agencies(who.dpo)
    today = datetime.now(ZoneInfo("Europe/Tallinn")).date()
    start, end = today - timedelta(days=60), today - timedelta(days=31)
    makers: dict[str, Callable[[], Scenario]] = {
        "login_page": lambda: Scenario(
            "login_page",
            "anonymous GET of the login form",
            anonymous,
            "/accounts/login/",
            [ROUND_TRIP],
            floor_note="one round trip (SELECT 1): the page reads no rows",
        ),
        "home_page": lambda: Scenario(
            "home_page",
            "victim-support counsellor's home page",
            counsellor,
            "/",
            my_work_floor(visible_sql(who.counsellor.pk)),
            work_params(who.counsellor.pk, today),
            floor_note="roles, 5 unread notices, 10 grants in force; their work as in my_work (7 queries)",
        ),
        "audit_first_page": lambda: Scenario(
            "audit_first_page",
            "DPO: 50 newest events",
            dpo,
            "/audit/",
            [_audit_sql(agencies)],
            **AUDIT_PAGE,
        ),
        "audit_by_user": lambda: Scenario(
            "audit_by_user",
            "DPO: events of one user",
            dpo,
            f"/audit/?actor={who.counsellor.username}",
            [_audit_sql(agencies, " AND e.actor_id = %(actor)s")],
            {"actor": who.counsellor.pk},
            **AUDIT_PAGE,
        ),
        "audit_by_person": lambda: Scenario(
            "audit_by_person",
            "DPO: events about one person",
            dpo,
            f"/audit/?subject=accounts.user:{who.counsellor.pk}",
            [_audit_sql(agencies, " AND e.subject_type = 'accounts.user' AND e.subject_id = %(subject)s")],
            {"subject": str(who.counsellor.pk)},
            **AUDIT_PAGE,
        ),
        "audit_deep_page": lambda: _deep_page(dpo, agencies),
        "audit_period": lambda: Scenario(
            "audit_period",
            f"DPO: events {start:%d.%m.%Y}–{end:%d.%m.%Y} (a month back)",
            dpo,
            f"/audit/?date_from={start:%d.%m.%Y}&date_to={end:%d.%m.%Y}",
            [_audit_sql(agencies, " AND e.at >= %(start)s AND e.at < %(end)s")],
            {"start": _local_midnight(start), "end": _local_midnight(end + timedelta(days=1))},
            **AUDIT_PAGE,
        ),
    }
    cases = build_cases(names, today)
    return [cases[name] if name in cases else makers[name]() for name in SCENARIOS if name in names]


def _deep_page(dpo: Any, agencies: set[int]) -> Scenario:
    """Follows the "older events" link to page 20; the measured request is that page alone."""
    cursor = _next_cursor(dpo.get("/audit/").content.decode())
    for _ in range(DEEP_PAGES - 2):
        cursor = _next_cursor(dpo.get(f"/audit/?after={cursor}").content.decode())
    at, pk = _cursor_values(cursor)
    return Scenario(
        "audit_deep_page",
        f"DPO: page {DEEP_PAGES} of the newest events, by keyset cursor",
        dpo,
        f"/audit/?after={cursor}",
        [_audit_sql(agencies, " AND e.at <= %(at)s AND (e.at < %(at)s OR (e.at = %(at)s AND e.id < %(id)s))")],
        {"at": at, "id": pk},
        **AUDIT_PAGE,
    )


# The case pages (bench.case_scenarios): built there, listed here so the command line knows them.
CASE_SCENARIOS = ["case_list", "case_detail", "case_search_name", "my_work"]

SCENARIOS = [
    "login_page",
    "home_page",
    "audit_first_page",
    "audit_by_user",
    "audit_by_person",
    "audit_deep_page",
    "audit_period",
    *CASE_SCENARIOS,
]
