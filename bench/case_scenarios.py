"""The case pages measured at scale, each beside its floor (issue 3, *Scale and journeys*).

The persona is a trafficking-victim counsellor of block 1 (``bench_cases_meta.persona_id``): a
counsellor role in one team of agency 1, named on ~50 open cases, with tasks in them. The pages:

- ``case_list``: their first page of ``cases:list`` (open cases, newest first, 50 rows);
- ``case_detail``: ``cases:detail`` of one of their open cases (writes the case's read event);
- ``case_search_name``: ``cases:list?q=`` with a surname common in their team, misspelt
  (its middle letter dropped), matched by trigram word similarity (writes the search's audit event);
- ``my_work``: ``core:home`` with their cases, tasks due, reviews and periods ending.

The floors are hand-written SQL for the same rows, with the permission filter spelt out:
``(team_id IN (teams their roles reach) AND service = their service AND confidentiality <>
'restricted') OR id IN (cases they are named on)``. Grants are left out (the persona holds none).
The list and search floors apply that filter permission first (``permission_first``): one branch
per reach and one for the named cases, each on its own index, united; written as one WHERE with the
OR, the planner walks the case table backwards by id past every other agency's cases (650 ms at
scale 100), which is no floor. The page's own plans show what the application's query does.
A page that is not in this installation yet (URL name or template missing) is reported as skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from bench.scenarios import AUTH_BACKEND, CASE_SCENARIOS, HOME_SQL, PAGE, Scenario

TEAM_ROLES = ("counsellor", "service_lead")
_PLAIN = re.compile(r"^[a-z_]+$")

CASE_ROW = """
SELECT c.id, c.reference, c.status, c.victim_status, c.risk_level, c.opened_on, c.confidentiality,
       c.service_period_start, c.service_period_days, t.name_et, o.name, cl.given_name, cl.family_name,
       cl.pseudonym, cl.high_risk,
       (SELECT u.first_name || ' ' || u.last_name FROM cases_caseworker w JOIN accounts_user u ON u.id = w.user_id
         WHERE w.case_id = c.id AND w.role = 'responsible' LIMIT 1) AS responsible,
       EXISTS (SELECT 1 FROM cases_caseworker w WHERE w.case_id = c.id AND w.user_id = %(user)s) AS named{extra}
FROM cases_case c
JOIN cases_casetype t ON t.id = c.case_type_id
JOIN accounts_orgunit o ON o.id = c.team_id
JOIN clients_client cl ON cl.id = c.client_id
"""
NAMED = "c.id IN (SELECT w.case_id FROM cases_caseworker w WHERE w.user_id = %(user)s)"

DETAIL_SQL = [
    "SELECT c.*, t.*, o.*, cl.*, i.*, a.name FROM cases_case c JOIN cases_casetype t ON t.id = c.case_type_id "
    "JOIN accounts_orgunit o ON o.id = c.team_id JOIN accounts_orgunit a ON a.id = c.agency_id "
    "JOIN clients_client cl ON cl.id = c.client_id LEFT JOIN cases_intake i ON i.case_id = c.id "
    "WHERE c.id = %(case)s AND ({visible})",
    "SELECT w.*, u.first_name, u.last_name FROM cases_caseworker w JOIN accounts_user u ON u.id = w.user_id "
    "WHERE w.case_id = %(case)s ORDER BY w.role, w.id",
    "SELECT * FROM clients_clientlanguage WHERE client_id = (SELECT client_id FROM cases_case WHERE id = %(case)s)",
    "SELECT s.*, u.first_name, u.last_name FROM cases_victimstatusrecord s JOIN accounts_user u "
    "ON u.id = s.recorded_by_id WHERE s.case_id = %(case)s ORDER BY s.on DESC, s.id DESC",
    "SELECT * FROM cases_reflectionperiod WHERE case_id = %(case)s ORDER BY starts_on DESC",
    "SELECT count(*) FROM cases_task WHERE case_id = %(case)s AND status = 'open'",
]

MY_WORK_SQL = [
    CASE_ROW.format(extra="") + f"WHERE {NAMED} AND c.status <> 'closed' ORDER BY c.id DESC LIMIT {PAGE}",
    "SELECT t.*, c.reference FROM cases_task t JOIN cases_case c ON c.id = t.case_id WHERE t.assignee_id = %(user)s "
    "AND t.status = 'open' AND t.due_on <= %(week)s AND ({visible}) ORDER BY t.due_on, t.id LIMIT 50",
    f"SELECT c.* FROM cases_case c WHERE {NAMED} AND c.status <> 'closed' AND (c.review_on <= %(week)s OR "
    "(c.victim_status = 'presumed' AND c.service_period_start + c.service_period_days - 1 <= %(service_until)s)) "
    "ORDER BY c.id LIMIT 50",
    f"SELECT r.*, c.reference FROM cases_reflectionperiod r JOIN cases_case c ON c.id = r.case_id WHERE {NAMED} "
    "AND c.status <> 'closed' AND r.ended_early_on IS NULL AND r.ends_on BETWEEN %(today)s AND %(reflection_until)s "
    "ORDER BY r.ends_on, r.id LIMIT 50",
]


@dataclass
class CasePersona:
    user: Any
    visible: str  # the permission filter on ``c`` as SQL (parameter: %(user)s)
    reach: list[str]  # its parts that come from roles (``reach_terms``)
    case_id: int | None
    surname: str


def reach_terms(user_id: int) -> list[str]:
    """``c.team_id IN (…) [AND c.service = '…']`` for each role of the user that reaches cases."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ra.role, ra.service, o.path FROM accounts_roleassignment ra JOIN accounts_orgunit o "
            "ON o.id = ra.unit_id WHERE ra.user_id = %s AND o.is_active",
            [user_id],
        )
        roles = cursor.fetchall()
        parts = []
        for role, service, path in roles:
            if role not in (*TEAM_ROLES, "unit_head") or (service and not _PLAIN.match(service)):
                continue
            cursor.execute("SELECT id FROM accounts_orgunit WHERE path LIKE %s ORDER BY id", [path + "%"])
            units = ", ".join(str(int(r[0])) for r in cursor.fetchall())
            by_service = f" AND c.service = '{service}'" if role in TEAM_ROLES else ""
            parts.append(f"(c.team_id IN ({units}){by_service})")
    return parts


