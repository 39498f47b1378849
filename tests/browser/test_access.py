"""Access beyond one's team: emergency access ("break the glass") and a grant given by the unit head."""

from __future__ import annotations

from datetime import timedelta

import pytest

pytestmark = pytest.mark.browser

REASON = "Kliendi elu on ohus ja kolleeg ei vasta telefonile."


def test_emergency_access_opens_the_profile_and_tells_the_unit_head(
    org, new_page, log_in, assert_accessible, translated
):
    profile_url = f"/manage/users/{org.counsellor.pk}/"

    outsider = new_page()
    log_in(outsider, "outsider")
    response = outsider.goto(profile_url)
    assert response is not None and response.status == 404
    assert outsider.locator("h1").inner_text() == translated("et", "Not found")
    assert "Counsellor" not in outsider.inner_text("main"), "the 404 page must not reveal whose profile it is"
    assert_accessible(outsider)

    outsider.get_by_role("link", name=translated("et", "Emergency access"), exact=True).click()
    outsider.wait_for_url(f"**/access/emergency/accounts.user/{org.counsellor.pk}/")
    assert "Counsellor" not in outsider.inner_text("main"), "the reason comes before the record"
    assert_accessible(outsider)

    # A reason too short to mean anything is refused, and what was typed stays.
    reason = outsider.get_by_label(translated("et", "Why must you open this record now?"))
    reason.fill("vaja")
    with outsider.expect_navigation():
        outsider.get_by_role("button", name=translated("et", "Open with emergency access")).click()
    assert outsider.locator(".errorlist").count() >= 1
    assert reason.input_value() == "vaja"
    assert_accessible(outsider)

    reason.fill(REASON)
    with outsider.expect_navigation():
        outsider.get_by_role("button", name=translated("et", "Open with emergency access")).click()
    assert outsider.url.endswith(profile_url)
    assert outsider.locator("h1").inner_text().startswith("Counsellor Test")
    assert translated("et", "Emergency access is open and recorded. Your unit head has been told.") in (
        outsider.get_by_role("status").inner_text()
    )
    assert_accessible(outsider)

    head = new_page()
    log_in(head, "head")
    unread = head.locator("section[aria-labelledby=h-notices]").inner_text()
    assert "Outsider Test" in unread and REASON in unread
    assert head.locator("a.notices .badge").inner_text() == "1"
    assert_accessible(head)

    head.locator("a.notices").click()
    head.wait_for_url("**/notifications/")
    notice = head.locator("main .card").first
    assert "Outsider Test" in notice.inner_text() and REASON in notice.inner_text()
    assert_accessible(head)

    # The notice leads to the record that was opened.
    with head.expect_navigation():
        notice.get_by_role("button", name=translated("et", "Open")).click()
    assert head.url.endswith(profile_url)
    assert head.locator("h1").inner_text().startswith("Counsellor Test")


def test_unit_head_grants_access_and_the_grantee_can_open_the_profile(
    org, new_page, log_in, assert_accessible, translated
):
    from django.utils import timezone

    from tugi.access.models import AccessGrant

    head = new_page()
    log_in(head, "head")
    head.goto("/access/grants/")
    head.get_by_role("link", name=translated("et", "Grant access"), exact=True).click()
    head.wait_for_url("**/access/grants/new/")
    assert_accessible(head)

    until = timezone.localtime() + timedelta(days=2)
    form = head.locator("main form")
    form.locator("[name=grantee]").select_option(label=str(org.volunteer))
    form.locator("[name=kind]").select_option("accounts.user")
    form.locator("[name=target_id]").fill(str(org.counsellor.pk))
    form.locator("[name=valid_until]").fill(until.strftime("%d.%m.%Y %H:%M"))
    form.locator("[name=reason]").fill("Vabatahtlik korraldab Kadri asendust järgmisel nädalal.")
    with head.expect_navigation():
        form.get_by_role("button", name=translated("et", "Grant access")).click()
    assert head.url.endswith("/access/grants/")
    assert translated("et", "Access granted. The person has been told.") in head.get_by_role("status").inner_text()
    assert AccessGrant.objects.filter(grantee=org.volunteer, target_id=org.counsellor.pk).count() == 1
    assert_accessible(head)

    volunteer = new_page()
    log_in(volunteer, "volunteer")
    response = volunteer.goto(f"/manage/users/{org.counsellor.pk}/")
    assert response is not None and response.status == 200
    assert volunteer.locator("h1").inner_text().startswith("Counsellor Test")
    assert_accessible(volunteer)
