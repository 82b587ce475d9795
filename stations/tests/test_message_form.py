"""Bad input gets a clear Chinese message and stores nothing; markup always renders as text."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import client_for
from stations.models import Message
from stations.tests.helpers import post_message

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 100


def _refused(response, text):
    page = response.content.decode()
    assert response.status_code == 400
    assert text in page, page[:3000]
    assert Message.objects.count() == 0


def test_empty_content(citizen, station):
    _refused(post_message(citizen, station, content="   "), "请填写留言内容。")


def test_a_50000_character_message(citizen, station):
    _refused(
        post_message(citizen, station, content="长" * 50_000), "留言内容不能超过 2000 字（现有 50000 字）"
    )


def test_script_tags_are_refused_and_echoed_as_text(citizen, station):
    response = post_message(citizen, station, content="<script>alert(1)</script>路灯坏了")
    _refused(response, "留言内容不能包含网页代码")
    page = response.content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_script_in_the_name_is_refused(citizen, station):
    _refused(post_message(citizen, station, name="<img src=x onerror=alert(1)>"), "姓名不能包含网页代码")


@pytest.mark.parametrize("phone", ["1380013800", "23800138000", "138-0013-800a", "电话号码"])
def test_a_malformed_phone(citizen, station, phone):
    _refused(post_message(citizen, station, phone=phone), "手机号码格式不正确")


def test_a_missing_phone(citizen, station):
    _refused(post_message(citizen, station, phone=""), "请填写手机号码")


def test_an_oversized_photo(citizen, station):
    big = SimpleUploadedFile("big.jpg", JPEG + b"\x00" * (5 * 1024 * 1024 + 1), content_type="image/jpeg")
    _refused(post_message(citizen, station, photo=big), "照片不能超过 5 MB")


def test_a_photo_that_is_not_an_image(citizen, station):
    fake = SimpleUploadedFile("photo.jpg", b"<html>not an image</html>", content_type="image/jpeg")
    _refused(post_message(citizen, station, photo=fake), "照片只能是 JPG 或 PNG 格式的图片")


def test_a_wrong_captcha(citizen, station):
    _refused(post_message(citizen, station, captcha="99"), "验证问题回答错误")


def test_a_topic_that_does_not_exist(citizen, station):
    _refused(post_message(citizen, station, topic="nonsense"), "请选择留言主题。")


def test_a_community_of_another_subdistrict(citizen, station, congress):
    from registry.models import Community, Subdistrict

    elsewhere = Subdistrict.objects.create(congress=congress, name="西山街道")
    community = Community.objects.create(congress=congress, subdistrict=elsewhere, name="西山社区")
    _refused(post_message(citizen, station, community=community.pk), "所选社区不属于所选街道")


def test_a_png_photo_is_stored_and_served_only_to_the_station(
    citizen, station, station_staff, other_station_staff, clerk
):
    photo = SimpleUploadedFile("x.png", PNG, content_type="image/png")
    response = post_message(citizen, station, photo=photo)
    assert response.status_code == 302
    message = Message.objects.get()
    assert message.photo.name.endswith(".png") and "x.png" not in message.photo.name
    url = f"/stations/messages/{message.pk}/photo/"
    served = client_for(station_staff).get(url)
    assert served.status_code == 200 and b"".join(served.streaming_content) == PNG
    assert client_for(other_station_staff).get(url).status_code == 404
    assert citizen.get(url).status_code == 302  # to the login page
    assert client_for(clerk).get(url).status_code == 200


def test_a_reply_with_markup_renders_as_text_for_the_citizen(citizen, station, message, station_staff):
    from stations import workflow

    workflow.hand_to_subdistrict(message, actor=station_staff, reply="已处理 <b>好的</b>")
    page = citizen.get(f"/p/{station.congress.code}/stations/track/{message.tracking_code}/").content.decode()
    assert "已处理 &lt;b&gt;好的&lt;/b&gt;" in page


def test_garbage_never_500s(citizen, station):
    url = f"/p/{station.congress.code}/stations/{station.pk}/"
    for data in ({}, {"subdistrict": "abc", "community": "x", "topic": ["a", "b"]}, {"content": "\x00" * 10}):
        assert citizen.post(url, data).status_code == 400
    assert (
        citizen.post(f"/p/{station.congress.code}/stations/track/", {"code": "<script>"}).status_code == 400
    )
    assert citizen.get(f"/p/{station.congress.code}/stations/track/%3Cscript%3E/").status_code == 404
    assert Message.objects.count() == 0