def visible_sql(user_id: int) -> str:
    """The user's permission filter on ``c``, one WHERE (parameter: %(user)s)."""
    parts = reach_terms(user_id)
    reach = f"(({' OR '.join(parts)}) AND c.confidentiality <> 'restricted')" if parts else "false"
    return f"{reach} OR {NAMED}"


def permission_first(terms: list[str], where: str, *, joins: str = "", tail: str = "") -> str:
    """``WITH ids AS (…)``: the visible case ids under ``where``, one branch per reach of the user and
    one for the cases they are named on, each on its own index (team and service; worker and case).

    The same rows as ``visible_sql`` AND ``where``; written apart because one WHERE with the OR lets
    the planner walk the whole case table by id (every other agency's cases first) at scale."""
    branches = [
        f"(SELECT c.id FROM cases_case c {joins} WHERE {term} AND c.confidentiality <> 'restricted' AND {where} {tail})"
        for term in terms
    ]
    branches.append(
        f"(SELECT c.id FROM cases_caseworker w JOIN cases_case c ON c.id = w.case_id {joins} "
        f"WHERE w.user_id = %(user)s AND {where} {tail})"
    )
    return "WITH ids AS (" + " UNION ".join(branches) + ")"


def _typo(name: str) -> str:
    """The name with its middle letter dropped: "Ivanova" → "Ivaova"."""
    middle = len(name) // 2
    return name[:middle] + name[middle + 1 :]


def persona() -> CasePersona | None:
    """The bench counsellor, one of their open cases and a surname to misspell; None without case data."""
    from django.db import connection

    from tugi.accounts.models import User
    from tugi.clients.models import normalise

    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('bench_cases_meta')")
        if not cursor.fetchone()[0]:
            return None
        cursor.execute("SELECT persona_id FROM bench_cases_meta WHERE block = 1 AND complete")
        row = cursor.fetchone()
        if not row or row[0] is None:
            return None
        user_id = int(row[0])
        visible = visible_sql(user_id)
        cursor.execute(
            f"SELECT c.id FROM cases_case c WHERE {NAMED} AND c.status <> 'closed' "
            "AND EXISTS (SELECT 1 FROM cases_intake i WHERE i.case_id = c.id) ORDER BY c.id DESC LIMIT 1",
            {"user": user_id},
        )
        case = cursor.fetchone()
        # A surname many of their visible open cases share, misspelt, that the search still finds.
        cursor.execute(
            f"SELECT cl.family_name FROM cases_case c JOIN clients_client cl ON cl.id = c.client_id "
            f"WHERE ({visible}) AND c.status <> 'closed' AND length(cl.family_name) >= 7 "
            "GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 10",
            {"user": user_id},
        )
        surname = ""
        for (name,) in cursor.fetchall():
            cursor.execute(
                f"SELECT count(*) FROM cases_case c JOIN clients_client cl ON cl.id = c.client_id "
                f"WHERE ({visible}) AND c.status <> 'closed' AND cl.search_text %%> %(q)s",
                {"user": user_id, "q": normalise(_typo(name))},
            )
            if cursor.fetchone()[0]:
                surname = name
                break
    return CasePersona(User.objects.get(pk=user_id), visible, reach_terms(user_id), case[0] if case else None, surname)


def _missing(url_name: str, *args: Any) -> str:
    return "" if _url(url_name, *args) else f"page not built yet: URL name {url_name} is missing"


def _url(url_name: str, *args: Any) -> str:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(url_name, args=args)
    except NoReverseMatch:
        return ""


def _probe(scenario: Scenario) -> Scenario:
    """One untimed GET: a page that is not there yet (no URL, no template) is skipped, not failed."""
    from django.template import TemplateDoesNotExist

    if scenario.skipped:
        return scenario
    try:
        response = scenario.client.get(scenario.url)
    except TemplateDoesNotExist as exc:
        scenario.skipped = f"page not built yet: template {exc} is missing"
        return scenario
    if response.status_code != 200:
        scenario.skipped = f"page not usable yet: GET {scenario.url} answered {response.status_code}"
    return scenario


