"""Deliberation opinions → handling report → satisfaction vote, with deadlines under frozen time."""

import datetime as dt
import json

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import client_for
from core.ballot_box import crypto, testing
from core.ballot_box.models import SealedBallot
from core.models import AuditEntry, Notification
from meetings.tests.helpers import register_teller_key
from oversight import workflow
from oversight.models import DeliberationOpinions, Evaluation, HandlingReport
from oversight.tests.helpers import committee, entries, make_opinions, open_committee_meeting

pytestmark = pytest.mark.django_db
OP = DeliberationOpinions.Status
TZ = dt.timezone(dt.timedelta(hours=8))


def detail(opinions):
    return reverse("oversight:deliberation_opinions_detail", args=[opinions.pk])


def test_approve_by_leader(leader, congress, unit):
    opinions = make_opinions(congress, unit)
    response = client_for(leader).post(reverse("oversight:approve", args=[opinions.pk]), {"on": "2026-05-06"})
    assert response.status_code == 302
    opinions.refresh_from_db()
    assert opinions.status == OP.APPROVED and opinions.approved_on == dt.date(2026, 5, 6)
    assert entries(opinions, "approve").get().actor_id == leader.pk


@time_machine.travel(dt.datetime(2026, 3, 31, 10, tzinfo=TZ), tick=False)
def test_send_sets_the_default_three_month_deadline_and_notifies_the_organ(
    clerk, unit_handler, congress, unit, django_capture_on_commit_callbacks
):
    opinions = make_opinions(congress, unit, status=OP.APPROVED)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(clerk).post(reverse("oversight:send", args=[opinions.pk]), {"on": "2026-03-31"})
    opinions.refresh_from_db()
    assert opinions.status == OP.SENT
    assert opinions.due_on == dt.date(2026, 6, 30)  # end-of-month clamp
    assert not opinions.due_by_resolution
    assert Notification.objects.filter(user=unit_handler, kind="send").count() == 1
    assert entries(opinions, "send").count() == 1


@time_machine.travel(dt.datetime(2026, 3, 31, 10, tzinfo=TZ), tick=False)
def test_local_setting_and_resolution_deadline(clerk, congress, unit):
    congress.settings = {"oversight": {"opinions_due_months": 6}}
    congress.save()
    by_setting = make_opinions(congress, unit, status=OP.APPROVED)
    workflow.send(by_setting, actor=clerk, on=dt.date(2026, 3, 31))
    by_setting.refresh_from_db()
    assert by_setting.due_on == dt.date(2026, 9, 30)

    by_resolution = make_opinions(congress, unit, status=OP.APPROVED)
    client_for(clerk).post(
        reverse("oversight:send", args=[by_resolution.pk]),
        {"on": "2026-03-31", "resolution_due": "2026-05-15", "resolution_ref": "关于加强义务教育工作的决议"},
    )
    by_resolution.refresh_from_db()
    assert by_resolution.due_on == dt.date(2026, 5, 15) and by_resolution.due_by_resolution


def test_send_refuses_a_resolution_deadline_without_its_name(clerk, congress, unit):
    opinions = make_opinions(congress, unit, status=OP.APPROVED)
    response = client_for(clerk).post(
        reverse("oversight:send", args=[opinions.pk]),
        {"on": "2020-03-31", "resolution_due": "2020-05-15"},
        follow=True,
    )
    assert "决议自定期限时，请填写决议名称" in response.content.decode()
    opinions.refresh_from_db()
    assert opinions.status == OP.APPROVED


def test_unit_handler_sees_and_reports_other_unit_gets_404(unit_handler, other_unit_handler, congress, unit):
    opinions = make_opinions(
        congress, unit, status=OP.SENT, sent_on=dt.date(2026, 1, 5), due_on=dt.date(2026, 4, 5)
    )
    draft = make_opinions(congress, unit)
    handler = client_for(unit_handler)
    assert handler.get(detail(opinions)).status_code == 200
    assert opinions.title in handler.get(reverse("oversight:deliberation_opinions_list")).content.decode()
    assert handler.get(detail(draft)).status_code == 404  # not yet sent: hidden from the organ
    other = client_for(other_unit_handler)
    assert other.get(detail(opinions)).status_code == 404
    assert (
        other.post(reverse("oversight:submit_report", args=[opinions.pk]), {"content": "x"}).status_code
        == 404
    )
    response = handler.post(
        reverse("oversight:submit_report", args=[opinions.pk]), {"content": "已制定整改方案。"}
    )
    assert response.status_code == 302
    opinions.refresh_from_db()
    assert opinions.status == OP.REPORTED
    report = HandlingReport.objects.get(opinions=opinions)
    assert report.number == 1 and report.submitted_by == unit_handler
    assert entries(opinions, "submit_report").get().actor_id == unit_handler.pk


