"""Forms with Chinese messages; every public field is checked before anything is stored."""

from __future__ import annotations

from django import forms

from core.captcha import CaptchaFormMixin
from core.pickers import ManyRecordsField
from registry.models import Community, Deputy, Subdistrict, Unit
from stations import rules
from stations.models import Activity, Message, ReceptionIssue, Topic

NO_MARKUP = "不能包含网页代码（如 <script>），请只填写文字。"


class Styled:
    """Bootstrap classes on every widget, so templates render fields with one include.

    `marked_required` names fields checked in clean_<field> (for a clearer message) that are
    required all the same: the template marks them with an asterisk.
    """

    marked_required: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.marked_required:
            self.fields[name].show_required = True
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, (forms.CheckboxInput, forms.CheckboxSelectMultiple, forms.RadioSelect)):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)


def _text(value: str, label: str, *, required: bool, max_length: int) -> str:
    value = (value or "").strip()
    if required and not value:
        raise forms.ValidationError(f"请填写{label}。")
    if len(value) > max_length:
        raise forms.ValidationError(
            f"{label}不能超过 {max_length} 字（现有 {len(value)} 字），请精简后再提交。"
        )
    if rules.contains_markup(value):
        raise forms.ValidationError(f"{label}{NO_MARKUP}")
    return value


class MessageForm(Styled, CaptchaFormMixin):
    """The public message form (网上联络站). Construct with congress=…, request=…."""

    topic = forms.ChoiceField(
        label="留言主题",
        choices=[("", "请选择")] + Topic.choices,
        error_messages={"required": "请选择留言主题。", "invalid_choice": "请选择留言主题。"},
    )
    # No max_length here: clean_content measures it and says how long the text is.
    content = forms.CharField(
        label="留言内容",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": rules.MAX_CONTENT}),
        help_text=f"请写明事由和诉求，不超过 {rules.MAX_CONTENT} 字。",
    )
    subdistrict = forms.ModelChoiceField(
        label="所在街道（乡镇）",
        queryset=Subdistrict.objects.none(),
        empty_label="请选择",
        error_messages={"required": "请选择所在街道。", "invalid_choice": "请选择所在街道。"},
    )
    community = forms.ModelChoiceField(
        label="所在社区（村）",
        queryset=Community.objects.none(),
        required=False,
        empty_label="（可不选）",
        error_messages={"invalid_choice": "请选择所在社区。"},
    )
    name = forms.CharField(label="姓名（可不填）", required=False)
    phone = forms.CharField(
        label="手机号码",
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "tel"}),
        help_text="仅供工作人员联系您，不会公开。",
    )
    photo = forms.FileField(
        label="照片（可不传）",
        required=False,
        help_text="JPG 或 PNG，不超过 5 MB。",
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
        error_messages={"invalid": "照片上传失败，请重新选择。", "empty": "照片文件是空的，请重新选择。"},
    )
    publish_consent = forms.BooleanField(
        label="同意在联络站页面公开我的留言内容和答复（不公开姓名和电话）", required=False
    )

    sms_opt_in = forms.BooleanField(
        label="短信通知我办理进展",
        required=False,
        help_text="勾选后，查询码和每次办理状态的变化将以短信发送到上面的手机号码。",
    )

    marked_required = ("content", "phone")
    field_order = [
        "topic",
        "content",
        "subdistrict",
        "community",
        "name",
        "phone",
        "sms_opt_in",
        "photo",
        "publish_consent",
        "captcha",
    ]

    def __init__(self, *args, congress=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subdistrict"].queryset = Subdistrict.objects.filter(congress=congress)
        self.fields["community"].queryset = Community.objects.filter(congress=congress).select_related(
            "subdistrict"
        )
        self.fields["community"].label_from_instance = lambda c: f"{c.subdistrict.name} · {c.name}"

    def clean_content(self):
        return _text(
            self.cleaned_data.get("content"), "留言内容", required=True, max_length=rules.MAX_CONTENT
        )

    def clean_name(self):
        return _text(self.cleaned_data.get("name"), "姓名", required=False, max_length=30)

    def clean_phone(self):
        phone = rules.normalise_mobile(self.cleaned_data.get("phone"))
        if problem := rules.phone_problem(phone):
            raise forms.ValidationError(problem)
        return phone

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if not upload:
            return None
        head = upload.read(16)
        problem = rules.photo_problem(upload.size, head)
        if problem:
            raise forms.ValidationError(problem)
        upload.seek(0)
        return {"head": head, "data": upload.read()}

    def clean(self):
        data = super().clean()
        community, subdistrict = data.get("community"), data.get("subdistrict")
        if community and subdistrict and community.subdistrict_id != subdistrict.pk:
            self.add_error("community", "所选社区不属于所选街道，请重新选择。")
        return data


class TrackForm(Styled, forms.Form):
    code = forms.CharField(
        label="查询码",
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
        error_messages={"required": "请输入查询码。", "max_length": "查询码格式不正确。"},
    )
    last4 = forms.CharField(
        label="手机号后四位（可不填）",
        required=False,
        max_length=4,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"max_length": "请输入手机号码的后四位数字。"},
    )

    def clean_code(self):
        code = rules.normalise_tracking_code(self.cleaned_data["code"])
        if not code:
            raise forms.ValidationError("查询码格式不正确，应为12位字母和数字，例如 ABCD-EFGH-JKMN。")
        return code

    def clean_last4(self):
        value = (self.cleaned_data.get("last4") or "").strip()
        if value and not (len(value) == 4 and value.isdigit()):
            raise forms.ValidationError("请输入手机号码的后四位数字。")
        return value


