from django import forms
from django.contrib.auth.forms import AuthenticationForm

from accounts.backends import AccountLocked


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label="用户名或手机号",
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label="密码", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    error_messages = {
        "invalid_login": "用户名（手机号）或密码不正确。连续输错多次账户将被暂时锁定。",
        "inactive": "该账户已停用，请联系人大常委会办公室。",
        "locked": "该账户因连续多次密码错误已被锁定，请 %(minutes)s 分钟后再试。",
    }

    def clean(self):
        try:
            return super().clean()
        except AccountLocked as locked:
            raise forms.ValidationError(
                self.error_messages["locked"], code="locked", params={"minutes": locked.minutes}
            ) from None
