"""Every URL pattern of the project against the permission matrix in ``matrix.py`` (ENGINEERING rule 1).

``test_every_pattern_is_in_the_matrix`` walks the whole resolver (allauth and django-admin included)
and fails on a pattern without an entry; ``test_matrix`` requests each case as every persona and
compares the answers.

Speed: the organisation of the project's ``org`` fixture and the personas' logins (through the real
login form, as the ``login`` fixture does it) are made once for the module, inside one transaction
that is rolled back at its end; each test runs in a savepoint of it (pytest-django's ``db``), and
each persona's request in a savepoint of that, rolled back too. So every persona of every case
meets the same data, and an accepted POST by one changes nothing the next one sees.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from tugi.access.tests import matrix
from tugi.access.tests.conftest import build_world
from tugi.access.tests.matrix import MATRIX, PERSONAS, Case, NotRequested, Redirect, Ref
from tugi.core.tests import personas as project_personas


@dataclass(frozen=True)
class Pattern:
    key: str  # "namespace:name", or "namespace:<unnamed route>" for a pattern without a name
    name: str | None  # the name to reverse, with its namespace
    route: str  # the whole route, for messages and for filling unnamed patterns
    params: tuple[str, ...]


def _params(pattern: Any) -> list[str]:
    return list(pattern.regex.groupindex)


def walk(
    patterns: list[Any] | None = None, prefix: str = "", namespace: str = "", params: tuple[str, ...] = ()
) -> Iterator[Pattern]:
    for p in get_resolver().url_patterns if patterns is None else patterns:
        here = params + tuple(_params(p.pattern))
        if isinstance(p, URLResolver):
            ns = f"{namespace}:{p.namespace}" if namespace and p.namespace else (p.namespace or namespace)
            yield from walk(p.url_patterns, prefix + str(p.pattern), ns, here)
        elif isinstance(p, URLPattern):
            route = prefix + str(p.pattern)
            name = f"{namespace}:{p.name}" if namespace and p.name else p.name
            key = name or (f"{namespace}:<unnamed {route}>" if namespace else f"<unnamed {route}>")
            yield Pattern(key=key, name=name, route=route, params=here)


PATTERNS = list(walk())


def test_every_pattern_is_in_the_matrix() -> None:
    missing = [f"{p.key}  ({p.route})" for p in PATTERNS if matrix.entry_for(p.key) is None]
    assert not missing, "URL patterns without a permission-matrix entry:\n" + "\n".join(missing)


def test_every_matrix_entry_names_a_pattern() -> None:
    keys = {p.key for p in PATTERNS}
    namespaces = {k.split(":", 1)[0] for k in keys if ":" in k}
    stale = [k for k in MATRIX if not (k in keys or (k.endswith(":*") and k[:-2] in namespaces))]
    assert not stale, f"matrix entries for patterns that no longer exist: {stale}"
    # A wildcard would hide a new page from this test: only django-admin's library pages get one.
    assert [k for k in MATRIX if k.endswith("*")] == ["admin:*"]


def test_every_not_requested_entry_gives_a_reason() -> None:
    for key, entry in MATRIX.items():
        if isinstance(entry, NotRequested):
            assert len(entry.reason) > 10, key
        else:
            assert entry, f"{key}: an entry with no cases"


def _cases() -> Iterator[Any]:
    for p in PATTERNS:
        entry = matrix.entry_for(p.key)
        if entry is None or isinstance(entry, NotRequested):
            continue
        for i, case in enumerate(entry):
            label = case.label or f"#{i}"
            yield pytest.param(p, case, id=f"{p.key} {case.method} {label}")


# --- resolving a case into a request ---------------------------------------------------------------


def _resolve(value: Any, world: Any, persona: str) -> Any:  # noqa: PLR0911
    if not isinstance(value, Ref):
        return value
    org = world.org
    if value.what in {"user", "user_version"}:
        which = value.which
        if which == "self":
            which = "counsellor" if persona == "anonymous" else persona
        user = world.leaver if which == "leaver" else getattr(org, which)
        user.refresh_from_db()
        return user.pk if value.what == "user" else user.version
    if value.what in {"unit", "unit_version"}:
        unit = getattr(org, value.which)
        unit.refresh_from_db()
        return unit.pk if value.what == "unit" else unit.version
    if value.what == "assignment":
        return getattr(org, value.which).role_assignments.order_by("pk").first().pk
    if value.what == "grant":
        return world.grant.pk
    if value.what == "notice":
        return world.notice.pk
    if value.what in {"record", "version"}:
        record = world.records[value.which]
        if value.what == "record":
            return record.pk
        record.refresh_from_db()
        return record.version
    raise ValueError(value)


def _fill(route: str, kwargs: dict[str, Any]) -> str:
    """The path of an unnamed pattern: its converters and named groups replaced by ``kwargs``."""
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m.group(1)]), route)
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(kwargs[m.group(1)]), path)
    return "/" + path.replace("^", "").replace("$", "")


def _url(pattern: Pattern, case: Case, world: Any, persona: str) -> tuple[str, dict[str, Any]]:
    kwargs = {k: _resolve(v, world, persona) for k, v in case.kwargs.items()}
    for param in pattern.params:
        kwargs.setdefault(param, matrix.WILDCARD_KWARGS.get(param))
    url = reverse(pattern.name, kwargs=kwargs) if pattern.name else _fill(pattern.route, kwargs)
    match = resolve(url.split("?")[0])
    assert match.route == pattern.route or match.url_name == (pattern.name or "").split(":")[-1], (url, pattern.route)
    return url, kwargs


# --- what a POST may change ----------------------------------------------------------------------


PLATFORM_APPS = {"core", "accounts", "access", "audit", "notifications"}


def snapshot() -> dict[str, list[tuple[Any, ...]]]:
    """The rows a page can change (no sessions, no login times, no read events): the platform's
    records and every table of the domain apps."""
    from django.apps import apps

    from tugi.access.models import AccessGrant
    from tugi.accounts.models import OrgUnit, Region, RoleAssignment, User
    from tugi.audit.models import AuditEvent, EventKind
    from tugi.notifications.models import Notification

    user_fields = [f.attname for f in User._meta.concrete_fields if f.attname != "last_login"]
    domain = {
        model._meta.label: list(model._default_manager.order_by("pk").values_list())
        for config in apps.get_app_configs()
        if config.name.startswith("tugi.") and config.label not in PLATFORM_APPS
        for model in config.get_models()
    }
    return domain | {
        "users": list(User.objects.order_by("pk").values_list(*user_fields)),
        "units": list(OrgUnit.objects.order_by("pk").values_list()),
        "regions": list(Region.objects.order_by("pk").values_list()),
        "roles": list(RoleAssignment.objects.order_by("pk").values_list()),
        "grants": list(AccessGrant.objects.order_by("pk").values_list()),
        "notices": list(Notification.objects.order_by("pk").values_list()),
        "change events": list(
            AuditEvent.objects.exclude(kind__in=[EventKind.READ, EventKind.AUTH])
            .order_by("pk")
            .values_list("action", "object_id")
        ),
    }


def _accepted(expect: Any) -> bool:
    """An accepted POST: a redirect that is not to a login page."""
    return isinstance(expect, Redirect) and "login" not in expect.to


# --- the test ------------------------------------------------------------------------------------


def _answer(client: Any, method: str, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, data) if method == "POST" else client.get(url)


def _check(expect: Any, response: Any, kwargs: dict[str, Any]) -> str | None:
    if isinstance(expect, Redirect):
        to = expect.to.format(**kwargs)
        location = response.get("Location", "")
        ok = response.status_code == 302 and (location == to if expect.exact else location.startswith(to))
        return None if ok else f"expected {expect}, got {response.status_code} {location}"
    if response.status_code != expect:
        return f"expected {expect}, got {response.status_code} {response.get('Location', '')}"
    return None


@dataclass
class Shared:
    world: Any
    clients: dict[str, Client]
    cookies: dict[str, dict[str, str]]  # each client's cookies after its login

    def client(self, persona: str) -> Client:
        """The persona's client with its login cookies as they were: a page that logs out (or rotates
        the session) changes the cookies, and that must not leak into the next request."""
        client = self.clients[persona]
        client.cookies.clear()
        for name, value in self.cookies[persona].items():
            client.cookies[name] = value
        return client


def _logged_in(user: Any) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"login": user.username, "password": project_personas.PASSWORD})
    assert response.status_code == 302, response.content[:500]
    return client


@pytest.fixture(scope="module")
def shared(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Shared]:
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            world = build_world(project_personas.build_org())
            clients = {p: Client() if p == "anonymous" else _logged_in(getattr(world.org, p)) for p in PERSONAS}
            cookies = {p: {k: m.value for k, m in c.cookies.items()} for p, c in clients.items()}
            yield Shared(world=world, clients=clients, cookies=cookies)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.mark.parametrize(("pattern", "case"), list(_cases()))
def test_matrix(pattern: Pattern, case: Case, shared: Shared, db: Any) -> None:
    world = shared.world
    problems: list[str] = []
    for persona in PERSONAS:
        expect = case.expect[persona]
        client = shared.client(persona)
        with transaction.atomic():
            url, kwargs = _url(pattern, case, world, persona)
            data = {k: _resolve(v, world, persona) for k, v in case.data.items()}
            before = snapshot() if case.method == "POST" else None
            response = _answer(client, case.method, url, data)
            problem = _check(expect, response, kwargs)
            if before is not None and problem is None:
                changed = snapshot() != before
                if _accepted(expect) and case.writes and not changed:
                    problem = "accepted, but nothing changed"
                elif not _accepted(expect) and changed:
                    problem = f"refused with {response.status_code}, but the data changed"
            if problem:
                problems.append(f"{persona:>10}: {case.method} {url}: {problem}")
            transaction.set_rollback(True)
    assert not problems, "\n" + "\n".join(problems)