def _case_links(html: str) -> int:
    """Distinct cases linked from the page's table (each list row links its case)."""
    from django.urls import reverse

    pattern = re.escape(reverse("cases:detail", args=[0])).replace("0", r"(\d+)", 1)
    body = html.split("<tbody>", 1)[-1].split("</tbody>", 1)[0]
    return len(set(re.findall(f'href="{pattern}"', body)))


def _skipped(name: str, reason: str) -> Scenario:
    return Scenario(name, "", None, "", [], skipped=reason)


def work_params(user_id: int, today: date) -> dict[str, Any]:
    """Parameters of the my-work floor (and of the other floors: they use ``user`` only)."""
    from django.conf import settings

    return {
        "user": user_id,
        "today": today,
        "week": today + timedelta(days=7),
        "service_until": today + timedelta(days=settings.TUGI_SERVICE_PERIOD_WARNING_DAYS),
        "reflection_until": today + timedelta(days=settings.TUGI_REFLECTION_WARNING_DAYS),
    }


def my_work_floor(visible: str) -> list[str]:
    """The home page's floor: the platform part (roles, notices, grants) and the user's work."""
    return HOME_SQL + [sql.replace("{visible}", visible) for sql in MY_WORK_SQL]


def build_cases(names: list[str], today: date) -> dict[str, Scenario]:
    """The case scenarios among ``names``, logged in as the persona (skipped ones say why)."""
    from django.test import Client

    from tugi.clients.models import normalise

    wanted = [n for n in CASE_SCENARIOS if n in names]
    who = persona() if wanted else None
    if who is None:
        return {n: _skipped(n, "no case data in this database (bench_cases_meta)") for n in wanted}
    client = Client()
    client.force_login(who.user, backend=AUTH_BACKEND)
    params = work_params(who.user.pk, today)
    newest = f"ORDER BY c.id DESC LIMIT {PAGE + 1}"
    listing = (
        permission_first(who.reach, "c.status <> 'closed'", tail=newest)
        + CASE_ROW.format(extra="")
        + f"WHERE c.id IN (SELECT id FROM ids) {newest}"
    )
    typo = _typo(who.surname)
    query = normalise(typo)
    ranked = CASE_ROW.format(extra=", (word_similarity(%(q)s, cl.search_text) * 10000)::integer AS rank")
    detail_url = _url("cases:detail", who.case_id or 0)
    search = (
        permission_first(
            who.reach,
            "c.status <> 'closed' AND cl.search_text %%> %(q)s",
            joins="JOIN clients_client cl ON cl.id = c.client_id",
        )
        + ranked
        + f"WHERE c.id IN (SELECT id FROM ids) ORDER BY rank DESC, c.id DESC LIMIT {PAGE + 1}"
    )
    makers = {
        "case_list": lambda: Scenario(
            "case_list",
            "counsellor: first page of their open cases, newest first",
            client,
            _url("cases:list"),
            [listing],
            params,
            page_size=PAGE,
            page_rows=_case_links,
            explain="floor",
            skipped=_missing("cases:list"),
            floor_note="51 visible open cases (page + 1) with type, team, client, responsible worker, named flag",
        ),
        "case_detail": lambda: Scenario(
            "case_detail",
            "counsellor: overview of one of their open cases",
            client,
            detail_url,
            [sql.replace("{visible}", who.visible) for sql in DETAIL_SQL],
            params | {"case": who.case_id},
            audited=True,
            explain="floor",
            skipped=_missing("cases:detail", who.case_id or 0),
            floor_note="the case (visible) with type, team, client, intake; workers, languages, statuses, "
            "reflection periods, open task count (6 queries)",
        ),
        "case_search_name": lambda: Scenario(
            "case_search_name",
            f"counsellor: search {typo!r} (for {who.surname!r}), best match first",
            client,
            f"{_url('cases:list')}?q={typo}",
            [search],
            params | {"q": query},
            audited=True,
            page_size=PAGE,
            page_rows=_case_links,
            explain="floor",
            skipped=_missing("cases:list"),
            floor_note="51 visible open cases whose client's search text is word-similar (pg_trgm %>) to the query",
        ),
        "my_work": lambda: Scenario(
            "my_work",
            "counsellor: home page with my cases, tasks due, reviews, periods ending",
            client,
            _url("core:home"),
            my_work_floor(who.visible),
            params,
            explain="floor",
            skipped=_missing("cases:list"),
            floor_note="roles, notices, grants; 50 of my open cases; my tasks due within a week; reviews and "
            "service periods due; reflection periods ending (7 queries)",
        ),
    }
    out = {}
    for name in wanted:
        if name == "case_detail" and who.case_id is None:
            out[name] = _skipped(name, "the persona is named on no open case with an intake")
        elif name == "case_search_name" and not who.surname:
            out[name] = _skipped(name, "no surname of seven letters or more found misspelt among the persona's cases")
        else:
            out[name] = _probe(makers[name]())
    return out
