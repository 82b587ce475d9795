"""An offline image captcha: a small sum drawn as a distorted picture, answered once.

No image service or external call. The question is never in the page: the page shows
<img src="/captcha.png">, which draws the sum kept in the session (Pillow, its bundled font),
with every glyph moved, turned and crossed by noise; a script reading the HTML learns nothing.
The answer lives in the session and is consumed by the first check, right or wrong.
"""

from __future__ import annotations

import io
import secrets

from django import forms
from django.urls import reverse
from django.utils.html import format_html

SESSION_KEY = "captcha_answer"
QUESTION_KEY = "captcha_question"


def new_question(request) -> str:
    """Draw a new sum into the session; return the text the image shows (never put it in a page)."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    if secrets.randbelow(2) and a > b:
        question, answer = f"{a}-{b}=?", a - b
    else:
        question, answer = f"{a}+{b}=?", a + b
    request.session[SESSION_KEY] = answer
    request.session[QUESTION_KEY] = question
    return question


def check(request, given) -> bool:
    expected = request.session.pop(SESSION_KEY, None)
    request.session.pop(QUESTION_KEY, None)
    try:
        return expected is not None and int(str(given).strip()) == expected
    except (TypeError, ValueError):
        return False


def _rand(low: int, high: int) -> int:
    return low + secrets.randbelow(high - low + 1)


def render_png(text: str) -> bytes:
    """The question as a PNG: each glyph on its own layer, shifted and rotated, over noise."""
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    width, height = 40 + 30 * len(text), 60
    image = Image.new("RGB", (width, height), (246, 244, 238))
    draw = ImageDraw.Draw(image)
    for _ in range(6):
        colour = (_rand(120, 200), _rand(120, 200), _rand(120, 200))
        draw.line([(_rand(0, width), _rand(0, height)), (_rand(0, width), _rand(0, height))], colour, 2)
    x = 14
    for char in text:
        font = ImageFont.load_default(size=_rand(30, 38))
        glyph = Image.new("RGBA", (48, 56), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text(
            (8, 4), char, font=font, fill=(_rand(20, 90), _rand(20, 70), _rand(40, 110))
        )
        glyph = glyph.rotate(_rand(-28, 28), resample=Image.Resampling.BICUBIC, expand=False)
        image.paste(glyph, (x + _rand(-3, 3), _rand(-4, 6)), glyph)
        x += _rand(24, 30)
    for _ in range(width * height // 30):
        draw.point((_rand(0, width - 1), _rand(0, height - 1)), (_rand(60, 200),) * 3)
    draw.arc([(_rand(-20, 20), _rand(0, 30)), (width - _rand(0, 20), height + 20)], 180, 360, (90, 90, 90), 2)
    image = image.filter(ImageFilter.SMOOTH)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


class CaptchaFormMixin(forms.Form):
    """Add to a public form; construct with request=…; the image tag is in form.captcha_question."""

    captcha = forms.CharField(
        label="验证码",
        max_length=4,
        error_messages={"required": "请输入图中算式的结果。"},
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

    def refresh_question(self):
        """Call when rendering the form (a new sum every time); returns the <img> that shows it."""
        new_question(self.request)
        self.captcha_question = format_html(
            '<img class="captcha-image" src="{}?n={}" width="{}" height="60" alt="验证码图片：请计算图中算式">'
            '<span class="d-block small text-muted">请输入图中算式的结果（看不清请刷新页面）</span>',
            reverse("core:captcha_image"),
            secrets.token_hex(4),
            40 + 30 * 5,
        )
        return self.captcha_question
