"""A deputy turns a private annotation on a meeting material into a remark in their discussion group:
a speech on the material's agenda item, linked to the version, page and passage it is about."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import client_for
from core.audit import AuditEntry
from deliberation import workflow
from deliberation.models import Speech
from deliberation.tests.helpers import deputy_record, first_group, meeting_with_agenda
from materials import workflow as materials_workflow
from materials.tests.helpers import pdf_upload
from performance import queries as performance

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(congress, deputy, co_signer):
    return meeting_with_agenda(congress)


@pytest.fixture
def group(meeting, clerk, deputy, co_signer):
    return first_group(meeting, clerk, deputy, deputy_record(co_signer))


def _annotation(meeting, clerk, user, *, item=True):
    material = materials_workflow.upload(
        actor=clerk,
        meeting=meeting,
        title="政府工作报告",
        upload=pdf_upload(pages=3),
        agenda_item=meeting.agenda_items.get(order=1) if item else None,
        release_at=timezone.now() - dt.timedelta(days=1),
    )
    materials_workflow.release(actor=clerk, material=material)
    return materials_workflow.annotate(
        user=user,
        version=material.versions.get(),
        page=2,
        quote="民生实事项目全部完成",
        note="建议说明未完成项目的原因",
    )


def _remark(user, annotation, summary="建议说明未完成项目的原因。"):
    return client_for(user).post(reverse("deliberation:remark", args=[annotation.pk]), {"summary": summary})


def test_a_member_turns_an_annotation_into_a_remark_linked_to_the_text(meeting, group, clerk, co_signer):
    annotation = _annotation(meeting, clerk, co_signer)
    page = client_for(co_signer).get(reverse("deliberation:remark", args=[annotation.pk]))
    assert "建议说明未完成项目的原因" in page.content.decode() and "第2页" in page.content.decode()
    response = _remark(co_signer, annotation)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("materials:read", args=[annotation.version.material_id]))
    speech = Speech.objects.get()
    assert (speech.group, speech.deputy, speech.agenda_item) == (
        group,
        deputy_record(co_signer),
        meeting.agenda_items.get(order=1),
    )
    assert (speech.material_version, speech.page, speech.quote) == (
        annotation.version,
        2,
        "民生实事项目全部完成",
    )
    assert speech.recorded_by == co_signer and speech.annotation == annotation
    assert AuditEntry.objects.filter(action="remark", actor_id=co_signer.pk).count() == 1


def test_the_remark_shows_where_it_comes_from_and_counts_as_a_speech(
    meeting, group, clerk, deputy, co_signer
):
    _remark(co_signer, _annotation(meeting, clerk, co_signer))
    convenor_page = (
        client_for(deputy).get(reverse("deliberation:group_detail", args=[group.pk])).content.decode()
    )
    assert "依据：《政府工作报告》第1版" in convenor_page and "第2页" in convenor_page
    item = meeting.agenda_items.get(order=1)
    draft = client_for(clerk).get(reverse("deliberation:opinion", args=[item.pk])).content.decode()
    assert "赵代表代表：建议说明未完成项目的原因。" in draft
    assert performance.counts_for_deputy(deputy_record(co_signer), meeting.starts_at.year)["speech"] == 1


def test_the_read_page_offers_the_remark_once(meeting, group, clerk, co_signer):
    annotation = _annotation(meeting, clerk, co_signer)
    url = reverse("materials:read", args=[annotation.version.material_id])
    assert (
        reverse("deliberation:remark", args=[annotation.pk])
        in client_for(co_signer).get(url).content.decode()
    )
    _remark(co_signer, annotation)
    page = client_for(co_signer).get(url).content.decode()
    assert "已作为审议发言" in page and reverse("deliberation:remark", args=[annotation.pk]) not in page
    response = _remark(co_signer, annotation)
    assert "这条批注已转为审议发言" in response.content.decode() and Speech.objects.count() == 1


def test_a_deputy_in_no_group_is_told_so(meeting, clerk, co_signer):
    response = _remark(co_signer, _annotation(meeting, clerk, co_signer))
    assert response.status_code == 400 and "您不在本次会议的审议小组中" in response.content.decode()
    assert not Speech.objects.exists()


def test_a_material_without_an_agenda_item_cannot_become_a_remark(meeting, group, clerk, co_signer):
    response = _remark(co_signer, _annotation(meeting, clerk, co_signer, item=False))
    assert "该材料没有对应的议题" in response.content.decode() and not Speech.objects.exists()


def test_a_summarised_group_takes_no_more_remarks(meeting, group, clerk, co_signer):
    annotation = _annotation(meeting, clerk, co_signer)
    workflow.summarise(group, actor=clerk)
    assert "已汇总定稿" in _remark(co_signer, annotation).content.decode()
    assert not Speech.objects.exists()


def test_an_empty_remark_is_refused(meeting, group, clerk, co_signer):
    response = _remark(co_signer, _annotation(meeting, clerk, co_signer), summary="   ")
    assert response.status_code == 400 and "请填写发言内容" in response.content.decode()


def test_someone_elses_annotation_gets_404(meeting, group, clerk, deputy, co_signer, outsider):
    annotation = _annotation(meeting, clerk, co_signer)
    for user in (deputy, clerk, outsider):
        assert client_for(user).get(reverse("deliberation:remark", args=[annotation.pk])).status_code == 404
        assert _remark(user, annotation).status_code == 404
    assert not Speech.objects.exists()
