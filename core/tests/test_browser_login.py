"""In a real browser at phone width: signing in works and pages raise no console errors."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_clerk_signs_in_on_a_phone_and_sees_the_home_page(phone_page, clerk):
    phone_page.login("clerk")
    assert "您好，王文书" in phone_page.page.content()
    assert not phone_page.overflows_horizontally()
    assert phone_page.errors == []


def test_wrong_password_message_shows_in_the_browser(phone_page, clerk):
    phone_page.login("clerk", "wrong-password")
    assert "密码不正确" in phone_page.page.content()
    assert phone_page.errors == []
