# ruff: noqa: F811 — pytest fixtures imported from test_ballot / test_evaluation
"""The deputy's own project ballot and evaluation in a real browser on a 390×844 phone: the deputy
chooses, is asked once to confirm (core/confirm.js, as an election ballot), casts, and sees the
receipt (the ballot's fingerprint); the choices leave the phone encrypted; a deputy who took a paper
ballot cannot cast on the device."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import Role
from conftest import CHROMIUM, PASSWORD, Page, make_user
from projects import queries, workflow_ballot, workflow_evaluation
from projects.tests.test_ballot import meeting, submitted, voters  # noqa: F401 — shared fixtures
from projects.tests.test_evaluation import announced  # noqa: F401 — shared fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_390 = {"width": 390, "height": 844}


@pytest.fixture
def phone(chromium, live_server):
    assert CHROMIUM == "/usr/bin/chromium"  # Debian's, never a downloaded one
    context = chromium.new_context(viewport=PHONE_390, is_mobile=True, has_touch=True, locale="zh-CN")
    page = Page(context.new_page(), live_server.url)
    yield page
    context.close()


def cast_with_confirmation(phone: Page, question: str, submit) -> list[str]:
    """Submit, decline the question once (nothing is sent), then submit and accept it."""
    posted: list[str] = []
    asked: list[str] = []
    phone.page.on("request", lambda r: r.method == "POST" and posted.append(r.post_data or ""))
    phone.page.once("dialog", lambda d: (asked.append(d.message), d.dismiss()))
    submit.click()
    phone.page.evaluate("0")  # a round trip: the declined submit has been handled
    assert asked == [question] and posted == []  # declined: nothing left the phone

    def accept(dialog) -> None:
        asked.append(dialog.message)
        dialog.accept()

    phone.page.once("dialog", accept)
    with phone.page.expect_navigation():  # posts once seal_form.js has sealed the choices
        submit.click()
    phone.page.wait_for_load_state()
    assert asked == [question, question]
    return posted


def test_a_deputy_chooses_confirms_casts_and_sees_the_receipt_on_a_phone(
    phone, submitted, clerk, meeting, voters
):
    ballot = workflow_ballot.open_ballot(
        workflow_ballot.create_ballot(submitted, actor=clerk, meeting=meeting, method="electronic"),
        actor=clerk,
    )
    phone.login(voters[0].username, PASSWORD)
    phone.goto(reverse("projects:ballot_vote", args=[ballot.pk]))
    assert not phone.overflows_horizontally()
    phone.page.click("label[for=pick-1]")
    phone.page.click("label[for=pick-3]")
    submit = phone.page.locator("form[data-seal-module] button[type=submit]")
    posted = cast_with_confirmation(phone, queries.confirmation("cast_ballot", ballot), submit)
    content = phone.page.content()
    assert "您已投票" in content and "选票回执" in content
    assert not phone.overflows_horizontally()
    assert phone.errors == []
    # The choices left the phone encrypted (core/static/core/seal_form.js): no pick in clear.
    assert len(posted) == 1 and "sealed" in posted[0] and "pick=" not in posted[0]
    ballot.refresh_from_db()
    assert ballot.participations.count() == 1 and ballot.ballot_box.ballots.count() == 1
    receipt = phone.page.locator(".alert-success", has_text="选票回执").inner_text()
    fingerprint = ballot.ballot_box.ballots.get().fingerprint
    from core.ballot_box import crypto

    assert crypto.receipt(fingerprint) in receipt


def test_a_deputy_evaluates_every_project_confirms_and_sees_the_receipt(
    phone, announced, clerk, meeting, voters
):
    evaluation = workflow_evaluation.open_evaluation(
        workflow_evaluation.create_evaluation(announced, actor=clerk, meeting=meeting, method="electronic"),
        actor=clerk,
    )
    phone.login(voters[0].username, PASSWORD)
    phone.goto(reverse("projects:evaluation_vote", args=[evaluation.pk]))
    assert not phone.overflows_horizontally()
    phone.page.check("input[name=grade-1][value=satisfied]")
    phone.page.check("input[name=grade-2][value=basically_satisfied]")
    submit = phone.page.locator("form[data-seal-module] button[type=submit]")
    posted = cast_with_confirmation(phone, queries.confirmation("cast_evaluation", evaluation), submit)
    content = phone.page.content()
    assert "您已提交测评票" in content and "选票回执" in content
    assert phone.errors == []
    assert len(posted) == 1 and "sealed" in posted[0] and "grade-1" not in posted[0]
    evaluation.refresh_from_db()
    assert evaluation.participations.count() == 1 and evaluation.ballot_box.ballots.count() == 1


def test_a_deputy_holding_a_paper_ballot_cannot_cast_on_the_phone(
    phone, submitted, clerk, meeting, voters, congress
):
    teller = make_user("teller", "孙计票", congress, Role.STAFF)
    ballot = workflow_ballot.open_ballot(
        workflow_ballot.create_ballot(
            submitted, actor=clerk, meeting=meeting, method="electronic", tellers=[clerk, teller]
        ),
        actor=clerk,
    )
    workflow_ballot.issue_paper_ballot(ballot, actor=clerk, deputy=voters[0].deputy)
    phone.login(voters[0].username, PASSWORD)
    phone.goto(reverse("projects:ballot_vote", args=[ballot.pk]))
    assert "您已领取纸质选票" in phone.page.content()
    assert phone.page.locator("input[name=pick]").count() == 0
    assert phone.page.locator("form[data-seal-module]").count() == 0
    assert not phone.overflows_horizontally()
    assert phone.errors == []
    ballot.refresh_from_db()
    assert ballot.ballot_box.ballots.count() == 0
