"""Administration of staff accounts, roles and the organisation, through HTTP as the users act.

Every refused action also checks that nothing changed (ENGINEERING rules 5, 6, 10).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext_lazy

from tugi.accounts.forms import UserCreateForm
from tugi.accounts.models import OrgUnit, Region, Role, RoleAssignment, Service, UnitKind, User
from tugi.accounts.services import user_update
from tugi.accounts.tests.conftest import events, html_text, log_in, text
from tugi.core.models import StaleVersion

NEW_PASSWORD = "Pikk-ja-kindel-salasona-42"


def new_user_data(org: Any, **overrides: Any) -> dict[str, Any]:
    data = {
        "username": "mari.maasikas",
        "first_name": "Mari",
        "last_name": "Maasikas",
        "email": "mari@example.ee",
        "phone": "+372 5555 5555",
        "language": "ru",
        "agency": org.agency.pk,
        "password": NEW_PASSWORD,
    }
    data.update(overrides)
    return data


def version_in(html: str) -> int:
    match = re.search(r'name="version" value="(\d+)"', html)
    assert match, "the form carries no version"
    return int(match.group(1))


def snapshot(user: User) -> dict[str, Any]:
    return dict(
        User.objects.filter(pk=user.pk)
        .values("first_name", "last_name", "email", "phone", "language", "version", "is_active")
        .get()
    )


def unit_snapshot() -> list[tuple[Any, ...]]:
    return list(OrgUnit.objects.order_by("pk").values_list("pk", "name", "parent_id", "path", "version", "is_active"))


# --- Creating accounts -----------------------------------------------------------------------------


def test_admin_creates_a_user(org, login):
    client = login(org.admin)
    assert client.get("/manage/users/new/").status_code == 200

    response = client.post("/manage/users/new/", new_user_data(org))

    created = User.objects.get(username="mari.maasikas")
    assert response.status_code == 302
    assert response["Location"] == f"/manage/users/{created.pk}/"
    assert (created.first_name, created.last_name, created.email, created.language) == (
        "Mari",
        "Maasikas",
        "mari@example.ee",
        "ru",
    )
    assert created.agency == org.agency
    assert created.check_password(NEW_PASSWORD)
    assert created.is_demo is False
    event = events("accounts.user.created", created).get()
    assert event.actor == org.admin
    assert event.data == {"username": "mari.maasikas"}
    # Row history comes from the database trigger; the password hash stays out of it.
    history = apps.get_model("accounts", "UserEvent").objects.filter(pgh_obj_id=created.pk)
    assert history.filter(pgh_label="insert", username="mari.maasikas").exists()
    assert "password" not in {f.name for f in history.model._meta.fields}


def _weak_password_messages() -> list[str]:
    with translation.override("et"):
        try:
            validate_password("lühike", User(username="mari.maasikas"))
        except ValidationError as exc:
            return list(exc.messages)
    raise AssertionError("the weak password passed validation")


BAD_INPUT = {
    "duplicate username": (
        {"username": "counsellor"},
        "username",
        lambda: [text(gettext_lazy("This username is already taken."))],
    ),
    "weak password": ({"password": "lühike"}, "password", _weak_password_messages),
    "invalid username": (
        {"username": "Mari Maasikas!"},
        "username",
        lambda: [text(UserCreateForm.base_fields["username"].error_messages["invalid"])],
    ),
    "missing agency": (
        {"agency": ""},
        "agency",
        lambda: [text(UserCreateForm.base_fields["agency"].error_messages["required"])],
    ),
}


@pytest.mark.parametrize("case", BAD_INPUT.keys())
def test_bad_input_on_create_is_refused_and_kept(org, login, case):
    overrides, field, expected = BAD_INPUT[case]
    client = login(org.admin)
    users_before = User.objects.count()
    data = new_user_data(org, **overrides)

    response = client.post("/manage/users/new/", data)

    assert response.status_code == 200
    html = response.content.decode()
    messages = expected()
    assert messages
    assert response.context["form"].errors[field] == messages
    for message in messages:
        assert html_text(message) in html
    assert f'id="id_{field}_error"' in html
    # What the person typed is still in the form.
    for name in ("username", "first_name", "last_name", "email", "phone", "password"):
        assert f'value="{data[name]}"' in html, name
    assert '<option value="ru" selected>' in html
    # Nothing was created.
    assert User.objects.count() == users_before
    assert not events("accounts.user.created").filter(actor=org.admin).exists()


@pytest.mark.parametrize("persona", ["counsellor", "head", "outsider", "dpo", "volunteer"])
def test_only_admins_create_accounts(org, login, persona):
    client = login(getattr(org, persona))
    users_before = User.objects.count()

    assert client.get("/manage/users/new/").status_code == 403
    assert client.post("/manage/users/new/", new_user_data(org)).status_code == 403

    assert User.objects.count() == users_before
    assert not User.objects.filter(username="mari.maasikas").exists()


# --- Editing accounts ------------------------------------------------------------------------------


def test_admin_edits_a_user(org, login):
    client = login(org.admin)
    version = version_in(client.get(f"/manage/users/{org.counsellor.pk}/edit/").content.decode())

    response = client.post(
        f"/manage/users/{org.counsellor.pk}/edit/",
        {
            "version": version,
            "first_name": "Kadri",
            "last_name": "Kask",
            "email": "kadri@example.ee",
            "phone": "",
            "language": "en",
        },
    )

    assert response.status_code == 302
    saved = snapshot(org.counsellor)
    assert (saved["first_name"], saved["last_name"], saved["language"], saved["version"]) == (
        "Kadri",
        "Kask",
        "en",
        version + 1,
    )
    event = events("accounts.user.updated", org.counsellor).get()
    assert event.actor == org.admin
    assert event.data == {"fields": ["email", "first_name", "language", "last_name"]}


def test_stale_edit_is_refused_with_input_kept(org, login):
    client = login(org.admin)
    url = f"/manage/users/{org.counsellor.pk}/edit/"
    opened_version = version_in(client.get(url).content.decode())
    # Meanwhile someone else saves the same record.
    user_update(
        actor=org.admin,
        user=User.objects.get(pk=org.counsellor.pk),
        expected_version=opened_version,
        changes={"first_name": "Changed"},
    )
    before = snapshot(org.counsellor)

    response = client.post(
        url,
        {
            "version": opened_version,
            "first_name": "Typed",
            "last_name": "Typedlast",
            "email": "typed@example.ee",
            "phone": "123",
            "language": "ru",
        },
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert html_text(StaleVersion.message) in html
    assert "Someone else changed this record" in text(StaleVersion.message, "en")
    for typed in ("Typed", "Typedlast", "typed@example.ee", "123"):
        assert f'value="{typed}"' in html
    assert snapshot(org.counsellor) == before
    assert before["first_name"] == "Changed"
    assert events("accounts.user.updated", org.counsellor).count() == 1  # only the other person's save


# Not visible → 404; visible but not allowed → 403 (ENGINEERING rule 1).
EDIT_MATRIX = [
    ("counsellor", "admin", 404),
    ("counsellor", "counsellor", 403),
    ("head", "counsellor", 403),
    ("head", "outsider", 404),
    ("outsider", "counsellor", 404),
    ("outsider", "outsider", 403),
    ("dpo", "counsellor", 403),
    ("volunteer", "counsellor", 404),
]


@pytest.mark.parametrize(("actor", "target", "status"), EDIT_MATRIX)
def test_non_admins_cannot_edit_accounts(org, login, actor, target, status):
    client = login(getattr(org, actor))
    profile = getattr(org, target)
    before = snapshot(profile)
    url = f"/manage/users/{profile.pk}/edit/"

    assert client.get(url).status_code == status
    response = client.post(
        url, {"version": before["version"], "first_name": "Hacked", "last_name": "X", "language": "en"}
    )

    assert response.status_code == status
    assert snapshot(profile) == before
    assert not events("accounts.user.updated").exists()


@pytest.mark.parametrize(
    ("actor", "target", "status"),
    [("head", "counsellor", 403), ("outsider", "counsellor", 404), ("dpo", "counsellor", 403)],
)
def test_non_admins_cannot_deactivate(org, login, actor, target, status):
    client = login(getattr(org, actor))
    profile = getattr(org, target)

    assert client.post(f"/manage/users/{profile.pk}/deactivate/").status_code == status

    assert User.objects.get(pk=profile.pk).is_active
    assert not events("accounts.user.deactivated").exists()


# --- Roles -----------------------------------------------------------------------------------------


def test_counsellor_role_needs_a_service(org, login):
    client = login(org.admin)

    response = client.post(
        f"/manage/users/{org.volunteer.pk}/roles/add/", {"role": Role.COUNSELLOR, "service": "", "unit": org.team_b.pk}
    )

    assert response.status_code == 400
    assert html_text(gettext_lazy("Choose the service this role is held in.")) in response.content.decode()
    assert response.context["role_form"].data["unit"] == str(org.team_b.pk)
    assert not RoleAssignment.objects.filter(user=org.volunteer, role=Role.COUNSELLOR).exists()
    assert not events("accounts.role.assigned").exists()


def test_role_add_duplicate_and_remove(org, login):
    client = login(org.admin)
    url = f"/manage/users/{org.volunteer.pk}/roles/add/"
    data = {"role": Role.COUNSELLOR, "service": Service.HELPLINE, "unit": org.team_b.pk}

    response = client.post(url, data)

    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=org.volunteer, role=Role.COUNSELLOR)
    assert (assignment.service, assignment.unit, assignment.created_by) == (Service.HELPLINE, org.team_b, org.admin)
    assigned = events("accounts.role.assigned", org.volunteer).get()
    assert assigned.actor == org.admin
    assert assigned.data["role"] == Role.COUNSELLOR and assigned.data["unit"] == org.team_b.pk

    duplicate = client.post(url, data)

    assert duplicate.status_code == 400
    assert html_text(gettext_lazy("This person already holds this role in this unit.")) in duplicate.content.decode()
    assert RoleAssignment.objects.filter(user=org.volunteer, role=Role.COUNSELLOR).count() == 1
    assert events("accounts.role.assigned").count() == 1

    removed = client.post(f"/manage/users/{org.volunteer.pk}/roles/{assignment.pk}/remove/")

    assert removed.status_code == 302
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    event = events("accounts.role.removed", org.volunteer).get()
    assert event.data == {"role": Role.COUNSELLOR, "service": Service.HELPLINE, "unit": org.team_b.pk}


def test_role_without_service_drops_a_stray_service(org, login):
    client = login(org.admin)

    response = client.post(
        f"/manage/users/{org.counsellor.pk}/roles/add/",
        {"role": Role.UNIT_HEAD, "service": Service.HELPLINE, "unit": org.unit_a.pk},
    )

    assert response.status_code == 302
    assert RoleAssignment.objects.get(user=org.counsellor, role=Role.UNIT_HEAD).service == ""


@pytest.mark.parametrize(("actor", "status"), [("head", 403), ("outsider", 404), ("counsellor", 403), ("dpo", 403)])
def test_non_admins_cannot_change_roles(org, login, actor, status):
    client = login(getattr(org, actor))
    held = RoleAssignment.objects.get(user=org.counsellor)
    before = list(RoleAssignment.objects.order_by("pk").values_list("pk", "user_id", "role", "unit_id"))

    added = client.post(
        f"/manage/users/{org.counsellor.pk}/roles/add/", {"role": Role.ADMIN, "service": "", "unit": org.agency.pk}
    )
    removed = client.post(f"/manage/users/{org.counsellor.pk}/roles/{held.pk}/remove/")

    assert (added.status_code, removed.status_code) == (status, status)
    assert list(RoleAssignment.objects.order_by("pk").values_list("pk", "user_id", "role", "unit_id")) == before
    assert not events("accounts.role.assigned").exists() and not events("accounts.role.removed").exists()


def test_role_of_another_user_cannot_be_removed_through_this_user(org, login):
    client = login(org.admin)
    foreign = RoleAssignment.objects.get(user=org.outsider)

    response = client.post(f"/manage/users/{org.counsellor.pk}/roles/{foreign.pk}/remove/")

    assert response.status_code == 404
    assert RoleAssignment.objects.filter(pk=foreign.pk).exists()


# --- Deactivation ----------------------------------------------------------------------------------


def test_deactivation_ends_sessions_and_activation_restores(org, login, other_client):
    log_in(other_client, org.counsellor)
    assert other_client.get("/").status_code == 200
    untouched = log_in(Client(), org.counsellor)  # a device left alone until after the re-activation
    admin = login(org.admin)

    response = admin.post(f"/manage/users/{org.counsellor.pk}/deactivate/")

    assert response.status_code == 302
    assert not User.objects.get(pk=org.counsellor.pk).is_active
    assert events("accounts.user.deactivated", org.counsellor).get().actor == org.admin
    after = other_client.get("/")
    assert after.status_code == 302
    assert after["Location"].startswith("/accounts/login/")
    # The deactivated person cannot log in again either.
    refused = other_client.post("/accounts/login/", {"login": "counsellor", "password": "correct horse battery staple"})
    assert (refused.status_code, refused["Location"]) == (302, "/accounts/inactive/")
    assert other_client.get("/").status_code == 302

    response = admin.post(f"/manage/users/{org.counsellor.pk}/activate/")

    assert response.status_code == 302
    assert User.objects.get(pk=org.counsellor.pk).is_active
    assert events("accounts.user.activated", org.counsellor).get().actor == org.admin
    # The sessions were ended, not merely refused while inactive: they do not come back to life.
    assert untouched.get("/")["Location"].startswith("/accounts/login/")
    log_in(other_client, org.counsellor)
    assert other_client.get("/").status_code == 200


def test_admin_cannot_deactivate_themself(org, login):
    client = login(org.admin)

    response = client.post(f"/manage/users/{org.admin.pk}/deactivate/")

    assert response.status_code == 403
    assert User.objects.get(pk=org.admin.pk).is_active
    assert not events("accounts.user.deactivated").exists()
    assert client.get("/").status_code == 200


def test_deactivate_needs_post(org, login):
    client = login(org.admin)

    assert client.get(f"/manage/users/{org.counsellor.pk}/deactivate/").status_code == 405
    assert User.objects.get(pk=org.counsellor.pk).is_active


# --- Organisation ----------------------------------------------------------------------------------


def org_edit_data(unit: OrgUnit, **overrides: Any) -> dict[str, Any]:
    unit.refresh_from_db()
    data = {
        "version": unit.version,
        "name": unit.name,
        "parent": unit.parent_id or "",
        "region": unit.region_id or "",
        "is_active": "on",
    }
    data.update(overrides)
    return data


def test_admin_creates_a_team_under_a_unit(org, login):
    client = login(org.admin)

    response = client.post(
        "/manage/org/new/", {"name": "Team C", "kind": UnitKind.TEAM, "parent": org.unit_a.pk, "region": ""}
    )

    assert response.status_code == 302
    team = OrgUnit.objects.get(name="Team C")
    assert (team.kind, team.parent, team.path) == (UnitKind.TEAM, org.unit_a, f"{org.unit_a.path}{team.pk}/")
    assert events("accounts.orgunit.created", team).get().actor == org.admin


def test_admin_renames_a_unit(org, login):
    client = login(org.admin)

    response = client.post(f"/manage/org/{org.team_a.pk}/edit/", org_edit_data(org.team_a, name="Team Alpha"))

    assert response.status_code == 302
    team = OrgUnit.objects.get(pk=org.team_a.pk)
    assert (team.name, team.version, team.path) == ("Team Alpha", org.team_a.version + 1, org.team_a.path)
    assert events("accounts.orgunit.updated", team).get().data == {"moved": False}


def test_moving_a_unit_updates_its_subtree(org, login):
    client = login(org.admin)
    client.post("/manage/org/new/", {"name": "Department 2", "kind": UnitKind.DEPARTMENT, "parent": org.agency.pk})
    department2 = OrgUnit.objects.get(name="Department 2")
    untouched = list(OrgUnit.objects.exclude(path__startswith=org.unit_a.path).order_by("pk").values_list("pk", "path"))

    response = client.post(f"/manage/org/{org.unit_a.pk}/edit/", org_edit_data(org.unit_a, parent=department2.pk))

    assert response.status_code == 302
    unit_a = OrgUnit.objects.get(pk=org.unit_a.pk)
    team_a = OrgUnit.objects.get(pk=org.team_a.pk)
    assert unit_a.parent == department2
    assert unit_a.path == f"{department2.path}{unit_a.pk}/"
    assert team_a.path == f"{unit_a.path}{team_a.pk}/"
    assert (
        list(OrgUnit.objects.exclude(path__startswith=unit_a.path).order_by("pk").values_list("pk", "path"))
        == untouched
    )
    assert events("accounts.orgunit.updated", unit_a).get().data == {"moved": True}
    # Roles follow the move: the unit head still reaches the counsellor of the moved team.
    head = log_in(Client(), org.head)
    assert head.get(f"/manage/users/{org.counsellor.pk}/").status_code == 200


def test_unit_cannot_move_under_itself(org, login):
    client = login(org.admin)
    before = unit_snapshot()

    for unit, parent in [(org.unit_a, org.unit_a), (org.department, org.unit_a), (org.unit_a, org.team_a)]:
        response = client.post(f"/manage/org/{unit.pk}/edit/", org_edit_data(unit, parent=parent.pk))
        assert response.status_code == 200
        assert response.context["form"].errors["parent"]

    assert unit_snapshot() == before
    assert not events("accounts.orgunit.updated").exists()


def test_team_directly_under_the_agency_is_refused(org, login):
    client = login(org.admin)
    before = unit_snapshot()
    with translation.override("et"):
        expected = translation.gettext("A %(kind)s belongs to a %(parent)s.") % {
            "kind": UnitKind.TEAM.label,
            "parent": UnitKind.UNIT.label,
        }

    created = client.post("/manage/org/new/", {"name": "Team X", "kind": UnitKind.TEAM, "parent": org.agency.pk})
    moved = client.post(f"/manage/org/{org.team_a.pk}/edit/", org_edit_data(org.team_a, parent=org.agency.pk))

    for response in (created, moved):
        assert response.status_code == 200
        assert html_text(expected) in response.content.decode()
    assert 'value="Team X"' in created.content.decode()
    assert unit_snapshot() == before


def test_duplicate_name_in_the_same_parent_is_refused(org, login):
    client = login(org.admin)
    before = unit_snapshot()
    message = html_text(gettext_lazy("A unit with this name already exists here."))

    created = client.post("/manage/org/new/", {"name": "Team A", "kind": UnitKind.TEAM, "parent": org.unit_a.pk})

    assert created.status_code == 200
    assert message in created.content.decode()
    assert unit_snapshot() == before

    client.post("/manage/org/new/", {"name": "Team A2", "kind": UnitKind.TEAM, "parent": org.unit_a.pk})
    team_a2 = OrgUnit.objects.get(name="Team A2")
    before = unit_snapshot()

    renamed = client.post(f"/manage/org/{team_a2.pk}/edit/", org_edit_data(team_a2, name="Team A"))

    assert renamed.status_code == 200
    assert message in renamed.content.decode()
    assert 'value="Team A"' in renamed.content.decode()
    assert unit_snapshot() == before
    # The same name under another parent is fine.
    assert (
        client.post("/manage/org/new/", {"name": "Team A", "kind": UnitKind.TEAM, "parent": org.unit_b.pk}).status_code
        == 302
    )


def test_stale_unit_edit_is_refused(org, login):
    client = login(org.admin)
    data = org_edit_data(org.team_a, name="Mine")
    OrgUnit.objects.filter(pk=org.team_a.pk).update(name="Theirs", version=data["version"] + 1)

    response = client.post(f"/manage/org/{org.team_a.pk}/edit/", data)

    assert response.status_code == 200
    assert html_text(StaleVersion.message) in response.content.decode()
    assert 'value="Mine"' in response.content.decode()
    assert OrgUnit.objects.get(pk=org.team_a.pk).name == "Theirs"


def test_region_create_and_duplicate_code(org, login):
    client = login(org.admin)

    response = client.post("/manage/regions/new/", {"code": "pohja", "name": "Põhja"})

    assert response.status_code == 302
    region = Region.objects.get(code="pohja")
    assert region.name == "Põhja"
    assert events("accounts.region.created", region).get().actor == org.admin

    duplicate = client.post("/manage/regions/new/", {"code": "pohja", "name": "Teine"})

    assert duplicate.status_code == 200
    assert html_text(gettext_lazy("A region with this code already exists.")) in duplicate.content.decode()
    assert 'value="Teine"' in duplicate.content.decode()
    assert list(Region.objects.values_list("code", "name")) == [("pohja", "Põhja")]


@pytest.mark.parametrize("persona", ["counsellor", "head", "dpo", "outsider", "volunteer"])
def test_non_admins_cannot_change_the_organisation(org, login, persona):
    client = login(getattr(org, persona))
    before = unit_snapshot()

    assert (
        client.post("/manage/org/new/", {"name": "Team X", "kind": UnitKind.TEAM, "parent": org.unit_a.pk}).status_code
        == 403
    )
    assert (
        client.post(f"/manage/org/{org.team_a.pk}/edit/", org_edit_data(org.team_a, name="Renamed")).status_code == 403
    )
    assert client.post("/manage/regions/new/", {"code": "x", "name": "X"}).status_code == 403

    assert unit_snapshot() == before
    assert not Region.objects.exists()
