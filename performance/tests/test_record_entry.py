"""Staff record what only the office knows (speeches, training, 述职 …); each write leaves one audit row."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import client_for
from core.models import AuditEntry
from performance.models import PerformanceEntry
from performance.tests.helpers import deputy_record

pytestmark = pytest.mark.django_db


def url(deputy):
    return f"/performance/deputies/{deputy_record(deputy).pk}/entries/new/"


def test_clerk_records_a_duty_report(clerk, deputy):
    response = client_for(clerk).post(
        url(deputy),
        {"kind": "duty_report", "date": "2026-06-18", "title": "向原选区选民述职", "note": "到会40人"},
    )
    assert response.status_code == 302
    entry = PerformanceEntry.objects.get()
    assert (entry.kind, entry.title, entry.recorded_by) == ("duty_report", "向原选区选民述职", clerk)
    audit = AuditEntry.objects.get(action="record_entry")
    assert audit.actor_id == clerk.pk and audit.object_id == str(entry.pk)


def test_clerk_attaches_evidence_that_only_the_record_readers_download(
    clerk, deputy, co_signer, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("培训证书.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    client_for(clerk).post(
        url(deputy), {"kind": "training", "date": "2026-03-26", "title": "培训", "evidence": upload}
    )
    entry = PerformanceEntry.objects.get()
    assert client_for(deputy).get(f"/performance/entries/{entry.pk}/evidence/").status_code == 200
    assert client_for(co_signer).get(f"/performance/entries/{entry.pk}/evidence/").status_code == 404


@pytest.mark.parametrize(
    "data, message",
    [
        ({"kind": "speech", "date": "2026-13-01", "title": "发言"}, "日期格式不正确"),
        ({"kind": "nonsense", "date": "2026-05-01", "title": "发言"}, "请选择列表中的类型"),
        ({"kind": "speech", "date": "2026-05-01", "title": "   "}, "请填写事项"),
        ({"kind": "speech", "date": "1999-05-01", "title": "发言"}, "日期应在代表任期内"),
        ({"kind": "speech", "date": "2099-05-01", "title": "发言"}, "日期应在代表任期内"),
        ({}, "请选择类型"),
    ],
)
def test_malformed_entries_are_refused_in_chinese(clerk, deputy, data, message):
    response = client_for(clerk).post(url(deputy), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PerformanceEntry.objects.exists()


def test_evidence_of_the_wrong_type_is_refused(clerk, deputy):
    upload = SimpleUploadedFile("run.exe", b"MZ", content_type="application/octet-stream")
    response = client_for(clerk).post(
        url(deputy), {"kind": "training", "date": "2026-03-26", "title": "培训", "evidence": upload}
    )
    assert response.status_code == 400
    assert "佐证材料只能是" in response.content.decode()


def test_clerk_deletes_an_entry(clerk, deputy):
    client_for(clerk).post(url(deputy), {"kind": "speech", "date": "2026-05-01", "title": "发言"})
    entry = PerformanceEntry.objects.get()
    response = client_for(clerk).post(f"/performance/entries/{entry.pk}/delete/")
    assert response.status_code == 302
    assert not PerformanceEntry.objects.exists()
    assert AuditEntry.objects.filter(action="delete_entry").count() == 1


def test_delete_needs_post(clerk, deputy):
    client_for(clerk).post(url(deputy), {"kind": "speech", "date": "2026-05-01", "title": "发言"})
    entry = PerformanceEntry.objects.get()
    assert client_for(clerk).get(f"/performance/entries/{entry.pk}/delete/").status_code == 405


def test_deputy_cannot_delete_own_entry(clerk, deputy):
    client_for(clerk).post(url(deputy), {"kind": "speech", "date": "2026-05-01", "title": "发言"})
    entry = PerformanceEntry.objects.get()
    assert client_for(deputy).post(f"/performance/entries/{entry.pk}/delete/").status_code == 403
    assert PerformanceEntry.objects.exists()
