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
    assert question.endswith("等于几？")
    answer = request_with_session.session[captcha.SESSION_KEY]
    assert captcha.check(request_with_session, str(answer))
    assert not captcha.check(request_with_session, str(answer))


def test_captcha_refuses_a_wrong_or_malformed_answer(request_with_session):
    captcha.new_question(request_with_session)
    assert not captcha.check(request_with_session, "abc")
    captcha.new_question(request_with_session)
    wrong = request_with_session.session[captcha.SESSION_KEY] + 1
    assert not captcha.check(request_with_session, wrong)