def test_unit_handler_cannot_approve_or_review(unit_handler, congress, unit):
    opinions = make_opinions(congress, unit, status=OP.REPORTED)
    assert client_for(unit_handler).post(reverse("oversight:review", args=[opinions.pk])).status_code == 403


def test_empty_handling_report_is_refused_in_chinese(unit_handler, congress, unit):
    opinions = make_opinions(congress, unit, status=OP.SENT)
    response = client_for(unit_handler).post(
        reverse("oversight:submit_report", args=[opinions.pk]), {"content": "  "}, follow=True
    )
    assert "这个字段是必填项" in response.content.decode() or "请填写" in response.content.decode()
    opinions.refresh_from_db()
    assert opinions.status == OP.SENT


def test_send_back_then_report_again(clerk, unit_handler, congress, unit):
    opinions = make_opinions(congress, unit, status=OP.SENT)
    workflow.submit_report(opinions, actor=unit_handler, content="第一稿")
    client_for(clerk).post(
        reverse("oversight:send_back", args=[opinions.pk]), {"confirmed": "yes", "reason": "措施不具体"}
    )
    opinions.refresh_from_db()
    assert opinions.status == OP.SENT and opinions.reported_on is None
    assert HandlingReport.objects.get(number=1).outcome == HandlingReport.Outcome.SENT_BACK
    workflow.submit_report(opinions, actor=unit_handler, content="第二稿")
    client_for(clerk).post(reverse("oversight:review", args=[opinions.pk]), {"note": "同意"})
    opinions.refresh_from_db()
    assert opinions.status == OP.REVIEWED
    assert HandlingReport.objects.get(number=2).outcome == HandlingReport.Outcome.ACCEPTED


def test_overdue_flag_follows_the_clock(clerk, unit_handler, congress, unit):
    with time_machine.travel(dt.datetime(2026, 1, 31, 9, tzinfo=TZ), tick=False):
        opinions = make_opinions(congress, unit, status=OP.APPROVED)
        workflow.send(opinions, actor=clerk, on=dt.date(2026, 1, 31))
        opinions.refresh_from_db()
        assert opinions.due_on == dt.date(2026, 4, 30)
    with time_machine.travel(dt.datetime(2026, 4, 30, 20, tzinfo=TZ), tick=False):
        assert not workflow.is_overdue(opinions)  # the last day still counts
        listing = client_for(clerk).get(reverse("oversight:deliberation_opinions_list") + "?overdue=1")
        assert opinions.title not in listing.content.decode()
    with time_machine.travel(dt.datetime(2026, 5, 1, 8, tzinfo=TZ), tick=False):
        assert workflow.is_overdue(opinions)
        listing = client_for(clerk).get(reverse("oversight:deliberation_opinions_list") + "?overdue=1")
        assert opinions.title in listing.content.decode()
        home = client_for(unit_handler).get(reverse("portal:home")).content.decode()
        assert "其中已逾期 1 件" in home
        workflow.submit_report(opinions, actor=unit_handler, content="迟报")
        opinions.refresh_from_db()
        assert workflow.is_overdue(opinions)  # reported after the deadline stays flagged
        assert opinions.reported_on == dt.date(2026, 5, 1)


