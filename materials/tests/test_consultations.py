"""向代表征求意见: opened, answered paragraph by paragraph, summarised, handled; each deputy sees the handling."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from accounts.models import Role
from conftest import client_for, make_deputy, make_user
from materials import workflow
from materials.models import Answer

pytestmark = pytest.mark.django_db
DRAFT = "一、指导思想。\n二、监督重点：义务教育、养老服务。\n三、工作安排。"


@pytest.fixture
def deputies(congress, term, deputy):
    others = []
    for i in (1, 2):
        user = make_user(f"dep{i}", f"李代表{i}", congress, Role.DEPUTY)
        make_deputy(congress, term, name=f"李代表{i}", user=user)
        others.append(user)
    return [deputy, *others]


@pytest.fixture
def consultation(clerk, congress):
    c = workflow.create_consultation(
        actor=clerk,
        congress=congress,
        title="2027年度监督工作计划（征求意见稿）",
        text=DRAFT,
        deadline=timezone.now() + dt.timedelta(days=7),
        subject="supervision_plan",
    )
    return workflow.open_consultation(actor=clerk, consultation=c)


def test_three_deputies_answer_by_paragraph_and_see_the_handling(clerk, consultation, deputies):
    for i, user in enumerate(deputies, start=1):
        response = client_for(user).post(
            f"/materials/consultations/{consultation.pk}/answer/",
            {"paragraph": 2, "text": f"建议增加第{i}项"},
        )
        assert response.status_code == 302
    client_for(deputies[0]).post(f"/materials/consultations/{consultation.pk}/answer/", {"text": "总体赞成"})
    assert Answer.objects.filter(consultation=consultation, paragraph=2).count() == 3
    office = client_for(clerk).get(f"/materials/consultations/{consultation.pk}/").content.decode()
    assert office.count("建议增加第") == 3 and "总体赞成" in office
    client_for(clerk).post(
        f"/materials/consultations/{consultation.pk}/summarise/", {"summary": "三位代表建议增加监督重点。"}
    )
    answers = list(Answer.objects.filter(paragraph=2).order_by("pk"))
    client_for(clerk).post(f"/materials/answers/{answers[0].pk}/handle/", {"handling": "adopted"})
    client_for(clerk).post(
        f"/materials/answers/{answers[1].pk}/handle/", {"handling": "partly_adopted", "reason": "并入第二项"}
    )
    client_for(clerk).post(
        f"/materials/answers/{answers[2].pk}/handle/", {"handling": "not_adopted", "reason": "不属本年度重点"}
    )
    seen = [
        client_for(u).get(f"/materials/consultations/{consultation.pk}/answer/").content.decode()
        for u in deputies
    ]
    assert "办公室处理：采纳" in seen[0]
    assert "办公室处理：部分采纳（并入第二项）" in seen[1]
    assert "办公室处理：未采纳（不属本年度重点）" in seen[2]
    assert "建议增加第1项" not in seen[1]  # a deputy sees only their own answers


def test_not_adopted_needs_a_reason(clerk, consultation, deputy):
    a = workflow.answer(deputy=deputy.deputy, consultation=consultation, paragraph=1, text="意见")
    with pytest.raises(workflow.TransitionRefused, match="请说明理由"):
        workflow.handle(actor=clerk, answer=a, handling="not_adopted")


def test_an_answer_after_the_deadline_is_refused(consultation, deputy):
    with (
        time_machine.travel(consultation.deadline + dt.timedelta(minutes=1)),
        pytest.raises(workflow.TransitionRefused, match="已截止"),
    ):
        workflow.answer(deputy=deputy.deputy, consultation=consultation, paragraph=1, text="晚了")
    assert not Answer.objects.exists()


def test_a_paragraph_that_does_not_exist_is_refused(consultation, deputy):
    with pytest.raises(workflow.TransitionRefused, match="段落不存在"):
        workflow.answer(deputy=deputy.deputy, consultation=consultation, paragraph=9, text="x")


def test_consulted_deputies_are_notified(clerk, congress, deputies, django_capture_on_commit_callbacks):
    c = workflow.create_consultation(
        actor=clerk,
        congress=congress,
        title="征求意见",
        text="一段",
        deadline=timezone.now() + dt.timedelta(days=3),
        subject="other",
    )
    with django_capture_on_commit_callbacks(execute=True):
        workflow.open_consultation(actor=clerk, consultation=c)
    assert all(u.notifications.filter(title="征求意见：征求意见").exists() for u in deputies)


def test_a_draft_consultation_is_hidden_from_deputies(clerk, congress, deputy):
    c = workflow.create_consultation(
        actor=clerk,
        congress=congress,
        title="未发出",
        text="一段",
        deadline=timezone.now() + dt.timedelta(days=3),
        subject="other",
    )
    assert client_for(deputy).get(f"/materials/consultations/{c.pk}/answer/").status_code == 404


def _post_consultation(clerk, **fields):
    deadline = (timezone.localtime() + dt.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    data = {"title": "法规草案（征求意见稿）", "subject": "regulation", "text": DRAFT, "deadline": deadline}
    return client_for(clerk).post("/materials/consultations/", {**data, **fields})


def test_the_office_may_consult_chosen_deputies_only(clerk, deputies):
    from materials.models import Consultation
    from registry.models import Deputy

    chosen = Deputy.objects.get(user=deputies[1])
    assert _post_consultation(clerk, deputies=[chosen.pk]).status_code == 302
    c = Consultation.objects.get()
    assert not c.all_deputies and list(c.deputies.all()) == [chosen]
    workflow.open_consultation(actor=clerk, consultation=c)
    assert client_for(deputies[1]).get(f"/materials/consultations/{c.pk}/answer/").status_code == 200
    assert client_for(deputies[0]).get(f"/materials/consultations/{c.pk}/answer/").status_code == 404


def test_neither_all_nor_chosen_deputies_is_refused_in_chinese(clerk, deputies):
    from materials.models import Consultation

    response = _post_consultation(clerk)
    assert response.status_code == 400 and "请选择征求意见的代表" in response.content.decode()
    assert not Consultation.objects.exists()


def test_all_deputies_by_default(clerk, deputies):
    from materials.models import Consultation

    assert _post_consultation(clerk, all_deputies="on").status_code == 302
    assert Consultation.objects.get().all_deputies
