"""Forms of the office's user-management pages."""

from __future__ import annotations

from django import forms

from accounts.models import Role
from accounts.rules import ADMINISTRATOR_ROLES
from registry.models import Station, Unit

# The system administrator grants business roles; the administrator roles are a superuser's (三员分立).
OFFICE_GRANTABLE = [
    (v, label) for v, label in Role.choices if v != Role.DEPUTY and v not in ADMINISTRATOR_ROLES
]


class RoleForm(forms.Form):
    role = forms.ChoiceField(label="角色", choices=OFFICE_GRANTABLE)
    unit = forms.ModelChoiceField(label="承办单位", queryset=Unit.objects.none(), required=False)
    station = forms.ModelChoiceField(label="联络站", queryset=Station.objects.none(), required=False)

    def __init__(self, *args, congress, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(congress=congress).order_by("name")
        self.fields["station"].queryset = Station.objects.filter(congress=congress).order_by("name")
        self.fields["unit"].help_text = "角色为承办单位经办人时必选"
        self.fields["station"].help_text = "角色为联络站工作人员时必选"
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def clean(self):
        data = super().clean()
        if data.get("role") == Role.UNIT_HANDLER and not data.get("unit"):
            self.add_error("unit", "请选择承办单位。")
        if data.get("role") == Role.STATION_STAFF and not data.get("station"):
            self.add_error("station", "请选择联络站。")
        return data


class NewUserForm(RoleForm):
    username = forms.CharField(label="用户名", max_length=150, help_text="登录用，字母、数字或 @ . + - _")
    full_name = forms.CharField(label="姓名", max_length=30)
    mobile = forms.RegexField(
        label="手机号码",
        regex=r"^1\d{10}$",
        required=False,
        error_messages={"invalid": "请填写 11 位手机号码。"},
    )

    field_order = ["username", "full_name", "mobile", "role", "unit", "station"]

    def clean_username(self):
        value = self.cleaned_data["username"].strip()
        if not all(c.isalnum() or c in "@.+-_" for c in value):
            raise forms.ValidationError("用户名只能包含字母、数字和 @ . + - _。")
        return value


class LockForm(forms.Form):
    reason = forms.CharField(label="停用原因", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
