"""Administration journeys: a new staff account with its role, a new team, and what the DPO sees of it."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

NEW_PASSWORD = "Sinilind lendab 2026 kevadel"


def test_admin_creates_a_counsellor_and_the_dpo_sees_it_in_the_audit_trail(
    org, new_page, log_in, assert_accessible, translated
):
    from tugi.accounts.models import Role, Service, User

    admin = new_page()
    log_in(admin, "admin")
    admin.get_by_role("link", name=translated("et", "People"), exact=True).click()
    admin.wait_for_url("**/manage/users/")
    assert_accessible(admin)

    admin.get_by_role("link", name=translated("et", "New staff account")).click()
    admin.wait_for_url("**/manage/users/new/")
    assert_accessible(admin)
    form = admin.locator("main form")
    form.locator("[name=username]").fill("mari.maasikas")
    form.locator("[name=first_name]").fill("Mari")
    form.locator("[name=last_name]").fill("Maasikas")
    form.locator("[name=email]").fill("mari.maasikas@example.org")
    form.locator("[name=language]").select_option("et")
    form.locator("[name=agency]").select_option(label=str(org.agency))
    form.locator("[name=password]").fill(NEW_PASSWORD)
    with admin.expect_navigation():
        form.get_by_role("button", name=translated("et", "Save")).click()

    created = User.objects.get(username="mari.maasikas")
    assert admin.url.endswith(f"/manage/users/{created.pk}/")
    assert admin.locator("h1").inner_text().startswith("Mari Maasikas")
    assert translated("et", "Account created. Now give the person a role.") in admin.get_by_role("status").inner_text()
    assert_accessible(admin)

    roles = admin.locator("form[action$='/roles/add/']")
    roles.locator("[name=role]").select_option(Role.COUNSELLOR)
    roles.locator("[name=service]").select_option(Service.TRAFFICKING)
    roles.locator("[name=unit]").select_option(label=str(org.team_a))
    with admin.expect_navigation():
        roles.get_by_role("button", name=translated("et", "Add role")).click()
    assert translated("et", "Role added.") in admin.get_by_role("status").inner_text()
    assert "Team A" in admin.locator("main section").nth(1).inner_text()
    assert created.role_assignments.filter(role=Role.COUNSELLOR, unit=org.team_a).exists()
    assert_accessible(admin)

    dpo = new_page()
    log_in(dpo, "dpo")
    dpo.get_by_role("link", name=translated("et", "Audit trail"), exact=True).first.click()
    dpo.wait_for_url("**/audit/")
    assert_accessible(dpo)
    row = dpo.locator("tbody tr", has=dpo.locator("code", has_text="accounts.user.created")).filter(
        has_text=f"accounts.user:{created.pk}"
    )
    assert row.count() == 1
    assert "\tadmin\t" in row.inner_text()  # who did it: the actor's username

    # The filter narrows the trail to the account's creation.
    dpo.locator("[name=action]").fill("accounts.user.created")
    with dpo.expect_navigation():
        dpo.get_by_role("button", name=translated("et", "Filter")).click()
    actions = dpo.locator("tbody td code").all_inner_texts()
    assert actions and set(actions) == {"accounts.user.created"}
    assert_accessible(dpo)


def test_admin_adds_a_team_to_the_organisation(org, page, log_in, assert_accessible, translated):
    from tugi.accounts.models import OrgUnit, UnitKind

    log_in(page, "admin")
    page.get_by_role("link", name=translated("et", "Organisation"), exact=True).click()
    page.wait_for_url("**/manage/org/")
    assert page.locator("h1").inner_text() == translated("et", "Organisation")
    assert_accessible(page)

    page.get_by_role("link", name=translated("et", "New unit"), exact=True).click()
    page.wait_for_url("**/manage/org/new/")
    assert_accessible(page)
    form = page.locator("main form")
    form.locator("[name=name]").fill("Team C")
    form.locator("[name=kind]").select_option(UnitKind.TEAM)
    form.locator("[name=parent]").select_option(label=str(org.unit_a))
    with page.expect_navigation():
        form.get_by_role("button", name=translated("et", "Save")).click()

    assert page.url.endswith("/manage/org/")
    assert translated("et", "Unit added.") in page.get_by_role("status").inner_text()
    team_c = OrgUnit.objects.get(name="Team C")
    assert team_c.parent_id == org.unit_a.pk
    assert "Team C" in page.locator("ul.tree").first.inner_text()
    assert_accessible(page)
