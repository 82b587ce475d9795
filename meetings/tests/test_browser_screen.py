"""In headless Chromium: the hall's big screen shows a deputy's vote within a second or two, without reloading."""

import pytest
from playwright.sync_api import expect

from conftest import client_for
from meetings.tests.helpers import close_and_count, open_meeting_with, open_vote, sealed_ballots, sign_in_all

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def screen_page(chromium, live_server):
    from conftest import Page

    context = chromium.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    page = Page(context.new_page(), live_server.url)
    yield page
    context.close()


def test_the_big_screen_counts_a_deputys_vote_without_reloading(
    screen_page, clerk, deputy, co_signer, congress
):
    meeting = open_meeting_with(clerk, congress, 3)
    sign_in_all(meeting, clerk)
    vote = open_vote(meeting, clerk)
    screen_page.login("clerk")
    screen_page.goto(f"/meetings/{meeting.pk}/screen/")
    page = screen_page.page
    polled = []
    page.on("request", lambda request: "state.json" in request.url and polled.append(request.url))
    page.evaluate("window.__notReloaded = true")
    voted = page.locator("#screen-voted")
    assert voted.inner_text() == "0"
    assert page.locator("[data-field=present]").inner_text() == "3"

    response = client_for(deputy).post(f"/meetings/votes/{vote.pk}/cast/", {"choice": "yes"})
    assert response.status_code == 302

    # expect() polls without eval, which the Content-Security-Policy (script-src 'self') forbids.
    expect(voted).to_have_text("1", timeout=2500)
    assert page.evaluate("window.__notReloaded") is True
    assert polled == []  # it came by server-sent events, not by the polling fallback
    # The secret vote's content never reaches the screen while it is open.
    assert "赞成" not in page.locator("[data-screen-items]").inner_text()
    errors = [e for e in screen_page.errors if "screen/events" not in e]
    assert errors == []


def test_a_deputy_votes_on_a_phone_with_big_buttons(phone_page, clerk, deputy, co_signer, congress):
    meeting = open_meeting_with(clerk, congress, 3)
    sign_in_all(meeting, clerk)
    vote = open_vote(meeting, clerk)
    phone_page.login("deputy")
    phone_page.goto(f"/meetings/{meeting.pk}/device/")
    page = phone_page.page
    page.on("dialog", lambda dialog: dialog.accept())
    assert not phone_page.overflows_horizontally()
    page.get_by_role("button", name="赞成").click()
    page.wait_for_selector("text=您已投票", timeout=3000)
    assert vote.participations.count() == 1
    errors = [e for e in phone_page.errors if "screen/events" not in e]
    assert errors == []


def test_a_secret_ballot_is_encrypted_on_the_phone_and_only_its_total_is_decrypted(
    phone_page, clerk, deputy, co_signer, congress
):
    meeting = open_meeting_with(clerk, congress, 3)
    sign_in_all(meeting, clerk)
    vote = open_vote(meeting, clerk)
    phone_page.login("deputy")
    phone_page.goto(f"/meetings/{meeting.pk}/device/")
    page = phone_page.page
    page.on("dialog", lambda dialog: dialog.accept())
    sent = []
    page.on("request", lambda request: "/cast/" in request.url and sent.append(request.post_data or ""))
    page.get_by_role("button", name="反对").click()
    page.wait_for_selector("text=选票回执", timeout=15000)
    # What left the phone: ciphertexts and proofs, never the choice.
    assert len(sent) == 1 and '"sealed"' in sent[0] and "choice" not in sent[0] and '"no"' not in sent[0]
    fingerprint = sealed_ballots(vote).get().fingerprint
    receipt = "-".join(fingerprint[i : i + 4].upper() for i in range(0, 16, 4))
    assert receipt in page.locator("[role=status]").inner_text()
    vote = close_and_count(vote, clerk)
    assert (vote.yes, vote.no, vote.abstain) == (0, 1, 0)
    errors = [e for e in phone_page.errors if "screen/events" not in e]
    assert errors == []
