"""A simple offline captcha: an arithmetic question in Chinese numerals, answered once.

No image service or external call; enough to stop naive scripts posting public forms.
The answer lives in the session and is consumed by the first check, right or wrong.
"""

from __future__ import annotations

import secrets

from django import forms

from core.cn import chinese_number

SESSION_KEY = "captcha_answer"


def new_question(request) -> str:
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    if secrets.randbelow(2) and a > b:
        question, answer = f"{chinese_number(a)}减{chinese_number(b)}等于几？", a - b
    else:
        question, answer = f"{chinese_number(a)}加{chinese_number(b)}等于几？", a + b
    request.session[SESSION_KEY] = answer
    return question


def check(request, given) -> bool:
    expected = request.session.pop(SESSION_KEY, None)
    try:
        return expected is not None and int(str(given).strip()) == expected
    except (TypeError, ValueError):
        return False


class CaptchaFormMixin(forms.Form):
    """Add to a public form; construct with request=…; the question is in form.captcha_question."""

    captcha = forms.CharField(
        label="验证问题",
        max_length=4,
        error_messages={"required": "请回答验证问题。"},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.captcha_question = ""

    def clean_captcha(self):
        value = self.cleaned_data["captcha"]
        if not check(self.request, value):
            raise forms.ValidationError("验证问题回答错误，请重新作答。")
        return value

    def refresh_question(self) -> str:
        """Call when rendering the form (a new question every time)."""
        self.captcha_question = new_question(self.request)
        return self.captcha_question
