"""The phone ballot in a real browser: fits a phone, warns before an over-marked ballot, and
sends the marks encrypted (core.ballot_box)."""

from __future__ import annotations

import pytest

from conftest import PASSWORD
from elections import workflow
from elections.tests.conftest import ready_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_phone_ballot_refuses_more_for_marks_than_seats(phone_page, clerk, body, meeting, election):
    first = ready_round(election, clerk, body)
    workflow.open_round(first, actor=clerk)
    page = phone_page
    page.login(body[0].user.username, PASSWORD)
    page.goto(f"/elections/rounds/{first.pk}/vote/")
    assert not page.overflows_horizontally()
    submit = page.page.locator("form.election-ballot button[type=submit]")
    page.page.click("label[for=m1f]")
    page.page.click("label[for=m2f]")
    assert submit.is_enabled()
    page.page.click("label[for=m3f]")
    assert submit.is_disabled()
    assert "多于应选名额" in page.page.locator(".ballot-count").inner_text()
    page.page.click("label[for=m3x]")
    posted = []
    page.page.on(
        "request", lambda request: request.method == "POST" and posted.append(request.post_data or "")
    )
    page.page.once("dialog", lambda dialog: dialog.accept())
    with page.page.expect_navigation():  # the form posts once the module has sealed the marks
        submit.click()
    page.page.wait_for_load_state()
    assert "您已投票" in page.page.content() and "选票回执" in page.page.content()
    assert page.errors == []
    # The marks left the phone encrypted (core/static/core/seal_form.js): no mark in clear.
    assert posted and "sealed" in posted[0] and "mark_1" not in posted[0]
    first.refresh_from_db()
    assert first.participations.count() == 1
    assert first.ballot_box.ballots.count() == 1
