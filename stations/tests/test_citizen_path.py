"""A citizen posts a message, tracks it, sees the reply and rates it — all through the views."""

import pytest

from conftest import client_for
from core.models import AuditEntry
from stations.models import Message
from stations.tests.helpers import code_from, post_message

pytestmark = pytest.mark.django_db


def test_post_track_reply_rate(citizen, station, station_staff):
    response = post_message(citizen, station)
    assert response.status_code == 302
    code = code_from(response)
    message = Message.objects.get(tracking_code=code)
    assert message.status == Message.Status.RECEIVED and message.phone == "13800138000"
    assert (
        AuditEntry.objects.filter(action="submit", object_id=str(message.pk), actor_label="访客").count() == 1
    )

    page = citizen.get(response["Location"])
    text = page.content.decode()
    assert "留言已提交" in text and message.display_code in text and "已收到" in text
    assert "13800138000" not in text  # the phone number is never shown on public pages

    # Later, from another phone: the tracking form with the code as typed (lower case, spaces).
    other = type(citizen)()
    found = other.post(
        f"/p/{station.congress.code}/stations/track/",
        {"code": message.display_code.lower().replace("-", " "), "last4": "8000"},
    )
    assert found.status_code == 302 and found["Location"].endswith(f"/track/{code}/")

    staff = client_for(station_staff)
    answered = staff.post(
        f"/stations/messages/{message.pk}/answer-on-spot/",
        {"answer_on_spot-reply": "已联系交警部门，下月起增设信号灯。", "confirmed": "yes"},
    )
    assert answered.status_code == 302

    page = other.get(found["Location"]).content.decode()
    assert "已办结" in page and "已联系交警部门，下月起增设信号灯。" in page and "当场答复" in page

    rated = other.post(
        f"/p/{station.congress.code}/stations/track/{code}/rate/", {"rating": "5", "comment": "很及时"}
    )
    assert rated.status_code == 302
    message.refresh_from_db()
    assert message.rating == 5 and message.rating_comment == "很及时"
    assert "5 星" in other.get(found["Location"]).content.decode()
    assert AuditEntry.objects.filter(action="rate", object_id=str(message.pk)).count() == 1

    again = other.post(f"/p/{station.congress.code}/stations/track/{code}/rate/", {"rating": "1"})
    assert again.status_code == 302
    message.refresh_from_db()
    assert message.rating == 5  # rated once only


def test_a_message_to_a_deputy_lands_in_their_inbox(citizen, station, deputy):
    from registry.models import Deputy

    record = Deputy.objects.get(user=deputy)
    record.station = station
    record.save()
    url = f"/p/{station.congress.code}/stations/deputies/{record.pk}/"
    response = post_message(citizen, station, url=url)
    assert response.status_code == 302
    message = Message.objects.get(tracking_code=code_from(response))
    assert message.deputy == record and message.station == station
    inbox = client_for(deputy).get("/stations/?box=mine").content.decode()
    assert f"/stations/messages/{message.pk}/" in inbox


def test_wrong_last_four_digits_find_nothing(citizen, station):
    code = code_from(post_message(citizen, station))
    response = citizen.post(f"/p/{station.congress.code}/stations/track/", {"code": code, "last4": "1234"})
    assert response.status_code == 400 and "没有找到这条留言" in response.content.decode()


def test_an_unknown_code_is_404(citizen, station):
    assert citizen.get(f"/p/{station.congress.code}/stations/track/ABCDEFGHJKMN/").status_code == 404


def test_a_code_of_another_congress_is_404(citizen, station, other_congress):
    code = code_from(post_message(citizen, station))
    assert citizen.get(f"/p/other/stations/track/{code}/").status_code == 404


def test_an_identical_repeat_returns_the_same_code(citizen, station):
    first = code_from(post_message(citizen, station))
    second = post_message(citizen, station, content="东湖路口早晚高峰拥堵， 希望增设红绿灯！")
    assert code_from(second) == first
    assert Message.objects.count() == 1 and Message.objects.get().repeat_count == 1
    assert "无需重复提交" in citizen.get(second["Location"]).content.decode()


def test_the_same_text_from_another_phone_is_a_new_message(citizen, station):
    first = code_from(post_message(citizen, station))
    second = code_from(post_message(citizen, station, phone="13900000000"))
    assert first != second and Message.objects.count() == 2


def test_posting_is_rate_limited_per_phone(citizen, station):
    for i in range(5):
        assert post_message(citizen, station, content=f"第{i}条不同的留言内容").status_code == 302
    response = post_message(citizen, station, content="第六条留言")
    assert response.status_code == 400 and "提交过于频繁" in response.content.decode()
    assert Message.objects.count() == 5


def test_posting_is_rate_limited_per_ip(citizen, station):
    for i in range(10):
        assert post_message(citizen, station, content=f"第{i}条", phone=f"1380000{i:04d}").status_code == 302
    response = post_message(citizen, station, content="再来一条", phone="13811112222")
    assert response.status_code == 400 and Message.objects.count() == 10


def test_published_messages_show_only_with_consent_and_never_the_phone(citizen, station, station_staff):
    agreed = code_from(post_message(citizen, station, content="同意公开的留言", publish_consent="on"))
    private = code_from(post_message(citizen, station, content="不同意公开的留言"))
    staff = client_for(station_staff)
    for code in (agreed, private):
        m = Message.objects.get(tracking_code=code)
        staff.post(
            f"/stations/messages/{m.pk}/answer-on-spot/",
            {"answer_on_spot-reply": "已答复。", "confirmed": "yes"},
        )
    page = citizen.get(f"/p/{station.congress.code}/stations/{station.pk}/").content.decode()
    assert "同意公开的留言" in page and "不同意公开的留言" not in page
    assert "13800138000" not in page and "李先生" not in page
