"""签到: by the member's device, at the desk (search by name or 代表证号), or by scanning their QR code."""

import pytest
from django.core import signing

from conftest import client_for
from core.models import AuditEntry
from meetings import qr
from meetings.models import Attendance
from meetings.tests.helpers import attendance_of, open_meeting_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(clerk, deputy, co_signer, congress):
    return open_meeting_with(clerk, congress, 5)


def test_deputy_signs_in_on_their_own_device(deputy, meeting):
    response = client_for(deputy).post(f"/meetings/{meeting.pk}/device/sign-in/")
    assert response.status_code == 302
    row = attendance_of(meeting, deputy)
    assert row.status == Attendance.Status.PRESENT and row.method == Attendance.Method.DEVICE
    entry = AuditEntry.objects.get(action="sign_in")
    assert entry.actor_id == deputy.pk


def test_clerk_finds_a_deputy_by_name_and_signs_them_in_at_the_desk(clerk, deputy, meeting):
    client = client_for(clerk)
    page = client.get(f"/meetings/{meeting.pk}/attendance/", {"q": "张代表"}).content.decode()
    assert "张代表" in page and "赵代表" not in page
    row = attendance_of(meeting, deputy)
    page = client.get(f"/meetings/{meeting.pk}/attendance/", {"q": row.deputy.number}).content.decode()
    assert "张代表" in page
    response = client.post(f"/meetings/{meeting.pk}/attendance/{row.pk}/sign-in/")
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status == Attendance.Status.PRESENT and row.method == Attendance.Method.DESK
    assert AuditEntry.objects.get(action="sign_in").actor_id == clerk.pk


def test_the_search_answers_htmx_with_the_rows_only(clerk, meeting):
    response = client_for(clerk).get(
        f"/meetings/{meeting.pk}/attendance/", {"q": "张"}, HTTP_HX_REQUEST="true"
    )
    content = response.content.decode()
    assert "张代表" in content and "<html" not in content


def test_clerk_scans_a_deputys_qr_code(clerk, deputy, meeting):
    token = qr.token_for(deputy.deputy)
    response = client_for(clerk).post(f"/meetings/{meeting.pk}/sign-in/qr/", {"token": token + "\n"})
    assert response.status_code == 302
    row = attendance_of(meeting, deputy)
    assert row.status == Attendance.Status.PRESENT and row.method == Attendance.Method.QR


def test_a_tampered_qr_code_is_refused_with_a_message(clerk, deputy, meeting):
    forged = signing.dumps(deputy.deputy.pk, salt="something else")
    for token in (forged, "garbage", ""):
        response = client_for(clerk).post(
            f"/meetings/{meeting.pk}/sign-in/qr/", {"token": token}, follow=True
        )
        assert response.status_code == 200
        assert "二维码无效" in response.content.decode()
    assert attendance_of(meeting, deputy).status == Attendance.Status.ABSENT


def test_signing_in_twice_is_refused(clerk, deputy, meeting):
    client = client_for(deputy)
    client.post(f"/meetings/{meeting.pk}/device/sign-in/")
    response = client.post(f"/meetings/{meeting.pk}/device/sign-in/", follow=True)
    assert "已签到" in response.content.decode()
    assert AuditEntry.objects.filter(action="sign_in").count() == 1


def test_clerk_marks_a_deputy_on_leave_with_a_reason(clerk, deputy, meeting):
    row = attendance_of(meeting, deputy)
    response = client_for(clerk).post(
        f"/meetings/{meeting.pk}/attendance/{row.pk}/leave/", {"reason": "因病"}
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status == Attendance.Status.ON_LEAVE and row.leave_reason == "因病"
    assert AuditEntry.objects.get(action="mark_on_leave").actor_id == clerk.pk


def test_leave_without_a_reason_is_refused(clerk, deputy, meeting):
    row = attendance_of(meeting, deputy)
    response = client_for(clerk).post(
        f"/meetings/{meeting.pk}/attendance/{row.pk}/leave/", {"reason": " "}, follow=True
    )
    assert "请假事由" in response.content.decode()
    row.refresh_from_db()
    assert row.status == Attendance.Status.ABSENT


def test_clerk_marks_a_deputy_attending_without_a_vote(clerk, deputy, meeting):
    row = attendance_of(meeting, deputy)
    client_for(clerk).post(f"/meetings/{meeting.pk}/attendance/{row.pk}/nonvoting/")
    row.refresh_from_db()
    assert row.status == Attendance.Status.ATTENDING_NONVOTING
    assert AuditEntry.objects.filter(action="mark_attending_nonvoting").count() == 1


def test_a_deputy_cannot_sign_in_others_at_the_desk(deputy, co_signer, meeting):
    row = attendance_of(meeting, co_signer)
    assert client_for(deputy).post(f"/meetings/{meeting.pk}/attendance/{row.pk}/sign-in/").status_code == 403


def test_sign_in_by_get_is_not_allowed(clerk, deputy, meeting):
    row = attendance_of(meeting, deputy)
    assert client_for(clerk).get(f"/meetings/{meeting.pk}/attendance/{row.pk}/sign-in/").status_code == 405


def test_the_deputy_sees_their_qr_code_as_a_png(deputy):
    response = client_for(deputy).get("/meetings/my-qr.png")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG\r\n\x1a\n")
    assert "签到二维码" in client_for(deputy).get("/meetings/my-qr/").content.decode()
