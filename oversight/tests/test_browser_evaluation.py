"""In headless Chromium on a phone: a member's 满意度测评 ballot is encrypted in the browser."""

import pytest
from django.urls import reverse

from core.ballot_box import testing
from meetings.tests.helpers import add_committee_members, register_teller_key
from oversight import workflow
from oversight.models import DeliberationOpinions
from oversight.tests.helpers import committee, make_opinions, open_committee_meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_evaluates_on_a_phone_and_only_the_total_is_decrypted(
    phone_page, clerk, deputy, congress, unit
):
    committee(congress, 2)
    opinions = make_opinions(congress, unit, status=DeliberationOpinions.Status.REVIEWED)
    add_committee_members(congress, [deputy.deputy])
    meeting = open_committee_meeting(congress, clerk, present=3)
    register_teller_key(meeting)
    evaluation = workflow.open_evaluation(
        workflow.create_evaluation(opinions, actor=clerk, meeting=meeting, method="electronic"), actor=clerk
    )
    phone_page.login("deputy")
    phone_page.goto(reverse("oversight:cast_evaluation", args=[evaluation.pk]))
    page = phone_page.page
    sent = []
    page.on("request", lambda request: request.method == "POST" and sent.append(request.post_data or ""))
    page.get_by_label("不满意").check()
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="提交").click()
    page.wait_for_selector("text=选票回执", timeout=15000)
    assert asked == ["提交后不能更改，确定提交这张测评票？"]
    assert len(sent) == 1 and "sealed=" in sent[0] and "choice=" not in sent[0]
    evaluation = workflow.close_evaluation(evaluation, actor=clerk)
    for share in testing.decryption_shares(evaluation.ballot_box):
        evaluation = workflow.submit_decryption_share(evaluation, actor=clerk, document=share)
    assert (evaluation.satisfied, evaluation.dissatisfied) == (0, 1)
    assert phone_page.errors == []