def test_full_path_with_a_satisfaction_vote(clerk, leader, unit_handler, congress, unit):
    """Opinion approved, sent, reported, reviewed; members rate the report 满意/基本满意/不满意 by secret ballot."""
    members = committee(congress, 9)
    with time_machine.travel(dt.datetime(2026, 2, 27, 9, tzinfo=TZ), tick=False):
        opinions = make_opinions(congress, unit)
        workflow.approve(opinions, actor=leader, on=dt.date(2026, 2, 27))
        workflow.send(opinions, actor=clerk, on=dt.date(2026, 2, 27))
    with time_machine.travel(dt.datetime(2026, 5, 20, 9, tzinfo=TZ), tick=False):
        workflow.submit_report(opinions, actor=unit_handler, content="整改情况……")
        workflow.review(opinions, actor=clerk, note="")
        opinions.refresh_from_db()
        assert not workflow.is_overdue(opinions)
    with time_machine.travel(dt.datetime(2026, 6, 25, 9, tzinfo=TZ), tick=True):
        meeting = open_committee_meeting(congress, clerk, present=7)
        register_teller_key(meeting)
        response = client_for(clerk).post(
            reverse("oversight:create_evaluation", args=[opinions.pk]),
            {"meeting": meeting.pk, "method": "electronic"},
        )
        evaluation = Evaluation.objects.get(opinions=opinions)
        assert response.status_code == 302
        client_for(clerk).post(
            reverse("oversight:open_evaluation", args=[evaluation.pk]), {"confirmed": "yes"}
        )
        evaluation.refresh_from_db()
        assert evaluation.status == Evaluation.Status.OPEN
        assert (evaluation.body_size, evaluation.present) == (9, 7)
        signed_in = sorted(members, key=lambda d: d.number)[:7]
        choices = ["satisfied"] * 4 + ["basically_satisfied"] * 2 + ["dissatisfied"]
        for deputy, choice in zip(signed_in, choices):
            response = client_for(deputy.user).post(
                reverse("oversight:cast_evaluation", args=[evaluation.pk]),
                {"choice": choice, "confirmed": "yes"},
            )
            assert response.status_code == 302
        again = client_for(signed_in[0].user).post(
            reverse("oversight:cast_evaluation", args=[evaluation.pk]),
            {"choice": "dissatisfied", "confirmed": "yes"},
            follow=True,
        )
        assert "您已测评" in again.content.decode()
        absent = sorted(members, key=lambda d: d.number)[8]
        late = client_for(absent.user).post(
            reverse("oversight:cast_evaluation", args=[evaluation.pk]),
            {"choice": "satisfied", "confirmed": "yes"},
            follow=True,
        )
        assert "未签到出席" in late.content.decode()
        evaluation.refresh_from_db()
        assert SealedBallot.objects.filter(box=evaluation.ballot_box).count() == 7  # ciphertexts only
        client_for(clerk).post(
            reverse("oversight:close_evaluation", args=[evaluation.pk]), {"confirmed": "yes"}
        )
        evaluation.refresh_from_db()
        assert evaluation.status == Evaluation.Status.COUNTING and evaluation.satisfied is None
        for share in testing.decryption_shares(evaluation.ballot_box, (2, 3)):  # two of the three tellers
            response = client_for(clerk).post(
                reverse("oversight:submit_decryption_share", args=[evaluation.pk]),
                {"document": SimpleUploadedFile("share.json", json.dumps(share).encode())},
            )
            assert response.status_code == 302
        evaluation.refresh_from_db()
        assert (evaluation.satisfied, evaluation.basically_satisfied, evaluation.dissatisfied) == (4, 2, 1)
        assert evaluation.not_voted == 0
        # 2*S = 8 < 9 = M, so not 满意; 2*(S+J) = 12 > 9: 基本满意 (against all members, not those voting).
        assert evaluation.grade == Evaluation.Grade.BASICALLY_SATISFIED
        assert entries(evaluation, "close_evaluation").count() == 1
        client_for(clerk).post(
            reverse("oversight:close", args=[opinions.pk]), {"confirmed": "yes", "on": "2026-06-25"}
        )
        opinions.refresh_from_db()
        assert opinions.status == OP.CLOSED


def test_evaluation_needs_a_quorum(clerk, congress, unit):
    committee(congress, 9, with_accounts=False)
    opinions = make_opinions(congress, unit, status=OP.REVIEWED)
    meeting = open_committee_meeting(congress, clerk, present=4)  # 2*4 = 8, not more than 9
    evaluation = workflow.create_evaluation(opinions, actor=clerk, meeting=meeting, method="paper")
    response = client_for(clerk).post(
        reverse("oversight:open_evaluation", args=[evaluation.pk]), {"confirmed": "yes"}, follow=True
    )
    assert "不足法定人数" in response.content.decode()
    evaluation.refresh_from_db()
    assert evaluation.status == Evaluation.Status.DRAFT


