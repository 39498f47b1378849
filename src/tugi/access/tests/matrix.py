"""The permission matrix (ENGINEERING rule 1): every URL pattern of the project and what each persona gets.

Keys are URL names with their namespace (``"accounts:user_detail"``; allauth's names have none).
Each value is either a list of :class:`Case` (how to build the URL's arguments, the method, the body,
and the expected answer for every persona) or :class:`NotRequested` with the reason it cannot be
requested meaningfully. ``test_permission_matrix`` fails when a pattern has no entry, when an entry
names no pattern, and when any persona gets anything but what is written here.

The rule being checked: anonymous → redirect to the login page; not visible → 404 (existence does not
leak); visible but not allowed → 403. A denied POST changes nothing.

Personas are those of the project's conftest: the counsellor (team A), the outsider (counsellor in
team B of the other unit), the head (unit head of unit A), the admin and the dpo (both held at the
agency) and the volunteer (team A). Records come from ``world`` in this folder's conftest.

Two kinds of pages belong to libraries and are covered by group rules, not page by page decisions:

- ``admin:*``: django-admin. No persona is Django staff, so every admin page sends everyone (logged in
  or not) to the admin login page; only the login and logout pages answer themselves.
- django-allauth (``account_*``, ``mfa_*``, ``usersessions_*``): see ``ALLAUTH_GROUPS`` below. Every
  allauth page must sit in exactly one group.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from tugi.access.tests.matrix_kit import (  # noqa: F401  (re-exported for the test and the area matrices)
    ADMIN_LOGIN,
    HOME,
    LOGIN,
    PERSONAS,
    Case,
    Expect,
    NotRequested,
    Redirect,
    Ref,
    only,
    post_only,
    row,
)

USER_PAGE = Redirect("/manage/users/{pk}/", exact=True)
ANY_USER_PAGE = Redirect("/manage/users/")
ORG_PAGE = Redirect("/manage/org/", exact=True)
GRANTS_PAGE = Redirect("/access/grants/", exact=True)
OUTSIDER_PAGE = Redirect("/manage/users/{pk}/", exact=True)

NEW_USER = {
    "username": "newcomer",
    "first_name": "New",
    "last_name": "Comer",
    "language": "et",
    "agency": Ref("unit", "agency"),
    "password": "a long enough initial password 2026",
}
USER_EDIT = {
    "first_name": "Renamed",
    "last_name": "Test",
    "language": "en",
    "email": "",
    "phone": "",
    "version": Ref("user_version", "counsellor"),
}
ROLE_ADD = {"role": "counsellor", "service": "helpline", "unit": Ref("unit", "team_a")}
NEW_TEAM = {"name": "Team C", "kind": "team", "parent": Ref("unit", "unit_a")}
TEAM_A_EDIT = {
    "name": "Team A renamed",
    "parent": Ref("unit", "unit_a"),
    "is_active": "on",
    "version": Ref("unit_version", "team_a"),
}
NEW_GRANT = {
    "grantee": Ref("user", "counsellor"),
    "kind": "accounts.user",
    "target_id": Ref("user", "volunteer"),
    "valid_until": "31.12.2099 12:00",
    "reason": "Covering the volunteer's coordination next week",
}
EMERGENCY_REASON = {"reason": "A client of this colleague called in crisis and must be helped now"}


MATRIX: dict[str, list[Case] | NotRequested] = {
    # --- core ------------------------------------------------------------------------------
    "core:home": [Case("GET", row(200, anonymous=LOGIN))],
    "core:healthz": [Case("GET", row(200), label="load balancer probe, public")],
    "core:set_language": [
        # Public on purpose: the login page has a language switch. Logged-in users' choice is stored.
        Case("POST", row(HOME), label="switch to English", data={"language": "en", "next": "/"}, writes=None),
        Case(
            "POST",
            row(HOME),
            label="foreign next is ignored",
            data={"language": "en", "next": "https://evil.example/"},
            writes=None,
        ),
        Case("POST", row(400), label="unknown language", data={"language": "xx", "next": "/"}),
        Case("GET", row(405), label="GET refused"),
    ],
    # --- accounts ----------------------------------------------------------------------------
    "accounts:me": [Case("GET", row(200, anonymous=LOGIN), label="own profile")],
    "accounts:user_list": [Case("GET", row(200, anonymous=LOGIN), label="each sees the visible users")],
    "accounts:user_new": [
        Case("GET", only(403, admin=200)),
        Case("POST", only(403, admin=ANY_USER_PAGE), data=NEW_USER),
    ],
    "accounts:user_detail": [
        Case("GET", row(200, anonymous=LOGIN), label="own profile", kwargs={"pk": Ref("user", "self")}),
        Case(
            "GET",
            only(404, counsellor=200, head=200, admin=200, dpo=200),
            label="team A member (counsellor)",
            kwargs={"pk": Ref("user", "counsellor")},
        ),
        Case(
            "GET",
            only(404, outsider=200, admin=200, dpo=200),
            label="outsider's record",
            kwargs={"pk": Ref("user", "outsider")},
        ),
        Case(
            "GET",
            only(404, admin=200, dpo=200),
            label="agency-level staff (admin)",
            kwargs={"pk": Ref("user", "admin")},
        ),
        Case(
            "GET",
            only(404, counsellor=200, head=200, admin=200, dpo=200, volunteer=200),
            label="volunteer, granted to the counsellor",
            kwargs={"pk": Ref("user", "volunteer")},
        ),
        Case("GET", only(404), label="no such user", kwargs={"pk": 999_999_999}),
    ],
    "accounts:user_edit": [
        Case(
            "GET",
            only(404, counsellor=403, head=403, admin=200, dpo=403),
            label="team A member (counsellor)",
            kwargs={"pk": Ref("user", "counsellor")},
        ),
        Case(
            "GET",
            only(404, outsider=403, admin=200, dpo=403),
            label="outsider's record",
            kwargs={"pk": Ref("user", "outsider")},
        ),
        Case(
            "POST",
            only(404, counsellor=403, head=403, admin=USER_PAGE, dpo=403),
            label="team A member (counsellor)",
            kwargs={"pk": Ref("user", "counsellor")},
            data=USER_EDIT,
        ),
    ],
    "accounts:user_deactivate": [
        Case(
            "POST",
            only(404, counsellor=403, head=403, admin=USER_PAGE, dpo=403),
            label="team A member (counsellor)",
            kwargs={"pk": Ref("user", "counsellor")},
        ),
        Case(
            "POST",
            only(404, admin=403, dpo=403),
            label="own account of the admin",
            kwargs={"pk": Ref("user", "admin")},
        ),
        post_only(pk=Ref("user", "counsellor")),
    ],
    "accounts:user_activate": [
        Case(
            "POST",
            only(404, head=403, admin=USER_PAGE, dpo=403),
            label="deactivated member of team A",
            kwargs={"pk": Ref("user", "leaver")},
        ),
        post_only(pk=Ref("user", "leaver")),
    ],
    "accounts:role_add": [
        Case(
            "POST",
            only(404, counsellor=403, head=403, admin=USER_PAGE, dpo=403),
            label="team A member (counsellor)",
            kwargs={"pk": Ref("user", "counsellor")},
            data=ROLE_ADD,
        ),
        Case(
            "POST",
            only(404, outsider=403, admin=USER_PAGE, dpo=403),
            label="outsider's record",
            kwargs={"pk": Ref("user", "outsider")},
            data=ROLE_ADD,
        ),
        post_only(pk=Ref("user", "counsellor")),
    ],
    "accounts:role_remove": [
        Case(
            "POST",
            only(404, counsellor=403, head=403, admin=USER_PAGE, dpo=403),
            label="the counsellor's own role",
            kwargs={"pk": Ref("user", "counsellor"), "assignment_pk": Ref("assignment", "counsellor")},
        ),
        Case(
            "POST",
            only(404, counsellor=403, head=403, dpo=403),
            label="outsider's role addressed through the counsellor",
            kwargs={"pk": Ref("user", "counsellor"), "assignment_pk": Ref("assignment", "outsider")},
        ),
        post_only(pk=Ref("user", "counsellor"), assignment_pk=Ref("assignment", "counsellor")),
    ],
    "accounts:org": [Case("GET", row(200, anonymous=LOGIN, volunteer=403))],
    "accounts:org_new": [
        Case("GET", only(403, admin=200)),
        Case("POST", only(403, admin=ORG_PAGE), label="new team under unit A", data=NEW_TEAM),
    ],
    "accounts:org_edit": [
        # Every role of the agency sees its structure, so a refusal here is 403, not 404.
        Case("GET", only(403, admin=200), label="team A", kwargs={"pk": Ref("unit", "team_a")}),
        Case("POST", only(403, admin=ORG_PAGE), label="team A", kwargs={"pk": Ref("unit", "team_a")}, data=TEAM_A_EDIT),
        Case("GET", only(404), label="no such unit", kwargs={"pk": 999_999_999}),
    ],
    "accounts:region_new": [
        Case("GET", only(403, admin=200)),
        Case("POST", only(403, admin=ORG_PAGE), data={"code": "north", "name": "North"}),
    ],
    # --- access --------------------------------------------------------------------------------
    "access:grant_list": [Case("GET", row(200, anonymous=LOGIN, volunteer=403))],
    "access:grant_new": [
        Case("GET", only(403, head=200, admin=200)),
        Case(
            "POST",
            only(403, head=GRANTS_PAGE, admin=GRANTS_PAGE),
            label="volunteer's profile to the counsellor",
            data=NEW_GRANT,
        ),
    ],
    "access:grant_revoke": [
        Case(
            "POST",
            only(404, counsellor=403, head=GRANTS_PAGE, admin=GRANTS_PAGE, dpo=403),
            label="head's grant to the counsellor",
            kwargs={"pk": Ref("grant")},
        ),
        post_only(pk=Ref("grant")),
    ],
    "access:emergency": [
        Case(
            "GET",
            row(200, anonymous=LOGIN, volunteer=403),
            label="form for the outsider's profile (reveals nothing)",
            kwargs={"kind": "accounts.user", "pk": Ref("user", "outsider")},
        ),
        Case(
            "POST",
            row(OUTSIDER_PAGE, anonymous=LOGIN, volunteer=403),
            label="open the outsider's profile",
            kwargs={"kind": "accounts.user", "pk": Ref("user", "outsider")},
            data=EMERGENCY_REASON,
            # Only those outside the record's reach get a (flagged) grant; the others are simply sent
            # to the record they already see. test_grants_emergency checks both.
            writes=None,
        ),
        Case(
            "POST",
            row(200, anonymous=LOGIN, volunteer=403),
            label="too short a reason",
            kwargs={"kind": "accounts.user", "pk": Ref("user", "outsider")},
            data={"reason": "urgent"},
        ),
        Case(
            "POST",
            row(404, anonymous=LOGIN, volunteer=403),
            label="no such record",
            kwargs={"kind": "accounts.user", "pk": 999_999_999},
            data=EMERGENCY_REASON,
        ),
        Case(
            "GET",
            row(404, anonymous=LOGIN),
            label="not personal data (org unit)",
            kwargs={"kind": "accounts.orgunit", "pk": Ref("unit", "team_a")},
        ),
    ],
    # --- audit ---------------------------------------------------------------------------------
    "audit:list": [Case("GET", only(403, dpo=200))],
    "audit:export": [Case("GET", only(403, dpo=200))],
    # --- notifications -------------------------------------------------------------------------
    "notifications:list": [Case("GET", row(200, anonymous=LOGIN))],
    "notifications:read": [
        Case(
            "POST",
            only(404, counsellor=Redirect("/manage/users/")),
            label="the counsellor's notice",
            kwargs={"pk": Ref("notice")},
        ),
        post_only(pk=Ref("notice")),
    ],
    # --- django-admin ---------------------------------------------------------------------------
    "admin:*": [Case("GET", row(ADMIN_LOGIN), label="no persona is Django staff")],
    # Django admin's login goes through allauth (second factor): anonymous users are sent there,
    # logged-in users who are not Django staff are refused.
    "admin:login": [Case("GET", row(403, anonymous=LOGIN), label="the admin's login, behind allauth's")],
    "admin:logout": [Case("GET", row(Redirect("/django-admin/", exact=True)))],
}

# Arguments for the patterns matched by a wildcard entry (django-admin's object pages and so on).
WILDCARD_KWARGS: dict[str, str] = {
    "object_id": "1",
    "content_type_id": "1",
    "app_label": "auth",
    "url": "no-such-page/",
}


# --- django-allauth: group rules ------------------------------------------------------------------
# Each group: why its pages answer as they do, its URL names, and one row for all of them.
ALLAUTH_GROUPS: dict[str, tuple[str, list[str], dict[str, Expect]]] = {
    "public": (
        "Pages anyone may see, logged in or not: notices and the start of a password reset.",
        [
            "account_inactive",
            "account_email_verification_sent",
            "account_reset_password",
            "account_reset_password_done",
            "account_reset_password_from_key_done",
        ],
        row(200),
    ),
    "entry": (
        "Entry pages: the anonymous see them (sign-up only says it is closed); logged-in users go home.",
        ["account_login", "account_signup"],
        row(HOME, anonymous=200),
    ),
    "login stage": (
        "Steps of a login in progress (code, second factor, passkey): without one, back to the start.",
        ["account_confirm_login_code", "mfa_authenticate", "mfa_login_webauthn"],
        row(HOME, anonymous=Redirect("/accounts/login/", exact=True)),
    ),
    "own settings": (
        "The logged-in user's own account pages.",
        [
            "account_reauthenticate",
            "account_email",
            "account_change_password",
            "mfa_index",
            "mfa_list_webauthn",
            "usersessions_list",
        ],
        row(200, anonymous=LOGIN),
    ),
    "logout": (
        "A GET only asks for confirmation (ACCOUNT_LOGOUT_ON_GET is off); the anonymous go to the login.",
        ["account_logout"],
        row(200, anonymous=Redirect("/accounts/login/", exact=True)),
    ),
    "password set": (
        "Every staff account has a password, so 'set password' forwards to 'change password'.",
        ["account_set_password"],
        row(Redirect("/accounts/password/change/", exact=True), anonymous=LOGIN),
    ),
    "needs reauthentication": (
        "Changing a second factor first asks for the password again (allauth's reauthentication).",
        [
            "mfa_activate_totp",
            "mfa_generate_recovery_codes",
            "mfa_add_webauthn",
            "mfa_reauthenticate",
            "mfa_reauthenticate_webauthn",
            "mfa_remove_webauthn",
            "mfa_edit_webauthn",
        ],
        row(Redirect("/accounts/reauthenticate/"), anonymous=LOGIN),
    ),
    "needs an authenticator": (
        "Pages of a second factor the user does not have (no persona has one): 404.",
        ["mfa_deactivate_totp", "mfa_view_recovery_codes", "mfa_download_recovery_codes"],
        row(404, anonymous=LOGIN),
    ),
}

ALLAUTH_KWARGS = {"mfa_remove_webauthn": {"pk": 999_999_999}, "mfa_edit_webauthn": {"pk": 999_999_999}}

ALLAUTH_NOT_REQUESTED = {
    "account_confirm_email": NotRequested("needs an e-mail confirmation key; e-mail verification is off"),
    "account_reset_password_from_key": NotRequested("needs a password-reset token sent by e-mail"),
}


def _allauth_entries() -> dict[str, list[Case] | NotRequested]:
    entries: dict[str, list[Case] | NotRequested] = dict(ALLAUTH_NOT_REQUESTED)
    for group, (_why, names, expect) in ALLAUTH_GROUPS.items():
        for name in names:
            if name in entries:
                raise ValueError(f"{name} is in two allauth groups")
            entries[name] = [Case("GET", expect, label=f"allauth group: {group}", kwargs=ALLAUTH_KWARGS.get(name, {}))]
    return entries


MATRIX.update(_allauth_entries())

# The domain apps' pages: one module per area, each with ``ENTRIES`` (and ``build(world)`` making the
# records its entries point at, see ``conftest.build_world``).
AREAS = sorted(p.stem for p in Path(__file__).parent.glob("matrix_*.py") if p.stem != "matrix_kit")


def _area_entries() -> dict[str, list[Case] | NotRequested]:
    entries: dict[str, list[Case] | NotRequested] = {}
    for area in AREAS:
        module = import_module(f"tugi.access.tests.{area}")
        for key, entry in module.ENTRIES.items():
            if key in MATRIX or key in entries:
                raise ValueError(f"{key} has two matrix entries")
            entries[key] = entry
    return entries


MATRIX.update(_area_entries())


def entry_for(key: str) -> list[Case] | NotRequested | None:
    """The entry of a pattern key: its own, else a wildcard of its namespace (``"admin:*"``)."""
    if key in MATRIX:
        return MATRIX[key]
    if ":" in key:
        return MATRIX.get(key.split(":", 1)[0] + ":*")
    return None
