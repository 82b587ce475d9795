"""Rate limits and the offline captcha that protect public forms."""

import pytest
from django.test import RequestFactory

from core import captcha, ratelimit


def test_rate_limit_allows_up_to_the_limit_then_refuses():
    results = [ratelimit.allow("test", "1.2.3.4", limit=3, window=60) for _ in range(5)]
    assert results == [True, True, True, False, False]


def test_rate_limits_are_counted_per_identity_and_scope():
    for _ in range(3):
        ratelimit.allow("test", "a", limit=3, window=60)
    assert ratelimit.allow("test", "b", limit=3, window=60)
    assert ratelimit.allow("other", "a", limit=3, window=60)


@pytest.fixture
def request_with_session(db):
    from django.contrib.sessions.backends.db import SessionStore

    request = RequestFactory().get("/")
    request.session = SessionStore()
    return request


def test_captcha_accepts_the_right_answer_once(request_with_session):
    question = captcha.new_question(request_with_session)
    assert question.endswith("=?")
    answer = request_with_session.session[captcha.SESSION_KEY]
    assert captcha.check(request_with_session, str(answer))
    assert not captcha.check(request_with_session, str(answer))


def test_captcha_refuses_a_wrong_or_malformed_answer(request_with_session):
    captcha.new_question(request_with_session)
    assert not captcha.check(request_with_session, "abc")
    captcha.new_question(request_with_session)
    wrong = request_with_session.session[captcha.SESSION_KEY] + 1
    assert not captcha.check(request_with_session, wrong)


def test_the_captcha_page_shows_an_image_not_the_question(request_with_session):
    class Form(captcha.CaptchaFormMixin):
        pass

    form = Form(request=request_with_session)
    html = str(form.refresh_question())
    question = request_with_session.session[captcha.QUESTION_KEY]
    answer = str(request_with_session.session[captcha.SESSION_KEY])
    assert "<img" in html and "/captcha.png" in html
    assert question not in html and question[:3] not in html
    assert f">{answer}<" not in html


def test_the_image_draws_the_sum_in_the_session(db):
    from django.test import Client

    client = Client()
    response = client.get("/captcha.png")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG") and response["Cache-Control"] == "no-store"
    assert client.session[captcha.QUESTION_KEY]
    import io

    from PIL import Image

    assert Image.open(io.BytesIO(response.content)).size[1] == 60


def test_two_drawings_of_the_same_sum_differ():
    assert captcha.render_png("3+4=?") != captcha.render_png("3+4=?")


# --- Client addresses: X-Forwarded-For only from TRUSTED_PROXIES.


def address_of(settings, remote, forwarded=None, proxies=()):
    from core import audit

    settings.TRUSTED_PROXIES = list(proxies)
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return audit.client_ip(RequestFactory().get("/", **meta))


def test_through_a_trusted_proxy_the_client_is_the_forwarded_address(settings):
    assert address_of(settings, "127.0.0.1", "203.0.113.5", ["127.0.0.1"]) == "203.0.113.5"
    assert address_of(settings, "10.0.0.2", "203.0.113.5, 10.0.0.9", ["10.0.0.0/8"]) == "203.0.113.5"


def test_a_forged_header_before_the_trusted_proxy_is_ignored(settings):
    # The client wrote 1.1.1.1 itself; nginx appended the address it saw.
    assert address_of(settings, "127.0.0.1", "1.1.1.1, 203.0.113.5", ["127.0.0.1"]) == "203.0.113.5"


def test_from_an_untrusted_address_the_header_is_ignored(settings):
    assert address_of(settings, "198.51.100.4", "203.0.113.5", ["127.0.0.1"]) == "198.51.100.4"
    assert address_of(settings, "127.0.0.1", "203.0.113.5", []) == "127.0.0.1"


def test_a_malformed_header_falls_back_to_the_proxy_address(settings):
    assert address_of(settings, "127.0.0.1", "not-an-ip", ["127.0.0.1"]) == "127.0.0.1"
    assert address_of(settings, "127.0.0.1", "", ["127.0.0.1"]) == "127.0.0.1"


def test_behind_the_proxy_one_visitor_cannot_block_the_public_form_for_everyone(db, settings):
    """Per-address limits count the real visitor, so a neighbour behind the same nginx still gets through."""
    from django.test import Client

    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    settings.LOGIN_IP_LIMIT = 3
    noisy = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5")
    for _ in range(3):
        noisy.post("/accounts/login/", {"username": "x", "password": "y"})
    assert "过于频繁" in noisy.post("/accounts/login/", {"username": "x", "password": "y"}).content.decode()
    neighbour = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.6")
    page = neighbour.post("/accounts/login/", {"username": "x", "password": "y"}).content.decode()
    assert "过于频繁" not in page
    # Without the proxy trusted, the header is worthless: a forger cannot escape the limit.
    settings.TRUSTED_PROXIES = []
    forger = Client(REMOTE_ADDR="198.51.100.9")
    for n in range(3):
        forger.post(
            "/accounts/login/", {"username": "x", "password": "y"}, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}"
        )
    page = forger.post(
        "/accounts/login/", {"username": "x", "password": "y"}, HTTP_X_FORWARDED_FOR="10.0.0.99"
    )
    assert "过于频繁" in page.content.decode()


def test_audit_entries_carry_the_forwarded_address_from_a_trusted_proxy(db, settings, clerk):
    from django.test import Client

    from conftest import PASSWORD
    from core.models import AuditEntry

    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.77").post(
        "/accounts/login/", {"username": "clerk", "password": PASSWORD}
    )
    assert AuditEntry.objects.get(action="login").ip == "203.0.113.77"