class RateForm(Styled, forms.Form):
    rating = forms.TypedChoiceField(
        label="星级",
        coerce=int,
        choices=[(i, f"{i} 星") for i in range(5, 0, -1)],
        widget=forms.RadioSelect,
        error_messages={"required": "请选择星级。", "invalid_choice": "请选择 1 至 5 星。"},
    )
    comment = forms.CharField(
        label="意见（可不填）", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_comment(self):
        return _text(self.cleaned_data.get("comment"), "意见", required=False, max_length=500)


# --------------------------------------------------------------------------- handling


class AssignForm(Styled, forms.Form):
    handler = forms.TypedChoiceField(
        label="经办人",
        coerce=int,
        error_messages={"required": "请选择经办人。", "invalid_choice": "请选择经办人。"},
    )

    def __init__(self, *args, handlers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].choices = [("", "请选择")] + [(u.pk, str(u)) for u in handlers]


class ReplyForm(Styled, forms.Form):
    marked_required = ("reply",)
    reply = forms.CharField(label="答复", required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def clean_reply(self):
        return _text(self.cleaned_data.get("reply"), "答复", required=True, max_length=5000)


class ForwardForm(Styled, forms.Form):
    note = forms.CharField(
        label="转办说明（可不填）", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_note(self):
        return _text(self.cleaned_data.get("note"), "转办说明", required=False, max_length=500)


class DeclineForm(ReplyForm):
    reason = forms.ChoiceField(
        label="不予受理理由",
        choices=[("", "请选择")] + Message.DeclineReason.choices,
        error_messages={"required": "请选择不予受理的理由。", "invalid_choice": "请选择不予受理的理由。"},
    )
    field_order = ["reason", "reply"]


class ReferForm(Styled, forms.Form):
    unit = forms.ModelChoiceField(
        label="承办单位",
        queryset=Unit.objects.none(),
        empty_label="请选择",
        error_messages={"required": "请选择承办单位。", "invalid_choice": "请选择承办单位。"},
    )

    def __init__(self, *args, congress=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(congress=congress, is_active=True)


class SendBackForm(Styled, forms.Form):
    marked_required = ("reason",)
    reason = forms.CharField(label="退回理由", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_reason(self):
        return _text(self.cleaned_data.get("reason"), "退回理由", required=True, max_length=500)


class ConvertForm(Styled, forms.Form):
    marked_required = ("title",)
    lead_deputy = forms.TypedChoiceField(
        label="领衔代表",
        coerce=int,
        error_messages={"required": "请选择领衔代表。", "invalid_choice": "请选择领衔代表。"},
    )
    title = forms.CharField(label="建议标题", required=False)

    def __init__(self, *args, deputies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.deputies = {d.pk: d for d in deputies}
        self.fields["lead_deputy"].choices = [("", "请选择")] + [(d.pk, d.name) for d in deputies]

    def clean_title(self):
        return _text(self.cleaned_data.get("title"), "建议标题", required=True, max_length=100)

    def clean_lead_deputy(self):
        return self.deputies[self.cleaned_data["lead_deputy"]]


# --------------------------------------------------------------------------- receptions, activities


class DeputiesField(ManyRecordsField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.number}）"


class ReceptionForm(Styled, forms.Form):
    date = forms.DateField(
        label="日期",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "请填写日期。", "invalid": "日期格式不正确。"},
    )
    starts_at = forms.TimeField(
        label="开始时间",
        widget=forms.TimeInput(attrs={"type": "time"}),
        error_messages={"required": "请填写开始时间。", "invalid": "时间格式不正确。"},
    )
    ends_at = forms.TimeField(
        label="结束时间",
        widget=forms.TimeInput(attrs={"type": "time"}),
        error_messages={"required": "请填写结束时间。", "invalid": "时间格式不正确。"},
    )
    place = forms.CharField(label="地点（默认联络站地址）", required=False)
    deputies = DeputiesField(
        label="接待代表",
        queryset=Deputy.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "请选择本站的代表。"},
    )

    def __init__(self, *args, station=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputies"].queryset = (
            Deputy.objects.filter(congress_id=station.congress_id, status=Deputy.Status.SERVING)
            .filter(station=station)
            .order_by("number")
        )

    def clean_place(self):
        return _text(self.cleaned_data.get("place"), "地点", required=False, max_length=200)


class RecordForm(Styled, forms.Form):
    visitors = forms.IntegerField(
        label="接待群众（人次）",
        min_value=0,
        max_value=100000,
        error_messages={
            "required": "请填写接待群众人次。",
            "invalid": "请填写整数。",
            "min_value": "人次不能为负数。",
            "max_value": "人次过大。",
        },
    )
    summary = forms.CharField(label="接待情况", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean_summary(self):
        return _text(self.cleaned_data.get("summary"), "接待情况", required=False, max_length=5000)


class IssueForm(Styled, forms.Form):
    topic = forms.ChoiceField(label="主题", choices=[("", "请选择")] + Topic.choices, required=False)
    content = forms.CharField(label="问题", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    visitor_name = forms.CharField(label="群众姓名", required=False)
    result = forms.ChoiceField(
        label="处理情况", choices=ReceptionIssue.Result.choices, initial=ReceptionIssue.Result.RECORDED
    )
    answer = forms.CharField(label="答复", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_content(self):
        return _text(self.cleaned_data.get("content"), "问题", required=False, max_length=2000)

    def clean_visitor_name(self):
        return _text(self.cleaned_data.get("visitor_name"), "群众姓名", required=False, max_length=30)

    def clean_answer(self):
        return _text(self.cleaned_data.get("answer"), "答复", required=False, max_length=2000)

    def clean(self):
        data = super().clean()
        if data.get("content") and not data.get("topic"):
            self.add_error("topic", "请选择主题。")
        if (
            data.get("result") == ReceptionIssue.Result.ANSWERED_ON_SPOT
            and data.get("content")
            and not data.get("answer")
        ):
            self.add_error("answer", "当场答复的问题请填写答复。")
        return data


IssueFormSet = forms.formset_factory(IssueForm, extra=3, max_num=50)


class ActivityForm(Styled, forms.Form):
    marked_required = ("title",)
    kind = forms.ChoiceField(
        label="类型",
        choices=Activity.Kind.choices,
        error_messages={"required": "请选择类型。", "invalid_choice": "请选择类型。"},
    )
    title = forms.CharField(label="主题", required=False)
    date = forms.DateField(
        label="日期",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "请填写日期。", "invalid": "日期格式不正确。"},
    )
    deputies = DeputiesField(
        label="参加代表",
        queryset=Deputy.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "请选择本人大的代表。"},
    )
    other_participants = forms.CharField(label="其他参加人员", required=False)
    results = forms.CharField(label="活动成果", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    opinions_raised = forms.IntegerField(
        label="收集意见建议（条）",
        required=False,
        min_value=0,
        max_value=100000,
        error_messages={
            "invalid": "意见建议条数应为整数。",
            "min_value": "意见建议条数不能为负数。",
            "max_value": "意见建议条数过大，请核对。",
        },
    )
    opinions = forms.CharField(
        label="意见建议摘要（每行一条，可不填）",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "意见建议摘要不能超过20000字。"},
    )

    def __init__(self, *args, station=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputies"].queryset = Deputy.objects.filter(
            congress_id=station.congress_id, status=Deputy.Status.SERVING, station=station
        ).order_by("number")

    def clean_title(self):
        return _text(self.cleaned_data.get("title"), "主题", required=True, max_length=120)

    def clean_other_participants(self):
        return _text(
            self.cleaned_data.get("other_participants"), "其他参加人员", required=False, max_length=300
        )

    def clean_results(self):
        return _text(self.cleaned_data.get("results"), "活动成果", required=False, max_length=5000)
