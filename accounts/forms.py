from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm

from accounts.backends import AccountLocked
from core import audit, ratelimit


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
        "invalid_login": "用户名（手机号）或密码不正确。连续输错多次将被暂停登录。",
        "inactive": "该账户已停用，请联系人大常委会办公室。",
        "locked": "连续多次密码错误，本设备已被暂停登录该账户，请 %(minutes)s 分钟后再试。",
        "throttled": "登录尝试过于频繁，请稍后再试。",
    }

    def clean(self):
        # Per address, whatever the name: stops one machine from guessing across many accounts.
        if not ratelimit.allow(
            "login-ip",
            audit.client_ip(self.request),
            limit=settings.LOGIN_IP_LIMIT,
            window=settings.LOGIN_IP_WINDOW,
        ):
            raise forms.ValidationError(self.error_messages["throttled"], code="throttled")
        try:
            return super().clean()
        except AccountLocked as locked:
            raise forms.ValidationError(
                self.error_messages["locked"], code="locked", params={"minutes": locked.minutes}
            ) from None


class OwnPasswordChangeForm(PasswordChangeForm):
    old_password = forms.CharField(
        label="原密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )
    new_password1 = forms.CharField(
        label="新密码", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    new_password2 = forms.CharField(
        label="再次输入新密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": "原密码不正确，请重新输入。",
        "password_mismatch": "两次输入的新密码不一致。",
        "password_unchanged": "新密码不能与原密码相同。",
    }

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("new_password1")
        if password and not self.has_error("new_password2") and self.user.check_password(password):
            self.add_error("new_password2", forms.ValidationError(self.error_messages["password_unchanged"]))
        return cleaned