def test_paper_counts_are_checked_and_graded(clerk, congress, unit):
    committee(congress, 9, with_accounts=False)
    opinions = make_opinions(congress, unit, status=OP.REVIEWED)
    meeting = open_committee_meeting(congress, clerk, present=8)
    evaluation = workflow.create_evaluation(opinions, actor=clerk, meeting=meeting, method="paper")
    workflow.open_evaluation(evaluation, actor=clerk)
    client = client_for(clerk)
    url = reverse("oversight:enter_evaluation_counts", args=[evaluation.pk])
    too_many = client.post(
        url, {"confirmed": "yes", "satisfied": 5, "basically_satisfied": 3, "dissatisfied": 1}, follow=True
    )
    assert "不能大于出席人数" in too_many.content.decode()
    malformed = client.post(
        url,
        {"confirmed": "yes", "satisfied": "五", "basically_satisfied": -1, "dissatisfied": ""},
        follow=True,
    )
    assert malformed.status_code == 200
    client.post(url, {"confirmed": "yes", "satisfied": 5, "basically_satisfied": 2, "dissatisfied": 1})
    evaluation.refresh_from_db()
    assert evaluation.grade == Evaluation.Grade.SATISFIED  # 2*5 = 10 >= 9


def test_a_member_is_asked_before_the_evaluation_ballot_goes_and_nothing_is_cast_unasked(
    clerk, congress, unit
):
    members = committee(congress, 3)
    opinions = make_opinions(congress, unit, status=OP.REVIEWED)
    meeting = open_committee_meeting(congress, clerk, present=3)
    register_teller_key(meeting)
    evaluation = workflow.open_evaluation(
        workflow.create_evaluation(opinions, actor=clerk, meeting=meeting, method="electronic"), actor=clerk
    )
    member = sorted(members, key=lambda d: d.number)[0]
    url = reverse("oversight:cast_evaluation", args=[evaluation.pk])
    form = client_for(member.user).get(url).content.decode()
    assert "提交后不能更改，确定提交这张测评票？" in form
    asked = client_for(member.user).post(url, {"choice": "satisfied"})
    assert asked.status_code == 200 and "提交后不能更改，确定提交这张测评票？" in asked.content.decode()
    assert SealedBallot.objects.filter(box=evaluation.ballot_box).count() == 0
    assert not workflow.has_evaluated(evaluation, member)


def test_an_evaluation_ballot_encrypted_in_the_browser_is_counted_and_a_teller_downloads_the_sum(
    clerk, congress, unit
):
    members = committee(congress, 5)
    opinions = make_opinions(congress, unit, status=OP.REVIEWED)
    meeting = open_committee_meeting(congress, clerk, present=5)
    register_teller_key(meeting)
    evaluation = workflow.open_evaluation(
        workflow.create_evaluation(opinions, actor=clerk, meeting=meeting, method="electronic"), actor=clerk
    )
    member = sorted(members, key=lambda d: d.number)[0]
    page = client_for(member.user).get(reverse("oversight:cast_evaluation", args=[evaluation.pk]))
    params = page.context["seal_params"]
    assert params["choices"] == ["satisfied", "basically_satisfied", "dissatisfied"]
    spec = crypto.BallotSpec.from_json(params["spec"])
    ballot = crypto.encrypt_ballot(spec, bytes.fromhex(params["public_key"]), [0, 0, 1], params["context"])
    sealed = json.dumps({"box": params["box"], "ballot": ballot.to_json()})
    response = client_for(member.user).post(
        reverse("oversight:cast_evaluation", args=[evaluation.pk]),
        {"sealed": sealed, "confirmed": "yes"},
        follow=True,
    )
    assert f"选票回执：{crypto.receipt(ballot.fingerprint())}" in response.content.decode()
    again = client_for(member.user).post(
        reverse("oversight:cast_evaluation", args=[evaluation.pk]),
        {"sealed": sealed, "confirmed": "yes"},
        follow=True,
    )
    assert "重放" in again.content.decode() or "您已测评" in again.content.decode()
    evaluation = workflow.close_evaluation(evaluation, actor=clerk)
    document = (
        client_for(clerk).get(reverse("oversight:evaluation_teller_document", args=[evaluation.pk])).json()
    )
    assert document["ballots"] == 1
    # A data export: one audit entry with who and how many ballots (core.downloads.export).
    (export,) = AuditEntry.objects.filter(action="export")
    assert export.actor_id == clerk.pk and export.changes == {"rows": 1}
    for share in testing.decryption_shares(evaluation.ballot_box):
        evaluation = workflow.submit_decryption_share(evaluation, actor=clerk, document=share)
    assert (evaluation.satisfied, evaluation.basically_satisfied, evaluation.dissatisfied) == (0, 0, 1)
