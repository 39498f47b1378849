"""The UI shell: home page per persona, error pages, security headers, health, deploy checks, demo data
and the refusal of production settings."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core import checks
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from tugi.accounts.models import OrgUnit, Region, Role, RoleAssignment, Service, User
from tugi.audit.models import AuditEvent
from tugi.core.tests.i18n import translated
from tugi.core.tests.personas import PASSWORD, make_user

PROJECT_ROOT = Path(__file__).resolve().parents[4]


def et(message: Any) -> str:
    """``message`` (a lazy label or a msgid) as the Estonian pages print it."""
    with translation.override("et"):
        return escape(translation.gettext(message) if isinstance(message, str) else str(message))


def nav_links(html: str) -> set[str]:
    match = re.search(r'<nav class="main"[^>]*>(.*?)</nav>', html, re.S)
    assert match, "no main navigation"
    return set(re.findall(r'href="([^"]+)"', match.group(1)))


def content_links(html: str) -> set[str]:
    match = re.search(r'<main id="content">(.*?)</main>', html, re.S)
    assert match, "no main content"
    return set(re.findall(r'href="([^"]+)"', match.group(1)))


# --- Home page per persona ----------------------------------------------------------------------------

ROLES = {
    "counsellor": [(Role.COUNSELLOR, Service.TRAFFICKING, "Team A")],
    "outsider": [(Role.COUNSELLOR, Service.HELPLINE, "Team B")],
    "head": [(Role.UNIT_HEAD, None, "Unit A")],
    "admin": [(Role.ADMIN, None, "Agency")],
    "dpo": [(Role.DPO, None, "Agency")],
    "volunteer": [(Role.VOLUNTEER, None, "Team A")],
}
HOME, PEOPLE, ORG, GRANTS, AUDIT = "/", "/manage/users/", "/manage/org/", "/access/grants/", "/audit/"
CASES, INTAKE, SHELTERS = "/cases/", "/cases/intake/", "/shelters/"
INDICATORS, CAPS = "/cases/indicators/", "/psychological-help/caps/"
NAV = {
    "counsellor": {HOME, CASES, INTAKE, SHELTERS, ORG, GRANTS},
    "outsider": {HOME, CASES, INTAKE, SHELTERS, ORG, GRANTS},
    "head": {HOME, CASES, INTAKE, SHELTERS, PEOPLE, ORG, GRANTS},
    "admin": {HOME, SHELTERS, INDICATORS, CAPS, PEOPLE, ORG, GRANTS},
    "dpo": {HOME, SHELTERS, ORG, GRANTS, AUDIT},
    "volunteer": {HOME},
}


@pytest.mark.parametrize("persona", ROLES.keys())
def test_home_shows_roles_and_the_right_menu(org, login, persona):
    client = login(getattr(org, persona))

    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    for role, service, unit in ROLES[persona]:
        service_part = f" ({et(service.label)})" if service else ""
        assert f"<li>{et(role.label)}{service_part} — {unit}</li>" in html
    assert nav_links(html) == NAV[persona]
    tools = content_links(html)
    assert (AUDIT in tools, f"{AUDIT}?flagged=1" in tools) == ((True, True) if persona == "dpo" else (False, False))
    assert (PEOPLE in tools and ORG in tools) == (persona == "admin")


def test_volunteer_sees_no_people_or_organisation_entries(org, login):
    html = login(org.volunteer).get("/").content.decode()

    for path in (PEOPLE, ORG, AUDIT, GRANTS):
        assert f'href="{path}' not in html


def test_user_without_roles_is_told_so(org, client):
    make_user("newcomer", org.agency, [])
    client.post("/accounts/login/", {"login": "newcomer", "password": PASSWORD})

    html = client.get("/").content.decode()

    assert et("You have no role yet. An administrator assigns roles.") in html
    assert nav_links(html) == {HOME}


# The home page: session, user, roles (once per request), unit names, unread badge, notices, two grant
# lists, the session save in a savepoint: 11 today, whatever the data size. Little slack on purpose.
# The platform's cards plus "my work" (cases, tasks, reviews, periods; unit heads: risk counts).
HOME_MAX_QUERIES = 26


def add_home_data(org: Any, user: User, n: int) -> None:
    """``n`` more roles (each in its own team) and ``n`` unread notices for ``user``."""
    from tugi.accounts.services import org_unit_create
    from tugi.notifications.models import NoticeKind, Notification

    start = RoleAssignment.objects.filter(user=user).count()
    for i in range(start, start + n):
        team = org_unit_create(actor=None, name=f"Extra team {user.username} {i}", kind="team", parent=org.unit_b)
        RoleAssignment.objects.create(user=user, role=Role.COUNSELLOR, service=Service.HELPLINE, unit=team)
        Notification.objects.create(
            recipient=user, kind=NoticeKind.GRANT_GIVEN, params={"actor": "X", "record": f"r{i}"}
        )


@pytest.mark.parametrize("persona", ["counsellor", "head", "admin", "dpo"])
def test_home_query_count(org, login, django_assert_max_num_queries, persona):
    user = getattr(org, persona)
    client = login(user)
    add_home_data(org, user, 2)
    with django_assert_max_num_queries(HOME_MAX_QUERIES) as few:
        assert client.get("/").status_code == 200

    add_home_data(org, user, 10)
    with django_assert_max_num_queries(HOME_MAX_QUERIES) as many:
        response = client.get("/")

    assert response.status_code == 200
    assert "Extra team" in response.content.decode()
    assert len(many) == len(few), "more roles and notices must not mean more queries"


# --- Error pages ----------------------------------------------------------------------------------------


def speaking(user: User, language: str) -> User:
    User.objects.filter(pk=user.pk).update(language=language)
    return user


@pytest.mark.parametrize("language", ["et", "ru", "en"])
def test_403_page_is_translated_and_in_the_shell(org, login, language):
    client = login(speaking(org.counsellor, language))

    response = client.get("/manage/users/new/")

    assert response.status_code == 403
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    heading = (
        "You are not allowed to do this" if language == "en" else translated("You are not allowed to do this", language)
    )
    assert f"<h1>{heading}</h1>" in html
    assert '<nav class="main"' in html  # the shell, with the person's menu
    reason = "Only an administrator can create staff accounts."
    assert (reason if language == "en" else translated(reason, language)) in html


@pytest.mark.parametrize("language", ["et", "ru"])
def test_404_page_is_translated_and_in_the_shell(org, login, language):
    client = login(speaking(org.counsellor, language))

    response = client.get("/no/such/page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert f"<h1>{translated('Not found', language)}</h1>" in html
    assert '<nav class="main"' in html
    assert "/access/emergency/" not in html  # not a protected record: nothing to break into


def test_404_for_anonymous_is_translated_without_emergency_access(db, client):
    client.cookies["django_language"] = "ru"

    response = client.get("/no/such/page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="ru">' in html and f"<h1>{translated('Not found', 'ru')}</h1>" in html
    assert "/access/emergency/" not in html


def test_404_on_a_protected_record_offers_emergency_access_to_staff(org, login):
    client = login(org.counsellor)

    response = client.get(f"/manage/users/{org.admin.pk}/")

    assert response.status_code == 404
    html = response.content.decode()
    assert f'href="{reverse("access:emergency", args=["accounts.user", org.admin.pk])}"' in html
    assert translated("Emergency access", "et") in html


@pytest.mark.parametrize("who", ["volunteer", "anonymous"])
def test_404_on_a_protected_record_offers_nothing_to_others(org, client, login, who):
    if who != "anonymous":
        client = login(getattr(org, who))

    response = client.get(f"/manage/users/{org.admin.pk}/")

    if who == "anonymous":
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code == 404
    assert "/access/emergency/" not in response.content.decode()


@pytest.mark.parametrize("language", ["et", "ru"])
def test_500_page_is_translated(org, login, monkeypatch, language):
    client = login(speaking(org.counsellor, language))
    client.raise_request_exception = False

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr("tugi.accounts.selectors.role_summary", broken)

    response = client.get("/")

    assert response.status_code == 500
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert f"<h1>{translated('Something went wrong', language)}</h1>" in html
    assert "/static/core/tugi.css" in html  # styled like the shell, though it stands alone
    assert "boom" not in html  # no internals


# --- Security headers, health -------------------------------------------------------------------------


def test_csp_with_a_nonce_that_the_scripts_carry(org, login):
    client = login(org.counsellor)

    nonces = []
    for _ in range(2):
        response = client.get("/")
        csp = response["Content-Security-Policy"]
        match = re.search(r"script-src 'self' 'nonce-([^']+)'", csp)
        assert match, csp
        nonce = match.group(1)
        scripts = re.findall(r"<script\b[^>]*>", response.content.decode())
        assert any("htmx" in tag for tag in scripts)
        for tag in scripts:
            assert f'nonce="{nonce}"' in tag, tag
        nonces.append(nonce)
    assert nonces[0] != nonces[1]
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp and "default-src 'self'" in csp


def test_login_page_has_security_headers(db, client):
    response = client.get("/accounts/login/")

    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"
    assert "nonce-" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_x_frame_options_deny(org, login):
    assert login(org.counsellor).get("/")["X-Frame-Options"] == "DENY"


def test_healthz(db, client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert client.post("/healthz").status_code == 405


# --- Deploy checks -----------------------------------------------------------------------------------


def deploy_errors() -> dict[str, str]:
    return {m.id: m.msg for m in checks.run_checks(include_deployment_checks=True) if m.id and m.id.startswith("tugi.")}


def test_deploy_check_fires_on_active_demo_accounts(org):
    errors = deploy_errors()

    assert "tugi.E001" in errors
    assert "counsellor" in errors["tugi.E001"]
    assert "tugi.E002" not in errors  # the personas do not use the demo password

    call_command("deactivate_demo_accounts", stdout=StringIO())

    assert "tugi.E001" not in deploy_errors()
    assert not User.objects.filter(is_demo=True, is_active=True).exists()


def test_deploy_check_fires_on_the_demo_password(org, settings):
    admin = User.objects.get(pk=org.admin.pk)
    admin.is_superuser = True
    admin.set_password(settings.TUGI_DEMO_PASSWORD)
    admin.save()
    User.objects.filter(is_demo=True).update(is_demo=False)

    errors = deploy_errors()

    assert "tugi.E001" not in errors
    assert "admin" in errors["tugi.E002"]


# --- Demo data ---------------------------------------------------------------------------------------


def counts() -> dict[str, int]:
    return {
        "users": User.objects.count(),
        "units": OrgUnit.objects.count(),
        "regions": Region.objects.count(),
        "roles": RoleAssignment.objects.count(),
        "audit": AuditEvent.objects.count(),
        "user_history": apps.get_model("accounts", "UserEvent").objects.count(),
    }


def test_load_demo_is_idempotent(db):
    first = StringIO()
    call_command("load_demo", stdout=first)
    after_first = counts()

    second = StringIO()
    call_command("load_demo", stdout=second)

    assert "9 new demo users" in first.getvalue()
    assert "0 new demo users" in second.getvalue()
    assert after_first["users"] == 9 and after_first["units"] == 8 and after_first["regions"] == 4
    assert counts() == after_first
    assert set(User.objects.values_list("is_demo", flat=True)) == {True}


def test_load_demo_completes_a_partial_load(db):
    call_command("load_demo", stdout=StringIO())
    full = counts()
    RoleAssignment.objects.filter(user__username="dpo").delete()

    call_command("load_demo", stdout=StringIO())

    assert RoleAssignment.objects.filter(user__username="dpo", role=Role.DPO).exists()
    assert counts()["roles"] == full["roles"]


# --- Production settings refuse to start -------------------------------------------------------------

GOOD_PRODUCTION = {
    "TUGI_ENV": "production",
    "TUGI_SECRET_KEY": "k7#Qz9!pL2@vX8^mN4&bR6*tY1(wE3)uI5_oA0+sD-fG=hJ~cV",
    "TUGI_ALLOWED_HOSTS": "tugi.example.ee",
    "TUGI_CSRF_TRUSTED_ORIGINS": "https://tugi.example.ee",
    "DATABASE_URL": "postgresql://tugi@127.0.0.1:1/tugi",
}


def start_settings(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Import the settings the way a server process does, with only ``env`` (no inherited TUGI_*)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("TUGI_", "DATABASE_URL", "DJANGO_"))}
    clean.update({"DJANGO_SETTINGS_MODULE": "tugi.config.settings", **env})
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; print('DEBUG', settings.DEBUG)",
        ],
        check=False,  # the exit code is what the tests read
        env=clean,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_fully_configured_production_starts():
    result = start_settings(GOOD_PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert "DEBUG False" in result.stdout


def without(key: str) -> dict[str, str]:
    return {k: v for k, v in GOOD_PRODUCTION.items() if k != key}


REFUSED = {
    "missing secret key": (without("TUGI_SECRET_KEY"), "TUGI_SECRET_KEY is missing or weak"),
    "short secret key": ({**GOOD_PRODUCTION, "TUGI_SECRET_KEY": "short"}, "TUGI_SECRET_KEY is missing or weak"),
    "development key": (
        {**GOOD_PRODUCTION, "TUGI_SECRET_KEY": "django-insecure-tugi-development-key-never-use-in-production"},
        "TUGI_SECRET_KEY is missing or weak",
    ),
    "debug on": ({**GOOD_PRODUCTION, "TUGI_DEBUG": "1"}, "TUGI_DEBUG is on"),
    "no allowed hosts": (without("TUGI_ALLOWED_HOSTS"), "TUGI_ALLOWED_HOSTS is empty"),
    "no csrf origins": (without("TUGI_CSRF_TRUSTED_ORIGINS"), "TUGI_CSRF_TRUSTED_ORIGINS"),
    "plain http origin": (
        {**GOOD_PRODUCTION, "TUGI_CSRF_TRUSTED_ORIGINS": "http://tugi.example.ee"},
        "TUGI_CSRF_TRUSTED_ORIGINS",
    ),
    "no https": ({**GOOD_PRODUCTION, "TUGI_SSL_REDIRECT": "0"}, "HTTPS"),
    "demo on": ({**GOOD_PRODUCTION, "TUGI_DEMO": "1"}, "TUGI_DEMO is on"),
    "mfa off": ({**GOOD_PRODUCTION, "TUGI_MFA_REQUIRED": "0"}, "TUGI_MFA_REQUIRED is off"),
    "no database url": (without("DATABASE_URL"), "Production needs DATABASE_URL"),
    "unknown mode": ({**GOOD_PRODUCTION, "TUGI_ENV": "prod"}, "TUGI_ENV must be development, test or production"),
}


@pytest.mark.parametrize("case", REFUSED.keys())
def test_unsafe_production_refuses_to_start(case):
    env, problem = REFUSED[case]

    result = start_settings(env)

    assert result.returncode != 0
    assert "django.core.exceptions.ImproperlyConfigured" in result.stderr
    assert problem in result.stderr
    assert "DEBUG" not in result.stdout


def test_production_names_every_problem_at_once():
    result = start_settings(
        {"TUGI_ENV": "production", "DATABASE_URL": GOOD_PRODUCTION["DATABASE_URL"], "TUGI_DEBUG": "1"}
    )

    assert result.returncode != 0
    for problem in ("TUGI_DEBUG is on", "TUGI_SECRET_KEY is missing or weak", "TUGI_ALLOWED_HOSTS is empty"):
        assert problem in result.stderr
