"""Password policy (settings PASSWORD_MIN_LENGTH, PASSWORD_MIN_CLASSES; see .env.example)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError

from accounts import rules


class CharacterClassesValidator:
    """At least PASSWORD_MIN_CLASSES of: lower case, upper case, digits, other characters."""

    def __init__(self, min_classes: int | None = None):
        self.min_classes = min_classes

    def required(self) -> int:
        return self.min_classes if self.min_classes is not None else settings.PASSWORD_MIN_CLASSES

    def validate(self, password, user=None):
        if rules.character_classes(password) < self.required():
            raise ValidationError(
                "密码须至少包含小写字母、大写字母、数字、符号中的 %(n)s 类。",
                code="password_too_simple",
                params={"n": self.required()},
            )

    def get_help_text(self):
        return f"密码须至少包含小写字母、大写字母、数字、符号中的 {self.required()} 类。"


class MinimumLengthValidator:
    """At least PASSWORD_MIN_LENGTH characters (Django's own message has no Chinese translation)."""

    def __init__(self, min_length: int | None = None):
        self.min_length = min_length

    def required(self) -> int:
        return self.min_length if self.min_length is not None else settings.PASSWORD_MIN_LENGTH

    def validate(self, password, user=None):
        if len(password) < self.required():
            raise ValidationError(
                "密码太短，至少需要 %(n)s 个字符。", code="password_too_short", params={"n": self.required()}
            )

    def get_help_text(self):
        return f"密码至少需要 {self.required()} 个字符。"
