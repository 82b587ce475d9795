"""One suggestion walked through every transition, through the web, checking the history."""

import datetime as dt

import pytest
import time_machine

from conftest import client_for
from core.models import AuditEntry, Notification
from suggestions.models import Assignment, Suggestion

pytestmark = pytest.mark.django_db(transaction=False)


def post(user, s, verb, data=None, **kw):
    return client_for(user).post(f"/suggestions/{s.pk}/{verb}/", {"confirmed": "yes", **(data or {})}, **kw)


def actions_of(s):
    return list(
        AuditEntry.objects.filter(object_type="suggestions.suggestion", object_id=str(s.pk))
        .order_by("seq")
        .values_list("action", "actor_label")
    )


@time_machine.travel(dt.datetime(2025, 1, 20, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False)
def test_full_lifecycle(
    congress,
    clerk,
    leader,
    deputy,
    co_signer,
    unit,
    other_unit,
    unit_handler,
    other_unit_handler,
    django_capture_on_commit_callbacks,
):
    c = client_for(deputy)
    r = c.post(
        "/suggestions/new/",
        {
            "kind": "suggestion",
            "title": "关于增设停车位的建议",
            "content": "东湖社区停车难。",
            "category": "城乡建设",
        },
    )
    assert r.status_code == 302
    s = Suggestion.objects.get()
    r = c.post(
        f"/suggestions/{s.pk}/edit/",
        {
            "title": "关于增设小区停车位的建议",
            "content": "东湖社区停车难，建议增设。",
            "category": "城乡建设",
            "co_signers": [co_signer.deputy.pk],
            "then": "save",
        },
    )
    assert r.status_code == 302
    r = c.post(
        f"/suggestions/{s.pk}/autosave/",
        {
            "title": "关于增设小区停车位的建议",
            "content": "东湖社区停车难，建议增设停车位。",
            "category": "城乡建设",
            "co_signers": [co_signer.deputy.pk],
        },
    )
    assert "已自动保存" in r.content.decode()
    assert post(co_signer, s, "co_sign").status_code == 302
    assert post(deputy, s, "submit").status_code == 302
    assert post(clerk, s, "send_back_to_deputy", {"reason": "请补充具体地点"}).status_code == 302
    s.refresh_from_db()
    assert s.status == "returned"
    assert post(deputy, s, "submit").status_code == 302
    assert post(clerk, s, "register", {"number": "17"}).status_code == 302
    s.refresh_from_db()
    assert (s.status, s.number_label) == ("registered", "第17号")
    leader_user = leader
    assert (
        post(clerk, s, "priority", {"supervising_leader": leader_user.pk, "is_priority": "on"}).status_code
        == 302
    )
    with django_capture_on_commit_callbacks(execute=True):
        r = post(
            clerk,
            s,
            "assign",
            {
                "mode": "lead",
                "units": [unit.pk],
                "assisting_units": [other_unit.pk],
                "assigned_on": "2025-01-31",
                "assignment_meeting": "2025年交办会",
            },
        )
    assert r.status_code == 302, r.content.decode()[:2000]
    assert Notification.objects.filter(user=unit_handler, kind="suggestions.assign").exists()
    s.refresh_from_db()
    assert s.due_on == dt.date(2025, 4, 30)
    assert post(unit_handler, s, "accept").status_code == 302
    assert post(other_unit_handler, s, "accept").status_code == 302
    assert (
        post(
            unit_handler,
            s,
            "contact",
            {"contacted_on": "2025-01-20", "form": "meeting", "content": "到现场察看"},
        ).status_code
        == 302
    )
    assert (
        post(other_unit_handler, s, "submit_opinion", {"opinion": "同意增设，资金由区财政安排"}).status_code
        == 302
    )
    assert post(unit_handler, s, "request_extension", {"reason": "涉及规划调整"}).status_code == 302
    assert post(clerk, s, "extend", {"reason": "涉及规划调整，经主任会议同意延期"}).status_code == 302
    s.refresh_from_db()
    assert s.due_on == dt.date(2025, 7, 31)
    assert (
        post(
            leader, s, "supervise", {"kind": "meeting", "held_on": "2025-01-20", "content": "召开督办会"}
        ).status_code
        == 302
    )
    assert (
        post(
            unit_handler,
            s,
            "reply",
            {"category": "B", "content": "已列入计划", "signed_by": "刘局长", "is_public": "on"},
        ).status_code
        == 302
    )
    s.refresh_from_db()
    assert s.status == "replied" and s.reply_category == "B"
    assert post(deputy, s, "feedback", {"rating": "dissatisfied", "comment": "进度太慢"}).status_code == 302
    s.refresh_from_db()
    assert s.status == "dissatisfied" and s.first_rating == "dissatisfied"
    assert post(clerk, s, "rehandle", {"assigned_on": "2025-01-20"}).status_code == 302
    s.refresh_from_db()
    assert s.status == "rehandling" and s.round == 2 and s.due_on == dt.date(2025, 2, 20)
    assert post(unit_handler, s, "accept").status_code == 302
    assert (
        post(
            unit_handler,
            s,
            "reply",
            {"category": "B", "content": "已开工", "signed_by": "刘局长", "is_public": "on"},
        ).status_code
        == 302
    )
    assert post(deputy, s, "feedback", {"rating": "basically_satisfied"}).status_code == 302
    s.refresh_from_db()
    assert s.status == "closed" and s.final_rating == "basically_satisfied"
    assert post(clerk, s, "publish").status_code == 302
    assert (
        post(clerk, s, "follow_up_review", {"outcome": "kept", "reviewed_on": "2025-01-20"}).status_code
        == 302
    )
    s.refresh_from_db()
    assert s.follow_up_done and s.published_at
    history = actions_of(s)
    assert [a for a, _ in history] == [
        "create",
        "save_draft",
        "save_draft",
        "co_sign",
        "submit",
        "send_back_to_deputy",
        "submit",
        "register",
        "priority",
        "assign",
        "accept",
        "accept",
        "contact",
        "submit_opinion",
        "request_extension",
        "extend",
        "supervise",
        "reply",
        "feedback",
        "rehandle",
        "accept",
        "reply",
        "feedback",
        "publish",
        "follow_up_review",
    ]
    assert dict(history)["register"] == "王文书"
    assert s.replies.count() == 2 and s.feedbacks.count() == 2
    assert Assignment.objects.filter(suggestion=s).count() == 3
    detail = client_for(deputy).get(f"/suggestions/{s.pk}/")
    assert detail.status_code == 200 and "涉及规划调整，经主任会议同意延期" in detail.content.decode()
    assert client_for(None).get(f"/p/{congress.code}/suggestions/{s.pk}/").status_code == 200
