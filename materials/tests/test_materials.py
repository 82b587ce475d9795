"""Meeting materials: the office uploads, versions and releases; deputies read, annotate; access ends at close."""

import datetime as dt

import pytest
from django.utils import timezone

from conftest import client_for
from core.models import AuditEntry
from materials import convert, workflow
from materials.models import Annotation, Material, ReadRecord
from materials.tests.helpers import docx_upload, later_meeting, pdf_upload
from meetings.models import AgendaItem, Meeting

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_libreoffice(monkeypatch):
    # Converting .docx with LibreOffice takes seconds; one test below converts for real.
    monkeypatch.setattr(convert, "docx_to_pdf", lambda data: None)


@pytest.fixture
def meeting(congress, deputy):
    return later_meeting(congress)


def upload(clerk, meeting, **fields):
    values = {
        "actor": clerk,
        "meeting": meeting,
        "title": "政府工作报告",
        "upload": pdf_upload(),
        "release_at": timezone.now() - dt.timedelta(minutes=1),
    }
    values.update(fields)
    return workflow.upload(**values)


def test_clerk_uploads_a_pdf_and_a_deputy_reads_it_only_after_release(clerk, deputy, meeting):
    response = client_for(clerk).post(
        f"/materials/meetings/{meeting.pk}/",
        {
            "title": "政府工作报告",
            "stage": "report",
            "audience": "members",
            "confidentiality": "internal",
            "withdraw_on_close": "on",
            "release_at": (timezone.localtime() - dt.timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M"),
            "file": pdf_upload(),
        },
    )
    assert response.status_code == 302, response.content.decode()
    material = Material.objects.get()
    assert material.versions.get().pages == 2
    assert client_for(deputy).get(f"/materials/{material.pk}/read/").status_code == 404
    client_for(clerk).post(f"/materials/{material.pk}/release/")
    page = client_for(deputy).get(f"/materials/{material.pk}/read/")
    assert page.status_code == 200
    assert "张代表" in page.content.decode()  # the watermark names the reader
    assert ReadRecord.objects.filter(user=deputy).count() == 1
    assert (
        client_for(deputy).get(f"/materials/versions/{material.versions.get().pk}/file/").status_code == 200
    )


def test_the_deputy_is_notified_on_release(clerk, deputy, meeting, django_capture_on_commit_callbacks):
    material = upload(clerk, meeting)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.release(actor=clerk, material=material)
    assert deputy.notifications.filter(title="会议材料：政府工作报告").exists()


def test_other_congress_unit_and_citizen_get_404(clerk, outsider, unit_handler, citizen, meeting):
    material = upload(clerk, meeting)
    workflow.release(actor=clerk, material=material)
    for client in (client_for(outsider), client_for(unit_handler)):
        assert client.get(f"/materials/{material.pk}/read/").status_code == 404
    assert citizen.get(f"/materials/{material.pk}/read/").status_code in (302, 404)


def test_a_file_that_is_not_pdf_or_docx_is_refused_in_chinese(clerk, meeting):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(workflow.TransitionRefused, match="只能上传 PDF 或 Word"):
        upload(clerk, meeting, upload=SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf"))
    assert not Material.objects.exists()


def test_a_release_time_after_the_meeting_starts_is_refused(clerk, meeting):
    with pytest.raises(workflow.TransitionRefused, match="发布时间不能晚于会议开始时间"):
        upload(clerk, meeting, release_at=meeting.starts_at + dt.timedelta(hours=1))


def test_a_late_special_report_for_a_committee_meeting_warns_the_office(clerk, congress):
    meeting = later_meeting(congress, Meeting.Kind.COMMITTEE_MEETING, days=3)
    item = AgendaItem.objects.create(
        meeting=meeting, order=1, title="关于义务教育工作情况的报告", kind="report"
    )
    material = upload(clerk, meeting, agenda_item=item)
    page = client_for(clerk).get(f"/materials/{material.pk}/")
    assert "监督法第十四条" in page.content.decode()


def test_versions_show_what_changed(clerk, deputy, meeting):
    material = upload(clerk, meeting, upload=docx_upload("一、总体要求", "二、主要任务"), title="决议草案")
    workflow.add_version(
        actor=clerk,
        material=material,
        upload=docx_upload("一、总体要求", "二、重点任务"),
        stage="revised",
        note="吸收代表意见",
    )
    workflow.release(actor=clerk, material=material)
    page = client_for(deputy).get(f"/materials/{material.pk}/read/").content.decode()
    assert "第2版" in page and "现行版本" in page
    assert "二、重点任务" in page and "二、主要任务" in page  # added and removed lines


def test_annotations_are_private_and_refused_once_withdrawn(clerk, deputy, co_signer, meeting):
    material = upload(clerk, meeting)
    workflow.release(actor=clerk, material=material)
    version = material.versions.get()
    client_for(deputy).post(
        f"/materials/versions/{version.pk}/annotate/", {"page": 2, "note": "第二页数据需核实"}
    )
    assert Annotation.objects.filter(user=deputy, page=2).count() == 1
    assert (
        "第二页数据需核实"
        not in client_for(co_signer).get(f"/materials/{material.pk}/read/").content.decode()
    )
    workflow.withdraw(actor=clerk, material=material, reason="已印发新版")
    with pytest.raises(workflow.TransitionRefused, match="材料已收回"):
        workflow.annotate(user=deputy, version=version, page=1, note="再批注")
    assert client_for(deputy).get(f"/materials/{material.pk}/read/").status_code == 404
    assert AuditEntry.objects.filter(action="withdraw", note="已印发新版").count() == 1


def test_internal_materials_are_withdrawn_when_the_meeting_closes(clerk, deputy, meeting):
    material = upload(clerk, meeting)
    public = upload(clerk, meeting, title="公开材料", confidentiality=Material.Confidentiality.PUBLIC)
    for m in (material, public):
        workflow.release(actor=clerk, material=m)
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.CLOSED)
    assert client_for(deputy).get(f"/materials/{material.pk}/read/").status_code == 404
    assert client_for(deputy).get(f"/materials/{public.pk}/read/").status_code == 200
    assert client_for(clerk).get(f"/materials/{material.pk}/read/").status_code == 200


def test_docx_is_converted_to_pdf_on_upload(clerk, meeting, monkeypatch):
    import os
    import shutil

    monkeypatch.undo()
    if not shutil.which("soffice") and os.environ.get("RENDA_REQUIRE_LIBREOFFICE") != "1":
        pytest.skip("LibreOffice is not installed")
    material = upload(clerk, meeting, upload=docx_upload("关于2026年国民经济和社会发展计划的决议（草案）"))
    version = material.versions.get()
    assert version.pdf and version.pages == 1
