from __future__ import annotations

from django import forms

from registry import bodies
from registry.models import Congress


def _style(form: forms.Form) -> None:
    for field in form.fields.values():
        field.widget.attrs.setdefault(
            "class", "form-select" if isinstance(field.widget, forms.Select) else "form-control"
        )


class ReferForm(forms.Form):
    target = forms.ModelChoiceField(
        label="转交至",
        queryset=Congress.objects.none(),
        error_messages={"required": "请选择转交的人大。", "invalid_choice": "请选择上级或下级人大。"},
    )
    note = forms.CharField(
        label="转交理由",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="例如 属市级事权，请市人大常委会办公室转有关部门办理",
        error_messages={"required": "请说明转交理由。"},
    )

    def __init__(self, *args, body, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = bodies.referral_targets(body)
        self.fields["target"].label_from_instance = lambda c: f"{c.name}（{c.get_kind_display()}）"
        _style(self)


class ReplyForm(forms.Form):
    reply = forms.CharField(
        label="办理答复",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="将转告转交机构；转交的群众留言以此答复群众",
        error_messages={"required": "请填写办理答复。"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class SendBackForm(forms.Form):
    reason = forms.CharField(
        label="退回理由",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请填写退回理由。"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class AcceptForm(forms.Form):
    pass


class AdoptForm(forms.Form):
    """No fields: the one confirmation (core/_confirm.html) asks first, the view checks it again."""


FORMS = {"accept": AcceptForm, "reply": ReplyForm, "send_back": SendBackForm, "adopt": AdoptForm}
