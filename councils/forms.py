"""Forms of the councils app (Chinese labels and messages; multi-selects are ManyRecordsField)."""

from __future__ import annotations

from django import forms

from accounts.models import Role, User
from core.pickers import ManyRecordsField
from councils import rules
from councils.models import CouncilBallot
from registry import bodies
from registry.models import CouncilMember, Deputy

DATE = forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")
DATE_ERRORS = {"required": "请填写日期。", "invalid": "日期格式应为 2026-03-01。"}


def _style(form: forms.Form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
            continue
        widget.attrs.setdefault(
            "class", "form-select" if isinstance(widget, forms.Select) else "form-control"
        )


class MemberForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=30, error_messages={"required": "请填写姓名。"})
    category = forms.ChoiceField(
        label="类别",
        choices=CouncilMember.Category.choices,
        error_messages={"invalid_choice": "请从列表中选择。"},
    )
    community = forms.CharField(label="所在社区", max_length=60, required=False)
    phone = forms.RegexField(
        label="手机号码",
        regex=r"^1[3-9]\d{9}$",
        required=False,
        error_messages={"invalid": "请输入11位手机号码，例如 13800138000。"},
    )
    username = forms.CharField(
        label="登录账户（用户名）",
        max_length=150,
        required=False,
        help_text="用手机投票的成员填写系统管理员为其开通的用户名；不填则用纸质选票",
    )
    deputy = forms.ModelChoiceField(
        label="代表席位",
        queryset=Deputy.objects.none(),
        required=False,
        help_text="“人大代表”类别的成员选择其代表席位（本区或上级人大）",
        error_messages={"invalid_choice": "请从列表中选择。"},
    )
    starts_on = forms.DateField(label="加入日期", widget=DATE, error_messages=DATE_ERRORS)

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputy"].queryset = bodies.deputies_of_line(council)
        self.fields["deputy"].label_from_instance = lambda d: bodies.deputy_label(d, council)
        _style(self)

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if not username:
            return None
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise forms.ValidationError("没有这个登录账户，请先请系统管理员开通。")
        if user.role_assignments.filter(
            role__in=[Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDITOR]
        ).exists():
            raise forms.ValidationError("系统管理员、安全管理员和安全审计员的账户不能用于票选。")
        return user

    def member_data(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "category": data["category"],
            "community": data["community"],
            "phone": data["phone"] or "",
            "user": data["username"],
            "deputy": data["deputy"],
            "starts_on": data["starts_on"],
        }


class EndMemberForm(forms.Form):
    ends_on = forms.DateField(label="退出日期", widget=DATE, error_messages=DATE_ERRORS)


class BallotForm(forms.Form):
    title = forms.CharField(
        label="名称",
        max_length=120,
        error_messages={"required": "请填写名称。"},
        help_text="例如 2026年第一季度民生事项票选",
    )
    held_on = forms.DateField(label="票选日期", widget=DATE, error_messages=DATE_ERRORS)
    method = forms.ChoiceField(
        label="投票方式",
        choices=CouncilBallot.Method.choices,
        error_messages={"invalid_choice": "请从列表中选择。"},
    )
    matters = forms.CharField(
        label="候选事项",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20000,
        help_text="每行一项：事项名称，可用“：”接说明，例如 青云路口加装红绿灯：学生上下学过街不安全",
        error_messages={"required": "请填写候选事项，每行一项。"},
    )
    tellers = ManyRecordsField(
        label="计票人（纸质选票）",
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="纸质选票须选两名工作人员，分别独立录入每一张选票",
    )

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tellers"].queryset = User.objects.filter(
            role_assignments__congress=council,
            role_assignments__role=Role.STAFF,
            role_assignments__is_active=True,
        ).distinct()
        self.fields["tellers"].label_from_instance = lambda u: u.full_name or u.username
        _style(self)

    def clean_matters(self):
        try:
            return rules.parse_matters(self.cleaned_data["matters"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


class MatterForm(forms.Form):
    """Correcting a candidate matter before its 票选 opens; the reason goes to the audit log."""

    title = forms.CharField(
        label="事项名称", max_length=rules.TITLE_MAX, error_messages={"required": "请填写事项名称。"}
    )
    content = forms.CharField(
        label="说明", widget=forms.Textarea(attrs={"rows": 3}), max_length=rules.CONTENT_MAX, required=False
    )
    reason = forms.CharField(
        label="修改原因",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=500,
        help_text="记入审计日志，例如 事项名称有错别字",
        error_messages={"required": "请填写修改原因。"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class OpenForm(forms.Form):
    present = ManyRecordsField(
        label="出席成员",
        queryset=CouncilMember.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请勾选出席的成员。"},
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = members


class CloseForm(forms.Form):
    ballots_issued = forms.IntegerField(
        label="发出选票数",
        min_value=0,
        max_value=100000,
        required=False,
        error_messages={"invalid": "请填写整数。"},
    )
    ballots_returned = forms.IntegerField(
        label="收回选票数",
        min_value=0,
        max_value=100000,
        required=False,
        error_messages={"invalid": "请填写整数。"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class SheetsForm(forms.Form):
    first = forms.IntegerField(
        label="从第几张开始",
        min_value=1,
        max_value=100000,
        initial=1,
        error_messages={"invalid": "请填写整数。"},
    )
    text = forms.CharField(
        label="选票内容（每行一张）",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=200000,
        error_messages={"required": "请录入选票，每行一张。"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)
